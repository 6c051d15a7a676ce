// f-I curves and current-step scenarios (see fi_curve.hpp).
#include "neurosim/fi_curve.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "neurosim/network.hpp"

namespace neurosim {
namespace {

PopulationSpec cell_population(std::string_view model, std::span<const ParamDesc> descs, std::span<const double> values,
                               int size) {
  PopulationSpec p;
  p.name = "cell";
  p.model = std::string(model);
  p.size = size;
  for (std::size_t i = 0; i < descs.size() && i < values.size(); ++i)
    p.params[std::string(descs[i].name)] = Distribution::constant(values[i]);
  return p;
}

StimulusSpec step_into(int neuron, double amplitude, double start_ms, double stop_ms) {
  StimulusSpec s;
  s.name = "I[" + std::to_string(neuron) + "]";
  s.population = "cell";
  s.neurons = {neuron};
  s.amplitude = amplitude;
  s.start_ms = start_ms;
  s.stop_ms = stop_ms;
  return s;
}

FiPoint summarise(double current, const std::vector<double>& t, double t_end) {
  FiPoint p;
  p.current = current;
  p.spikes = static_cast<int>(t.size());
  p.mean_rate_hz = t_end > 0.0 ? 1000.0 * static_cast<double>(t.size()) / t_end : 0.0;
  if (t.empty()) return p;
  p.first_spike_ms = t.front();
  if (t.size() < 2) return p;
  p.initial_rate_hz = 1000.0 / (t[1] - t[0]);
  const std::size_t intervals = t.size() - 1;
  const std::size_t from = intervals / 2;  // the later half of the intervals
  const double span = t.back() - t[from];
  const double mean_isi = span / static_cast<double>(intervals - from);
  const double last_isi = t.back() - t[t.size() - 2];
  const bool stopped = t_end - t.back() > std::max(2.0 * last_isi, 50.0);
  p.steady_rate_hz = stopped || !(mean_isi > 0.0) ? 0.0 : 1000.0 / mean_isi;
  return p;
}

}  // namespace

std::vector<double> linspace(double lo, double hi, int n) {
  n = std::max(n, 2);
  std::vector<double> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = lo + (hi - lo) * i / (n - 1);
  return out;
}

FiCurve measure_fi_curve(std::string_view model, std::span<const ParamDesc> descs, std::span<const double> values,
                         const FiOptions& options) {
  FiCurve out;
  const int n = static_cast<int>(options.currents.size());
  if (n == 0) {
    out.error = "no currents to measure";
    return out;
  }
  ScenarioSpec spec;
  spec.name = "fi-curve";
  spec.dt_ms = options.dt_ms;
  spec.duration_ms = options.max_duration_ms;
  spec.populations.push_back(cell_population(model, descs, values, n));
  for (int k = 0; k < n; ++k)
    spec.stimuli.push_back(step_into(k, options.currents[static_cast<std::size_t>(k)], 0.0,
                                     std::numeric_limits<double>::infinity()));
  // Spikes are read per step from last_spikes(); the recorders get token sizes.
  BuildOptions build;
  build.record = RecordMode::Live;
  build.spike_ring_capacity = 1;
  build.trace_capacity_samples = 1;
  build.rate_bins_kept = 1;
  BuildResult built = build_network(spec, build);
  if (!built.network) {
    out.error = built.errors.empty() ? "cannot build the neuron" : built.errors.front().text();
    return out;
  }
  Network& net = *built.network;
  if (net.population(0).is_source()) {
    out.error = "model " + std::string(model) + " is a spike source: it has no f-I curve";
    return out;
  }

  std::vector<std::vector<double>> times(static_cast<std::size_t>(n));
  const double dt = net.dt();
  const auto max_steps = static_cast<std::int64_t>(std::ceil(options.max_duration_ms / dt - 1e-9));
  const auto min_steps = static_cast<std::int64_t>(std::ceil(options.min_duration_ms / dt - 1e-9));
  const std::int64_t check_every = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::lround(10.0 / dt)));
  for (std::int64_t s = 0; s < max_steps; ++s) {
    net.step();
    for (const int i : net.last_spikes(0)) times[static_cast<std::size_t>(i)].push_back(net.time_ms());
    if (s + 1 >= min_steps && (s + 1) % check_every == 0) {
      const bool enough = std::all_of(times.begin(), times.end(), [&](const std::vector<double>& t) {
        return t.empty() || static_cast<int>(t.size()) > options.target_intervals;
      });
      if (enough) break;
    }
  }
  out.simulated_ms = net.time_ms();
  out.points.reserve(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    out.points.push_back(summarise(options.currents[static_cast<std::size_t>(k)], times[static_cast<std::size_t>(k)],
                                   out.simulated_ms));
  return out;
}

ScenarioSpec current_step_scenario(std::string_view model, std::span<const ParamDesc> descs,
                                   std::span<const double> values, const StepProtocol& protocol) {
  ScenarioSpec spec;
  spec.name = "current-steps";
  spec.dt_ms = protocol.dt_ms;
  spec.duration_ms = protocol.duration_ms;
  const int n = static_cast<int>(protocol.amplitudes.size());
  spec.populations.push_back(cell_population(model, descs, values, std::max(n, 1)));
  TraceSpec traces;
  traces.population = "cell";
  for (int k = 0; k < n; ++k) {
    spec.stimuli.push_back(step_into(k, protocol.amplitudes[static_cast<std::size_t>(k)], protocol.start_ms,
                                     protocol.stop_ms));
    traces.neurons.push_back(k);
  }
  if (!traces.neurons.empty()) spec.monitors.traces.push_back(traces);
  return spec;
}

}  // namespace neurosim
