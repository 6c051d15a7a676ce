#!/usr/bin/env bash
# Runs the benchmarks against a build directory (default: build). See run_benchmarks.py.
set -euo pipefail
exec python3 "$(dirname "$0")/run_benchmarks.py" "${1:-build}"
