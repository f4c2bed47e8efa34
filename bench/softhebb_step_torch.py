"""PyTorch reference of HebbKit's benchmark 'hebbkit bench step': the SoftHebb unsupervised step of the
3-layer CIFAR-10 preset with the last block learning (blocks 1-2 in inference mode, batch 10), written
from the paper's equations in two ways:
  conv   - as SoftHebb's own code: F.conv2d forward, weight change by the transposed-convolution trick;
  gemm   - as HebbKit: one im2col (F.unfold), forward and weight change as matrix products.
Random weights and real CIFAR-10 images; images/s over the timed batches.
Usage: /usr/bin/python3 bench/softhebb_step_torch.py DATA_DIR [BATCHES] [THREADS]"""
import sys, time
import numpy as np
import torch
import torch.nn.functional as F

root = sys.argv[1]
batches = int(sys.argv[2]) if len(sys.argv) > 2 else 200
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
torch.manual_seed(0)
raw = np.fromfile(f"{root}/cifar-10/cifar-10-batches-bin/data_batch_1.bin", np.uint8).reshape(10000, 3073)
images = torch.tensor(raw[:, 1:].reshape(-1, 3, 32, 32), dtype=torch.float32) / 255

specs = [(3, 96, 5, 2, 1.0, 0.7, ("max", 4, 2, 1)), (96, 384, 3, 1, 0.65, 1.4, ("max", 4, 2, 1)),
         (384, 1536, 3, 1, 0.25, 1.0, ("avg", 2, 2, 0))]
weights = [torch.randn(o, c, k, k) * 25 / (c * k * k) ** 0.5 for c, o, k, _, _, _, _ in specs]
running = [(torch.zeros(c), torch.ones(c)) for c, *_ in specs]


def triangle(u, p):
    return F.relu(u - u.mean(1, keepdim=True)) ** p


def pool(x, spec):
    kind, k, s, p = spec
    return F.max_pool2d(x, k, s, p) if kind == "max" else F.avg_pool2d(x, k, s, p)


def infer(x, b):
    c, o, k, pad, _, power, pool_spec = specs[b]
    x = F.batch_norm(x, running[b][0], running[b][1], training=False)
    u = F.conv2d(F.pad(x, (pad,) * 4, mode="reflect"), weights[b])
    return pool(triangle(u, power), pool_spec)


def learn_conv(x, b, lr=0.01):
    c, o, k, pad, t_inv, power, pool_spec = specs[b]
    w = weights[b]
    x = F.batch_norm(x, running[b][0], running[b][1], training=True)
    xp = F.pad(x, (pad,) * 4, mode="reflect")
    u = F.conv2d(xp, w)
    y = torch.softmax(t_inv * u, 1)
    winners = F.one_hot(u.argmax(1), o).permute(0, 3, 1, 2).to(u.dtype)
    y = y * (2 * winners - 1)
    yx = F.conv2d(xp.transpose(0, 1), y.transpose(0, 1)).transpose(0, 1)
    yu = (y * u).sum((0, 2, 3))
    dw = yx - yu.view(-1, 1, 1, 1) * w
    dw /= dw.abs().max() + 1e-30
    rate = lr * ((w.view(o, -1).norm(dim=1) - 1).abs() + 1e-10) ** 0.5
    w += rate.view(-1, 1, 1, 1) * dw
    return pool(triangle(u, power), pool_spec)


def learn_gemm(x, b, lr=0.01):
    c, o, k, pad, t_inv, power, pool_spec = specs[b]
    w = weights[b].view(o, -1)
    x = F.batch_norm(x, running[b][0], running[b][1], training=True)
    xp = F.pad(x, (pad,) * 4, mode="reflect")
    n, _, h, width = x.shape
    cols = F.unfold(xp, k).transpose(0, 1).reshape(c * k * k, -1)  # [I, N]
    u = w @ cols  # [O, N]
    y = torch.softmax(t_inv * u, 0)
    y = y * (2 * (u == u.max(0, keepdim=True).values).to(u.dtype) - 1)
    dw = y @ cols.t() - (y * u).sum(1, keepdim=True) * w
    dw /= dw.abs().max() + 1e-30
    w += lr * ((w.norm(dim=1, keepdim=True) - 1).abs() + 1e-10) ** 0.5 * dw
    out = u.view(o, n, h, width).transpose(0, 1)
    return pool(triangle(out, power), pool_spec)


with torch.no_grad():
    for name, learn in (("conv", learn_conv), ("gemm", learn_gemm)):
        elapsed = 0.0
        for step in range(20 + batches):
            x = images[(step * 10) % 9990:(step * 10) % 9990 + 10]
            start = time.perf_counter()
            learn(infer(infer(x, 0), 1), 2)
            if step >= 20:
                elapsed += time.perf_counter() - start
        print(f"pytorch {torch.__version__} {name}: unsupervised step, block 3 learning, batch 10: "
              f"{batches * 10 / elapsed:.1f} images/s ({batches} batches, {torch.get_num_threads()} threads)")
