#pragma once
// f-I curve (firing rate against constant input current) measured by simulation, the way an
// electrophysiologist measures it: copies of one neuron, each under its own constant current from
// t = 0 and from the model's initial state, in a network of their own (no synapses, no noise)
// built through build_network like any scenario, so the curve is the one of the running model.
//
// Rates reported per current (after Benda & Herz 2003, Neural Comput. 15:2523, who distinguish
// the onset and the adapted f-I curve of an adapting neuron):
//   initial_rate_hz  1 / first interspike interval (the onset curve);
//   steady_rate_hz   1 / mean of the later half of the intervals (the adapted curve), 0 when the
//                    neuron has stopped firing (no spike for twice its last interval, and at least
//                    50 ms, before the end);
//   mean_rate_hz     spikes / simulated time.
// Rates are 0 with fewer than two spikes (mean_rate_hz counts a single spike).
//
// A current-step protocol helper builds the same one-neuron-per-amplitude scenario with steps
// from start_ms to stop_ms, for tests and headless use.
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/params.hpp"
#include "neurosim/spec.hpp"

namespace neurosim {

struct FiOptions {
  std::vector<double> currents;  // one neuron per current (the model's current units)
  double dt_ms = 0.1;
  double max_duration_ms = 1000.0;  // the longest simulated time
  // Stop early (not before min_duration_ms) once every neuron that fires has at least
  // `target_intervals` interspike intervals; silent neurons are then taken as silent.
  double min_duration_ms = 300.0;
  int target_intervals = 30;
};

struct FiPoint {
  double current = 0;
  int spikes = 0;
  double first_spike_ms = std::numeric_limits<double>::quiet_NaN();  // NaN when silent
  double initial_rate_hz = 0;
  double steady_rate_hz = 0;
  double mean_rate_hz = 0;
};

struct FiCurve {
  std::vector<FiPoint> points;
  double simulated_ms = 0;
  std::string error;  // why nothing was measured (unknown model, rejected parameters); else empty
};

// `values` are in the order of `descs` (Population::param_descs / param_values); every value is
// used as given, I_bias included (set it to 0 to measure against the injected current alone).
FiCurve measure_fi_curve(std::string_view model, std::span<const ParamDesc> descs, std::span<const double> values,
                         const FiOptions& options);

// `n` >= 2 currents evenly spaced over [lo, hi].
std::vector<double> linspace(double lo, double hi, int n);

// [SECTION] Current-step protocol
struct StepProtocol {
  std::vector<double> amplitudes;  // one neuron per amplitude
  double start_ms = 50.0;
  double stop_ms = 550.0;
  double duration_ms = 600.0;  // of the whole run
  double dt_ms = 0.1;
};

// A scenario with one population ("cell") of amplitudes.size() neurons of the given model and
// parameters, a step of amplitudes[k] into neuron k, and every neuron traced.
ScenarioSpec current_step_scenario(std::string_view model, std::span<const ParamDesc> descs,
                                   std::span<const double> values, const StepProtocol& protocol);

}  // namespace neurosim
