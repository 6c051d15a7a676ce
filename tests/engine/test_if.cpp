// Perfect integrator: from V_reset = 0 a constant current I reaches theta after C theta / I.
#include <cmath>

#include "engine/spec_helpers.hpp"

using namespace neurosim;
using namespace neurosim::test;

TEST_SUITE("if") {
  TEST_CASE("ISI = C theta / I within one step") {
    for (const double current : {50.0, 100.0, 333.0}) {
      const double c = 250.0, theta = 15.0, dt = 0.1;
      auto spec = scenario(dt, {population("n", "if", 1,
                                           {{"C_m", Distribution::constant(c)},
                                            {"V_th", Distribution::constant(theta)},
                                            {"V_reset", Distribution::constant(0.0)},
                                            {"V_rest", Distribution::constant(0.0)}})});
      spec.stimuli.push_back(neurosim::test::current("n", current));
      auto net = build(spec);
      net->run(5000);
      const auto t = spike_times(*net, 0, 0);
      REQUIRE(t.size() >= 3);
      const double isi = c * theta / current;
      INFO("I = " << current << ", expected ISI " << isi);
      for (std::size_t k = 1; k < t.size(); ++k) CHECK(std::fabs((t[k] - t[k - 1]) - isi) <= dt + 1e-9);
    }
  }

  TEST_CASE("no leak: V holds its value without input") {
    auto spec = scenario(0.1, {population("n", "if", 1, {{"V_rest", Distribution::constant(7.0)}})});
    spec.monitors.traces.push_back({"n", {0}});
    auto net = build(spec);
    net->run(1000);
    const auto& probe = net->traces().probes().at(0);
    CHECK(StateRecorder::sample(probe, 999, 0) == doctest::Approx(7.0));
  }
}
