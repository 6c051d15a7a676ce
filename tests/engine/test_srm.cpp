// Spike Response Model against its kernels written out (Masquelier, Guyonneau & Thorpe 2008,
// PLoS ONE 3:e1377, Methods; Gerstner & Kistler 2002, ch. 4 for SRM0).
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/srm.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1, kTauM = 10.0, kTauS = 2.5, kT = 500.0, kK1 = 2.0, kK2 = 4.0;

double eps(double s) {
  const double s_peak = kTauM * kTauS / (kTauM - kTauS) * std::log(kTauM / kTauS);
  const double k = 1.0 / (std::exp(-s_peak / kTauM) - std::exp(-s_peak / kTauS));
  return s < 0 ? 0.0 : k * (std::exp(-s / kTauM) - std::exp(-s / kTauS));
}
double eta(double s) { return kT * (kK1 * std::exp(-s / kTauM) - kK2 * (std::exp(-s / kTauM) - std::exp(-s / kTauS))); }

// An input neuron that fires at the given times, onto one SRM neuron with weight w.
std::unique_ptr<Network> rig(const std::vector<double>& input_ms, double w, double reset_inputs = 1.0) {
  auto spec = scenario(kDt, {population("in", "if", 1, {{"V_th", Distribution::constant(1.0)}}),
                             population("srm", "srm", 1, {{"reset_inputs", Distribution::constant(reset_inputs)}})});
  for (const double t : input_ms) spec.stimuli.push_back(current("in", 1e6, t, t + kDt));
  spec.projections.push_back(projection("in", "srm", ConnectivitySpec::Rule::OneToOne, Distribution::constant(w), Distribution::constant(kDt)));
  spec.monitors.traces.push_back({"srm", {0}});
  return build(spec);
}

}  // namespace

TEST_SUITE("srm") {
  TEST_CASE("an input spike gives the EPSP w K (exp(-s/tau_m) - exp(-s/tau_s)) with peak w") {
    auto net = rig({10.0}, 0.4);
    net->run(1000);
    const auto& probe = net->traces().probes().at(0);
    const std::size_t arrival = 101;  // sent at step 100, one step of delay
    double peak = 0;
    for (std::size_t n = 0; n < 800; ++n) {
      const double u = StateRecorder::sample(probe, arrival + n, SrmPopulation::U);
      peak = std::max(peak, u);
      INFO("s = " << n * kDt);
      CHECK(u == doctest::Approx(0.4 * eps(static_cast<double>(n) * kDt)).epsilon(1e-5).scale(1e-3));
    }
    CHECK(peak == doctest::Approx(0.4).epsilon(1e-3));
    CHECK(net->total_spikes(1) == 0);
  }

  TEST_CASE("a spike is followed by the after-potential eta(s), and earlier EPSPs are discarded") {
    auto net = rig({10.0}, 700.0);  // peak 700 > T = 500
    net->run(1500);
    REQUIRE(net->total_spikes(1) == 1);
    const double t_spike = spike_times(*net, 1, 0).at(0);
    // Threshold is crossed on the rise of the EPSP, where 700 eps(s) first reaches 500.
    double s_cross = 0;
    while (700.0 * eps(s_cross) < kT) s_cross += kDt;
    CHECK(t_spike == doctest::Approx(10.0 + kDt + s_cross));
    const auto& probe = net->traces().probes().at(0);
    const auto spike_step = static_cast<std::size_t>(std::lround(t_spike / kDt));
    for (std::size_t n = 0; n < 500; n += 7) {
      INFO("s = " << n * kDt);
      CHECK(StateRecorder::sample(probe, spike_step + n, SrmPopulation::U) ==
            doctest::Approx(eta(static_cast<double>(n) * kDt)).epsilon(1e-5).scale(1.0));
    }
  }

  TEST_CASE("the refractory period covers the spike's own after-potential; strong drive fires at every chance") {
    auto net = rig({10.0, 30.0}, 700.0);
    net->run(1000);
    CHECK(net->total_spikes(1) == 2);
    auto spec = scenario(kDt, {population("srm", "srm", 1, {{"t_ref", Distribution::constant(2.0)}})});
    auto driven = build(spec);  // no input: never fires
    driven->run(1000);
    CHECK(driven->total_spikes(0) == 0);
  }

  TEST_CASE("inputs within t_ref after a spike start no EPSP (Masquelier's code clamps them); with reset_inputs = 0 they do") {
    // STDPContinuous.c: epspAmplitude = (!refr) * weight. A second input of the same weight
    // arrives 0.5 ms after the spike that the first one caused.
    auto first = rig({10.0}, 700.0);
    first->run(400);
    const double t_spike = spike_times(*first, 1, 0).at(0);
    const double second_sent = t_spike + 0.5 - kDt;  // one step of delay
    for (const double reset : {1.0, 0.0}) {
      INFO("reset_inputs " << reset);
      auto net = rig({10.0, second_sent}, 700.0, reset);
      net->run(1500);
      const auto& probe = net->traces().probes().at(0);
      const auto spike_step = static_cast<std::size_t>(std::lround(t_spike / kDt));
      double largest_gap = 0;  // how far u rises above the after-potential alone
      for (std::size_t n = 0; n < 400; ++n)
        largest_gap = std::max(largest_gap, StateRecorder::sample(probe, spike_step + n, SrmPopulation::U) - eta(static_cast<double>(n) * kDt));
      if (reset == 1.0) {
        CHECK(largest_gap == doctest::Approx(0.0).scale(1e-2));
        CHECK(net->total_spikes(1) == 1);
      } else {
        // The EPSP (peak 700) rides on the after-potential.
        CHECK(largest_gap > 300.0);
      }
    }
  }

  TEST_CASE("parameters are checked") {
    SrmPopulation pop("n", 1, 0.1);
    auto e = pop.set_param("tau_s", 12.0);
    REQUIRE(e.size() == 1);
    CHECK(e[0].message == "must be below tau_m (got 12 >= 10)");
    CHECK(pop.set_param("T", 0.0)[0].message == "must be > 0 (got 0)");
  }
}
