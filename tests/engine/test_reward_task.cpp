// The distal-reward rule of Izhikevich 2007 (Cereb. Cortex 17:2443, Fig. 1): a reward follows a
// pre-then-post pairing of the chosen synapse after a delay, and the dopamine it releases turns
// the (decayed) eligibility trace into a weight change.
#include <algorithm>
#include <cmath>
#include <set>

#include "engine/spec_helpers.hpp"
#include "neurosim/plasticity.hpp"
#include "neurosim/reward_task.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

RewardTask::Settings settings(std::int64_t window, std::int64_t delay_min, std::int64_t delay_max) {
  RewardTask::Settings s;
  s.pre = 3;
  s.post = 1;
  s.window_steps = window;
  s.delay_min_steps = delay_min;
  s.delay_max_steps = delay_max;
  s.amount = 0.5;
  return s;
}

// Two IF neurons that fire exactly at the given times, joined by one R-STDP synapse starting at
// 0 (it cannot drive the postsynaptic neuron), with a reward rule on that synapse.
std::unique_ptr<Network> reward_rig(const std::vector<double>& pre_ms, const std::vector<double>& post_ms, RewardSpec reward,
                                    std::map<std::string, double> params) {
  const std::map<std::string, Distribution> if_params{{"V_th", Distribution::constant(1.0)}};
  auto spec = scenario(kDt, {population("pre", "if", 1, if_params), population("post", "if", 1, if_params)});
  for (const double t : pre_ms) spec.stimuli.push_back(current("pre", 1e6, t, t + kDt));
  for (const double t : post_ms) spec.stimuli.push_back(current("post", 1e6, t, t + kDt));
  auto p = projection("pre", "post", ConnectivitySpec::Rule::OneToOne, Distribution::constant(0.0));
  p.name = "syn";
  p.receptor = Receptor::Excitatory;
  p.plasticity = PlasticitySpec{"rstdp", params};
  spec.projections.push_back(p);
  reward.projection = "syn";
  spec.reward = reward;
  return build(spec);
}

}  // namespace

TEST_SUITE("reward task") {
  TEST_CASE("a post spike within the window after a pre spike earns one reward, paid after the delay") {
    RewardTask task(settings(200, 1000, 1000), 1);
    const std::vector<int> pre{3}, post{1}, other{0, 2}, none{};
    double paid = 0.0;
    std::set<std::int64_t> paid_at;
    for (std::int64_t s = 0; s < 5000; ++s) {
      const bool pre_fires = s == 100 || s == 2000 || s == 3000 || s == 4000;
      // Post: 150 steps after the first pre (earns), twice after the second (earns once),
      // 250 after the third (too late), before the fourth (not after it).
      const bool post_fires = s == 250 || s == 2010 || s == 2020 || s == 3250 || s == 3990;
      const double due = task.step(s, pre_fires ? pre : other, post_fires ? post : none);
      if (due != 0.0) paid_at.insert(s);
      paid += due;
    }
    CHECK(task.earned() == 2);
    CHECK(task.delivered() == 2);
    CHECK(paid == doctest::Approx(1.0));
    CHECK(paid_at == std::set<std::int64_t>{1250, 3010});
    CHECK(task.earned_steps() == std::vector<std::int64_t>{250, 2010});
  }

  TEST_CASE("a pair in the same step counts as pre before post; the delay is drawn in its range; reset repeats") {
    RewardTask task(settings(0, 100, 300), 7);
    const std::vector<int> pre{3}, post{1}, none{};
    std::vector<std::int64_t> delays;
    for (int round = 0; round < 2; ++round) {
      task.reset();
      std::vector<std::int64_t> paid;
      for (std::int64_t s = 0; s < 100000; ++s) {
        const bool both = s % 1000 == 0;
        if (task.step(s, both ? pre : none, both ? post : none) != 0.0) paid.push_back(s);
      }
      REQUIRE(paid.size() == 100);
      std::vector<std::int64_t> d;
      for (std::size_t k = 0; k < paid.size(); ++k) d.push_back(paid[k] - static_cast<std::int64_t>(k) * 1000);
      for (const auto x : d) {
        CHECK(x >= 100);
        CHECK(x <= 300);
      }
      if (round == 0) delays = d;
      else CHECK(d == delays);  // the same random stream after a reset
    }
    CHECK(*std::max_element(delays.begin(), delays.end()) - *std::min_element(delays.begin(), delays.end()) > 100);
  }

  TEST_CASE("in a network: no weight change until the delayed reward, then eta c d integrated") {
    // One pair at dt = +5 ms makes c0 = A+ exp(-5/20); the reward arrives at T0 = 505 ms + delay
    // and changes w by eta c(T0) r tau_cd (1 - exp(-T/tau_cd)), tau_cd = 1 / (1/tau_c + 1/tau_d)
    // (the reference of test_plasticity.cpp, with the reward sent by the rule instead).
    const double tau_c = 1000, tau_d = 200, eta = 0.5, r = 0.8, delay = 400;
    RewardSpec reward;
    reward.window_ms = 20;
    reward.delay_ms = Distribution::constant(delay);
    reward.amount = r;
    auto net = reward_rig({100.0}, {105.0}, reward, {{"A_plus", 1.0}, {"eta", eta}, {"tau_c", tau_c}, {"tau_d", tau_d}, {"w_max", 100.0}});
    net->run(static_cast<std::int64_t>(std::lround((105.0 + delay) / kDt)));  // up to the step the reward is paid
    CHECK(net->projection(0).weights()[0] == 0.0f);
    REQUIRE(net->reward_task());
    CHECK(net->reward_task()->earned() == 1);
    CHECK(net->reward_task()->delivered() == 0);
    net->run(30000);
    CHECK(net->reward_task()->delivered() == 1);
    const double paid_ms = 105.0 + delay;                  // the dopamine acts from the next step
    const double c_at_reward = std::exp(-5.0 / 20.0) * std::exp(-(paid_ms - 105.0) / tau_c);
    const double tau_cd = 1.0 / (1.0 / tau_c + 1.0 / tau_d);
    const double span = net->time_ms() - paid_ms - kDt;
    CHECK(net->projection(0).weights()[0] == doctest::Approx(eta * c_at_reward * r * tau_cd * (1 - std::exp(-span / tau_cd))).epsilon(0.01));
    // 6 s (30 tau_d) after the reward the dopamine is below any effect and exactly 0, so that
    // the per-synapse weight update is skipped between rewards.
    const auto* rule = dynamic_cast<const RstdpPlasticity*>(net->plasticity(0));
    REQUIRE(rule);
    CHECK(rule->dopamine() > 0.0);
    net->run(30000);
    CHECK(rule->dopamine() == 0.0);
    // A reset forgets the pending and past rewards along with the weights.
    net->submit(ResetNetwork{});
    net->run(10);
    CHECK(net->reward_task()->earned() == 0);
    CHECK(net->projection(0).weights()[0] == 0.0f);
  }

  TEST_CASE("bad reward entries are named") {
    const std::map<std::string, Distribution> if_params{{"V_th", Distribution::constant(1.0)}};
    auto spec = scenario(kDt, {population("pre", "if", 4, if_params), population("post", "if", 2, if_params)});
    auto stdp = projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(0.0));
    stdp.name = "plain";
    stdp.plasticity = PlasticitySpec{"stdp", {}};
    spec.projections.push_back(stdp);
    RewardSpec r;
    r.projection = "nowhere";
    spec.reward = r;
    const auto text = [](const ScenarioSpec& s) {
      std::set<std::string> out;
      for (const auto& e : check_scenario(s)) out.insert(e.text());
      return out;
    };
    CHECK(text(spec).count("reward.projection: no projection named \"nowhere\""));
    spec.reward->projection = "plain";
    spec.reward->pre = 4;
    spec.reward->post = -1;
    spec.reward->window_ms = 0;
    spec.reward->delay_ms = Distribution::normal(1000, 10);
    spec.reward->amount = std::nan("");
    const auto errors = text(spec);
    CHECK(errors.count("reward.projection: projection \"plain\" has no reward-modulated plasticity (rule rstdp)"));
    CHECK(errors.count("reward.pre: neuron 4 is outside 0..3"));
    CHECK(errors.count("reward.post: neuron -1 is outside 0..1"));
    CHECK(errors.count("reward.window_ms: must be > 0 (got 0)"));
    CHECK(errors.count("reward.delay_ms: must be a number or a uniform range"));
    CHECK(errors.count("reward.amount: must be a finite number (got NaN)"));
    // A synapse that the connectivity did not make is reported when building.
    spec.projections[0].plasticity->rule = "rstdp";
    spec.projections[0].connectivity.rule = ConnectivitySpec::Rule::List;
    spec.projections[0].connectivity.pairs = {{0, 0}};
    spec.reward = RewardSpec{"plain", 1, 1, 20.0, Distribution::constant(10.0), 0.5};
    const auto built = build_network(spec);
    CHECK(!built.network);
    REQUIRE(built.errors.size() == 1);
    CHECK(built.errors[0].text() == "reward: projection \"plain\" has no synapse from neuron 1 to neuron 1");
  }
}
