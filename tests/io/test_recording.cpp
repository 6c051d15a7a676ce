// Recording choices of a headless run: traces streamed through spill files give the very file
// a full recording gives; spikes of chosen populations in CSV, NPY and SONATA hold the rows
// the full recording holds for those populations (the reference: write_spikes_csv on a Full
// recording of the same seed).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>

#include "results/results_writer.hpp"
#include "results/spike_output.hpp"
#include "results/traces_writer.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/spike_listener.hpp"

using namespace neurosim;

namespace {

ScenarioSpec preset(const char* name, double duration_ms) {
  auto loaded = io::load_scenario(name);
  REQUIRE(loaded.spec);
  loaded.spec->duration_ms = duration_ms;
  return *loaded.spec;
}

std::unique_ptr<Network> build(const ScenarioSpec& spec, RecordMode mode, std::size_t trace_ring) {
  BuildOptions options;
  options.record = mode;
  options.spike_ring_capacity = 1u << 16;
  options.trace_capacity_samples = trace_ring;
  auto built = build_network(spec, options);
  REQUIRE(built.errors.empty());
  return std::move(built.network);
}

}  // namespace

TEST_SUITE("io: recording") {
  TEST_CASE("streamed traces are the file a full recording writes, over many ring laps") {
    // default traces four neurons; 3 s at dt 0.1 is 30,000 samples each, over 7 laps of the ring.
    // The samples stay in memory (the default budget), go to spill files from the start (no
    // budget), or move to disk part way, probe by probe (a budget of about one probe's samples).
    std::size_t budget = cli::kTraceMemoryBytes;
    SUBCASE("in memory") {}
    SUBCASE("on disk") { budget = 0; }
    SUBCASE("partly on disk") { budget = 30000 * 3 * sizeof(float) + 1000; }
    const ScenarioSpec spec = preset("default", 3000);
    auto full = build(spec, RecordMode::Full, 1);
    full->run(30000);
    auto live = build(spec, RecordMode::Live, cli::kTraceRingSamples);
    const auto dir = test::temp_dir("traces-stream");
    std::filesystem::create_directories(dir / "full");
    std::filesystem::create_directories(dir / "live");
    CHECK(cli::write_traces_csv(dir / "full", *full) == 4 * 30000);
    {
      cli::TraceStreamWriter stream(dir / "live", *live, io::Replace::Never, budget);
      for (int i = 0; i < 30000; ++i) {
        live->step();
        stream.drain(*live);
      }
      CHECK(stream.commit(*live) == 4 * 30000);
    }
    const std::string a = test::read_text(dir / "full" / "traces.csv"), b = test::read_text(dir / "live" / "traces.csv");
    CHECK(a.size() > 1000000);
    CHECK(a == b);
    // Nothing else is left in the folder: the spill files were unlinked when opened.
    CHECK(std::distance(std::filesystem::directory_iterator(dir / "live"), std::filesystem::directory_iterator()) == 1);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a ring lapped before it was drained is an error, not a silent gap") {
    const ScenarioSpec spec = preset("default", 100);
    auto live = build(spec, RecordMode::Live, 64);
    const auto dir = test::temp_dir("traces-lapped");
    cli::TraceStreamWriter stream(dir, *live);
    live->run(200);
    CHECK_THROWS_WITH_AS(stream.drain(*live), "traces.csv: the trace ring overwrote 136 samples before they were written", std::runtime_error);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("spikes of the chosen populations only, as the full recording has them") {
    ScenarioSpec spec = preset("default", 500);
    CHECK(cli::set_recorded_populations(spec, "inh,exc,inh") == "");
    CHECK(spec.monitors.spikes == std::vector<std::string>{"inh", "exc"});
    CHECK(cli::set_recorded_populations(spec, "exc,") == "--record: an empty population name in \"exc,\" (expected POP[,POP...])");
    CHECK(cli::set_recorded_populations(spec, "ex") == "--record: no population named \"ex\" (populations: input, exc, inh)");
    CHECK(cli::set_recorded_populations(spec, "inh") == "");
    auto full = build(spec, RecordMode::Full, 1);
    full->run(5000);
    auto live = build(spec, RecordMode::Live, 1);
    const auto dir = test::temp_dir("spikes-record");
    std::filesystem::create_directories(dir / "full");
    cli::write_spikes_csv(dir / "full", *full);
    std::uint64_t rows = 0;
    {
      auto out = cli::SpikeOutput::open(cli::SpikeFormat::Csv, dir, *live, spec.monitors.spikes, io::Replace::Never);
      for (int i = 0; i < 5000; ++i) {
        live->step();
        out->drain(*live);
      }
      out->commit();
      rows = out->rows();
    }
    // The reference: the full file's rows of population inh.
    std::string expected = "t_ms,population,neuron\n";
    const std::string all = test::read_text(dir / "full" / "spikes.csv");
    std::size_t inh = 0;
    for (std::size_t at = all.find('\n') + 1; at < all.size();) {
      const std::size_t end = all.find('\n', at);
      const std::string row = all.substr(at, end - at + 1);
      if (row.find(",inh,") != std::string::npos) {
        expected += row;
        ++inh;
      }
      at = end + 1;
    }
    CHECK(inh > 100);
    CHECK(rows == inh);
    CHECK(test::read_text(dir / "spikes.csv") == expected);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("spikes.csv made by the stepping threads (SpikeCsvParts) is the file of one thread, in rounds and single steps") {
    ScenarioSpec spec = preset("default", 300);
    auto full = build(spec, RecordMode::Full, 1);
    full->run(3000);
    const auto dir = test::temp_dir("spikes-parts");
    std::filesystem::create_directories(dir / "full");
    cli::write_spikes_csv(dir / "full", *full);
    const std::string expected = test::read_text(dir / "full" / "spikes.csv");
    REQUIRE(std::count(expected.begin(), expected.end(), '\n') > 1000);
    // Batches of uneven sizes; the thread count changes between two batches without a drain in
    // between (the rows made with the old parts are put in order first).
    const std::int64_t batches[] = {64, 1, 7, 200, 3};
    for (const int threads : {1, 2, 3}) {
      INFO(threads << " threads");
      auto live = build(spec, RecordMode::Live, 1);
      live->set_threads(threads);
      std::filesystem::remove_all(dir / "live");
      std::filesystem::create_directories(dir / "live");
      auto out = cli::SpikeOutput::open(cli::SpikeFormat::Csv, dir / "live", *live, spec.monitors.spikes, io::Replace::Never);
      SpikeListener* listener = out->listener(*live);
      REQUIRE(listener != nullptr);
      live->set_spike_listener(listener);
      std::size_t b = 0;
      while (live->step_index() < 3000) {
        live->run(std::min<std::int64_t>(batches[b++ % std::size(batches)], 3000 - live->step_index()));
        if (b == 4) {
          live->set_threads(threads == 1 ? 2 : 1);
          continue;
        }
        out->drain(*live);
      }
      out->drain(*live);
      out->commit();
      live->set_spike_listener(nullptr);
      CHECK(out->rows() == static_cast<std::uint64_t>(std::count(expected.begin(), expected.end(), '\n') - 1));
      CHECK(test::read_text(dir / "live" / "spikes.csv") == expected);
    }
    // The chosen populations only, as the ring's writer has them.
    CHECK(cli::set_recorded_populations(spec, "inh") == "");
    auto live = build(spec, RecordMode::Live, 1);
    live->set_threads(2);
    std::filesystem::remove_all(dir / "live");
    std::filesystem::create_directories(dir / "live");
    auto out = cli::SpikeOutput::open(cli::SpikeFormat::Csv, dir / "live", *live, spec.monitors.spikes, io::Replace::Never);
    live->set_spike_listener(out->listener(*live));
    live->run(3000);
    out->drain(*live);
    out->commit();
    live->set_spike_listener(nullptr);
    std::string inh = "t_ms,population,neuron\n";
    for (std::size_t at = expected.find('\n') + 1; at < expected.size();) {
      const std::size_t end = expected.find('\n', at);
      const std::string row = expected.substr(at, end - at + 1);
      if (row.find(",inh,") != std::string::npos) inh += row;
      at = end + 1;
    }
    CHECK(out->rows() == static_cast<std::uint64_t>(std::count(inh.begin(), inh.end(), '\n') - 1));
    CHECK(test::read_text(dir / "live" / "spikes.csv") == inh);
    // Other formats make no rows on the threads: they read the ring.
    CHECK(cli::SpikeOutput::open(cli::SpikeFormat::Npy, dir / "live", *live, spec.monitors.spikes, io::Replace::Allowed)->listener(*live) == nullptr);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("monitors.spikes: read, written back, and checked") {
    const std::string text = R"({"name": "m", "populations": [{"name": "a", "model": "lif", "size": 2}],
      "monitors": {"spikes": ["a"]}})";
    const auto ok = io::parse_scenario(text, "m.json");
    REQUIRE(ok.spec);
    CHECK(ok.spec->monitors.spikes == std::vector<std::string>{"a"});
    const auto again = io::parse_scenario(io::scenario_to_json(*ok.spec), "again.json");
    REQUIRE(again.spec);
    CHECK(again.spec->monitors.spikes == ok.spec->monitors.spikes);
    const auto bad = io::parse_scenario(R"({"name": "m", "populations": [{"name": "a", "model": "lif", "size": 2}],
      "monitors": {"spikes": ["a", "b"]}})", "bad.json");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].text() == "monitors.spikes[1]: no population named \"b\"");
    const auto wrong = io::parse_scenario(R"({"name": "m", "populations": [{"name": "a", "model": "lif", "size": 2}],
      "monitors": {"spikes": "a"}})", "wrong.json");
    REQUIRE_FALSE(wrong.errors.empty());
    CHECK(wrong.errors[0].text().find("monitors.spikes: must be an array of population names") != std::string::npos);
  }
}
