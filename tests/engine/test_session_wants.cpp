// Session::observe(reader, wants) (observations.hpp, ObserveWants): a neuron's state equals the
// engine's, weights are copied only when they changed since the reader's last copy, the block
// average of a copy equals Projection::block_average, the experiment record equals the
// Experiment's history, and SessionRunner::want() brings them while paused.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_runner.hpp"

namespace neurosim {
namespace {

// 100 Poisson inputs onto 30 LIF neurons: static weights, and a plastic projection when asked.
ScenarioSpec inputs_onto_lif(bool plastic) {
  auto spec = test::scenario(0.1, {test::population("in", "poisson", 100, {{"rate", Distribution::constant(200.0)}}),
                                   test::population("out", "lif", 30)});
  spec.seed = 11;
  auto p = test::projection("in", "out", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(50.0, 200.0),
                            Distribution::constant(1.0));
  p.connectivity.p = 0.5;
  if (plastic) p.plasticity = PlasticitySpec{"stdp", {{"w_max", 300.0}, {"A_plus", 0.05}, {"A_minus", 0.06}}};
  spec.projections = {p};
  return spec;
}

ObserveWants weights_of(int projection) {
  ObserveWants w;
  w.weights = {projection};
  return w;
}

}  // namespace

TEST_SUITE("session wants") {
  TEST_CASE("the observed state of a neuron is the engine's, and its plastic inputs their weights") {
    Session session(test::build(inputs_onto_lif(true), RecordMode::Live));
    const Session::ReaderId r = session.open_reader();
    session.advance(700);
    ObserveWants wants;
    wants.neuron_population = 1;
    wants.neuron = 7;
    const Observations o = session.observe(r, wants);
    REQUIRE(o.neuron.has_value());
    const Population& pop = session.network().population(1);
    CHECK(o.neuron->population == 1);
    CHECK(o.neuron->neuron == 7);
    CHECK(o.neuron->step == session.step_index());
    REQUIRE(o.neuron->values.size() == pop.state_descs().size());
    for (std::size_t v = 0; v < o.neuron->values.size(); ++v) {
      INFO("variable " << pop.state_descs()[v].name);
      CHECK(o.neuron->values[v] == pop.state(static_cast<int>(v))[7]);
    }
    // The plastic weights onto neuron 7, counted from the CSR independently of the transpose.
    const Projection& p = session.network().projection(0);
    double sum = 0.0;
    std::size_t count = 0;
    float lo = 1e30f, hi = -1e30f;
    for (std::size_t k = 0; k < p.col().size(); ++k) {
      if (p.col()[k] != 7) continue;
      sum += p.weights()[k];
      ++count;
      lo = std::min(lo, p.weights()[k]);
      hi = std::max(hi, p.weights()[k]);
    }
    REQUIRE(count > 0);
    CHECK(o.neuron->plastic_inputs == count);
    CHECK(o.neuron->weight_mean == doctest::Approx(sum / static_cast<double>(count)).epsilon(1e-6));
    CHECK(o.neuron->weight_min == lo);
    CHECK(o.neuron->weight_max == hi);
    // A source neuron or one out of range has no state.
    wants.neuron_population = 0;
    CHECK_FALSE(session.observe(r, wants).neuron.has_value());
    wants.neuron_population = 1;
    wants.neuron = 30;
    CHECK_FALSE(session.observe(r, wants).neuron.has_value());
  }

  TEST_CASE("static weights are copied once; plastic ones again only after steps; a command or a reset copies again") {
    SUBCASE("static") {
      Session session(test::build(inputs_onto_lif(false), RecordMode::Live));
      const Session::ReaderId r = session.open_reader();
      const Session::ReaderId other = session.open_reader();
      const Observations first = session.observe(r, weights_of(0));
      REQUIRE(first.weights.size() == 1);
      const Projection& p = session.network().projection(0);
      CHECK(first.weights[0].weights == std::vector<float>(p.weights().begin(), p.weights().end()));
      CHECK(first.weights[0].structure->col == std::vector<std::int32_t>(p.col().begin(), p.col().end()));
      session.advance(200);
      CHECK(session.observe(r, weights_of(0)).weights.empty());  // unchanged: no copy
      CHECK(session.observe(other, weights_of(0)).weights.size() == 1);  // each reader its own copy
      // SetProjection changes what the projection delivers: a new copy.
      REQUIRE(session.check(SetProjection{0, 0.5}).empty());
      session.submit(SetProjection{0, 0.5});
      session.advance(0);
      CHECK(session.observe(r, weights_of(0)).weights.size() == 1);
      CHECK(session.observe(r, weights_of(0)).weights.empty());
      session.submit(ResetNetwork{});
      session.advance(0);
      CHECK(session.observe(r, weights_of(0)).weights.size() == 1);
      // A projection that does not exist is skipped.
      CHECK(session.observe(r, weights_of(3)).weights.empty());
    }
    SUBCASE("plastic") {
      Session session(test::build(inputs_onto_lif(true), RecordMode::Live));
      const Session::ReaderId r = session.open_reader();
      const Observations first = session.observe(r, weights_of(0));
      REQUIRE(first.weights.size() == 1);
      CHECK(session.observe(r, weights_of(0)).weights.empty());  // no step: no copy
      session.advance(500);
      const Observations later = session.observe(r, weights_of(0));
      REQUIRE(later.weights.size() == 1);
      const Projection& p = session.network().projection(0);
      CHECK(later.weights[0].weights == std::vector<float>(p.weights().begin(), p.weights().end()));
      INFO("out spikes " << session.network().spikes().next_sequence());
      CHECK(later.weights[0].weights != first.weights[0].weights);  // STDP moved them
      CHECK(later.weights[0].step == 500);
      // The connectivity is shared between the copies of one structure.
      CHECK(later.weights[0].structure == first.weights[0].structure);
    }
  }

  TEST_CASE("the block average of a copy equals the projection's") {
    Session session(test::build(inputs_onto_lif(true), RecordMode::Live));
    const Session::ReaderId r = session.open_reader();
    session.advance(300);
    const Observations o = session.observe(r, weights_of(0));
    REQUIRE(o.weights.size() == 1);
    for (const auto& [rows, cols] : std::vector<std::pair<int, int>>{{100, 30}, {17, 9}, {1, 1}, {500, 500}}) {
      INFO(rows << " x " << cols);
      std::vector<float> want, got;
      float want_lo = 0, want_hi = 0, got_lo = 0, got_hi = 0;
      session.network().projection(0).block_average(rows, cols, want, want_lo, want_hi);
      o.weights[0].block_average(rows, cols, got, got_lo, got_hi);
      CHECK(got == want);
      CHECK(got_lo == want_lo);
      CHECK(got_hi == want_hi);
    }
    // The incoming view lists, per postsynaptic neuron, exactly the synapses onto it.
    const WeightStructure& s = *o.weights[0].structure;
    REQUIRE(s.col_ptr.size() == 31);
    CHECK(s.col_ptr.back() == static_cast<std::int64_t>(s.col.size()));
    for (int post = 0; post < 30; ++post)
      for (auto k = s.col_ptr[static_cast<std::size_t>(post)]; k < s.col_ptr[static_cast<std::size_t>(post) + 1]; ++k)
        CHECK(s.col[static_cast<std::size_t>(s.by_post[static_cast<std::size_t>(k)])] == post);
  }

  TEST_CASE("weight sums and the experiment record are the network's and the experiment's") {
    Session session(test::build(test::pattern_task(2, 2, 200.0, 100.0), RecordMode::Live));
    const Session::ReaderId r = session.open_reader();
    session.advance(4500);
    ObserveWants wants;
    wants.weight_sums = true;
    wants.experiment_record = true;
    const Observations o = session.observe(r, wants);
    REQUIRE(o.weight_sums.has_value());
    REQUIRE(o.weight_sums->size() == 1);
    double sum = 0.0;
    for (const float w : session.network().projection(0).weights()) sum += w;
    CHECK(o.weight_sums->front() == doctest::Approx(sum).epsilon(1e-12));
    REQUIRE(o.experiment_record != nullptr);
    const Experiment& x = *session.experiment();
    REQUIRE(o.experiment_record->history.size() == x.history().size());
    REQUIRE_FALSE(x.history().empty());
    for (std::size_t i = 0; i < x.history().size(); ++i) {
      CHECK(o.experiment_record->history[i].phase == x.history()[i].phase);
      CHECK(o.experiment_record->history[i].accuracy == x.history()[i].accuracy);
      CHECK(o.experiment_record->history[i].windows == x.history()[i].windows);
    }
    CHECK(o.experiment_record->spec.epochs == 2);
    CHECK(o.experiment_record->synaptic_events == session.network().synaptic_events());
  }

  TEST_CASE("the worker copies what is wanted while paused, and each copy once") {
    Session session(test::build(inputs_onto_lif(false), RecordMode::Live));
    SessionRunner runner(session);
    ObserveWants wants = weights_of(0);
    wants.neuron_population = 1;
    wants.neuron = 3;
    runner.want(wants);
    runner.wait_idle();
    Observations o = runner.take();
    CHECK(o.weights.size() == 1);
    REQUIRE(o.neuron.has_value());
    CHECK(o.neuron->neuron == 3);
    runner.want(wants);
    runner.wait_idle();
    o = runner.take();
    CHECK(o.weights.empty());  // unchanged since the last copy
    CHECK(o.neuron.has_value());
  }

  TEST_CASE("a refused parameter is named once, in the widget's message and in the verdict") {
    // A newcomer saw "tau_m: tau_m: must be > 0 (got 0)".
    Session session(test::build(inputs_onto_lif(false), RecordMode::Live));
    const Session::ReaderId r = session.open_reader();
    const SetParams zero{{ParamTarget::Kind::Population, 1}, {{"tau_m", 0.0}}};
    CHECK(session.check(zero) == "tau_m: must be > 0 (got 0)");
    session.submit(zero);
    session.advance(0);
    const Observations o = session.observe(r);
    REQUIRE(o.verdicts.size() == 1);
    CHECK_FALSE(o.verdicts[0].applied);
    CHECK(o.verdicts[0].reason == "tau_m: must be > 0 (got 0)");
  }
}

}  // namespace neurosim
