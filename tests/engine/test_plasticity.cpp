// STDP and reward-modulated STDP against the pair-based rule written out by hand
// (Morrison, Diesmann & Gerstner 2008, Biol. Cybern. 98:459, eqs. for additive pair STDP;
// Izhikevich 2007, Cereb. Cortex 17:2443 for the dopamine-gated eligibility trace).
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/plasticity.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

// Two IF neurons that fire exactly at the given times (a huge one-step current each time), joined
// by a plastic projection whose weight starts at 0 and cannot drive the postsynaptic neuron.
struct PairRig {
  std::unique_ptr<Network> net;

  PairRig(const std::vector<double>& pre_ms, const std::vector<double>& post_ms, std::map<std::string, double> params,
          const std::string& rule = "stdp") {
    const std::map<std::string, Distribution> if_params{{"V_th", Distribution::constant(1.0)}};
    auto spec = scenario(kDt, {population("pre", "if", 1, if_params), population("post", "if", 1, if_params)});
    for (const double t : pre_ms) spec.stimuli.push_back(current("pre", 1e6, t, t + kDt));
    for (const double t : post_ms) spec.stimuli.push_back(current("post", 1e6, t, t + kDt));
    auto p = projection("pre", "post", ConnectivitySpec::Rule::OneToOne, Distribution::constant(0.0));
    p.receptor = Receptor::Excitatory;
    params.emplace("w_min", -1.0);
    p.plasticity = PlasticitySpec{rule, params};
    spec.projections.push_back(p);
    net = build(spec);
  }
  double run_and_weight(double ms) {
    net->run(static_cast<std::int64_t>(std::lround(ms / kDt)));
    return net->projection(0).weights()[0];
  }
};

}  // namespace

TEST_SUITE("plasticity") {
  TEST_CASE("single pairs: dw = eta A+ exp(-dt/tau+) and -eta A- exp(dt/tau-), in every pairing scheme") {
    const double eta = 0.5, a_plus = 0.01, a_minus = 0.012, tau_plus = 16.8, tau_minus = 33.7;
    for (const double pairing : {0.0, 1.0, 2.0}) {
      for (const double dt : {-60.0, -25.0, -5.0, -0.3, 0.0, 0.4, 3.0, 10.0, 40.0}) {
        const double t_pre = 100.0, t_post = t_pre + dt;
        PairRig rig({t_pre}, {t_post},
                    {{"eta", eta}, {"A_plus", a_plus}, {"A_minus", a_minus}, {"tau_plus", tau_plus}, {"tau_minus", tau_minus}, {"pairing", pairing}});
        const double w = rig.run_and_weight(250.0);
        const double expected = dt >= 0 ? eta * a_plus * std::exp(-dt / tau_plus) : -eta * a_minus * std::exp(dt / tau_minus);
        INFO("pairing " << pairing << ", dt " << dt << " ms");
        CHECK(w == doctest::Approx(expected).epsilon(1e-5));
        auto* rule = dynamic_cast<const StdpPlasticity*>(rig.net->plasticity(0));
        REQUIRE(rule);
        CHECK(rule->window(dt, 0.0) == doctest::Approx(expected).epsilon(1e-12));
      }
    }
  }

  TEST_CASE("all-to-all sums every pair; nearest keeps the nearest; restricted uses each pairing once") {
    const double tau = 20.0, a = 0.01;
    const std::map<std::string, double> base{{"A_plus", a}, {"A_minus", a}, {"tau_plus", tau}, {"tau_minus", tau}};
    const auto e = [&](double t) { return std::exp(-t / tau); };
    // Two presynaptic spikes, then two postsynaptic ones.
    const std::vector<double> pre{100.0, 105.0}, post{110.0, 112.0};
    auto with = [&](double pairing) {
      auto p = base;
      p["pairing"] = pairing;
      return PairRig(pre, post, p).run_and_weight(200.0);
    };
    SUBCASE("all-to-all") { CHECK(with(0) == doctest::Approx(a * (e(10) + e(5) + e(12) + e(7))).epsilon(1e-5)); }
    SUBCASE("nearest") { CHECK(with(1) == doctest::Approx(a * (e(5) + e(7))).epsilon(1e-5)); }
    SUBCASE("restricted nearest") { CHECK(with(2) == doctest::Approx(a * e(5)).epsilon(1e-5)); }
  }

  TEST_CASE("restricted nearest: a postsynaptic spike depresses only at the first presynaptic spike after it") {
    const double tau = 20.0, a = 0.01;
    PairRig rig({110.0, 115.0}, {100.0}, {{"A_plus", 0.0}, {"A_minus", a}, {"tau_minus", tau}, {"pairing", 2}});
    CHECK(rig.run_and_weight(200.0) == doctest::Approx(-a * std::exp(-10.0 / tau)).epsilon(1e-5));
    PairRig nearest({110.0, 115.0}, {100.0}, {{"A_plus", 0.0}, {"A_minus", a}, {"tau_minus", tau}, {"pairing", 1}});
    CHECK(nearest.run_and_weight(200.0) == doctest::Approx(-a * (std::exp(-10.0 / tau) + std::exp(-15.0 / tau))).epsilon(1e-5));
  }

  TEST_CASE("multiplicative STDP scales by the distance to the bound; weights stay in bounds") {
    PairRig rig({100.0}, {105.0}, {{"A_plus", 0.1}, {"multiplicative", 1}, {"w_max", 2.0}});
    // w starts at 0: dw = A+ exp(-5/20) (w_max - 0).
    CHECK(rig.run_and_weight(200.0) == doctest::Approx(0.1 * std::exp(-0.25) * 2.0).epsilon(1e-5));
    PairRig hard({100.0}, {100.5}, {{"A_plus", 5.0}, {"w_max", 0.3}});
    CHECK(hard.run_and_weight(200.0) == doctest::Approx(0.3));
  }

  TEST_CASE("frozen learning and eta = 0 leave the weight alone; eta changes take effect live") {
    PairRig frozen({100.0}, {105.0}, {{"learn", 0}});
    CHECK(frozen.run_and_weight(200.0) == 0.0);
    PairRig live({100.0, 300.0}, {105.0, 305.0}, {{"eta", 0.0}, {"A_plus", 0.01}});
    CHECK(live.run_and_weight(200.0) == 0.0);
    CHECK(live.net->submit(SetPlasticityParam{0, "eta", 2.0}).empty());
    CHECK(live.run_and_weight(200.0) == doctest::Approx(2.0 * 0.01 * std::exp(-5.0 / 20.0)).epsilon(1e-5));
    CHECK(live.net->spec().projections[0].plasticity->params.at("eta") == 2.0);
  }

  TEST_CASE("invalid learning parameters are rejected and change nothing") {
    PairRig rig({100.0}, {105.0}, {});
    CHECK(rig.net->submit(SetPlasticityParam{0, "tau_plus", 0.0}) == "tau_plus: must be > 0 (got 0)");
    CHECK(rig.net->submit(SetPlasticityParam{0, "eta", -1.0}) == "eta: must be >= 0 (got -1)");
    CHECK(rig.net->submit(SetPlasticityParam{0, "w_max", -2.0}) == "w_max: must be above w_min (got -2 <= -1)");
    CHECK(rig.net->submit(SetPlasticityParam{0, "pairing", 3.0}) == "pairing: must be 0, 1 or 2 (got 3)");
    CHECK(rig.net->submit(SetPlasticityParam{0, "bogus", 1.0}) == "bogus: unknown parameter for rule stdp");
    CHECK(rig.net->submit(SetPlasticityParam{1, "eta", 1.0}) == "no projection 1");
    CHECK(rig.net->plasticity(0)->param("tau_plus") == 20.0);
  }

  TEST_CASE("reset restores the initial weights and forgets spike history") {
    PairRig rig({100.0}, {105.0}, {});
    const double learned = rig.run_and_weight(200.0);
    CHECK(learned > 0.0);
    rig.net->submit(ResetNetwork{});
    CHECK(rig.run_and_weight(50.0) == 0.0);
    CHECK(rig.run_and_weight(150.0) == doctest::Approx(learned));
  }
}

TEST_SUITE("reward-modulated plasticity") {
  TEST_CASE("no reward, no weight change, however much eligibility builds up") {
    PairRig rig({100.0, 200.0}, {105.0, 195.0}, {{"A_plus", 1.0}, {"A_minus", 1.0}}, "rstdp");
    CHECK(rig.run_and_weight(1000.0) == 0.0);
    auto* rule = dynamic_cast<const RstdpPlasticity*>(rig.net->plasticity(0));
    REQUIRE(rule);
    CHECK(rule->eligibility()[0] != 0.0);
  }

  TEST_CASE("with reward the change follows the sign of the eligibility, and punishment reverses it") {
    struct Case {
      double pre, post, reward;
      int expected_sign;
    };
    for (const Case c : {Case{100, 105, 1.0, +1}, Case{105, 100, 1.0, -1}, Case{100, 105, -1.0, -1}, Case{105, 100, -1.0, +1}}) {
      PairRig rig({c.pre}, {c.post}, {{"A_plus", 1.0}, {"A_minus", 1.0}, {"w_min", -4.0}}, "rstdp");
      rig.run_and_weight(150.0);
      CHECK(rig.net->submit(DeliverReward{c.reward}).empty());
      const double w = rig.run_and_weight(1000.0);
      INFO("pre " << c.pre << " post " << c.post << " reward " << c.reward << " -> w " << w);
      CHECK(w * c.expected_sign > 1e-3);
    }
  }

  TEST_CASE("the weight change integrates eta c d over time") {
    // One pair at dt = +5 ms gives c0 = A+ exp(-5/20); a reward r at time T0 then gives
    // dw = eta * integral of c0 e^(-t/tau_c) r e^(-t/tau_d) dt = eta c(T0) r tau_cd (1 - e^(-T/tau_cd)).
    const double tau_c = 1000, tau_d = 200, eta = 0.5, r = 0.8;
    PairRig rig({100.0}, {105.0}, {{"A_plus", 1.0}, {"eta", eta}, {"tau_c", tau_c}, {"tau_d", tau_d}, {"w_max", 100.0}}, "rstdp");
    rig.run_and_weight(200.0);
    const double c_at_reward = std::exp(-5.0 / 20.0) * std::exp(-(200.0 - 105.0 - kDt) / tau_c);
    rig.net->submit(DeliverReward{r});
    const double w = rig.run_and_weight(3000.0);
    const double tau_cd = 1.0 / (1.0 / tau_c + 1.0 / tau_d);
    CHECK(w == doctest::Approx(eta * c_at_reward * r * tau_cd * (1 - std::exp(-3000.0 / tau_cd))).epsilon(0.01));
    CHECK(rig.net->submit(DeliverReward{std::nan("")}) == "reward must be a finite number (got NaN)");
  }
}

// First-spike R-STDP (Mozafari et al. 2018, IEEE TNNLS 29:6178, eqs. 5-6), against its equations
// written out by hand: one window, then the reward or punishment for a chosen winner.
namespace {

// Pre neurons: 0 fires at 1 ms (before the winner), 1 at 5 ms (after), 2 at 3 ms (the winner's
// step: counts as before), 3 never. Post neuron 0 fires at 3 ms, post neuron 1 never. Every
// weight starts at w0, too weak to make a postsynaptic neuron fire.
struct WindowRig {
  static constexpr double w0 = 0.1;
  std::unique_ptr<Network> net;

  explicit WindowRig(std::map<std::string, double> params) {
    const std::map<std::string, Distribution> if_params{{"V_th", Distribution::constant(1.0)}};
    auto spec = scenario(kDt, {population("pre", "if", 4, if_params), population("post", "if", 2, if_params)});
    const auto pulse = [&](const std::string& pop, int neuron, double t) {
      StimulusSpec s = current(pop, 1e6, t, t + kDt);
      s.neurons = {neuron};
      spec.stimuli.push_back(s);
    };
    pulse("pre", 0, 1.0);
    pulse("pre", 1, 5.0);
    pulse("pre", 2, 3.0);
    pulse("post", 0, 3.0);
    auto p = projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(w0));
    p.receptor = Receptor::Excitatory;
    p.plasticity = PlasticitySpec{"rstdp_first_spike", std::move(params)};
    spec.projections.push_back(p);
    net = build(spec);
    net->run(static_cast<std::int64_t>(std::lround(10.0 / kDt)));
  }
  // Weight of pre i -> post j (all to all: row i, column j).
  double w(int i, int j) const { return net->projection(0).weights()[static_cast<std::size_t>(i * 2 + j)]; }
  void end_window(double amount, int winner) {
    REQUIRE(net->submit(DeliverReward{amount, winner, true}).empty());
    net->run(1);
  }
};

const std::map<std::string, double> kRates{{"a_r_plus", 0.05}, {"a_r_minus", 0.03}, {"a_p_plus", 0.02}, {"a_p_minus", 0.07}};

}  // namespace

TEST_SUITE("first-spike R-STDP") {
  TEST_CASE("reward: STDP on the winner's synapses, dw = r a_r+ w(1-w) before its spike, -r a_r- w(1-w) otherwise") {
    const double r = 2.0, soft = WindowRig::w0 * (1 - WindowRig::w0);
    WindowRig rig(kRates);
    REQUIRE(spike_times(*rig.net, 1, 0).size() == 1);  // the winner fired once, at 3 ms
    rig.end_window(r, 0);
    CHECK(rig.w(0, 0) == doctest::Approx(WindowRig::w0 + r * 0.05 * soft).epsilon(1e-5));
    CHECK(rig.w(2, 0) == doctest::Approx(WindowRig::w0 + r * 0.05 * soft).epsilon(1e-5));
    CHECK(rig.w(1, 0) == doctest::Approx(WindowRig::w0 - r * 0.03 * soft).epsilon(1e-5));
    CHECK(rig.w(3, 0) == doctest::Approx(WindowRig::w0 - r * 0.03 * soft).epsilon(1e-5));
    for (int i = 0; i < 4; ++i) CHECK(rig.w(i, 1) == doctest::Approx(WindowRig::w0).epsilon(1e-7));  // not the winner
  }

  TEST_CASE("punishment: anti-STDP, dw = -|r| a_p- w(1-w) before the winner's spike, +|r| a_p+ w(1-w) otherwise") {
    const double soft = WindowRig::w0 * (1 - WindowRig::w0);
    WindowRig rig(kRates);
    rig.end_window(-1.0, 0);
    CHECK(rig.w(0, 0) == doctest::Approx(WindowRig::w0 - 0.07 * soft).epsilon(1e-5));
    CHECK(rig.w(2, 0) == doctest::Approx(WindowRig::w0 - 0.07 * soft).epsilon(1e-5));
    CHECK(rig.w(1, 0) == doctest::Approx(WindowRig::w0 + 0.02 * soft).epsilon(1e-5));
    CHECK(rig.w(3, 0) == doctest::Approx(WindowRig::w0 + 0.02 * soft).epsilon(1e-5));
  }

  TEST_CASE("a silent winner (decided by its potential) counts as firing at the window's end") {
    // Post neuron 1 never fired; named silent, every input that fired in the window (0, 1 and 2)
    // came before it, and only the silent input 3 counts as after.
    const double soft = WindowRig::w0 * (1 - WindowRig::w0);
    for (const double r : {1.5, -1.5}) {
      CAPTURE(r);
      WindowRig rig(kRates);
      REQUIRE(spike_times(*rig.net, 1, 1).empty());
      REQUIRE(rig.net->submit(DeliverReward{r, 1, true, true}).empty());
      rig.net->run(1);
      const double causal = r > 0 ? r * 0.05 : r * 0.07, other = r > 0 ? -r * 0.03 : -r * 0.02;
      for (const int i : {0, 1, 2}) CHECK(rig.w(i, 1) == doctest::Approx(WindowRig::w0 + causal * soft).epsilon(1e-5));
      CHECK(rig.w(3, 1) == doctest::Approx(WindowRig::w0 + other * soft).epsilon(1e-5));
      for (int i = 0; i < 4; ++i) CHECK(rig.w(i, 0) == doctest::Approx(WindowRig::w0).epsilon(1e-7));  // not the winner
    }
  }

  TEST_CASE("nothing changes without a reward, a winner that fired, learning, or the window's own spikes") {
    const auto unchanged = [](const WindowRig& rig) {
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 2; ++j) {
          INFO("pre " << i << " post " << j);
          CHECK(rig.w(i, j) == doctest::Approx(WindowRig::w0).epsilon(1e-7));
        }
    };
    SUBCASE("amount 0") {
      WindowRig rig(kRates);
      rig.end_window(0.0, 0);
      unchanged(rig);
    }
    SUBCASE("no winner") {
      WindowRig rig(kRates);
      rig.end_window(1.0, -1);
      unchanged(rig);
    }
    SUBCASE("a winner that did not fire") {
      WindowRig rig(kRates);
      rig.end_window(1.0, 1);
      unchanged(rig);
    }
    SUBCASE("learning off") {
      auto params = kRates;
      params["learn"] = 0.0;
      WindowRig rig(params);
      rig.end_window(1.0, 0);
      unchanged(rig);
    }
    SUBCASE("a plain reward (no end of window) is not this rule's") {
      WindowRig rig(kRates);
      REQUIRE(rig.net->submit(DeliverReward{1.0}).empty());
      rig.net->run(1);
      unchanged(rig);
    }
    SUBCASE("a window closes: the next one starts without the spikes of the last") {
      WindowRig rig(kRates);
      rig.end_window(0.0, 0);
      rig.end_window(1.0, 0);  // no spike since: the winner has not fired in this window
      unchanged(rig);
    }
  }

  TEST_CASE("invalid parameters and winners are rejected") {
    WindowRig rig(kRates);
    CHECK(rig.net->submit(SetPlasticityParam{0, "a_r_plus", -0.1}) == "a_r_plus: must be >= 0 (got -0.1)");
    CHECK(rig.net->submit(SetPlasticityParam{0, "w_max", -1.0}) == "w_max: must be above w_min (got -1 <= 0)");
    CHECK(rig.net->submit(DeliverReward{1.0, -2, true}) == "reward winner must be a neuron index or -1 (got -2)");
  }
}
