#pragma once
// The pattern windows the raster shades (hidden patterns of a PatternPopulation, Masquelier et
// al. 2008), kept from the Session's observations (Observations::pattern_onsets). Bounded: only
// the most recent kMaxOnsets windows are kept, enough for any raster's time span.
#include <cstdint>
#include <deque>
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

class PatternBands {
 public:
  static constexpr std::size_t kMaxOnsets = 8192;

  void add(const std::vector<PatternOnsetSeen>& onsets);
  void clear() { onsets_.clear(); }
  // The windows that overlap [t_begin_ms, t_end_ms], in step order.
  std::vector<PatternOnsetSeen> overlapping(double t_begin_ms, double t_end_ms, double dt_ms) const;
  std::size_t size() const { return onsets_.size(); }

 private:
  std::deque<PatternOnsetSeen> onsets_;  // in step order
};

}  // namespace neurosim::gui
