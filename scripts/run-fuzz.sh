#!/usr/bin/env bash
# Runs every libFuzzer harness of tests/fuzz for SECONDS each (default 60), starting from the
# committed corpus (tests/fuzz/corpus/<name>). Builds them first in build-fuzz with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer. New inputs go to build-fuzz/corpus/<name>,
# crashes to build-fuzz/findings/<name>/. Prints the executions per harness; exits 1 on a
# finding. Without clang it prints SKIPPED and exits 0.
#   scripts/run-fuzz.sh [SECONDS] [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
names=("$@")
[[ ${#names[@]} -eq 0 ]] && names=(csv data_json idx scenario_json spike_text nir sonata)
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

if ! command -v clang++ >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1; then
  echo "SKIPPED: fuzzing needs clang and clang++ (libFuzzer); install Debian's clang to run it"
  exit 0
fi

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DNEUROSIM_FUZZ=ON -DNEUROSIM_NATIVE=OFF "${launcher[@]}" >/dev/null
targets=()
for n in "${names[@]}"; do targets+=(--target "fuzz_$n"); done
cmake --build "$build" -j "$jobs" "${targets[@]}" >/dev/null

status=0
for n in "${names[@]}"; do
  work="$build/corpus/$n"
  findings="$build/findings/$n"
  mkdir -p "$work" "$findings"
  log="$build/fuzz_$n.log"
  # -rss_limit_mb: a reader that asks for gigabytes is a finding, as is one step past 10 s.
  # The HDF5 harnesses unwind fully on malloc, so that libhdf5's own leak on damaged headers can be
  # told apart by its stack (tests/fuzz/lsan.supp) from one of ours.
  asan=detect_leaks=1
  [[ $n == nir || $n == sonata ]] && asan=detect_leaks=1:fast_unwind_on_malloc=0
  if ASAN_OPTIONS=$asan LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp "$build/tests/fuzz/fuzz_$n" "$work" "tests/fuzz/corpus/$n" -max_total_time="$seconds" \
       -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1; then
    execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz_$n: ${execs:-?} executions in ${seconds} s, no finding"
  else
    status=1
    echo "fuzz_$n: FINDING (see $log; input in $findings/)"
    grep -m3 -E 'ERROR|SUMMARY|runtime error' "$log" || tail -20 "$log"
  fi
done
exit $status
