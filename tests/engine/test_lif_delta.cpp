// LIF with delta synapses (lif_delta.hpp) against NEST iaf_psc_delta's definition (models/
// iaf_psc_delta.h: exact decay, a spike of weight J makes V jump by J mV, refractory neurons
// ignore input) and Campbell's theorem for its external Poisson drive.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "engine/spec_helpers.hpp"
#include "neurosim/connectivity.hpp"
#include "neurosim/lif_delta.hpp"
#include "neurosim/model_registry.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

Distribution c(double v) { return Distribution::constant(v); }

// Brunel's neuron: E_L 0, theta 20 mV, V_r 10 mV, tau 20 ms, tau_rp 2 ms.
std::map<std::string, Distribution> brunel_neuron() {
  return {{"tau_m", c(20.0)}, {"E_L", c(0.0)}, {"V_th", c(20.0)}, {"V_reset", c(10.0)}, {"t_ref", c(2.0)}, {"C_m", c(250.0)}};
}

float v_of(const Network& net, int pop, int neuron = 0) { return net.population(pop).state(LifDeltaPopulation::V)[neuron]; }

}  // namespace

TEST_SUITE("lif_delta") {
  TEST_CASE("lif_delta: V relaxes exactly under a constant current") {
    auto params = brunel_neuron();
    params["I_bias"] = c(200.0);  // R I = (20 / 250) * 200 = 16 mV, below threshold
    auto built = build_network(scenario(kDt, {population("n", "lif_delta", 1, params)}));
    REQUIRE(built.network);
    for (int k = 1; k <= 1000; ++k) {
      built.network->step();
      if (k % 100 == 0) {
        INFO(k);
        CHECK(v_of(*built.network, 0) == doctest::Approx(16.0 * (1.0 - std::exp(-k * kDt / 20.0))).epsilon(1e-5));
      }
    }
    CHECK(built.network->total_spikes(0) == 0);
  }

  TEST_CASE("lif_delta: a spike of weight J makes V jump by J mV; refractory neurons ignore input") {
    // A source neuron driven to fire at a known step sends J = 5 mV with a 1 ms delay.
    auto spec = scenario(kDt, {population("src", "lif_delta", 1, brunel_neuron()), population("n", "lif_delta", 1, brunel_neuron())});
    spec.projections.push_back(projection("src", "n", ConnectivitySpec::Rule::AllToAll, c(5.0), c(1.0)));
    auto built = build_network(spec, {RecordMode::Full});
    REQUIRE(built.network);
    Network& net = *built.network;
    // Step 0: a 25 mV jump into the source (straight into its input slot) makes it fire at step 0.
    const_cast<Population&>(net.population(0)).input().exc(0)[0] += 25.0f;
    net.step();
    REQUIRE(net.last_spikes(0).size() == 1);
    net.run(9);
    CHECK(v_of(net, 1) == 0.0f);  // not yet: it arrives at step 0 + 10
    net.step();                   // step 10
    CHECK(v_of(net, 1) == doctest::Approx(5.0));
    net.step();
    CHECK(v_of(net, 1) == doctest::Approx(5.0 * std::exp(-kDt / 20.0)).epsilon(1e-6));

    // Refractoriness: make n fire, then a jump arriving within t_ref = 2 ms is lost.
    const_cast<Population&>(net.population(1)).input().exc(net.step_index())[0] += 30.0f;
    net.step();
    REQUIRE(net.last_spikes(1).size() == 1);
    CHECK(v_of(net, 1) == 10.0f);
    const_cast<Population&>(net.population(1)).input().exc(net.step_index() + 5)[0] += 8.0f;  // 0.6 ms after the spike
    net.run(20);  // the refractory period (20 steps) ends
    CHECK(v_of(net, 1) == 10.0f);
    net.step();  // free again: decays from V_reset, without the lost 8 mV
    CHECK(v_of(net, 1) == doctest::Approx(10.0 * std::exp(-kDt / 20.0)).epsilon(1e-6));
    const_cast<Population&>(net.population(1)).input().exc(net.step_index())[0] += 3.0f;  // accepted now
    net.step();
    CHECK(v_of(net, 1) == doctest::Approx(10.0 * std::exp(-2 * kDt / 20.0) + 3.0).epsilon(1e-6));
  }

  TEST_CASE("lif_delta: the external Poisson drive has Campbell's mean and variance") {
    // Shot noise of rate nu and jump J on a leaky membrane sampled every step: after the start
    // transient, V has mean J nu dt / (1 - a) and variance J^2 nu dt / (1 - a^2), a = exp(-dt/tau)
    // (Campbell's theorem for the discrete-time filter; -> J nu tau and J^2 nu tau / 2 as dt -> 0).
    auto params = brunel_neuron();
    params["V_th"] = c(1e6);  // no spikes: the free membrane
    params["nu_ext"] = c(20000.0);
    params["J_ext"] = c(0.1);
    auto built = build_network(scenario(kDt, {population("n", "lif_delta", 2000, params)}));
    REQUIRE(built.network);
    built.network->run(3000);  // 150 ms: 7.5 tau
    const float* v = built.network->population(0).state(LifDeltaPopulation::V);
    const double mean = std::accumulate(v, v + 2000, 0.0) / 2000.0;
    double var = 0;
    for (int i = 0; i < 2000; ++i) var += (v[i] - mean) * (v[i] - mean);
    var /= 1999.0;
    const double a = std::exp(-kDt / 20.0), lambda = 20000.0 * kDt / 1000.0;
    CHECK(mean == doctest::Approx(0.1 * lambda / (1.0 - a)).epsilon(0.01));             // 40.1 mV; SE 0.03 mV
    CHECK(var == doctest::Approx(0.01 * lambda / (1.0 - a * a)).epsilon(0.1));          // 2.0 mV^2; SE 3%
  }

  TEST_CASE("lif_delta: parameters are validated with messages") {
    auto pop = make_population("lif_delta", "d", 1, kDt, 1, 2);
    REQUIRE(pop);
    CHECK(pop->set_param("tau_m", 0.0).at(0).message == "must be > 0 (got 0)");
    CHECK(pop->set_param("V_reset", -50.0).at(0).message == "must be below V_th (got -50 >= -55)");
    CHECK(pop->set_param("nu_ext", -1.0).at(0).message == "must be >= 0 (got -1)");
    CHECK(pop->set_param("nu_ext", 1e12).at(0).param == "nu_ext");
    CHECK(pop->set_param("J_ext", std::nan("")).at(0).message == "must be a finite number (got NaN)");
    CHECK(pop->set_param("nu_ext", 9000.0).empty());
  }
}

TEST_SUITE("connectivity") {
  TEST_CASE("fixed_indegree: every post neuron gets exactly K distinct sources, no autapses") {
    Rng rng(7, 3);
    const CsrStructure s = connect_fixed_indegree(200, 150, 40, false, rng);
    std::vector<int> indegree(150, 0);
    for (int i = 0; i < 200; ++i) {
      for (auto k = s.row_ptr[static_cast<std::size_t>(i)]; k < s.row_ptr[static_cast<std::size_t>(i) + 1]; ++k) {
        const int j = s.col[static_cast<std::size_t>(k)];
        ++indegree[static_cast<std::size_t>(j)];
        CHECK(j != i);
        if (k > s.row_ptr[static_cast<std::size_t>(i)]) CHECK(s.col[static_cast<std::size_t>(k) - 1] < j);  // sorted, so distinct
      }
    }
    for (int j = 0; j < 150; ++j) CHECK(indegree[static_cast<std::size_t>(j)] == 40);
    // The sources are spread over the pre population (each pre neuron expects 30 targets).
    int busiest = 0;
    for (int i = 0; i < 200; ++i) busiest = std::max<int>(busiest, static_cast<int>(s.row_ptr[static_cast<std::size_t>(i) + 1] - s.row_ptr[static_cast<std::size_t>(i)]));
    CHECK(busiest < 60);
  }

  TEST_CASE("fixed_indegree: an in-degree above the possible sources is refused, and growth is refused") {
    auto spec = scenario(kDt, {population("a", "lif_delta", 10, {}), population("b", "lif_delta", 5, {})});
    auto p = projection("a", "a", ConnectivitySpec::Rule::FixedIndegree);
    p.connectivity.indegree = 10;  // 9 sources without autapses
    spec.projections.push_back(p);
    const auto errors = check_scenario(spec);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text() == "projections[0].connectivity.indegree: must be between 0 and the 9 possible sources (got 10)");
    spec.projections[0].connectivity.indegree = 9;
    auto built = build_network(spec);
    REQUIRE(built.network);
    CHECK(built.network->projection(0).synapse_count() == 90);
    CHECK(built.network->submit(AddNeurons{0, 1}) ==
          "projection a->a has a fixed in-degree, which new neurons would change: use fixed_probability to grow");
  }
}
