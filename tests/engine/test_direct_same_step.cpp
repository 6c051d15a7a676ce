// Zero-delay spikes added straight into the synaptic state of the models whose same-step fold is
// a plain add (Population::same_step_state), and the LIF kernel that skips its input ring's slot
// when no writer raised the slot's flag (input_ring.hpp). References: the exact solution of
// dV/dt = -(V - E_L)/tau_m + I/C with I = w exp(-t / tau_syn) (Rotter & Diesmann 1999, as in
// test_same_step_delivery.cpp); the same network through the ring one step later; and a count
// of every (spike, synapse) pair due by the end of a run, which I_syn must equal when it neither
// decays nor fires (integer weights: float sums are exact), whatever the delays, the thread
// count, a stimulus, a delay changed or a projection added while it runs, or a restore.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "neurosim/checkpoint.hpp"
#include "neurosim/lif.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

double sample(const Network& net, int probe, std::int64_t step, int var) {
  return StateRecorder::sample(net.traces().probes().at(static_cast<std::size_t>(probe)), static_cast<std::size_t>(step), var);
}

std::vector<float> state_of(const Network& net, int population, int var) {
  const float* x = net.population(population).state(var);
  return std::vector<float>(x, x + net.population(population).size());
}

// LIF neurons that never fire and whose synaptic currents never decay (tau_syn 1e9 ms:
// exp(-dt / tau_syn) is 1 in float), so that I_syn_e and I_syn_i hold the sum of every weight
// delivered so far.
PopulationSpec counter(const std::string& name, int size, const std::string& model = "lif") {
  return population(name, model, size,
                    {{"V_th", Distribution::constant(1e6)}, {"tau_syn_e", Distribution::constant(1e9)}, {"tau_syn_i", Distribution::constant(1e9)}});
}

// I_syn_e (or I_syn_i) per target neuron once the steps before `end` have run: every spike of
// the projection's source sent at step s reaches target j through synapse k at the end of step
// s + d_k, where d_k is the delay the synapse had when the spike was sent (`delay_at`).
template <class DelayAt>
void add_due(const Network& net, int projection, std::int64_t end, DelayAt delay_at, std::vector<double>& sums) {
  const Projection& proj = net.projection(projection);
  const auto rows = proj.row_ptr();
  const auto col = proj.col();
  const auto w = proj.weights();
  for (const auto& e : net.spikes().all()) {
    if (e.population != proj.pre()) continue;
    for (std::int64_t k = rows[static_cast<std::size_t>(e.neuron)]; k < rows[static_cast<std::size_t>(e.neuron) + 1]; ++k)
      if (e.step + delay_at(e.step, static_cast<std::size_t>(k)) < end)
        sums[static_cast<std::size_t>(col[static_cast<std::size_t>(k)])] += w[static_cast<std::size_t>(k)];
  }
}

void check_sums(const Network& net, int population, int var, const std::vector<double>& expected) {
  const std::vector<float> got = state_of(net, population, var);
  REQUIRE(got.size() == expected.size());
  double total = 0;
  for (std::size_t j = 0; j < got.size(); ++j) {
    INFO("neuron " << j);
    CHECK(static_cast<double>(got[j]) == expected[j]);
    total += std::abs(expected[j]);
  }
  CHECK(total > 100.0);  // the check saw input
}

// Poisson inputs onto counters: a zero-delay projection, one with per-synapse delays of 0-3
// steps, a one-step inhibitory projection, and a noisy current into every counter (through the
// kernel's external input, which does not touch I_syn).
ScenarioSpec mixed_inputs() {
  auto spec = scenario(kDt, {population("in", "poisson", 100, {{"rate", Distribution::constant(50)}}), counter("c", 200)});
  auto now = projection("in", "c", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(1), Distribution::constant(0));
  now.connectivity.p = 0.1;
  now.same_step = true;
  spec.projections.push_back(now);
  auto spread = projection("in", "c", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(2), Distribution::uniform(0, 0.3));
  spread.connectivity.p = 0.1;
  spread.same_step = true;
  spec.projections.push_back(spread);
  auto inh = projection("in", "c", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(-1), Distribution::constant(0.1));
  inh.connectivity.p = 0.1;
  spec.projections.push_back(inh);
  auto noise = current("c", 5.0);
  noise.noise_sd = 20.0;
  spec.stimuli.push_back(noise);
  return spec;
}

std::vector<std::int64_t> spikes_of(const Network& net) {
  std::vector<std::int64_t> out;
  for (const auto& e : net.spikes().all()) out.insert(out.end(), {e.step, e.population, e.neuron});
  return out;
}

}  // namespace

TEST_SUITE("direct same-step delivery") {
  TEST_CASE("lif: zero-delay spikes join I_syn at the end of their step and move V as the exact solution says") {
    const double tau_m = 10, c_m = 250, e_l = -70, tau_e = 2, tau_i = 5, we = 60, wi = -25;
    const std::map<std::string, Distribution> params{
        {"tau_m", Distribution::constant(tau_m)}, {"C_m", Distribution::constant(c_m)},       {"E_L", Distribution::constant(e_l)},
        {"V_th", Distribution::constant(-50)},    {"V_reset", Distribution::constant(-70)},   {"tau_syn_e", Distribution::constant(tau_e)},
        {"tau_syn_i", Distribution::constant(tau_i)}};
    for (const std::string model : {"lif", "lif_adaptive"}) {
      INFO(model);
      // Two presynaptic neurons fire together at step 10 (a huge one-step current), each through
      // two zero-delay projections: excitatory 2 x we, inhibitory wi.
      auto spec = scenario(kDt, {population("pre", "if", 2, {{"V_th", Distribution::constant(1.0)}, {"t_ref", Distribution::constant(1000.0)}}),
                                 population("post", model, 1, params)});
      spec.stimuli.push_back(current("pre", 1e6, 1.0, 1.0 + kDt));
      for (const double w : {we, wi}) {
        spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(w / 2), Distribution::constant(0)));
        spec.projections.back().same_step = true;
      }
      spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(we / 2), Distribution::constant(0)));
      spec.projections.back().same_step = true;
      spec.monitors.traces.push_back({"post", {0}});
      auto net = build(spec);
      net->run(60);
      REQUIRE(net->total_spikes(0) == 2);
      const std::int64_t sent = std::lround(spike_times(*net, 0, 0).at(0) / kDt);
      REQUIRE(sent == 10);
      CHECK(sample(*net, 0, sent - 1, LifPopulation::I_syn_e) == 0.0);
      CHECK(sample(*net, 0, sent, LifPopulation::I_syn_e) == 2 * we);  // four halves added in turn: exact
      CHECK(sample(*net, 0, sent, LifPopulation::I_syn_i) == wi);
      CHECK(sample(*net, 0, sent, LifPopulation::V) == e_l);  // V feels it one step later
      // V(t) - E_L for I(t) = w exp(-t / tau_s) from V = E_L, each current alone.
      const auto psp = [&](double w, double tau_s, double t) {
        return w / c_m * tau_m * tau_s / (tau_m - tau_s) * (std::exp(-t / tau_m) - std::exp(-t / tau_s));
      };
      for (int k = 1; k <= 40; ++k) {
        INFO("step " << k << " after");
        const double t = k * kDt;
        CHECK(sample(*net, 0, sent + k, LifPopulation::I_syn_e) == doctest::Approx(2 * we * std::exp(-t / tau_e)).epsilon(1e-5));
        CHECK(sample(*net, 0, sent + k, LifPopulation::I_syn_i) == doctest::Approx(wi * std::exp(-t / tau_i)).epsilon(1e-5));
        CHECK(sample(*net, 0, sent + k, LifPopulation::V) - e_l == doctest::Approx(psp(2 * we, tau_e, t) + psp(wi, tau_i, t)).epsilon(1e-3));
      }
    }
  }

  TEST_CASE("a zero-delay projection gives the trajectory of a one-step projection, one step earlier") {
    // Poisson spikes one to one (one spike per target and step) onto two copies of the same LIF
    // neurons: "now" through delay 0 straight into I_syn, "ring" through the one-step slot.
    for (const std::string model : {"lif", "if", "adex"}) {
      INFO(model);
      auto spec = scenario(kDt, {population("in", "poisson", 70, {{"rate", Distribution::constant(300)}}), population("now", model, 70),
                                 population("ring", model, 70)});
      spec.projections.push_back(projection("in", "now", ConnectivitySpec::Rule::OneToOne, Distribution::constant(700), Distribution::constant(0)));
      spec.projections.back().same_step = true;
      spec.projections.push_back(projection("in", "ring", ConnectivitySpec::Rule::OneToOne, Distribution::constant(700), Distribution::constant(0.1)));
      spec.monitors.traces.push_back({"now", {0, 33, 69}});
      spec.monitors.traces.push_back({"ring", {0, 33, 69}});
      auto net = build(spec);
      REQUIRE(net->projection(0).max_delay_steps() == 0);
      REQUIRE(net->projection(1).min_delay_steps() == 1);
      net->run(2000);
      if (model == "lif") CHECK(net->total_spikes(1) > 20);
      for (int probe = 0; probe < 3; ++probe) {
        INFO("probe " << probe);
        for (std::int64_t s = 0; s + 1 < 2000; ++s)
          for (const int var : {0, 1, 2}) {
            INFO("step " << s << " var " << var);
            const double a = sample(*net, probe, s, var);
            const double b = sample(*net, probe + 3, s + 1, var);
            REQUIRE(a == doctest::Approx(b).epsilon(1e-4).scale(1.0));
          }
      }
      CHECK(net->total_spikes(1) == net->total_spikes(2));
    }
  }

  TEST_CASE("nothing delivered is lost: mixed delays, a stimulus, any thread count") {
    const ScenarioSpec spec = mixed_inputs();
    std::unique_ptr<Network> one;
    for (const int threads : {1, 2, 3}) {
      INFO(threads << " threads");
      auto net = build(spec, RecordMode::Full, threads);
      REQUIRE(net->threads() == threads);
      REQUIRE(net->projection(1).min_delay_steps() == 0);
      REQUIRE(net->projection(1).max_delay_steps() == 3);
      net->run(500);
      std::vector<double> exc(200, 0.0), inh(200, 0.0);
      add_due(*net, 0, 500, [](std::int64_t, std::size_t) { return 0; }, exc);
      const Projection& spread = net->projection(1);
      add_due(*net, 1, 500, [&](std::int64_t, std::size_t k) { return spread.delay_steps(k); }, exc);
      add_due(*net, 2, 500, [](std::int64_t, std::size_t) { return 1; }, inh);
      check_sums(*net, 1, LifPopulation::I_syn_e, exc);
      check_sums(*net, 1, LifPopulation::I_syn_i, inh);
      if (threads == 1) {
        one = std::move(net);
        continue;
      }
      CHECK(spikes_of(*net) == spikes_of(*one));
      for (const int var : {LifPopulation::V, LifPopulation::I_syn_e, LifPopulation::I_syn_i})
        CHECK(state_of(*net, 1, var) == state_of(*one, 1, var));
    }
  }

  TEST_CASE("lif and lif_adaptive networks with zero delays are the same bit for bit on 1, 2 and 3 threads") {
    // The CUBA network's shape (Vogels & Abbott 2005 as Brian2's examples/CUBA.py) at 640
    // neurons, all four projections with delay 0, and an adaptive excitatory group.
    auto spec = scenario(kDt, {population("exc", "lif", 448,
                                          {{"tau_m", Distribution::constant(20)}, {"C_m", Distribution::constant(20)}, {"E_L", Distribution::constant(-49)},
                                           {"V_th", Distribution::constant(-50)}, {"V_reset", Distribution::constant(-60)}, {"t_ref", Distribution::constant(5)},
                                           {"tau_syn_e", Distribution::constant(5)}, {"tau_syn_i", Distribution::constant(10)}}),
                               population("inh", "lif_adaptive", 192,
                                          {{"tau_m", Distribution::constant(20)}, {"C_m", Distribution::constant(20)}, {"E_L", Distribution::constant(-49)},
                                           {"V_th", Distribution::constant(-50)}, {"V_reset", Distribution::constant(-60)}, {"t_ref", Distribution::constant(5)},
                                           {"tau_syn_e", Distribution::constant(5)}, {"tau_syn_i", Distribution::constant(10)}})});
    for (auto& p : spec.populations) p.initial["V"] = Distribution::uniform(-60, -50);
    for (const auto& [pre, post, w] : {std::tuple{"exc", "exc", 1.62 * 12.5}, {"exc", "inh", 1.62 * 12.5}, {"inh", "exc", -9.0 * 12.5}, {"inh", "inh", -9.0 * 12.5}}) {
      auto p = projection(pre, post, ConnectivitySpec::Rule::FixedProbability, Distribution::constant(w / 4), Distribution::constant(0));
      p.connectivity.p = 0.04;
      p.same_step = true;
      spec.projections.push_back(p);
    }
    const auto one = run_on_threads(spec, 1, 3000);
    CHECK(one->total_spikes(0) > 500);
    CHECK(one->total_spikes(1) > 200);
    for (const int threads : {2, 3}) {
      INFO(threads << " threads");
      const auto many = run_on_threads(spec, threads, 3000);
      CHECK(spikes_of(*many) == spikes_of(*one));
      CHECK(many->synaptic_events() == one->synaptic_events());
      for (int pop : {0, 1})
        for (const int var : {LifPopulation::V, LifPopulation::I_syn_e, LifPopulation::I_syn_i})
          CHECK(state_of(*many, pop, var) == state_of(*one, pop, var));
      CHECK(state_of(*many, 1, LifPopulation::Theta) == state_of(*one, 1, LifPopulation::Theta));
    }
  }

  TEST_CASE("live edits: a delay changed between 0 and 1 step, a projection added, a restore: nothing skipped") {
    for (const int threads : {1, 2}) {
      INFO(threads << " threads");
      // Only the zero-delay projection at first: the counters' ring is never written, and their
      // kernel skips it.
      ScenarioSpec spec = mixed_inputs();
      spec.projections.resize(1);
      auto net = build(spec, RecordMode::Full, threads);
      net->run(100);
      // 0 -> 1 step at step 100, back to 0 at step 200 (inputs still in the ring then arrive).
      REQUIRE(net->apply_now(SetProjection{0, std::nullopt, 0.1}) == "");
      REQUIRE(net->projection(0).min_delay_steps() == 1);
      net->run(100);
      REQUIRE(net->apply_now(SetProjection{0, std::nullopt, 0.0}) == "");
      REQUIRE(net->projection(0).min_delay_steps() == 0);
      net->run(100);
      // A projection with two- to three-step delays joins at step 300.
      auto added = projection("in", "c", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(3), Distribution::uniform(0.2, 0.3));
      added.connectivity.p = 0.1;
      added.name = "late";
      REQUIRE(net->apply_now(AddProjection{added}) == "");
      REQUIRE(net->projection_count() == 2);
      REQUIRE(net->projection(1).min_delay_steps() == 2);
      net->run(100);
      // A checkpoint with inputs waiting in the ring, restored into a network built afresh.
      const Checkpoint saved = capture(*net);
      auto copy = build(net->spec(), RecordMode::Full, threads);
      REQUIRE(restore(*copy, nullptr, saved) == "");
      net->run(101);
      copy->run(101);
      for (const int var : {LifPopulation::V, LifPopulation::I_syn_e, LifPopulation::I_syn_i})
        CHECK(state_of(*copy, 1, var) == state_of(*net, 1, var));

      std::vector<double> exc(200, 0.0);
      add_due(*net, 0, 501, [](std::int64_t s, std::size_t) { return s >= 100 && s < 200 ? 1 : 0; }, exc);
      const Projection& late = net->projection(1);
      std::vector<double> late_sums(200, 0.0);
      add_due(*net, 1, 501, [&](std::int64_t s, std::size_t k) { return s >= 300 ? late.delay_steps(k) : 1 << 20; }, late_sums);
      for (std::size_t j = 0; j < exc.size(); ++j) exc[j] += late_sums[j];
      check_sums(*net, 1, LifPopulation::I_syn_e, exc);
    }
  }
}
