#include "neurosim/poisson_source.hpp"

#include <algorithm>
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
constexpr std::int64_t kNeverStep = std::numeric_limits<std::int64_t>::max();

}  // namespace

PoissonPopulation::PoissonPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream)
    : SpikeSource(std::move(name), size, dt_ms), seed_(seed), stream_(stream), rng_(seed, stream),
      next_ms_(static_cast<std::size_t>(size), kNever),
      due_(static_cast<std::size_t>(size), kNeverStep),
      link_(static_cast<std::size_t>(size), -1),
      bucket_(kWheelSize, -1) {
  firing_.reserve(static_cast<std::size_t>(size));
  init_params(kPoissonDefaults);
  reset_model_state();
}

std::span<const ParamDesc> PoissonPopulation::param_descs() const { return kPoissonParams; }

std::vector<ParamError> PoissonPopulation::validate(std::span<const double> p) const {
  if (auto e = require_non_negative(p[rate])) return {{"rate", *e}};
  // More than one spike per step on average could not be shown or propagated faithfully.
  const double max_rate = 1000.0 / dt_;
  if (p[rate] > max_rate)
    return {{"rate", "must be <= 1/dt = " + format_number(max_rate) + " Hz (got " + format_number(p[rate]) + ")"}};
  return {};
}

void PoissonPopulation::redraw_from(double t_ms) {
  std::fill(bucket_.begin(), bucket_.end(), -1);
  const double r = params_[rate];
  if (r <= 0.0) {
    std::fill(next_ms_.begin(), next_ms_.end(), kNever);
    std::fill(due_.begin(), due_.end(), kNeverStep);
    return;
  }
  const double mean_isi_ms = 1000.0 / r;
  for (int i = 0; i < size_; ++i) {
    next_ms_[static_cast<std::size_t>(i)] = t_ms + rng_.exponential(mean_isi_ms);
    schedule(i);
  }
}

std::int64_t PoissonPopulation::step_of(double t_ms, std::int64_t from) const {
  if (!(t_ms < 9.0e18 * dt_)) return kNeverStep;
  // The division is a first guess; the comparisons are the ones a scan of every step would
  // make (t < (s + 1) dt), so the spike lands in exactly the step it did before the wheel.
  std::int64_t s = std::max(from, static_cast<std::int64_t>(std::floor(t_ms / dt_)));
  while (s > from && t_ms < static_cast<double>(s) * dt_) --s;
  while (!(t_ms < static_cast<double>(s + 1) * dt_)) ++s;
  return s;
}

void PoissonPopulation::schedule(int neuron) {
  const auto i = static_cast<std::size_t>(neuron);
  due_[i] = step_of(next_ms_[i], current_step_);
  if (due_[i] == kNeverStep) return;
  const auto b = static_cast<std::size_t>(due_[i] & (kWheelSize - 1));
  link_[i] = bucket_[b];
  bucket_[b] = neuron;
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
  // Take this step's bucket; neurons due a turn of the wheel later go back into it.
  const auto b = static_cast<std::size_t>(step & (kWheelSize - 1));
  int i = bucket_[b];
  bucket_[b] = -1;
  firing_.clear();
  while (i >= 0) {
    const int after = link_[static_cast<std::size_t>(i)];
    if (due_[static_cast<std::size_t>(i)] <= step) {
      firing_.push_back(i);
    } else {
      link_[static_cast<std::size_t>(i)] = bucket_[b];
      bucket_[b] = i;
    }
    i = after;
  }
  current_step_ = step + 1;
  if (firing_.empty()) return;
  // In neuron order, as a scan would find them: spikes and random draws come in the same order
  // whatever the wheel's bucket order.
  std::sort(firing_.begin(), firing_.end());
  const double step_end = static_cast<double>(step + 1) * dt_;
  const double mean_isi_ms = params_[rate] > 0.0 ? 1000.0 / params_[rate] : kNever;
  for (int n : firing_) {
    // Spikes falling in the same step are one event on the grid; the train stays Poisson
    // because the next interval is drawn from the last one.
    spikes.push_back(n);
    double& next = next_ms_[static_cast<std::size_t>(n)];
    do {
      next += rng_.exponential(mean_isi_ms);
    } while (next < step_end);
    schedule(n);
  }
}

}  // namespace neurosim
