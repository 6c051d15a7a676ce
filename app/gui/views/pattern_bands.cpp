// Pattern windows kept from observations (see pattern_bands.hpp).
#include "gui/views/pattern_bands.hpp"

#include <algorithm>

namespace neurosim::gui {

void PatternBands::add(const std::vector<PatternOnsetSeen>& onsets) {
  for (const PatternOnsetSeen& o : onsets) {
    // Sources report separately: keep the whole list in step order.
    auto at = std::upper_bound(onsets_.begin(), onsets_.end(), o.step, [](std::int64_t step, const PatternOnsetSeen& e) { return step < e.step; });
    onsets_.insert(at, o);
  }
  while (onsets_.size() > kMaxOnsets) onsets_.pop_front();
}

std::vector<PatternOnsetSeen> PatternBands::overlapping(double t_begin_ms, double t_end_ms, double dt_ms) const {
  std::vector<PatternOnsetSeen> out;
  if (!(t_end_ms > t_begin_ms) || !(dt_ms > 0.0)) return out;
  for (const PatternOnsetSeen& o : onsets_) {
    const double t0 = static_cast<double>(o.step) * dt_ms;
    const double t1 = static_cast<double>(o.step + o.window_steps) * dt_ms;
    if (t0 > t_end_ms) break;
    if (t1 >= t_begin_ms) out.push_back(o);
  }
  return out;
}

}  // namespace neurosim::gui
