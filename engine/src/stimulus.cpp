#include "neurosim/stimulus.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "neurosim/params.hpp"

namespace neurosim {

Stimulus::Stimulus(std::string name, int population, std::vector<int> neurons, StimulusParams params,
                   std::uint64_t seed, std::uint64_t stream)
    : name_(std::move(name)), population_(population), neurons_(std::move(neurons)), params_(params),
      seed_(seed), stream_(stream), noise_(seed, stream) {
  note_neurons();
}

void Stimulus::note_neurons() {
  noise_values_.assign(NoiseLanes::padded(neurons_.size()), 0.0f);
  first_neuron_ = neurons_.empty() ? -1 : neurons_.front();
  for (std::size_t k = 0; k < neurons_.size() && first_neuron_ >= 0; ++k)
    if (neurons_[k] != neurons_.front() + static_cast<int>(k)) first_neuron_ = -1;
}

std::string Stimulus::check(const StimulusParams& p) {
  if (!std::isfinite(p.amplitude)) return "amplitude: must be a finite number (got " + format_number(p.amplitude) + ")";
  if (!std::isfinite(p.noise_sd) || p.noise_sd < 0) return "noise_sd: must be >= 0 (got " + format_number(p.noise_sd) + ")";
  // Both are applied in single precision: beyond its range a current would be infinite.
  constexpr double kLargest = std::numeric_limits<float>::max();
  if (std::fabs(p.amplitude) > kLargest) return "amplitude: must be within +-" + format_number(kLargest) + " (got " + format_number(p.amplitude) + ")";
  if (p.noise_sd > kLargest) return "noise_sd: must be at most " + format_number(kLargest) + " (got " + format_number(p.noise_sd) + ")";
  if (!std::isfinite(p.start_ms) || p.start_ms < 0) return "start_ms: must be >= 0 (got " + format_number(p.start_ms) + ")";
  if (std::isnan(p.stop_ms) || p.stop_ms < p.start_ms)
    return "stop_ms: must be >= start_ms (got " + format_number(p.stop_ms) + ")";
  return {};
}

void Stimulus::apply(std::int64_t step, double dt_ms, std::span<float> i_ext) {
  // Active over the steps whose start time lies in [start, stop); the tiny tolerance keeps a
  // time given on the grid (100 ms at dt 0.1) on the grid despite rounding in step * dt.
  const double t = static_cast<double>(step) * dt_ms;
  if (t + 1e-9 * dt_ms < params_.start_ms || t + 1e-9 * dt_ms >= params_.stop_ms) return;
  if (player_.series() != nullptr) {
    // The series runs from start_ms; a start moved back in time plays it from its beginning.
    const std::int64_t local = step - std::max(step_of(params_.start_ms, dt_ms), series_from_);
    if (local < last_local_) player_.reset();
    last_local_ = local;
    const std::int64_t row = player_.advance(local, [](std::size_t) {}, [](int) {});
    if (row >= 0) {
      const TimeSeries& s = *player_.series();
      const float* v = s.values.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(s.columns);
      const std::size_t n = std::min(neurons_.size(), static_cast<std::size_t>(s.columns));
      for (std::size_t k = 0; k < n; ++k) i_ext[static_cast<std::size_t>(neurons_[k])] += v[k];
    }
  }
  const auto amplitude = static_cast<float>(params_.amplitude);
  if (params_.noise_sd == 0.0) {
    for (const int i : neurons_) i_ext[static_cast<std::size_t>(i)] += amplitude;
    return;
  }
  const std::size_t n = neurons_.size();
  noise_.fill(noise_values_.data(), n, static_cast<float>(params_.noise_sd));
  const float* __restrict noise = noise_values_.data();
  if (first_neuron_ >= 0) {
    float* __restrict out = i_ext.data() + first_neuron_;
    for (std::size_t k = 0; k < n; ++k) out[k] += amplitude + noise[k];
    return;
  }
  float* out = i_ext.data();
  for (std::size_t k = 0; k < n; ++k) out[static_cast<std::size_t>(neurons_[k])] += amplitude + noise[k];
}

void Stimulus::set_series(std::shared_ptr<const TimeSeries> series, bool loop, double dt_ms, std::int64_t from_step) {
  player_.attach(std::move(series), dt_ms, loop);
  last_local_ = -1;
  series_from_ = from_step;
}

}  // namespace neurosim
