// Many steps in one round of the threads (Network::run, run_parallel): every preset that runs
// that way is taken in batches of uneven sizes on 2 and 3 threads, and its spikes (every one
// recorded, with its step), rate bins, synaptic events, trace samples and final state must be
// those of one thread stepping one step at a time, bit for bit. So must a network built to
// reach the round's corners: a population that does not split (its deliveries all come from
// member 0) fed without delay by one that does, probes in every member's share, per-synapse
// delays (the input rings' flags) and a plastic projection that is not learning.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurosim/io/presets.hpp"
#include "neurosim/network.hpp"
#include "engine/spec_helpers.hpp"
#include "io/preset_helpers.hpp"

namespace neurosim {
namespace {

struct Record {
  std::vector<std::int64_t> spikes;  // step, population, neuron of every spike
  std::vector<float> values;         // rate bins, trace samples, final state
  std::uint64_t events = 0;
  bool one_round = false;
};

// Called before batch b of run_in_batches (to change the threads' split between batches).
using BeforeBatch = std::function<void(Network&, std::size_t b)>;

// The network after `steps` steps taken by run() in batches cycling through `batches`.
Record run_in_batches(const ScenarioSpec& spec, int threads, std::int64_t steps, const std::vector<std::int64_t>& batches,
                      const BeforeBatch& before_batch = nullptr) {
  const auto net = test::build(spec, RecordMode::Full, threads);
  REQUIRE(net->threads() == threads);
  Record r;
  r.one_round = net->runs_in_one_round();
  std::size_t b = 0;
  for (std::int64_t done = 0; done < steps;) {
    if (before_batch) before_batch(*net, b);
    const std::int64_t n = std::min(batches[b++ % batches.size()], steps - done);
    net->run(n);
    done += n;
    REQUIRE(net->step_index() == done);
  }
  for (const SpikeEvent& e : net->spikes().all()) r.spikes.insert(r.spikes.end(), {e.step, e.population, e.neuron});
  for (int p = 0; p < net->population_count(); ++p) {
    for (std::size_t i = 0; i < net->rates().bins_available(); ++i) r.values.push_back(net->rates().rate(p, i));
    const Population& pop = net->population(p);
    for (int v = 0; v < static_cast<int>(pop.state_descs().size()); ++v)
      if (const float* x = pop.state(v)) r.values.insert(r.values.end(), x, x + pop.size());
  }
  for (const TraceProbe& probe : net->traces().probes())
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i)
      for (int v = 0; v < probe.variables; ++v) r.values.push_back(StateRecorder::sample(probe, i, v));
  r.events = net->synaptic_events();
  return r;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void check_same(const Record& one, const Record& many) {
  CHECK(many.events == one.events);
  CHECK(many.spikes.size() == one.spikes.size());
  CHECK(many.spikes == one.spikes);
  CHECK(same_bits(many.values, one.values));
}

// A network built to reach the round's corners (see the file's comment); e (1,000 LIF) and i
// (400 Izhikevich) split, w (AdEx) and x (Poisson) do not.
ScenarioSpec corner_network() {
  using Rule = ConnectivitySpec::Rule;
  // Big enough that each of three members can own blocks of both split populations.
  ScenarioSpec spec = test::scenario(0.1, {test::population("e", "lif", 1000), test::population("i", "izhikevich", 400),
                                           test::population("w", "adex", 300), test::population("x", "poisson", 200)});
  spec.populations[0].params = {{"E_L", Distribution::constant(-49.0)}, {"V_th", Distribution::constant(-50.0)},
                                {"V_reset", Distribution::constant(-60.0)}, {"t_ref", Distribution::constant(5.0)}};
  spec.populations[0].initial["V"] = Distribution::uniform(-60.0, -50.0);
  spec.populations[3].params = {{"rate", Distribution::constant(30.0)}};
  auto ee = test::projection("e", "e", Rule::FixedProbability, Distribution::constant(1.6), Distribution::uniform(0.1, 2.0));
  ee.connectivity.p = 0.02;
  auto ew = test::projection("e", "w", Rule::FixedProbability, Distribution::constant(40.0), Distribution::constant(0.0));
  ew.connectivity.p = 0.05;
  ew.same_step = true;
  auto ie = test::projection("i", "e", Rule::FixedProbability, Distribution::constant(-5.0), Distribution::constant(0.1));
  ie.connectivity.p = 0.05;
  auto xi = test::projection("x", "i", Rule::FixedProbability, Distribution::constant(6.0), Distribution::constant(1.0));
  xi.connectivity.p = 0.1;
  auto xe = test::projection("x", "e", Rule::FixedProbability, Distribution::uniform(0.0, 1.0), Distribution::constant(0.5));
  xe.connectivity.p = 0.1;
  xe.plasticity = PlasticitySpec{"stdp", {{"learn", 0.0}}};
  auto we = test::projection("w", "e", Rule::FixedProbability, Distribution::constant(0.5), Distribution::constant(1.0));
  we.connectivity.p = 0.05;
  spec.projections = {ee, ew, ie, xi, xe, we};
  for (std::size_t j = 0; j < spec.projections.size(); ++j) spec.projections[j].name = "p" + std::to_string(j);
  // Probes at both ends of every member's part of e and i (equal shares of 2 and 3 members, and
  // the fixed splits below), and in the whole population w.
  spec.monitors.traces = {{"e", {0, 63, 64, 320, 383, 384, 447, 448, 640, 700, 703, 704, 999}}, {"i", {0, 127, 128, 250, 319, 320, 399}}, {"w", {0, 150, 299}}};
  spec.duration_ms = 150.0;
  return spec;
}

}  // namespace

TEST_SUITE("threads") {
  TEST_CASE("many steps in one round: every preset that runs so gives the spikes, rates, traces and state of single steps") {
    int in_rounds = 0, spiking = 0;
    for (const std::string& name : io::preset_names()) {
      ScenarioSpec spec = test::load_preset(name.c_str());
      if (spec.experiment) continue;  // an experiment steps one step at a time
      INFO(name);
      spec.duration_ms = 60.0;
      const auto steps = static_cast<std::int64_t>(60.0 / spec.dt_ms);
      const Record one = run_in_batches(spec, 1, steps, {1});
      CHECK(!one.one_round);  // one thread has no rounds
      spiking += one.spikes.empty() ? 0 : 1;
      const Record two = run_in_batches(spec, 2, steps, {64, 1, 7, 200, 2});
      in_rounds += two.one_round ? 1 : 0;
      check_same(one, two);
      if (one.events < 2'000'000) check_same(one, run_in_batches(spec, 3, steps, {5, 64, 1}));
    }
    CHECK(in_rounds >= 8);  // cuba, coba, brunel2000 x 4, izhikevich2003, brain-regions, default, ...
    CHECK(spiking >= 10);
  }

  TEST_CASE("one round: a whole population fed without delay by split ones, probes in every share, delays and frozen STDP") {
    ScenarioSpec spec = corner_network();
    const Record one = run_in_batches(spec, 1, 1500, {1});
    REQUIRE(one.spikes.size() > 1000);
    for (const int threads : {2, 3}) {
      INFO(threads << " threads");
      const Record many = run_in_batches(spec, threads, 1500, {64, 3, 1, 500});
      CHECK(many.one_round);
      check_same(one, many);
    }
    // The threads' runs as 64-bit starts shared by them (the layout of projections of more than
    // 2^32 synapses): the same answer.
    Projection::narrow_runs_limit = 0;
    const Record wide = run_in_batches(spec, 2, 1500, {64, 3, 1, 500});
    Projection::narrow_runs_limit = UINT32_MAX;
    check_same(one, wide);
    // The runs as 32-bit pairs per thread (rows of 256 synapses or more): the same answer.
    Projection::packed_runs_limit = 0;
    const Record pairs = run_in_batches(spec, 3, 1500, {64, 3, 1, 500});
    Projection::packed_runs_limit = (std::uint64_t{1} << 24) - 1;
    check_same(one, pairs);
    // Every projection asking for its rows before delivering them (only large ones do): the
    // asks read the same run tables as the deliveries, with delays, weights per synapse and both
    // layouts, and change nothing.
    Projection::ask_min_synapses = 0;
    check_same(one, run_in_batches(spec, 1, 1500, {1}));
    check_same(one, run_in_batches(spec, 3, 1500, {64, 3, 1, 500}));
    Projection::narrow_runs_limit = 0;
    check_same(one, run_in_batches(spec, 2, 1500, {7}));
    Projection::narrow_runs_limit = UINT32_MAX;
    Projection::packed_runs_limit = 0;
    check_same(one, run_in_batches(spec, 2, 1500, {7}));
    Projection::packed_runs_limit = (std::uint64_t{1} << 24) - 1;
    Projection::ask_min_synapses = std::uint64_t{1} << 16;
    // The learning rule switched on: no rounds, the same answer as one thread.
    spec.projections[4].plasticity = PlasticitySpec{"stdp", {}};
    const Record learning = run_in_batches(spec, 2, 600, {64});
    CHECK(!learning.one_round);
    check_same(run_in_batches(spec, 1, 600, {1}), learning);
  }

  TEST_CASE("the threads' shares anywhere: none, at a population's edge, inside one, moved between batches: the same answer") {
    const ScenarioSpec spec = corner_network();
    const Record one = run_in_batches(spec, 1, 1500, {1});
    // e and i split, 1,400 neurons end to end: e is [0, 1000), i [1000, 1400).
    using Split = std::vector<std::int64_t>;
    const std::vector<Split> splits2 = {{0, 0, 1400}, {0, 1400, 1400}, {0, 1000, 1400}, {0, 500, 1400}, {0, 1300, 1400}, {0, 1030, 1400}};
    for (const Split& split : splits2) {
      INFO("split at " << split[1]);
      check_same(one, run_in_batches(spec, 2, 1500, {64, 3, 1, 500}, [&split](Network& net, std::size_t b) {
                   if (b == 0) net.fix_shares(split);
                 }));
    }
    const std::vector<Split> splits3 = {{0, 0, 1000, 1400}, {0, 700, 700, 1400}, {0, 1000, 1400, 1400}, {0, 200, 1200, 1400}};
    for (const Split& split : splits3) {
      INFO("split at " << split[1] << ", " << split[2]);
      check_same(one, run_in_batches(spec, 3, 1500, {64, 3, 1, 500}, [&split](Network& net, std::size_t b) {
                   if (b == 0) net.fix_shares(split);
                 }));
    }
    // A new split at every batch: the parts, the projections' runs and the refractory lists
    // follow it between rounds.
    check_same(one, run_in_batches(spec, 3, 1500, {64, 3, 1, 500, 7}, [&splits3](Network& net, std::size_t b) {
                 net.fix_shares(splits3[b % splits3.size()]);
               }));
    // Balanced as it goes (the split may move after kSettleSteps + kTimedSteps, whatever the
    // times measured here): the same answer, and a split that still covers every neuron.
    const auto net = test::build(spec, RecordMode::Full, 2);
    net->run(1500);
    const std::span<const std::int64_t> shares = net->share_bounds();
    REQUIRE(shares.size() == 3);
    CHECK(shares.front() == 0);
    CHECK(shares[1] <= shares[2]);
    CHECK(shares.back() == 1400);
    check_same(one, run_in_batches(spec, 2, 1500, {1500}));
  }

  TEST_CASE("a thread's part of a population: on block boundaries, a sliver given to the neighbour, none where its share ends before") {
    const ScenarioSpec spec = corner_network();
    const auto net = test::build(spec, RecordMode::Full, 2);
    using Parts = std::vector<int>;
    const auto parts = [&net](int population) {
      const std::span<const int> b = net->part_bounds(population);
      return Parts(b.begin(), b.end());
    };
    net->run(2);  // the equal split: 700 of the 1,400 each
    CHECK(parts(0) == Parts{0, 704, 1000});
    CHECK(parts(1) == Parts{0, 0, 400});
    CHECK(parts(2) == Parts{0, 300, 300});  // w does not split: member 0 steps it whole
    CHECK(parts(3) == Parts{0, 200, 200});
    // Within 87 neurons (an eighth of a share) of a population's edge, the edge.
    net->fix_shares(std::vector<std::int64_t>{0, 1030, 1400});
    net->run(2);
    CHECK(parts(0) == Parts{0, 1000, 1000});
    CHECK(parts(1) == Parts{0, 0, 400});
    net->fix_shares(std::vector<std::int64_t>{0, 1380, 1400});
    net->run(2);
    CHECK(parts(1) == Parts{0, 400, 400});
    net->fix_shares(std::vector<std::int64_t>{0, 1300, 1400});
    net->run(2);
    CHECK(parts(0) == Parts{0, 1000, 1000});
    CHECK(parts(1) == Parts{0, 320, 400});  // 300 rounded to the nearest block of 64
    net->fix_shares(std::vector<std::int64_t>{0, 950, 1400});  // 50 from e's end
    net->run(2);
    CHECK(parts(0) == Parts{0, 1000, 1000});
    net->fix_shares(std::vector<std::int64_t>{0, 900, 1400});
    net->run(2);
    CHECK(parts(0) == Parts{0, 896, 1000});
    CHECK(parts(1) == Parts{0, 0, 400});
    // A split that does not fit is refused, and the last one stays.
    CHECK_THROWS_AS(net->fix_shares(std::vector<std::int64_t>{0, 2000, 1400}), std::invalid_argument);
    CHECK_THROWS_AS(net->fix_shares(std::vector<std::int64_t>{0, 1400}), std::invalid_argument);
    net->run(2);
    CHECK(parts(0) == Parts{0, 896, 1000});
  }
}

}  // namespace neurosim
