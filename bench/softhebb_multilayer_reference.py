"""SoftHebb's own public code (multi_layer.py's pipeline, from a snapshot the user fetched; nothing of it is in HebbKit)
run on CIFAR-10 for one of its model presets, to compare HebbKit's rebuilt presets with what SoftHebb's code gives.

What runs is SoftHebb's: its presets (utils.load_presets), its dimension check and weight initialisation
(train.check_dimension), its successive training order and learning-rate configuration (train.training_config), its
Hebbian training of each block in turn (train.run_unsup: one epoch at batch 10), its classifier block (flatten,
dropout 0.5, linear), Adam at 1e-3 with its CustomStepLR over 50 epochs at batch 64, and its evaluate_sup. Two things
are replaced, and say so when run:
- the data loaders: SoftHebb's FastCIFAR10 reads torchvision's pickled CIFAR-10 and downloads it when missing; here
  the same 60,000 images are read from the binary files in DATA_DIR, scaled to [0, 1] exactly as FastCIFAR10 does
  (no normalisation), in the same order, and drawn with the same seeded SubsetRandomSampler;
- the classifier's 50 epochs read the frozen blocks' outputs computed once, instead of running the three Hebbian
  blocks again for every batch of every epoch (about 4 hours on 2 cores). The blocks are in evaluation mode during
  SoftHebb's supervised stage (MultiLayer.train(blocks=[classifier]) puts every other block in eval), so their
  outputs do not change between epochs: the classifier sees the same inputs.

Usage: /usr/bin/python3 bench/softhebb_multilayer_reference.py SOFTHEBB_DIR DATA_DIR [PRESET] [SEED] [THREADS] [untrained]
PRESET: a CIFAR model preset of SoftHebb's presets.json (default 4HardCnnCIFAR, the 3-layer Hard-WTA network).
untrained: skip the Hebbian stages (the depth figure's random baseline; SoftHebb's code has no preset for it): the
blocks keep their initial weights, and their batch norms, never in training mode, their initial statistics.
Needs Debian's python3-torch and python3-torchvision (SoftHebb's modules import torchvision)."""
import os
import sys
import time

import numpy as np
import torch

if len(sys.argv) < 3:
    sys.exit(__doc__)
softhebb, data = sys.argv[1], sys.argv[2]
preset = sys.argv[3] if len(sys.argv) > 3 else "4HardCnnCIFAR"
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
untrained = len(sys.argv) > 6 and sys.argv[6] == "untrained"
if len(sys.argv) > 6 and not untrained:
    sys.exit(f"the sixth argument can only be 'untrained', got {sys.argv[6]!r}")
if not os.path.isfile(os.path.join(softhebb, "multi_layer.py")):
    sys.exit(f"{softhebb} holds no multi_layer.py: pass the directory of a SoftHebb snapshot "
             "(https://github.com/NeuromorphicComputing/SoftHebb)")
binary = os.path.join(data, "cifar-10", "cifar-10-batches-bin")
if not os.path.isfile(os.path.join(binary, "test_batch.bin")):
    sys.exit(f"{binary} holds no CIFAR-10 binary batches (data_batch_1.bin ... test_batch.bin): pass the data "
             "directory that 'hebbkit datasets' prepared")
torch.set_num_threads(threads)
try:
    import einops  # noqa: F401
except ImportError:
    # Debian has no einops; SoftHebb's Hebbian layers use only einops.repeat, to broadcast the per-neuron rate over a
    # neuron's weights ('o -> o i k k2'). This does the same for patterns that keep the input's axes in order.
    import types

    def repeat(tensor, pattern, **sizes):
        before, after = (side.split() for side in pattern.split("->"))
        view = [tensor.shape[before.index(a)] if a in before else 1 for a in after]
        shape = [tensor.shape[before.index(a)] if a in before else sizes[a] for a in after]
        if [a for a in after if a in before] != before:
            raise NotImplementedError(f"einops.repeat stand-in: pattern {pattern!r} reorders axes")
        return tensor.reshape(view).expand(shape)

    sys.modules["einops"] = types.SimpleNamespace(repeat=repeat)
    print("einops is not installed: using a stand-in for einops.repeat (the only function SoftHebb's layers call)")
os.chdir(softhebb)  # SoftHebb's modules open presets.json relative to the working directory
sys.path.insert(0, softhebb)
import train  # noqa: E402  (SoftHebb's modules)
import utils  # noqa: E402
from engine import evaluate_sup  # noqa: E402
from model import load_layers  # noqa: E402


def read(files):
    raw = np.concatenate([np.fromfile(os.path.join(binary, f), np.uint8).reshape(-1, 3073) for f in files])
    images = torch.tensor(raw[:, 1:].reshape(-1, 3, 32, 32), dtype=torch.float).div_(255)
    return images, torch.tensor(raw[:, 0].astype(np.int64))


train_x, train_y = read([f"data_batch_{i}.bin" for i in range(1, 6)])
test_x, test_y = read(["test_batch.bin"])


def loaders(dataset_config, batch_size, device=None, dataset_path=None, inputs=None):
    """SoftHebb's make_data_loaders for CIFAR-10 without augmentation, over tensors instead of its FastCIFAR10."""
    g = torch.Generator()
    if dataset_config["seed"] is not None:
        utils.seed_init_fn(dataset_config["seed"])
        g.manual_seed(dataset_config["seed"] % 2 ** 32)
    tx, ex = (train_x, test_x) if inputs is None else inputs
    sampler = torch.utils.data.SubsetRandomSampler(list(range(tx.shape[0])), generator=g)
    train_set = torch.utils.data.TensorDataset(tx, train_y)
    train_set.split = "train"
    return (torch.utils.data.DataLoader(train_set, batch_size=batch_size, sampler=sampler),
            torch.utils.data.DataLoader(torch.utils.data.TensorDataset(ex, test_y), batch_size=1000))


train.make_data_loaders = loaders
print(f"SoftHebb's multi_layer pipeline, preset {preset}{' untrained' if untrained else ''}, seed {seed}, PyTorch {torch.__version__}, {threads} threads;"
      f" data loaders over {binary}; the classifier's epochs on the frozen blocks' outputs computed once", flush=True)

blocks = utils.load_presets(preset)
sup_config = utils.load_config_dataset("CIFAR10_50", False)
unsup_config = utils.load_config_dataset("CIFAR10_1", False)
sup_config["seed"] = seed
unsup_config["seed"] = seed
utils.seed_init_fn(seed)
blocks = train.check_dimension(blocks, sup_config)
order = train.training_config(blocks, sup_config, unsup_config, "successive")
model = load_layers(blocks, preset, None)


class Quiet:
    """Stands in for SoftHebb's Log (it writes files under ~/workspace); run_unsup only steps and prints it."""

    def step(self, *args, **kwargs):
        pass

    def verbose(self):
        pass


started = time.time()
classifier = None
for config in order.values():
    if config["mode"] == "unsupervised":
        if untrained:
            continue
        t = time.time()
        train.run_unsup(config["nb_epoch"], config["print_freq"], config["batch_size"], preset, unsup_config, model,
                        "cpu", Quiet(), blocks=config["blocks"], save=False)
        radius = model.get_block(config["blocks"][0]).radius()
        print(f"block {config['blocks'][0] + 1}: {time.time() - t:.0f} s; {radius}", flush=True)
    else:
        classifier = config
head = classifier["blocks"][0]
model.train(blocks=[head])  # as SoftHebb's train_sup: every Hebbian block in evaluation mode

t = time.time()
with torch.no_grad():
    def through(x):
        out = []
        for start in range(0, x.shape[0], 500):
            h = x[start:start + 500]
            for b in range(head):
                h = model.get_block(b)(h)
            out.append(h)
        return torch.cat(out)
    features = (through(train_x), through(test_x))
print(f"features {tuple(features[0].shape[1:])}: {time.time() - t:.0f} s; largest |value| "
      f"{features[0].abs().max().item():.4g}, mean {features[0].mean().item():.4g}", flush=True)

top = model.get_block(head)
optimizer = torch.optim.Adam(model.parameters(), lr=classifier["lr"])
scheduler = utils.CustomStepLR(optimizer, classifier["nb_epoch"])
criterion = torch.nn.CrossEntropyLoss()
train_loader, test_loader = loaders(sup_config, classifier["batch_size"], inputs=features)


t = time.time()
for epoch in range(1, classifier["nb_epoch"] + 1):
    model.train(blocks=[head])
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in train_loader:
        output = top(x)
        loss = criterion(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * y.shape[0]
        correct += (output.argmax(1) == y).sum().item()
        seen += y.shape[0]
    scheduler.step()
    if epoch % classifier["print_freq"] == 0 or epoch == 1 or epoch == classifier["nb_epoch"]:
        test_loss, test_acc = evaluate_sup(top, criterion, test_loader, "cpu")  # puts top in eval mode
        print(f"epoch {epoch}: train loss {loss_sum / seen:.4g}, train accuracy (dropout on) "
              f"{100 * correct / seen:.2f} %, test loss {float(test_loss) * 1000:.4g}, test accuracy "
              f"{float(test_acc):.2f} %", flush=True)
print(f"{preset}{' untrained' if untrained else ''} seed {seed}: test accuracy {float(test_acc):.2f} % (probe {time.time() - t:.0f} s, "
      f"all {time.time() - started:.0f} s)")
