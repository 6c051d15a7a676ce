#include "neurosim/replay_source.hpp"

#include "neurosim/network.hpp"

#include <algorithm>

namespace neurosim {

ReplaySource::ReplaySource(std::string name, int size, double dt_ms) : SpikeSource(std::move(name), size, dt_ms) {
  init_params({});
  reset_model_state();
}

bool ReplaySource::attach_to(Network& network, int population, std::shared_ptr<const std::vector<Event>> events) {
  if (population < 0 || population >= network.population_count()) return false;
  auto* source = dynamic_cast<ReplaySource*>(&network.population_for_setup(population));
  if (source == nullptr) return false;
  source->attach(std::move(events));
  return true;
}

void ReplaySource::attach(std::shared_ptr<const std::vector<Event>> events) {
  events_ = std::move(events);
  next_step_ = -1;
}

void ReplaySource::evolve(std::int64_t step, std::vector<int>& spikes) {
  if (!events_) return;
  const auto& ev = *events_;
  // After a reset or a jump the cursor is found again by binary search; in a plain run it moves on.
  if (step != next_step_)
    cursor_ = static_cast<std::size_t>(std::lower_bound(ev.begin(), ev.end(), step, [](const Event& e, std::int64_t s) { return e.step < s; }) - ev.begin());
  for (; cursor_ < ev.size() && ev[cursor_].step == step; ++cursor_)
    if (ev[cursor_].neuron >= 0 && ev[cursor_].neuron < size()) spikes.push_back(ev[cursor_].neuron);
  next_step_ = step + 1;
}

}  // namespace neurosim
