// Scenarios with input data (scenario_json.hpp "input", input_files.hpp): the file-input preset
// plays its CSV exactly (checked against a parse of the file written here, not the reader under
// test), paths start at the scenario file, problems name the field and the file's line, data
// survives round trips and overrides, and a saved running scenario reproduces its run bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "results/results_writer.hpp"
#include "engine/spec_helpers.hpp"
#include "io/temp_files.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/io/inflate.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/presets.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/rng.hpp"

using namespace neurosim;
using test::temp_dir;
using test::write_text;

namespace {

std::string join_errors(const std::vector<SpecError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.text() + "\n";
  return out;
}

std::vector<SpikeEvent> spikes_of(const Network& net) { return net.spikes().all(); }

bool same_spikes(const std::vector<SpikeEvent>& a, const std::vector<SpikeEvent>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const SpikeEvent& x, const SpikeEvent& y) {
           return x.step == y.step && x.population == y.population && x.neuron == y.neuron;
         });
}

}  // namespace

TEST_SUITE("io: scenario inputs") {
  TEST_CASE("file-input: spikes.csv lists exactly the file's spikes under population input") {
    auto loaded = io::load_scenario("file-input");
    INFO(join_errors(loaded.errors));
    REQUIRE(loaded.spec);
    CHECK(loaded.spec->populations[0].size == 20);  // from the file's width
    auto net = test::build(*loaded.spec);
    const double dt = net->dt();
    const auto steps = static_cast<std::int64_t>(std::llround(450.0 / dt));  // the 200 ms file loops twice and a bit
    net->run(steps);
    const auto dir = temp_dir("file-input");
    cli::write_spikes_csv(dir, *net);

    // Expected: every 1 in the CSV (its own header and t_ms column), repeated every 200 ms.
    std::set<std::pair<std::int64_t, int>> expected;
    {
      std::ifstream csv(io::asset_dir() / "data" / "file-input.csv");
      REQUIRE(csv);
      std::string line;
      bool header = false;
      while (std::getline(csv, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (!header) {
          header = true;
          CHECK(line.rfind("t_ms,", 0) == 0);
          continue;
        }
        std::istringstream fields(line);
        std::string field;
        std::getline(fields, field, ',');
        const double t = std::stod(field);
        for (int neuron = 0; std::getline(fields, field, ','); ++neuron)
          if (field == "1")
            for (double pass = 0; t + pass < 450.0; pass += 200.0) expected.emplace(std::llround((t + pass) / dt), neuron);
      }
    }
    REQUIRE(expected.size() > 300);
    // Got: the rows of spikes.csv for population input.
    std::set<std::pair<std::int64_t, int>> got;
    std::size_t rows = 0;
    {
      std::ifstream csv(dir / "spikes.csv");
      std::string line;
      std::getline(csv, line);
      CHECK(line == "t_ms,population,neuron");
      while (std::getline(csv, line)) {
        std::istringstream fields(line);
        std::string t, pop, neuron;
        std::getline(fields, t, ',');
        std::getline(fields, pop, ',');
        std::getline(fields, neuron, ',');
        if (pop != "input") continue;
        ++rows;
        got.emplace(std::llround(std::stod(t) / dt), std::stoi(neuron));
      }
    }
    CHECK(rows == expected.size());  // no spike twice
    CHECK(got == expected);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("paths start at the scenario file; the width comes from the data") {
    const auto dir = temp_dir("relative");
    std::filesystem::create_directories(dir / "data");
    write_text(dir / "data" / "in.csv", "1,0,0\n0,1,0\n0,0,1\n");
    write_text(dir / "s.json", R"({"populations": [
      {"name": "input", "model": "file", "input": {"path": "data/in.csv"}},
      {"name": "n", "model": "lif", "size": 2}],
      "projections": [{"pre": "input", "post": "n", "weight": 100}]})");
    const auto r = io::load_scenario_file(dir / "s.json");
    INFO(join_errors(r.errors));
    REQUIRE(r.spec);
    CHECK(r.spec->populations[0].size == 3);
    REQUIRE(r.spec->populations[0].input->series);
    CHECK(r.spec->populations[0].input->series->rows() == 3);
    CHECK(r.spec->populations[0].input->base_dir == dir.string());
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("problems with input files name the field, the file and its line, and nothing else") {
    const auto dir = temp_dir("bad-in-scenario");
    write_text(dir / "bad.csv", "1,0\n0,1,1\n");
    write_text(dir / "s.json", R"({"populations": [
      {"name": "input", "model": "file", "input": {"path": "bad.csv", "as": "spikes"}},
      {"name": "other", "model": "file", "input": {"path": "missing.csv"}},
      {"name": "n", "model": "lif", "size": 2, "params": {"tau_m": 0}}],
      "projections": [{"pre": "input", "post": "n", "connectivity": {"rule": "one_to_one"}}]})");
    const auto r = io::load_scenario_file(dir / "s.json");
    CHECK_FALSE(r.spec);
    CHECK(join_errors(r.errors) == "populations[0].input.path: " + (dir / "bad.csv").string() + ":2:5: row has 3 values, expected 2 (as in line 1)\n" +
                                       "populations[1].input.path: " + (dir / "missing.csv").string() + ": no such file\n" +
                                       "populations[2].params.tau_m: must be > 0 (got 0)\n");
    // Shape errors of the input object itself.
    const auto shape = io::parse_scenario(R"({"populations": [{"name": "i", "model": "file", "input": {"path": "x.csv", "as": "volts", "loop": 1}}]})", "t.json");
    CHECK(join_errors(shape.errors) == "populations[0].input.as: unknown use \"volts\" (expected spikes, rates or currents)\n"
                                       "populations[0].input.loop: must be true or false (got number)\n");
    const auto misplaced = io::parse_scenario(R"({"populations": [{"name": "n", "model": "lif", "input": {"data": [[1]]}}]})", "t.json");
    CHECK(join_errors(misplaced.errors) == "populations[0].input: only populations of model file or images read an input (this one is lif)\n");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("inline data round-trips through scenario_to_json; file paths stay paths") {
    const char* text = R"({"dt_ms": 0.5, "populations": [
      {"name": "input", "model": "file", "input": {"as": "rates", "loop": true, "dt_ms": 2, "data": [[10, 0, 5.5], [0, 20, 1e-3]]}}]})";
    const auto a = io::parse_scenario(text, "inline.json");
    INFO(join_errors(a.errors));
    REQUIRE(a.spec);
    const auto& in = *a.spec->populations[0].input;
    REQUIRE(in.series);
    CHECK(in.as == InputKind::Rates);
    CHECK(in.loop);
    CHECK(a.spec->populations[0].size == 3);
    const std::string saved = io::scenario_to_json(*a.spec);
    const auto b = io::parse_scenario(saved, "saved.json");
    REQUIRE(b.spec);
    const auto& back = *b.spec->populations[0].input;
    REQUIRE(back.series);
    CHECK(back.series->values == in.series->values);
    CHECK(back.series->dt_ms == 2.0);
    CHECK(io::scenario_to_json(*b.spec) == saved);
    // A path is written as given, never the data.
    auto c = *a.spec;
    c.populations[0].input->path = "data/x.csv";
    const std::string with_path = io::scenario_to_json(c);
    CHECK(with_path.find("\"path\": \"data/x.csv\"") != std::string::npos);
    CHECK(with_path.find("\"data\"") == std::string::npos);
  }

  TEST_CASE("--set keeps loaded data; --input points the file input elsewhere") {
    auto loaded = io::load_scenario("file-input");
    REQUIRE(loaded.spec);
    ScenarioSpec spec = *loaded.spec;
    const auto* before = spec.populations[0].input->series.get();
    CHECK(io::apply_override(spec, "duration_ms", "300") == "");
    CHECK(spec.populations[0].input->series.get() == before);
    CHECK(spec.populations[0].input->base_dir == loaded.spec->populations[0].input->base_dir);

    const auto dir = temp_dir("input-flag");
    write_text(dir / "mine.csv", "t_ms,a,b,c,d,e\n0,1,1,1,1,1\n");
    CHECK(io::set_input_file(spec, (dir / "mine.csv").string()) == "");
    CHECK(join_errors(io::load_inputs(spec)) == "");
    CHECK(spec.populations[0].size == 5);
    CHECK(spec.populations[0].input->series->columns == 5);
    CHECK(join_errors(check_scenario(spec)) == "");
    // A scenario without a file input says so.
    auto cuba = io::load_scenario("cuba");
    REQUIRE(cuba.spec);
    CHECK(io::set_input_file(*cuba.spec, "x.csv") ==
          "--input: this scenario has no file-driven input (a population of model file, or a stimulus with an \"input\"); try the file-input preset");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("mnist-input: the shipped digits without files, IDX files (gzip too) with --images") {
    auto loaded = io::load_scenario("mnist-input");
    INFO(join_errors(loaded.errors));
    REQUIRE(loaded.spec);
    CHECK(loaded.spec->populations[0].size == 784);
    auto net = test::build(*loaded.spec);
    net->run(1000);  // 500 ms at dt 0.5: the first digit and its rest
    CHECK(net->total_spikes(0) > 100);
    const auto* images = dynamic_cast<const ImagePopulation*>(&net->population(0));
    REQUIRE(images);
    // The shipped digits (assets/data): 6,000 labelled 28 x 28 training digits, 600 per label.
    CHECK(images->images()->source.find("digits-train-images.idx.gz") != std::string::npos);
    CHECK(images->images()->count == 6000);
    std::vector<int> per_label(10, 0);
    for (const auto l : images->images()->labels) ++per_label.at(l);
    for (int l = 0; l < 10; ++l) CHECK(per_label[static_cast<std::size_t>(l)] == 600);
    // A scenario built without io (the engine alone) still shows the built-in synthetic digits.
    auto bare = *loaded.spec;
    bare.populations[0].input.reset();
    auto synthetic = test::build(bare);
    CHECK(dynamic_cast<const ImagePopulation&>(synthetic->population(0)).images()->source == "built-in synthetic digits");

    // Two 28 x 28 images (a bright square, a bright bar) with labels 7 and 1, the images gzipped
    // with stored blocks (written here: a gzip header, one stored block, CRC and length).
    std::vector<std::uint8_t> idx{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28};
    for (int k = 0; k < 2; ++k)
      for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x)
          idx.push_back((k == 0 ? (x > 8 && x < 20 && y > 8 && y < 20) : (x == 14)) ? 255 : 0);
    std::vector<std::uint8_t> gz{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x01};
    gz.push_back(static_cast<std::uint8_t>(idx.size() & 0xFF));
    gz.push_back(static_cast<std::uint8_t>(idx.size() >> 8));
    gz.push_back(static_cast<std::uint8_t>(~idx.size() & 0xFF));
    gz.push_back(static_cast<std::uint8_t>((~idx.size() >> 8) & 0xFF));
    gz.insert(gz.end(), idx.begin(), idx.end());
    const std::uint32_t crc = io::crc32(idx);
    for (int b = 0; b < 4; ++b) gz.push_back(static_cast<std::uint8_t>(crc >> (8 * b)));
    for (int b = 0; b < 4; ++b) gz.push_back(static_cast<std::uint8_t>(idx.size() >> (8 * b)));
    const auto dir = temp_dir("mnist");
    std::ofstream(dir / "images.idx.gz", std::ios::binary).write(reinterpret_cast<const char*>(gz.data()), static_cast<std::streamsize>(gz.size()));
    const std::vector<std::uint8_t> labels{0, 0, 8, 1, 0, 0, 0, 2, 7, 1};
    std::ofstream(dir / "labels.idx", std::ios::binary).write(reinterpret_cast<const char*>(labels.data()), static_cast<std::streamsize>(labels.size()));

    ScenarioSpec spec = *loaded.spec;
    CHECK(io::set_image_files(spec, (dir / "images.idx.gz").string(), (dir / "labels.idx").string()) == "");
    CHECK(join_errors(io::load_inputs(spec)) == "");
    REQUIRE(spec.populations[0].input->images);
    CHECK(spec.populations[0].input->images->count == 2);
    CHECK(spec.populations[0].input->images->labels == std::vector<std::uint8_t>{7, 1});
    auto net2 = test::build(spec);
    net2->run(1200);  // two windows of 500 ms and a bit: image 0, image 1, image 0 again
    const auto* pop = dynamic_cast<const ImagePopulation*>(&net2->population(0));
    REQUIRE(pop);
    CHECK(pop->image_at(0) == 0);
    CHECK(pop->image_at(1000) == 1);
    CHECK(pop->image_at(2000) == 0);
    // Only lit pixels fire: in the second window, only column 14.
    for (const SpikeEvent& e : net2->spikes().all()) {
      if (e.population != 0) continue;
      const int x = e.neuron % 28, y = e.neuron / 28;
      if (e.step < 700) CHECK((x > 8 && x < 20 && y > 8 && y < 20));
      if (e.step >= 1000 && e.step < 1700) CHECK(x == 14);
      CHECK(e.step % 1000 < 700);  // silent in the rest
    }
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("the data presets round-trip: text, data and the writer's fixed point") {
    for (const char* name : {"file-input", "mnist-input"}) {
      INFO(std::string(name));
      const auto first = io::load_scenario(name);
      INFO(join_errors(first.errors));
      REQUIRE(first.spec);
      const std::string json = io::scenario_to_json(*first.spec);
      io::LoadOptions options;
      options.base_dir = (io::asset_dir() / "scenarios").string();  // where the preset's paths start
      const auto second = io::parse_scenario(json, std::string(name) + " (written)", options);
      INFO(join_errors(second.errors));
      REQUIRE(second.spec);
      CHECK(io::scenario_to_json(*second.spec) == json);
      const auto& a = first.spec->populations[0];
      const auto& b = second.spec->populations[0];
      CHECK(a.size == b.size);
      if (a.input && a.input->series) {
        REQUIRE(b.input->series);
        CHECK(a.input->series->values == b.input->series->values);
        CHECK(a.input->series->t_ms == b.input->series->t_ms);
      }
    }
  }

  TEST_CASE("CSV keeps every float32 value exactly (shortest round-trip text)") {
    // Values of every magnitude, written as std::to_chars writes them (as weights.csv does),
    // read back bit for bit.
    Rng rng(99);
    std::vector<float> values;
    std::string csv;
    for (int r = 0; r < 200; ++r) {
      for (int c = 0; c < 5; ++c) {
        const float v = static_cast<float>((rng.uniform() - 0.5) * std::pow(10.0, rng.uniform(-30.0, 30.0)));
        values.push_back(v);
        char buf[32];
        csv.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
        csv += c < 4 ? ',' : '\n';
      }
    }
    const auto r = io::parse_time_series_csv(csv, "floats.csv", InputKind::Currents);
    INFO(r.error);
    REQUIRE(r.series);
    REQUIRE(r.series->values.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      INFO(i);
      CHECK(std::memcmp(&r.series->values[i], &values[i], sizeof(float)) == 0);
    }
  }

  TEST_CASE("a stimulus takes currents from inline data in the scenario") {
    // A current series of 400 pA from 5 ms on acts exactly as a 400 pA stimulus from 5 ms.
    const char* with_series = R"({"dt_ms": 0.1, "duration_ms": 200, "populations": [{"name": "n", "model": "lif", "size": 2}],
      "stimuli": [{"name": "s", "population": "n", "start_ms": 5, "input": {"as": "currents", "loop": true, "data": [[400, 400]]}}]})";
    const char* plain = R"({"dt_ms": 0.1, "duration_ms": 200, "populations": [{"name": "n", "model": "lif", "size": 2}],
      "stimuli": [{"name": "s", "population": "n", "start_ms": 5, "amplitude": 400}]})";
    const auto a = io::parse_scenario(with_series, "a.json");
    const auto b = io::parse_scenario(plain, "b.json");
    INFO(join_errors(a.errors));
    REQUIRE(a.spec);
    REQUIRE(b.spec);
    auto na = test::build(*a.spec);
    auto nb = test::build(*b.spec);
    na->run(2000);
    nb->run(2000);
    CHECK(na->total_spikes(0) > 0);
    CHECK(same_spikes(spikes_of(*na), spikes_of(*nb)));
    // A width that does not fit the targets is named.
    const auto bad = io::parse_scenario(R"({"populations": [{"name": "n", "model": "lif", "size": 2}],
      "stimuli": [{"population": "n", "neurons": [1], "input": {"data": [[1, 2]]}}]})", "c.json");
    CHECK(join_errors(bad.errors) == "stimuli[0].input: inline data has 2 columns for 1 target neurons\n");
  }

  TEST_CASE("a saved running scenario reproduces the run bit for bit") {
    // Run, change parameters through commands as the GUI does, save the spec as JSON, load it
    // back, build, and run from t = 0: the spikes equal those of the original network reset to
    // t = 0 (which keeps the changes) and run again.
    struct Case {
      const char* preset;
      std::vector<Command> changes;
    };
    const std::vector<Case> cases{
        {"default", {SetParam{1, "tau_m", 17.25}, SetParam{0, "rate", 23.5}}},
        {"izhikevich2003", {SetParam{0, "c", -61.0}, SetParam{1, "d", 2.5}}},  // per-neuron values, shifted
        {"lif-single", {SetStimulus{0, StimulusParams{455.5, 12.0, 50.0, 700.0}}}},
        {"file-input", {SetParam{1, "V_th", -56.5}, SetParam{0, "rate_scale", 1.0}}},
    };
    for (const Case& c : cases) {
      INFO(std::string(c.preset));
      auto loaded = io::load_scenario(c.preset);
      REQUIRE(loaded.spec);
      auto original = test::build(*loaded.spec);
      original->run(500);
      for (const Command& cmd : c.changes) CHECK(original->submit(cmd) == "");
      original->run(500);
      // Saved elsewhere: relative data paths are rewritten to start at the new folder.
      const auto dir = temp_dir(std::string("saved-") + c.preset);
      ScenarioSpec to_save = original->spec();
      io::rebase_inputs(to_save, dir);
      write_text(dir / "saved.json", io::scenario_to_json(to_save));

      REQUIRE(original->submit(ResetNetwork{}) == "");
      original->run(3000);
      auto reloaded_spec = io::load_scenario_file(dir / "saved.json");
      INFO(join_errors(reloaded_spec.errors));
      REQUIRE(reloaded_spec.spec);
      auto reloaded = test::build(*reloaded_spec.spec);
      reloaded->run(3000);
      CHECK(original->spikes().all().size() > 0);
      CHECK(same_spikes(spikes_of(*original), spikes_of(*reloaded)));
      std::filesystem::remove_all(dir);
    }
  }
}
