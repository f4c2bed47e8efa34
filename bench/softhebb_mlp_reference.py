"""Independent PyTorch reference of the SoftHebb MNIST MLP recipe (784 -> 2000 soft WTA, 1 epoch, batch 32),
written from the paper's equations, to cross-check HebbKit. Reads the IDX files directly.
Usage: /usr/bin/python3 bench/softhebb_mlp_reference.py DATA_DIR [EPOCHS]"""
import gzip, sys, time
import numpy as np
import torch

torch.set_num_threads(2)
torch.manual_seed(0)

def idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)

root = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
xtr = torch.tensor(idx(f"{root}/mnist/train-images-idx3-ubyte.gz", 16).reshape(-1, 784), dtype=torch.float32) / 255
ytr = torch.tensor(idx(f"{root}/mnist/train-labels-idx1-ubyte.gz", 8).astype(np.int64))
xte = torch.tensor(idx(f"{root}/mnist/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784), dtype=torch.float32) / 255
yte = torch.tensor(idx(f"{root}/mnist/t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))

n, radius, t_inv, lr0, power = 784, 35.0, 12.0, 0.045, 0.2
w = torch.rand(2000, n) * (3 * radius ** 2 / n) ** 0.5
start = time.time()
for epoch in range(epochs):
    for i in range(0, 60000, 32):
        x = xtr[i:i + 32]
        u = x @ w.t()
        y = torch.softmax(t_inv * u, dim=1)
        dw = y.t() @ x - (y * u).sum(0).unsqueeze(1) * w
        dw /= dw.abs().max() + 1e-30
        lr = lr0 * ((w.norm(dim=1) - 1).abs() + 1e-10) ** power
        w += lr.unsqueeze(1) * dw
print(f"hebbian: {time.time() - start:.1f} s, mean radius {w.norm(dim=1).mean():.3f}")

def features(x):
    return torch.softmax(5 * (x @ w.t()), dim=1)

ftr, fte = features(xtr), features(xte)
probe = torch.nn.Linear(2000, 10)
opt = torch.optim.Adam(probe.parameters(), lr=1e-3)
for epoch in range(10):
    order = torch.randperm(60000)
    for i in range(0, 60000, 32):
        idx_ = order[i:i + 32]
        loss = torch.nn.functional.cross_entropy(probe(ftr[idx_]), ytr[idx_])
        opt.zero_grad(); loss.backward(); opt.step()
with torch.no_grad():
    print(f"test accuracy: {(probe(fte).argmax(1) == yte).float().mean() * 100:.2f}%")
