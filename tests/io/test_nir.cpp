// NIR graphs (io/nir.hpp): export -> import keeps every weight and parameter; the imported
// neurons follow NIR's equations (neuromorphs/NIR, nir/ir/neuron.py); bad files are named.
#include <doctest/doctest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <vector>

#include <sys/resource.h>

#include "io/temp_files.hpp"
#include "neurosim/io/nir.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"

namespace {

namespace fs = std::filesystem;
using neurosim::Network;
using neurosim::ScenarioSpec;
namespace io = neurosim::io;

const fs::path kNir = fs::path(NEUROSIM_TEST_DATA_DIR) / "nir";

// pre x post weights of projection j as a spike delivers them (weight_scale applied).
std::vector<float> dense(const Network& net, int j) {
  const auto& pr = net.projection(j);
  const int cols = net.population(pr.post()).size();
  std::vector<float> w(static_cast<std::size_t>(net.population(pr.pre()).size() * cols), 0.0f);
  for (std::size_t i = 0; i + 1 < pr.row_ptr().size(); ++i)
    for (auto s = pr.row_ptr()[i]; s < pr.row_ptr()[i + 1]; ++s)
      w[i * static_cast<std::size_t>(cols) + static_cast<std::size_t>(pr.col()[static_cast<std::size_t>(s)])] =
          pr.weights()[static_cast<std::size_t>(s)] * (pr.enabled() ? pr.weight_scale() : 0.0f);
  return w;
}

int population(const Network& net, const std::string& name) {
  for (int p = 0; p < net.population_count(); ++p)
    if (net.population(p).name() == name) return p;
  return -1;
}

std::unique_ptr<Network> build(const ScenarioSpec& spec) {
  auto built = neurosim::build_network(spec);
  REQUIRE_MESSAGE(built.network, (built.errors.empty() ? std::string() : built.errors.front().text()));
  return std::move(built.network);
}

std::string first_error(const io::LoadResult& r) { return r.errors.empty() ? std::string("(no error)") : r.errors.front().text(); }

// [SECTION] small NIR files written with the HDF5 C API
struct NirFile {
  hid_t file;
  hid_t nodes;
  hid_t graph;
  explicit NirFile(const fs::path& path) {
    file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    string(file, "version", "1.0.0");
    graph = H5Gcreate2(file, "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    string(graph, "type", "NIRGraph");
    nodes = H5Gcreate2(graph, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  }
  ~NirFile() {
    H5Gclose(nodes);
    H5Gclose(graph);
    H5Fclose(file);
  }
  static void string(hid_t parent, const char* name, const char* value) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t set = H5Dcreate2(parent, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(type);
  }
  static void numbers(hid_t parent, const char* name, std::vector<double> values, std::vector<hsize_t> dims) {
    hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    hid_t set = H5Dcreate2(parent, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(set);
    H5Sclose(space);
  }
  // A node group with its type; the caller adds parameters to the returned group and closes it.
  hid_t node(const char* name, const char* type) {
    hid_t g = H5Gcreate2(nodes, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    string(g, "type", type);
    return g;
  }
  void edges(const std::vector<const char*>& pairs) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    hsize_t dims[2] = {pairs.size() / 2, 2};
    hid_t space = H5Screate_simple(2, dims, nullptr);
    hid_t set = H5Dcreate2(graph, "edges", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pairs.data());
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(type);
  }
};

// Input(1) -> Affine(w) -> `neuron`: the neuron's parameters are added by `fill`.
template <class Fill>
fs::path one_neuron_graph(const fs::path& dir, const char* type, double w, Fill fill, double weight_nan = 0) {
  const fs::path path = dir / (std::string(type) + ".nir");
  NirFile f(path);
  hid_t in = f.node("x", "Input");
  NirFile::numbers(in, "shape", {1}, {1});
  H5Gclose(in);
  hid_t a = f.node("w", "Affine");
  NirFile::numbers(a, "weight", {weight_nan != 0 ? weight_nan : w}, {1, 1});
  NirFile::numbers(a, "bias", {0}, {1});
  H5Gclose(a);
  hid_t n = f.node("y", type);
  fill(n);
  H5Gclose(n);
  hid_t o = f.node("out", "Output");
  NirFile::numbers(o, "shape", {1}, {1});
  H5Gclose(o);
  f.edges({"x", "w", "w", "y", "y", "out"});
  return path;
}

// Drives the single neuron of `path` with Poisson input at 5 kHz: after 100 ms of settling, the
// mean of its membrane potential over 2 s and the input's measured rate (Hz) in that window.
// At the end, `final_v` is its potential and `total_input` the input spikes of the whole run.
struct Drive {
  double mean_v = 0, rate_hz = 0, final_v = 0, total_input = 0;
};
Drive drive(const fs::path& path) {
  io::LoadResult r = io::load_nir(path);
  REQUIRE_MESSAGE(r.spec, first_error(r));
  ScenarioSpec spec = *r.spec;
  spec.populations[static_cast<std::size_t>(spec.population_index("x"))].params["rate"] = neurosim::Distribution::constant(5000.0);
  auto net = build(spec);
  const int x = population(*net, "x");
  const auto& pop = net->population(population(*net, "y"));
  const float* v = pop.state(*pop.state_index("V"));
  net->run(1000);
  const auto before = net->total_spikes(x);
  double sum = 0;
  const int steps = 20000;
  for (int k = 0; k < steps; ++k) {
    net->step();
    sum += v[0];
  }
  Drive d;
  d.mean_v = sum / steps;
  d.rate_hz = static_cast<double>(net->total_spikes(x) - before) / (steps * spec.dt_ms / 1000.0);
  d.final_v = v[0];
  d.total_input = static_cast<double>(net->total_spikes(x));
  return d;
}

}  // namespace

TEST_SUITE("io: nir") {
  TEST_CASE("export then import keeps every weight and parameter") {
    const fs::path dir = neurosim::test::temp_dir("nir-round-trip");
    const io::LoadResult original = io::load_scenario_file(kNir / "feedforward.json");
    REQUIRE_MESSAGE(original.spec, first_error(original));
    io::write_nir(*original.spec, dir / "ff.nir", false);
    const io::LoadResult back = io::load_nir(dir / "ff.nir");
    REQUIRE_MESSAGE(back.spec, first_error(back));
    // The same file from memory (the fuzz harness's entry) reads the same.
    const std::string bytes = neurosim::test::read_text(dir / "ff.nir");
    const io::LoadResult image = io::load_nir_image(bytes.data(), bytes.size(), "ff.nir");
    REQUIRE_MESSAGE(image.spec, first_error(image));
    REQUIRE(image.spec->projections.size() == back.spec->projections.size());
    for (std::size_t j = 0; j < back.spec->projections.size(); ++j)
      CHECK(image.spec->projections[j].connectivity.pair_weights == back.spec->projections[j].connectivity.pair_weights);
    auto a = build(*original.spec);
    auto b = build(*back.spec);
    REQUIRE(a->population_count() == b->population_count());
    for (int p = 0; p < a->population_count(); ++p) {
      const auto& pa = a->population(p);
      const int q = population(*b, pa.name());
      REQUIRE(q >= 0);
      const auto& pb = b->population(q);
      INFO(pa.name());
      CHECK(pb.size() == pa.size());
      if (pa.is_source()) {
        CHECK(pb.is_source());
        continue;
      }
      CHECK(pb.model() == pa.model());
      for (const char* name : {"tau_m", "C_m", "E_L", "V_th", "V_reset", "t_ref", "I_bias", "tau_syn_e", "tau_syn_i"}) {
        if (std::isnan(pa.param(name))) continue;
        INFO(name);
        CHECK(pb.param(name) == doctest::Approx(pa.param(name)).epsilon(1e-12));
      }
    }
    REQUIRE(a->projection_count() == b->projection_count());
    for (int j = 0; j < a->projection_count(); ++j) {
      int k = -1;
      for (int m = 0; m < b->projection_count(); ++m)
        if (b->projection(m).name() == a->projection(j).name()) k = m;
      REQUIRE(k >= 0);
      const auto wa = dense(*a, j), wb = dense(*b, k);
      REQUIRE(wa.size() == wb.size());
      for (std::size_t s = 0; s < wa.size(); ++s) {
        INFO(a->projection(j).name() << " synapse " << s);
        CHECK(wb[s] == wa[s]);  // float32 in the file, so exactly
      }
    }
  }

  TEST_CASE("an imported CubaLIF settles where NIR's equations put it") {
    // tau_syn dI/dt = -I + w_in S, tau_mem dv/dt = (v_leak - v) + r I, with S unit spikes at rate
    // nu: the mean of I is w_in w nu and that of v is v_leak + r w_in w nu (a linear system), here
    // -70 + 0.5 * 2 * 0.002 * nu, about -64 mV at ~3 kHz (v_threshold 10 is never reached).
    const fs::path dir = neurosim::test::temp_dir("nir-cubalif");
    const auto path = one_neuron_graph(dir, "CubaLIF", 0.002, [](hid_t g) {
      NirFile::numbers(g, "tau_syn", {0.005}, {1});
      NirFile::numbers(g, "tau_mem", {0.02}, {1});
      NirFile::numbers(g, "r", {0.5}, {1});
      NirFile::numbers(g, "v_leak", {-70}, {1});
      NirFile::numbers(g, "v_threshold", {10}, {1});
      NirFile::numbers(g, "w_in", {2}, {1});
    });
    const Drive d = drive(path);
    CHECK(d.mean_v == doctest::Approx(-70.0 + 0.5 * 2 * 0.002 * d.rate_hz).epsilon(0.002));
  }

  TEST_CASE("an imported LIF settles where NIR's equations put it") {
    // tau dv/dt = (v_leak - v) + r w S: the mean of v is v_leak + r w nu = -70 + 0.01 * 0.1 * nu.
    const fs::path dir = neurosim::test::temp_dir("nir-lif");
    const auto path = one_neuron_graph(dir, "LIF", 0.1, [](hid_t g) {
      NirFile::numbers(g, "tau", {0.02}, {1});
      NirFile::numbers(g, "r", {0.01}, {1});
      NirFile::numbers(g, "v_leak", {-70}, {1});
      NirFile::numbers(g, "v_threshold", {10}, {1});
    });
    const Drive d = drive(path);
    CHECK(d.mean_v == doctest::Approx(-70.0 + 0.01 * 0.1 * d.rate_hz).epsilon(0.002));
  }

  TEST_CASE("an imported IF integrates r w per input spike") {
    // dv/dt = r w S: each unit spike of w = 0.01 at r = 0.5 raises v by 0.005 mV (the last
    // spikes' share still in the one-step synaptic current is under 0.01 mV).
    const fs::path dir = neurosim::test::temp_dir("nir-if");
    const auto path = one_neuron_graph(dir, "IF", 0.01, [](hid_t g) {
      NirFile::numbers(g, "r", {0.5}, {1});
      NirFile::numbers(g, "v_threshold", {1000}, {1});
      NirFile::numbers(g, "v_reset", {0}, {1});
    });
    const Drive d = drive(path);
    CHECK(d.final_v == doctest::Approx(0.5 * 0.01 * d.total_input).epsilon(0.001));
  }

  TEST_CASE("bad NIR files are named with the dataset and the problem") {
    const fs::path dir = neurosim::test::temp_dir("nir-bad");
    auto lif = [](hid_t g) {
      NirFile::numbers(g, "tau", {0.02}, {1});
      NirFile::numbers(g, "r", {0.01}, {1});
      NirFile::numbers(g, "v_leak", {-70}, {1});
      NirFile::numbers(g, "v_threshold", {10}, {1});
    };
    SUBCASE("NaN weight") {
      const auto path = one_neuron_graph(dir, "LIF", 0.1, lif, std::numeric_limits<double>::quiet_NaN());
      CHECK(first_error(io::load_nir(path)).find("/node/nodes/w/weight: element 0 is nan (must be finite)") != std::string::npos);
    }
    SUBCASE("missing dataset") {
      const auto path = one_neuron_graph(dir, "LIF", 0.1, [](hid_t g) { NirFile::numbers(g, "tau", {0.02}, {1}); });
      CHECK(first_error(io::load_nir(path)).find("/node/nodes/y/r: missing") != std::string::npos);
    }
    SUBCASE("unsupported node") {
      const auto path = one_neuron_graph(dir, "Conv2d", 0.1, [](hid_t) {});
      CHECK(first_error(io::load_nir(path)).find("/node/nodes/y: node type Conv2d is not supported") != std::string::npos);
    }
    SUBCASE("wrong shape") {
      const auto path = one_neuron_graph(dir, "LIF", 0.1, [](hid_t g) {
        NirFile::numbers(g, "tau", {0.02, 0.02}, {2});
        NirFile::numbers(g, "r", {0.01, 0.01}, {2});
        NirFile::numbers(g, "v_leak", {-70, -70}, {2});
        NirFile::numbers(g, "v_threshold", {0, 0}, {2});
      });
      CHECK(first_error(io::load_nir(path)).find("/node/nodes/w/weight: shape 1 x 1 does not match y (2) x x (1)") != std::string::npos);
    }
    SUBCASE("not HDF5") {
      neurosim::test::write_text(dir / "text.nir", "this is not HDF5\n");
      CHECK(first_error(io::load_nir(dir / "text.nir")) == (dir / "text.nir").string() + ": not an HDF5 file (NIR files are HDF5)");
    }
    SUBCASE("damaged: a good file cut short") {
      const auto good = one_neuron_graph(dir, "LIF", 0.1, lif);
      const std::string bytes = neurosim::test::read_text(good);
      neurosim::test::write_text(dir / "cut.nir", bytes.substr(0, bytes.size() / 2));
      const std::string e = first_error(io::load_nir(dir / "cut.nir"));
      CHECK(e.find((dir / "cut.nir").string() + ":") == 0);
    }
    SUBCASE("missing file") { CHECK(first_error(io::load_nir(dir / "none.nir")).find("none.nir: no such file") != std::string::npos); }
    SUBCASE("damaged: a heap length that crashes libhdf5 1.10 (a fuzzing finding)") {
      // Read in a child process first (io/hdf5.hpp probe_in_child): the child dies, this
      // process names the file.
      const fs::path damaged = kNir / "damaged_vlen_heap_length.nir";
      CHECK(first_error(io::load_nir(damaged)) == damaged.string() + ": damaged (the HDF5 library failed reading it)");
      const std::string bytes = neurosim::test::read_text(damaged);
      const auto image = io::load_nir_image(bytes.data(), bytes.size(), "image.nir");
      CHECK_FALSE(image.spec);
      CHECK(first_error(image) == "image.nir: damaged (the HDF5 library failed reading it)");
    }
    SUBCASE("damaged: a string length that makes libhdf5 allocate gigabytes (a fuzzing finding)") {
      // libhdf5 allocates and clears a conversion buffer of the stored length (1.6 GB here)
      // before its read fails: the child reading first takes that, this process does not.
      const fs::path damaged = kNir / "damaged_vlen_sequence_length.nir";
      const std::string bytes = neurosim::test::read_text(damaged);
      const auto image = io::load_nir_image(bytes.data(), bytes.size(), "image.nir");
      CHECK_FALSE(image.spec);
      CHECK(first_error(image) == "image.nir: damaged (the HDF5 library asked for far more memory than the file holds)");
      rusage usage{};
      REQUIRE(getrusage(RUSAGE_SELF, &usage) == 0);
      CHECK(usage.ru_maxrss < 1024L * 1024);  // kilobytes: this process stayed under 1 GB
    }
  }

  TEST_CASE("export refuses what NIR cannot express, naming it") {
    const fs::path dir = neurosim::test::temp_dir("nir-refuse");
    io::LoadResult r = io::load_scenario_file(kNir / "feedforward.json");
    REQUIRE(r.spec);
    SUBCASE("recurrent projection") {
      CHECK_THROWS_WITH_AS(io::write_nir(*io::load_scenario("cuba").spec, dir / "c.nir", false),
                           doctest::Contains("projection ee is recurrent (exc onto itself)"), io::NirExportError);
    }
    SUBCASE("a loop through two populations") {
      ScenarioSpec s = *r.spec;
      s.projections.push_back(s.projections[1]);
      s.projections.back().name = "back";
      std::swap(s.projections.back().pre, s.projections.back().post);
      CHECK_THROWS_WITH_AS(io::write_nir(s, dir / "l.nir", false), doctest::Contains("closes a loop"), io::NirExportError);
    }
    SUBCASE("rule other than all-to-all") {
      ScenarioSpec s = *r.spec;
      s.projections[0].connectivity.rule = neurosim::ConnectivitySpec::Rule::FixedProbability;
      s.projections[0].connectivity.p = 0.5;
      CHECK_THROWS_WITH_AS(io::write_nir(s, dir / "p.nir", false), doctest::Contains("projection in_hidden is not all-to-all"), io::NirExportError);
    }
    SUBCASE("model without a NIR node") {
      ScenarioSpec s = *r.spec;
      s.populations[2].model = "izhikevich";
      s.populations[2].params.clear();
      CHECK_THROWS_WITH_AS(io::write_nir(s, dir / "i.nir", false), doctest::Contains("population out: model izhikevich has no NIR node"), io::NirExportError);
    }
    SUBCASE("two synaptic time constants into one CubaLIF") {
      ScenarioSpec s = *r.spec;
      s.populations[1].params["tau_syn_i"] = neurosim::Distribution::constant(9);
      s.projections.push_back(s.projections[0]);
      s.projections.back().name = "inh";
      s.projections.back().receptor = neurosim::Receptor::Inhibitory;
      CHECK_THROWS_WITH_AS(io::write_nir(s, dir / "t.nir", false), doctest::Contains("population hidden: receives excitatory and inhibitory"), io::NirExportError);
    }
    CHECK_FALSE(fs::exists(dir / "c.nir"));
  }
}
