// Lesson timelines (timeline.hpp): the "timeline" of a scenario file, its checks named per field,
// entries applied by the Session at their step exactly as the same commands submitted by hand,
// `neurosim run` with a timeline, reset, and the recorder's round trip through a saved scenario.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/sweep_command.hpp"
#include "io/edit_network.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/io/state_file.hpp"
#include "neurosim/session.hpp"
#include "neurosim/timeline.hpp"

using namespace neurosim;

namespace {

// The shared E/I network (edit_network.hpp) with a step current of 0 pA: a few hundred spikes
// in 100 ms from a fixed seed.
std::string network_json(const std::string& timeline = "") { return test::ei_network_json("tl", 3, 0, timeline); }

// The teaching timeline the tests play: every kind of live change, two at the same time, one
// time that is not a whole step (20.04 ms -> step 200), and a note.
const std::string kTimeline = R"([
  {"t_ms": 20, "set": {"projections.ie.weight_scale": 3}},
  {"t_ms": 20.04, "set": {"populations.exc.params.V_th": -52, "populations.exc.params.V_reset": -60}},
  {"t_ms": 30, "note": "more drive"},
  {"t_ms": 40, "set": {"stimuli.step.amplitude": 300}},
  {"t_ms": 55, "add_neurons": {"population": "exc", "count": 5}},
  {"t_ms": 70, "set": {"projections.ii.enabled": false, "projections[1].delay_ms": 2}}
])";

ScenarioSpec parse_ok(const std::string& text) { return test::parse_ok(text, "tl.json"); }

std::vector<std::string> errors_of(const std::string& text) {
  std::vector<std::string> out;
  for (const SpecError& e : io::parse_scenario(text, "tl.json").errors) out.push_back(e.text());
  return out;
}

bool has(const std::vector<std::string>& errors, const std::string& text) {
  const bool found = std::find(errors.begin(), errors.end(), text) != errors.end();
  if (!found)
    for (const std::string& e : errors) MESSAGE(e);
  return found;
}

std::unique_ptr<Network> build(const ScenarioSpec& spec) { return test::build_or_fail(spec); }
using test::Spike;

// Steps `steps` in uneven chunks and returns every spike seen.
std::vector<Spike> run_steps(Session& session, Session::ReaderId reader, std::int64_t steps) {
  std::vector<Spike> out;
  std::int64_t done = 0;
  int chunk = 1;
  while (done < steps) {
    const std::int64_t n = std::min<std::int64_t>(chunk, steps - done);
    session.advance(n);
    done += n;
    chunk = chunk % 37 + 3;
    for (const SpikeEvent& e : session.observe(reader).spikes) out.push_back({e.step, e.population, e.neuron});
  }
  return out;
}

// A live session that records its edits, its reader, and every spike it has shown so far.
struct RecordingRun {
  Session live;
  Session::ReaderId reader;
  std::vector<Spike> spikes;
  RecordingRun(const ScenarioSpec& spec, std::int64_t first_steps) : live(build(spec)) {
    live.set_recording(true);
    reader = live.open_reader();
    spikes = run_steps(live, reader, first_steps);
  }
  void run(std::int64_t steps) {
    const std::vector<Spike> more = run_steps(live, reader, steps);
    spikes.insert(spikes.end(), more.begin(), more.end());
  }
};

// The same changes as kTimeline, submitted by hand before the step each entry names.
std::vector<Spike> run_by_hand(const ScenarioSpec& spec_without_timeline) {
  Session session(build(spec_without_timeline));
  const Session::ReaderId reader = session.open_reader();
  std::vector<Spike> spikes;
  const auto to = [&](std::int64_t step) {
    auto more = run_steps(session, reader, step - session.step_index());
    spikes.insert(spikes.end(), more.begin(), more.end());
  };
  to(200);
  session.submit(SetProjection{0, 3.0});
  session.submit(SetParams{{ParamTarget::Kind::Population, 1}, {{"V_th", -52.0}, {"V_reset", -60.0}}});
  to(400);
  session.submit(SetStimulus{0, StimulusParams{300.0, 0.0, 0.0, std::numeric_limits<double>::infinity()}});
  to(550);
  session.submit(AddNeurons{1, 5});
  to(700);
  SetProjection off{2};
  off.enabled = false;
  session.submit(off);
  SetProjection slower{1};
  slower.delay_ms = 2.0;
  session.submit(slower);
  to(1000);
  for (const CommandVerdict& v : session.observe(reader).verdicts) CHECK_MESSAGE(v.applied, v.command << ": " << v.reason);
  return spikes;
}

}  // namespace

TEST_SUITE("timeline") {

TEST_CASE("A timeline is read, written back and read again to the same entries") {
  const ScenarioSpec spec = parse_ok(network_json(kTimeline));
  REQUIRE(spec.timeline.size() == 6);
  CHECK(spec.timeline[0].kind == TimelineEntry::Kind::Set);
  CHECK(spec.timeline[0].set == std::vector<std::pair<std::string, std::string>>{{"projections.ie.weight_scale", "3"}});
  CHECK(spec.timeline[1].set.size() == 2);
  CHECK(spec.timeline[2].kind == TimelineEntry::Kind::Note);
  CHECK(spec.timeline[2].note == "more drive");
  CHECK(spec.timeline[4].kind == TimelineEntry::Kind::AddNeurons);
  CHECK(spec.timeline[4].population == "exc");
  CHECK(spec.timeline[4].count == 5);
  CHECK(spec.timeline[5].set[0] == std::pair<std::string, std::string>{"projections.ii.enabled", "false"});
  const ScenarioSpec again = parse_ok(io::scenario_to_json(spec));
  REQUIRE(again.timeline.size() == spec.timeline.size());
  for (std::size_t i = 0; i < spec.timeline.size(); ++i) {
    CHECK(again.timeline[i].t_ms == spec.timeline[i].t_ms);
    CHECK(again.timeline[i].kind == spec.timeline[i].kind);
    CHECK(again.timeline[i].set == spec.timeline[i].set);
    CHECK(again.timeline[i].note == spec.timeline[i].note);
  }
}

TEST_CASE("validate names the field of every bad timeline entry") {
  const auto errors = errors_of(network_json(R"([
    {"t_ms": -1, "note": "x"},
    {"t_ms": 5, "set": {"populations.nope.params.V_th": -50}},
    {"t_ms": 5, "set": {"populations.exc.params.tau_m": 0}},
    {"t_ms": 5, "colour": 1, "note": "y"},
    {"t_ms": 5, "set": {"populations.exc.params.V_th": "nan"}},
    {"t_ms": 5, "add_population": {"name": "new", "model": "squid"}},
    {"t_ms": 5, "set": {"populations.exc.size": 3}},
    {"t_ms": 5, "set": {"projections.ie.weight_scale": -1}},
    {"t_ms": 5, "add_neurons": {"population": "ghost", "count": 2}},
    {"t_ms": 5},
    {"t_ms": 5, "note": "a", "set": {"projections.ie.enabled": true}},
    {"note": "no time"},
    {"t_ms": 5, "set": {"projections.ie.receptor": "sideways"}},
    {"t_ms": 5, "set": {"projections.ie.weight_scale": [1]}},
    {"t_ms": 5, "set": {"populations.exc.params.bogus": 1}},
    {"t_ms": "soon", "note": "z"}
  ])"));
  CHECK(has(errors, "timeline[0].t_ms: must be >= 0 (got -1)"));
  CHECK(has(errors, "timeline[1].set[\"populations.nope.params.V_th\"]: unknown population 'nope'"));
  CHECK(has(errors, "timeline[2].set[\"populations.exc.params.tau_m\"]: populations[1].params.tau_m: must be > 0 (got 0)"));
  CHECK(has(errors, "timeline[3].colour: unknown key"));
  CHECK(has(errors, "timeline[4].set[\"populations.exc.params.V_th\"]: must be a finite number (got nan)"));
  bool model_refused = false;
  for (const std::string& e : errors) model_refused = model_refused || e.starts_with("timeline[5].add_population: populations[3].model: unknown model \"squid\"");
  CHECK(model_refused);
  bool size_refused = false, scale_refused = false;
  for (const std::string& e : errors) {
    size_refused = size_refused || e.starts_with("timeline[6].set[\"populations.exc.size\"]: cannot change while the network runs");
    scale_refused = scale_refused || (e.starts_with("timeline[7].set[\"projections.ie.weight_scale\"]: ") && e.find("between 0 and 10000") != std::string::npos);
  }
  CHECK(size_refused);
  CHECK(scale_refused);
  CHECK(has(errors, "timeline[8].add_neurons.population: unknown population 'ghost'"));
  CHECK(has(errors, "timeline[9]: needs one of \"set\", \"note\", \"add_neurons\", \"add_population\", \"add_projection\", \"add_stimulus\", \"remove\", "
                    "\"rename\", \"change_population\" or \"change_projection\""));
  CHECK(has(errors, "timeline[10]: holds more than one of \"set\", \"note\", \"add_neurons\", \"add_population\", ... (one entry each)"));
  CHECK(has(errors, "timeline[11].t_ms: required but missing"));
  CHECK(has(errors, "timeline[12].set[\"projections.ie.receptor\"]: must be \"exc\" or \"inh\" (got sideways)"));
  CHECK(has(errors, "timeline[13].set[\"projections.ie.weight_scale\"]: must be a number, true/false or a string (got array)"));
  bool bogus = false;
  for (const std::string& e : errors) bogus = bogus || e.starts_with("timeline[14].set[\"populations.exc.params.bogus\"]: populations[1].params.bogus: unknown parameter");
  CHECK(bogus);
  CHECK(has(errors, "timeline[15].t_ms: must be a number (got string)"));
  CHECK(errors.size() == 16);
  CHECK(has(errors_of(network_json(R"({"t_ms": 1})")), "timeline: must be an array of entries (got object)"));
}

TEST_CASE("Later entries are judged against the scenario the earlier ones leave") {
  // V_reset above the old threshold is fine once an earlier entry raised V_th...
  CHECK(errors_of(network_json(R"([{"t_ms": 1, "set": {"populations.exc.params.V_th": -40}},
                                   {"t_ms": 2, "set": {"populations.exc.params.V_reset": -45}}])")).empty());
  // ...and refused without it; one entry may move both together.
  CHECK_FALSE(errors_of(network_json(R"([{"t_ms": 2, "set": {"populations.exc.params.V_reset": -45}}])")).empty());
  CHECK(errors_of(network_json(R"([{"t_ms": 2, "set": {"populations.exc.params.V_th": -40, "populations.exc.params.V_reset": -45}}])")).empty());
}

TEST_CASE("Timeline entries apply at their step: the same spikes as the commands submitted by hand at those steps") {
  const ScenarioSpec with = parse_ok(network_json(kTimeline));
  ScenarioSpec without = with;
  without.timeline.clear();

  Session session(build(with));
  const Session::ReaderId reader = session.open_reader();
  const std::vector<Spike> timeline_spikes = run_steps(session, reader, 1000);
  const std::vector<Spike> hand_spikes = run_by_hand(without);
  REQUIRE(timeline_spikes.size() > 200);
  CHECK(timeline_spikes.size() == hand_spikes.size());
  CHECK(timeline_spikes == hand_spikes);

  // The changes matter: the plain run differs, and differs from step 200 on only.
  Session plain(build(without));
  const Session::ReaderId plain_reader = plain.open_reader();
  const std::vector<Spike> plain_spikes = run_steps(plain, plain_reader, 1000);
  CHECK(plain_spikes != timeline_spikes);
  const auto before = [](const std::vector<Spike>& s, std::int64_t step) {
    std::vector<Spike> out;
    for (const Spike& x : s)
      if (x.step < step) out.push_back(x);
    return out;
  };
  CHECK(before(plain_spikes, 200) == before(timeline_spikes, 200));
  CHECK(before(plain_spikes, 300) != before(timeline_spikes, 300));  // weight x3 felt within 10 ms

  // Each entry's event names the step it applied at; the network is as the entries left it.
  const std::vector<TimelineEvent>& events = session.timeline_events();
  REQUIRE(events.size() == 6);
  const std::int64_t steps[] = {200, 200, 300, 400, 550, 700};
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].index == static_cast<int>(i));
    CHECK(events[i].step == steps[i]);
    CHECK(events[i].applied);
  }
  CHECK(events[2].kind == "note");
  CHECK(events[2].detail == "more drive");
  CHECK(session.network().population(1).size() == 45);
  CHECK(session.network().projection(0).weight_scale() == doctest::Approx(3.0));
  CHECK_FALSE(session.network().projection(2).enabled());
}

TEST_CASE("A timeline entry the network refuses is a verdict, never dropped, and changes nothing") {
  ScenarioSpec spec = parse_ok(network_json());
  // Built in code, past validate: a time constant of 0 and a growth of a spike source.
  TimelineEntry bad;
  bad.t_ms = 1.0;
  bad.kind = TimelineEntry::Kind::Set;
  bad.set = {{"populations.exc.params.tau_m", "0"}, {"projections.ie.weight_scale", "2"}};
  TimelineEntry grow_source;
  grow_source.t_ms = 1.0;
  grow_source.kind = TimelineEntry::Kind::AddNeurons;
  grow_source.population = "in";
  grow_source.count = 3;
  spec.timeline = {bad, grow_source};
  Session session(build(spec));
  const Session::ReaderId reader = session.open_reader();
  session.advance(20);
  const Observations obs = session.observe(reader);
  REQUIRE(obs.verdicts.size() == 2);
  CHECK(obs.verdicts[0].command == "timeline[0] set");
  CHECK_FALSE(obs.verdicts[0].applied);
  CHECK(obs.verdicts[0].reason.find("tau_m") != std::string::npos);
  CHECK(obs.verdicts[0].step == 10);
  CHECK(obs.verdicts[1].command == "timeline[1] add_neurons");
  CHECK_FALSE(obs.verdicts[1].applied);
  CHECK(session.network().projection(0).weight_scale() == doctest::Approx(1.0));  // all or nothing
  CHECK(session.network().population(0).size() == 100);
  REQUIRE(session.timeline_events().size() == 2);
  CHECK_FALSE(session.timeline_events()[0].applied);
}

TEST_CASE("A reset starts the timeline again: the second pass repeats the first") {
  // Every entry but the growth (added neurons stay after a reset): the values the entries
  // changed go back with the reset, so the second pass starts from the scenario's own.
  ScenarioSpec spec = parse_ok(network_json(kTimeline));
  spec.timeline.erase(spec.timeline.begin() + 4);
  Session session(build(spec));
  const Session::ReaderId reader = session.open_reader();
  const std::vector<Spike> first = run_steps(session, reader, 800);
  REQUIRE(session.timeline_events().size() == 5);
  CHECK(session.network().projection(0).weight_scale() == doctest::Approx(3.0));
  session.submit(ResetNetwork{});
  session.advance(0);
  CHECK(session.timeline_events().empty());
  CHECK(session.network().projection(0).weight_scale() == doctest::Approx(1.0));
  CHECK(session.network().population(1).param("V_th") == doctest::Approx(-55.0));
  CHECK(session.network().stimulus(0).params().amplitude == doctest::Approx(0.0));
  CHECK(session.network().projection(2).enabled());
  (void)session.observe(reader);
  const std::vector<Spike> second = run_steps(session, reader, 800);
  CHECK(session.timeline_events().size() == 5);
  REQUIRE(first.size() > 100);
  CHECK(first == second);
}

TEST_CASE("A saved state carries the timeline's undo list: a reset after loading puts back the values set before the cut") {
  // Entries at 20 ms (inputs x3, V_th and V_reset) and 40 ms (the step current); the state is
  // saved at 30 ms, between them, written to a file and loaded into a new Session.
  ScenarioSpec spec = parse_ok(network_json(R"([
    {"t_ms": 20, "set": {"projections.ie.weight_scale": 3, "populations.exc.params.V_th": -52, "populations.exc.params.V_reset": -60}},
    {"t_ms": 40, "set": {"stimuli.step.amplitude": 300}}])"));
  Session first(build(spec));
  first.advance(300);
  REQUIRE(first.timeline_events().size() == 1);
  Checkpoint saved;
  first.capture_state(saved);
  const auto file = test::temp_dir("timeline_undo") / "cut.state";
  io::write_state_file(file, saved, spec, "test", io::Replace::Allowed);
  io::StateFileRead read = io::read_state_file(file, spec, "test");
  REQUIRE(read.error.empty());

  Session second(build(spec));
  REQUIRE(second.restore_state(read.checkpoint).empty());
  CHECK(second.step_index() == 300);
  // The values of the entry before the cut came with the state...
  CHECK(second.network().projection(0).weight_scale() == doctest::Approx(3.0));
  CHECK(second.network().population(1).param("V_th") == doctest::Approx(-52.0));
  // ...and the timeline goes on after it: the 40 ms entry applies, the 20 ms one not again.
  second.advance(150);
  REQUIRE(second.timeline_events().size() == 1);
  CHECK(second.timeline_events()[0].index == 1);
  CHECK(second.network().stimulus(0).params().amplitude == doctest::Approx(300.0));
  // A reset gives back the scenario's own values, the ones set before the cut included.
  second.submit(ResetNetwork{});
  second.advance(0);
  CHECK(second.step_index() == 0);
  CHECK(second.network().projection(0).weight_scale() == doctest::Approx(1.0));
  const std::unique_ptr<Network> fresh = build(spec);
  CHECK(second.network().population(1).param("V_th") == fresh->population(1).param("V_th"));
  CHECK(second.network().population(1).param("V_reset") == fresh->population(1).param("V_reset"));
  CHECK(fresh->population(1).param("V_th") != doctest::Approx(-52.0));
  CHECK(second.network().stimulus(0).params().amplitude == doctest::Approx(0.0));

  // A state whose timeline reached further than this scenario's is refused, naming it, and
  // changes nothing.
  ScenarioSpec shorter = spec;
  shorter.timeline.clear();
  Session other(build(shorter));
  const std::string why = other.restore_state(saved);
  CHECK(why == "the state's timeline has reached entry 1, but this scenario's timeline has 0 entries");
  CHECK(other.step_index() == 0);
}

TEST_CASE("Recording turns applied edits into a timeline that, saved and loaded, replays the same spikes") {
  const ScenarioSpec spec = parse_ok(network_json());
  RecordingRun rec(spec, 150);
  Session& live = rec.live;
  live.submit(SetProjection{0, 2.5});
  live.submit(SetParam{1, "tau_m", 0.0});  // refused: not recorded
  live.submit(SetParams{{ParamTarget::Kind::Population, 1}, {{"V_th", -53.0}}});
  rec.run(173);
  live.submit(SetStimulus{0, StimulusParams{250.0, 5.0, 10.0, 90.0}});
  live.submit(AddNeurons{2, 4});
  SetProjection flip{2};
  flip.receptor = Receptor::Excitatory;
  live.submit(flip);
  rec.run(300);
  live.set_recording(false);
  live.submit(SetProjection{1, 0.5});  // after recording stopped: not recorded
  rec.run(377);

  const std::vector<TimelineEntry> recorded = live.recorded_timeline();
  REQUIRE(recorded.size() == 5);
  CHECK(recorded[0].t_ms == doctest::Approx(15.0));
  CHECK(recorded[0].set == std::vector<std::pair<std::string, std::string>>{{"projections.ie.weight_scale", "2.5"}});
  CHECK(recorded[1].set == std::vector<std::pair<std::string, std::string>>{{"populations.exc.params.V_th", "-53"}});
  CHECK(recorded[2].t_ms == doctest::Approx(32.3));
  CHECK(recorded[3].kind == TimelineEntry::Kind::AddNeurons);
  CHECK(recorded[4].set == std::vector<std::pair<std::string, std::string>>{{"projections.ii.receptor", "exc"}});

  // Saved as a scenario (the spec as built, with the recorded timeline) and loaded again.
  ScenarioSpec saved = spec;
  saved.timeline = recorded;
  const std::string text = io::scenario_to_json(saved);
  CHECK(text.find("\"timeline\"") != std::string::npos);
  const ScenarioSpec loaded = parse_ok(text);
  Session replay(build(loaded));
  const Session::ReaderId replay_reader = replay.open_reader();
  const std::vector<Spike> replay_spikes = run_steps(replay, replay_reader, 1000);
  // The replay lacks only the change made after recording stopped (at step 623).
  const auto before = [](const std::vector<Spike>& s, std::int64_t step) {
    std::vector<Spike> out;
    for (const Spike& x : s)
      if (x.step < step) out.push_back(x);
    return out;
  };
  REQUIRE(before(rec.spikes, 623).size() > 100);
  CHECK(before(replay_spikes, 623) == before(rec.spikes, 623));
  CHECK(replay_spikes != rec.spikes);
}

TEST_CASE("same_step switched while running: recorded, saved as \"same_step\", loaded and replayed to the same spikes") {
  const ScenarioSpec spec = parse_ok(network_json());
  RecordingRun rec(spec, 150);
  Session& live = rec.live;
  SetProjection on{1};  // ei onto lif: delay 0 within the step
  on.delay_ms = 0.0;
  on.same_step = true;
  live.submit(on);
  SetProjection back{2};  // ii: its 1 ms delay stays 10 steps, same_step or not
  back.same_step = true;
  live.submit(back);
  rec.run(250);
  CHECK(live.network().projection(1).min_delay_steps() == 0);
  CHECK(live.network().projection(2).min_delay_steps() == 10);
  SetProjection off{1};
  off.same_step = false;
  live.submit(off);
  rec.run(200);
  CHECK(live.network().projection(1).min_delay_steps() == 1);
  live.submit(on);
  rec.run(400);
  for (const CommandVerdict& v : live.observe(rec.reader).verdicts) CHECK_MESSAGE(v.applied, v.command << ": " << v.reason);

  // The recorder's entries, as --set paths with true/false.
  const std::vector<TimelineEntry> recorded = live.recorded_timeline();
  REQUIRE(recorded.size() == 4);
  CHECK(recorded[0].set == std::vector<std::pair<std::string, std::string>>{{"projections.ei.delay_ms", "0"}, {"projections.ei.same_step", "true"}});
  CHECK(recorded[1].set == std::vector<std::pair<std::string, std::string>>{{"projections.ii.same_step", "true"}});
  CHECK(recorded[2].set == std::vector<std::pair<std::string, std::string>>{{"projections.ei.same_step", "false"}});

  // The network as it now stands, saved: "same_step": true on both, and it builds to the same delays.
  const std::string now_text = io::scenario_to_json(live.network().spec());
  const ScenarioSpec now = parse_ok(now_text);
  CHECK(now.projections[1].same_step);
  CHECK(now.projections[2].same_step);
  CHECK(!now.projections[0].same_step);
  CHECK(now.projections[1].delay_ms->a == 0.0);
  const auto rebuilt = build(now);
  CHECK(rebuilt->projection(1).min_delay_steps() == 0);
  CHECK(rebuilt->projection(2).min_delay_steps() == 10);

  // The lesson (the scenario as built, with the recorded timeline) saved, loaded and replayed.
  ScenarioSpec saved = spec;
  saved.timeline = recorded;
  const std::string text = io::scenario_to_json(saved);
  CHECK(text.find("\"projections.ei.same_step\": true") != std::string::npos);
  CHECK(text.find("\"projections.ei.same_step\": false") != std::string::npos);
  const ScenarioSpec loaded = parse_ok(text);
  REQUIRE(loaded.timeline.size() == 4);
  CHECK(loaded.timeline[2].set == recorded[2].set);
  Session replay(build(loaded));
  const Session::ReaderId replay_reader = replay.open_reader();
  const std::vector<Spike> replay_spikes = run_steps(replay, replay_reader, 1000);
  REQUIRE(rec.spikes.size() > 100);
  CHECK(replay_spikes == rec.spikes);
  CHECK(replay.network().projection(1).min_delay_steps() == 0);
  // Without the switches the run differs: they did change the timing.
  Session plain(build(spec));
  const Session::ReaderId plain_reader = plain.open_reader();
  CHECK(run_steps(plain, plain_reader, 1000) != rec.spikes);
}

TEST_CASE("A timeline entry that switches same_step on where the target cannot take it is refused by field") {
  std::string text = network_json(R"([{"t_ms": 10, "set": {"projections.ie.delay_ms": 0, "projections.ie.same_step": true}},
                                      {"t_ms": 20, "set": {"projections.ei.same_step": 1}}])");
  const std::string lif = R"({"name": "exc", "model": "lif", "size": 40})";
  text.replace(text.find(lif), lif.size(), R"({"name": "exc", "model": "izhikevich", "size": 40})");
  const auto errors = errors_of(text);
  CHECK(has(errors, "timeline[0].set: projections[0].same_step: delay_ms rounds to 0 steps (same-step delivery), which model izhikevich cannot take: its "
                    "kernel spends its input within the step; leave same_step off or use a delay of at least 0.05 ms"));
  CHECK(has(errors, "timeline[1].set[\"projections.ei.same_step\"]: must be true or false (got 1)"));
}

TEST_CASE("neurosim run plays the timeline as the Session does and writes timeline_events.csv; a bad timeline exits 2") {
  const auto dir = test::temp_dir("timeline-run");
  test::write_text(dir / "tl.json", network_json(kTimeline));
  cli::RunOptions run;
  run.scenario = (dir / "tl.json").string();
  run.out_dir = (dir / "out").string();
  REQUIRE(cli::run_command(run) == 0);
  const std::string events = test::read_text(dir / "out" / "timeline_events.csv");
  CHECK(events ==
        "t_ms,index,kind,detail\n"
        "20,0,set,projections.ie.weight_scale=3\n"
        "20.04,1,set,populations.exc.params.V_th=-52; populations.exc.params.V_reset=-60\n"
        "30,2,note,more drive\n"
        "40,3,set,stimuli.step.amplitude=300\n"
        "55,4,add_neurons,exc +5\n"
        "70,5,set,projections.ii.enabled=false; projections[1].delay_ms=2\n");
  // The run's spikes are the hand-submitted Session's, one row each.
  ScenarioSpec without = parse_ok(network_json(kTimeline));
  without.timeline.clear();
  const std::vector<Spike> hand = run_by_hand(without);
  const std::string spikes = test::read_text(dir / "out" / "spikes.csv");
  CHECK(static_cast<std::size_t>(std::count(spikes.begin(), spikes.end(), '\n')) == hand.size() + 1);

  test::write_text(dir / "bad.json", network_json(R"([{"t_ms": -5, "note": "x"}])"));
  run.scenario = (dir / "bad.json").string();
  run.out_dir = (dir / "bad-out").string();
  CHECK(cli::run_command(run) == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "bad-out" / "spikes.csv"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("A sweep plays the timeline in every point: its rates equal a plain run's") {
  const auto dir = test::temp_dir("timeline-sweep");
  test::write_text(dir / "tl.json", network_json(kTimeline));
  cli::SweepOptions sweep;
  sweep.scenario = (dir / "tl.json").string();
  sweep.vary = {"seed=3"};
  sweep.jobs = 1;
  sweep.out_dir = (dir / "sweep").string();
  REQUIRE(cli::sweep_command(sweep) == 0);
  const std::string csv = test::read_text(dir / "sweep" / "sweep.csv");
  // exc grew to 45 neurons at 55 ms: its rate is the hand-submitted run's spikes over 45 x 0.1 s.
  ScenarioSpec without = parse_ok(network_json(kTimeline));
  without.timeline.clear();
  const std::vector<Spike> hand = run_by_hand(without);
  const auto exc = static_cast<double>(std::count_if(hand.begin(), hand.end(), [](const Spike& x) { return x.population == 1; }));
  const std::size_t row = csv.find('\n') + 1;
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = row; i < csv.size() && csv[i] != '\n'; ++i) {
    if (csv[i] == ',') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += csv[i];
    }
  }
  cells.push_back(cell);
  REQUIRE(cells.size() >= 5);
  INFO(csv);
  CHECK(std::stod(cells[4]) == doctest::Approx(exc / 45.0 / 0.1).epsilon(1e-9));  // seed, in x3, exc_rate_hz
  std::filesystem::remove_all(dir);
}

TEST_CASE("The ei-balance-lesson preset scales inhibition x4 from 1 s to 3 s, with notes") {
  io::LoadResult r = io::load_scenario("ei-balance-lesson");
  REQUIRE(r.errors.empty());
  const ScenarioSpec& spec = *r.spec;
  REQUIRE(spec.timeline.size() == 5);
  CHECK(spec.timeline[1].t_ms == 1000.0);
  CHECK(spec.timeline[1].set == std::vector<std::pair<std::string, std::string>>{{"projections.ie.weight_scale", "4"}});
  CHECK(spec.timeline[2].kind == TimelineEntry::Kind::Note);
  CHECK(spec.timeline[3].t_ms == 3000.0);
  CHECK(spec.timeline[3].set == std::vector<std::pair<std::string, std::string>>{{"projections.ie.weight_scale", "1"}});
}

}  // TEST_SUITE
