// f-I curves measured by simulation against the LIF's analytic rate (Gerstner, Kistler, Naud &
// Paninski 2014, Neuronal Dynamics, Eq. 1.12 with reset to rest and an absolute refractory time):
//   f(I) = 1 / (t_ref + tau_m ln(R I / (R I - (theta - E_L)))),  R = tau_m / C_m, zero for R I <= theta - E_L,
// and the onset and adapted curves of adapting neurons (Benda & Herz 2003).
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/fi_curve.hpp"
#include "neurosim/lif.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

// A population's descriptors and values with some parameters replaced.
struct Cell {
  std::vector<ParamDesc> descs;
  std::vector<double> values;
};

Cell cell_of(const std::string& model, std::span<const ParamValue> overrides) {
  auto spec = scenario(0.1, {population("n", model, 1)});
  auto net = build(spec);
  const Population& pop = net->population(0);
  Cell c{{pop.param_descs().begin(), pop.param_descs().end()}, {pop.param_values().begin(), pop.param_values().end()}};
  for (const auto& o : overrides) {
    const auto i = pop.param_index(o.name);
    REQUIRE(i.has_value());
    c.values[static_cast<std::size_t>(*i)] = o.value;
  }
  return c;
}

}  // namespace

TEST_SUITE("f-I curve") {
  TEST_CASE("LIF: the analytic f-I curve within one step, zero at and below rheobase") {
    const double tau_m = 10.0, c_m = 250.0, e_l = -65.0, theta = -50.0, t_ref = 2.0;
    const std::array<ParamValue, 5> p{{{"tau_m", tau_m}, {"C_m", c_m}, {"E_L", e_l}, {"V_th", theta}, {"V_reset", e_l}}};
    const Cell cell = cell_of("lif", p);
    const double r = tau_m / c_m;                 // GOhm: mV per pA
    const double rheobase = (theta - e_l) / r;    // 375 pA
    for (const double dt : {0.1, 0.01}) {
      CAPTURE(dt);
      FiOptions options;
      options.dt_ms = dt;
      options.currents = {0.0, 200.0, 374.0, rheobase, 380.0, 400.0, 500.0, 800.0, 1500.0, 3000.0};
      std::vector<double> values = cell.values;
      values[LifPopulation::t_ref] = t_ref;
      const FiCurve curve = measure_fi_curve("lif", cell.descs, values, options);
      REQUIRE(curve.error.empty());
      REQUIRE(curve.points.size() == options.currents.size());
      for (const FiPoint& pt : curve.points) {
        INFO("I = " << pt.current << " pA");
        CHECK(pt.current == options.currents[static_cast<std::size_t>(&pt - curve.points.data())]);
        const double ri = r * pt.current;
        if (ri <= theta - e_l) {
          CHECK(pt.spikes == 0);
          CHECK(pt.steady_rate_hz == 0.0);
          CHECK(std::isnan(pt.first_spike_ms));
          continue;
        }
        const double charge = tau_m * std::log(ri / (ri - (theta - e_l)));  // ms from reset to threshold
        const double period = t_ref + charge;
        REQUIRE(pt.spikes >= 2);
        // On a grid of dt, each interval is the period rounded up to a step: within one step.
        // Plus float precision. The engine keeps V and its propagators as floats: each step may
        // round V by half its last bit, and exp(-dt / tau_m) is off by up to 2^-25; both act on V
        // for about tau_m / dt steps before they decay, so V may be off by
        //   eps_V = (ulp(theta) / 2 + R I 2^-25) tau_m / dt,
        // which moves the threshold crossing by eps_V over the slope there, (R I - (theta - E_L)) /
        // tau_m: a large time only just above rheobase.
        const double ulp = std::fabs(static_cast<double>(std::nextafter(static_cast<float>(theta), 0.0f)) - theta);
        const double eps_v = (0.5 * ulp + ri * std::ldexp(1.0, -25)) * tau_m / dt;
        const double slack = eps_v / ((ri - (theta - e_l)) / tau_m) + 1e-6;
        CHECK(1000.0 / pt.steady_rate_hz >= period - slack);
        CHECK(1000.0 / pt.steady_rate_hz <= period + dt + slack);
        CHECK(1000.0 / pt.initial_rate_hz <= period + dt + slack);
        // The first spike, from rest and without a refractory period before it.
        CHECK(pt.first_spike_ms >= charge - slack);
        CHECK(pt.first_spike_ms <= charge + dt + slack);
        if (pt.current >= 500.0) CHECK(slack < dt);  // away from rheobase: within a step more
      }
      // Above rheobase the curve rises.
      for (std::size_t k = 5; k < curve.points.size(); ++k)
        CHECK(curve.points[k].steady_rate_hz > curve.points[k - 1].steady_rate_hz);
    }
  }

  TEST_CASE("AdEx adapting: the onset curve lies above the adapted curve; transient firing has no steady rate") {
    const FiringPattern* adapting = find_firing_pattern("adapting");
    REQUIRE(adapting != nullptr);
    const Cell cell = cell_of("adex", adapting->params);
    FiOptions options;
    options.currents = linspace(300.0, 800.0, 6);
    options.max_duration_ms = 1500.0;
    const FiCurve curve = measure_fi_curve("adex", cell.descs, cell.values, options);
    REQUIRE(curve.error.empty());
    for (const FiPoint& pt : curve.points) {
      INFO("I = " << pt.current);
      if (pt.spikes < 3) continue;
      CHECK(pt.initial_rate_hz > 2.0 * pt.steady_rate_hz);
      CHECK(pt.steady_rate_hz > 0.0);
    }
    CHECK(curve.points.back().steady_rate_hz > curve.points.front().steady_rate_hz);

    const FiringPattern* transient = find_firing_pattern("transient");
    REQUIRE(transient != nullptr);
    const Cell tcell = cell_of("adex", transient->params);
    FiOptions one;
    one.currents = {transient->current};
    const FiCurve t = measure_fi_curve("adex", tcell.descs, tcell.values, one);
    REQUIRE(t.points.size() == 1);
    CHECK(t.points[0].spikes >= 1);
    CHECK(t.points[0].steady_rate_hz == 0.0);
    CHECK(t.simulated_ms == doctest::Approx(one.max_duration_ms));
  }

  TEST_CASE("early stop: a tonic neuron is measured in less than the longest time") {
    const FiringPattern* tonic = find_firing_pattern("tonic");
    REQUIRE(tonic != nullptr);
    const Cell cell = cell_of("adex", tonic->params);
    FiOptions options;
    options.currents = {0.0, 500.0, 800.0};
    options.target_intervals = 10;
    const FiCurve curve = measure_fi_curve("adex", cell.descs, cell.values, options);
    REQUIRE(curve.error.empty());
    CHECK(curve.simulated_ms >= options.min_duration_ms);
    CHECK(curve.simulated_ms < options.max_duration_ms);
    CHECK(curve.points[0].spikes == 0);
    CHECK(curve.points[1].spikes > 10);
  }

  TEST_CASE("bad input: unknown model, spike source, rejected parameters, no currents") {
    const Cell cell = cell_of("lif", {});
    FiOptions options;
    options.currents = {100.0};
    CHECK(measure_fi_curve("hodgkin", {}, {}, options).error.find("hodgkin") != std::string::npos);
    CHECK(measure_fi_curve("poisson", {}, {}, options).error.find("spike source") != std::string::npos);
    std::vector<double> bad = cell.values;
    bad[LifPopulation::tau_m] = 0.0;
    const FiCurve rejected = measure_fi_curve("lif", cell.descs, bad, options);
    CHECK(rejected.points.empty());
    CHECK(rejected.error.find("tau_m") != std::string::npos);
    CHECK(measure_fi_curve("lif", cell.descs, cell.values, FiOptions{}).error == "no currents to measure");
  }

  TEST_CASE("current-step protocol: spikes only during the step, more for larger steps") {
    const Cell cell = cell_of("lif", {});
    StepProtocol protocol;
    protocol.amplitudes = {0.0, 400.0, 800.0};
    protocol.start_ms = 100.0;
    protocol.stop_ms = 400.0;
    protocol.duration_ms = 500.0;
    const ScenarioSpec spec = current_step_scenario("lif", cell.descs, cell.values, protocol);
    REQUIRE(spec.monitors.traces.size() == 1);
    CHECK(spec.monitors.traces[0].neurons.size() == 3);
    auto net = build(spec);
    net->run(static_cast<std::int64_t>(std::lround(protocol.duration_ms / spec.dt_ms)));
    CHECK(spike_times(*net, 0, 0).empty());
    const auto t1 = spike_times(*net, 0, 1), t2 = spike_times(*net, 0, 2);
    REQUIRE_FALSE(t1.empty());
    CHECK(t2.size() > t1.size());
    for (const auto* t : {&t1, &t2})
      for (const double x : *t) {
        CHECK(x > protocol.start_ms);
        CHECK(x <= protocol.stop_ms + spec.dt_ms);
      }
  }
}
