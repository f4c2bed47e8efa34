"""SoftHebb's own public code (its demo.py, from a snapshot the user fetched; nothing of it is in HebbKit), timed the
way 'hebbkit bench step' times HebbKit: one block of the 3-layer CIFAR-10 network learning, the blocks below it in
inference mode, batch 10, real CIFAR-10 images, the demo's own optimiser (TensorLRSGD) and norm-dependent rate
(WeightNormDependentLR) stepped after every batch.
Usage: /usr/bin/python3 bench/softhebb_demo_step.py SOFTHEBB_DIR DATA_DIR BLOCK [BATCHES] [THREADS] [WARMUP]
BLOCK counts from 1. Prints one line: images/s over the timed batches."""
import os, sys, time
import numpy as np
import torch

softhebb, root, block = sys.argv[1], sys.argv[2], int(sys.argv[3])
batches = int(sys.argv[4]) if len(sys.argv) > 4 else 200
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
warmup = int(sys.argv[6]) if len(sys.argv) > 6 else 20
if not 1 <= block <= 3:
    sys.exit(f"BLOCK must be 1, 2 or 3, got {block}")
if not os.path.isfile(os.path.join(softhebb, "demo.py")):
    sys.exit(f"{softhebb} holds no demo.py: pass the directory of a SoftHebb snapshot "
             "(https://github.com/NeuromorphicComputing/SoftHebb)")
sys.path.insert(0, softhebb)
import demo  # noqa: E402  (SoftHebb's module: DeepSoftHebb, TensorLRSGD, WeightNormDependentLR)

torch.set_num_threads(threads)
torch.manual_seed(0)
raw = np.fromfile(f"{root}/cifar-10/cifar-10-batches-bin/data_batch_1.bin", np.uint8).reshape(10000, 3073)
images = torch.tensor(raw[:, 1:].reshape(-1, 3, 32, 32), dtype=torch.float32) / 255

model = demo.DeepSoftHebb()
model.eval()
blocks = [(model.bn1, model.conv1, model.activ1, model.pool1), (model.bn2, model.conv2, model.activ2, model.pool2),
          (model.bn3, model.conv3, model.activ3, model.pool3)]
rates = [-0.08, -0.005, -0.01]  # the demo's learning rates (negative: its SGD descends)
learner = blocks[block - 1]
learner[0].train()
learner[1].train()
optimizer = demo.TensorLRSGD([{"params": learner[1].parameters(), "lr": rates[block - 1]}], lr=0)
scheduler = demo.WeightNormDependentLR(optimizer, power_lr=0.5)
order = torch.randperm(images.shape[0])
elapsed = 0.0
with torch.no_grad():
    for b in range(warmup + batches):
        start = time.perf_counter()
        at = (b * 10) % (images.shape[0] - 10)
        x = images[order[at:at + 10]]
        for bn, conv, activ, pool in blocks[:block - 1]:
            x = pool(activ(conv(bn(x))))
        bn, conv, activ, pool = learner
        pool(activ(conv(bn(x))))
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if b >= warmup:
            elapsed += time.perf_counter() - start
print(f"SoftHebb demo.py (PyTorch {torch.__version__}, {threads} threads): block {block} learning, batch 10: "
      f"{batches * 10 / elapsed:.1f} images/s ({batches} batches)")
