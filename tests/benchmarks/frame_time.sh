#!/bin/sh
# The window's frame time paused and running (the target: a scenario running at real time costs
# at most 1.25x the median frame time of the same window paused), under Xvfb + llvmpipe at
# 1280x720. Each configuration runs RUNS times (default 3); the median of their frame_ms_p50 is
# reported, with fps = 1000 / that. Both start at START_AT ms (default 2000; --start-at), so the
# paused window shows the same raster, traces and rates as the running one, not empty plots.
#   [START_AT=MS] tests/benchmarks/frame_time.sh [NEUROSIM] [FRAMES] [RUNS] [SCENARIO...]
# The window with 100,000 neurons live (target: 30 fps):
#   tests/benchmarks/frame_time.sh build/app/neurosim 300 3 tests/benchmarks/cuba100k.json
set -eu
NEUROSIM=${1:-build/app/neurosim}
FRAMES=${2:-300}
RUNS=${3:-3}
shift 3 2>/dev/null || shift $#
SCENARIOS=${*:-default cuba}
START_AT=${START_AT:-2000}
export LIBGL_ALWAYS_SOFTWARE=1
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for s in $SCENARIOS; do
  for mode in paused running; do
    flag=""
    [ "$mode" = paused ] && flag="--paused"
    p50s=""
    for r in $(seq "$RUNS"); do
      line=$(xvfb-run -a -s "-screen 0 1280x720x24" "$NEUROSIM" gui "$s" --size 1280x720 --frames "$FRAMES" --frame-stats --start-at "$START_AT" $flag | grep '^frames=')
      p50=$(echo "$line" | sed 's/.*frame_ms_p50=\([0-9.]*\).*/\1/')
      echo "  $s $mode run $r: $line" >&2
      p50s="$p50s $p50"
    done
    m=$(echo $p50s | tr ' ' '\n' | median)
    echo "$s $mode frame_ms_p50_median=$m fps=$(awk "BEGIN {printf \"%.1f\", 1000/$m}")"
    eval "p50_${mode}=$m"
  done
  echo "$s ratio running/paused = $(awk "BEGIN {printf \"%.2f\", $p50_running/$p50_paused}")"
done
