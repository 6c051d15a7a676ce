// Session (session.hpp) and SessionRunner (session_runner.hpp): command verdicts, readers that
// see each spike once, SetParams all or nothing, and the worker thread against the inline run.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_runner.hpp"

namespace neurosim {
namespace {

// 200 Poisson inputs onto 80 excitatory and 20 inhibitory LIF neurons: a few hundred spikes
// per 100 ms, from a fixed seed.
ScenarioSpec small_network(std::uint64_t seed = 7) {
  auto spec = test::scenario(0.1, {test::population("in", "poisson", 200, {{"rate", Distribution::constant(40.0)}}),
                                   test::population("exc", "lif", 80), test::population("inh", "lif", 20)});
  spec.seed = seed;
  ConnectivitySpec::Rule rule = ConnectivitySpec::Rule::FixedProbability;
  auto in_exc = test::projection("in", "exc", rule, Distribution::constant(2.0), Distribution::constant(1.0));
  in_exc.connectivity.p = 0.2;
  auto in_inh = test::projection("in", "inh", rule, Distribution::constant(2.0), Distribution::constant(1.0));
  in_inh.connectivity.p = 0.2;
  auto exc_inh = test::projection("exc", "inh", rule, Distribution::constant(1.0), Distribution::uniform(0.5, 2.0));
  exc_inh.connectivity.p = 0.1;
  auto inh_exc = test::projection("inh", "exc", rule, Distribution::constant(-2.0), Distribution::constant(1.0));
  inh_exc.connectivity.p = 0.2;
  spec.projections = {in_exc, in_inh, exc_inh, inh_exc};
  return spec;
}

std::unique_ptr<Network> build(const ScenarioSpec& spec, RecordMode mode = RecordMode::Live) {
  BuildOptions options;
  options.record = mode;
  options.spike_ring_capacity = 1u << 20;
  BuildResult built = build_network(spec, options);
  REQUIRE(built.errors.empty());
  return std::move(built.network);
}

struct ReaderIdPair {
  Session::ReaderId id;
  std::vector<SpikeEvent>* seen;
};

bool same(const SpikeEvent& a, const SpikeEvent& b) { return a.step == b.step && a.population == b.population && a.neuron == b.neuron; }

void check_same_spikes(const std::vector<SpikeEvent>& got, const std::vector<SpikeEvent>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("spike " << i);
    REQUIRE(same(got[i], want[i]));
  }
}

const CommandVerdict* verdict_of(const Observations& o, Session::CommandId id) {
  for (const CommandVerdict& v : o.verdicts)
    if (v.id == id) return &v;
  return nullptr;
}

}  // namespace

TEST_SUITE("session") {

TEST_CASE("Session: every command gets a verdict in the next observation, rejected ones with the reason") {
  Session session(build(small_network()));
  const Session::ReaderId reader = session.open_reader();
  const int exc = 1;
  const auto good = session.submit(SetParam{exc, "tau_m", 15.0});
  const auto bad = session.submit(SetParam{exc, "tau_m", 0.0});
  const auto unknown = session.submit(SetParam{exc, "no_such", 1.0});
  session.advance(10);
  const Observations o = session.observe(reader);
  REQUIRE(o.verdicts.size() == 3);
  const CommandVerdict* g = verdict_of(o, good);
  const CommandVerdict* b = verdict_of(o, bad);
  const CommandVerdict* u = verdict_of(o, unknown);
  REQUIRE(g);
  REQUIRE(b);
  REQUIRE(u);
  CHECK(g->applied);
  CHECK(g->reason.empty());
  CHECK_FALSE(b->applied);
  CHECK(b->command == "SetParam");
  CHECK(b->reason.find("tau_m") != std::string::npos);
  CHECK(b->reason.find("got 0") != std::string::npos);
  CHECK_FALSE(u->applied);
  CHECK(u->reason.find("no_such: unknown parameter") != std::string::npos);
  CHECK(session.network().population(exc).param("tau_m") == doctest::Approx(15.0).epsilon(1e-12));
  CHECK(o.facts->populations[exc].params[*session.network().population(exc).param_index("tau_m")].value == doctest::Approx(15.0));
  // Reported once: the next look has no verdict.
  session.advance(1);
  CHECK(session.observe(reader).verdicts.empty());
}

TEST_CASE("Session: a command that passed when queued but fails its check when applied is reported, not dropped") {
  Session session(build(small_network()));
  const Session::ReaderId reader = session.open_reader();
  // Each trace request is valid alone; the 33rd meets the cap of 32 live traces when applied.
  std::vector<Session::CommandId> ids;
  for (int n = 0; n < static_cast<int>(Network::kMaxLiveTraces) + 1; ++n) ids.push_back(session.submit(SetTraced{1, n}));
  session.advance(1);
  const Observations o = session.observe(reader);
  REQUIRE(o.verdicts.size() == ids.size());
  for (std::size_t i = 0; i + 1 < ids.size(); ++i) CHECK(verdict_of(o, ids[i])->applied);
  const CommandVerdict* last = verdict_of(o, ids.back());
  CHECK_FALSE(last->applied);
  CHECK(last->reason.find("at most 32 neurons can be traced") != std::string::npos);

  // The network's own queue (used by an experiment's schedule) keeps the reason as well.
  auto net = build(small_network());
  for (int n = 0; n < static_cast<int>(Network::kMaxLiveTraces) + 2; ++n) CHECK(net->submit(SetTraced{1, n, true}).empty());
  net->apply_pending_commands();
  const std::vector<std::string> rejected = net->take_rejected();
  REQUIRE(rejected.size() == 2);
  CHECK(rejected[0].find("SetTraced: at most 32") == 0);
  CHECK(net->take_rejected().empty());
}

TEST_CASE("Session: two readers with their own cursors see each spike exactly once") {
  auto spec = small_network();
  Session session(build(spec, RecordMode::Full));
  const Session::ReaderId a = session.open_reader();
  const Session::ReaderId b = session.open_reader();
  std::vector<SpikeEvent> seen_a, seen_b;
  for (int i = 1; i <= 60; ++i) {
    session.advance(i % 5 == 0 ? 0 : 17);
    if (i % 2 == 0) {
      Observations o = session.observe(a);
      CHECK(o.spikes_lost == 0);
      seen_a.insert(seen_a.end(), o.spikes.begin(), o.spikes.end());
    }
    if (i % 7 == 0) {
      Observations o = session.observe(b);
      seen_b.insert(seen_b.end(), o.spikes.begin(), o.spikes.end());
    }
  }
  for (const ReaderIdPair& r : {ReaderIdPair{a, &seen_a}, ReaderIdPair{b, &seen_b}}) {
    Observations o = session.observe(r.id);
    r.seen->insert(r.seen->end(), o.spikes.begin(), o.spikes.end());
  }
  const std::vector<SpikeEvent>& all = session.network().spikes().all();
  REQUIRE(all.size() > 500);  // the network is active: the test has something to compare
  check_same_spikes(seen_a, all);
  check_same_spikes(seen_b, all);
  // A reader opened now starts at the present.
  const Session::ReaderId c = session.open_reader();
  CHECK(session.observe(c).spikes.empty());
}

TEST_CASE("Session: rates and traces arrive as samples since the reader's last look") {
  Session session(build(small_network()));
  const Session::ReaderId reader = session.open_reader();
  session.submit(SetTraced{1, 3});
  session.advance(0);
  std::size_t samples = 0;
  std::size_t bins = 0;
  for (int i = 0; i < 10; ++i) {
    session.advance(100);
    const Observations o = session.observe(reader);
    REQUIRE(o.traces.size() == 1);
    CHECK(o.traces[0].population == 1);
    CHECK(o.traces[0].neuron == 3);
    CHECK(o.traces[0].first_step == static_cast<std::int64_t>(samples));
    samples += o.traces[0].samples.size() / static_cast<std::size_t>(o.traces[0].variables);
    CHECK(o.rates.first_bin == bins);
    bins += o.rates.hz.size() / static_cast<std::size_t>(o.rates.populations);
  }
  CHECK(samples == 1000);
  CHECK(bins == session.network().rates().bins_written());
}

TEST_CASE("Session: a reset starts the readers at t = 0 again") {
  Session session(build(small_network(), RecordMode::Full));
  const Session::ReaderId reader = session.open_reader();
  session.advance(500);
  const std::vector<SpikeEvent> first = session.observe(reader).spikes;
  REQUIRE_FALSE(first.empty());
  session.submit(ResetNetwork{});
  session.advance(500);
  const Observations again = session.observe(reader);
  CHECK(again.step == 500);
  check_same_spikes(again.spikes, first);  // same random streams: the run repeats exactly
}

TEST_CASE("SetParams: several parameters together, all or nothing") {
  Session session(build(small_network()));
  const Session::ReaderId reader = session.open_reader();
  const int exc = 1;
  const Population& pop = session.network().population(exc);
  const double v_th = pop.param("V_th"), v_reset = pop.param("V_reset"), tau_m = pop.param("tau_m");
  const double new_reset = v_th + 5.0, new_th = v_th + 10.0;

  SUBCASE("one at a time, the reset above the old threshold is refused") {
    const auto id = session.submit(SetParam{exc, "V_reset", new_reset});
    session.advance(0);
    const Observations o = session.observe(reader);
    CHECK_FALSE(verdict_of(o, id)->applied);
    CHECK(verdict_of(o, id)->reason.find("V_reset: must be below V_th") != std::string::npos);
  }
  SUBCASE("together, in either order, they are taken") {
    const auto id = session.submit(SetParams{{ParamTarget::Kind::Population, exc}, {{"V_reset", new_reset}, {"V_th", new_th}}});
    session.advance(0);
    const Observations o = session.observe(reader);
    REQUIRE(verdict_of(o, id));
    CHECK(verdict_of(o, id)->applied);
    CHECK(pop.param("V_reset") == new_reset);
    CHECK(pop.param("V_th") == new_th);
    CHECK(session.network().spec().populations[exc].params.at("V_th").a == new_th);
  }
  SUBCASE("one bad value: nothing changes") {
    const auto id = session.submit(SetParams{{ParamTarget::Kind::Population, exc}, {{"V_reset", new_reset}, {"V_th", new_th}, {"tau_m", 0.0}}});
    session.advance(0);
    const Observations o = session.observe(reader);
    const CommandVerdict* v = verdict_of(o, id);
    REQUIRE(v);
    CHECK_FALSE(v->applied);
    CHECK(v->command == "SetParams");
    CHECK(v->reason.find("tau_m") != std::string::npos);
    CHECK(pop.param("V_reset") == v_reset);
    CHECK(pop.param("V_th") == v_th);
    CHECK(pop.param("tau_m") == tau_m);
  }
  SUBCASE("a learning rule as target") {
    auto spec = test::pattern_task(2, 1, 100.0, 0.0);
    spec.experiment.reset();
    Session learning(build(spec));
    const Session::ReaderId r = learning.open_reader();
    const auto ok = learning.submit(SetParams{{ParamTarget::Kind::Plasticity, 0}, {{"A_plus", 0.01}, {"A_minus", 0.012}}});
    const auto bad = learning.submit(SetParams{{ParamTarget::Kind::Plasticity, 0}, {{"A_plus", 0.02}, {"w_max", -1.0}}});
    const auto none = learning.submit(SetParams{{ParamTarget::Kind::Plasticity, 5}, {{"A_plus", 0.02}}});
    learning.advance(0);
    const Observations o = learning.observe(r);
    CHECK(verdict_of(o, ok)->applied);
    CHECK_FALSE(verdict_of(o, bad)->applied);
    CHECK(verdict_of(o, none)->reason == "no projection 5");
    CHECK(learning.network().plasticity(0)->param("A_plus") == 0.01);
    CHECK(learning.network().plasticity(0)->param("A_minus") == 0.012);
    CHECK(o.facts->projections[0].rule_params.size() == learning.network().plasticity(0)->param_descs().size());
  }
}

TEST_CASE("Session: an experiment's schedule runs through advance, and a reset starts it again") {
  auto spec = test::pattern_task(2, 2, 200.0, 100.0);
  Session session(build(spec));
  REQUIRE(session.experiment());
  const Session::ReaderId reader = session.open_reader();
  while (session.experiment_running()) session.advance(250);
  const Observations done = session.observe(reader);
  CHECK(done.experiment.present);
  CHECK(done.experiment.done);
  CHECK(done.experiment.phases_done == 4);
  CHECK(done.step == 6000);
  // After an evaluation the rules learn again once reset.
  session.submit(ResetNetwork{});
  session.advance(10);
  CHECK(session.experiment_running());
  CHECK(session.network().plasticity(0)->param("learn") == 1.0);
  CHECK(session.observe(reader).experiment.phases_done == 0);
}

TEST_CASE("SessionRunner: the worker thread gives the inline run's spikes, spike for spike") {
  const auto spec = small_network(11);
  const std::int64_t steps = 3000;
  Session inline_session(build(spec));
  const Session::ReaderId reader = inline_session.open_reader();
  inline_session.advance(steps);
  const std::vector<SpikeEvent> want = inline_session.observe(reader).spikes;
  REQUIRE(want.size() > 1000);

  SUBCASE("flat out") {
    Session session(build(spec));
    SessionRunner runner(session);
    runner.set_speed(std::numeric_limits<double>::infinity());
    runner.set_step_limit(steps);
    runner.set_paused(false);
    std::vector<SpikeEvent> got;
    while (runner.step_index() < steps) {  // the "frames" take whatever has come
      Observations o = runner.take();
      got.insert(got.end(), o.spikes.begin(), o.spikes.end());
    }
    runner.wait_idle();
    Observations o = runner.take();
    got.insert(got.end(), o.spikes.begin(), o.spikes.end());
    check_same_spikes(got, want);
  }
  SUBCASE("lockstep, in requests of uneven size") {
    Session session(build(spec));
    SessionRunner runner(session);
    runner.set_lockstep(true);
    runner.set_paused(false);
    std::vector<SpikeEvent> got;
    std::int64_t asked = 0;
    for (int i = 0; asked < steps; ++i) {
      const std::int64_t n = std::min<std::int64_t>(steps - asked, 1 + (i * 37) % 211);
      runner.request_steps(n);
      asked += n;
      runner.wait_idle();
      CHECK(runner.step_index() == asked);
      Observations o = runner.take();
      got.insert(got.end(), o.spikes.begin(), o.spikes.end());
    }
    check_same_spikes(got, want);
  }
  SUBCASE("fast real time") {
    Session session(build(spec));
    SessionRunner runner(session);
    runner.set_speed(20.0);  // 300 ms simulated in about 15 ms of wall time
    runner.set_step_limit(steps);
    runner.set_paused(false);
    runner.wait_idle();
    while (runner.step_index() < steps) runner.wait_idle();
    check_same_spikes(runner.take().spikes, want);
  }
}

TEST_CASE("SessionRunner: commands submitted while paused are applied and reported") {
  Session session(build(small_network()));
  SessionRunner runner(session);
  const auto id = runner.submit(SetParam{1, "tau_m", -3.0});
  runner.wait_idle();
  const Observations o = runner.take();
  REQUIRE(o.verdicts.size() == 1);
  CHECK(o.verdicts[0].id == id);
  CHECK_FALSE(o.verdicts[0].applied);
  CHECK(runner.step_index() == 0);
  CHECK(runner.with_session([](Session& s) { return s.step_index(); }) == 0);
}

}  // TEST_SUITE

}  // namespace neurosim
