// A projection's live controls (commands.hpp SetProjection; the scenario's weight_scale and
// enabled): each applies from the next step, a refused value changes nothing, and weight_scale is
// a gain at delivery (the stored weights, learned ones included, are not rescaled).
#include <doctest/doctest.h>

#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/lif_delta.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

// A lif_delta source neuron that we make fire, projecting with weight 2 mV and a 1 ms delay onto a
// lif_delta target (a jump of 2 mV per spike; far from threshold).
std::unique_ptr<Network> pair_network(double weight_scale = 1.0) {
  std::map<std::string, Distribution> params{{"E_L", Distribution::constant(0.0)}, {"V_th", Distribution::constant(20.0)},
                                             {"V_reset", Distribution::constant(0.0)}, {"t_ref", Distribution::constant(0.0)}, {"tau_m", Distribution::constant(1e6 / 1e4)}};
  auto spec = scenario(kDt, {population("src", "lif_delta", 1, params), population("dst", "lif_delta", 1, params)});
  auto p = projection("src", "dst", ConnectivitySpec::Rule::AllToAll, Distribution::constant(2.0), Distribution::constant(1.0));
  p.name = "sd";
  p.weight_scale = weight_scale;
  spec.projections.push_back(p);
  auto built = build_network(spec);
  for (const auto& e : built.errors) FAIL_CHECK(e.text());
  REQUIRE(built.network);
  return std::move(built.network);
}

// Makes the source fire in the next step, then runs until its spike has arrived (11 steps) and
// returns the target's jump.
float fire_and_measure(Network& net) {
  const float before = net.population(1).state(LifDeltaPopulation::V)[0];
  const_cast<Population&>(net.population(0)).input().exc(net.step_index())[0] += 50.0f;
  net.run(11);
  return net.population(1).state(LifDeltaPopulation::V)[0] - before * static_cast<float>(std::exp(-11 * kDt / 100.0));
}

}  // namespace

TEST_SUITE("projection controls") {
  TEST_CASE("weight_scale: the scenario field scales every delivered weight") {
    auto plain = pair_network(1.0);
    auto scaled = pair_network(2.5);
    CHECK(fire_and_measure(*plain) == doctest::Approx(2.0).epsilon(1e-4));
    CHECK(fire_and_measure(*scaled) == doctest::Approx(5.0).epsilon(1e-4));
    CHECK(scaled->projection(0).weights()[0] == 2.0f);  // a gain at delivery: the weight itself is kept
    auto bad = scenario(kDt, {population("a", "lif", 1), population("b", "lif", 1)});
    bad.projections.push_back(projection("a", "b", ConnectivitySpec::Rule::AllToAll));
    bad.projections[0].weight_scale = -1.0;
    const auto errors = check_scenario(bad);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text() == "projections[0].weight_scale: must be between 0 and 10000 (got -1)");
  }

  TEST_CASE("SetProjection: weight_scale, enabled, receptor and delay apply from the next step") {
    auto net = pair_network();
    CHECK(fire_and_measure(*net) == doctest::Approx(2.0).epsilon(1e-4));
    REQUIRE(net->submit(SetProjection{0, 3.0}) == "");
    CHECK(net->projection(0).weight_scale() == 1.0f);  // not before the next step
    CHECK(fire_and_measure(*net) == doctest::Approx(6.0).epsilon(1e-4));
    CHECK(net->spec().projections[0].weight_scale == 3.0);  // the scenario follows

    REQUIRE(net->submit(SetProjection{0, std::nullopt, std::nullopt, std::nullopt, false}) == "");
    const auto events = net->synaptic_events();
    CHECK(fire_and_measure(*net) == doctest::Approx(0.0).epsilon(1e-4));
    CHECK(net->synaptic_events() == events);
    CHECK(!net->spec().projections[0].enabled);

    REQUIRE(net->submit(SetProjection{0, 1.0, 2.0, Receptor::Inhibitory, true}) == "");
    // With a 2 ms delay the spike has not arrived after 11 steps, and arrives at step 21.
    CHECK(fire_and_measure(*net) == doctest::Approx(0.0).epsilon(1e-4));
    net->run(10);
    CHECK(net->population(1).state(LifDeltaPopulation::V)[0] > 1.5f);
    CHECK(net->projection(0).receptor() == Receptor::Inhibitory);
    CHECK(net->spec().projections[0].delay_ms->a == 2.0);
  }

  TEST_CASE("SetProjection: refused values name the problem and change nothing") {
    auto net = pair_network();
    CHECK(net->submit(SetProjection{0, -0.5}) == "sd: weight_scale must be between 0 and 10000 (got -0.5)");
    CHECK(net->submit(SetProjection{0, std::nan("")}) == "sd: weight_scale must be between 0 and 10000 (got NaN)");
    CHECK(net->submit(SetProjection{0, 1e9}) == "sd: weight_scale must be between 0 and 10000 (got 1e+09)");
    CHECK(net->submit(SetProjection{0, std::nullopt, -1.0}) == "sd: delay_ms must be a finite number >= 0 (got -1)");
    CHECK(net->submit(SetProjection{0, std::nullopt, 1e6}).find("steps of dt") != std::string::npos);
    CHECK(net->submit(SetProjection{3, 1.0}) == "no projection 3");
    CHECK(!net->has_pending_commands());
    CHECK(fire_and_measure(*net) == doctest::Approx(2.0).epsilon(1e-4));
  }

  TEST_CASE("weight_scale multiplies learned weights too") {
    // A plastic projection: whatever STDP has made of a weight, a spike delivers scale x w.
    auto spec = scenario(kDt, {population("src", "lif_delta", 1, {{"V_th", Distribution::constant(-20.0)}}),
                               population("dst", "lif", 1)});
    auto p = projection("src", "dst", ConnectivitySpec::Rule::AllToAll, Distribution::constant(3.0), Distribution::constant(1.0));
    p.plasticity = PlasticitySpec{"stdp", {{"w_max", 10.0}}};
    spec.projections.push_back(p);
    auto built = build_network(spec);
    REQUIRE(built.network);
    Network& net = *built.network;
    auto& w = const_cast<Projection&>(net.projection(0));
    w.weights()[0] = 7.0f;  // as if learned
    REQUIRE(net.submit(SetProjection{0, 0.5}) == "");
    const_cast<Population&>(net.population(0)).input().exc(0)[0] += 100.0f;
    net.run(11);
    CHECK(net.population(1).state(LifPopulation::I_syn_e)[0] == doctest::Approx(0.5 * net.projection(0).weights()[0]).epsilon(1e-4));
  }
}
