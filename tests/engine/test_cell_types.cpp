// The cell-type, firing-pattern and region tables (cell_types.hpp) are data for the GUI and the
// scenarios: every entry must name a registered model and parameters that model accepts. (What
// the Naud patterns do is tested in test_adex.cpp.)
#include <cmath>
#include <set>

#include "engine/spec_helpers.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/model_registry.hpp"

using namespace neurosim;

namespace {

// Applies the values to a fresh population of the model; returns the errors (empty when accepted).
std::vector<ParamError> apply_values(std::string_view model, std::span<const ParamValue> values) {
  auto pop = make_population(model, "n", 1, 0.1, 1, 0);
  REQUIRE(pop != nullptr);
  std::vector<double> all(pop->param_values().begin(), pop->param_values().end());
  for (const auto& v : values) {
    INFO(v.name);
    const auto index = pop->param_index(v.name);
    REQUIRE(index.has_value());
    all[static_cast<std::size_t>(*index)] = v.value;
  }
  return pop->set_params(all);
}

}  // namespace

TEST_SUITE("cell types") {
  TEST_CASE("every cell type names a registered model and parameters it accepts, with a source") {
    REQUIRE(cell_types().size() == 7);
    std::set<std::string_view> names;
    for (const auto& c : cell_types()) {
      INFO(c.name);
      CHECK(names.insert(c.name).second);
      for (const auto& e : apply_values(c.model, c.params)) FAIL_CHECK(e.param << ": " << e.message);
      CHECK(std::isfinite(c.drive));
      CHECK(!c.source.empty());
      CHECK(!c.note.empty());
      CHECK(!evidence_name(c.evidence).empty());
      CHECK(find_cell_type(c.name) == &c);
    }
    for (const char* name : {"Pyramidal", "Interneuron", "Sensory", "Purkinje", "Granule", "Motor", "Golgi"}) CHECK(names.count(name) == 1);
    CHECK(find_cell_type("Pyramid") == nullptr);
  }

  TEST_CASE("the eight Naud et al. 2008 patterns are valid AdEx parameter sets") {
    REQUIRE(adex_firing_patterns().size() == 8);
    for (const auto& p : adex_firing_patterns()) {
      INFO(p.name);
      for (const auto& e : apply_values("adex", p.params)) FAIL_CHECK(e.param << ": " << e.message);
      CHECK(p.current > 0.0);
      CHECK(find_firing_pattern(p.name) == &p);
    }
    // Spot checks against the published table as read (cell_types.cpp names the copies).
    const auto value = [](std::string_view pattern, std::string_view param) {
      for (const auto& v : find_firing_pattern(pattern)->params)
        if (v.name == param) return v.value;
      return std::nan("");
    };
    CHECK(value("adapting", "tau_w") == 300.0);
    CHECK(value("initial burst", "b") == 120.0);
    CHECK(value("irregular", "a") == -11.0);
    CHECK(find_firing_pattern("delayed regular bursting")->current == 110.0);
    CHECK(find_firing_pattern("bursting") == nullptr);
  }

  TEST_CASE("regions: members are known cell types whose shares add up to 1") {
    REQUIRE(brain_regions().size() == 3);
    for (const auto& r : brain_regions()) {
      INFO(r.name);
      double total = 0.0;
      for (const auto& m : r.members) {
        INFO(m.cell_type);
        CHECK(find_cell_type(m.cell_type) != nullptr);
        CHECK(m.fraction > 0.0);
        CHECK(m.drive_sd >= 0.0);
        total += m.fraction;
      }
      CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
      CHECK(find_brain_region(r.name) == &r);
      CHECK(r.preset.rfind("brain-regions", 0) == 0);  // the preset that builds it (test_diversity_presets.cpp)
    }
    CHECK(find_brain_region("Hippocampus") == nullptr);
    CHECK(find_brain_region_by_preset("brain-regions")->name == "Cortex");
    CHECK(region_population_name("Purkinje") == "purkinje");
  }

  TEST_CASE("param_map gives a population spec's constant parameters") {
    const auto* c = find_cell_type("Granule");
    REQUIRE(c != nullptr);
    const auto m = param_map(c->params);
    CHECK(m.size() == c->params.size());
    CHECK(m.at("C_m").is_constant());
    CHECK(m.at("C_m").mean() == 3.1);
    // A population built from the map takes those values.
    auto spec = test::scenario(0.1, {test::population("g", std::string(c->model), 2, m)});
    auto net = test::build(spec);
    CHECK(net->population(0).param("tau_m") == doctest::Approx(3.1 / 1.4));
  }
}
