#include "neurosim/population.hpp"

#include <algorithm>
#include <cmath>

namespace neurosim {

Population::Population(std::string name, int size, double dt_ms)
    : name_(std::move(name)), size_(size), dt_(dt_ms), i_ext_(static_cast<std::size_t>(size), 0.0f) {
  input_.resize(size, 1);
}

bool Population::set_per_neuron(int, std::span<const float>) { return false; }

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

void Population::reset() {
  reset_model_state();
  for (const auto& init : initial_) std::copy(init.values.begin(), init.values.end(), state_mut(init.var));
  input_.clear();
  std::fill(i_ext_.begin(), i_ext_.end(), 0.0f);
}

}  // namespace neurosim
