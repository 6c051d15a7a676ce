// Views the window's panels draw from the Session's observations rather than from the network:
// each one is checked against what the engine itself holds.
//   stdp_pair_window.hpp  the STDP window panel's curve from the rule's facts = StdpPlasticity::window
//   pattern_bands.hpp     the raster's pattern windows from observations = PatternPopulation::onsets
//   heatmap_data.hpp      the weights panel's exact pair weights = the projection's CSR
#include <doctest/doctest.h>

#include <cmath>

#include "engine/spec_helpers.hpp"
#include "gui/views/heatmap_data.hpp"
#include "gui/views/pattern_bands.hpp"
#include "gui/views/stdp_pair_window.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/session.hpp"

namespace neurosim::gui {

TEST_SUITE("observed views") {

TEST_CASE("the STDP pair window from the rule's facts equals the engine's, also after SetParams") {
  Session session(test::build(test::pattern_task(2, 1, 200.0, 0.0)));
  const auto* rule = dynamic_cast<const StdpPlasticity*>(session.network().plasticity(0));
  REQUIRE(rule != nullptr);
  auto check_equal = [&] {
    const auto facts = session.facts();
    REQUIRE(facts->projections.size() == 1);
    CHECK(facts->projections[0].rule_id == "stdp");
    const std::optional<StdpPairWindow> window = stdp_pair_window(facts->projections[0]);
    REQUIRE(window.has_value());
    for (double dt = -100.0; dt <= 100.0; dt += 7.25)
      for (double w : {0.0, 3.0, 11.5}) {
        INFO("dt " << dt << " w " << w);
        CHECK((*window)(dt, w) == doctest::Approx(rule->window(dt, w)).epsilon(1e-12));
      }
    CHECK(window->balance() == doctest::Approx((rule->param("A_minus") * rule->param("tau_minus")) /
                                               (rule->param("A_plus") * rule->param("tau_plus"))));
  };
  check_equal();
  SUBCASE("soft bounds and another tau") {
    session.submit(SetParams{ParamTarget{ParamTarget::Kind::Plasticity, 0}, {{"multiplicative", 1.0}, {"tau_minus", 33.0}, {"A_plus", 0.01}}});
    session.advance(0);
    REQUIRE(rule->param("multiplicative") == 1.0);
    REQUIRE(rule->param("tau_minus") == 33.0);
    check_equal();
    const StdpPairWindow window = *stdp_pair_window(session.facts()->projections[0]);
    CHECK(window.soft);
    // Soft bounds: no potentiation at w_max, no depression at w_min.
    CHECK(window(5.0, window.w_max) == doctest::Approx(0.0));
    CHECK(window(-5.0, window.w_min) == doctest::Approx(0.0));
  }
}

TEST_CASE("a static projection has no pair window") {
  ProjectionFact fact;
  CHECK_FALSE(stdp_pair_window(fact).has_value());
  fact.rule_id = "stdp";  // without its parameters: not drawable either
  CHECK_FALSE(stdp_pair_window(fact).has_value());
}

TEST_CASE("the pattern windows kept from observations are the pattern source's onsets, each once") {
  Session session(test::build(test::pattern_task(2, 3, 400.0, 0.0)));
  const Session::ReaderId reader = session.open_reader();
  PatternBands bands;
  for (int i = 0; i < 25; ++i) {
    session.advance(313 + 97 * (i % 4));
    bands.add(session.observe(reader).pattern_onsets);
  }
  const auto* source = dynamic_cast<const PatternPopulation*>(&session.network().population(0));
  REQUIRE(source != nullptr);
  const auto& onsets = source->onsets();
  REQUIRE(onsets.size() > 3);
  const double dt = session.network().dt();
  const auto seen = bands.overlapping(0.0, session.time_ms() + 1000.0, dt);
  REQUIRE(seen.size() == onsets.size());
  for (std::size_t i = 0; i < onsets.size(); ++i) {
    INFO("onset " << i);
    CHECK(seen[i].step == onsets[i].step);
    CHECK(seen[i].pattern == onsets[i].pattern);
    CHECK(seen[i].window_steps == source->window_steps());
    CHECK(seen[i].population == 0);
  }
  // Only the windows reaching into a span are returned.
  const double t = static_cast<double>(onsets[1].step) * dt;
  const auto one = bands.overlapping(t + 0.5 * dt, t + 0.6 * dt, dt);
  REQUIRE(one.size() == 1);
  CHECK(one[0].step == onsets[1].step);
  // A reset starts the list again: a reader sees the new run's windows from the start.
  session.submit(ResetNetwork{});
  session.advance(2000);
  const Observations after = session.observe(reader);
  REQUIRE(!source->onsets().empty());
  REQUIRE(after.pattern_onsets.size() == source->onsets().size());
  CHECK(after.pattern_onsets.front().step == source->onsets().front().step);
}

TEST_CASE("the weights panel's exact pair weights are the projection's, absent pairs are none") {
  auto spec = test::scenario(0.1, {test::population("a", "lif", 30), test::population("b", "lif", 20)});
  auto p = test::projection("a", "b", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(0.5, 2.0));
  p.connectivity.p = 0.3;
  spec.projections.push_back(p);
  const auto net = test::build(spec);
  HeatmapData data;
  data.refresh(*net, 0, 512, 512);
  REQUIRE(data.exact);
  const Projection& proj = net->projection(0);
  std::vector<int> count(30 * 20, 0);
  const auto row_ptr = proj.row_ptr();
  const auto col = proj.col();
  const auto w = proj.weights();
  for (int i = 0; i < 30; ++i)
    for (std::int64_t k = row_ptr[static_cast<std::size_t>(i)]; k < row_ptr[static_cast<std::size_t>(i) + 1]; ++k) {
      const int j = col[static_cast<std::size_t>(k)];
      if (count[static_cast<std::size_t>(i * 20 + j)]++ == 0) {
        INFO("pair " << i << " -> " << j);
        REQUIRE(data.pair_weight(i, j).has_value());
        CHECK(*data.pair_weight(i, j) == w[static_cast<std::size_t>(k)]);
      }
    }
  int absent = 0;
  for (int i = 0; i < 30; ++i)
    for (int j = 0; j < 20; ++j)
      if (count[static_cast<std::size_t>(i * 20 + j)] == 0) {
        ++absent;
        CHECK_FALSE(data.pair_weight(i, j).has_value());
      }
  CHECK(absent > 100);  // p = 0.3: most pairs have no synapse
  // A block-averaged matrix has no pair weights.
  data.refresh(*net, 0, 10, 10);
  CHECK_FALSE(data.exact);
  CHECK_FALSE(data.pair_weight(0, 0).has_value());
}

}  // TEST_SUITE

}  // namespace neurosim::gui
