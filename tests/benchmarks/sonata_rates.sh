#!/usr/bin/env bash
# Rates of a SONATA export run through PyNN's SONATA importer against NeuroSim's own run of the
# same scenario (the same synapses, weights and delays; Poisson inputs and initial values drawn
# anew, so the rates agree statistically):
#   tests/benchmarks/sonata_rates.sh BUILD_DIR [DURATION_MS [SCENARIO...]] (default: 1000 cuba default)
# CODEGEN=cython|numpy|auto picks Brian2's code generation (default numpy).
# Needs Debian's python3-pynn, python3-h5py and python3-brian (Brian2 backend). Prints each
# population's rate from both and fails when one differs by more than 10 %.
set -euo pipefail
build=${1:-build}
duration=${2:-1000}
shift 2 || shift $# || true
scenarios=("$@")
[[ ${#scenarios[@]} -eq 0 ]] && scenarios=(cuba default)
neurosim="$build/app/neurosim"
python=/usr/bin/python3
codegen=${CODEGEN:-numpy}  # Brian2: numpy starts at once, cython compiles first
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for s in "${scenarios[@]}"; do
  "$neurosim" run "$s" --duration "$duration" --out "$work/$s-neurosim" >"$work/$s-neurosim.txt"
  "$neurosim" export "$s" --to sonata --out "$work/$s-sonata" >/dev/null
  "$python" "$work/$s-sonata/run_pynn.py" --simulator brian2 --codegen "$codegen" --duration "$duration" --out "$work/$s-sonata.h5" >"$work/$s-sonata.txt" 2>"$work/$s-sonata.err" ||
    { cat "$work/$s-sonata.err"; exit 1; }
  echo "$s ($duration ms): population, NeuroSim Hz, SONATA via PyNN (Brian2) Hz, difference"
  "$python" "$(dirname "$0")/compare_rates.py" "$work/$s-neurosim.txt" "$work/$s-sonata.txt" || status=1
done
exit $status
