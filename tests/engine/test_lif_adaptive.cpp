// The LIF's adaptive-threshold option (model "lif_adaptive"; Diehl & Cook 2015, Front. Comput.
// Neurosci. 9:99, Eq. 5)
// against references written out here: the threshold as a sum of decaying jumps, the plain LIF
// when theta_plus = 0, and the self-consistent steady-state interval of the adapted neuron.
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/lif.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

struct Cell {
  double tau_m = 10, C_m = 250, E_L = -70, V_th = -55, V_reset = -70, t_ref = 2, theta_plus = 2, tau_theta = 100;
  std::map<std::string, Distribution> params() const {
    return {{"tau_m", Distribution::constant(tau_m)},         {"C_m", Distribution::constant(C_m)},
            {"E_L", Distribution::constant(E_L)},             {"V_th", Distribution::constant(V_th)},
            {"V_reset", Distribution::constant(V_reset)},     {"t_ref", Distribution::constant(t_ref)},
            {"theta_plus", Distribution::constant(theta_plus)}, {"tau_theta", Distribution::constant(tau_theta)}};
  }
  std::map<std::string, Distribution> lif_params() const {
    auto p = params();
    p.erase("theta_plus");
    p.erase("tau_theta");
    return p;
  }
  // Continuous time from a spike to the next at steady state under current I (V_reset = E_L):
  // V(s) = E_L + R I (1 - exp(-(s - t_ref) / tau_m)) after the refractory period, threshold
  // V_th + theta_a exp(-s / tau_theta) with theta_a = theta_plus / (1 - exp(-T / tau_theta))
  // at a period T. The fixed point T = crossing(T) is found by bisection (crossing falls as T grows).
  double steady_isi(double current) const {
    const double ri = tau_m / C_m * current;
    const auto crossing = [&](double period) {
      const double theta_a = theta_plus / (1.0 - std::exp(-period / tau_theta));
      for (double s = t_ref; s < 1000.0; s += 1e-4) {
        const double v = E_L + ri * (1.0 - std::exp(-(s - t_ref) / tau_m));
        if (v >= V_th + theta_a * std::exp(-s / tau_theta)) return s;
      }
      return 1000.0;
    };
    double lo = t_ref, hi = 200.0;
    for (int i = 0; i < 40; ++i) {
      const double mid = 0.5 * (lo + hi);
      (crossing(mid) > mid ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  }
};

std::unique_ptr<Network> run(const Cell& cell, double current, double dt, double t_ms, bool trace) {
  auto spec = scenario(dt, {population("n", "lif_adaptive", 1, cell.params())});
  spec.stimuli.push_back(neurosim::test::current("n", current));
  if (trace) spec.monitors.traces.push_back({"n", {0}});
  auto net = build(spec);
  net->run(static_cast<std::int64_t>(std::lround(t_ms / dt)));
  return net;
}

}  // namespace

TEST_SUITE("lif_adaptive") {
  TEST_CASE("theta jumps by theta_plus at each spike and decays exactly with tau_theta") {
    Cell cell;
    const double dt = 0.1;
    auto net = run(cell, 500.0, dt, 600.0, true);
    const auto& probe = net->traces().probes().at(0);
    std::vector<std::int64_t> spikes;
    for (const auto& e : net->spikes().all()) spikes.push_back(e.step);
    REQUIRE(spikes.size() >= 10);
    // theta after step n: theta_plus * sum over spikes s <= n of exp(-(n - s) dt / tau_theta).
    std::size_t next = 0;
    double worst = 0.0;
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
      const std::int64_t n = StateRecorder::sample_step(probe, i);
      while (next < spikes.size() && spikes[next] <= n) ++next;
      double expected = 0.0;
      for (std::size_t k = 0; k < next; ++k)
        expected += cell.theta_plus * std::exp(-static_cast<double>(n - spikes[k]) * dt / cell.tau_theta);
      worst = std::max(worst, std::fabs(StateRecorder::sample(probe, i, LifPopulation::Theta) - expected));
    }
    // float32: theta is about 5 mV (resolution 5e-7 mV) and multiplied 6000 times by the decay factor.
    INFO("worst |theta - expected| " << worst << " mV");
    CHECK(worst < 2e-4);
    // The jump itself, at every spike: theta(s) = theta(s - 1) exp(-dt / tau_theta) + theta_plus.
    const double decay = std::exp(-dt / cell.tau_theta);
    for (const std::int64_t s : spikes) {
      const auto i = static_cast<std::size_t>(s);
      const double before = StateRecorder::sample(probe, i - 1, LifPopulation::Theta);
      CHECK(StateRecorder::sample(probe, i, LifPopulation::Theta) ==
            doctest::Approx(before * decay + cell.theta_plus).epsilon(1e-6));
    }
  }

  TEST_CASE("a spike needs V to reach V_th + theta") {
    Cell cell;
    auto net = run(cell, 500.0, 0.1, 300.0, true);
    const auto& probe = net->traces().probes().at(0);
    for (const auto& e : net->spikes().all()) {
      const auto i = static_cast<std::size_t>(e.step);
      // V after step i - 1 was below the threshold of that step (theta before the new jump).
      const double v_before = StateRecorder::sample(probe, i - 1, LifPopulation::V);
      const double theta_before = StateRecorder::sample(probe, i - 1, LifPopulation::Theta);
      CHECK(v_before < cell.V_th + theta_before);
      CHECK(StateRecorder::sample(probe, i, LifPopulation::V) == doctest::Approx(cell.V_reset));
    }
  }

  TEST_CASE("theta_plus = 0 is the LIF: the same spike steps as model lif") {
    Cell cell;
    cell.theta_plus = 0.0;
    auto spec = scenario(0.1, {population("a", "lif_adaptive", 1, cell.params()), population("l", "lif", 1, cell.lif_params())});
    spec.stimuli.push_back(current("a", 450.0));
    spec.stimuli.push_back(current("l", 450.0));
    check_same_spike_steps(spec, 5000, 10);
  }

  TEST_CASE("under constant drive the rate falls and the interval settles at the self-consistent period") {
    Cell cell;
    cell.theta_plus = 2.0;
    cell.tau_theta = 200.0;
    const double dt = 0.01, current = 1000.0;
    auto net = run(cell, current, dt, 3000.0, false);
    const auto t = spike_times(*net, 0, 0);
    REQUIRE(t.size() >= 30);
    std::size_t early = 0, late = 0;
    for (const double x : t) {
      if (x < 200.0) ++early;
      if (x >= 2800.0) ++late;
    }
    INFO("spikes in the first 200 ms " << early << ", in the last 200 ms " << late);
    CHECK(static_cast<double>(early) > 1.3 * static_cast<double>(late));
    std::vector<double> isi;
    for (std::size_t k = 1; k < t.size(); ++k) isi.push_back(t[k] - t[k - 1]);
    for (std::size_t k = 1; k < isi.size(); ++k) CHECK(isi[k] >= isi[k - 1] - dt - 1e-9);  // never shorter
    const double expected = cell.steady_isi(current);
    INFO("self-consistent period " << expected << " ms; last interval " << isi.back() << " ms");
    CHECK(expected > 1.5 * isi.front());  // the adaptation is substantial
    // Spikes fall on the grid and at the end of the step in which V crosses: within one step.
    for (std::size_t k = isi.size() - 5; k < isi.size(); ++k) CHECK(std::fabs(isi[k] - expected) <= dt + 1e-6);
  }

  TEST_CASE("parameter validation names the problem") {
    LifPopulation pop("n", 1, 0.1, LifThreshold::adaptive);
    auto e = pop.set_param("tau_theta", 0.0);
    REQUIRE(e.size() == 1);
    CHECK(e[0].param == "tau_theta");
    CHECK(e[0].message == "must be > 0 (got 0)");
    e = pop.set_param("theta_plus", -1.0);
    REQUIRE(e.size() == 1);
    CHECK(e[0].message == "must be >= 0 (got -1)");
    CHECK(pop.set_param("V_reset", -50.0)[0].message == "must be below V_th (got -50 >= -55)");
    CHECK(pop.set_param("tau_m", std::nan(""))[0].message == "must be a finite number (got NaN)");
    CHECK(pop.set_param("theta_plus", 0.05).empty());  // Diehl & Cook 2015
    CHECK(pop.set_param("tau_theta", 1e7).empty());
    CHECK(pop.param("tau_theta") == 1e7);
  }
}
