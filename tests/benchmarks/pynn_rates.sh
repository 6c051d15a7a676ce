#!/usr/bin/env bash
# Rates of an exported PyNN script against NeuroSim's own run of the same scenario:
#   tests/benchmarks/pynn_rates.sh BUILD_DIR [SCENARIO...] (default: cuba default)
# CODEGEN=cython|numpy|auto picks Brian2's code generation (default numpy).
# Needs Debian's python3-pynn and python3-brian (Brian2 backend). Prints each population's rate
# from both and fails when one differs by more than 10 %.
set -euo pipefail
build=${1:-build}
shift || true
scenarios=("$@")
[[ ${#scenarios[@]} -eq 0 ]] && scenarios=(cuba default)
neurosim="$build/app/neurosim"
python=/usr/bin/python3
codegen=${CODEGEN:-numpy}  # Brian2: numpy starts at once, cython compiles first
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for s in "${scenarios[@]}"; do
  "$neurosim" run "$s" --out "$work/$s-neurosim" >"$work/$s-neurosim.txt"
  "$neurosim" export "$s" --to pynn --out "$work/$s.py" >/dev/null
  (cd "$work" && "$python" "$s.py" --simulator brian2 --codegen "$codegen" --out "$s-pynn.h5" >"$s-pynn.txt" 2>"$s-pynn.err") || { cat "$work/$s-pynn.err"; exit 1; }
  echo "$s: population, NeuroSim Hz, PyNN (Brian2) Hz, difference"
  "$python" "$(dirname "$0")/compare_rates.py" "$work/$s-neurosim.txt" "$work/$s-pynn.txt" || status=1
done
exit $status
