#pragma once
// The engine side of a parameter sweep, shared by `neurosim sweep` (sweep_command.cpp) and the
// window's Sweep panel, so that a point run in the window equals the same point run headless,
// and both equal a plain `neurosim run` with the same --set values:
//   plan_sweep       every combination of the --vary values, each checked as a run checks it;
//   run_sweep_point  one point built and stepped exactly as `neurosim run` steps it;
//   sweep_csv_text   sweep.csv's bytes.
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cli/sweep_command.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/spike_statistics.hpp"

namespace neurosim::cli {

struct SweepPlan {
  ScenarioSpec base;
  std::vector<VaryDimension> dims;
  std::vector<ScenarioSpec> specs;                 // one per point, in grid order (the last dimension fastest)
  std::vector<std::vector<std::string>> chosen;    // per point, the value of each dimension as written
  std::size_t points() const { return specs.size(); }
};

// The grid over `base`. On failure returns nullopt and `error` names the argument, as the
// command prints it after "error: ", e.g. "--vary populations.neuron.params.tau_m=10,0: value 0:
// populations[0].params.tau_m: must be > 0 (got 0)".
std::optional<SweepPlan> plan_sweep(const ScenarioSpec& base, const std::vector<std::string>& vary, std::optional<double> duration_ms,
                                    std::string& error);

struct SweepRow {
  std::vector<PopulationStatistics> stats;  // per population
  double accuracy = 0.0;                    // NaN without an experiment
  std::string error;                        // a failure while running this point
  bool cancelled = false;
};

// Builds and runs one point as run_command does. `cancel` (may be null) is read every step: when
// it turns true the point stops, marked cancelled.
SweepRow run_sweep_point(const ScenarioSpec& spec, const std::atomic<bool>* cancel = nullptr);

// sweep.csv: the varied values, then per population <name>_rate_hz, <name>_cv_isi,
// <name>_synchrony, then `accuracy` when the scenario has an experiment.
std::string sweep_csv_text(const SweepPlan& plan, const std::vector<SweepRow>& rows);

}  // namespace neurosim::cli
