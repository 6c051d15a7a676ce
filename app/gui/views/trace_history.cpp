// Traced neurons' samples kept from observations (see trace_history.hpp).
#include "gui/views/trace_history.hpp"

#include <algorithm>

namespace neurosim::gui {

std::size_t TraceHistory::Probe::first_at(std::int64_t s) const {
  if (s <= first_step) return 0;
  return std::min(size(), static_cast<std::size_t>(s - first_step));
}

void TraceHistory::add(std::vector<TraceSamples> traces) {
  std::vector<Probe> next;
  next.reserve(traces.size());
  for (TraceSamples& t : traces) {
    auto it = std::find_if(probes_.begin(), probes_.end(), [&](const Probe& p) { return p.population == t.population && p.neuron == t.neuron; });
    Probe p;
    if (it != probes_.end() && it->variables == t.variables && t.lost == 0 &&
        it->first_step + static_cast<std::int64_t>(it->size()) == t.first_step) {
      p = std::move(*it);
      p.samples.insert(p.samples.end(), t.samples.begin(), t.samples.end());
    } else {
      p.population = t.population;
      p.neuron = t.neuron;
      p.variables = t.variables;
      p.first_step = t.first_step;
      p.samples.assign(t.samples.begin(), t.samples.end());
    }
    if (p.variables > 0 && p.size() > kSamplesKept) {
      const std::size_t drop = p.size() - kSamplesKept;
      p.samples.erase(p.samples.begin(), p.samples.begin() + static_cast<std::ptrdiff_t>(drop * static_cast<std::size_t>(p.variables)));
      p.first_step += static_cast<std::int64_t>(drop);
    }
    next.push_back(std::move(p));
  }
  probes_ = std::move(next);
}

}  // namespace neurosim::gui
