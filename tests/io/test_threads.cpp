// Stepping with several threads gives the same network, bit for bit, as one thread: every preset
// is stepped briefly with 1, 2 and 3 threads (through its experiment's schedule when it has one),
// and the spikes of every step, the synaptic events, the weights of every projection, every
// recorded trace sample and every state variable at the end are compared exactly.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "neurosim/experiment.hpp"
#include "neurosim/io/presets.hpp"
#include "neurosim/network.hpp"
#include "engine/spec_helpers.hpp"
#include "io/preset_helpers.hpp"

namespace neurosim {
namespace {

// What a run leaves behind, as raw bits.
struct RunRecord {
  std::vector<std::uint32_t> spikes;  // per step: population, count, indices
  std::vector<std::uint32_t> bits;    // weights, traces and final state, as float bits
  std::uint64_t events = 0;
  std::size_t synapses = 0;
  int threads = 0;
};

void add_bits(std::vector<std::uint32_t>& out, const float* values, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n);
  if (n > 0) std::memcpy(out.data() + at, values, n * sizeof(float));
}

RunRecord run_with_threads(const ScenarioSpec& spec, int threads, std::int64_t steps) {
  const auto built = test::build(spec, RecordMode::Live, threads);
  Network& net = *built;
  RunRecord r;
  r.threads = net.threads();
  std::unique_ptr<Experiment> experiment;
  if (spec.experiment) experiment = std::make_unique<Experiment>(net);
  for (std::int64_t i = 0; i < steps; ++i) {
    if (experiment) {
      if (experiment->done()) break;
      experiment->step();
    } else {
      net.step();
    }
    for (int p = 0; p < net.population_count(); ++p) {
      const auto& fired = net.last_spikes(p);
      r.spikes.push_back(static_cast<std::uint32_t>(p));
      r.spikes.push_back(static_cast<std::uint32_t>(fired.size()));
      for (const int n : fired) r.spikes.push_back(static_cast<std::uint32_t>(n));
    }
  }
  r.events = net.synaptic_events();
  for (int j = 0; j < net.projection_count(); ++j) r.synapses += net.projection(j).synapse_count();
  for (int j = 0; j < net.projection_count(); ++j) {
    const auto view = net.projection(j).weights();
    const std::vector<float> w(view.begin(), view.end());
    add_bits(r.bits, w.data(), w.size());
  }
  for (const TraceProbe& probe : net.traces().probes()) {
    const std::size_t n = StateRecorder::available(probe);
    for (std::size_t i = 0; i < n; ++i)
      for (int v = 0; v < probe.variables; ++v) {
        const float x = StateRecorder::sample(probe, i, v);
        add_bits(r.bits, &x, 1);
      }
  }
  for (int p = 0; p < net.population_count(); ++p) {
    const Population& pop = net.population(p);
    for (int v = 0; v < static_cast<int>(pop.state_descs().size()); ++v)
      if (const float* x = pop.state(v)) add_bits(r.bits, x, static_cast<std::size_t>(pop.size()));
  }
  return r;
}

// The preset, cut to `ms` of simulated time (an experiment: its first steps).
ScenarioSpec short_preset(const std::string& name, double ms) {
  ScenarioSpec spec = test::load_preset(name.c_str());
  spec.duration_ms = ms;
  return spec;
}

}  // namespace

TEST_SUITE("threads") {
  TEST_CASE("every preset steps to the same spikes, weights and state with 1, 2 and 3 threads") {
    for (const std::string& name : io::preset_names()) {
      INFO(name);
      const ScenarioSpec spec = short_preset(name, 100.0);
      const auto steps = static_cast<std::int64_t>(100.0 / spec.dt_ms);
      const RunRecord one = run_with_threads(spec, 1, steps);
      CHECK(one.threads == 1);
      // Three threads (parts of unequal size) only where the build is quick: the Brunel
      // networks' 12 million synapses take a second each time.
      for (const int threads : {2, 3}) {
        if (threads == 3 && one.synapses > 200'000) continue;
        INFO(threads << " threads");
        const RunRecord many = run_with_threads(spec, threads, steps);
        CHECK(many.threads == threads);
        CHECK(many.events == one.events);
        CHECK(many.spikes == one.spikes);
        CHECK(many.bits == one.bits);
      }
    }
  }

  TEST_CASE("a network of 70,000 LIF neurons with per-synapse delays: the same with 1 and 2 threads") {
    // Big enough that every thread owns many blocks; delays drawn per synapse take the ring's
    // other path, and an unsorted-row path is not needed (rows are built sorted).
    ScenarioSpec spec = short_preset("cuba", 30.0);
    spec.populations[0].size = 56000;
    spec.populations[1].size = 14000;
    for (auto& pr : spec.projections) {
      pr.connectivity.p = 0.0012;
      pr.delay_ms = Distribution::uniform(0.1, 1.5);
    }
    const RunRecord one = run_with_threads(spec, 1, 300);
    const RunRecord two = run_with_threads(spec, 2, 300);
    CHECK(two.threads == 2);
    CHECK(one.events > 0);
    CHECK(two.events == one.events);
    CHECK(two.spikes == one.spikes);
    CHECK(two.bits == one.bits);
  }

  TEST_CASE("a build on several threads makes the same projections as on one") {
    // Projections of every rule, with drawn weights and delays, a plastic one and a compact one:
    // built side by side on 1, 2 and 4 threads, each synapse's target, weight and delay match bit
    // for bit (each projection draws from its own streams, whichever thread builds it).
    using Rule = ConnectivitySpec::Rule;
    ScenarioSpec spec = test::scenario(0.1, {test::population("a", "lif", 900), test::population("b", "lif", 700)});
    auto sparse = test::projection("a", "b", Rule::FixedProbability, Distribution::uniform(0.1, 2.0), Distribution::uniform(0.1, 3.0));
    sparse.connectivity.p = 0.05;
    auto compact = test::projection("b", "a", Rule::FixedProbability, Distribution::constant(-1.5), Distribution::constant(0.5));
    compact.connectivity.p = 0.1;
    auto indegree = test::projection("a", "a", Rule::FixedIndegree, Distribution::normal(1.0, 0.3));
    indegree.connectivity.indegree = 40;
    auto plastic = test::projection("b", "b", Rule::AllToAll, Distribution::uniform(0.0, 1.0));
    plastic.plasticity = PlasticitySpec{"stdp", {}};
    auto pairs = test::projection("a", "b", Rule::List);
    pairs.connectivity.pairs = {{3, 1}, {0, 5}, {3, 0}};
    pairs.connectivity.pair_weights = {0.5, 0.25, 2.0};
    spec.projections = {pairs, sparse, compact, indegree, plastic, test::projection("a", "a", Rule::OneToOne)};
    for (std::size_t j = 0; j < spec.projections.size(); ++j) spec.projections[j].name = "p" + std::to_string(j);

    const auto fingerprint = [&](int threads) {
      const auto net = test::build(spec, RecordMode::Live, threads);
      REQUIRE(net->threads() == threads);
      std::vector<std::vector<std::uint32_t>> out;
      for (int j = 0; j < net->projection_count(); ++j) {
        const Projection& p = net->projection(j);
        std::vector<std::uint32_t> f;
        for (const std::int64_t r : p.row_ptr()) f.push_back(static_cast<std::uint32_t>(r));
        for (const std::int32_t c : p.col()) f.push_back(static_cast<std::uint32_t>(c));
        for (const float w : p.weights()) f.push_back(std::bit_cast<std::uint32_t>(w));
        for (std::size_t k = 0; k < p.synapse_count(); ++k) f.push_back(static_cast<std::uint32_t>(p.delay_steps(k)));
        f.push_back(p.common_weight() ? 1u : 0u);
        out.push_back(std::move(f));
      }
      return out;
    };
    const auto one = fingerprint(1);
    REQUIRE(one.size() == 6);
    // Fewer projections than threads, and none at all.
    ScenarioSpec two = spec;
    two.projections.resize(2);
    CHECK(test::build(two, RecordMode::Live, 4)->projection_count() == 2);
    ScenarioSpec none = spec;
    none.projections.clear();
    CHECK(test::build(none, RecordMode::Live, 4)->projection_count() == 0);
    CHECK(one[1].size() > 3 * 30'000);  // about 31,500 synapses of the sparse projection: targets, weights, delays
    CHECK(one[2].back() == 1u);         // the constant weight is held once
    for (const int threads : {2, 4}) {
      INFO(threads << " threads");
      const auto many = fingerprint(threads);
      REQUIRE(many.size() == one.size());
      for (std::size_t j = 0; j < one.size(); ++j) {
        INFO("projection " << j);
        CHECK(many[j] == one[j]);
      }
    }
  }

  TEST_CASE("thread counts: 0 picks by size and cores, at least 1") {
    CHECK(Network::auto_threads(10) == 1);
    CHECK(Network::auto_threads(Network::kNeuronsPerThread - 1) == 1);
    // A huge network takes every free core: between 1 and the cores this process may use.
    const int huge = Network::auto_threads(std::int64_t{1} << 40);
    CHECK(huge >= 1);
    CHECK(huge <= ThreadTeam::available_cores());
    CHECK(ThreadTeam::free_cores() >= 1);
    CHECK(ThreadTeam::free_cores() <= ThreadTeam::available_cores());
  }
}

}  // namespace neurosim
