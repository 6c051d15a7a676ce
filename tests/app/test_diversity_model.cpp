// The neuron-diversity views' model (app/gui/views/diversity_model.cpp), from the facts of real
// presets: the neuron chosen by default, SetTraced sent once per selection, the E/I classes by
// weight sign and by name, and which scenarios open the diversity layout.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gui/views/diversity_model.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"

namespace neurosim::gui {

namespace {

std::shared_ptr<const ScenarioFacts> facts_of(const char* preset) {
  io::LoadResult loaded = io::load_scenario(preset);
  REQUIRE_MESSAGE(loaded.spec, preset);
  BuildResult built = build_network(*loaded.spec);
  REQUIRE(built.errors.empty());
  return Session(std::move(built.network)).facts();
}

int index_of(const ScenarioFacts& facts, const std::string& name) {
  for (std::size_t i = 0; i < facts.populations.size(); ++i)
    if (facts.populations[i].name == name) return static_cast<int>(i);
  FAIL("no population " << name);
  return -1;
}

}  // namespace

TEST_SUITE("diversity model") {
  TEST_CASE("the default neuron: a traced one with a phase plane first, else the first traced, else neuron 0 of a simulated population") {
    const auto facts = facts_of("default");  // input (poisson), exc, inh: LIF, no phase plane
    NeuronSelection s;
    s.choose_default(*facts, {});
    CHECK(s.population == index_of(*facts, "exc"));  // the Poisson input is no neuron to look at
    CHECK(s.neuron == 0);
    s.choose_default(*facts, {{2, 5}, {1, 3}});
    CHECK(s.population == 2);
    CHECK(s.neuron == 5);
    CHECK(s.valid(*facts));
    s.choose(0, 0);  // a spike source
    CHECK_FALSE(s.valid(*facts));
    s.choose(1, 100000);
    CHECK_FALSE(s.valid(*facts));

    const auto cells = facts_of("izhikevich-patterns");
    NeuronSelection t;
    t.choose_default(*cells, {});
    REQUIRE(t.valid(*cells));
    CHECK(has_phase_plane(cells->populations[static_cast<std::size_t>(t.population)].model));
  }

  TEST_CASE("the chosen neuron is traced once per selection, and a refusal is kept to show") {
    const auto facts = facts_of("default");
    NeuronSelection s;
    s.choose(1, 7);
    TraceHistory traces;
    std::vector<Command> sent;
    auto submit = [&](const Command& c) {
      sent.push_back(c);
      return std::string("at most 16 neurons can be traced at once");
    };
    s.ensure_traced(*facts, traces, submit);
    s.ensure_traced(*facts, traces, submit);
    REQUIRE(sent.size() == 1);
    const auto* traced = std::get_if<SetTraced>(&sent.front());
    REQUIRE(traced != nullptr);
    CHECK(traced->population == 1);
    CHECK(traced->neuron == 7);
    CHECK(s.trace_error == "at most 16 neurons can be traced at once");
    s.choose(1, 8);  // another neuron: asked again, the old refusal gone
    CHECK(s.trace_error.empty());
    s.ensure_traced(*facts, traces, submit);
    CHECK(sent.size() == 2);
  }

  TEST_CASE("populations are classed by the sign of their outgoing weights, else by their name") {
    const auto facts = facts_of("default");
    const int input = index_of(*facts, "input"), exc = index_of(*facts, "exc"), inh = index_of(*facts, "inh");
    CHECK(classify_population(*facts, nullptr, input) == PopulationClass::External);
    // Without weight sums: by name.
    CHECK(classify_population(*facts, nullptr, exc) == PopulationClass::Excitatory);
    CHECK(classify_population(*facts, nullptr, inh) == PopulationClass::Inhibitory);
    // With sums of the opposite sign the weights win: the name is only the last resort.
    std::vector<double> sums(facts->projections.size(), 0.0);
    for (std::size_t j = 0; j < facts->projections.size(); ++j) sums[j] = facts->projections[j].pre == exc ? -1.0 : 1.0;
    CHECK(classify_population(*facts, &sums, exc) == PopulationClass::Inhibitory);
    CHECK(classify_population(*facts, &sums, inh) == PopulationClass::Excitatory);
    for (const char* name : {"inh", "I", "PV cells", "basket_2", "golgi", "L4 FS"}) CHECK_MESSAGE(inhibitory_name(name), name);
    for (const char* name : {"exc", "E", "pyramidal", "input", "fish", "thing"}) CHECK_MESSAGE(!inhibitory_name(name), name);
  }

  TEST_CASE("the diversity layout opens for adapting models without plasticity and for a single neuron") {
    CHECK(prefers_diversity_layout(*facts_of("cell-types")));
    CHECK(prefers_diversity_layout(*facts_of("lif-single")));
    CHECK(prefers_diversity_layout(*facts_of("hh-single")));
    CHECK_FALSE(prefers_diversity_layout(*facts_of("default")));       // LIF network: the raster says more
    CHECK_FALSE(prefers_diversity_layout(*facts_of("song2000-stdp")));  // plastic: the learning layout
  }
}

}  // namespace neurosim::gui
