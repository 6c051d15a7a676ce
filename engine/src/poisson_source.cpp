#include "neurosim/poisson_source.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, PoissonPopulation::kParamCount> kPoissonParams{{
    {"rate", "Hz", "Mean firing rate of every generator", 0.0, 200.0},
}};
constexpr std::array<double, PoissonPopulation::kParamCount> kPoissonDefaults{10.0};
constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace

PoissonPopulation::PoissonPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream)
    : Population(std::move(name), size, dt_ms), seed_(seed), stream_(stream), rng_(seed, stream),
      next_ms_(static_cast<std::size_t>(size), kNever) {
  init_params(kPoissonDefaults);
  reset_model_state();
}

std::span<const ParamDesc> PoissonPopulation::param_descs() const { return kPoissonParams; }
std::span<const StateVarDesc> PoissonPopulation::state_descs() const { return {}; }

std::vector<ParamError> PoissonPopulation::validate(std::span<const double> p) const {
  if (auto e = require_non_negative(p[rate])) return {{"rate", *e}};
  // More than one spike per step on average could not be shown or propagated faithfully.
  const double max_rate = 1000.0 / dt_;
  if (p[rate] > max_rate)
    return {{"rate", "must be <= 1/dt = " + format_number(max_rate) + " Hz (got " + format_number(p[rate]) + ")"}};
  return {};
}

void PoissonPopulation::redraw_from(double t_ms) {
  const double r = params_[rate];
  if (r <= 0.0) {
    std::fill(next_ms_.begin(), next_ms_.end(), kNever);
    return;
  }
  const double mean_isi_ms = 1000.0 / r;
  for (double& t : next_ms_) t = t_ms + rng_.exponential(mean_isi_ms);
}

void PoissonPopulation::update_derived() {
  // A new rate applies from the current time on; earlier pending times belonged to the old one.
  redraw_from(static_cast<double>(current_step_) * dt_);
}

void PoissonPopulation::reset_model_state() {
  rng_ = Rng(seed_, stream_);
  current_step_ = 0;
  redraw_from(0.0);
}

void PoissonPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  current_step_ = step + 1;
  const double step_end = static_cast<double>(step + 1) * dt_;
  const double mean_isi_ms = params_[rate] > 0.0 ? 1000.0 / params_[rate] : kNever;
  double* __restrict next = next_ms_.data();
  for (int i = 0; i < size_; ++i) {
    if (next[i] >= step_end) continue;
    // Spikes falling in the same step are one event on the grid; the train stays Poisson
    // because the next interval is drawn from the last one.
    spikes.push_back(i);
    do {
      next[i] += rng_.exponential(mean_isi_ms);
    } while (next[i] < step_end);
  }
}

}  // namespace neurosim
