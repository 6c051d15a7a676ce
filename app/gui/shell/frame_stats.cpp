// Frame timing summary (see frame_stats.hpp).
#include "gui/shell/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace neurosim::gui {

double FrameStats::percentile_ms(double p) const {
  if (frames_ms_.empty()) return 0.0;
  std::vector<double> sorted = frames_ms_;
  std::sort(sorted.begin(), sorted.end());
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (rank - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double FrameStats::wall_ms() const { return std::accumulate(frames_ms_.begin(), frames_ms_.end(), 0.0); }

std::string FrameStats::summary(double sim_ms) const {
  const double wall = wall_ms();
  char line[256];
  std::snprintf(line, sizeof line, "frames=%zu fps_mean=%.1f frame_ms_p50=%.2f frame_ms_p95=%.2f sim_ms=%.1f realtime=%.3f",
                frames_ms_.size(), wall > 0.0 ? 1000.0 * static_cast<double>(frames_ms_.size()) / wall : 0.0, percentile_ms(50.0),
                percentile_ms(95.0), sim_ms, wall > 0.0 ? sim_ms / wall : 0.0);
  return line;
}

}  // namespace neurosim::gui
