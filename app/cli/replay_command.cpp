// `neurosim replay` (replay_command.hpp).
#include "cli/replay_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <set>

#include "cli/replay_mapping.hpp"
#include "cli/report.hpp"
#include "results/results_writer.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/io/spike_files.hpp"

namespace neurosim::cli {

int replay_command(const ReplayOptions& options) {
  try {
    // [1] Every file, in order; the first that fails stops the replay.
    io::SpikeRecording rec;
    std::vector<std::string> source_of;
    for (const std::string& f : options.files) {
      if (const std::string e = io::read_spike_file(f, rec); !e.empty()) {
        std::cerr << "error: " << e << '\n';
        return kExitBadInput;
      }
      source_of.resize(rec.populations.size(), f);
    }

    // [2] Populations.
    Mapped m;
    double interval_ms = 100.0, duration_ms = 0.0;
    if (!options.scenario.empty()) {
      io::LoadOptions load;
      load.read_inputs = false;
      io::LoadResult loaded = io::load_scenario(options.scenario, load);
      if (!loaded.errors.empty()) {
        print_errors(options.scenario, loaded.errors);
        return kExitBadInput;
      }
      if (const std::string e = map_to_scenario(rec, source_of, *loaded.spec, m); !e.empty()) {
        std::cerr << "error: " << e << '\n';
        return kExitBadInput;
      }
      interval_ms = loaded.spec->monitors.report_interval_ms;
      if (std::isfinite(loaded.spec->duration_ms)) duration_ms = loaded.spec->duration_ms;
    } else {
      map_alone(rec, m);
    }
    // NEST writes each virtual process's events in its own order; files may overlap in time.
    std::stable_sort(m.spikes.begin(), m.spikes.end(), [](const Mapped::Spike& a, const Mapped::Spike& b) {
      return a.t_ms != b.t_ms ? a.t_ms < b.t_ms : a.population != b.population ? a.population < b.population : a.neuron < b.neuron;
    });
    const double last = m.spikes.empty() ? 0.0 : m.spikes.back().t_ms;
    if (last >= duration_ms) duration_ms = (std::floor(last / interval_ms) + 1.0) * interval_ms;

    // [3] Results, as `run` writes them.
    const io::Replace replace = options.overwrite ? io::Replace::Allowed : io::Replace::Never;
    static const std::vector<std::string> names{"spikes.csv", "metrics.csv"};
    const std::filesystem::path dir = io::free_directory(options.out_dir, names, replace);
    if (dir != std::filesystem::path(options.out_dir))
      std::cerr << "note: " << options.out_dir << " already holds results; writing to " << dir.string() << " (--overwrite replaces them)\n";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
      std::cerr << "error: cannot create output directory " << dir.string() << (ec ? ": " + ec.message() : ": a file is in the way") << '\n';
      return kExitBadInput;
    }
    std::vector<std::string> quoted;
    for (const OutPopulation& p : m.populations) quoted.push_back(csv_field(p.name));
    BufferedFile spikes(dir / "spikes.csv", replace);
    spikes.put("t_ms,population,neuron\n");
    for (const Mapped::Spike& s : m.spikes) {
      spikes.put_double(s.t_ms);
      spikes.put(',');
      spikes.put(quoted[static_cast<std::size_t>(s.population)]);
      spikes.put(',');
      spikes.put_int(s.neuron);
      spikes.put('\n');
    }
    spikes.commit();

    const auto windows = static_cast<std::size_t>(std::ceil(duration_ms / interval_ms - 1e-9));
    const std::size_t pops = m.populations.size();
    std::vector<std::uint64_t> counts(windows * pops, 0);
    for (const Mapped::Spike& s : m.spikes) {
      const auto w = std::min(windows - 1, static_cast<std::size_t>(s.t_ms / interval_ms));
      ++counts[w * pops + static_cast<std::size_t>(s.population)];
    }
    BufferedFile metrics(dir / "metrics.csv", replace);
    metrics.put("t_ms");
    for (const OutPopulation& p : m.populations) {
      metrics.put(',');
      metrics.put(csv_field(p.name + "_rate_hz"));
      metrics.put(',');
      metrics.put(csv_field(p.name + "_spikes"));
    }
    metrics.put('\n');
    for (std::size_t w = 0; w < windows; ++w) {
      const double start = static_cast<double>(w) * interval_ms, end = std::min(duration_ms, start + interval_ms);
      metrics.put_general(end, 15);
      for (std::size_t p = 0; p < pops; ++p) {
        const std::uint64_t n = counts[w * pops + p];
        const double seconds = (end - start) / 1000.0;
        const auto size = static_cast<double>(m.populations[p].size);
        metrics.put(',');
        metrics.put_general(seconds > 0 && size > 0 ? static_cast<double>(n) / size / seconds : 0.0, 6);
        metrics.put(',');
        metrics.put_int(static_cast<std::int64_t>(n));
      }
      metrics.put('\n');
    }
    metrics.commit();

    std::printf("replay: %zu spikes from %zu files over %g ms\n", m.spikes.size(), options.files.size(), duration_ms);
    std::vector<std::uint64_t> totals(pops, 0);
    for (const Mapped::Spike& s : m.spikes) ++totals[static_cast<std::size_t>(s.population)];
    for (std::size_t p = 0; p < pops; ++p) {
      const double size = static_cast<double>(m.populations[p].size);
      std::printf("  %-16s %9lld neurons %10.3f Hz\n", m.populations[p].name.c_str(), static_cast<long long>(m.populations[p].size),
                  size > 0 ? static_cast<double>(totals[p]) / size / (duration_ms / 1000.0) : 0.0);
    }
    std::printf("results in %s: spikes.csv metrics.csv\n", dir.string().c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
