// `neurosim run SCENARIO [--duration MS] [--seed N] [--out DIR] [--set PATH=VALUE ...]`:
// load, override, build with full recording, step, write the result files.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <iostream>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "cli/results_writer.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "version.hpp"

namespace neurosim::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "--set PATH=VALUE" applied in order; false (and a message) on the first that fails.
bool apply_overrides(ScenarioSpec& spec, const std::vector<std::string>& overrides) {
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "error: --set expects PATH=VALUE, e.g. --set populations.exc.params.tau_m=15 (got \"" << o << "\")\n";
      return false;
    }
    const std::string reason = io::apply_override(spec, std::string_view(o).substr(0, eq), std::string_view(o).substr(eq + 1));
    if (!reason.empty()) {
      std::cerr << "error: --set " << o << ": " << reason << '\n';
      return false;
    }
  }
  return true;
}

// Progress on stderr every ~2 s of wall time; short runs print nothing.
class Progress {
 public:
  Progress(std::int64_t total_steps, double dt_ms) : total_(total_steps), dt_(dt_ms), start_(Clock::now()), last_(start_) {}
  void update(std::int64_t step) {
    const auto now = Clock::now();
    if (now - last_ < std::chrono::seconds(2)) return;
    last_ = now;
    const double wall = std::chrono::duration<double>(now - start_).count();
    const double sim_ms = static_cast<double>(step) * dt_;
    std::fprintf(stderr, "neurosim: %3.0f%%  %.0f of %.0f ms simulated  %.2fx real time\n",
                 100.0 * static_cast<double>(step) / static_cast<double>(total_), sim_ms, static_cast<double>(total_) * dt_,
                 wall > 0 ? sim_ms / 1000.0 / wall : 0.0);
  }

 private:
  std::int64_t total_;
  double dt_;
  Clock::time_point start_, last_;
};

}  // namespace

int run_command(const RunOptions& options) {
  try {
    // [1] Scenario, then the command line's changes to it.
    io::LoadResult loaded = io::load_scenario(options.scenario);
    if (!loaded.errors.empty()) {
      print_errors(options.scenario, loaded.errors);
      return kExitBadInput;
    }
    ScenarioSpec spec = std::move(*loaded.spec);
    if (!apply_overrides(spec, options.overrides)) return kExitBadInput;
    if (options.duration_ms) spec.duration_ms = *options.duration_ms;
    if (options.seed) spec.seed = *options.seed;

    // [2] Build, recording everything (checks the scenario again, with the changes).
    const auto build_start = Clock::now();
    BuildResult built = build_network(spec, BuildOptions{RecordMode::Full});
    if (!built.errors.empty()) {
      print_errors(options.scenario, built.errors);
      return kExitBadInput;
    }
    Network& net = *built.network;
    RunSummary summary;
    summary.version = kVersion;
    summary.started_utc = utc_now();
    summary.build_time_s = seconds_since(build_start);

    const std::filesystem::path dir(options.out_dir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
      std::cerr << "error: cannot create output directory " << dir.string() << (ec ? ": " + ec.message() : ": a file is in the way") << '\n';
      return kExitBadInput;
    }

    // [3] Step, closing a metrics window every report interval.
    const double dt = spec.dt_ms;
    const auto total = static_cast<std::int64_t>(std::llround(spec.duration_ms / dt));
    const std::int64_t window = std::max<std::int64_t>(1, std::llround(spec.monitors.report_interval_ms / dt));
    const std::int64_t chunk = std::max<std::int64_t>(1, std::min<std::int64_t>(window, 1000));
    const auto populations = static_cast<std::size_t>(net.population_count());
    std::vector<MetricsWindow> windows;
    windows.reserve(static_cast<std::size_t>(total / window + 1));
    std::vector<std::uint64_t> before(populations, 0);
    Progress progress(total, dt);
    const auto run_start = Clock::now();
    std::int64_t window_start = 0;
    while (net.step_index() < total) {
      const std::int64_t now = net.step_index();
      const std::int64_t window_end = std::min(total, window_start + window);
      net.run(std::min(chunk, window_end - now));
      if (net.step_index() == window_end) {
        MetricsWindow w{window_end, window_end - window_start, std::vector<std::uint64_t>(populations)};
        for (std::size_t p = 0; p < populations; ++p) {
          const std::uint64_t t = net.total_spikes(static_cast<int>(p));
          w.spikes[p] = t - before[p];
          before[p] = t;
        }
        windows.push_back(std::move(w));
        window_start = window_end;
      }
      progress.update(net.step_index());
    }
    summary.wall_time_s = seconds_since(run_start);
    summary.steps = net.step_index();

    // [4] Results.
    const std::uint64_t spikes = write_spikes_csv(dir, net);
    write_metrics_csv(dir, net, windows);
    const bool traced = !net.traces().probes().empty();
    if (traced) write_traces_csv(dir, net);
    write_experiment_json(dir, net, summary);

    const double sim_s = static_cast<double>(summary.steps) * dt / 1000.0;
    std::printf("%s: %g ms simulated in %.3f s (%.2fx real time), %llu spikes, %llu synaptic events\n",
                spec.name.empty() ? options.scenario.c_str() : spec.name.c_str(), static_cast<double>(summary.steps) * dt,
                summary.wall_time_s, summary.wall_time_s > 0 ? sim_s / summary.wall_time_s : 0.0,
                static_cast<unsigned long long>(spikes), static_cast<unsigned long long>(net.synaptic_events()));
    for (int p = 0; p < net.population_count(); ++p) {
      const Population& pop = net.population(p);
      const double rate = sim_s > 0 ? static_cast<double>(net.total_spikes(p)) / pop.size() / sim_s : 0.0;
      std::printf("  %-16s %-10s %9d neurons %10.3f Hz\n", pop.name().c_str(), std::string(pop.model()).c_str(), pop.size(), rate);
    }
    std::printf("results in %s: spikes.csv metrics.csv%s experiment.json\n", dir.string().c_str(), traced ? " traces.csv" : "");
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
