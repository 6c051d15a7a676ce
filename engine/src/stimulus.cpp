#include "neurosim/stimulus.hpp"

#include <cmath>

#include "neurosim/params.hpp"

namespace neurosim {

Stimulus::Stimulus(std::string name, int population, std::vector<int> neurons, StimulusParams params,
                   std::uint64_t seed, std::uint64_t stream)
    : name_(std::move(name)), population_(population), neurons_(std::move(neurons)), params_(params),
      seed_(seed), stream_(stream), rng_(seed, stream) {}

std::string Stimulus::check(const StimulusParams& p) {
  if (!std::isfinite(p.amplitude)) return "amplitude: must be a finite number (got " + format_number(p.amplitude) + ")";
  if (!std::isfinite(p.noise_sd) || p.noise_sd < 0) return "noise_sd: must be >= 0 (got " + format_number(p.noise_sd) + ")";
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
  const auto amplitude = static_cast<float>(params_.amplitude);
  if (params_.noise_sd == 0.0) {
    for (const int i : neurons_) i_ext[static_cast<std::size_t>(i)] += amplitude;
    return;
  }
  const double sd = params_.noise_sd;
  for (const int i : neurons_) i_ext[static_cast<std::size_t>(i)] += amplitude + static_cast<float>(sd * rng_.normal());
}

}  // namespace neurosim
