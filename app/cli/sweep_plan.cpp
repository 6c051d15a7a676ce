// The engine side of a sweep (sweep_plan.hpp): the grid, one point's run, sweep.csv's text.
#include "cli/sweep_plan.hpp"

#include <cmath>
#include <cstdio>

#include "results/results_writer.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/session.hpp"

namespace neurosim::cli {
namespace {

constexpr std::size_t kMaxPoints = 100000;

std::string csv_number(double v) {
  if (std::isnan(v)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

}  // namespace

std::optional<SweepPlan> plan_sweep(const ScenarioSpec& base, const std::vector<std::string>& vary, std::optional<double> duration_ms,
                                    std::string& error) {
  error.clear();
  SweepPlan plan;
  plan.base = base;
  if (vary.empty()) {
    error = "a sweep needs at least one --vary PATH=v1,v2,...";
    return std::nullopt;
  }
  if (duration_ms && base.experiment) {
    error = "--duration does not apply to " + (base.name.empty() ? std::string("this scenario") : base.name) +
            ": its experiment's schedule sets the simulated time (vary experiment.epochs or experiment.epoch_ms instead)";
    return std::nullopt;
  }
  if (duration_ms && (!std::isfinite(*duration_ms) || *duration_ms <= 0)) {
    error = "--duration must be a number of ms > 0";
    return std::nullopt;
  }
  std::size_t points = 1;
  for (const std::string& arg : vary) {
    std::string why;
    VaryDimension d = parse_vary(arg, why);
    if (why.empty())
      for (const VaryDimension& other : plan.dims)
        for (const std::string& a : other.paths)
          for (const std::string& b : d.paths)
            if (a == b) why = "the path " + b + " is varied twice";
    if (why.empty())  // each value alone, on the scenario: the path exists and the model takes it
      for (const std::string& v : d.values) {
        ScenarioSpec probe = base;
        std::string reason;
        for (const std::string& path : d.paths)
          if (reason.empty()) reason = io::apply_override(probe, path, v);
        if (reason.empty()) {
          const auto errors = check_scenario(probe);
          if (!errors.empty()) reason = "value " + v + ": " + errors.front().text();
        }
        if (!reason.empty()) {
          why = reason;
          break;
        }
      }
    if (!why.empty()) {
      error = "--vary " + arg + ": " + why;
      return std::nullopt;
    }
    points *= d.values.size();
    if (points > kMaxPoints) {
      error = "--vary " + arg + ": the sweep would have more than " + std::to_string(kMaxPoints) + " points";
      return std::nullopt;
    }
    plan.dims.push_back(std::move(d));
  }
  plan.specs.assign(points, base);
  plan.chosen.resize(points);
  for (std::size_t i = 0; i < points; ++i) {
    std::size_t rest = i;
    std::vector<std::string> values(plan.dims.size());
    for (std::size_t d = plan.dims.size(); d-- > 0;) {  // the last dimension varies fastest
      values[d] = plan.dims[d].values[rest % plan.dims[d].values.size()];
      rest /= plan.dims[d].values.size();
    }
    for (std::size_t d = 0; d < plan.dims.size(); ++d)
      for (const std::string& path : plan.dims[d].paths) (void)io::apply_override(plan.specs[i], path, values[d]);  // checked above
    if (duration_ms) plan.specs[i].duration_ms = *duration_ms;
    std::vector<SpecError> errors = io::load_inputs(plan.specs[i]);
    if (errors.empty()) errors = check_scenario(plan.specs[i]);
    if (!errors.empty()) {  // values that are fine alone but not together
      std::string args;
      for (std::size_t d = 0; d < plan.dims.size(); ++d) args += (d ? " " : "") + std::string("--vary ") + plan.dims[d].path + "=" + values[d];
      error = args + ": " + errors.front().text();
      return std::nullopt;
    }
    plan.chosen[i] = std::move(values);
  }
  return plan;
}

SweepRow run_sweep_point(const ScenarioSpec& spec, const std::atomic<bool>* cancel) {
  SweepRow row;
  row.accuracy = std::nan("");
  BuildOptions build_options;
  build_options.record = RecordMode::Live;
  build_options.spike_ring_capacity = 1u << 12;  // spikes are read per step from last_spikes()
  build_options.trace_capacity_samples = 1;
  BuildResult built = build_network(spec, build_options);
  if (!built.errors.empty()) {
    row.error = built.errors.front().text();
    return row;
  }
  // Stepped through a Session, as `neurosim run` steps: the scenario's timeline applies too.
  Session session(std::move(built.network));
  const Network& net = session.network();
  SpikeStatistics stats(net, 0);
  const auto cancelled = [&] { return cancel != nullptr && cancel->load(std::memory_order_relaxed); };
  if (spec.experiment) {
    while (session.experiment_running()) {
      if (cancelled()) {
        row.cancelled = true;
        return row;
      }
      session.advance(1);
      stats.observe(net);
    }
    row.accuracy = session.experiment()->final_score().accuracy;
  } else {
    const std::int64_t total = std::isfinite(spec.duration_ms) ? std::llround(spec.duration_ms / spec.dt_ms) : 0;
    while (net.step_index() < total) {
      if (cancelled()) {
        row.cancelled = true;
        return row;
      }
      session.advance(1);
      stats.observe(net);
    }
  }
  for (int p = 0; p < net.population_count(); ++p) row.stats.push_back(stats.population(p));
  return row;
}

std::string sweep_csv_text(const SweepPlan& plan, const std::vector<SweepRow>& rows) {
  std::string csv;
  for (const VaryDimension& d : plan.dims) csv += csv_field(d.path) + ",";
  for (const PopulationSpec& p : plan.base.populations)
    csv += csv_field(p.name + "_rate_hz") + "," + csv_field(p.name + "_cv_isi") + "," + csv_field(p.name + "_synchrony") + ",";
  if (plan.base.experiment) csv += "accuracy,";
  csv.back() = '\n';
  for (std::size_t i = 0; i < plan.points() && i < rows.size(); ++i) {
    std::string line;
    for (const std::string& v : plan.chosen[i]) line += csv_field(v) + ",";
    for (const PopulationStatistics& s : rows[i].stats)
      line += csv_number(s.rate_hz) + "," + csv_number(s.cv_isi) + "," + csv_number(s.synchrony) + ",";
    if (plan.base.experiment) line += csv_number(rows[i].accuracy) + ",";
    line.back() = '\n';
    csv += line;
  }
  return csv;
}

}  // namespace neurosim::cli
