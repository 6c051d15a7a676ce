// Same-step delivery (a delay that rounds to 0 steps), as Brian2 applies a spike with delay 0:
// the spike joins the target's synaptic state at the end of the step it was sent, so the
// target's V feels it one step later; a delay of d >= 1 steps, d + 1 steps later. Checked against
// a hand computation of each model's step (lif_cond: the exact step under the step's mean
// conductance, lif_cond.hpp; lif: the exact solution of dV/dt = -(V - E_L)/tau_m + I/C with
// I = w exp(-t / tau_syn)), and for the E -> I -> E loop of Diehl & Cook 2015, whose two
// projections have no delay in the authors' code.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/session_helpers.hpp"
#include "engine/spec_helpers.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/lif_cond.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_history.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.5;
constexpr double kSpikeMs = 5.0;  // the presynaptic neuron fires at step 10

// One presynaptic neuron made to fire once at kSpikeMs (a huge one-step current into an IF
// neuron) onto one neuron of `model`, whose state is traced.
ScenarioSpec one_spike(const std::string& model, std::map<std::string, Distribution> params, double weight, double delay_ms, bool same_step) {
  auto spec = scenario(kDt, {population("pre", "if", 1, {{"V_th", Distribution::constant(1.0)}, {"t_ref", Distribution::constant(1000.0)}}),
                             population("post", model, 1, std::move(params))});
  spec.stimuli.push_back(current("pre", 1e6, kSpikeMs, kSpikeMs + kDt));
  spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::OneToOne, Distribution::constant(weight), Distribution::constant(delay_ms)));
  spec.projections.back().same_step = same_step;
  spec.monitors.traces.push_back({"post", {0}});
  return spec;
}

std::int64_t only_spike_step(const Network& net, int population) {
  const auto t = spike_times(net, population, 0);
  REQUIRE(t.size() == 1);
  return std::lround(t[0] / net.dt());
}

double sample(const Network& net, std::int64_t step, int var) {
  return StateRecorder::sample(net.traces().probes().at(0), static_cast<std::size_t>(step), var);
}

struct DelayCase {
  double delay_ms;
  int steps;  // what it rounds to at dt 0.5 with same_step
};
// The lif target of the hand computation below (tau_m 10 ms, C_m 250 pF, tau_syn_e 2 ms).
const std::map<std::string, Distribution> kLif{{"tau_m", Distribution::constant(10)},    {"C_m", Distribution::constant(250)},
                                               {"E_L", Distribution::constant(-70)},    {"V_th", Distribution::constant(-50)},
                                               {"V_reset", Distribution::constant(-70)}, {"tau_syn_e", Distribution::constant(2)}};

SetProjection same_step_switch(int projection, bool on) {
  SetProjection c{projection};
  c.same_step = on;
  return c;
}

// The step at which the traced lif neuron's I_syn_e jumps by about w (the rest of the time it
// only decays by exp(-dt / tau_syn_e) per step), for each jump in the run.
std::vector<std::int64_t> current_jumps(const Network& net, std::int64_t steps, double w) {
  std::vector<std::int64_t> out;
  const double decay = std::exp(-kDt / 2.0);
  for (std::int64_t s = 1; s < steps; ++s) {
    const double jump = sample(net, s, LifPopulation::I_syn_e) - sample(net, s - 1, LifPopulation::I_syn_e) * decay;
    if (std::fabs(jump - w) < 1e-3 * w) out.push_back(s);
    else CHECK_MESSAGE(std::fabs(jump) < 1e-3 * w, "step " << s << ": I_syn_e moved by " << jump);
  }
  return out;
}

// Halves round away from zero, as std::lround (0.25 ms is half a step: one step).
constexpr DelayCase kCases[] = {{0.0, 0}, {0.2, 0}, {0.25, 1}, {0.5, 1}, {1.0, 2}};
// Without same_step, a delay takes at least one step, as scenario files written before it expect.
int steps_of(const DelayCase& c, bool same_step) { return same_step ? c.steps : std::max(1, c.steps); }

}  // namespace

TEST_SUITE("same-step delivery") {
  TEST_CASE("lif_cond: a spike with delay d steps joins g_e at the end of step t + d and moves V at step t + d + 1") {
    const double c_m = 100, g_l = 10, e_l = -70, e_exc = 0, tau_e = 2, w = 2;
    const std::map<std::string, Distribution> params{
        {"C_m", Distribution::constant(c_m)},     {"g_L", Distribution::constant(g_l)},         {"E_L", Distribution::constant(e_l)},
        {"E_exc", Distribution::constant(e_exc)}, {"V_th", Distribution::constant(-50)},        {"V_reset", Distribution::constant(-70)},
        {"tau_syn_e", Distribution::constant(tau_e)}};
    // The first step with g_e = w: the mean conductance over the step, w tau/h (1 - exp(-h/tau)),
    // held constant, V relaxing exactly towards its steady state.
    const double ge_bar = w * tau_e / kDt * -std::expm1(-kDt / tau_e);
    const double g_total = g_l + ge_bar;
    const double v_inf = (g_l * e_l + ge_bar * e_exc) / g_total;
    const double v_first = v_inf + (e_l - v_inf) * std::exp(-kDt * g_total / c_m);
    for (const bool same_step : {true, false})
    for (const DelayCase& c : kCases) {
      INFO("delay " << c.delay_ms << " ms, same_step " << same_step);
      auto net = build(one_spike("lif_cond", params, w, c.delay_ms, same_step));
      net->run(40);
      const std::int64_t sent = only_spike_step(*net, 0);
      REQUIRE(sent == 10);
      const std::int64_t joins = sent + steps_of(c, same_step);
      CHECK(sample(*net, joins - 1, LifCondPopulation::g_e) == 0.0);
      CHECK(sample(*net, joins, LifCondPopulation::g_e) == doctest::Approx(w).epsilon(1e-6));
      CHECK(sample(*net, joins, LifCondPopulation::V) == e_l);  // untouched until the next step
      CHECK(sample(*net, joins + 1, LifCondPopulation::V) - e_l == doctest::Approx(v_first - e_l).epsilon(1e-4));
      CHECK(sample(*net, joins + 1, LifCondPopulation::g_e) == doctest::Approx(w * std::exp(-kDt / tau_e)).epsilon(1e-6));
    }
  }

  TEST_CASE("lif (current-based): V moves one step after a zero-delay spike, two after a one-step delay") {
    const double tau_m = 10, c_m = 250, e_l = -70, tau_s = 2, w = 100;
    const std::map<std::string, Distribution> params{
        {"tau_m", Distribution::constant(tau_m)}, {"C_m", Distribution::constant(c_m)}, {"E_L", Distribution::constant(e_l)},
        {"V_th", Distribution::constant(-50)},    {"V_reset", Distribution::constant(-70)}, {"tau_syn_e", Distribution::constant(tau_s)}};
    // V(h) - E_L for I(t) = w exp(-t / tau_s) from V = E_L: the exact solution.
    const double first = w / c_m * tau_m * tau_s / (tau_m - tau_s) * (std::exp(-kDt / tau_m) - std::exp(-kDt / tau_s));
    for (const bool same_step : {true, false})
    for (const DelayCase& c : kCases) {
      INFO("delay " << c.delay_ms << " ms, same_step " << same_step);
      auto net = build(one_spike("lif", params, w, c.delay_ms, same_step));
      net->run(40);
      const std::int64_t joins = only_spike_step(*net, 0) + steps_of(c, same_step);
      CHECK(sample(*net, joins - 1, LifPopulation::I_syn_e) == 0.0);
      CHECK(sample(*net, joins, LifPopulation::I_syn_e) == doctest::Approx(w).epsilon(1e-6));
      CHECK(sample(*net, joins, LifPopulation::V) == e_l);
      CHECK(sample(*net, joins + 1, LifPopulation::V) - e_l == doctest::Approx(first).epsilon(1e-4));
    }
  }

  TEST_CASE("the E -> I -> E loop with no delays closes in two steps (four with one-step delays)") {
    for (const double delay_ms : {0.0, 0.5}) {
      const int d = delay_ms == 0.0 ? 0 : 1;
      INFO("loop delays " << delay_ms << " ms");
      // (delay 0 without same_step is one step: the 0.5 ms case.)
      // Diehl & Cook's cells (their excitatory refractoriness off, so that V shows the
      // inhibition); a strong E -> I weight makes the partner fire in the step it first feels it.
      auto spec = scenario(kDt, {population("exc", "lif_cond", 1,
                                            {{"C_m", Distribution::constant(100)}, {"g_L", Distribution::constant(1)},
                                             {"E_L", Distribution::constant(-65)}, {"E_inh", Distribution::constant(-100)},
                                             {"V_th", Distribution::constant(-52)}, {"V_reset", Distribution::constant(-65)},
                                             {"t_ref", Distribution::constant(0)}, {"tau_syn_e", Distribution::constant(1)}}),
                                 population("inh", "lif_cond", 1,
                                            {{"C_m", Distribution::constant(10)}, {"g_L", Distribution::constant(1)},
                                             {"E_L", Distribution::constant(-60)}, {"E_inh", Distribution::constant(-85)},
                                             {"V_th", Distribution::constant(-40)}, {"V_reset", Distribution::constant(-45)},
                                             {"t_ref", Distribution::constant(10)}, {"tau_syn_e", Distribution::constant(1)}})});
      spec.stimuli.push_back(current("exc", 1e6, kSpikeMs, kSpikeMs + kDt));
      spec.projections.push_back(projection("exc", "inh", ConnectivitySpec::Rule::OneToOne, Distribution::constant(50), Distribution::constant(delay_ms)));
      spec.projections.back().same_step = true;
      auto inh = projection("inh", "exc", ConnectivitySpec::Rule::OneToOne, Distribution::constant(17), Distribution::constant(delay_ms));
      inh.same_step = true;
      inh.receptor = Receptor::Inhibitory;
      spec.projections.push_back(inh);
      spec.monitors.traces.push_back({"exc", {0}});
      auto net = build(spec);
      net->run(40);
      const std::int64_t e = only_spike_step(*net, 0);
      const std::int64_t i = only_spike_step(*net, 1);
      CHECK(i == e + 1 + d);            // I's V feels the spike d + 1 steps on and crosses at once
      const std::int64_t felt = i + 1 + d;  // E's V feels I's spike d + 1 steps after it
      CHECK(felt - e == 2 + 2 * d);
      CHECK(sample(*net, felt - 2, LifCondPopulation::g_i) == 0.0);
      CHECK(sample(*net, felt - 1, LifCondPopulation::g_i) == doctest::Approx(17).epsilon(1e-6));  // joins at the end of i + d
      CHECK(sample(*net, felt - 1, LifCondPopulation::V) == -65.0);  // at rest after its reset
      CHECK(sample(*net, felt, LifCondPopulation::V) < -65.0);
    }
  }

  TEST_CASE("zero delays give the same spikes and state for any thread count") {
    // Per-synapse delays of 0, 1 and 2 steps onto 320 neurons (five blocks of 64, cut between
    // threads), and a zero-delay E -> I -> E loop.
    auto spec = scenario(kDt, {population("in", "poisson", 200, {{"rate", Distribution::constant(40)}}),
                               population("exc", "lif_cond", 320, {{"C_m", Distribution::constant(100)}, {"g_L", Distribution::constant(5)}, {"tau_syn_e", Distribution::constant(2)}}),
                               population("inh", "lif_cond", 320, {{"C_m", Distribution::constant(50)}, {"g_L", Distribution::constant(5)}, {"tau_syn_e", Distribution::constant(2)}})});
    auto in = projection("in", "exc", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(1, 4), Distribution::uniform(0, 1));
    in.connectivity.p = 0.2;
    in.same_step = true;
    spec.projections.push_back(in);
    spec.projections.push_back(projection("exc", "inh", ConnectivitySpec::Rule::OneToOne, Distribution::constant(20), Distribution::constant(0)));
    spec.projections.back().same_step = true;
    auto back = projection("inh", "exc", ConnectivitySpec::Rule::AllToAll, Distribution::constant(0.5), Distribution::constant(0));
    back.same_step = true;
    back.receptor = Receptor::Inhibitory;
    back.connectivity.skip_same_index = true;
    spec.projections.push_back(back);
    spec.monitors.traces.push_back({"exc", {0, 63, 64, 200, 319}});
    const auto one = run_on_threads(spec, 1, 600);
    REQUIRE(one->projection(0).min_delay_steps() == 0);
    REQUIRE(one->projection(0).max_delay_steps() == 2);
    const auto spikes_of = [](const Network& net) {
      std::vector<std::int64_t> out;
      for (const auto& e : net.spikes().all()) out.insert(out.end(), {e.step, e.population, e.neuron});
      return out;
    };
    const auto reference = spikes_of(*one);
    CHECK(one->total_spikes(1) > 100);
    CHECK(one->total_spikes(2) > 100);
    for (const int threads : {2, 3}) {
      INFO(threads << " threads");
      const auto many = run_on_threads(spec, threads, 600);
      CHECK(spikes_of(*many) == reference);
      CHECK(many->synaptic_events() == one->synaptic_events());
      for (int var : {LifCondPopulation::V, LifCondPopulation::g_e, LifCondPopulation::g_i}) {
        const float* a = one->population(1).state(var);
        const float* b = many->population(1).state(var);
        CHECK(std::vector<float>(a, a + 320) == std::vector<float>(b, b + 320));
      }
    }
  }

  TEST_CASE("a model that spends its input within the step refuses same-step delivery, by field") {
    for (const std::string model : {"izhikevich", "lif_delta", "srm"}) {
      INFO(model);
      for (const double delay : {0.0, 0.04}) {
        auto spec = scenario(0.1, {population("pre", "poisson", 2), population("post", model, 2)});
        spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1), Distribution::constant(delay)));
        // Without same_step the delay takes one step, as it always did.
        auto built = build_network(spec, {});
        CHECK(built.errors.empty());
        REQUIRE(built.network);
        CHECK(built.network->projection(0).min_delay_steps() == 1);
        spec.projections[0].same_step = true;
        const auto errors = build_network(spec, {}).errors;
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].path == "projections[0].same_step");
        CHECK(errors[0].message == "delay_ms rounds to 0 steps (same-step delivery), which model " + model +
                                       " cannot take: its kernel spends its input within the step; leave same_step off or use a delay of at least 0.05 ms");
      }
      // A range that reaches down to 0 is refused as well; one step is fine; same_step without a
      // delay is refused.
      auto spec = scenario(0.1, {population("pre", "poisson", 2), population("post", model, 2)});
      spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1), Distribution::uniform(0, 1)));
      spec.projections[0].same_step = true;
      CHECK(build_network(spec, {}).errors.size() == 1);
      spec.projections[0].delay_ms = Distribution::uniform(0.05, 1);
      CHECK(build_network(spec, {}).errors.empty());
      spec.projections[0].delay_ms.reset();
      const auto no_delay = build_network(spec, {}).errors;
      REQUIRE(no_delay.size() == 1);
      CHECK(no_delay[0].text() == "projections[0].same_step: needs a delay_ms to deliver within the step (\"delay_ms\": 0)");
      spec.projections[0].same_step = false;
      auto built = build_network(spec, {});
      CHECK(built.errors.empty());
      REQUIRE(built.network);
      CHECK(built.network->projection(0).min_delay_steps() == 1);
      // Live: delay 0 is one step without same_step; with it, it is refused with the reason.
      CHECK(built.network->apply_now(SetProjection{0, std::nullopt, 0.0}) == "");
      CHECK(built.network->projection(0).min_delay_steps() == 1);
      spec.projections[0].delay_ms = Distribution::constant(1);
      spec.projections[0].same_step = true;
      auto same = build_network(spec, {});
      REQUIRE(same.network);
      CHECK(same.network->apply_now(SetProjection{0, std::nullopt, 0.0}) ==
            "pre->post: delay_ms 0 rounds to 0 steps (same-step delivery), which model " + model + " cannot take");
    }
    // The models that keep their input in a synaptic state take it, live too.
    for (const std::string model : {"lif", "lif_adaptive", "lif_cond", "if", "adex", "dendritic", "hh"}) {
      INFO(model);
      auto spec = scenario(0.1, {population("pre", "poisson", 2), population("post", model, 2)});
      spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1), Distribution::constant(1)));
      spec.projections[0].same_step = true;
      auto built = build_network(spec, {});
      CHECK(built.errors.empty());
      REQUIRE(built.network);
      CHECK(built.network->apply_now(SetProjection{0, std::nullopt, 0.0}) == "");
      CHECK(built.network->projection(0).min_delay_steps() == 0);
      built.network->run(10);
    }
  }

  TEST_CASE("SetProjection same_step switches a 0 ms delay between within the step and one step, live") {
    // Spikes of the presynaptic neuron at steps 10, 30 and 60 onto a lif neuron with delay 0.
    // Switched on before the first, off between the two: the first joins I_syn_e at the end of
    // its own step (V moves one step later, by the exact solution of the hand computation
    // above), the second one step after its step, as without same_step.
    const double w = 100, tau_m = 10, c_m = 250, tau_s = 2, e_l = -70;
    const double first = w / c_m * tau_m * tau_s / (tau_m - tau_s) * (std::exp(-kDt / tau_m) - std::exp(-kDt / tau_s));
    auto spec = one_spike("lif", kLif, w, 0.0, false);
    spec.populations[0].params["t_ref"] = Distribution::constant(1.0);
    spec.stimuli.push_back(current("pre", 1e6, 15.0, 15.0 + kDt));
    spec.stimuli.push_back(current("pre", 1e6, 30.0, 30.0 + kDt));
    Session session(build(spec));
    REQUIRE(session.network().projection(0).min_delay_steps() == 1);
    REQUIRE(session.check(same_step_switch(0, true)) == "");
    session.submit(same_step_switch(0, true));
    session.advance(20);
    CHECK(session.network().projection(0).min_delay_steps() == 0);
    CHECK(session.network().spec().projections[0].same_step);  // the scenario follows
    CHECK(session.facts()->projections[0].same_step);
    CHECK(session.facts()->projections[0].delay_min_steps == 0);
    session.submit(same_step_switch(0, false));
    session.advance(30);
    const Network& net = session.network();
    CHECK(net.projection(0).min_delay_steps() == 1);
    CHECK(!net.spec().projections[0].same_step);
    REQUIRE(spike_times(net, 0, 0) == std::vector<double>{5.0, 15.0});
    CHECK(current_jumps(net, 50, w) == std::vector<std::int64_t>{10, 31});
    CHECK(sample(net, 10, LifPopulation::V) == e_l);
    CHECK(sample(net, 11, LifPopulation::V) - e_l == doctest::Approx(first).epsilon(1e-4));

    // Undo (the Session's edit history) takes the last switch back: the projection is
    // same-step again, and the third spike joins in its own step.
    REQUIRE(session.undo_label() == "SetProjection pre->post.same_step");
    session.submit(UndoEdit{});
    session.advance(1);
    CHECK(session.network().spec().projections[0].same_step);
    CHECK(session.network().projection(0).min_delay_steps() == 0);
    session.advance(29);
    REQUIRE(spike_times(session.network(), 0, 0) == std::vector<double>{5.0, 15.0, 30.0});
    CHECK(current_jumps(session.network(), 80, w) == std::vector<std::int64_t>{10, 31, 60});
  }

  TEST_CASE("The edit history names the fields a SetProjection sets") {
    // A delay change and a same-step switch on the same projection read apart in the history.
    Session session(build(one_spike("lif", kLif, 100.0, 1.0, false)));
    SetProjection slower{0};
    slower.delay_ms = 2.0;
    session.submit(slower);
    session.advance(1);
    CHECK(session.undo_label() == "SetProjection pre->post.delay_ms");
    SetProjection both = same_step_switch(0, true);
    both.delay_ms = 0.0;
    session.submit(both);
    session.advance(1);
    CHECK(session.undo_label() == "SetProjection pre->post.delay_ms,same_step");
    SetProjection scale{0, 0.5};
    session.submit(scale);
    session.advance(1);
    CHECK(session.undo_label() == "SetProjection pre->post.weight_scale");
  }

  TEST_CASE("SetProjection same_step is refused, naming the field, where a build refuses it") {
    for (const std::string model : {"izhikevich", "srm", "lif_delta"}) {
      INFO(model);
      auto spec = scenario(0.1, {population("pre", "poisson", 2), population("post", model, 2)});
      spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1), Distribution::constant(0)));
      Session session(build(spec));
      const std::string refused = "pre->post: same_step: delay_ms rounds to 0 steps (same-step delivery), which model " + model +
                                  " cannot take: its kernel spends its input within the step; leave same_step off or use a delay of at least 0.05 ms";
      CHECK(session.check(same_step_switch(0, true)) == refused);
      // With the delay in the same command, the same reason; a queued one that no longer
      // passes is a verdict with it.
      SetProjection both = same_step_switch(0, true);
      both.delay_ms = 0.02;
      CHECK(session.check(both) == refused);
      const auto reader = session.open_reader();
      (void)session.submit(same_step_switch(0, true));
      session.advance(1);
      const auto verdicts = session.observe(reader).verdicts;
      REQUIRE(verdicts.size() == 1);
      CHECK(!verdicts[0].applied);
      CHECK(verdicts[0].reason == refused);
      CHECK(!session.network().spec().projections[0].same_step);
      CHECK(session.network().projection(0).min_delay_steps() == 1);
      CHECK(session.undo_label().empty());  // nothing was recorded as an edit
      // A delay of one step or more takes no same-step input: switching on is allowed.
      both.delay_ms = 0.05;
      CHECK(session.check(both) == "");
    }
    // No delay_ms (one step): same_step would not build.
    auto spec = scenario(0.1, {population("pre", "poisson", 2), population("post", "lif", 2)});
    spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll));
    auto range = projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1), Distribution::uniform(0, 1));
    range.name = "range";
    spec.projections.push_back(range);
    Session session(build(spec));
    CHECK(session.check(same_step_switch(0, true)) == "pre->post: same_step: needs a delay_ms to deliver within the step (\"delay_ms\": 0)");
    // Per-synapse delays reaching below dt / 2 keep only their steps: refused, unless one delay
    // comes with the switch.
    CHECK(session.check(same_step_switch(1, true)) ==
          "range: same_step: the per-synapse delays, drawn from uniform[0, 1) ms, reach below half a step (0.05 ms) and cannot switch while the network runs; set one delay_ms with it");
    SetProjection one = same_step_switch(1, true);
    one.delay_ms = 0.0;
    CHECK(session.check(one) == "");
    CHECK(session.check(SetProjection{3, std::nullopt, std::nullopt, std::nullopt, std::nullopt, false, true}) == "no projection 3");
  }

  TEST_CASE("a rewind through switches of same_step gives the uninterrupted run's spikes and state") {
    // The zero-delay E -> I -> E network of the thread test above with same_step off at build;
    // switched on at step 123 and off at step 377, with an undo of the last at 455.
    auto spec = scenario(kDt, {population("in", "poisson", 200, {{"rate", Distribution::constant(40)}}),
                               population("exc", "lif_cond", 120, {{"C_m", Distribution::constant(100)}, {"g_L", Distribution::constant(5)}, {"tau_syn_e", Distribution::constant(2)}}),
                               population("inh", "lif_cond", 120, {{"C_m", Distribution::constant(50)}, {"g_L", Distribution::constant(5)}, {"tau_syn_e", Distribution::constant(2)}})});
    auto in = projection("in", "exc", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(1, 4), Distribution::constant(1));
    in.connectivity.p = 0.2;
    spec.projections.push_back(in);
    spec.projections.push_back(projection("exc", "inh", ConnectivitySpec::Rule::OneToOne, Distribution::constant(20), Distribution::constant(0)));
    auto back = projection("inh", "exc", ConnectivitySpec::Rule::AllToAll, Distribution::constant(0.5), Distribution::constant(0));
    back.receptor = Receptor::Inhibitory;
    back.connectivity.skip_same_index = true;
    spec.projections.push_back(back);
    const auto play = [&](Session& s, std::int64_t to) {
      while (s.step_index() < to) {
        const std::int64_t now = s.step_index();
        if (now == 123) {
          s.submit(same_step_switch(1, true));
          s.submit(same_step_switch(2, true));
        }
        if (now == 377) s.submit(same_step_switch(2, false));
        if (now == 455) s.submit(UndoEdit{});
        const std::int64_t next = now < 123 ? 123 : now < 377 ? 377 : now < 455 ? 455 : to;
        s.advance(std::min(next, to) - now);
      }
    };
    Session reference(test::build_or_fail(spec));
    const auto ref_reader = reference.open_reader();
    play(reference, 800);
    const auto ref_spikes = test::spikes_of(reference.observe(ref_reader));
    CHECK(reference.network().spec().projections[2].same_step);  // the undo took the last switch back
    CHECK(reference.network().projection(2).min_delay_steps() == 0);
    // Switching changed the run: the same network left alone spikes otherwise.
    Session plain(test::build_or_fail(spec));
    const auto plain_reader = plain.open_reader();
    plain.advance(800);
    CHECK(test::spikes_of(plain.observe(plain_reader)) != ref_spikes);
    REQUIRE(ref_spikes.size() > 200);

    Session session(test::build_or_fail(spec));
    SessionHistory history(session, {.interval_ms = 10.0, .window_ms = 1000.0});
    const auto reader = session.open_reader();
    play(session, 800);
    CHECK(test::spikes_of(session.observe(reader)) == ref_spikes);
    for (const std::int64_t target : {101, 307, 423, 470, 800}) {
      INFO("seek to step " << target);
      REQUIRE(history.seek(target) == "");
      // Spikes re-simulated from the checkpoint at or before the target (every 20 steps, the
      // last at 780) to it.
      const std::int64_t from = std::min<std::int64_t>(target / 20 * 20, 780);
      std::vector<test::Spike> expected;
      for (const auto& x : ref_spikes)
        if (x.step >= from && x.step < target) expected.push_back(x);
      CHECK(test::spikes_of(session.observe(reader)) == expected);
      CHECK(session.network().spec().projections[1].same_step == (target > 123));
      CHECK(session.network().spec().projections[2].same_step == (target > 123 && (target <= 377 || target > 455)));
    }
    CHECK(test::state_of(session) == test::state_of(reference));
    // A saved state carries the switched projection: restored into a session built from the
    // scenario as it was at build, it goes on as the reference does.
    Checkpoint saved;
    session.capture_state(saved);
    Session restored(test::build_or_fail(spec));
    REQUIRE(restored.restore_state(saved) == "");
    CHECK(restored.network().spec().projections[2].same_step);
    CHECK(restored.network().projection(2).min_delay_steps() == 0);
    const auto restored_reader = restored.open_reader();
    (void)restored.observe(restored_reader);
    restored.advance(200);
    reference.advance(200);
    const auto more_ref = test::spikes_of(reference.observe(ref_reader));
    REQUIRE(!more_ref.empty());
    CHECK(test::spikes_of(restored.observe(restored_reader)) == more_ref);
  }
}
