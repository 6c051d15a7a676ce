// `neurosim sweep`: a parameter sweep (sweep_command.hpp).
//
// Each point is the scenario with one value of every --vary applied as `--set PATH=VALUE` would
// apply it (io::apply_override, in the order the --vary arguments are given; "A+B=..." gives each
// value to both paths), built and run
// exactly as `neurosim run` runs it: the same network, the same seed, the same steps, so a row's
// rates equal those of a plain run with those --set values. Before anything runs, every point is
// checked as a run would check it; a bad argument, an unknown path, an empty range or a value the
// model refuses ends the sweep with exit status 2 and names the --vary argument.
//
// The grid, each point's run and the CSV text are in sweep_plan.cpp, shared with the window.
//
// DIR/sweep.csv: one row per point, in the order of the grid (the last --vary varies fastest):
//   the varied values (columns named by their paths), then per population
//   <population>_rate_hz (spikes / neurons / simulated time, the whole run), <population>_cv_isi
//   (mean coefficient of variation of each neuron's inter-spike intervals, over the neurons with
//   at least three spikes; nan when none has) and <population>_synchrony (the mean pairwise
//   correlation of 1 ms spike counts implied by the Fano factor F of the population count,
//   (F - 1) / (N - 1); spike_statistics.hpp), and `accuracy` (the experiment's final score) when
//   the scenario has an experiment.
#include "cli/sweep_command.hpp"
#include "cli/sweep_plan.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/report.hpp"
#include "results/results_writer.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/session.hpp"
#include "neurosim/spike_statistics.hpp"

namespace neurosim::cli {
namespace {

constexpr std::size_t kMaxValuesPerDimension = 10000;

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::optional<double> to_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

}  // namespace

VaryDimension parse_vary(const std::string& argument, std::string& error) {
  VaryDimension d;
  error.clear();
  const auto eq = argument.find('=');
  if (eq == std::string::npos || eq == 0) {
    error = "expects PATH=v1,v2,... or PATH=lo:hi:n";
    return d;
  }
  d.path = trim(argument.substr(0, eq));
  std::size_t from = 0;
  for (std::size_t k = 0; k <= d.path.size(); ++k)
    if (k == d.path.size() || d.path[k] == '+') {
      d.paths.push_back(trim(d.path.substr(from, k - from)));
      if (d.paths.back().empty()) {
        error = "an empty path in " + d.path;
        return d;
      }
      from = k + 1;
    }
  const std::string values = argument.substr(eq + 1);
  if (values.find(':') != std::string::npos && values.find(',') == std::string::npos) {
    // lo:hi:n, n evenly spaced values from lo to hi inclusive.
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t k = 0; k <= values.size(); ++k)
      if (k == values.size() || values[k] == ':') {
        parts.push_back(trim(values.substr(start, k - start)));
        start = k + 1;
      }
    const auto lo = parts.size() == 3 ? to_number(parts[0]) : std::nullopt;
    const auto hi = parts.size() == 3 ? to_number(parts[1]) : std::nullopt;
    const auto n = parts.size() == 3 ? to_number(parts[2]) : std::nullopt;
    if (!lo || !hi || !n) {
      error = "a range must be lo:hi:n with numbers lo and hi and a count n (got \"" + values + "\")";
      return d;
    }
    if (*n < 1 || *n != std::floor(*n)) {
      error = "the range " + values + " is empty: n must be a whole number >= 1";
      return d;
    }
    if (*n > static_cast<double>(kMaxValuesPerDimension)) {
      error = "at most " + std::to_string(kMaxValuesPerDimension) + " values per --vary (got " + parts[2] + ")";
      return d;
    }
    const auto count = static_cast<int>(*n);
    for (int k = 0; k < count; ++k)
      d.values.push_back(number_text(count == 1 ? *lo : *lo + (*hi - *lo) * k / (count - 1)));
    return d;
  }
  std::size_t start = 0;
  for (std::size_t k = 0; k <= values.size(); ++k)
    if (k == values.size() || values[k] == ',') {
      const std::string v = trim(values.substr(start, k - start));
      if (!v.empty()) d.values.push_back(v);
      start = k + 1;
    }
  if (d.values.empty()) error = "no values to try (expected PATH=v1,v2,... or PATH=lo:hi:n)";
  else if (d.values.size() > kMaxValuesPerDimension) error = "at most " + std::to_string(kMaxValuesPerDimension) + " values per --vary";
  return d;
}

int sweep_command(const SweepOptions& options) {
  using Clock = std::chrono::steady_clock;
  try {
    // [1] The scenario and the grid; every point checked before anything runs.
    io::LoadResult loaded = io::load_scenario(options.scenario);
    if (!loaded.errors.empty()) {
      print_errors(options.scenario, loaded.errors);
      return kExitBadInput;
    }
    const ScenarioSpec base = std::move(*loaded.spec);
    if (options.vary.empty()) {
      std::cerr << "error: sweep needs at least one --vary PATH=v1,v2,...\n";
      return kExitBadInput;
    }
    if (options.duration_ms && base.experiment) {
      std::cerr << "error: --duration does not apply to " << options.scenario
                << ": its experiment's schedule sets the simulated time (vary experiment.epochs or experiment.epoch_ms instead)\n";
      return kExitBadInput;
    }
    if (options.duration_ms && (!std::isfinite(*options.duration_ms) || *options.duration_ms <= 0)) {
      std::cerr << "error: --duration must be a number of ms > 0\n";
      return kExitBadInput;
    }
    std::string plan_error;
    const std::optional<SweepPlan> plan = plan_sweep(base, options.vary, options.duration_ms, plan_error);
    if (!plan) {
      std::cerr << "error: " << plan_error << '\n';
      return kExitBadInput;
    }
    const std::size_t points = plan->points();

    // [2] The output directory, before the work.
    const io::Replace replace = options.overwrite ? io::Replace::Allowed : io::Replace::Never;
    const std::vector<std::string> names{"sweep.csv"};
    const std::filesystem::path dir = io::free_directory(options.out_dir, names, replace);
    if (dir != std::filesystem::path(options.out_dir))
      std::cerr << "note: " << options.out_dir << " already holds a sweep; writing to " << dir.string() << " (--overwrite replaces it)\n";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
      std::cerr << "error: cannot create output directory " << dir.string() << (ec ? ": " + ec.message() : ": a file is in the way") << '\n';
      return kExitBadInput;
    }

    // [3] Every point, on `jobs` threads (each builds its own network).
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const auto jobs = static_cast<std::size_t>(std::min<std::size_t>(options.jobs > 0 ? static_cast<std::size_t>(options.jobs) : cores, points));
    std::vector<SweepRow> rows(points);
    std::atomic<std::size_t> next{0};
    std::mutex progress_mutex;
    std::size_t finished = 0;
    const auto start = Clock::now();
    auto last_report = start;
    const auto worker = [&] {
      for (std::size_t i = next++; i < points; i = next++) {
        try {
          rows[i] = run_sweep_point(plan->specs[i]);
        } catch (const std::exception& e) {
          rows[i].error = e.what();
        }
        const std::lock_guard<std::mutex> lock(progress_mutex);
        ++finished;
        const auto now = Clock::now();
        if (now - last_report >= std::chrono::seconds(2)) {  // progress every ~2 s; short sweeps print nothing
          last_report = now;
          std::fprintf(stderr, "neurosim: sweep %zu of %zu points done\n", finished, points);
        }
      }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (std::size_t i = 0; i < points; ++i)
      if (!rows[i].error.empty()) {
        std::cerr << "error: sweep point " << i << ": " << rows[i].error << '\n';
        return kExitInternal;
      }

    // [4] sweep.csv.
    const std::string csv = sweep_csv_text(*plan, rows);
    io::write_file_atomically(dir / "sweep.csv", csv, replace);
    std::printf("sweep of %s: %zu points in %.2f s on %zu threads; results in %s\n",
                base.name.empty() ? options.scenario.c_str() : base.name.c_str(), points, seconds, jobs, (dir / "sweep.csv").string().c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
