// Rate bins from observations (see rate_history.hpp).
#include "gui/views/rate_history.hpp"

#include <algorithm>

namespace neurosim::gui {

void RateHistory::clear() {
  oldest_ = written_ = 0;
  populations_ = 0;
  ring_.clear();
}

void RateHistory::add(const RateSamples& samples) {
  if (samples.populations <= 0) return;
  const auto pops = static_cast<std::size_t>(samples.populations);
  const std::size_t bins = samples.hz.size() / pops;
  if (samples.populations != populations_ || samples.bin_ms != bin_ms_ || samples.first_bin != written_) {
    // Another layout, or a gap: start again at the first bin given.
    populations_ = samples.populations;
    bin_ms_ = samples.bin_ms;
    ring_.assign(kBinsKept * pops, 0.0f);
    oldest_ = written_ = samples.first_bin;
  }
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t slot = static_cast<std::size_t>(written_ % kBinsKept);
    std::copy_n(samples.hz.begin() + static_cast<std::ptrdiff_t>(b * pops), pops, ring_.begin() + static_cast<std::ptrdiff_t>(slot * pops));
    ++written_;
  }
  oldest_ = std::max(oldest_, written_ > kBinsKept ? written_ - kBinsKept : 0);
}

float RateHistory::rate(int population, std::size_t i) const {
  const std::size_t slot = static_cast<std::size_t>((oldest_ + i) % kBinsKept);
  return ring_[slot * static_cast<std::size_t>(populations_) + static_cast<std::size_t>(population)];
}

}  // namespace neurosim::gui
