#!/usr/bin/env bash
# Scaling of hebbkit sweep on this machine, one run after the other: the same eight-trial quick study (the MNIST
# MLP, 2 learning rates x 4 seeds, 2,000 training and 1,000 test images, a 2-epoch probe, 1 engine thread per trial)
# on the local engine with 1 worker, with 2 workers, and on Spark local[2]. Prints the wall time of each, the
# speed-up of 2 workers, and Spark's overhead against the local engine with as many trials at a time.
# Usage: bench/sweep_scaling.sh [DATA_DIR] [SCRATCH_DIR]
# Longer trials, to see Spark's fixed start weigh less: LIMIT_TRAIN (default 2000) and PROBE_EPOCHS (default 2) size
# each trial; ENGINES (default "local-1 local-2 spark-2") picks the runs, e.g. ENGINES="local-2 spark-2".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-${HEBBKIT_DATA:-$root/../shared/datasets}}"
scratch="${2:-$(mktemp -d)}"
mkdir -p "$scratch"
engines="${ENGINES:-local-1 local-2 spark-2}"
study=(--preset softhebb-mnist-mlp --seeds 0-3 --set blocks.0.learningRate.rate=0.02,0.045 --limit-train "${LIMIT_TRAIN:-2000}"
  --limit-test 1000 --probe-epochs "${PROBE_EPOCHS:-2}" --threads 1 --data "$data")
"$root/hebbkit" presets > /dev/null  # build first: no build inside a timed run
"$root/hebbkit" sweep --engine spark --help > /dev/null
declare -A seconds
for engine in $engines; do
  out="$scratch/$engine"
  rm -rf "$out"
  case "$engine" in
    local-1) options=(--workers 1) ;;
    local-2) options=(--workers 2) ;;
    spark-2) options=(--engine spark --master 'local[2]' --workers 2) ;;
  esac
  start=$(date +%s.%N)
  "$root/hebbkit" sweep "${study[@]}" "${options[@]}" --out "$out" > "$scratch/$engine.log" 2>&1
  end=$(date +%s.%N)
  seconds[$engine]=$(echo "$end - $start" | bc -l)
  printf '%-8s %7.1f s  (%s)\n' "$engine" "${seconds[$engine]}" "$(tail -n 1 "$scratch/$engine.log")"
done
if [[ -n "${seconds[local-1]:-}" ]]; then
  printf 'speed-up of 2 local workers over 1: %.2fx\n' "$(echo "${seconds[local-1]} / ${seconds[local-2]}" | bc -l)"
fi
printf "Spark local[2] against 2 local workers: %+.1f %% of the local engine's wall time\n" \
  "$(echo "(${seconds[spark-2]} - ${seconds[local-2]}) / ${seconds[local-2]} * 100" | bc -l)"
cmp <(cut -d, -f1-6 "$scratch/local-2/results.csv") <(cut -d, -f1-6 "$scratch/spark-2/results.csv") \
  && echo "per-trial accuracies: the same on all engines" || echo "per-trial accuracies DIFFER between engines"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores; outputs in $scratch"
