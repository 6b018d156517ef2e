#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz one after another (docs/reliability.md).
#
#   cmake --preset fuzz && cmake --build --preset fuzz
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 300 s, every target)
#
# Each target starts from its committed seeds (tests/fuzz/corpus/<target>/,
# never written) and grows a working corpus in build/fuzz/corpus/<target>/.
# A crash, leak, timeout or out-of-memory input is written to
# build/fuzz/findings/<target>/; the summary gives executions, time and
# findings per target. Runs at the lowest priority, one target at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(onnx_import workload_file template calibration_json measurements_csv batch_line study_spec
           experiment_spec database)
fi
summary=build/fuzz/summary.txt
: > "$summary"
for target in "${targets[@]}"; do
  binary=build/fuzz/fuzz_$target
  [ -x "$binary" ] || { echo "fuzz.sh: $binary missing: cmake --build --preset fuzz" >&2; exit 2; }
  work=build/fuzz/corpus/$target
  findings=build/fuzz/findings/$target
  mkdir -p "$work" "$findings"
  log=build/fuzz/$target.log
  # -timeout: one input may take at most 10 s; -rss_limit_mb: 2 GiB; keep
  # going after a finding so one run reports them all.
  nice -n 19 "$binary" "$work" "tests/fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" -fork=1 -ignore_crashes=1 \
    -ignore_timeouts=1 -ignore_ooms=1 > "$log" 2>&1 || true
  # libFuzzer's status lines start "#<executions>"; fork mode sums its jobs there.
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  found=$(find "$findings" -type f | wc -l)
  printf '%-18s %8s s %12s executions %4s findings  corpus %s inputs\n' "$target" "$seconds" "${execs:-0}" "$found" \
    "$(find "$work" -type f | wc -l)" | tee -a "$summary"
done
