// The learning presets do what their descriptions promise: Song, Miller & Abbott 2000 (bimodal
// weights), Masquelier et al. 2008/2009 (pattern finding), Izhikevich 2007 (distal reward).
// The long runs (masquelier2008 over 450 s and many seeds) are in tests/benchmarks/.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <numeric>
#include <set>

#include "neurosim/experiment.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "sanitizer.hpp"
#include "io/preset_helpers.hpp"
#include "neurosim/reward_task.hpp"

using namespace neurosim;
using test::load_preset;

namespace {

std::unique_ptr<Network> build_live(const ScenarioSpec& spec) {
  auto built = build_network(spec);  // live recording: memory stays flat over long runs
  for (const auto& e : built.errors) FAIL_CHECK(e.text());
  REQUIRE(built.network);
  return std::move(built.network);
}

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// The longest runs (an hour of rstdp, a minute of masquelier2009: a few seconds in a release
// build) take minutes under AddressSanitizer; `make debug-test` skips them (the mechanisms they
// rely on are tested on small networks in tests/engine/).
using test::kSanitized;

}  // namespace

TEST_SUITE("learning presets") {
  TEST_CASE("song2000-stdp: within 100 s the weights split towards 0 and w_max") {
    // Song, Miller & Abbott 2000 (Nat. Neurosci. 3:919), Fig. 2; Brian2 examples/synapses/STDP.py:
    // from a uniform start, additive STDP with depression slightly dominant drives most weights
    // to one bound or the other. Uniform weights would put 10 % in each end tenth.
    const ScenarioSpec spec = load_preset("song2000-stdp");
    auto net = build_live(spec);
    const double w_max = spec.projections[0].plasticity->params.at("w_max");
    const auto steps = static_cast<std::int64_t>(std::llround(100000.0 / spec.dt_ms));
    const double start = cpu_seconds();
    net->run(steps);
    const double cpu = cpu_seconds() - start;
    const auto w = net->projection(0).weights();
    const auto low = static_cast<double>(std::count_if(w.begin(), w.end(), [&](float x) { return x < 0.1 * w_max; })) / static_cast<double>(w.size());
    const auto high = static_cast<double>(std::count_if(w.begin(), w.end(), [&](float x) { return x > 0.9 * w_max; })) / static_cast<double>(w.size());
    const double rate = static_cast<double>(net->total_spikes(1)) / 100.0;
    MESSAGE("song2000-stdp: 100 s simulated in " << cpu << " s CPU; " << 100 * low << " % of weights below 0.1 w_max, " << 100 * high
                                                 << " % above 0.9 w_max; output " << rate << " Hz");
    CHECK(low >= 0.15);
    CHECK(high >= 0.10);
    CHECK(rate > 1.0);  // the neuron keeps firing: STDP balanced it rather than silencing it
  }

  TEST_CASE("masquelier2008: the paper's schedule, and the output fires at about 60 Hz before learning") {
    // Hathway & Goodman 2018 (ReScience 4(1):6): about 63 Hz initially, 5 Hz once the pattern is found.
    ScenarioSpec spec = load_preset("masquelier2008");
    REQUIRE(spec.experiment);
    CHECK(spec.experiment->epochs * spec.experiment->epoch_ms == doctest::Approx(450000.0));
    CHECK(spec.experiment->final_window_ms == doctest::Approx(150000.0));
    auto net = build_live(spec);
    net->run(static_cast<std::int64_t>(std::llround(1000.0 / spec.dt_ms)));
    const double rate = static_cast<double>(net->total_spikes(1));  // over 1 s
    INFO("output " << rate << " Hz");
    CHECK(rate > 45.0);
    CHECK(rate < 80.0);
  }

  TEST_CASE("masquelier2009: inhibition makes the three neurons take three different patterns" * doctest::skip(kSanitized)) {
    ScenarioSpec spec = load_preset("masquelier2009");
    spec.experiment->epochs = 2;  // 60 s: the second epoch already shows the split
    auto net = build_live(spec);
    Experiment experiment(*net);
    while (!experiment.done()) experiment.step();
    const PhaseMetrics& m = experiment.history().back();
    REQUIRE(m.patterns.size() == 3);
    std::set<int> neurons;
    for (const PatternScore& ps : m.patterns) {
      INFO("pattern " << ps.pattern << ": neuron " << ps.best_neuron << ", hit rate " << ps.hit_rate << ", false alarms "
                      << ps.false_alarm_rate);
      neurons.insert(ps.best_neuron);
      CHECK(ps.hit_rate > 0.9);
      CHECK(ps.false_alarm_rate < 0.05);
    }
    CHECK(neurons.size() == 3);
  }

  TEST_CASE("rstdp: over the hour the rewarded synapse climbs far above the others" * doctest::skip(kSanitized)) {
    // Izhikevich 2007 (Cereb. Cortex 17:2443), Fig. 1: only the chosen synapse is reinforced,
    // although its rewards come 1-3 s after the pairings that earn them.
    const ScenarioSpec spec = load_preset("rstdp");
    auto net = build_live(spec);
    const double start = cpu_seconds();
    net->run(static_cast<std::int64_t>(std::llround(spec.duration_ms / spec.dt_ms)));
    const double cpu = cpu_seconds() - start;
    const RewardTask* task = net->reward_task();
    REQUIRE(task);
    const auto w = net->projection(0).weights();
    const double w_max = spec.projections[0].plasticity->params.at("w_max");
    const double chosen = w[0];  // all-to-all onto one neuron: synapse k comes from input k
    const double others_mean = (std::accumulate(w.begin(), w.end(), 0.0) - chosen) / static_cast<double>(w.size() - 1);
    const double others_max = *std::max_element(w.begin() + 1, w.end());
    MESSAGE("rstdp: " << spec.duration_ms / 1000 << " s simulated in " << cpu << " s CPU; " << task->earned() << " rewards; chosen w "
                      << chosen << ", others mean " << others_mean << ", max " << others_max);
    CHECK(task->earned() > 50);
    CHECK(chosen > 0.8 * w_max);
    CHECK(chosen > others_max + 0.15 * w_max);
    CHECK(others_mean < 0.35 * w_max);
  }
}
