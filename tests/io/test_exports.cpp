// Exports (app/results/exports.hpp): weights and spikes as CSV and NPY, read back here by hand
// (NPY: header per NEP 1, then little-endian records) and compared with the network.
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "results/exports.hpp"
#include "results/results_writer.hpp"
#include "io/temp_files.hpp"
#include "neurosim/network.hpp"
#include "engine/spec_helpers.hpp"

using namespace neurosim;
using test::read_text;
using test::temp_dir;

namespace {

// An NPY file split into its header dict and its data bytes.
struct Npy {
  std::string dict;
  std::string data;
};
Npy read_npy(const std::filesystem::path& p) {
  const std::string bytes = read_text(p);
  REQUIRE(bytes.size() >= 10);
  REQUIRE(bytes.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) == 0);
  const std::size_t len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  REQUIRE((10 + len) % 64 == 0);
  return {bytes.substr(10, len), bytes.substr(10 + len)};
}

template <class T>
T field(const std::string& data, std::size_t offset) {
  T v;
  std::memcpy(&v, data.data() + offset, sizeof v);
  return v;
}

// Two populations and a list projection with known weights; the source fires 0, 1, 2 in turn.
std::unique_ptr<Network> small_network() {
  ScenarioSpec spec;
  spec.dt_ms = 0.1;
  PopulationSpec in;
  in.name = "in, with a comma";
  in.model = "file";
  in.size = 3;
  InputSpec input;
  auto series = std::make_shared<TimeSeries>();
  series->columns = 3;
  series->values = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  input.series = series;
  in.input = input;
  PopulationSpec out;
  out.name = "out";
  out.model = "lif";
  out.size = 2;
  spec.populations = {in, out};
  ProjectionSpec p;
  p.name = "in_out";
  p.pre = in.name;
  p.post = "out";
  p.connectivity.rule = ConnectivitySpec::Rule::List;
  p.connectivity.pairs = {{0, 1}, {2, 0}, {0, 0}};
  p.connectivity.pair_weights = {1.5, -0.25, 3e-7};
  p.receptor = Receptor::Excitatory;
  spec.projections = {p};
  BuildOptions options;
  options.record = RecordMode::Full;
  auto built = build_network(spec, options);
  for (const auto& e : built.errors) FAIL_CHECK(e.text());
  REQUIRE(built.network);
  built.network->run(5);
  return std::move(built.network);
}

}  // namespace

TEST_SUITE("io: exports") {
  TEST_CASE("weights.csv and weights.npy list every synapse") {
    auto net = small_network();
    const auto dir = temp_dir("weights");
    CHECK(cli::export_weights_csv(dir / "weights.csv", *net, io::Replace::Never) == 3);
    // Rows by presynaptic neuron, in the list's order within a row; floats in their shortest
    // exact form.
    CHECK(read_text(dir / "weights.csv") == "projection,pre,post,w\nin_out,0,1,1.5\nin_out,0,0,3e-07\nin_out,2,0,-0.25\n");
    CHECK(cli::export_weights_npy(dir / "weights.npy", *net, io::Replace::Never) == 3);
    const Npy npy = read_npy(dir / "weights.npy");
    CHECK(npy.dict.rfind("{'descr': [('projection', '<i4'), ('pre', '<i4'), ('post', '<i4'), ('w', '<f4')], 'fortran_order': False, 'shape': (3,), }", 0) == 0);
    REQUIRE(npy.data.size() == 3 * 16);
    CHECK(field<std::int32_t>(npy.data, 16 + 4) == 0);   // second record: pre 0
    CHECK(field<std::int32_t>(npy.data, 16 + 8) == 0);   // post 0
    CHECK(field<float>(npy.data, 16 + 12) == 3e-7f);     // w
    CHECK(field<float>(npy.data, 32 + 12) == -0.25f);
    // Never replaced silently.
    CHECK_THROWS_AS(cli::export_weights_csv(dir / "weights.csv", *net, io::Replace::Never), std::runtime_error);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("spikes: CSV with a quoted name, NPY from the events and from the CSV agree") {
    auto net = small_network();
    const auto& spikes = net->spikes().all();
    REQUIRE(spikes.size() == 3);
    const auto dir = temp_dir("spikes");
    cli::export_spikes_csv(dir / "spikes.csv", spikes, *net, io::Replace::Never);
    CHECK(read_text(dir / "spikes.csv") == "t_ms,population,neuron\n0,\"in, with a comma\",0\n0.1,\"in, with a comma\",1\n0.2,\"in, with a comma\",2\n");
    cli::export_spikes_npy(dir / "a.npy", spikes, *net, io::Replace::Never);
    CHECK(cli::spikes_csv_to_npy(dir / "spikes.csv", dir / "b.npy", *net, io::Replace::Never) == 3);
    const Npy a = read_npy(dir / "a.npy"), b = read_npy(dir / "b.npy");
    CHECK(a.dict == b.dict);
    CHECK(a.data == b.data);
    CHECK(a.dict.rfind("{'descr': [('t_ms', '<f8'), ('population', '<i4'), ('neuron', '<i4')], 'fortran_order': False, 'shape': (3,), }", 0) == 0);
    REQUIRE(a.data.size() == 48);
    // t_ms is the CSV's 0.2, not 2 * 0.1 = 0.2000000000000000111.
    CHECK(field<double>(a.data, 32) == 0.2);
    CHECK(field<std::int32_t>(a.data, 32 + 12) == 2);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a headless run's spikes.csv converts, and a damaged one is refused") {
    auto net = small_network();
    const auto dir = temp_dir("convert");
    cli::write_spikes_csv(dir, *net);
    CHECK(cli::spikes_csv_to_npy(dir / "spikes.csv", dir / "spikes.npy", *net, io::Replace::Never) == 3);
    std::ofstream(dir / "bad.csv") << "t_ms,population,neuron\n0.1,nobody,3\n";
    CHECK_THROWS_WITH_AS(cli::spikes_csv_to_npy(dir / "bad.csv", dir / "bad.npy", *net, io::Replace::Never),
                         ((dir / "bad.csv").string() + ":2: not a spike row: 0.1,nobody,3").c_str(), std::runtime_error);
    CHECK_FALSE(std::filesystem::exists(dir / "bad.npy"));
    CHECK_FALSE(std::filesystem::exists(dir / "bad.npy.tmp"));
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("result files quote names that need it, and never replace a file unless allowed") {
    auto net = small_network();
    const auto dir = temp_dir("results-quoting");
    cli::write_spikes_csv(dir, *net);
    CHECK(read_text(dir / "spikes.csv") == "t_ms,population,neuron\n0,\"in, with a comma\",0\n0.1,\"in, with a comma\",1\n0.2,\"in, with a comma\",2\n");
    cli::write_metrics_csv(dir, *net, {{10, 10, {3, 0}}});
    CHECK(read_text(dir / "metrics.csv") == "t_ms,\"in, with a comma_rate_hz\",\"in, with a comma_spikes\",out_rate_hz,out_spikes\n1,1000,3,0,0\n");
    // A second write of the same name: refused and the first file kept, unless overwriting.
    CHECK_THROWS_WITH_AS(cli::write_metrics_csv(dir, *net, {}),
                         ((dir / "metrics.csv").string() + " already exists and was not replaced (choose another name, or allow overwriting)").c_str(),
                         std::runtime_error);
    CHECK(read_text(dir / "metrics.csv").find("\n1,1000,3,0,0\n") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "metrics.csv.tmp"));
    cli::write_metrics_csv(dir, *net, {}, io::Replace::Allowed);
    CHECK(read_text(dir / "metrics.csv") == "t_ms,\"in, with a comma_rate_hz\",\"in, with a comma_spikes\",out_rate_hz,out_spikes\n");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("summaries: applied parameters and weight statistics") {
    auto net = small_network();
    const auto params = cli::parameters_json(*net);
    CHECK(params["populations"][1]["params"]["tau_m"] == 10.0);
    const auto w = cli::weight_summary_json(*net);
    REQUIRE(w.size() == 1);
    CHECK(w[0]["synapses"] == 3);
    CHECK(w[0]["w_min"] == doctest::Approx(-0.25));
    CHECK(w[0]["w_max"] == doctest::Approx(1.5));
    CHECK(w[0]["w_mean"] == doctest::Approx((1.5 - 0.25 + 3e-7) / 3.0));
  }

  TEST_CASE("summaries: a projection whose synapses all weigh the same has exact statistics") {
    // 40,000 copies of 1.62f summed in double give a spread of about 1e-6 from the sum of squares;
    // the summary of a projection with one common weight is that weight, with no spread.
    ScenarioSpec spec = test::scenario(0.1, {test::population("a", "lif", 200)});
    spec.projections = {test::projection("a", "a", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1.62))};
    spec.projections[0].connectivity.allow_autapses = true;
    const auto net = test::build(spec);
    REQUIRE(net->projection(0).common_weight());
    const auto w = cli::weight_summary_json(*net);
    REQUIRE(w.size() == 1);
    CHECK(w[0]["synapses"] == 40000);
    CHECK(w[0]["w_mean"].get<double>() == static_cast<double>(1.62f));
    CHECK(w[0]["w_min"].get<double>() == static_cast<double>(1.62f));
    CHECK(w[0]["w_max"].get<double>() == static_cast<double>(1.62f));
    CHECK(w[0]["w_sd"].get<double>() == 0.0);
  }

  TEST_CASE("the window's metrics count the same spikes as the rate bins") {
    auto net = small_network();
    net->run(45);  // five closed bins of 1 ms
    const auto windows = cli::metrics_from_rate_bins(*net);
    std::uint64_t total = 0;
    for (const auto& w : windows) total += w.spikes[0];
    CHECK(total == net->total_spikes(0));
  }
}
