#pragma once
// The recorded state of the traced neurons, kept from the Session's observations
// (Observations::traces) so the Membrane traces window draws without reading the network. As
// the engine's own ring (BuildOptions::trace_capacity_samples), it keeps the last kSamplesKept
// samples per neuron, one sample per step, `variables` floats each.
#include <cstdint>
#include <deque>
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

class TraceHistory {
 public:
  static constexpr std::size_t kSamplesKept = 1u << 16;

  struct Probe {
    int population = -1, neuron = -1, variables = 0;
    std::int64_t first_step = 0;  // step of sample 0
    std::deque<float> samples;    // `variables` floats per step

    std::size_t size() const { return variables > 0 ? samples.size() / static_cast<std::size_t>(variables) : 0; }
    std::int64_t step(std::size_t i) const { return first_step + static_cast<std::int64_t>(i); }
    float sample(std::size_t i, int var) const { return samples[i * static_cast<std::size_t>(variables) + static_cast<std::size_t>(var)]; }
    // The first sample at or after `step` (size() when none).
    std::size_t first_at(std::int64_t step) const;
  };

  // New samples of every probe the engine records; a probe missing here is no longer recorded.
  // Samples that do not follow on (a reset, lost samples) start that probe again.
  void add(std::vector<TraceSamples> traces);
  void clear() { probes_.clear(); }
  const std::vector<Probe>& probes() const { return probes_; }

 private:
  std::vector<Probe> probes_;
};

}  // namespace neurosim::gui
