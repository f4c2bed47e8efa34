#!/usr/bin/env bash
# Side by side, one after the other in one run: the SoftHebb 3-layer unsupervised step (block 3 learning,
# batch 10) in HebbKit and in the PyTorch reference (Debian's python3-torch), 2 threads each.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-${HEBBKIT_DATA:-$root/../shared/datasets}}"
batches="${2:-200}"
"$root/hebbkit" bench step --preset softhebb-cifar10-3layer --batches "$batches" --threads 2 --data "$data"
/usr/bin/python3 "$root/bench/softhebb_step_torch.py" "$data" "$batches" 2
