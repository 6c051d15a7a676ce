// `neurosim export --to pynn` (cli/export_pynn.hpp): the script's populations, units and
// connectors for the cuba preset (Brette et al. 2007 as in Brian2's CUBA.py: C_m 20 pF is
// cm 0.02 nF, a 1.62 pA jump is 0.00162 nA), and refusals that name what cannot be mapped.
#include <doctest/doctest.h>

#include <string>

#include "cli/export_pynn.hpp"
#include "neurosim/io/scenario_json.hpp"

using namespace neurosim;

namespace {

ScenarioSpec preset(const char* name) {
  io::LoadOptions o;
  o.read_inputs = false;
  auto loaded = io::load_scenario(name, o);
  REQUIRE(loaded.spec);
  return *loaded.spec;
}

}  // namespace

TEST_SUITE("io: export to PyNN") {
  TEST_CASE("cuba: IF_curr_exp in PyNN's units, fixed-probability connectors, negative inhibitory weights") {
    const auto script = cli::pynn_script(preset("cuba"));
    REQUIRE(script.problems.empty());
    const std::string& t = script.text;
    CHECK(t.find("sim.setup(timestep=0.1, min_delay=0.1)") != std::string::npos);
    CHECK(t.find("pop_exc = sim.Population(3200, sim.IF_curr_exp(tau_m=20.0, cm=0.02, v_rest=-49.0, v_thresh=-50.0, v_reset=-60.0, tau_refrac=5.0, "
                 "tau_syn_E=5.0, tau_syn_I=10.0, i_offset=0.0), label=\"exc\")") != std::string::npos);
    CHECK(t.find("pop_exc.initialize(v=RandomDistribution(\"uniform\", low=-60.0, high=-50.0, rng=rng))") != std::string::npos);
    CHECK(t.find("sim.FixedProbabilityConnector(0.02, allow_self_connections=True, rng=rng),\n    sim.StaticSynapse(weight=0.00162, delay=0.1),\n"
                 "    receptor_type=\"excitatory\", label=\"ee\")") != std::string::npos);
    CHECK(t.find("sim.StaticSynapse(weight=-0.009, delay=0.1),\n    receptor_type=\"inhibitory\", label=\"ie\")") != std::string::npos);
    CHECK(t.find("g.create_dataset(\"node_ids\", data=ids[order])") != std::string::npos);
  }

  TEST_CASE("default: Poisson inputs, normal weights and uniform delays as random distributions") {
    const auto script = cli::pynn_script(preset("default"));
    REQUIRE(script.problems.empty());
    CHECK(script.text.find("pop_input = sim.Population(200, sim.SpikeSourcePoisson(rate=20.0), label=\"input\")") != std::string::npos);
    CHECK(script.text.find("sim.StaticSynapse(weight=RandomDistribution(\"normal\", mu=0.12, sigma=0.02, rng=rng), "
                           "delay=RandomDistribution(\"uniform\", low=1.0, high=2.0, rng=rng))") != std::string::npos);
  }

  TEST_CASE("what cannot be mapped is refused by name") {
    const auto stdp = cli::pynn_script(preset("song2000-stdp"));
    REQUIRE_FALSE(stdp.problems.empty());
    CHECK(stdp.problems[0].find("learning (stdp) is not exported to PyNN yet") != std::string::npos);
    const auto izh = cli::pynn_script(preset("izhikevich2003"));
    REQUIRE_FALSE(izh.problems.empty());
    CHECK(izh.problems[0].find("model \"izhikevich\" has no PyNN standard cell in this export") != std::string::npos);
  }
}
