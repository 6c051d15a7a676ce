#include "neurosim/population.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace neurosim {

Population::Population(std::string name, int size, double dt_ms)
    : name_(std::move(name)), size_(size), dt_(dt_ms), i_ext_(static_cast<std::size_t>(size), 0.0f) {
  input_.resize(size, 1);
}

bool Population::set_per_neuron(int, std::span<const float>) { return false; }

void Population::evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) {
  // Models that cannot step in parts are stepped whole (the network asks for the whole range).
  if (begin == 0 && end == size_) evolve(step, spikes);
}

std::optional<int> Population::state_index(std::string_view name) const {
  const auto descs = state_descs();
  for (std::size_t i = 0; i < descs.size(); ++i)
    if (descs[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

bool Population::set_initial(std::string_view var, const Distribution& dist, std::uint64_t seed,
                             std::uint64_t stream, std::span<const float> shared_r) {
  const auto index = state_index(var);
  if (!index) return false;
  InitialState init{*index, std::vector<float>(static_cast<std::size_t>(size_))};
  Rng rng(seed, stream);
  dist.fill(init.values, rng, shared_r);
  std::erase_if(initial_, [&](const InitialState& s) { return s.var == *index; });
  initial_.push_back(std::move(init));
  float* target = state_mut(*index);
  std::copy(initial_.back().values.begin(), initial_.back().values.end(), target);
  return true;
}

void Population::grow(int count, int ring_slots, std::int64_t now) {
  const int grown = size_ + count;
  grow_model_state(grown);
  i_ext_.resize(static_cast<std::size_t>(grown), 0.0f);
  input_.regrow(grown, std::max(ring_slots, input_.slots()), now);
  size_ = grown;
}

bool Population::extend_initial(std::string_view var, const Distribution& dist, std::uint64_t seed, std::uint64_t stream,
                                std::span<const float> shared_r, int first_new) {
  const auto index = state_index(var);
  if (!index) return false;
  std::vector<float> values(static_cast<std::size_t>(size_));
  Rng rng(seed, stream);
  dist.fill(values, rng, shared_r);
  std::copy(values.begin() + first_new, values.end(), state_mut(*index) + first_new);
  auto it = std::find_if(initial_.begin(), initial_.end(), [&](const InitialState& s) { return s.var == *index; });
  if (it == initial_.end()) {
    initial_.push_back({*index, std::move(values)});
  } else {
    // The draws for the old neurons are the same numbers; keep the held ones all the same.
    std::copy(values.begin() + static_cast<std::ptrdiff_t>(it->values.size()), values.end(), std::back_inserter(it->values));
  }
  return true;
}

void Population::reset() {
  reset_model_state();
  for (const auto& init : initial_) std::copy(init.values.begin(), init.values.end(), state_mut(init.var));
  input_.clear();
  std::fill(i_ext_.begin(), i_ext_.end(), 0.0f);
}

}  // namespace neurosim
