#pragma once
// The population rates the Firing rates window plots, kept from the Session's observations
// (RateSamples: the bins closed since the last look) in a ring of the latest bins, as the
// engine's RateMonitor keeps them. No GL, no ImGui; tested headless.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

class RateHistory {
 public:
  static constexpr std::size_t kBinsKept = 4096;

  // Forgets every bin (a new network, a reset).
  void clear();
  // Appends the bins of an observation; bins that do not follow on (a reset, a lost stretch)
  // start the history again from them.
  void add(const RateSamples& samples);

  int populations() const { return populations_; }
  double bin_ms() const { return bin_ms_; }
  std::uint64_t bins_written() const { return written_; }  // absolute count: the last bin ends at written * bin_ms
  std::size_t bins_available() const { return static_cast<std::size_t>(written_ - oldest_); }
  // Rate in Hz of bin i (0 = oldest available) of a population.
  float rate(int population, std::size_t i) const;

 private:
  int populations_ = 0;
  double bin_ms_ = 0.0;
  std::uint64_t oldest_ = 0, written_ = 0;
  std::vector<float> ring_;  // kBinsKept x populations_
};

}  // namespace neurosim::gui
