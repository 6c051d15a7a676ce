#pragma once
// Spike times of the traced neurons, picked out of the spike stream while the raster reads it.
// The recorded membrane potential of a LIF neuron never shows the spike itself (V is reset in
// the step it crosses threshold), so the trace panel draws a mark at each of these times.
#include <cstdint>
#include <deque>
#include <map>
#include <utility>

#include "neurosim/monitors.hpp"

namespace neurosim::gui {

struct TraceSpikes {
  static constexpr std::size_t kKept = 4096;  // per neuron; older ones are long off screen
  std::map<std::pair<int, int>, std::deque<std::int64_t>> steps;  // (population, neuron) -> steps

  void add(const SpikeEvent& e) {
    auto& d = steps[{e.population, e.neuron}];
    d.push_back(e.step);
    if (d.size() > kKept) d.pop_front();
  }
  void clear() { steps.clear(); }
  const std::deque<std::int64_t>* find(int population, int neuron) const {
    const auto it = steps.find({population, neuron});
    return it == steps.end() ? nullptr : &it->second;
  }
};

}  // namespace neurosim::gui
