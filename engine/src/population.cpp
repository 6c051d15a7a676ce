#include "neurosim/population.hpp"

#include <algorithm>
#include <cmath>

namespace neurosim {

Population::Population(std::string name, int size, double dt_ms)
    : name_(std::move(name)), size_(size), dt_(dt_ms), i_ext_(static_cast<std::size_t>(size), 0.0f) {
  input_.resize(size, 1);
}

void Population::init_params(std::span<const double> defaults) { params_.assign(defaults.begin(), defaults.end()); }

std::optional<int> Population::param_index(std::string_view name) const {
  const auto descs = param_descs();
  for (std::size_t i = 0; i < descs.size(); ++i)
    if (descs[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

double Population::param(std::string_view name) const {
  const auto i = param_index(name);
  return i ? param(*i) : std::nan("");
}

std::vector<ParamError> Population::set_params(std::span<const double> values) {
  if (values.size() != params_.size()) return {{"", "expected " + std::to_string(params_.size()) + " values"}};
  auto errors = validate(values);
  if (!errors.empty()) return errors;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double delta = values[i] - params_[i];
    if (delta != 0.0) on_param_shift(static_cast<int>(i), delta);
  }
  params_.assign(values.begin(), values.end());
  update_derived();
  return {};
}

std::vector<ParamError> Population::set_param(std::string_view name, double value) {
  const auto i = param_index(name);
  if (!i) return {{std::string(name), "unknown parameter for model " + std::string(model())}};
  std::vector<double> candidate = params_;
  candidate[static_cast<std::size_t>(*i)] = value;
  return set_params(candidate);
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
