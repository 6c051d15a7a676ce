// `neurosim run` and a run driven through a Session by its observations (as the window reads
// it) give the same files: spikes.csv from the observed spikes, metrics.csv from the observed
// spike counts, and the weights the run leaves.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "cli/commands.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"
#include "results/exports.hpp"
#include "results/results_writer.hpp"

using namespace neurosim;
using test::read_text;
using test::temp_dir;

namespace {

void check_same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  INFO(a.string() << " against " << b.string());
  const std::string ta = read_text(a), tb = read_text(b);
  REQUIRE_FALSE(ta.empty());
  CHECK(ta.size() == tb.size());
  CHECK(ta == tb);
}

}  // namespace

TEST_SUITE("session run") {

TEST_CASE("A CLI run and a Session-driven run give the same spikes.csv, metrics.csv and weights.csv") {
  const auto dir = temp_dir("session-run");
  cli::RunOptions run;
  run.scenario = "default";
  run.duration_ms = 400.0;
  run.seed = 5;
  run.out_dir = (dir / "cli").string();
  REQUIRE(cli::run_command(run) == 0);

  io::LoadResult loaded = io::load_scenario("default");
  REQUIRE(loaded.errors.empty());
  ScenarioSpec spec = std::move(*loaded.spec);
  spec.seed = 5;
  spec.duration_ms = 400.0;
  BuildOptions options;
  options.spike_ring_capacity = 1u << 22;
  BuildResult built = build_network(spec, options);
  REQUIRE(built.errors.empty());
  Session session(std::move(built.network));
  const Session::ReaderId reader = session.open_reader();
  const auto total = static_cast<std::int64_t>(std::llround(spec.duration_ms / spec.dt_ms));
  const std::int64_t window = std::max<std::int64_t>(1, std::llround(spec.monitors.report_interval_ms / spec.dt_ms));
  const auto populations = static_cast<std::size_t>(session.network().population_count());

  // Stepped in uneven chunks, as frames would; every observation's spikes are kept and
  // counted per reporting window.
  std::vector<SpikeEvent> spikes;
  std::vector<cli::MetricsWindow> windows;
  for (std::int64_t w = 0; w * window < total; ++w) {
    const std::int64_t end = std::min(total, (w + 1) * window);
    windows.push_back({end, end - w * window, std::vector<std::uint64_t>(populations, 0)});
  }
  for (int i = 0; session.step_index() < total; ++i) {
    session.advance(std::min<std::int64_t>(total - session.step_index(), 1 + (i * 53) % 97));
    const Observations o = session.observe(reader);
    CHECK(o.spikes_lost == 0);
    for (const SpikeEvent& e : o.spikes) ++windows[static_cast<std::size_t>(e.step / window)].spikes[static_cast<std::size_t>(e.population)];
    spikes.insert(spikes.end(), o.spikes.begin(), o.spikes.end());
  }
  REQUIRE(spikes.size() > 100);
  const auto ours = dir / "session";
  std::filesystem::create_directories(ours);
  cli::export_spikes_csv(ours / "spikes.csv", spikes, session.network(), io::Replace::Allowed);
  cli::write_metrics_csv(ours, session.network(), windows, io::Replace::Allowed);
  cli::export_weights_csv(ours / "weights.csv", session.network(), io::Replace::Allowed);
  for (const char* file : {"spikes.csv", "metrics.csv", "weights.csv"}) check_same_file(dir / "cli" / file, ours / file);
  std::filesystem::remove_all(dir);
}

TEST_CASE("A CLI experiment run and a Session-driven one give the same spikes.csv, weights_final.csv and metrics.csv") {
  const auto dir = temp_dir("session-experiment");
  const std::vector<std::pair<std::string, std::string>> sets = {
      {"experiment.epochs", "1"}, {"experiment.epoch_ms", "1500"}, {"experiment.evaluation_ms", "500"}};
  cli::RunOptions run;
  run.scenario = "masquelier2008";
  run.seed = 9;
  run.out_dir = (dir / "cli").string();
  for (const auto& [path, value] : sets) run.overrides.push_back(path + "=" + value);
  REQUIRE(cli::run_command(run) == 0);

  io::LoadResult loaded = io::load_scenario("masquelier2008");
  REQUIRE(loaded.errors.empty());
  ScenarioSpec spec = std::move(*loaded.spec);
  for (const auto& [path, value] : sets) REQUIRE(io::apply_override(spec, path, value).empty());
  spec.seed = 9;
  BuildOptions options;
  options.spike_ring_capacity = 1u << 22;
  BuildResult built = build_network(spec, options);
  REQUIRE(built.errors.empty());
  Session session(std::move(built.network));
  REQUIRE(session.experiment());
  const Session::ReaderId reader = session.open_reader();
  std::vector<SpikeEvent> spikes;
  cli::PhaseSpikeTotals totals;
  std::vector<std::uint64_t> running(static_cast<std::size_t>(session.network().population_count()), 0);
  while (session.experiment_running()) {
    session.advance(1);  // one step at a time: the spike totals at each phase's end are exact
    const Observations o = session.observe(reader);
    for (const SpikeEvent& e : o.spikes) ++running[static_cast<std::size_t>(e.population)];
    spikes.insert(spikes.end(), o.spikes.begin(), o.spikes.end());
    if (o.experiment.phases_done != totals.size()) totals.push_back(running);
  }
  const auto ours = dir / "session";
  std::filesystem::create_directories(ours);
  cli::export_spikes_csv(ours / "spikes.csv", spikes, session.network(), io::Replace::Allowed);
  cli::write_weights_csv(ours, session.network(), io::Replace::Allowed);
  cli::write_experiment_metrics_csv(ours, session.network(), *session.experiment(), totals, io::Replace::Allowed);
  for (const char* file : {"spikes.csv", "weights_final.csv", "metrics.csv"}) check_same_file(dir / "cli" / file, ours / file);
  std::filesystem::remove_all(dir);
}

}  // TEST_SUITE
