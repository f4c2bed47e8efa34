"""PyTorch reference of 'hebbkit bench probe': SoftHebb's linear probe (dropout 0.5, one linear layer 24,576 -> 10,
cross-entropy, Adam at 1e-3, batch 64, a new shuffled order every epoch) as PyTorch code runs it eagerly, on a
float16 feature cache of random values (as the HebbKit benchmark), rows gathered and widened to float32 per batch.
Usage: /usr/bin/python3 bench/probe_torch.py [IMAGES] [EPOCHS] [THREADS]. Prints images/s and seconds per epoch."""
import sys, time
import torch

images = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
features = torch.randn(images, 24576).half()
labels = torch.randint(0, 10, (images,))
model = torch.nn.Sequential(torch.nn.Dropout(0.5), torch.nn.Linear(24576, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
model.train()
start = time.perf_counter()
for epoch in range(epochs):
    order = torch.randperm(images)
    for at in range(0, images, 64):
        rows = order[at:at + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(features[rows].float()), labels[rows])
        loss.backward()
        optimizer.step()
seconds = time.perf_counter() - start
print(f"PyTorch {torch.__version__} eager probe ({threads} threads): {images:,} x 24,576 float16 features, batch 64: "
      f"{images * epochs / seconds:.0f} images/s, {seconds / epochs:.2f} s per epoch")
