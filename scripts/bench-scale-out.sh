#!/usr/bin/env bash
# Measures the scale-out figures of the README (docs/evaluators.md): a fake
# external evaluator that takes 200 ms per design (tests/explorer/fake_evaluator.py
# --sleep 0.2), then
#   study: 200 trials on 1+8 MPI ranks vs 1+1 (mpirun -n 9 vs -n 2)
#   grid:  8 studies x 40 trials on 4 ranks vs 1 process (no MPI)
#   store: two processes on one mbo study vs one, for this build and, if
#          given, an older archex (BEFORE=path/to/archex): model fits in the
#          write lock made two processes as slow as one.
# Usage: scripts/bench-scale-out.sh [study|grid|store ...]   (default: all)
# Build first (cmake --build --preset release). Prints the measured seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
archex="${ARCHEX:-$root/build/release/archex}"
fake="$root/tests/explorer/fake_evaluator.py"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
mpirun_args=(--oversubscribe)
[ "$(id -u)" -eq 0 ] && mpirun_args+=(--allow-run-as-root)
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none

# Runs "$@"; sets WALL (wall-clock seconds of the whole command, process
# start-up included) and RUN (what archex itself reports for its trials:
# "this run N trials in X s" / "N trials in X s").
measure() {
  local start end
  start=$(date +%s.%N)
  "$@" > "$work/last.out" 2> "$work/last.err" || { cat "$work/last.err" >&2; return 1; }
  end=$(date +%s.%N)
  WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  RUN=$(grep -o 'trials in [0-9.e+]* s' "$work/last.out" | tail -1 | awk '{ printf "%.1f", $3 }')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

bench_study() {
  local args=(run --workload lenet5 --trials 200 --evaluator "$fake --sleep 0.2")
  measure mpirun "${mpirun_args[@]}" -n 2 "$archex" "${args[@]}" --study s2 --db study2.db
  local one_wall=$WALL one_run=$RUN
  measure mpirun "${mpirun_args[@]}" -n 9 "$archex" "${args[@]}" --study s9 --db study9.db
  echo "study, 200 trials x 200 ms: 1+1 ranks ${one_run} s, 1+8 ranks ${RUN} s: $(ratio "$one_run" "$RUN")x faster" \
       "(wall clock with process start-up: ${one_wall} s vs ${WALL} s, $(ratio "$one_wall" "$WALL")x)"
}

bench_grid() {
  cat > grid.yaml <<YAML
name: grid
workloads: [lenet5]
budgets: [6.8]
optimizers: [random, evolution]
seeds: 4
trials: 40
evaluator: {command: "$fake --sleep 0.2"}
YAML
  measure "$archex" experiment run grid.yaml --db grid1.db
  local one_wall=$WALL one_run=$RUN
  measure mpirun "${mpirun_args[@]}" -n 4 "$archex" experiment run grid.yaml --db grid4.db
  echo "grid, 8 studies x 40 trials x 200 ms: 1 process ${one_run} s, 4 ranks ${RUN} s: $(ratio "$one_run" "$RUN")x faster" \
       "(wall clock with process start-up: ${one_wall} s vs ${WALL} s, $(ratio "$one_wall" "$WALL")x)"
}

bench_store_with() {  # $1: archex binary, $2: label
  local args=(run --workload lenet5 --optimizer mbo --trials 60 --seed 1)
  measure "$1" "${args[@]}" --study one --db "store-$2-1.db"
  local one=$WALL
  measure bash -c "'$1' ${args[*]} --study two --db store-$2-2.db & '$1' ${args[*]} --study two --db store-$2-2.db & wait"
  # archex (since proposals left the lock) prints its lock wait when >= 0.05 s.
  local waited
  waited=$({ grep -o 'waited [0-9.e+-]* s' "$work/last.out" || true; } | awk '{ s += $2 } END { printf "%.2f", s }')
  echo "store ($2), mbo study of 60 trials: 1 process ${one} s, 2 processes on it ${WALL} s: $(ratio "$one" "$WALL")x" \
       "(lock wait reported: ${waited} s)"
}

bench_store() {
  [ -n "${BEFORE:-}" ] && bench_store_with "$BEFORE" before
  bench_store_with "$archex" after
}

for what in "${@:-study grid store}"; do
  for w in $what; do "bench_$w"; done
done
