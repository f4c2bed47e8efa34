"""SoftHebb's 3-layer CIFAR-10 recipe (HebbKit preset softhebb-cifar10-3layer) in plain PyTorch, written from the
paper's equations (Journe et al. 2023, ICLR) for timing HebbKit against PyTorch on the same machine.

Per block: batch norm (no affine) -> reflect padding -> convolution -> soft winner-take-all with anti-Hebbian losers
(learning only) -> triangle activation -> pooling.
  blocks        1             2             3
  channels      96            384           1536
  kernel/pad    5/2           3/1           3/1
  t_invert      1.0           0.65          0.25
  triangle      0.7           1.4           1.0
  pooling       max 4/2/1     max 4/2/1     avg 2/2/0
  rate          0.08          0.005         0.01
Learning (block being trained; batch norm on batch statistics, running statistics updated, momentum 0.1):
  u = conv(x, W); s = softmax(t_invert * u) over channels; y = s at the winning channel, -s elsewhere
  dW = sum_{n,positions} y x_patch - (sum y u) W;  dW /= max|dW|;  W_i += lr * (| ||W_i|| - 1 | + 1e-10)^0.5 dW_i
Training: one epoch per block, block after block (lower blocks infer with running statistics), batch 10, a new
shuffled order per block. Then features of all images (float16), and a linear probe: dropout 0.5, Adam 1e-3,
batch 64, 50 epochs, rate halved at 20/35/50/60/70/80/90 % of the epochs (20-49 epochs: at 50/75 %; fewer: none),
test accuracy after every epoch. Weights start Normal(0, 25/sqrt(fan_in)).

Usage: python3 softhebb_torch.py DATA_DIR [--device cpu|cuda] [--limit N] [--limit-test M] [--probe-epochs E]
                                 [--threads T] [--seed S] [--formulation conv|gemm]
DATA_DIR holds cifar-10/cifar-10-batches-bin/*.bin. Prints each stage's seconds and images/s, the test accuracy,
the wall time and, on cuda, the peak GPU memory PyTorch allocated."""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

#          in, out, kernel, pad, t_invert, power, rate, pooling (kind, kernel, stride, padding)
BLOCKS = [(3, 96, 5, 2, 1.0, 0.7, 0.08, ("max", 4, 2, 1)),
          (96, 384, 3, 1, 0.65, 1.4, 0.005, ("max", 4, 2, 1)),
          (384, 1536, 3, 1, 0.25, 1.0, 0.01, ("avg", 2, 2, 0))]
MILESTONES = (0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9)
RADIUS = 25.0
FLOAT16_MAX = 65504.0


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("data", metavar="DATA_DIR", help="folder holding cifar-10/cifar-10-batches-bin")
    p.add_argument("--device", choices=("cpu", "cuda"), default=None,
                   help="default: cuda when available, else cpu")
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (and test images, "
                   "unless --limit-test)")
    p.add_argument("--limit-test", type=int, default=None, help="use only the first M test images")
    p.add_argument("--probe-epochs", type=int, default=50)
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (default: PyTorch's)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch", type=int, default=10, help="Hebbian batch size")
    p.add_argument("--feature-batch", type=int, default=1000)
    p.add_argument("--formulation", choices=("conv", "gemm"), default="conv",
                   help="weight change as SoftHebb computes it (conv) or as im2col matrix products (gemm)")
    return p.parse_args()


def load(root, names, limit):
    folder = os.path.join(root, "cifar-10", "cifar-10-batches-bin")
    parts = []
    for name in names:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            sys.exit(f"softhebb_torch.py: no {path}: DATA_DIR must hold cifar-10/cifar-10-batches-bin "
                     f"(gpu.sh data-join PARTS_DIR DATA_DIR)")
        raw = np.fromfile(path, np.uint8)
        if raw.size % 3073:
            sys.exit(f"softhebb_torch.py: {path} is {raw.size} bytes, not a whole number of 3073-byte records")
        parts.append(raw.reshape(-1, 3073))
        if limit and sum(len(q) for q in parts) >= limit:
            break
    raw = np.concatenate(parts)
    if limit:
        raw = raw[:limit]
    return torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).copy()), torch.from_numpy(raw[:, 0].astype(np.int64))


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


class Net:
    def __init__(self, device, generator, formulation):
        self.formulation = formulation
        self.weights, self.means, self.vars = [], [], []
        for c, o, k, *_ in BLOCKS:
            w = torch.randn(o, c, k, k, generator=generator) * (RADIUS / (c * k * k) ** 0.5)
            self.weights.append(w.to(device))
            self.means.append(torch.zeros(c, device=device))
            self.vars.append(torch.ones(c, device=device))

    def block(self, x, b, learn):
        c, o, k, pad, t_inv, power, rate, (kind, pk, ps, pp) = BLOCKS[b]
        x = F.batch_norm(x, self.means[b], self.vars[b], training=learn, momentum=0.1, eps=1e-5)
        xp = F.pad(x, (pad,) * 4, mode="reflect")
        if not learn:
            u = F.conv2d(xp, self.weights[b])
        elif self.formulation == "conv":
            u = self.learn_conv(xp, b, t_inv, rate)
        else:
            u = self.learn_gemm(xp, b, t_inv, rate, x.shape)
        y = F.relu(u - u.mean(1, keepdim=True)) ** power
        return F.max_pool2d(y, pk, ps, pp) if kind == "max" else F.avg_pool2d(y, pk, ps, pp)

    def learn_conv(self, xp, b, t_inv, rate):
        w = self.weights[b]
        o = w.shape[0]
        u = F.conv2d(xp, w)
        winners = (u == u.amax(1, keepdim=True)).to(u.dtype)
        y = torch.softmax(t_inv * u, 1) * (2 * winners - 1)
        # sum over images and positions of y * input patch: the input correlated with y, images as channels
        yx = F.conv2d(xp.transpose(0, 1), y.transpose(0, 1)).transpose(0, 1)
        dw = yx - (y * u).sum((0, 2, 3)).view(o, 1, 1, 1) * w
        self.apply(w.view(o, -1), dw.reshape(o, -1), rate)
        return u

    def learn_gemm(self, xp, b, t_inv, rate, shape):
        w = self.weights[b]
        o, c, k, _ = w.shape
        n, _, h, width = shape
        wf = w.view(o, -1)
        cols = F.unfold(xp, k).transpose(0, 1).reshape(c * k * k, -1)  # [C k k, N H W]
        u = wf @ cols  # [O, N H W]
        y = torch.softmax(t_inv * u, 0) * (2 * (u == u.amax(0, keepdim=True)).to(u.dtype) - 1)
        dw = y @ cols.t() - (y * u).sum(1, keepdim=True) * wf
        self.apply(wf, dw, rate)
        return u.view(o, n, h, width).transpose(0, 1)

    @staticmethod
    def apply(wf, dw, rate):
        dw = dw / (dw.abs().max() + 1e-30)
        wf.add_(rate * ((wf.norm(dim=1, keepdim=True) - 1).abs() + 1e-10) ** 0.5 * dw)

    def forward(self, x, upto, learn_last=False):
        for b in range(upto + 1):
            x = self.block(x, b, learn_last and b == upto)
        return x


def images_of(store, idx, device):
    return store[idx].to(device, non_blocking=True).float().div_(255)


def probe_rate(epoch, epochs, rate):
    milestones = MILESTONES if epochs >= 50 else (0.5, 0.75) if epochs >= 20 else ()
    for f in milestones:
        if int(f * epochs) <= epoch:
            rate /= 2
    return rate


def main():
    args = parse()
    wall = time.perf_counter()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit(f"softhebb_torch.py: --device cuda, but this PyTorch ({torch.__version__}, CUDA "
                 f"{torch.version.cuda}) sees no CUDA device; use --device cpu or check the driver (nvidia-smi)")
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)

    start = time.perf_counter()
    train_x, train_y = load(args.data, [f"data_batch_{i}.bin" for i in range(1, 6)], args.limit)
    limit_test = args.limit if args.limit_test is None else args.limit_test
    test_x, test_y = load(args.data, ["test_batch.bin"], limit_test)
    train_x, test_x = train_x.to(device), test_x.to(device)
    train_y, test_y = train_y.to(device), test_y.to(device)
    where = (f"cuda ({torch.cuda.get_device_name(device)}), TF32 conv {torch.backends.cudnn.allow_tf32}, "
             f"TF32 matmul {torch.backends.cuda.matmul.allow_tf32}") if device.type == "cuda" \
        else f"cpu, {torch.get_num_threads()} threads"
    print(f"pytorch {torch.__version__} on {where}; {len(train_x):,} training and {len(test_x):,} test images "
          f"(loaded in {time.perf_counter() - start:.2f} s); weight change: {args.formulation}; seed {args.seed}",
          flush=True)

    net = Net(device, gen, args.formulation)
    stages = []  # (name, seconds, images)
    n = len(train_x)
    with torch.no_grad():
        for b in range(len(BLOCKS)):
            order = torch.randperm(n, generator=gen).to(device)
            sync(device)
            start = time.perf_counter()
            for i in range(0, n, args.batch):
                net.forward(images_of(train_x, order[i:i + args.batch], device), b, learn_last=True)
            sync(device)
            stages.append((f"hebbian block {b + 1}/{len(BLOCKS)}", time.perf_counter() - start, n))
            norms = net.weights[b].flatten(1).norm(dim=1)
            if not torch.isfinite(norms).all():
                sys.exit(f"softhebb_torch.py: block {b + 1}'s weights are no longer finite")
            print(f"{stages[-1][0]}: {stages[-1][1]:.2f} s, weight norms mean {norms.mean().item():.3f}, "
                  f"max {norms.max().item():.3f}", flush=True)

        features, largest = {}, 0.0
        for name, store in (("train", train_x), ("test", test_x)):
            sync(device)
            start = time.perf_counter()
            chunks = []
            for i in range(0, len(store), args.feature_batch):
                idx = torch.arange(i, min(i + args.feature_batch, len(store)), device=device)
                f = net.forward(images_of(store, idx, device), len(BLOCKS) - 1).flatten(1)
                top = f.abs().max().item()
                largest = max(largest, top)
                # as HebbKit: float16, unless a value does not fit (then float32: cat widens every chunk)
                chunks.append(f if top > FLOAT16_MAX else f.half())
            features[name] = torch.cat(chunks)
            del chunks
            sync(device)
            stages.append((f"features {name}", time.perf_counter() - start, len(store)))
        print(f"features: {features['train'].shape[1]:,} per image ({features['train'].dtype}), largest |x| "
              f"{largest:.1f}", flush=True)

    # the linear probe
    ftr, fte = features["train"], features["test"]
    readout = torch.nn.Linear(ftr.shape[1], 10).to(device)
    optimiser = torch.optim.Adam(readout.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    epochs, batch = args.probe_epochs, 64
    sync(device)
    start = time.perf_counter()
    accuracy = float("nan")
    for epoch in range(epochs):
        rate = probe_rate(epoch, epochs, 1e-3)
        for group in optimiser.param_groups:
            group["lr"] = rate
        order = torch.randperm(n, generator=gen).to(device)
        loss_sum, correct = torch.zeros((), device=device), torch.zeros((), device=device, dtype=torch.long)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            logits = readout(F.dropout(ftr[idx].float(), 0.5, training=True))
            loss = F.cross_entropy(logits, train_y[idx])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            loss_sum += loss.detach() * len(idx)
            correct += (logits.argmax(1) == train_y[idx]).sum()
        with torch.no_grad():
            hits = sum((readout(fte[i:i + 1000].float()).argmax(1) == test_y[i:i + 1000]).sum()
                       for i in range(0, len(fte), 1000))
        accuracy = hits.item() / len(fte)
        if epoch % 10 == 9 or epoch == epochs - 1 or epoch == 0:
            print(f"probe epoch {epoch + 1}/{epochs}: rate {rate:g}, train loss {loss_sum.item() / n:.4f}, "
                  f"train accuracy {100 * correct.item() / n:.2f}%, test accuracy {100 * accuracy:.2f}%", flush=True)
    sync(device)
    stages.append(("probe", time.perf_counter() - start, epochs * n))

    total = sum(s for _, s, _ in stages)
    print(f"{'stage':<22}{'seconds':>10}{'images/s':>12}{'share':>8}")
    for name, seconds, images in stages:
        print(f"{name:<22}{seconds:>10.2f}{images / seconds if seconds else float('nan'):>12.1f}"
              f"{100 * seconds / total:>7.1f}%")
    print(f"test accuracy: {100 * accuracy:.2f}%")
    print(f"wall time {time.perf_counter() - wall:.1f} s (stages {total:.1f} s; after Python and torch imports)")
    if device.type == "cuda":
        print(f"peak GPU memory: {torch.cuda.max_memory_allocated(device) / 2 ** 20:.0f} MiB allocated, "
              f"{torch.cuda.max_memory_reserved(device) / 2 ** 20:.0f} MiB reserved by PyTorch")


if __name__ == "__main__":
    main()
