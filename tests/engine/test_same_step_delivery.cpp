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

#include "engine/spec_helpers.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/lif_cond.hpp"

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
    const auto run = [&](int threads) {
      auto net = build(spec, RecordMode::Full, threads);
      REQUIRE(net->threads() == threads);
      net->run(600);
      return net;
    };
    const auto one = run(1);
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
      const auto many = run(threads);
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
}
