// Views the window's panels draw from the Session's observations rather than from the network:
// each one is checked against what the engine itself holds.
//   stdp_pair_window.hpp  the STDP window panel's curve from the rule's facts = StdpPlasticity::window
//   pattern_bands.hpp     the raster's pattern windows from observations = PatternPopulation::onsets
//   heatmap_data.hpp      the weights panel's exact pair weights = the projection's CSR
//   trace_history.hpp     the Membrane traces window's samples = the engine's StateRecorder
//   fact_lookup.hpp       the Neuron and Phase plane windows' drive and parameters from the facts
//                         = the population's own values and the stimuli's currents
//   experiment_seen.hpp   the Experiment window's record = the Experiment's history
#include <doctest/doctest.h>

#include <cmath>

#include "engine/spec_helpers.hpp"
#include "gui/views/experiment_seen.hpp"
#include "gui/views/fact_lookup.hpp"
#include "gui/views/heatmap_data.hpp"
#include "gui/views/pattern_bands.hpp"
#include "gui/views/stdp_pair_window.hpp"
#include "gui/views/trace_history.hpp"
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
  Session session(test::build(spec));
  const Session::ReaderId reader = session.open_reader();
  ObserveWants wants;
  wants.weights = {0};
  const Observations seen = session.observe(reader, wants);
  REQUIRE(seen.weights.size() == 1);
  HeatmapData data;
  data.refresh(&seen.weights[0], 512, 512);
  REQUIRE(data.exact);
  const Projection& proj = session.network().projection(0);
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
  data.refresh(&seen.weights[0], 10, 10);
  CHECK_FALSE(data.exact);
  CHECK_FALSE(data.pair_weight(0, 0).has_value());
  std::vector<float> blocks;
  float lo = 0, hi = 0;
  proj.block_average(10, 10, blocks, lo, hi);
  CHECK(data.values == blocks);
  CHECK(data.w_min == lo);
  CHECK(data.w_max == hi);
}

TEST_CASE("the trace history equals the engine's recorded samples, through uneven chunks, a new probe and a reset") {
  auto spec = test::scenario(0.1, {test::population("in", "poisson", 50, {{"rate", Distribution::constant(40.0)}}),
                                   test::population("out", "izhikevich", 5)});
  spec.projections.push_back(test::projection("in", "out", ConnectivitySpec::Rule::AllToAll, Distribution::constant(2.0)));
  BuildOptions options;
  options.trace_capacity_samples = 3000;  // a ring shorter than the run: the history keeps what it saw
  BuildResult built = build_network(spec, options);
  REQUIRE(built.errors.empty());
  Session session(std::move(built.network));
  const Session::ReaderId reader = session.open_reader();
  session.submit(SetTraced{1, 0});
  session.submit(SetTraced{1, 3});
  TraceHistory history;
  auto check_equal = [&](std::size_t probes) {
    const auto& engine = session.network().traces().probes();
    REQUIRE(history.probes().size() == probes);
    REQUIRE(engine.size() == probes);
    for (std::size_t k = 0; k < probes; ++k) {
      const TraceProbe& e = engine[k];
      const TraceHistory::Probe& h = history.probes()[k];
      REQUIRE(h.population == e.population);
      REQUIRE(h.neuron == e.neuron);
      REQUIRE(h.variables == e.variables);
      const std::size_t n = StateRecorder::available(e);
      REQUIRE(n > 0);
      // The newest samples agree; the history may hold more than the engine's ring.
      REQUIRE(h.size() >= n);
      const std::size_t offset = h.first_at(StateRecorder::sample_step(e, 0));
      REQUIRE(h.step(offset) == StateRecorder::sample_step(e, 0));
      for (std::size_t i = 0; i < n; i += 7)
        for (int v = 0; v < e.variables; ++v) {
          INFO("probe " << k << " sample " << i << " var " << v);
          REQUIRE(h.sample(offset + i, v) == StateRecorder::sample(e, i, v));
        }
      CHECK(h.step(h.size() - 1) == StateRecorder::sample_step(e, n - 1));
    }
  };
  for (int i = 0; i < 12; ++i) {
    session.advance(411 + 173 * (i % 3));
    history.add(session.observe(reader).traces);
  }
  check_equal(2);
  CHECK(history.probes()[0].size() > 3000);  // more than the engine keeps
  session.submit(SetTraced{1, 4});
  session.advance(900);
  history.add(session.observe(reader).traces);
  check_equal(3);
  session.submit(SetTraced{1, 0, false});
  session.advance(100);
  history.add(session.observe(reader).traces);
  check_equal(2);
  session.submit(ResetNetwork{});
  session.advance(500);
  history.add(session.observe(reader).traces);
  check_equal(2);
  CHECK(history.probes()[0].first_step <= 1);  // started again at the reset
}

}  // TEST_SUITE


TEST_CASE("a neuron's parameters and constant drive from the facts are the engine's") {
  auto spec = test::scenario(0.1, {test::population("a", "lif", 5, {{"I_bias", Distribution::constant(120.0)}})});
  auto only_2 = test::current("a", 30.0);
  only_2.neurons = {2};
  spec.stimuli = {test::current("a", 50.0, 10.0, 20.0), only_2};
  Session session(test::build(spec));
  const auto facts = session.facts();
  const PopulationFact& pop = facts->populations[0];
  const Population& engine = session.network().population(0);
  for (std::size_t i = 0; i < engine.param_descs().size(); ++i) {
    const std::string name(engine.param_descs()[i].name);
    INFO(name);
    CHECK(gui::param_value(pop, name) == engine.param(static_cast<int>(i)));
  }
  CHECK(std::isnan(gui::param_value(pop, "no_such_parameter")));
  CHECK(gui::state_var(pop, "V") == engine.state_index("V").value_or(-2));
  CHECK(gui::state_var(pop, "nothing") == -1);
  // I_bias, plus the step while it is on, plus the stimulus of neuron 2 alone.
  CHECK(gui::constant_drive(*facts, 5.0, 0, 0) == doctest::Approx(120.0));
  CHECK(gui::constant_drive(*facts, 15.0, 0, 0) == doctest::Approx(170.0));
  CHECK(gui::constant_drive(*facts, 20.0, 0, 0) == doctest::Approx(120.0));  // stop_ms is not included
  CHECK(gui::constant_drive(*facts, 15.0, 0, 2) == doctest::Approx(200.0));
  CHECK(gui::constant_drive(*facts, 5.0, 0, 2) == doctest::Approx(150.0));
  // A command changes the facts the windows see.
  REQUIRE(session.check(SetParams{{ParamTarget::Kind::Population, 0}, {{"I_bias", 10.0}}}).empty());
  session.submit(SetParams{{ParamTarget::Kind::Population, 0}, {{"I_bias", 10.0}}});
  session.advance(0);
  CHECK(gui::constant_drive(*session.facts(), 5.0, 0, 0) == doctest::Approx(10.0));
  CHECK(session.facts()->spec.populations[0].params.at("I_bias").mean() == doctest::Approx(10.0));
}

TEST_CASE("the experiment as the Experiment window sees it is the Experiment's") {
  Session session(test::build(test::pattern_task(2, 2, 200.0, 100.0)));
  const Session::ReaderId reader = session.open_reader();
  session.advance(3500);
  ObserveWants wants;
  wants.experiment_record = true;
  const Observations o = session.observe(reader, wants);
  REQUIRE(o.experiment_record != nullptr);
  const gui::ExperimentSeen seen{o.experiment, *o.experiment_record};
  const Experiment& x = *session.experiment();
  CHECK(seen.done() == x.done());
  CHECK(seen.phase() == x.phase());
  CHECK(seen.epoch() == x.epoch());
  CHECK(seen.progress() == doctest::Approx(x.progress()));
  CHECK(seen.classification() == x.classification());
  REQUIRE(seen.history().size() == x.history().size());
  CHECK(seen.current().windows == x.current().windows);
  CHECK(seen.final_score().accuracy == x.final_score().accuracy);
}
}  // namespace neurosim::gui
