#!/usr/bin/env bash
# Start-up time of archex commands that do no real work: the median wall time
# of N runs each (default 20), in milliseconds, and the shared libraries the
# executable loads. Usage: scripts/measure-startup.sh [ARCHEX] [N]
set -euo pipefail
archex=${1:-build/release/archex}
runs=${2:-20}
[ -x "$archex" ] || { echo "measure-startup: $archex is not an executable (build first)" >&2; exit 2; }

median_ms() {  # command... -> median wall time in ms over $runs runs
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1000}'
}

echo "shared libraries loaded: $(ldd "$archex" | wc -l)"
for cmd in "--help" "--version" "workloads list" "optimizers" "templates list"; do
  # shellcheck disable=SC2086
  printf '%-22s %8s ms (median of %d)\n' "archex $cmd" "$(median_ms "$archex" $cmd)" "$runs"
done
