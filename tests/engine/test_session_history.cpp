// SessionHistory (session_history.hpp): periodic checkpoints and a seek that re-simulates.
// The reference throughout is the same Session run without a history: a seek must land on its
// state and its spikes bit for bit, commands included, and a resumed branch must go on as it.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/session_helpers.hpp"
#include "engine/spec_helpers.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_history.hpp"
#include "neurosim/session_runner.hpp"

namespace neurosim {
namespace {

// 200 Poisson inputs onto 80 excitatory and 20 inhibitory LIF neurons (a few hundred spikes per
// 100 ms), with an STDP rule on the input projection so that weights carry history too.
ScenarioSpec small_network() {
  auto spec = test::scenario(0.1, {test::population("in", "poisson", 200, {{"rate", Distribution::constant(40.0)}}),
                                   test::population("exc", "lif", 80), test::population("inh", "lif", 20)});
  spec.seed = 11;
  const auto rule = ConnectivitySpec::Rule::FixedProbability;
  auto in_exc = test::projection("in", "exc", rule, Distribution::constant(2.0), Distribution::constant(1.0));
  in_exc.connectivity.p = 0.2;
  in_exc.plasticity = PlasticitySpec{};
  in_exc.plasticity->rule = "stdp";
  auto exc_inh = test::projection("exc", "inh", rule, Distribution::constant(1.0), Distribution::uniform(0.5, 2.0));
  exc_inh.connectivity.p = 0.1;
  auto inh_exc = test::projection("inh", "exc", rule, Distribution::constant(-2.0), Distribution::constant(1.0));
  inh_exc.connectivity.p = 0.2;
  spec.projections = {in_exc, exc_inh, inh_exc};
  return spec;
}

std::unique_ptr<Network> build(const ScenarioSpec& spec) { return test::build_or_fail(spec); }
using test::Spike;
using test::spikes_of;

// The spikes of `all` in steps [from, to).
std::vector<Spike> between(const std::vector<Spike>& all, std::int64_t from, std::int64_t to) {
  std::vector<Spike> out;
  for (const Spike& s : all)
    if (s.step >= from && s.step < to) out.push_back(s);
  return out;
}

using test::state_of;

const SetParams kSlower{{ParamTarget::Kind::Population, 1}, {{"tau_m", 35.0}}};

// The reference: the same run without a history, with kSlower submitted before step
// `command_at` (none when negative).
struct Reference {
  Session session;
  Session::ReaderId reader;
  std::vector<Spike> spikes;
  explicit Reference(const ScenarioSpec& spec) : session(build(spec)), reader(session.open_reader()) {}
  void to(std::int64_t step, std::int64_t command_at = -1) {
    while (session.step_index() < step) {
      const std::int64_t now = session.step_index();
      if (now == command_at) session.submit(kSlower);
      const std::int64_t next = command_at > now ? std::min(step, command_at) : step;
      session.advance(next - now);
      const auto more = spikes_of(session.observe(reader));
      spikes.insert(spikes.end(), more.begin(), more.end());
    }
  }
};

}  // namespace

TEST_SUITE("session history") {

TEST_CASE("SessionHistory: a seek back and forth lands on the uninterrupted run's state and spikes, bit for bit") {
  const ScenarioSpec spec = small_network();
  Reference ref(spec);
  ref.to(3000);
  REQUIRE(ref.spikes.size() > 500);

  Session session(build(spec));
  SessionHistory history(session, {.interval_ms = 10.0, .window_ms = 1000.0});
  const Session::ReaderId reader = session.open_reader();
  // Uneven chunks, as a worker paced by the wall clock steps.
  for (int chunk = 1; session.step_index() < 3000; chunk = chunk % 53 + 7)
    session.advance(std::min<std::int64_t>(chunk, 3000 - session.step_index()));
  (void)session.observe(reader);
  CHECK(history.coverage().checkpoints == 30);

  for (const std::int64_t target : {1234, 2999, 15, 3000, 2000}) {
    INFO("seek to step " << target);
    REQUIRE(history.seek(target) == "");
    CHECK(session.step_index() == target);
    const Observations o = session.observe(reader);
    CHECK(o.restarted);
    // Spikes regenerated from the checkpoint at or before the target (every 100 steps, the
    // last at 2900) to it.
    const std::int64_t from = std::min<std::int64_t>(target / 100 * 100, 2900);
    CHECK(spikes_of(o) == between(ref.spikes, from, target));
    CHECK(history.coverage().rewound == (target < 3000));
  }
  // The state at 2000 is the reference's at 2000: go on from there (a branch with no change)
  // and the rest of the run is the reference's.
  session.advance(1000);
  CHECK(spikes_of(session.observe(reader)) == between(ref.spikes, 2000, 3000));
  CHECK(state_of(session) == state_of(ref.session));
}

TEST_CASE("SessionHistory: a user command between checkpoints is replayed at its step") {
  const ScenarioSpec spec = small_network();
  Reference ref(spec);
  ref.to(1260, /*command_at=*/1234);
  const std::vector<std::byte> at_1260 = state_of(ref.session);
  ref.to(2000);
  const std::vector<std::byte> at_2000 = state_of(ref.session);
  ref.to(3000);

  Session session(build(spec));
  SessionHistory history(session, {.interval_ms = 10.0, .window_ms = 1000.0, .lead_ms = 50.0});
  const Session::ReaderId reader = session.open_reader();
  session.advance(1234);
  session.submit(kSlower);
  session.advance(3000 - 1234);
  int verdicts = 0;
  for (const CommandVerdict& v : session.observe(reader).verdicts) verdicts += v.command == "SetParams" ? 1 : 0;
  CHECK(verdicts == 1);

  REQUIRE(history.seek(1000) == "");
  CHECK(session.network().population(1).param("tau_m") != doctest::Approx(35.0));  // before the command
  REQUIRE(history.seek(2000) == "");
  CHECK(session.network().population(1).param("tau_m") == doctest::Approx(35.0));
  CHECK(state_of(session) == at_2000);
  // The lead: spikes from the checkpoint 50 ms before the target on, crossing the command.
  REQUIRE(history.seek(1260) == "");
  CHECK(spikes_of(session.observe(reader)) == between(ref.spikes, 700, 1260));
  CHECK(session.network().population(1).param("tau_m") == doctest::Approx(35.0));
  CHECK(state_of(session) == at_1260);
  REQUIRE(history.seek(3000) == "");
  CHECK(state_of(session) == state_of(ref.session));
  // The command's verdict was reported once, when it applied, not again by the replays.
  verdicts = 0;
  for (const CommandVerdict& v : session.observe(reader).verdicts) verdicts += v.command == "SetParams" ? 1 : 0;
  CHECK(verdicts == 0);
}

TEST_CASE("SessionHistory: resuming after a seek back branches and drops the later history") {
  const ScenarioSpec spec = small_network();
  Session session(build(spec));
  SessionHistory history(session, {.interval_ms = 10.0, .window_ms = 1000.0});
  session.advance(2500);
  session.submit(kSlower);  // applied at step 2500, on the branch about to be dropped
  session.advance(500);
  REQUIRE(history.seek(1500) == "");
  HistoryCoverage c = history.coverage();
  CHECK(c.rewound);
  CHECK(c.last_step == 3000);
  CHECK(c.checkpoints == 30);
  // Looking without stepping (the paused window's advance(0)) keeps the later history.
  session.advance(0);
  c = history.coverage();
  CHECK(c.rewound);
  CHECK(c.last_step == 3000);
  CHECK(c.checkpoints == 30);

  session.advance(100);  // resume: a new branch from 1500
  c = history.coverage();
  CHECK_FALSE(c.rewound);
  CHECK(c.checkpoints == 16);  // steps 0 .. 1500
  CHECK(history.seek(2500) == "t = 250 ms is outside the history kept (0 ms to 160 ms)");
  // The dropped command is not replayed: the new branch runs as a run without it.
  session.advance(1400);
  CHECK(session.network().population(1).param("tau_m") != doctest::Approx(35.0));
  Reference ref(spec);
  ref.to(3000);
  CHECK(state_of(session) == state_of(ref.session));
  // A seek into the new branch still lands where a run without the command would.
  REQUIRE(history.seek(2700) == "");
  Reference ref2(spec);
  ref2.to(2700);
  CHECK(state_of(session) == state_of(ref2.session));
}

TEST_CASE("SessionHistory: the memory bound holds, the oldest checkpoints go first, and a seek outside is refused") {
  const ScenarioSpec spec = small_network();
  Session session(build(spec));
  SessionHistory history(session, {.interval_ms = 10.0, .window_ms = 100000.0});
  session.advance(1);
  const std::size_t one = history.coverage().bytes;
  REQUIRE(one > 1000);

  SUBCASE("byte budget") {
    // Checkpoints share what did not change since the one before: more than 3.5 whole ones fit
    // less their capture buffer (this network's state is small and mostly changing; the sharing
    // itself is checked in test_checkpoint_blocks.cpp).
    const std::size_t budget = one * 7 / 2;
    history.set_options({.interval_ms = 10.0, .window_ms = 100000.0, .budget_bytes = budget, .fit_window = false});
    std::size_t most = 0;
    for (int i = 0; i < 40; ++i) {
      session.advance(100);
      const HistoryCoverage c = history.coverage();
      INFO("step " << session.step_index());
      CHECK(c.bytes <= budget);
      CHECK(c.checkpoint_new_bytes <= c.checkpoint_bytes);
      most = std::max(most, c.checkpoints);
    }
    const HistoryCoverage c = history.coverage();
    CHECK(c.checkpoints >= 2);
    CHECK(c.checkpoints < 41);  // the budget bound them: the oldest went
    CHECK(c.checkpoints == most);
    // The newest are kept, one every 100 steps up to 4000.
    const std::int64_t first = 4000 - 100 * static_cast<std::int64_t>(c.checkpoints - 1);
    CHECK(c.first_step == first);
    const std::string range = " is outside the history kept (" + std::to_string(first / 10) + " ms to 400.1 ms)";
    CHECK(history.seek(first - 1) == "t = " + std::to_string(first / 10 - 1) + ".9 ms" + range);
    CHECK(history.seek(5000) == "t = 500 ms" + range);
    CHECK(session.step_index() == 4001);  // a refused seek changes nothing
    CHECK(history.seek(first + 50) == "");
  }
  SUBCASE("the interval grows so that the window fits in the budget") {
    history.set_options({.interval_ms = 10.0, .window_ms = 1000.0, .budget_bytes = one * 17 / 2});
    session.advance(29999);
    const HistoryCoverage c = history.coverage();
    CHECK(c.interval_ms >= 10.0);
    CHECK(c.bytes <= one * 17 / 2);
    CHECK(c.last_step - c.first_step == 10000);  // the whole window
    CHECK(history.seek(c.first_step) == "");
    CHECK(history.seek(c.first_step - 1) != "");
  }
  SUBCASE("time window") {
    history.set_options({.interval_ms = 10.0, .window_ms = 250.0});
    session.advance(3999);
    const HistoryCoverage c = history.coverage();
    // One checkpoint at or before the window's start is kept, so all of it can be reached.
    CHECK(c.checkpoints == 26);  // 1400 .. 3900: 1400 was the one at or before the window's start when 3900 came
    CHECK(c.first_step == 4000 - 2500);
    CHECK(history.seek(1499) != "");
    CHECK(history.seek(1500) == "");
  }
  SUBCASE("a checkpoint larger than the budget: none is kept, and the note says why") {
    history.set_options({.interval_ms = 10.0, .window_ms = 1000.0, .budget_bytes = one / 2});
    session.advance(500);
    const HistoryCoverage c = history.coverage();
    CHECK(c.checkpoints == 0);
    CHECK(c.bytes == 0);
    CHECK(c.note.find("more than the budget") != std::string::npos);
    CHECK(2 * c.checkpoint_bytes > one / 2);  // a checkpoint and the buffer it is captured into
    CHECK(history.seek(100) == c.note);
  }
}

TEST_CASE("SessionHistory: a reset starts the history again at t = 0") {
  Session session(build(small_network()));
  SessionHistory history(session, {.interval_ms = 10.0, .fit_window = false});
  session.advance(1000);
  session.submit(ResetNetwork{});
  session.submit(kSlower);  // at step 0 of the new run, after the reset
  session.advance(300);
  const HistoryCoverage c = history.coverage();
  CHECK(c.checkpoints == 3);  // 0, 100, 200 of the new run
  REQUIRE(history.seek(0) == "");
  // The checkpoint at 0 is from before the command, which the seek re-applied (step 0 is the
  // target: the command at it is not yet applied).
  CHECK(session.network().population(1).param("tau_m") != doctest::Approx(35.0));
  REQUIRE(history.seek(50) == "");  // from the checkpoint at 0, the command replayed at 0
  CHECK(session.network().population(1).param("tau_m") == doctest::Approx(35.0));
}

TEST_CASE("SessionHistory: a seek with the worker thread paused, then resumed, gives the inline run's spikes") {
  const ScenarioSpec spec = small_network();
  Reference ref(spec);
  ref.to(2000);
  Session session(build(spec));
  SessionHistory history(session, {.interval_ms = 10.0, .fit_window = false});
  std::vector<Spike> seen;
  {
    SessionRunner runner(session);
    runner.set_step_limit(1500);
    runner.set_speed(std::numeric_limits<double>::infinity());
    runner.set_paused(false);
    // Read the coverage from this thread while the worker steps (the scrubber does).
    while (runner.step_index() < 1500) {
      const HistoryCoverage c = history.coverage();
      CHECK(c.checkpoints <= 16);
      std::this_thread::yield();
    }
    runner.wait_idle();
    runner.set_paused(true);
    (void)runner.take();
    const std::string why = runner.with_session([&](Session&) { return history.seek(700); });
    REQUIRE(why == "");
    runner.with_session([&](Session&) { runner.observe_now(); });
    const Observations o = runner.take();
    CHECK(o.restarted);
    seen = spikes_of(o);
    runner.set_step_limit(2000);
    runner.set_paused(false);
    while (runner.step_index() < 2000) std::this_thread::yield();
    runner.wait_idle();
    const auto more = spikes_of(runner.take());
    seen.insert(seen.end(), more.begin(), more.end());
  }
  CHECK(seen == between(ref.spikes, 700, 2000));
  CHECK(history.coverage().last_step <= 2000);
  CHECK(state_of(session) == state_of(ref.session));
}

TEST_CASE("SessionHistory: a seek posted to the worker thread runs there; the next observation holds the re-simulated span") {
  const ScenarioSpec spec = small_network();
  Reference ref(spec);
  ref.to(1800);
  Session session(build(spec));
  SessionHistory history(session, {.interval_ms = 10.0, .fit_window = false});
  std::vector<Spike> seen;
  {
    SessionRunner runner(session);
    runner.request_steps(1500);  // paused: done all the same
    runner.wait_idle();
    (void)runner.take();
    std::string why = "not run";
    std::thread::id ran_on;
    bool seeking_inside = true;
    runner.post([&](Session&) {
      why = history.seek(700);
      ran_on = std::this_thread::get_id();
      seeking_inside = history.coverage().seeking();
    });
    // The caller goes on while the seek runs; the coverage it reads stays within the history.
    while (runner.job_pending()) {
      const HistoryCoverage c = history.coverage();
      CHECK(c.seek_progress() >= 0.0);
      CHECK(c.seek_progress() <= 1.0);
      if (c.seeking()) {
        CHECK(c.seek_to_step == 700);
        CHECK(c.last_step == 1500);  // the later history stays in view while it re-simulates
      }
      std::this_thread::yield();
    }
    runner.wait_idle();
    REQUIRE(why == "");
    CHECK(ran_on != std::this_thread::get_id());
    CHECK_FALSE(seeking_inside);  // done when seek() returns
    CHECK_FALSE(history.coverage().seeking());
    CHECK(history.coverage().now_step == 700);
    CHECK(history.coverage().last_step == 1500);
    const Observations o = runner.take();
    CHECK(o.restarted);
    CHECK(o.step == 700);
    seen = spikes_of(o);
    runner.request_steps(1100);
    runner.wait_idle();
    const auto more = spikes_of(runner.take());
    seen.insert(seen.end(), more.begin(), more.end());
  }
  // From the checkpoint the seek restarted at (at most 700) to 1800, as the run without a history.
  REQUIRE_FALSE(seen.empty());
  CHECK(seen == between(ref.spikes, seen.front().step, 1800));
  CHECK(state_of(session) == state_of(ref.session));
}

TEST_CASE("SessionHistory: long advances on two threads take the checkpoints, timeline entries and spikes of single steps on one") {
  // No learning rule: a network whose steps between checkpoints and entries run in one round
  // of its threads (Network::run). Entries at times off the checkpoints' grid.
  ScenarioSpec spec = small_network();
  spec.projections[0].plasticity.reset();
  TimelineEntry slower;
  slower.t_ms = 23.45;
  slower.kind = TimelineEntry::Kind::Set;
  slower.set = {{"populations.exc.params.tau_m", "35"}};
  TimelineEntry note;
  note.t_ms = 180.0;
  note.note = "halfway";
  spec.timeline = {slower, note};

  struct Run {
    std::unique_ptr<Session> session;
    std::unique_ptr<SessionHistory> history;
    Session::ReaderId reader = 0;
    std::vector<Spike> spikes;
  };
  const auto start = [&](int threads) {
    Run r;
    auto net = build(spec);
    net->set_threads(threads);
    REQUIRE(net->threads() == threads);
    r.session = std::make_unique<Session>(std::move(net));
    r.history = std::make_unique<SessionHistory>(*r.session, HistoryOptions{.interval_ms = 7.3, .window_ms = 1000.0});
    r.reader = r.session->open_reader();
    return r;
  };
  Run one = start(1), two = start(2);
  CHECK(two.session->network().runs_in_one_round());
  for (std::int64_t s = 0; s < 3000; ++s) {
    one.session->advance(1);
    const auto more = spikes_of(one.session->observe(one.reader));
    one.spikes.insert(one.spikes.end(), more.begin(), more.end());
  }
  for (const std::int64_t chunk : {1000, 1, 999, 1000}) two.session->advance(chunk);
  two.spikes = spikes_of(two.session->observe(two.reader));
  REQUIRE(one.spikes.size() > 500);
  CHECK(two.spikes == one.spikes);
  CHECK(state_of(*two.session) == state_of(*one.session));
  const auto& e1 = one.session->timeline_events();
  const auto& e2 = two.session->timeline_events();
  REQUIRE(e1.size() == 2);
  REQUIRE(e2.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) CHECK(e2[i].step == e1[i].step);
  CHECK(e1[0].step == 234);  // 23.45 ms rounds to step 234
  const HistoryCoverage c1 = one.history->coverage(), c2 = two.history->coverage();
  CHECK(c2.checkpoints == c1.checkpoints);
  CHECK(c2.first_step == c1.first_step);
  CHECK(c2.last_step == c1.last_step);
  CHECK(c1.checkpoints >= 40);
  // A seek in each lands on the same state.
  REQUIRE(one.history->seek(1234) == "");
  REQUIRE(two.history->seek(1234) == "");
  CHECK(state_of(*two.session) == state_of(*one.session));
}

}  // TEST_SUITE

}  // namespace neurosim
