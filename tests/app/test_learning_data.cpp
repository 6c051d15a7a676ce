// The learning views' data side (app/gui/views/learning_data.hpp) and the Session's experiment, headless:
// fixed-memory series, weight maps against Projection::block_average, the weight watch and the
// latency tracker fed from a Session's observations as the window feeds them (the tracker
// against the Experiment's own scores), and a reset during an evaluation phase.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/spec_helpers.hpp"
#include "neurosim/session.hpp"
#include "gui/views/learning_data.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/pattern_source.hpp"

using namespace neurosim;
using namespace neurosim::gui;
using namespace neurosim::test;

namespace {

// The structure of a projection as an observation copies it.
WeightStructure structure_of(const Projection& p) {
  WeightStructure s;
  s.pre_size = p.pre_size();
  s.post_size = p.post_size();
  s.row_ptr.assign(p.row_ptr().begin(), p.row_ptr().end());
  s.col.assign(p.col().begin(), p.col().end());
  return s;
}

// What the App keeps of a Session's observations for the learning views: the latest copy of each
// projection's weights and this frame's followed synapses.
struct Observed {
  Session session;
  Session::ReaderId reader;
  std::map<int, WeightSnapshot> copies;
  std::vector<float> synapses;
  Observations last;

  explicit Observed(std::unique_ptr<Network> net) : session(std::move(net)), reader(session.open_reader()) {}
  WeightSources sources() {
    if (!last.facts) last.facts = session.facts();
    return {*last.facts, copies, session.time_ms()};
  }
  // One frame: what the watch asks for, observed, handed back.
  void frame(WeightWatch& watch, bool force = true) {
    ObserveWants wants;
    watch.add_wants(wants, 1.0, force);
    last = session.observe(reader, wants);
    for (WeightSnapshot& w : last.weights) copies[w.projection] = std::move(w);
    synapses = last.synapse_weights;
    watch.update(sources(), synapses);
  }
};

}  // namespace

TEST_SUITE("learning views") {
  TEST_CASE("a sample series keeps its capacity and the whole session") {
    SampleSeries s(64);
    for (int i = 0; i <= 100000; ++i) s.add(i * 0.5, static_cast<float>(i));
    CHECK(s.size() <= 64);
    CHECK(s.size() >= 32);
    CHECK(s.t(0) == 0.0);                       // the start is kept
    CHECK(s.t(s.size() - 1) > 50000.0 - 2.0 * s.spacing());  // and the end is near
    for (std::size_t i = 1; i < s.size(); ++i) CHECK(s.t(i) > s.t(i - 1));
    SUBCASE("time going back starts a new series") {
      s.add(1.0, 7.0f);
      CHECK(s.size() == 1);
      CHECK(s.value(0) == 7.0f);
    }
  }

  TEST_CASE("a ring keeps the newest items, oldest first") {
    Ring<int> r(3);
    for (int i = 1; i <= 5; ++i) r.push(i);
    REQUIRE(r.size() == 3);
    CHECK(r[0] == 3);
    CHECK(r[1] == 4);
    CHECK(r.back() == 5);
  }

  TEST_CASE("weight maps: block means agree with Projection::block_average; tiles hold single synapses") {
    auto spec = scenario(0.1, {population("a", "poisson", 37), population("b", "lif", 23), population("c", "lif", 2)});
    spec.projections.push_back(projection("a", "b", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(0.0, 3.0)));
    spec.projections.back().connectivity.p = 0.3;
    spec.projections.push_back(projection("a", "c", ConnectivitySpec::Rule::AllToAll, Distribution::uniform(0.0, 3.0)));
    auto net = build(spec);
    SUBCASE("matrix") {
      const Projection& p = net->projection(0);
      WeightMap map;
      map.configure(p.pre_size(), p.post_size(), 8);
      REQUIRE_FALSE(map.tiled);
      std::vector<float> ours, engine;
      const std::vector<float> w(p.weights().begin(), p.weights().end());
      map.fill(structure_of(p), w, ours);
      float lo = 0, hi = 0;
      p.block_average(map.rows, map.cols, engine, lo, hi);
      REQUIRE(ours.size() == engine.size());
      for (std::size_t c = 0; c < ours.size(); ++c) {
        INFO(c);
        CHECK(ours[c] == doctest::Approx(engine[c]).epsilon(1e-5));
      }
    }
    SUBCASE("tiles") {
      const Projection& p = net->projection(1);
      WeightMap map;
      map.configure(p.pre_size(), p.post_size(), 8);
      REQUIRE(map.tiled);
      CHECK(map.tile == 7);  // ceil(sqrt(37))
      std::vector<float> values;
      const std::vector<float> w(p.weights().begin(), p.weights().end());
      map.fill(structure_of(p), w, values);
      const auto row_ptr = p.row_ptr();
      for (int i = 0; i < p.pre_size(); ++i) {
        for (auto k = row_ptr[static_cast<std::size_t>(i)]; k < row_ptr[static_cast<std::size_t>(i) + 1]; ++k) {
          const int post = p.col()[static_cast<std::size_t>(k)];
          const int c = map.cell(i, post);
          INFO("pre " << i << " post " << post);
          REQUIRE(c >= 0);
          CHECK(values[static_cast<std::size_t>(c)] == p.weights()[static_cast<std::size_t>(k)]);
          int pre_back = -1, post_back = -1;
          CHECK(map.exact_pair(c / map.cols, c % map.cols, pre_back, post_back));
          CHECK(pre_back == i);
          CHECK(post_back == post);
        }
      }
    }
  }

  TEST_CASE("weight watch: histograms count every synapse; the difference map is now minus start") {
    Observed o(build(pattern_task(1, 1, 2000.0, 0.0), RecordMode::Live));
    const Network& net = o.session.network();
    WeightWatch watch;
    watch.adopt(o.sources(), 0);
    REQUIRE(watch.projection() == 0);
    o.frame(watch);  // the first copy: the start
    const auto total = [](const std::vector<int>& c) { return std::accumulate(c.begin(), c.end(), 0); };
    CHECK(total(watch.counts_start()) == static_cast<int>(net.projection(0).synapse_count()));
    CHECK(watch.counts_start() == watch.counts_now());
    CHECK(watch.max_change() == 0.0);
    CHECK(std::string(watch.choose(o.sources(), 5, 0)).empty());
    CHECK(std::string(watch.choose(o.sources(), 5, 0)) == "already followed");
    CHECK(std::string(watch.choose(o.sources(), 5, 3)) == "no such neuron pair");
    o.session.advance(20000);
    o.frame(watch);
    CHECK(total(watch.counts_now()) == static_cast<int>(net.projection(0).synapse_count()));
    CHECK(watch.max_change() > 0.0);  // STDP changed something in 2 s
    const auto& d = watch.diff_map().values;
    for (std::size_t c = 0; c < d.size(); ++c) {
      INFO(c);
      CHECK(d[c] == doctest::Approx(watch.now_map().values[c] - watch.start_map().values[c]));
    }
    CHECK(watch.chosen().front().series.size() >= 1);
    CHECK(watch.chosen().front().weight == net.projection(0).weights()[static_cast<std::size_t>(watch.chosen().front().synapse)]);
    // A copy is made only when the weights changed: a frame without steps brings none.
    ObserveWants wants;
    watch.add_wants(wants, 1.0, true);
    CHECK(o.session.observe(o.reader, wants).weights.empty());
  }

  TEST_CASE("weight watch: after a growth the start stays for old synapses, new ones start at their initial weights") {
    Observed o(build(pattern_task(2, 1, 2000.0, 0.0), RecordMode::Live));
    const Network& net = o.session.network();
    WeightWatch watch;
    watch.adopt(o.sources(), 0);
    o.frame(watch);
    REQUIRE(std::string(watch.choose(o.sources(), 5, 1)).empty());
    o.session.advance(10000);
    o.frame(watch);
    const WeightMap old_map = watch.map();
    const std::vector<float> old_start = watch.start_map().values;
    const double start_ms = watch.start_ms();
    REQUIRE(old_map.post_size == 2);

    REQUIRE(o.session.check(AddNeurons{1, 1}).empty());
    o.session.submit(AddNeurons{1, 1});
    o.session.advance(0);
    o.copies.clear();  // as the App: the copies of the grown network replace the old ones
    o.last.facts = o.session.facts();
    watch.on_grown(o.sources());
    o.frame(watch);
    const Projection& p = net.projection(0);
    const auto total = [](const std::vector<int>& c) { return std::accumulate(c.begin(), c.end(), 0); };
    CHECK(watch.synapses() == 900u);
    CHECK(total(watch.counts_start()) == 900);
    CHECK(total(watch.counts_now()) == 900);
    CHECK(watch.start_ms() == start_ms);  // the experiment's start, not the growth's
    const WeightMap& map = watch.map();
    REQUIRE(map.tiled);
    CHECK(map.post_size == 3);
    CHECK(watch.start_map().values.size() == static_cast<std::size_t>(map.rows * map.cols));
    const auto w0 = net.initial_weights(0);
    REQUIRE(w0.size() == p.synapse_count());
    int old_moved = 0;
    for (int i = 0; i < 300; ++i)
      for (std::int64_t k = p.row_ptr()[static_cast<std::size_t>(i)]; k < p.row_ptr()[static_cast<std::size_t>(i) + 1]; ++k) {
        const int post = p.col()[static_cast<std::size_t>(k)];
        const float start = watch.start_map().values[static_cast<std::size_t>(map.cell(i, post))];
        INFO("pre " << i << " post " << post);
        if (post < 2) {
          // Tiles hold single synapses: the start of each old synapse is where it was.
          CHECK(start == old_start[static_cast<std::size_t>(old_map.cell(i, post))]);
          old_moved += start != p.weights()[static_cast<std::size_t>(k)];
        } else {
          CHECK(start == w0[static_cast<std::size_t>(k)]);
          CHECK(start == p.weights()[static_cast<std::size_t>(k)]);  // no step since: still the drawn weight
          CHECK(watch.diff_map().values[static_cast<std::size_t>(map.cell(i, post))] == 0.0f);
        }
      }
    CHECK(old_moved > 100);  // STDP had moved them: a start taken afresh would not pass the checks above
    // The followed synapse is the same pair at its new index, its history kept.
    REQUIRE(watch.chosen().size() == 1);
    const ChosenSynapse& c = watch.chosen().front();
    CHECK(c.pre == 5);
    CHECK(c.post == 1);
    CHECK(p.col()[static_cast<std::size_t>(c.synapse)] == 1);
    CHECK(c.synapse >= p.row_ptr()[5]);
    CHECK(c.synapse < p.row_ptr()[6]);
    const std::size_t samples = c.series.size();
    CHECK(samples >= 2);
    o.session.advance(100);
    o.frame(watch);
    CHECK(watch.chosen().front().series.size() == samples + 1);
    CHECK(watch.chosen().front().series.value(samples) == p.weights()[static_cast<std::size_t>(c.synapse)]);
  }

  TEST_CASE("the latency tracker sees what the experiment scores") {
    // One output neuron, so that the experiment's best neuron is the tracker's first spiker.
    Session session(build(pattern_task(1, 1, 4000.0, 0.0), RecordMode::Live));
    const Session::ReaderId reader = session.open_reader();
    LatencyTracker tracker;
    tracker.attach(*session.facts(), 0, 1);
    REQUIRE(tracker.active());
    CHECK(tracker.patterns() == 2);
    const auto look = [&] {
      const Observations o = session.observe(reader);
      tracker.update(o.pattern_onsets, o.spikes, o.spikes_lost, o.step);
    };
    int frame = 0;
    while (session.experiment_running()) {
      session.advance(97 + 76 * (frame++ % 3));  // frames of uneven length
      look();
    }
    const Experiment& experiment = *session.experiment();
    REQUIRE(experiment.history().size() == 1);
    const PhaseMetrics& m = experiment.history()[0];
    const auto& occ = tracker.occurrences();
    REQUIRE(occ.size() > 10);
    for (const PatternScore& s : m.patterns) {
      INFO("pattern " << s.pattern);
      std::vector<float> ours;
      std::uint64_t seen = 0;
      for (std::size_t i = 0; i < occ.size(); ++i) {
        if (occ[i].pattern != s.pattern) continue;
        ++seen;
        if (!std::isnan(occ[i].latency_ms)) ours.push_back(occ[i].latency_ms);
      }
      // The experiment also counts a window still open at the end; the tracker waits for it.
      CHECK(seen + 1 >= s.occurrences);
      CHECK(seen <= s.occurrences);
      CHECK(ours.size() >= 5);  // enough hits to compare
      REQUIRE(ours.size() <= s.latencies_ms.size());
      CHECK(s.latencies_ms.size() - ours.size() <= 1);
      for (std::size_t k = 0; k < ours.size(); ++k) CHECK(ours[k] == doctest::Approx(s.latencies_ms[k]).epsilon(1e-4));
    }
  }

  TEST_CASE("the Session restarts the schedule and gives back learning frozen by an evaluation") {
    Session session(build(pattern_task(2, 2, 300.0, 200.0), RecordMode::Live));
    const Network& net = session.network();
    REQUIRE(session.experiment_running());
    while (session.experiment()->phase() != ExperimentPhase::Evaluation) session.advance(1);
    session.advance(50);
    CHECK(net.plasticity(0)->param("learn") == 0.0);  // frozen by the evaluation
    session.submit(ResetNetwork{});
    session.advance(0);
    CHECK(net.plasticity(0)->param("learn") == 1.0);
    CHECK(session.experiment()->phase() == ExperimentPhase::Training);
    CHECK(session.experiment()->epoch() == 0);
    CHECK(session.experiment()->history().empty());
    SUBCASE("it finishes once, then the network runs on its own") {
      const std::uint64_t generation = session.experiment_generation();
      while (session.experiment_running()) session.advance(1);
      CHECK(session.experiment()->done());
      CHECK(session.experiment_generation() > generation);
      CHECK(session.experiment()->history().size() == 4);
      const auto before = net.step_index();
      session.advance(1);
      CHECK(net.step_index() == before + 1);
      CHECK(net.plasticity(0)->param("learn") == 1.0);
    }
  }

  TEST_CASE("a user's freeze survives a reset during an evaluation") {
    auto net = build(pattern_task(1, 2, 300.0, 200.0), RecordMode::Live);
    REQUIRE(net->submit(SetPlasticityParam{0, "learn", 0.0}).empty());
    Session session(std::move(net));
    while (session.experiment()->phase() != ExperimentPhase::Evaluation) session.advance(1);
    session.submit(ResetNetwork{});
    session.advance(0);
    CHECK(session.network().plasticity(0)->param("learn") == 0.0);
  }
}
