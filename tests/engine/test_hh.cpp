// Hodgkin-Huxley model (hh.hpp) against the published model: Hodgkin & Huxley 1952 (J. Physiol.
// 117:500-544: resting gate values, spike shape, refractoriness) and the class II onset of
// repetitive firing (Hodgkin 1948's classes; Rinzel & Miller 1980, Math. Biosci. 49:27;
// Izhikevich 2007, Dynamical Systems in Neuroscience, ch. 7), with NEST hh_psc_alpha's units.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "neurosim/hh.hpp"
#include "neurosim/model_registry.hpp"
#include "neurosim/network.hpp"
#include "neurosim/phase_plane.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

std::unique_ptr<Network> build_hh(std::vector<StimulusSpec> stimuli, std::map<std::string, Distribution> params = {},
                                  int size = 1) {
  auto spec = scenario(kDt, {population("hh", "hh", size, std::move(params))});
  spec.stimuli = std::move(stimuli);
  spec.monitors.traces.push_back({"hh", {0}});
  auto built = build_network(spec, {RecordMode::Full});
  for (const auto& e : built.errors) FAIL_CHECK(e.text());
  REQUIRE(built.network);
  return std::move(built.network);
}

// Spike times (ms) of neuron 0.
std::vector<double> spike_times(const Network& net) {
  std::vector<double> t;
  for (const auto& e : net.spikes().all())
    if (e.population == 0 && e.neuron == 0) t.push_back(static_cast<double>(e.step) * kDt);
  return t;
}

// Steady firing rate (Hz) of one neuron under a constant current: the spikes of the last
// `window_ms`, after `warmup_ms`.
double steady_rate(double current_pa, double warmup_ms = 300.0, double window_ms = 1000.0) {
  auto net = build_hh({}, {{"I_bias", Distribution::constant(current_pa)}});
  net->run(std::llround(warmup_ms / kDt));
  const auto before = net->total_spikes(0);
  net->run(std::llround(window_ms / kDt));
  return static_cast<double>(net->total_spikes(0) - before) / (window_ms / 1000.0);
}

}  // namespace

TEST_SUITE("hh") {
  TEST_CASE("hh: the resting state is Hodgkin & Huxley's (V = -65 mV, m = 0.0529, h = 0.5961, n = 0.3177)") {
    // HH 1952 Table / NEST's initial gates: the steady states of the rate functions at rest.
    CHECK(hh_m_inf(-65.0) == doctest::Approx(0.0529).epsilon(0.005));
    CHECK(hh_h_inf(-65.0) == doctest::Approx(0.5961).epsilon(0.002));
    CHECK(hh_n_inf(-65.0) == doctest::Approx(0.3177).epsilon(0.002));
    // The removable singularities take their limits (alpha_m(-40) = 1, alpha_n(-55) = 0.1).
    CHECK(hh_rates(-40.0).alpha_m == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(hh_rates(-55.0).alpha_n == doctest::Approx(0.1).epsilon(1e-6));
    CHECK(hh_rates(-40.0 + 1e-3).alpha_m == doctest::Approx(1.0).epsilon(1e-3));
    // E_L = -54.402 mV balances the channels at -65 mV: without input V stays there.
    auto net = build_hh({});
    net->run(2000);
    const Population& p = net->population(0);
    CHECK(p.state(HhPopulation::V)[0] == doctest::Approx(-65.0).epsilon(0.001));
    CHECK(p.state(HhPopulation::N)[0] == doctest::Approx(0.3177).epsilon(0.003));
    CHECK(net->total_spikes(0) == 0);
  }

  TEST_CASE("hh: an action potential overshoots above +20 mV and undershoots below rest") {
    // A 1 ms pulse of 2000 pA (20 mV of charge on 100 pF) from rest: one spike.
    auto net = build_hh({current("hh", 2000.0, 10.0, 11.0)});
    net->run(500);
    const auto& probe = net->traces().probes().at(0);
    double peak = -1e9, trough = 1e9;
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
      const double v = StateRecorder::sample(probe, i, HhPopulation::V);
      peak = std::max(peak, v);
      if (i * kDt > 20.0) trough = std::min(trough, v);
    }
    INFO("peak " << peak << " mV, trough " << trough << " mV");
    CHECK(peak > 20.0);    // HH 1952 Fig. 12: the computed spike peaks near +40 mV (90-100 mV above rest)
    CHECK(peak < 55.0);    // and never reaches E_Na = 50 mV plus a margin
    CHECK(trough < -70.0); // the potassium undershoot
    CHECK(trough > -77.0); // bounded by E_K
    CHECK(spike_times(*net).size() == 1);
  }

  TEST_CASE("hh: Runge-Kutta substeps converge (h_max 0.01 ms against 0.001 ms)") {
    // The reference is the same equations with ten times finer substeps: spike times under a
    // 1000 pA step agree to within a step over 300 ms.
    auto coarse = build_hh({current("hh", 1000.0, 10.0)});
    auto fine = build_hh({current("hh", 1000.0, 10.0)}, {{"h_max", Distribution::constant(0.001)}});
    CHECK(dynamic_cast<const HhPopulation&>(coarse->population(0)).substeps() == 10);
    CHECK(dynamic_cast<const HhPopulation&>(fine->population(0)).substeps() == 100);
    coarse->run(3000);
    fine->run(3000);
    const auto a = spike_times(*coarse), b = spike_times(*fine);
    REQUIRE(a.size() >= 15);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      INFO(k);
      CHECK(std::fabs(a[k] - b[k]) <= kDt + 1e-9);
    }
  }

  TEST_CASE("hh: refractoriness: a second pulse soon after a spike fails, a later one succeeds") {
    // HH 1952 Part V (refractory period): after a spike the sodium inactivation (h low) and the
    // potassium activation (n high) make the axon inexcitable for a few ms. The 1 ms pulse of
    // 2000 pA that fires the axon from rest does not fire it again 4 ms after the first pulse,
    // but does 30 ms after.
    const auto spikes_with_second_pulse_at = [](double t2) {
      auto net = build_hh({current("hh", 2000.0, 10.0, 11.0), current("hh", 2000.0, 10.0 + t2, 11.0 + t2)});
      net->run(1000);
      return spike_times(*net).size();
    };
    CHECK(spikes_with_second_pulse_at(4.0) == 1);
    CHECK(spikes_with_second_pulse_at(30.0) == 2);
    // And the first pulse alone is suprathreshold only above a threshold (all or none).
    auto weak = build_hh({current("hh", 300.0, 10.0, 11.0)});
    weak->run(500);
    CHECK(weak->total_spikes(0) == 0);
  }

  TEST_CASE("hh: class II excitability: repetitive firing starts at a non-zero rate") {
    // Scanning a constant current in 10 pA steps (as NEST's pynest/examples/hh_psc_alpha.py scans
    // 0-2000 pA in 20 pA steps): below the onset the axon is silent after its first response;
    // at the onset it jumps to tens of Hz. With C_m = 100 pF (1e-4 cm^2 at 1 uF/cm^2), the squid
    // axon's onset near 6 uA/cm^2 (Rinzel & Miller 1980) is near 600 pA.
    double onset = -1.0, onset_rate = 0.0;
    for (double i = 400.0; i <= 900.0; i += 10.0) {
      const double rate = steady_rate(i, 300.0, 500.0);
      if (rate > 0.0) {
        onset = i;
        onset_rate = rate;
        break;
      }
    }
    MESSAGE("onset of repetitive firing: " << onset << " pA at " << onset_rate << " Hz");
    CHECK(onset >= 600.0);
    CHECK(onset <= 700.0);
    CHECK(onset_rate > 40.0);  // a class I neuron would start near 0 Hz
    CHECK(onset_rate < 80.0);
    // Above the onset the rate rises only gently (the HH f-I curve is steep at onset, flat after).
    const double above = steady_rate(onset + 200.0, 300.0, 500.0);
    CHECK(above > onset_rate);
    CHECK(above < 2.0 * onset_rate);
  }

  TEST_CASE("hh: extreme currents keep the state finite and the gates in [0, 1]") {
    for (const double amplitude : {-1e6, -1e5, 1e5, 1e6}) {
      INFO(amplitude);
      auto net = build_hh({current("hh", amplitude, 5.0, 50.0)});
      net->run(1000);  // 50 ms of it, then 50 ms of recovery
      const auto& probe = net->traces().probes().at(0);
      bool finite = true, gates = true;
      for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
        finite = finite && std::isfinite(StateRecorder::sample(probe, i, HhPopulation::V));
        for (const int g : {HhPopulation::M, HhPopulation::H, HhPopulation::N}) {
          const double x = StateRecorder::sample(probe, i, g);
          gates = gates && x >= -1e-3 && x <= 1.0 + 1e-3;
        }
      }
      CHECK(finite);
      CHECK(gates);
    }
  }

  TEST_CASE("hh: parameters are validated with messages") {
    auto pop = make_population("hh", "h", 1, kDt, 0, 0);
    REQUIRE(pop);
    CHECK(pop->set_param("C_m", 0.0).at(0).message == "must be > 0 (got 0)");
    CHECK(pop->set_param("g_Na", -1.0).at(0).message == "must be >= 0 (got -1)");
    CHECK(pop->set_param("E_Na", -90.0).at(0).message == "must be above E_K (got -90 <= -77)");
    CHECK(pop->set_param("h_max", 0.2).at(0).param == "h_max");
    CHECK(pop->set_param("tau_syn_e", std::nan("")).at(0).message == "must be a finite number (got NaN)");
    CHECK(pop->set_param("I_bias", 650.0).empty());
    CHECK(pop->param("I_bias") == 650.0);
  }

  TEST_CASE("hh: synaptic input is a current in pA, as for the LIF") {
    // One input spike of weight w adds w pA to I_syn_e at the end of the step it arrives in,
    // which then decays with tau_syn_e; a strong one (a charge of w tau_syn_e) fires the axon.
    auto spec = scenario(kDt, {population("in", "poisson", 1, {{"rate", Distribution::constant(0.0)}}),
                               population("hh", "hh", 1, {{"tau_syn_e", Distribution::constant(2.0)}})});
    auto p = projection("in", "hh", ConnectivitySpec::Rule::AllToAll, Distribution::constant(1500.0), Distribution::constant(1.0));
    spec.projections.push_back(p);
    auto built = build_network(spec);
    REQUIRE(built.network);
    Network& net = *built.network;
    // Put a spike in the ring directly as the projection would deliver it (weight at step 5).
    const_cast<Population&>(net.population(1)).input().exc(5)[0] += 1500.0f;
    net.run(6);
    CHECK(net.population(1).state(HhPopulation::I_syn_e)[0] == doctest::Approx(1500.0));
    net.run(1);
    CHECK(net.population(1).state(HhPopulation::I_syn_e)[0] == doctest::Approx(1500.0 * std::exp(-kDt / 2.0)).epsilon(1e-5));
    net.run(200);
    CHECK(net.total_spikes(1) == 1);
  }
}

TEST_SUITE("hh") {
  TEST_CASE("hh: the reduced (V, n) phase plane rests at the full model's rest and loses it to a focus (class II)") {
    // Reduced HH (m = m_inf(V), h = 0.89 - 1.1 n; Izhikevich 2007 ch. 5). Without input the
    // nullclines cross once, near the full model's rest (-65 mV, n = 0.3177), a stable point;
    // a strong current turns it into an unstable focus (a Hopf bifurcation: firing starts at a
    // non-zero frequency), and the n-nullcline is the full model's n_inf.
    auto pop = make_population("hh", "h", 1, kDt, 0, 0);
    REQUIRE(pop);
    const auto rest = PhasePlane::for_model("hh", pop->param_descs(), pop->param_values(), 0.0);
    REQUIRE(rest);
    CHECK(rest->y_name() == "n");
    CHECK(rest->y_nullcline(-65.0) == doctest::Approx(hh_n_inf(-65.0)));
    const auto fp = rest->fixed_points(-76.0, 45.0);
    REQUIRE(fp.size() == 1);
    CHECK(fp[0].at.x == doctest::Approx(-65.0).epsilon(0.03));
    CHECK(fp[0].stable());
    // On the V-nullcline dV/dt vanishes.
    const double n0 = rest->x_nullcline(-60.0);
    CHECK(std::fabs(rest->velocity({-60.0, n0}).dx) < 1e-6);
    // Raising I: the single fixed point first loses stability as a focus (complex eigenvalues
    // crossing: Hopf, class II), not by merging with a saddle (saddle-node: class I).
    double hopf = -1.0;
    FixedPoint::Kind kind = FixedPoint::Kind::StableNode;
    for (double i = 0.0; i <= 3000.0 && hopf < 0.0; i += 10.0) {
      const auto plane = PhasePlane::for_model("hh", pop->param_descs(), pop->param_values(), i);
      const auto f = plane->fixed_points(-76.0, 45.0);
      REQUIRE(f.size() == 1);
      if (!f[0].stable()) {
        hopf = i;
        kind = f[0].kind;
      }
    }
    MESSAGE("reduced HH loses its rest at " << hopf << " pA");
    CHECK(hopf > 0.0);
    CHECK(kind == FixedPoint::Kind::UnstableFocus);
  }
}
