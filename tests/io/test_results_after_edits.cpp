// The result files of a run whose timeline adds, removes, renames and changes populations
// (README "Results after structure edits"): every file keys a population by its number in the
// run, so counts never move into another population's columns. The reference is a Session run
// of the same scenario, its spikes counted per population number as they are observed.
#include <doctest/doctest.h>

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/edit_network.hpp"
#include "io/temp_files.hpp"
#include "neurosim/session.hpp"

using namespace neurosim;

namespace {

// Windows of 10 ms over 60 ms: side added at 10, inh removed at 25, side renamed helper at 35,
// exc changed to Izhikevich at 45. Traced: exc neuron 0, inh neuron 1.
const std::string kTimeline = R"([
  {"t_ms": 10, "add_population": {"name": "side", "model": "lif", "size": 12}},
  {"t_ms": 10, "add_stimulus": {"name": "push", "population": "side", "amplitude": 1200}},
  {"t_ms": 25, "remove": {"population": "inh", "with_connections": true}},
  {"t_ms": 35, "rename": {"population": "side", "to": "helper"}},
  {"t_ms": 45, "change_population": {"name": "exc", "model": "izhikevich", "size": 40}}
])";

std::string scenario_json() {
  std::string j = test::ei_network_json("edits", 4, 600, kTimeline);
  j.replace(j.find("\"duration_ms\": 100"), 18, "\"duration_ms\": 60");
  j.pop_back();  // the closing brace: monitors follow
  return j + R"(, "monitors": {"report_interval_ms": 10, "traces": [{"population": "exc", "neurons": [0]}, {"population": "inh", "neurons": [1]}]}})";
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace

TEST_SUITE("results after edits") {

TEST_CASE("After populations come and go, metrics.csv, spikes.csv, spikes.npy, spikes.h5 and traces.csv follow each population") {
  // The reference: spike counts per window and population number, as a Session observes them.
  const std::string text = scenario_json();
  const ScenarioSpec spec = test::parse_ok(text, "edits.json");
  REQUIRE(spec.duration_ms == 60.0);
  Session reference(test::build_or_fail(spec));
  const Session::ReaderId reader = reference.open_reader();
  std::map<std::pair<int, std::uint64_t>, std::uint64_t> counts;  // (window, id) -> spikes
  std::map<std::uint64_t, std::uint64_t> per_id;
  for (int step = 0; step < 600; ++step) {
    reference.advance(1);
    for (const SpikeEvent& e : reference.observe(reader).spikes) {
      const std::uint64_t id = reference.network().population_id(e.population);
      ++counts[{static_cast<int>(e.step / 100), id}];
      ++per_id[id];
    }
  }
  REQUIRE(per_id[3] > 0);  // side fires
  REQUIRE(per_id[2] > 0);  // inh fired before its removal

  const auto dir = test::temp_dir("results-after-edits");
  test::write_text(dir / "edits.json", text);
  for (const char* format : {"csv", "sonata"}) {
    INFO(format);
    cli::RunOptions run;
    run.scenario = (dir / "edits.json").string();
    run.out_dir = (dir / format).string();
    run.spikes_format = format;
    run.npy = std::string(format) == "csv";
    REQUIRE(cli::run_command(run) == 0);
  }

  // metrics.csv: a column pair per population the run had, by number; empty where it did not exist.
  const auto metrics = csv_rows(test::read_text(dir / "csv" / "metrics.csv"));
  REQUIRE(metrics.size() == 7);
  CHECK(metrics[0] == std::vector<std::string>{"t_ms", "in_rate_hz", "in_spikes", "exc_rate_hz", "exc_spikes", "inh_rate_hz", "inh_spikes",
                                               "helper_rate_hz", "helper_spikes"});
  const std::vector<std::uint64_t> column_ids = {0, 1, 2, 3};
  for (int w = 0; w < 6; ++w) {
    INFO("window " << w);
    const std::vector<std::string>& row = metrics[static_cast<std::size_t>(w + 1)];
    REQUIRE(row.size() == 9);
    for (std::size_t c = 0; c < column_ids.size(); ++c) {
      const std::uint64_t id = column_ids[c];
      const bool exists = !(id == 3 && w == 0) && !(id == 2 && w >= 3);  // side from 10 ms; inh until 25 ms
      INFO("population " << id);
      if (!exists) {
        CHECK(row[1 + 2 * c] == "");
        CHECK(row[2 + 2 * c] == "");
      } else {
        CHECK(row[2 + 2 * c] == std::to_string(counts[{w, id}]));
      }
    }
  }

  // spikes.csv by name as called when fired; spikes.npy by number; both hold every spike.
  const auto spikes = csv_rows(test::read_text(dir / "csv" / "spikes.csv"));
  std::map<std::string, std::uint64_t> by_name;
  for (std::size_t i = 1; i < spikes.size(); ++i) ++by_name[spikes[i][1]];
  CHECK(by_name["side"] + by_name["helper"] == per_id[3]);
  CHECK(by_name["side"] > 0);
  CHECK(by_name["inh"] == per_id[2]);
  CHECK(by_name["exc"] == per_id[1]);
  const std::string npy = test::read_text(dir / "csv" / "spikes.npy");
  const std::size_t header = static_cast<std::size_t>(static_cast<unsigned char>(npy[8])) + 10;
  std::map<std::uint64_t, std::uint64_t> by_number;
  for (std::size_t at = header; at + 16 <= npy.size(); at += 16) {
    std::int32_t population = 0;
    std::memcpy(&population, npy.data() + at + 8, 4);
    ++by_number[static_cast<std::uint64_t>(population)];
  }
  CHECK(by_number == per_id);

  // spikes.h5: a group per population the run had, under the name it had when it was made.
  const hid_t file = H5Fopen((dir / "sonata" / "spikes.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const std::vector<std::pair<std::string, std::uint64_t>> groups = {{"in", 0}, {"exc", 1}, {"inh", 2}, {"side", 3}};
  for (const auto& [name, id] : groups) {
    INFO(name);
    const std::string path = "/spikes/" + name + "/node_ids";
    REQUIRE(H5Lexists(file, ("/spikes/" + name).c_str(), H5P_DEFAULT) > 0);
    const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    const hid_t space = H5Dget_space(dataset);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, nullptr);
    CHECK(n == per_id[id]);
    H5Sclose(space);
    H5Dclose(dataset);
  }
  H5Fclose(file);

  // traces.csv: exc neuron 0 all along, with the LIF variables, then Izhikevich's from 45 ms;
  // inh neuron 1 until its removal at 25 ms.
  const auto traces = csv_rows(test::read_text(dir / "csv" / "traces.csv"));
  const std::vector<std::string>& head = traces[0];
  REQUIRE(head.size() > 3);
  CHECK(head[0] == "t_ms");
  std::map<std::string, int> rows_of;
  int exc_lif = 0, exc_izh = 0;
  const auto column = [&head](const std::string& name) { return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin()); };
  const std::size_t u = column("U"), isyn = column("I_syn_e");
  REQUIRE(u < head.size());
  REQUIRE(isyn < head.size());
  for (std::size_t i = 1; i < traces.size(); ++i) {
    const auto& row = traces[i];
    ++rows_of[row[1]];
    if (row[1] == "exc") {
      if (!row[isyn].empty()) ++exc_lif;
      if (!row[u].empty()) ++exc_izh;
    }
  }
  CHECK(rows_of["exc"] == 600);
  CHECK(exc_lif == 450);
  CHECK(exc_izh == 150);
  CHECK(rows_of["inh"] == 250);
  std::filesystem::remove_all(dir);
}

}  // TEST_SUITE
