// The conductance-based LIF (model "lif_cond", NEST iaf_cond_exp) against references written out
// here: the analytic membrane trajectory under constant conductances,
//   V(t) = V_inf + (V_0 - V_inf) exp(-t G / C_m),  G = g_L + g_e + g_i,
//   V_inf = (g_L E_L + g_e E_exc + g_i E_inh + I) / G,
// a double-precision RK4 solution at a step 100 times finer for decaying conductances, the
// forward Euler recursion (integrator 1) written out step by step, the adaptive threshold as a
// sum of decaying jumps, and parameter validation.
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/lif_cond.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

struct Cell {
  double C_m = 200, g_L = 10, E_L = -60, E_exc = 0, E_inh = -80, V_th = -50, V_reset = -60, t_ref = 5;
  double tau_syn_e = 5, tau_syn_i = 10, I_bias = 0, theta_plus = 0, tau_theta = 1e7, integrator = 0;
  std::map<std::string, Distribution> params() const {
    const auto c = [](double v) { return Distribution::constant(v); };
    return {{"C_m", c(C_m)},         {"g_L", c(g_L)},         {"E_L", c(E_L)},           {"E_exc", c(E_exc)},
            {"E_inh", c(E_inh)},     {"V_th", c(V_th)},       {"V_reset", c(V_reset)},   {"t_ref", c(t_ref)},
            {"tau_syn_e", c(tau_syn_e)}, {"tau_syn_i", c(tau_syn_i)}, {"I_bias", c(I_bias)}, {"theta_plus", c(theta_plus)},
            {"tau_theta", c(tau_theta)}, {"integrator", c(integrator)}};
  }
};

std::unique_ptr<Network> trace_run(const Cell& cell, double dt, double t_ms, double v0, double ge0, double gi0) {
  auto pop = population("n", "lif_cond", 1, cell.params());
  pop.initial["V"] = Distribution::constant(v0);
  pop.initial["g_e"] = Distribution::constant(ge0);
  pop.initial["g_i"] = Distribution::constant(gi0);
  auto spec = scenario(dt, {pop});
  spec.monitors.traces.push_back({"n", {0}});
  auto net = build(spec);
  net->run(static_cast<std::int64_t>(std::lround(t_ms / dt)));
  return net;
}

}  // namespace

TEST_SUITE("lif_cond") {
  TEST_CASE("under constant conductances V follows the analytic trajectory, whatever dt") {
    Cell cell;
    cell.tau_syn_e = 1e12;  // conductances that do not decay within the run
    cell.tau_syn_i = 1e12;
    cell.V_th = 100;        // no spike: the trajectory alone
    cell.I_bias = 50;
    const double v0 = -75, ge = 3.0, gi = 6.0;
    const double g_total = cell.g_L + ge + gi;
    const double v_inf = (cell.g_L * cell.E_L + ge * cell.E_exc + gi * cell.E_inh + cell.I_bias) / g_total;
    for (const double dt : {0.01, 0.1, 1.0}) {
      CAPTURE(dt);
      auto net = trace_run(cell, dt, 100.0, v0, ge, gi);
      const auto& probe = net->traces().probes().at(0);
      double worst = 0.0;
      for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
        const double t = static_cast<double>(StateRecorder::sample_step(probe, i) + 1) * dt;
        const double expected = v_inf + (v0 - v_inf) * std::exp(-t * g_total / cell.C_m);
        worst = std::max(worst, std::abs(StateRecorder::sample(probe, i, LifCondPopulation::V) - expected));
      }
      INFO("V_inf " << v_inf << " mV, worst error " << worst << " mV");
      // float32 near -60 mV resolves 4e-6 mV; a few thousand rounded steps stay well below 1e-3.
      CHECK(worst < 1e-3);
    }
  }

  TEST_CASE("with decaying conductances V stays within 0.01 mV of a fine RK4 solution") {
    Cell cell;
    cell.V_th = 100;
    cell.tau_syn_e = 2.0;  // fast synapses make the step-averaged conductance work hardest
    cell.tau_syn_i = 5.0;
    const double v0 = -60, ge0 = 40.0, gi0 = 30.0, t_end = 40.0, dt = 0.1;
    auto net = trace_run(cell, dt, t_end, v0, ge0, gi0);
    const auto& probe = net->traces().probes().at(0);
    // Reference: RK4 in double at dt / 100.
    const double h = dt / 100.0;
    const auto dvdt = [&](double t, double v) {
      const double ge = ge0 * std::exp(-t / cell.tau_syn_e), gi = gi0 * std::exp(-t / cell.tau_syn_i);
      return (-cell.g_L * (v - cell.E_L) - ge * (v - cell.E_exc) - gi * (v - cell.E_inh)) / cell.C_m;
    };
    double v = v0, t = 0.0, worst = 0.0, deepest = 0.0;
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
      for (int k = 0; k < 100; ++k) {
        const double k1 = dvdt(t, v), k2 = dvdt(t + h / 2, v + h / 2 * k1), k3 = dvdt(t + h / 2, v + h / 2 * k2),
                     k4 = dvdt(t + h, v + h * k3);
        v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        t += h;
      }
      worst = std::max(worst, std::abs(StateRecorder::sample(probe, i, LifCondPopulation::V) - v));
      deepest = std::max(deepest, std::abs(v - v0));
    }
    INFO("largest excursion " << deepest << " mV, worst error " << worst << " mV");
    CHECK(deepest > 2.0);  // the conductances move V substantially
    CHECK(worst < 0.01);
  }

  TEST_CASE("integrator 1 steps V, g_e and g_i by forward Euler, as Brian 1 integrates Diehl & Cook's equations") {
    Cell cell;
    cell.integrator = 1;
    cell.V_th = 100;
    cell.tau_syn_e = 1.0;  // Diehl & Cook's excitatory neurons' synapses, at their dt of 0.5 ms
    cell.tau_syn_i = 2.0;
    cell.I_bias = 20;
    const double dt = 0.5, v0 = -70, ge0 = 30.0, gi0 = 12.0;
    auto net = trace_run(cell, dt, 20.0, v0, ge0, gi0);
    const auto& probe = net->traces().probes().at(0);
    double v = v0, ge = ge0, gi = gi0, worst = 0.0, moved = 0.0;
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
      // Brian 1's Euler step: every derivative from the values at the start of the step.
      const double dv = (-cell.g_L * (v - cell.E_L) - ge * (v - cell.E_exc) - gi * (v - cell.E_inh) + cell.I_bias) / cell.C_m;
      v += dt * dv;
      ge -= dt * ge / cell.tau_syn_e;
      gi -= dt * gi / cell.tau_syn_i;
      worst = std::max(worst, std::abs(StateRecorder::sample(probe, i, LifCondPopulation::V) - v));
      CHECK(StateRecorder::sample(probe, i, LifCondPopulation::g_e) == doctest::Approx(ge).epsilon(1e-5));
      CHECK(StateRecorder::sample(probe, i, LifCondPopulation::g_i) == doctest::Approx(gi).epsilon(1e-5));
      moved = std::max(moved, std::abs(v - v0));
    }
    INFO("largest excursion " << moved << " mV, worst error " << worst << " mV");
    CHECK(moved > 2.0);
    CHECK(worst < 1e-4);
  }

  TEST_CASE("integrator 1 is first order: its error against RK4 shrinks tenfold with a tenfold smaller dt") {
    Cell cell;
    cell.integrator = 1;
    cell.V_th = 100;
    cell.tau_syn_e = 2.0;
    cell.tau_syn_i = 5.0;
    const double v0 = -60, ge0 = 40.0, gi0 = 30.0, t_end = 20.0;
    // Reference: RK4 in double at 1 us, sampled at t_end.
    const auto dvdt = [&](double t, double v) {
      const double ge = ge0 * std::exp(-t / cell.tau_syn_e), gi = gi0 * std::exp(-t / cell.tau_syn_i);
      return (-cell.g_L * (v - cell.E_L) - ge * (v - cell.E_exc) - gi * (v - cell.E_inh)) / cell.C_m;
    };
    double v_ref = v0;
    const double h = 0.001;
    for (int k = 0; k < static_cast<int>(std::lround(t_end / h)); ++k) {
      const double t = k * h;
      const double k1 = dvdt(t, v_ref), k2 = dvdt(t + h / 2, v_ref + h / 2 * k1), k3 = dvdt(t + h / 2, v_ref + h / 2 * k2),
                   k4 = dvdt(t + h, v_ref + h * k3);
      v_ref += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    const auto error_at_end = [&](double dt) {
      auto net = trace_run(cell, dt, t_end, v0, ge0, gi0);
      const auto& probe = net->traces().probes().at(0);
      return std::abs(StateRecorder::sample(probe, StateRecorder::available(probe) - 1, LifCondPopulation::V) - v_ref);
    };
    const double coarse = error_at_end(0.1), fine = error_at_end(0.01);
    INFO("error at dt 0.1: " << coarse << " mV, at dt 0.01: " << fine << " mV");
    CHECK(coarse > 1e-3);  // Euler's error is visible at dt 0.1
    CHECK(coarse / fine == doctest::Approx(10.0).epsilon(0.2));
  }

  TEST_CASE("integrator 1 never carries V past the value it relaxes to, however large the conductance") {
    Cell cell;
    cell.integrator = 1;
    cell.V_th = 100;
    cell.tau_syn_e = 1e12;  // held conductances: V_inf stays put
    cell.tau_syn_i = 1e12;
    const double dt = 0.5, v0 = -70;
    for (const double ge : {100.0, 1e4, 1e9}) {  // h G / C_m = 0.275 (plain Euler), 25 and 2.5e6 (capped)
      CAPTURE(ge);
      auto net = trace_run(cell, dt, 50.0, v0, ge, 0.0);
      const auto& probe = net->traces().probes().at(0);
      const double g_total = cell.g_L + ge;
      const double v_inf = (cell.g_L * cell.E_L + ge * cell.E_exc) / g_total;
      const double factor = std::min(dt * g_total / cell.C_m, 1.0);
      CHECK(StateRecorder::sample(probe, 0, LifCondPopulation::V) == doctest::Approx(v0 + factor * (v_inf - v0)).epsilon(1e-5));
      for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
        const double vi = StateRecorder::sample(probe, i, LifCondPopulation::V);
        REQUIRE(std::isfinite(vi));
        CHECK(vi <= v_inf + 1e-3);  // approaches from below, never overshoots
      }
    }
  }

  TEST_CASE("conductances decay exactly and take spikes as nS; inhibitory weights count by magnitude") {
    Cell cell;
    auto spec = scenario(0.1, {population("in", "poisson", 1, {{"rate", Distribution::constant(0.0)}}),
                               population("n", "lif_cond", 1, cell.params())});
    spec.populations[1].initial["g_e"] = Distribution::constant(8.0);
    spec.populations[1].initial["g_i"] = Distribution::constant(4.0);
    spec.monitors.traces.push_back({"n", {0}});
    auto net = build(spec);
    net->run(100);
    const auto& probe = net->traces().probes().at(0);
    const std::size_t last = StateRecorder::available(probe) - 1;
    CHECK(StateRecorder::sample(probe, last, LifCondPopulation::g_e) == doctest::Approx(8.0 * std::exp(-10.0 / 5.0)).epsilon(1e-5));
    CHECK(StateRecorder::sample(probe, last, LifCondPopulation::g_i) == doctest::Approx(4.0 * std::exp(-10.0 / 10.0)).epsilon(1e-5));
  }

  TEST_CASE("theta jumps by theta_plus at each spike and decays exactly; a frozen theta stays") {
    Cell cell;
    cell.I_bias = 300;  // V_inf = -30 mV: regular firing
    cell.theta_plus = 0.5;
    cell.tau_theta = 200;
    const double dt = 0.1;
    auto pop = population("n", "lif_cond", 1, cell.params());
    auto spec = scenario(dt, {pop});
    spec.monitors.traces.push_back({"n", {0}});
    auto net = build(spec);
    net->run(5000);
    const auto& probe = net->traces().probes().at(0);
    std::vector<std::int64_t> spikes;
    for (const auto& e : net->spikes().all()) spikes.push_back(e.step);
    REQUIRE(spikes.size() >= 10);
    std::size_t next = 0;
    double worst = 0.0;
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
      const std::int64_t n = StateRecorder::sample_step(probe, i);
      while (next < spikes.size() && spikes[next] <= n) ++next;
      double expected = 0.0;
      for (std::size_t k = 0; k < next; ++k) expected += cell.theta_plus * std::exp(-static_cast<double>(n - spikes[k]) * dt / cell.tau_theta);
      worst = std::max(worst, std::abs(StateRecorder::sample(probe, i, LifCondPopulation::Theta) - expected));
    }
    INFO("worst |theta - expected| " << worst << " mV");
    // float32: theta reaches a few mV (resolution 5e-7 mV) and is multiplied 5000 times by its decay.
    CHECK(worst < 5e-4);
    // Each spike needed V to reach V_th + theta of the step before.
    for (const std::int64_t s : spikes) {
      const auto i = static_cast<std::size_t>(s);
      CHECK(StateRecorder::sample(probe, i - 1, LifCondPopulation::V) <
            cell.V_th + StateRecorder::sample(probe, i - 1, LifCondPopulation::Theta));
    }

    // Frozen: neither growth at spikes nor decay.
    auto pop_direct = std::make_unique<LifCondPopulation>("d", 1, dt);
    for (const auto& [name, value] : cell.params()) REQUIRE(pop_direct->set_param(name, value.a).empty());
    pop_direct->theta()[0] = 3.0f;
    pop_direct->set_theta_frozen(true);
    std::vector<int> fired;
    int count = 0;
    for (std::int64_t s = 0; s < 5000; ++s) {
      fired.clear();
      pop_direct->evolve(s, fired);
      count += static_cast<int>(fired.size());
    }
    CHECK(count > 5);
    CHECK(pop_direct->theta()[0] == 3.0f);
  }

  TEST_CASE("Diehl & Cook's threshold, theta - 72 mV with theta from 20 mV: V_th below V_reset, the first spike at -52 mV") {
    // Their code (and Brian2's examples/frompapers/Diehl_Cook_2015.py) fires when v > theta - 72 mV,
    // theta starting at 20 mV and decaying toward 0: here V_th -72 with an initial theta of 20,
    // which a fixed threshold may not have (V_reset -65 lies above it).
    Cell cell;
    cell.E_L = -65;
    cell.V_reset = -65;
    cell.V_th = -72;
    cell.I_bias = 200;  // V_inf = -45 mV: V climbs from -65 and crosses -52 mV after 21 ms
    cell.tau_theta = 1e7;  // theta stays 20 mV within the run (its decay is tested above)
    auto fixed = population("n", "lif_cond", 1, cell.params());
    CHECK(build_network(scenario(0.1, {fixed})).errors.at(0).text().find("V_reset: must be below V_th with a fixed threshold") !=
          std::string::npos);
    cell.theta_plus = 0.05;
    auto pop = population("n", "lif_cond", 1, cell.params());
    pop.initial["V"] = Distribution::constant(-65.0);
    pop.initial["theta"] = Distribution::constant(20.0);
    auto spec = scenario(0.1, {pop});
    spec.monitors.traces.push_back({"n", {0}});
    auto net = build(spec);
    net->run(400);
    const auto& probe = net->traces().probes().at(0);
    REQUIRE_FALSE(net->spikes().all().empty());
    const std::int64_t first = net->spikes().all().front().step;
    // V rose past -52 mV (plus the little theta lost in the meantime) in that step, not at -72.
    const double theta_before = StateRecorder::sample(probe, static_cast<std::size_t>(first - 1), LifCondPopulation::Theta);
    CHECK(theta_before == doctest::Approx(20.0).epsilon(1e-6));
    CHECK(StateRecorder::sample(probe, static_cast<std::size_t>(first - 1), LifCondPopulation::V) < -72.0 + theta_before);
    CHECK(StateRecorder::sample(probe, static_cast<std::size_t>(first - 2), LifCondPopulation::V) < -52.0);
    // The analytic crossing of -52 mV from -65 mV toward V_inf -45 mV: tau_m ln(20 / 7) = 21.0 ms.
    const double t_cross = cell.C_m / cell.g_L * std::log((-65.0 - -45.0) / (-52.0 - -45.0));
    CHECK(static_cast<double>(first) * 0.1 == doctest::Approx(t_cross).epsilon(0.01));
  }

  TEST_CASE("a theta decay below float resolution per step (tau_theta 1e7 ms) keeps its time constant") {
    // Diehl & Cook 2015's tau_theta = 1e7 ms at dt 0.5 ms: exp(-h / tau) = 1 - 5e-8, under float32's
    // step of 6e-8 near 1. Multiplied every step in float32, theta (15 mV, no spikes) lost 1.9 mV
    // in 1,000 s instead of the exact 1.43 mV.
    Cell cell;
    cell.theta_plus = 0.05;
    cell.tau_theta = 1e7;
    const double dt = 0.5;
    LifCondPopulation pop("n", 1, dt);
    for (const auto& [name, value] : cell.params()) REQUIRE(pop.set_param(name, value.a).empty());
    pop.theta()[0] = 15.0f;
    std::vector<int> fired;
    const std::int64_t steps = 2'000'000;
    double worst = 0.0;
    for (std::int64_t s = 0; s < steps; ++s) {
      pop.evolve(s, fired);
      if ((s + 1) % 100'000 == 0) {
        const double exact = 15.0 * std::exp(-static_cast<double>(s + 1) * dt / cell.tau_theta);
        worst = std::max(worst, std::abs(pop.theta()[0] - exact) / exact);
      }
    }
    CHECK(fired.empty());
    INFO("worst relative error of theta " << worst);
    // Applied every 2,000 steps (1 s), theta lags the exact decay by at most 1e-4 of itself.
    CHECK(worst < 2e-4);
    CHECK(pop.theta()[0] == doctest::Approx(15.0 * std::exp(-1.0e6 / 1e7)).epsilon(2e-4));
  }

  TEST_CASE("the refractory period holds V at V_reset for t_ref") {
    Cell cell;
    cell.I_bias = 400;
    auto pop = population("n", "lif_cond", 1, cell.params());
    auto spec = scenario(0.1, {pop});
    spec.monitors.traces.push_back({"n", {0}});
    auto net = build(spec);
    net->run(2000);
    const auto& probe = net->traces().probes().at(0);
    const auto all = net->spikes().all();
    REQUIRE(all.size() >= 3);
    for (const auto& e : all) {
      const auto s = static_cast<std::size_t>(e.step);
      for (std::size_t k = s; k <= s + 50 && k < StateRecorder::available(probe); ++k)
        CHECK(StateRecorder::sample(probe, k, LifCondPopulation::V) == doctest::Approx(cell.V_reset));
      if (s + 51 < StateRecorder::available(probe)) CHECK(StateRecorder::sample(probe, s + 51, LifCondPopulation::V) > cell.V_reset);
    }
  }

  TEST_CASE("t_lock: no spike within t_lock of the last, while V integrates from t_ref on") {
    Cell cell;
    cell.I_bias = 2000;  // V_inf = +140 mV: without the lock a spike right after each refractory period
    cell.t_ref = 2;
    const double dt = 0.1;
    auto free_spec = scenario(dt, {population("n", "lif_cond", 1, cell.params())});
    auto free_net = build(free_spec);
    free_net->run(2000);
    auto params = cell.params();
    params["t_lock"] = Distribution::constant(20.0);
    auto locked_spec = scenario(dt, {population("n", "lif_cond", 1, params)});
    locked_spec.monitors.traces.push_back({"n", {0}});
    auto locked_net = build(locked_spec);
    locked_net->run(2000);
    std::vector<std::int64_t> steps;
    for (const auto& e : locked_net->spikes().all()) steps.push_back(e.step);
    REQUIRE(steps.size() >= 5);
    // The first step that may fire again is 201 steps on (20 ms locked, then the first step after).
    for (std::size_t k = 1; k < steps.size(); ++k) CHECK(steps[k] - steps[k - 1] == 201);
    CHECK(free_net->total_spikes(0) > 4 * locked_net->total_spikes(0));
    // V rose above threshold during the lock: integration went on after t_ref.
    const auto& probe = locked_net->traces().probes().at(0);
    CHECK(StateRecorder::sample(probe, static_cast<std::size_t>(steps[0] + 100), LifCondPopulation::V) > cell.V_th);
  }

  TEST_CASE("bad parameters are rejected with a message naming them") {
    LifCondPopulation pop("n", 1, 0.1);
    const auto first = [&](std::string_view name, double value) {
      const auto errors = pop.set_param(name, value);
      return errors.empty() ? std::string() : errors.front().param + ": " + errors.front().message;
    };
    CHECK(first("C_m", 0.0).rfind("C_m: must be > 0", 0) == 0);
    CHECK(first("g_L", -1.0).rfind("g_L: must be > 0", 0) == 0);
    CHECK(first("tau_syn_e", 0.0).rfind("tau_syn_e", 0) == 0);
    CHECK(first("tau_theta", 0.0).rfind("tau_theta", 0) == 0);
    CHECK(first("theta_plus", -0.1).rfind("theta_plus", 0) == 0);
    CHECK(first("t_lock", -1.0).rfind("t_lock: must be >= 0", 0) == 0);
    CHECK(first("V_reset", -40.0).rfind("V_reset: must be below V_th with a fixed threshold", 0) == 0);
    CHECK(first("E_inh", 10.0).rfind("E_inh: must be below E_exc", 0) == 0);
    CHECK(first("E_L", std::nan("")) != "");
    CHECK(first("E_exc", 5000.0).find("-1000..1000") != std::string::npos);
    CHECK(first("integrator", 0.5).rfind("integrator: must be 0 (exact) or 1 (forward Euler)", 0) == 0);
    CHECK(first("integrator", 2.0) != "");
    CHECK(first("integrator", 1.0).empty());                                 // tau_syn 0.2 and 2 ms >= dt 0.1 ms
    CHECK(first("tau_syn_e", 0.05).rfind("tau_syn_e: must be at least dt", 0) == 0);  // Euler's factor 1 - h / tau < 0
    CHECK(first("integrator", 0.0).empty());
    CHECK(first("tau_syn_e", 0.05).empty());                                 // the exact decay takes any tau
    CHECK(pop.param("C_m") == 250.0);  // nothing applied
  }
}
