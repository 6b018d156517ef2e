#!/usr/bin/env bash
# Transfer from a study of another workload: does a misleading prior hurt?
# A 500-trial VGG-16 study at 6.8 mm^2 (evolution, seed 99) warm-starts
# MobileNetV2 studies at 4.8 mm^2; every optimizer that uses priors runs
# with and without it (batch 10, 5 seeds). The prior's designs are
# evaluated on MobileNetV2 by the cost model (explorer/priors.h); what
# misleads is where they were found. Prints the median best latency of
# each optimizer cold and warm, and warm / cold (> 1.10 fails the check).
#
#   scripts/check-misleading-priors.sh [build/release/archex] [trials] [seeds]
set -euo pipefail
archex=${1:-build/release/archex}
trials=${2:-500}
seeds=${3:-5}
db=$(mktemp -d)/misleading.db
trap 'rm -rf "$(dirname "$db")"' EXIT

"$archex" run --study vgg --workload vgg16 --budget 6.8 --optimizer evolution --trials 500 --seed 99 \
  --batch 10 --db "$db" >/dev/null 2>&1

best() { "$archex" show "$1" --db "$db" --json | python3 -c 'import json,sys; b=json.load(sys.stdin)["best"]; print(b["value"] if b else "inf")'; }

printf '%-10s %12s %12s %8s\n' optimizer cold_ms warm_ms warm/cold
status=0
for optimizer in evolution mbo gp-bandit p3bo; do
  cold=() warm=()
  for seed in $(seq 1 "$seeds"); do
    common=(--workload mobilenet_v2 --budget 4.8 --optimizer "$optimizer" --trials "$trials" --seed "$seed"
            --batch 10 --db "$db")
    "$archex" run --study "cold-$optimizer-$seed" "${common[@]}" >/dev/null 2>&1
    "$archex" run --study "warm-$optimizer-$seed" "${common[@]}" --prior vgg >/dev/null 2>&1
    cold+=("$(best "cold-$optimizer-$seed")")
    warm+=("$(best "warm-$optimizer-$seed")")
  done
  line=$(python3 - "${cold[*]}" "${warm[*]}" <<'PY'
import statistics, sys
cold = [float(v) for v in sys.argv[1].split()]
warm = [float(v) for v in sys.argv[2].split()]
c, w = statistics.median(cold), statistics.median(warm)
print(f"{c:.5f} {w:.5f} {w / c:.3f}")
PY
)
  read -r c w ratio <<<"$line"
  printf '%-10s %12s %12s %8s\n' "$optimizer" "$c" "$w" "$ratio"
  python3 -c "import sys; sys.exit(0 if float('$ratio') <= 1.10 else 1)" || status=1
done
exit $status
