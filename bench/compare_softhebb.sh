#!/usr/bin/env bash
# Side by side, one after the other in one command: each block of the SoftHebb 3-layer CIFAR-10 preset learning
# (batch 10, the blocks below in inference) in HebbKit ('hebbkit bench step --block K') and in SoftHebb's own public
# code (its demo.py, from a snapshot you fetch: git clone https://github.com/NeuromorphicComputing/SoftHebb), then
# the linear probe in HebbKit ('hebbkit bench probe') and in eager PyTorch (bench/probe_torch.py); each ratio printed.
# Usage: bench/compare_softhebb.sh SOFTHEBB_DIR [DATA_DIR] [BATCHES] [THREADS] [CONV_ALGORITHM] [WARMUP] [MATMUL]
# CONV_ALGORITHM: how HebbKit's 3 x 3 layers learn, as 'hebbkit train --conv-algorithm' (default patches; or winograd).
# WARMUP: untimed batches before the timed ones, the same for both (default 300: the JVM compiles HebbKit's Java side
# over the first 200-300 batches; SoftHebb's rate does not change with it). MATMUL: as 'hebbkit train --matmul'.
# Needs /usr/bin/python3 with Debian's python3-torch, python3-torchvision (demo.py imports it) and libopenblas0-pthread.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
softhebb="${1:?usage: bench/compare_softhebb.sh SOFTHEBB_DIR [DATA_DIR] [BATCHES] [THREADS] [CONV_ALGORITHM] [WARMUP] [MATMUL]}"
data="${2:-${HEBBKIT_DATA:-$root/../shared/datasets}}"
batches="${3:-200}"
threads="${4:-2}"
algorithm="${5:-patches}"
warmup="${6:-300}"
matmul="${7:-auto}"
if [[ ! -f "$softhebb/demo.py" ]]; then
  echo "compare_softhebb: $softhebb holds no demo.py; clone https://github.com/NeuromorphicComputing/SoftHebb and pass its directory" >&2
  exit 2
fi
if ! /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null; then
  echo "compare_softhebb: /usr/bin/python3 cannot import torch and torchvision;" \
    "apt-get install python3-torch python3-torchvision libopenblas0-pthread" >&2
  exit 2
fi
rate() { sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' <<<"$1" | head -1; }
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $threads threads each; $(date -u +%F)"
for block in 1 2 3; do
  ours="$("$root/hebbkit" bench step --block "$block" --batches "$batches" --threads "$threads" --extract-images 50 --conv-algorithm "$algorithm" \
    --warmup "$warmup" --matmul "$matmul" --data "$data" | head -1)"
  theirs="$(/usr/bin/python3 "$root/bench/softhebb_demo_step.py" "$softhebb" "$data" "$block" "$batches" "$threads" "$warmup")"
  echo "$ours"
  echo "$theirs"
  awk -v a="$(rate "$ours")" -v b="$(rate "$theirs")" -v k="$block" \
    'BEGIN { printf "block %d learning: HebbKit / SoftHebb = %.2fx\n", k, a / b }'
done
ours="$("$root/hebbkit" bench probe --epochs 3 --threads "$threads" | head -1)"
theirs="$(/usr/bin/python3 "$root/bench/probe_torch.py" 50000 2 "$threads")"
echo "$ours"
echo "$theirs"
probe() { sed -n 's/.*: \([0-9]*\) images\/s.*/\1/p' <<<"$1" | head -1; }
awk -v a="$(probe "$ours")" -v b="$(probe "$theirs")" 'BEGIN { printf "probe: HebbKit / PyTorch eager = %.2fx\n", a / b }'
