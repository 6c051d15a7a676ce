// `neurosim export --to sonata` (cli/export_sonata.hpp), read back with libhdf5's C API: SONATA's
// layout (AllenInstitute/sonata, docs/SONATA_DEVELOPER_GUIDE.md: root attributes magic 0x0A7A and
// version, /nodes/<pop>/..., /edges/<pre>_<post>/... with node_population attributes), and every
// edge's source, target, weight and delay equal to those of a second, independent build of the
// same scenario, as `neurosim run` writes them to weights.csv.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <string>

#include "cli/export_sonata.hpp"
#include "results/exports.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/hdf5.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/projection.hpp"

using namespace neurosim;
namespace h5 = neurosim::io::h5;

namespace {

ScenarioSpec preset(const char* name) {
  auto loaded = io::load_scenario(name);
  REQUIRE(loaded.spec);
  return *loaded.spec;
}

std::vector<double> numbers(hid_t parent, const std::string& name) {
  std::vector<hsize_t> dims;
  return h5::read_numbers(parent, name, name, dims);
}

std::uint32_t u32_attribute(hid_t object, const char* name, std::size_t count, std::size_t at = 0) {
  h5::Handle attr(H5Aopen(object, name, H5P_DEFAULT));
  REQUIRE(attr.valid());
  std::vector<std::uint32_t> v(count);
  REQUIRE(H5Aread(attr, H5T_NATIVE_UINT32, v.data()) >= 0);
  return v[at];
}

std::string string_attribute(hid_t object, const char* name) {
  h5::Handle attr(H5Aopen(object, name, H5P_DEFAULT));
  REQUIRE(attr.valid());
  h5::Handle type(H5Aget_type(attr));
  REQUIRE(H5Tis_variable_str(type) > 0);
  char* text = nullptr;
  REQUIRE(H5Aread(attr, type, &text) >= 0);
  std::string s(text);
  H5free_memory(text);
  return s;
}

struct WeightRow {
  std::string projection;
  int pre, post;
  float w;
};

// weights.csv (projection,pre,post,w), as `neurosim run` writes it.
std::vector<WeightRow> weight_rows(const std::filesystem::path& csv) {
  std::istringstream in(test::read_text(csv));
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "projection,pre,post,w");
  std::vector<WeightRow> rows;
  while (std::getline(in, line)) {
    WeightRow r;
    const auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    r.projection = line.substr(0, a);
    std::from_chars(line.data() + a + 1, line.data() + b, r.pre);
    std::from_chars(line.data() + b + 1, line.data() + c, r.post);
    std::from_chars(line.data() + c + 1, line.data() + line.size(), r.w);
    rows.push_back(r);
  }
  return rows;
}

// Exports `spec` and checks each edge file against an independent build's weights.csv and delays.
void check_export(const ScenarioSpec& spec, const std::string& tag) {
  const auto dir = test::temp_dir("sonata-" + tag);
  {
    BuildResult built = build_network(spec);
    REQUIRE(built.errors.empty());
    cli::write_sonata(spec, *built.network, dir, false);
  }
  BuildResult again = build_network(spec);
  REQUIRE(again.errors.empty());
  const Network& net = *again.network;
  cli::export_weights_csv(dir / "weights.csv", net, io::Replace::Never);
  const std::vector<WeightRow> rows = weight_rows(dir / "weights.csv");
  h5::silence_errors();

  for (int i = 0; i < net.population_count(); ++i) {
    const std::string name = net.population(i).name();
    INFO(name);
    h5::Handle file(H5Fopen((dir / "network" / (name + "_nodes.h5")).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    REQUIRE(file.valid());
    CHECK(u32_attribute(file, "magic", 1) == 0x0A7A);
    CHECK(u32_attribute(file, "version", 2, 0) == 0);
    CHECK(u32_attribute(file, "version", 2, 1) == 1);
    h5::Handle pop(H5Gopen2(file, ("nodes/" + name).c_str(), H5P_DEFAULT));
    REQUIRE(pop.valid());
    const auto ids = numbers(pop, "node_id"), types = numbers(pop, "node_type_id"), groups = numbers(pop, "node_group_id"),
               index = numbers(pop, "node_group_index");
    REQUIRE(ids.size() == static_cast<std::size_t>(net.population(i).size()));
    REQUIRE(types.size() == ids.size());
    REQUIRE(groups.size() == ids.size());
    REQUIRE(index.size() == ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
      INFO(k);
      CHECK(ids[k] == static_cast<double>(k));
      CHECK(index[k] == static_cast<double>(k));
      CHECK(groups[k] == 0);
      CHECK(types[k] == 100 + i);
    }
    CHECK(h5::is_group(pop, "0"));
  }

  std::size_t row = 0;
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& proj = net.projection(j);
    const std::string pre = net.population(proj.pre()).name(), post = net.population(proj.post()).name();
    const std::string edges = pre + "_" + post;
    const bool conductance = spec.populations[static_cast<std::size_t>(proj.post())].model == "lif_cond";
    INFO(edges);
    h5::Handle file(H5Fopen((dir / "network" / (edges + "_edges.h5")).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    REQUIRE(file.valid());
    CHECK(u32_attribute(file, "magic", 1) == 0x0A7A);
    h5::Handle pop(H5Gopen2(file, ("edges/" + edges).c_str(), H5P_DEFAULT));
    REQUIRE(pop.valid());
    {
      h5::Handle src(H5Dopen2(pop, "source_node_id", H5P_DEFAULT)), dst(H5Dopen2(pop, "target_node_id", H5P_DEFAULT));
      CHECK(string_attribute(src, "node_population") == pre);
      CHECK(string_attribute(dst, "node_population") == post);
    }
    h5::Handle group(H5Gopen2(pop, "0", H5P_DEFAULT));
    REQUIRE(group.valid());
    const auto source = numbers(pop, "source_node_id"), target = numbers(pop, "target_node_id"), type = numbers(pop, "edge_type_id"),
               gid = numbers(pop, "edge_group_id"), gindex = numbers(pop, "edge_group_index");
    h5::Handle params(H5Gopen2(group, "dynamics_params", H5P_DEFAULT));
    REQUIRE(params.valid());
    const auto weight = numbers(group, "syn_weight"), delay = numbers(group, "delay"), linked = numbers(params, "delay");
    REQUIRE(source.size() == proj.synapse_count());
    REQUIRE(target.size() == source.size());
    REQUIRE(weight.size() == source.size());
    REQUIRE(delay.size() == source.size());
    REQUIRE(linked == delay);
    REQUIRE(type.size() == source.size());
    REQUIRE(gindex.size() == source.size());
    for (std::size_t s = 0; s < source.size(); ++s, ++row) {
      INFO(s);
      REQUIRE(row < rows.size());
      const WeightRow& r = rows[row];
      CHECK(r.projection == proj.name());
      CHECK(source[s] == r.pre);
      CHECK(target[s] == r.post);
      // syn_weight is in nA or uS (PyNN's units), weights.csv in pA or nS; conductances are
      // positive in PyNN, NeuroSim adds their magnitude.
      CHECK(weight[s] == doctest::Approx((conductance ? std::abs(r.w) : r.w) * 1e-3).epsilon(1e-9));
      // A same-step synapse (0 steps) takes one step, PyNN's shortest delay (cuba's projections).
      CHECK(delay[s] == doctest::Approx(std::max(1, proj.delay_steps(s)) * spec.dt_ms).epsilon(1e-12));
      CHECK(type[s] == 100 + j);
      CHECK(gid[s] == 0);
      CHECK(gindex[s] == static_cast<double>(s));
    }
  }
  CHECK(row == rows.size());
}

}  // namespace

TEST_SUITE("io: export to SONATA") {
  TEST_CASE("cuba: every synapse, weight and delay as weights.csv of the same build (Brette et al. 2007: 1.62 pA = 0.00162 nA)") {
    const ScenarioSpec spec = preset("cuba");
    REQUIRE(cli::sonata_problems(spec).empty());
    check_export(spec, "cuba");
  }

  TEST_CASE("default: Poisson sources as virtual nodes with their rate, per-synapse delays on the step grid") {
    const ScenarioSpec spec = preset("default");
    REQUIRE(cli::sonata_problems(spec).empty());
    check_export(spec, "default");
    // A second seed gives other synapses: the test would see a re-drawn network.
    ScenarioSpec other = spec;
    other.seed = spec.seed + 1;
    check_export(other, "default-seed");
  }

  TEST_CASE("coba: lif_cond as IF_cond_exp, conductances in uS (Vogels & Abbott 2005's 0.6 nS = 0.0006 uS) and positive") {
    const ScenarioSpec spec = preset("coba");
    REQUIRE(cli::sonata_problems(spec).empty());
    check_export(spec, "coba");
    const auto dir = test::temp_dir("sonata-coba");
    REQUIRE(cli::export_sonata_command("coba", {}, dir.string(), false) == 0);
    // tau_m = C_m / g_L = 200 pF / 10 nS = 20 ms; cm 0.2 nF.
    CHECK(test::read_text(dir / "node_types.csv").find("100 point_neuron pyNN:IF_cond_exp exc NULL 0.2 0 -80 0 20 5 5 10 -60 -60 -50\n") != std::string::npos);
    CHECK(test::read_text(dir / "simulation_config.json").find("\"gsyn_exc\"") != std::string::npos);
    ScenarioSpec adaptive = spec;
    adaptive.populations[0].params["theta_plus"] = Distribution::constant(0.05);
    const auto problems = cli::sonata_problems(adaptive);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("params.theta_plus: IF_cond_exp has no such feature") != std::string::npos);
    // NEST integrates IF_cond_exp its own way: a forward-Euler population is refused, the default taken.
    ScenarioSpec euler = spec;
    euler.populations[0].params["integrator"] = Distribution::constant(1);
    const auto euler_problems = cli::sonata_problems(euler);
    REQUIRE(euler_problems.size() == 1);
    CHECK(euler_problems[0].find("params.integrator: IF_cond_exp has no such feature (export it with integrator = 0)") != std::string::npos);
    euler.populations[0].params["integrator"] = Distribution::constant(0);
    CHECK(cli::sonata_problems(euler).empty());
  }

  TEST_CASE("types tables and configs: PyNN's cells and units, Poisson rates as inputs") {
    const ScenarioSpec spec = preset("default");
    const auto dir = test::temp_dir("sonata-tables");
    REQUIRE(cli::export_sonata_command("default", {}, dir.string(), true) == 0);
    const std::string nodes = test::read_text(dir / "node_types.csv");
    CHECK(nodes.rfind("node_type_id model_type model_template pop_name rate cm i_offset tau_m tau_refrac tau_syn_E tau_syn_I v_reset v_rest v_thresh\n", 0) == 0);
    CHECK(nodes.find("101 point_neuron pyNN:IF_curr_exp exc NULL 0.25 0 20 2 5 10 -65 -65 -50\n") != std::string::npos);
    CHECK(nodes.find(" virtual pyNN:SpikeSourcePoisson input 20 NULL") != std::string::npos);
    CHECK(nodes.find(" point_neuron pyNN:IF_curr_exp exc NULL") != std::string::npos);
    const std::string edges = test::read_text(dir / "edge_types.csv");
    CHECK(edges.find("pyNN:StaticSynapse inhibitory ie") != std::string::npos);
    const std::string sim = test::read_text(dir / "simulation_config.json");
    CHECK(sim.find("\"module\": \"poisson\"") != std::string::npos);
    CHECK(sim.find("\"dt\": 0.1") != std::string::npos);
    CHECK(test::read_text(dir / "circuit_config.json").find("$NETWORK_DIR/input_exc_edges.h5") != std::string::npos);
    CHECK(test::read_text(dir / "run_pynn.py").find("import_from_sonata(\"circuit_config.json\", sim)") != std::string::npos);
    // Without --overwrite an existing export is kept.
    CHECK(cli::export_sonata_command("default", {}, dir.string(), false) == 2);
  }

  TEST_CASE("izhikevich and adex: PyNN's cells, NeuroSim's starting state, weights onto Izhikevich as jumps of w dt mV") {
    const auto dir = test::temp_dir("sonata-izhikevich");
    REQUIRE(cli::export_sonata_command("izhikevich-patterns", {}, (dir / "izh").string(), true) == 0);
    const std::string nodes = test::read_text(dir / "izh" / "node_types.csv");
    CHECK(nodes.rfind("node_type_id model_type model_template pop_name rate a b c d i_offset\n", 0) == 0);
    CHECK(nodes.find("101 point_neuron pyNN:Izhikevich IB NULL 0.02 0.2 -55 4 0\n") != std::string::npos);
    const auto sim = nlohmann::json::parse(test::read_text(dir / "izh" / "simulation_config.json"));
    // NeuroSim starts v at v_init (the preset's LTS: -64.41 mV) and u at b v_init; PyNN would
    // start at -70 and -14.
    CHECK(sim["initial_values"]["LTS"]["v"].get<double>() == doctest::Approx(-64.41));
    CHECK(sim["initial_values"]["LTS"]["u"].get<double>() == doctest::Approx(0.25 * -64.41));
    // The 10 mV/ms step is 0.01 nA through PyNN's 1 pF.
    CHECK(sim["inputs"]["stimulus_0"]["amp"].get<double>() == doctest::Approx(0.01));

    REQUIRE(cli::export_sonata_command("adex-patterns", {}, (dir / "adex").string(), true) == 0);
    const std::string adex = test::read_text(dir / "adex" / "node_types.csv");
    CHECK(adex.rfind("node_type_id model_type model_template pop_name rate a b cm delta_T i_offset tau_m tau_refrac tau_w v_reset v_rest v_spike v_thresh\n", 0) == 0);
    // Naud et al. 2008's adapting class: C 200 pF, g_L 12 nS (tau_m 16.7 ms), b 60 pA = 0.06 nA.
    CHECK(adex.find("101 point_neuron pyNN:EIF_cond_exp_isfa_ista adapting NULL 0.002 0.06 0.2 2 0 16.6666666667 0 300 -58 -70 0 -50\n") != std::string::npos);

    // Onto Izhikevich cells a weight of 2 (mV/ms for one step) at dt = 0.25 ms is a 0.5 mV jump.
    ScenarioSpec pair = preset("izhikevich-patterns");
    ProjectionSpec pr;
    pr.name = "rs_fs";
    pr.pre = "RS";
    pr.post = "FS";
    pr.weight = Distribution::constant(2.0);
    pr.delay_ms = Distribution::constant(1.0);
    pair.projections.push_back(pr);
    REQUIRE(cli::sonata_problems(pair).empty());
    BuildResult built = build_network(pair);
    REQUIRE(built.errors.empty());
    cli::write_sonata(pair, *built.network, dir / "pair", false);
    h5::silence_errors();
    h5::Handle file(H5Fopen((dir / "pair" / "network" / "RS_FS_edges.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    REQUIRE(file.valid());
    h5::Handle group(H5Gopen2(file, "/edges/RS_FS/0", H5P_DEFAULT));
    const auto w = numbers(group, "syn_weight");
    REQUIRE(w.size() == 1);
    CHECK(w[0] == doctest::Approx(0.5));
  }

  TEST_CASE("STDP: pyNN:STDPMechanism edges with the pair rule's columns, which run_pynn.py builds") {
    const auto dir = test::temp_dir("sonata-stdp");
    const std::string scenario = std::string(NEUROSIM_TEST_DATA_DIR) + "/scenarios/song2000-small.json";
    REQUIRE(cli::export_sonata_command(scenario, {}, dir.string(), true) == 0);
    // A+ = 3.5 pA is 5 % of w_max = 70 pA = 0.07 nA; A- = 1.05 A+.
    CHECK(test::read_text(dir / "edge_types.csv") ==
          "edge_type_id model_template receptor_type projection tau_plus tau_minus A_plus A_minus w_min w_max multiplicative\n"
          "100 pyNN:STDPMechanism excitatory inputs_neuron 20 20 0.05 0.0525 0 0.07 0\n");
    const auto sim = nlohmann::json::parse(test::read_text(dir / "simulation_config.json"));
    CHECK(sim["plastic_edges"]["inputs_neuron"]["projection"] == "inputs_neuron");
    CHECK(sim["plastic_edges"]["inputs_neuron"]["weight_scale"].get<double>() == doctest::Approx(0.001));
    const std::string run = test::read_text(dir / "run_pynn.py");
    CHECK(run.find("sim.STDPMechanism = stdp_mechanism") != std::string::npos);
    CHECK(run.find("dendritic_delay_fraction=0.0 if args.simulator == \"brian2\" else 1.0") != std::string::npos);
  }

  TEST_CASE("what cannot be mapped is refused by name, with exit 2") {
    const auto izh = cli::sonata_problems(preset("izhikevich2003"));
    REQUIRE_FALSE(izh.empty());
    CHECK(izh[0] == "populations[0] (exc).params.c: per-neuron values are not exported to SONATA (give one value)");
    auto triplet = preset("diehl-cook");
    bool rule = false;
    for (const auto& p : cli::sonata_problems(triplet))
      rule = rule || p.find("learning rule \"stdp_triplet\" is not exported to PyNN: the triplet rule has no PyNN standard STDP type") != std::string::npos;
    CHECK(rule);
    ScenarioSpec adex = preset("cuba");
    adex.populations[1].model = "adex";
    adex.populations[1].params.clear();
    const auto current = cli::sonata_problems(adex);
    REQUIRE(current.size() == 2);  // ei and ii target it
    CHECK(current[0] == "populations[1] (inh): model \"adex\" is not exported when a projection targets it (ei): its synapses are current-based, "
                       "PyNN's EIF_cond_exp_isfa_ista's conductance-based");
    ScenarioSpec rates = preset("file-input");
    rates.populations[0].input->as = InputKind::Rates;
    const auto file = cli::sonata_problems(rates);
    REQUIRE(file.size() == 1);
    CHECK(file[0] == "populations[0] (input).input.as: only spike files are exported to SONATA (got rates)");
    const auto dir = test::temp_dir("sonata-refused");
    CHECK(cli::export_sonata_command("izhikevich2003", {}, (dir / "x").string(), false) == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "x"));
  }
}
