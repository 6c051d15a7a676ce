// Recorded spikes as a network of ReplaySource populations (replay_network.hpp).
#include "gui/shell/replay_network.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "cli/replay_mapping.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/io/spike_files.hpp"
#include "neurosim/replay_source.hpp"

namespace neurosim::gui {

ReplayNetwork build_replay_network(const std::vector<std::string>& files, const std::string& scenario) {
  ReplayNetwork out;
  io::SpikeRecording rec;
  std::vector<std::string> source_of;
  for (const std::string& f : files) {
    if (std::string e = io::read_spike_file(f, rec); !e.empty()) {
      out.error = std::move(e);
      return out;
    }
    source_of.resize(rec.populations.size(), f);
  }
  cli::Mapped m;
  ScenarioSpec spec;
  spec.name = "replay";
  if (!scenario.empty()) {
    io::LoadOptions load;
    load.read_inputs = false;
    io::LoadResult loaded = io::load_scenario(scenario, load);
    if (!loaded.errors.empty()) {
      out.error = scenario + ": " + loaded.errors.front().text();
      return out;
    }
    if (std::string e = cli::map_to_scenario(rec, source_of, *loaded.spec, m); !e.empty()) {
      out.error = std::move(e);
      return out;
    }
    spec.dt_ms = loaded.spec->dt_ms;
    spec.monitors.rate_bin_ms = loaded.spec->monitors.rate_bin_ms;
    spec.monitors.report_interval_ms = loaded.spec->monitors.report_interval_ms;
    if (std::isfinite(loaded.spec->duration_ms)) out.duration_ms = loaded.spec->duration_ms;
  } else {
    cli::map_alone(rec, m);
    // Without a scenario the ids are the files' (NEST global ids start anywhere): each
    // population's neurons are numbered in id order from 0 for the views.
    std::vector<std::map<std::int64_t, std::int64_t>> index(m.populations.size());
    for (const auto& s : m.spikes) index[static_cast<std::size_t>(s.population)].emplace(s.neuron, 0);
    for (std::size_t p = 0; p < index.size(); ++p) {
      std::int64_t k = 0;
      for (auto& [id, i] : index[p]) i = k++;
      m.populations[p].size = std::max<std::int64_t>(k, 1);
    }
    for (auto& s : m.spikes) s.neuron = index[static_cast<std::size_t>(s.population)].at(s.neuron);
  }
  if (m.populations.empty()) {
    out.error = "the spike files hold no populations";
    return out;
  }
  for (const cli::OutPopulation& p : m.populations) {
    PopulationSpec ps;
    ps.name = p.name;
    ps.model = "replay";
    ps.size = static_cast<int>(std::max<std::int64_t>(p.size, 1));
    spec.populations.push_back(std::move(ps));
  }
  double last = 0;
  for (const auto& s : m.spikes) last = std::max(last, s.t_ms);
  const double interval = spec.monitors.report_interval_ms > 0 ? spec.monitors.report_interval_ms : 100.0;
  if (last >= out.duration_ms) out.duration_ms = (std::floor(last / interval) + 1.0) * interval;
  spec.duration_ms = out.duration_ms;
  BuildResult built = build_network(spec);
  if (!built.network) {
    out.error = built.errors.empty() ? "the replay does not build" : built.errors.front().text();
    return out;
  }
  // Each population's events in step order; a spike at t fires in the step that starts at t.
  std::vector<std::vector<ReplaySource::Event>> events(m.populations.size());
  for (const auto& s : m.spikes) {
    if (s.t_ms < 0) continue;
    events[static_cast<std::size_t>(s.population)].push_back({std::llround(s.t_ms / spec.dt_ms), static_cast<std::int32_t>(s.neuron)});
  }
  for (std::size_t p = 0; p < events.size(); ++p) {
    auto& ev = events[p];
    std::sort(ev.begin(), ev.end(), [](const ReplaySource::Event& a, const ReplaySource::Event& b) { return a.step != b.step ? a.step < b.step : a.neuron < b.neuron; });
    ReplaySource::attach_to(*built.network, static_cast<int>(p), std::make_shared<const std::vector<ReplaySource::Event>>(std::move(ev)));
  }
  out.spikes = m.spikes.size();
  out.label = "replay:";
  for (const std::string& f : files) out.label += " " + std::filesystem::path(f).filename().string();
  out.network = std::move(built.network);
  return out;
}

}  // namespace neurosim::gui
