// Synaptic delays, PSC shape and connectivity rules.
#include <cmath>
#include <set>

#include "engine/spec_helpers.hpp"
#include "neurosim/connectivity.hpp"
#include "neurosim/lif.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

// A pre neuron made to fire exactly once at `spike_ms` (a huge one-step current into an IF
// neuron), projecting onto a LIF neuron whose synaptic current is traced.
ScenarioSpec one_spike_scenario(double dt, double spike_ms, Distribution delay, double weight, double tau_syn) {
  auto spec = scenario(dt, {population("pre", "if", 1, {{"V_th", Distribution::constant(1.0)}, {"t_ref", Distribution::constant(1000.0)}}),
                            population("post", "lif", 1, {{"tau_syn_e", Distribution::constant(tau_syn)}})});
  spec.stimuli.push_back(current("pre", 1e6, spike_ms, spike_ms + dt));
  spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::OneToOne, Distribution::constant(weight), delay));
  spec.monitors.traces.push_back({"post", {0}});
  return spec;
}

}  // namespace

TEST_SUITE("projection") {
  TEST_CASE("a spike sent at step t arrives at step t + delay exactly") {
    for (const double delay_ms : {0.1, 0.5, 1.0, 2.3, 7.0}) {
      const double dt = 0.1;
      auto net = build(one_spike_scenario(dt, 5.0, Distribution::constant(delay_ms), 100.0, 2.0));
      net->run(200);
      const auto sent = spike_times(*net, 0, 0);
      REQUIRE(sent.size() == 1);
      const auto t_step = std::lround(sent[0] / dt);
      CHECK(t_step == 50);
      const auto arrival = t_step + std::lround(delay_ms / dt);
      const auto& probe = net->traces().probes().at(0);
      INFO("delay " << delay_ms);
      CHECK(StateRecorder::sample(probe, static_cast<std::size_t>(arrival - 1), LifPopulation::I_syn_e) == 0.0f);
      CHECK(StateRecorder::sample(probe, static_cast<std::size_t>(arrival), LifPopulation::I_syn_e) == doctest::Approx(100.0));
    }
  }

  TEST_CASE("the PSC decays as exp(-t / tau_syn)") {
    const double dt = 0.1, tau = 5.0;
    auto net = build(one_spike_scenario(dt, 1.0, Distribution::constant(1.0), 50.0, tau));
    net->run(600);
    const auto& probe = net->traces().probes().at(0);
    const std::size_t arrival = 20;  // spike at step 10, delay 10 steps
    for (std::size_t k = 0; k < 500; k += 25) {
      INFO("k = " << k);
      CHECK(StateRecorder::sample(probe, arrival + k, LifPopulation::I_syn_e) ==
            doctest::Approx(50.0 * std::exp(-static_cast<double>(k) * dt / tau)).epsilon(1e-5));
    }
  }

  TEST_CASE("per-synapse delays: each synapse delivers at its own step") {
    const double dt = 0.1;
    auto spec = scenario(dt, {population("pre", "if", 1, {{"V_th", Distribution::constant(1.0)}, {"t_ref", Distribution::constant(1000.0)}}),
                              population("post", "lif", 50)});
    spec.stimuli.push_back(current("pre", 1e6, 0.0, dt));
    spec.projections.push_back(projection("pre", "post", ConnectivitySpec::Rule::AllToAll, Distribution::constant(10.0),
                                          Distribution::uniform(0.1, 3.0)));
    for (int n = 0; n < 50; ++n) spec.monitors.traces.push_back({"post", {n}});
    auto net = build(spec);
    net->run(100);
    const Projection& proj = net->projection(0);
    REQUIRE(proj.has_per_synapse_delays());
    for (std::size_t k = 0; k < proj.synapse_count(); ++k) {
      const int post = proj.col()[k];
      const auto& probe = net->traces().probes().at(static_cast<std::size_t>(post));
      const auto d = static_cast<std::size_t>(proj.delay_steps(k));
      INFO("synapse " << k << " delay " << d);
      CHECK(StateRecorder::sample(probe, d - 1, LifPopulation::I_syn_e) == 0.0f);
      CHECK(StateRecorder::sample(probe, d, LifPopulation::I_syn_e) == doctest::Approx(10.0));
    }
  }

  TEST_CASE("fixed probability: mean in-degree within three standard deviations, CSR invariants") {
    Rng rng(42, 7);
    const int pre = 2000, post = 1500;
    const double p = 0.05;
    const auto s = connect_fixed_probability(pre, post, p, true, rng);
    REQUIRE(s.row_ptr.size() == static_cast<std::size_t>(pre) + 1);
    CHECK(s.row_ptr.front() == 0);
    CHECK(s.row_ptr.back() == static_cast<std::int64_t>(s.col.size()));
    std::vector<int> in_degree(post, 0);
    for (int i = 0; i < pre; ++i) {
      for (auto k = s.row_ptr[i]; k < s.row_ptr[i + 1]; ++k) {
        REQUIRE(s.col[k] >= 0);
        REQUIRE(s.col[k] < post);
        if (k > s.row_ptr[i]) REQUIRE(s.col[k] > s.col[k - 1]);  // sorted, no duplicates
        ++in_degree[s.col[k]];
      }
    }
    // The mean of `post` binomial(pre, p) in-degrees has sd sqrt(pre p (1-p) / post).
    const double mean = static_cast<double>(s.col.size()) / post;
    const double sd_of_mean = std::sqrt(pre * p * (1 - p) / post);
    CHECK(std::fabs(mean - pre * p) < 3 * sd_of_mean);
    // And the spread of in-degrees is binomial too (within 10%).
    double var = 0;
    for (int d : in_degree) var += (d - mean) * (d - mean);
    var /= post - 1;
    CHECK(var == doctest::Approx(pre * p * (1 - p)).epsilon(0.1));
  }

  TEST_CASE("no autapses unless asked for") {
    Rng rng(1, 1);
    const auto s = connect_fixed_probability(300, 300, 0.5, false, rng);
    for (int i = 0; i < 300; ++i)
      for (auto k = s.row_ptr[i]; k < s.row_ptr[i + 1]; ++k) REQUIRE(s.col[k] != i);
    const auto all = connect_all_to_all(10, 10, false);
    CHECK(all.col.size() == 90);
  }

  TEST_CASE("explicit list keeps each pair's weight") {
    std::vector<std::pair<int, int>> pairs{{2, 0}, {0, 1}, {2, 1}, {0, 0}};
    std::vector<std::size_t> order;
    const auto s = connect_list(3, pairs, order);
    CHECK(s.row_ptr == std::vector<std::int64_t>{0, 2, 2, 4});
    CHECK(s.col == std::vector<std::int32_t>{1, 0, 0, 1});
    CHECK(order == std::vector<std::size_t>{1, 3, 0, 2});
  }

  TEST_CASE("a static synapse costs at most 8 bytes: 2-byte targets up to 65,536 neurons, no weight when all are equal") {
    // {target population size, weights} -> bytes per synapse (projection.hpp).
    const struct {
      int post;
      Distribution weight;
      double bytes;
    } cases[] = {{1000, Distribution::constant(1.0), 2.0},
                 {1000, Distribution::uniform(0.5, 1.0), 6.0},
                 {70000, Distribution::constant(1.0), 4.0},
                 {70000, Distribution::uniform(0.5, 1.0), 8.0}};
    for (const auto& c : cases) {
      INFO("post " << c.post << ", equal weights " << c.weight.is_constant());
      auto spec = scenario(0.1, {population("a", "lif", 100), population("b", "lif", c.post)});
      auto p = projection("a", "b", ConnectivitySpec::Rule::FixedProbability, c.weight);
      p.connectivity.p = 0.01;
      spec.projections.push_back(p);
      auto net = build(spec);
      const auto& proj = net->projection(0);
      REQUIRE(proj.synapse_count() > 0);
      const double per_synapse = static_cast<double>(proj.memory_bytes() - proj.row_ptr().size_bytes()) / proj.synapse_count();
      CHECK(per_synapse == c.bytes);
    }
  }

  TEST_CASE("block average of the weight matrix") {
    auto spec = scenario(0.1, {population("a", "lif", 4), population("b", "lif", 4)});
    spec.projections.push_back(projection("a", "b", ConnectivitySpec::Rule::OneToOne, Distribution::constant(2.0)));
    auto net = build(spec);
    std::vector<float> out;
    float lo = 0, hi = 0;
    net->projection(0).block_average(2, 2, out, lo, hi);
    CHECK(out == std::vector<float>{1.0f, 0.0f, 0.0f, 1.0f});  // two synapses of 2 in each diagonal 2x2 block
    CHECK(lo == 2.0f);
    CHECK(hi == 2.0f);
  }
}
