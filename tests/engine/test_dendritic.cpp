// Dendritic input compartments on an AdEx soma (dendritic.hpp). References: the attenuation
// factors themselves (a distal PSP is the proximal one scaled by att_dist / att_prox), the LIF's
// exact PSP (Rotter & Diesmann 1999) in the Delta_T = 0, a = 0 limit, and the charge a compartment
// delivers (its PSP's area is att * w * tau / (g_L + a) for the linear subthreshold dynamics).
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/dendritic.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

using Params = std::map<std::string, double>;

std::map<std::string, Distribution> dist(const Params& p) {
  std::map<std::string, Distribution> out;
  for (const auto& [k, v] : p) out[k] = Distribution::constant(v);
  return out;
}

constexpr double kDt = 0.1;
constexpr std::size_t kArrival = 101;  // the input fires in step 100 and arrives after one step

// One input spike at 10 ms onto two identical dendritic neurons: population "prox" receives it
// on receptor exc (proximal compartment), population "dist" on receptor inh (distal compartment).
// A third, "ctrl", receives nothing: its V is the baseline (the resting potential lies slightly
// above E_L because of the exponential term, and the neuron starts at E_L).
std::unique_ptr<Network> rig(const Params& p, double weight, double t_ms = 200.0) {
  auto spec = scenario(kDt, {population("in", "if", 1, {{"V_th", Distribution::constant(1.0)}}),
                             population("prox", "dendritic", 1, dist(p)), population("dist", "dendritic", 1, dist(p)),
                             population("ctrl", "dendritic", 1, dist(p))});
  spec.stimuli.push_back(current("in", 1e6, 10.0, 10.0 + kDt));
  auto to_prox = projection("in", "prox", ConnectivitySpec::Rule::OneToOne, Distribution::constant(weight),
                            Distribution::constant(kDt));
  to_prox.receptor = Receptor::Excitatory;
  auto to_dist = projection("in", "dist", ConnectivitySpec::Rule::OneToOne, Distribution::constant(weight),
                            Distribution::constant(kDt));
  to_dist.receptor = Receptor::Inhibitory;
  spec.projections = {to_prox, to_dist};
  spec.monitors.traces.push_back({"prox", {0}});
  spec.monitors.traces.push_back({"dist", {0}});
  spec.monitors.traces.push_back({"ctrl", {0}});
  auto net = build(spec);
  net->run(static_cast<std::int64_t>(std::lround(t_ms / kDt)));
  return net;
}

struct Psp {
  double peak = 0.0;       // largest |V - E_L|, signed
  double peak_time = 0.0;  // ms after arrival
  double area = 0.0;       // integral of V - E_L (mV ms)
};

// The PSP of probe `which` (0 proximal, 1 distal) against the control neuron.
Psp psp(const Network& net, std::size_t which) {
  const auto& probe = net.traces().probes().at(which);
  const auto& ctrl = net.traces().probes().at(2);
  Psp out;
  for (std::size_t i = kArrival; i < StateRecorder::available(probe); ++i) {
    const double dv = StateRecorder::sample(probe, i, DendriticPopulation::V) -
                      static_cast<double>(StateRecorder::sample(ctrl, i, DendriticPopulation::V));
    if (std::fabs(dv) > std::fabs(out.peak)) {
      out.peak = dv;
      out.peak_time = static_cast<double>(i - kArrival) * kDt;
    }
    out.area += dv * kDt;
  }
  return out;
}

}  // namespace

TEST_SUITE("dendritic") {
  TEST_CASE("a distal input gives the proximal PSP scaled by the attenuation factor (equal time constants)") {
    for (const double weight : {200.0, -200.0}) {  // excitation and inhibition alike
      CAPTURE(weight);
      const Params p{{"tau_prox", 2.0}, {"tau_dist", 2.0}, {"att_prox", 1.0}, {"att_dist", 0.5}};
      auto net = rig(p, weight);
      const auto prox = psp(*net, 0);
      const auto distal = psp(*net, 1);
      INFO("proximal peak " << prox.peak << " mV, distal peak " << distal.peak << " mV");
      CHECK(std::fabs(prox.peak) > 0.3);
      CHECK(prox.peak * weight > 0.0);
      CHECK(distal.peak / prox.peak == doctest::Approx(0.5).epsilon(0.01));
      CHECK(distal.peak_time == doctest::Approx(prox.peak_time));
      // Each input reached its own compartment only.
      const auto& tp = net->traces().probes().at(0);
      const auto& td = net->traces().probes().at(1);
      CHECK(StateRecorder::sample(tp, kArrival, DendriticPopulation::I_prox) == doctest::Approx(weight));
      CHECK(StateRecorder::sample(tp, kArrival, DendriticPopulation::I_dist) == 0.0f);
      CHECK(StateRecorder::sample(td, kArrival, DendriticPopulation::I_dist) == doctest::Approx(weight));
      CHECK(StateRecorder::sample(td, kArrival, DendriticPopulation::I_prox) == 0.0f);
    }
  }

  TEST_CASE("Delta_T = 0, a = 0: each compartment gives the LIF's exact PSP times its attenuation") {
    // V - E_L = att w / C * tau_m tau_s / (tau_s - tau_m) (exp(-s/tau_s) - exp(-s/tau_m)).
    const Params p{{"Delta_T", 0.0}, {"a", 0.0}, {"V_reset", -75.0}, {"tau_prox", 2.0}, {"tau_dist", 5.0},
                   {"att_prox", 0.9}, {"att_dist", 0.4}};
    const double w = 300.0;
    auto net = rig(p, w);
    DendriticPopulation ref("n", 1, kDt);
    const double c = ref.param("C"), tau_m = c / ref.param("g_L"), e_l = ref.param("E_L");
    for (const auto& [probe, tau_s, att] : {std::tuple{0, 2.0, 0.9}, std::tuple{1, 5.0, 0.4}}) {
      CAPTURE(tau_s);
      const auto& tr = net->traces().probes().at(static_cast<std::size_t>(probe));
      double peak = 0.0, worst = 0.0;
      for (std::size_t n = 0; n < 1000; ++n) {
        const double s = static_cast<double>(n) * kDt;
        const double expected = att * w / c * tau_m * tau_s / (tau_s - tau_m) * (std::exp(-s / tau_s) - std::exp(-s / tau_m));
        peak = std::max(peak, expected);
        worst = std::max(worst, std::fabs(StateRecorder::sample(tr, kArrival + n, DendriticPopulation::V) - e_l - expected));
      }
      INFO("peak " << peak << " mV, worst error " << worst << " mV");
      CHECK(worst < 2e-4 * peak);  // measured below 6e-5 of the peak
    }
  }

  TEST_CASE("default compartments: the distal PSP is smaller, later, and carries att tau of the charge") {
    // Defaults: tau_prox 2 ms, tau_dist 3 ms, att_prox 1, att_dist 0.5. For the linear subthreshold
    // dynamics (the exponential term adds 1e-3 nS at rest) the area under a PSP is the charge
    // att w tau over the steady conductance g_L + a (adaptation included: C dV/dt and tau_w dw/dt
    // integrate to zero), so the areas are in the ratio (0.5 * 3) / (1 * 2) = 0.75. The window
    // covers the slow undershoot of the adaptation (time constant about 130 ms) 15 times over.
    auto net = rig({}, 200.0, 2000.0);
    DendriticPopulation ref("n", 1, kDt);
    const auto prox = psp(*net, 0);
    const auto distal = psp(*net, 1);
    INFO("peaks " << prox.peak << " / " << distal.peak << " mV at " << prox.peak_time << " / " << distal.peak_time
                  << " ms; areas " << prox.area << " / " << distal.area << " mV ms");
    CHECK(distal.peak < 0.8 * prox.peak);
    CHECK(distal.peak_time > prox.peak_time);
    CHECK(distal.area / prox.area == doctest::Approx(0.75).epsilon(0.01));
    const double expected_area = 200.0 * 2.0 / (ref.param("g_L") + ref.param("a"));  // pA ms / nS = mV ms
    CHECK(prox.area == doctest::Approx(expected_area).epsilon(0.002));  // measured 3e-5
  }

  TEST_CASE("the soma is the AdEx: the same spike steps as model adex under the same drive") {
    const Params soma{{"C", 200.0}, {"g_L", 12.0}, {"E_L", -70.0}, {"V_T", -50.0}, {"Delta_T", 2.0}, {"a", 2.0},
                      {"tau_w", 300.0}, {"b", 60.0}, {"V_reset", -58.0}, {"V_peak", 0.0}, {"I_bias", 500.0}};
    auto spec = scenario(kDt, {population("d", "dendritic", 1, dist(soma)), population("a", "adex", 1, dist(soma))});
    check_same_spike_steps(spec, 5000, 5);
  }

  TEST_CASE("parameter validation names the problem") {
    DendriticPopulation pop("n", 1, 0.1);
    auto e = pop.set_param("att_dist", 1.5);
    REQUIRE(e.size() == 1);
    CHECK(e[0].param == "att_dist");
    CHECK(e[0].message == "must be between 0 and 1 (got 1.5)");
    CHECK(pop.set_param("att_prox", -0.1)[0].message == "must be between 0 and 1 (got -0.1)");
    CHECK(pop.set_param("tau_dist", 0.0)[0].message == "must be > 0 (got 0)");
    CHECK(pop.set_param("tau_prox", -2.0)[0].message == "must be > 0 (got -2)");
    CHECK(pop.set_param("C", 0.0)[0].message == "must be > 0 (got 0)");
    CHECK(pop.set_param("V_reset", 10.0)[0].message == "must be below V_peak (got 10 >= 0)");
    CHECK(pop.set_param("att_dist", 0.0).empty());  // a silent compartment is legal
    CHECK(pop.param("att_dist") == 0.0);
  }
}
