// Recognising a population's cell type from its parameters (match_param_set), which the Neuron
// window's cell-type picker shows: every entry of the table is recognised as itself when a
// population is built from it, entries that share numbers (Purkinje is Naud's tonic set, Motor
// Naud's adapting set) are told apart by the population's name, a parameter moved away from the
// table gives "custom" with the nearest entry and the parameter that differs, and parameters the
// entry does not list (I_bias, synaptic time constants) do not count.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/spec_helpers.hpp"
#include "neurosim/cell_types.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

// A one-neuron network of `model` with these parameters.
std::unique_ptr<Network> built(const std::string& name, std::string_view model, std::map<std::string, Distribution> params) {
  return build(scenario(0.1, {population(name, std::string(model), 1, std::move(params))}));
}

ParamSetMatch match_of(const Population& pop) {
  const auto sets = cell_type_and_pattern_sets();
  return match_param_set(sets, pop.model(), [&](std::string_view n) { return pop.param(n); }, pop.name());
}

}  // namespace

TEST_SUITE("cell type matching") {
  TEST_CASE("the list is the cell types, then the firing patterns, in table order") {
    const auto sets = cell_type_and_pattern_sets();
    REQUIRE(sets.size() == cell_types().size() + adex_firing_patterns().size());
    CHECK(sets.front().name == "Pyramidal");
    CHECK(sets[cell_types().size()].name == "tonic");
    CHECK(sets[cell_types().size()].model == "adex");
  }

  TEST_CASE("a population built from an entry is recognised as that entry") {
    const auto sets = cell_type_and_pattern_sets();
    for (std::size_t i = 0; i < sets.size(); ++i) {
      INFO(sets[i].name);
      auto net = built(std::string(sets[i].name), sets[i].model, param_map(sets[i].params));
      const ParamSetMatch m = match_of(net->population(0));
      CHECK(m.index == static_cast<int>(i));
      CHECK(m.nearest == -1);
      CHECK(m.differing.empty());
    }
  }

  TEST_CASE("entries with the same numbers: the population's name decides, else the first entry") {
    const auto sets = cell_type_and_pattern_sets();
    const auto index_of = [&](std::string_view name) {
      for (std::size_t i = 0; i < sets.size(); ++i)
        if (sets[i].name == name) return static_cast<int>(i);
      return -1;
    };
    const FiringPattern* tonic = find_firing_pattern("tonic");
    REQUIRE(tonic != nullptr);
    SUBCASE("named like the pattern") {
      auto net = built("tonic", "adex", param_map(tonic->params));
      CHECK(match_of(net->population(0)).index == index_of("tonic"));
    }
    SUBCASE("named like the cell type, in another case (the brain-region presets' populations)") {
      auto net = built("purkinje", "adex", param_map(tonic->params));
      CHECK(match_of(net->population(0)).index == index_of("Purkinje"));
    }
    SUBCASE("named like neither: the first in the list, the cell type") {
      auto net = built("cell", "adex", param_map(tonic->params));
      CHECK(match_of(net->population(0)).index == index_of("Purkinje"));
    }
    SUBCASE("Motor and adapting share Naud's adapting set") {
      const FiringPattern* adapting = find_firing_pattern("adapting");
      REQUIRE(adapting != nullptr);
      CHECK(match_of(built("adapting", "adex", param_map(adapting->params))->population(0)).index == index_of("adapting"));
      CHECK(match_of(built("Motor", "adex", param_map(adapting->params))->population(0)).index == index_of("Motor"));
    }
  }

  TEST_CASE("a moved parameter makes the population custom, with the nearest entry and what differs") {
    const CellType* pyr = find_cell_type("Pyramidal");
    REQUIRE(pyr != nullptr);
    auto net = built("exc", "adex", param_map(pyr->params));
    REQUIRE(match_of(net->population(0)).index == 0);
    const Population& pop = net->population(0);
    // As the Parameters window's slider does it: a command, applied before the next step.
    REQUIRE(net->submit(SetParam{0, "b", 120.0}).empty());
    net->apply_pending_commands();
    REQUIRE(pop.param("b") == 120.0);
    const ParamSetMatch m = match_of(pop);
    CHECK(m.index == -1);
    CHECK(m.nearest == 0);
    REQUIRE(m.differing.size() == 1);
    CHECK(m.differing.front() == "b");
    // Back to the table's value: recognised again.
    REQUIRE(net->submit(SetParam{0, "b", 80.5}).empty());
    net->apply_pending_commands();
    CHECK(match_of(pop).index == 0);
  }

  TEST_CASE("parameters an entry does not list do not count; the model does") {
    const CellType* fs = find_cell_type("Interneuron");
    REQUIRE(fs != nullptr);
    auto params = param_map(fs->params);
    params["I_bias"] = Distribution::constant(5.0);
    params["v_init"] = Distribution::constant(-62.0);
    auto net = built("inh", "izhikevich", params);
    CHECK(match_of(net->population(0)).index == 1);

    // The same names and numbers under another model are not that entry.
    const auto sets = cell_type_and_pattern_sets();
    const ParamSetMatch m =
        match_param_set(sets, "lif", [&](std::string_view n) { return net->population(0).param(n); }, "inh");
    CHECK(m.index == -1);

    // A model without any entry: custom, with no nearest entry.
    auto dendritic = build(scenario(0.1, {population("d", "dendritic", 1, {})}));
    const ParamSetMatch d = match_of(dendritic->population(0));
    CHECK(d.index == -1);
    CHECK(d.nearest == -1);
  }

  TEST_CASE("same_param_value: equal through text round trips, not across a slider step") {
    CHECK(same_param_value(3.1 / 1.4, 2.2142857142857144));
    CHECK(same_param_value(-70.6, -70.6 + 1e-12));
    CHECK_FALSE(same_param_value(-70.6, -70.5));
    CHECK_FALSE(same_param_value(0.02, 0.0200001));
    CHECK_FALSE(same_param_value(1.0, std::nan("")));
    CHECK(same_param_value(0.0, 0.0));
  }
}
