// The network editor's commands (commands.hpp [SECTION] Structure edits) through a Session:
// every edit applied, undone, redone and refused; the rest of the network keeps its state while
// elements come and go; an edited network saved as a scenario rebuilds the same structure; and
// the timeline's structure entries apply at their step as the same commands by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/edit_network.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"
#include "neurosim/timeline.hpp"

using namespace neurosim;

using test::apply;
using test::build_or_fail;
using test::lif;
using test::Spike;

namespace {

std::string network_json(const std::string& timeline = "") { return test::ei_network_json("ed", 5, 100, timeline); }
ScenarioSpec parse_ok(const std::string& text) { return test::parse_ok(text, "ed.json"); }
std::unique_ptr<Network> build(const ScenarioSpec& spec) { return build_or_fail(spec); }

ProjectionSpec projection(const std::string& name, const std::string& pre, const std::string& post, double weight, double p) {
  return test::sparse_projection(name, pre, post, weight, p);
}
StimulusSpec stimulus(const std::string& name, const std::string& population, double amplitude) { return test::step_current(name, population, amplitude); }

std::string saved(const Session& s) { return io::scenario_to_json(s.network().spec()); }

std::vector<Spike> spikes_of(Session& s, Session::ReaderId reader, const std::vector<std::string>& populations) {
  std::vector<Spike> out;
  const auto facts = s.facts();
  for (const SpikeEvent& e : s.observe(reader).spikes) {
    const std::string& name = facts->populations[static_cast<std::size_t>(e.population)].name;
    const auto it = std::find(populations.begin(), populations.end(), name);
    if (it != populations.end()) out.push_back({e.step, static_cast<int>(it - populations.begin()), e.neuron});
  }
  return out;
}

}  // namespace

TEST_SUITE("network editor") {

TEST_CASE("Every edit is applied, undone and redone: the scenario returns to each state exactly") {
  const ScenarioSpec base = parse_ok(network_json());
  ProjectionSpec plastic = projection("learned", "in", "exc", 50, 0.1);
  plastic.plasticity = PlasticitySpec{"stdp", {{"w_max", 400.0}}};
  struct Case {
    const char* what;
    Command command;
  };
  const std::vector<Case> cases = {
      {"a parameter", SetParams{{ParamTarget::Kind::Population, 1}, {{"V_th", -52.0}, {"tau_m", 15.0}}}},
      {"one parameter", SetParam{2, "V_th", -51.0}},
      {"a projection's live controls", SetProjection{0, 2.5, 2.0, Receptor::Inhibitory, false}},
      {"a stimulus", SetStimulus{0, StimulusParams{250.0, 5.0, 10.0, 90.0}}},
      {"a population added", AddPopulation{lif("extra", 25), -1}},
      {"a population inserted", AddPopulation{lif("first", 3), 0}},
      {"a projection added", AddProjection{projection("ext", "exc", "exc", 20, 0.2), -1, {}}},
      {"a plastic projection added", AddProjection{plastic, -1, {}}},
      {"a stimulus added", AddStimulus{stimulus("kick", "inh", 80), -1}},
      {"a projection removed", RemoveElement{Element::Projection, 1, false}},
      {"a stimulus removed", RemoveElement{Element::Stimulus, 0, false}},
      {"a population removed with its connections", RemoveElement{Element::Population, 1, true}},
      {"a population renamed", RenameElement{Element::Population, 1, "E"}},
      {"a projection renamed", RenameElement{Element::Projection, 2, "inhibition"}},
      {"a stimulus renamed", RenameElement{Element::Stimulus, 0, "drive"}},
      {"a population duplicated", DuplicateElement{Element::Population, 1, "exc2"}},
      {"a projection duplicated", DuplicateElement{Element::Projection, 0, "ie2"}},
      {"a stimulus duplicated", DuplicateElement{Element::Stimulus, 0, "step2"}},
  };
  for (const Case& c : cases) {
    INFO(std::string(c.what));
    Session s(build(base));
    const Session::ReaderId reader = s.open_reader();
    s.advance(120);  // the edit meets a running network
    const std::string before = saved(s);
    const CommandVerdict done = apply(s, reader, c.command);
    CHECK_MESSAGE(done.applied, done.reason);
    const std::string after = saved(s);
    CHECK(after != before);
    CHECK(s.undo_label().starts_with(command_name(c.command)));
    s.advance(50);
    CHECK(apply(s, reader, UndoEdit{}).applied);
    if (saved(s) != before) MESSAGE(saved(s) << "\n---- before ----\n" << before);
    CHECK(saved(s) == before);
    CHECK(s.undo_label().empty());
    CHECK(!s.redo_label().empty());
    s.advance(50);
    CHECK(apply(s, reader, RedoEdit{}).applied);
    CHECK(saved(s) == after);
    CHECK(s.redo_label().empty());
    // And once more back, with the facts the window draws from following.
    CHECK(apply(s, reader, UndoEdit{}).applied);
    CHECK(saved(s) == before);
    const auto facts = s.facts();
    CHECK(facts->populations.size() == s.network().spec().populations.size());
    CHECK(facts->projections.size() == s.network().spec().projections.size());
    CHECK(facts->stimuli.size() == s.network().spec().stimuli.size());
    CHECK(s.step_index() == 220);  // time went on through every edit
  }
}

TEST_CASE("Undo of a removed projection gives back the weights it had learned") {
  ScenarioSpec spec = parse_ok(network_json());
  spec.projections[0].plasticity = PlasticitySpec{"stdp", {{"w_max", 400.0}, {"eta", 5.0}}};
  Session s(build(spec));
  const Session::ReaderId reader = s.open_reader();
  s.advance(2000);
  const auto w = s.network().projection(0).weights();
  const std::vector<float> learned(w.begin(), w.end());
  const auto w0 = s.network().initial_weights(0);
  CHECK(!std::equal(learned.begin(), learned.end(), w0.begin()));  // it did learn
  CHECK(apply(s, reader, RemoveElement{Element::Projection, 0, false}).applied);
  CHECK(s.network().projection_count() == 2);
  CHECK(apply(s, reader, UndoEdit{}).applied);
  REQUIRE(s.network().projection(0).name() == "ie");
  const auto back = s.network().projection(0).weights();
  CHECK(std::equal(back.begin(), back.end(), learned.begin(), learned.end()));
}

TEST_CASE("Refused edits say why and change nothing") {
  const ScenarioSpec base = parse_ok(network_json());
  Session s(build(base));
  const Session::ReaderId reader = s.open_reader();
  s.advance(10);
  const std::string before = saved(s);
  const auto refused = [&](Command c, const std::string& reason) {
    const CommandVerdict v = apply(s, reader, std::move(c));
    CHECK(!v.applied);
    CHECK_MESSAGE(v.reason.find(reason) != std::string::npos, v.reason);
    CHECK(saved(s) == before);
  };
  refused(RemoveElement{Element::Population, 1, false},
          "population 'exc' is used by projection ie, projection ei, projection ii and stimulus step: remove them first, or remove it with its connections");
  refused(AddPopulation{lif("exc", 5), -1}, "populations[3].name: duplicate population name \"exc\" (also populations[1])");
  PopulationSpec odd = lif("odd", 5);
  odd.model = "squid";
  refused(AddPopulation{odd, -1}, "populations[3].model: unknown model \"squid\"");
  refused(AddPopulation{lif("a.b", 5), -1}, "must not contain '.', '[' or ']'");
  refused(AddPopulation{lif("huge", 2'000'000), -1}, "at most 1000000 neurons");
  PopulationSpec bad_tau = lif("bad", 5);
  bad_tau.params["tau_m"] = Distribution::constant(0.0);
  refused(AddPopulation{bad_tau, -1}, "populations[3].params.tau_m: must be > 0");
  refused(AddProjection{projection("x", "ghost", "exc", 1, 0.1), -1, {}}, "projections[3].pre: no population named \"ghost\"");
  refused(AddProjection{projection("x", "exc", "in", 1, 0.1), -1, {}}, "is a spike source and takes no synaptic input");
  refused(AddProjection{projection("ie", "exc", "inh", 1, 0.1), -1, {}}, "a projection named 'ie' exists already (projections[0])");
  ProjectionSpec bad_rule = projection("y", "exc", "inh", 1, 0.1);
  bad_rule.plasticity = PlasticitySpec{"hebbian-magic", {}};
  refused(AddProjection{bad_rule, -1, {}}, "projections[3].plasticity.rule: unknown rule \"hebbian-magic\"");
  refused(AddProjection{projection("z", "exc", "inh", 1, 1.5), -1, {}}, "projections[3].connectivity.p: must be between 0 and 1 (got 1.5)");
  refused(AddStimulus{stimulus("s", "nowhere", 1), -1}, "no population named \"nowhere\"");
  refused(AddStimulus{stimulus("step", "exc", 1), -1}, "a stimulus named 'step' exists already");
  refused(RenameElement{Element::Population, 1, "inh"}, "a population named 'inh' exists already (populations[2])");
  refused(RenameElement{Element::Projection, 0, ""}, "a name must not be empty");
  refused(RemoveElement{Element::Projection, 7, false}, "no projection 7");
  refused(DuplicateElement{Element::Population, 1, "inh"}, "duplicate population name \"inh\"");
  refused(AddPopulation{lif("late", 5), 9}, "no place 9 in populations (0..3)");
  refused(UndoEdit{}, "nothing to undo");
  refused(RedoEdit{}, "nothing to redo");
  // A network that refuses undo itself: it is the Session's.
  CHECK(s.network().check(UndoEdit{}).find("Session") != std::string::npos);
  CHECK(s.check(UndoEdit{}) == "nothing to undo");
}

TEST_CASE("Each parameter's fact carries the scenario's value, which a slider's right-click sends back") {
  ScenarioSpec spec = parse_ok(network_json());
  spec.populations[1].params["V_th"] = Distribution::constant(-53.0);
  Session s(build(spec));
  const Session::ReaderId reader = s.open_reader();
  const auto v_th = [&] {
    for (const ParamFact& p : s.facts()->populations[1].params)
      if (p.name == "V_th") return p;
    FAIL("no V_th");
    return ParamFact{};
  };
  CHECK(apply(s, reader, SetParams{{ParamTarget::Kind::Population, 1}, {{"V_th", -49.0}}}).applied);
  CHECK(v_th().value == -49.0);
  CHECK(v_th().scenario_value == -53.0);  // the loaded scenario's, not the default's
  CHECK(apply(s, reader, SetParams{{ParamTarget::Kind::Population, 1}, {{"V_th", v_th().scenario_value}}}).applied);
  CHECK(v_th().value == -53.0);
  // An added population's scenario values are those it was added with.
  PopulationSpec extra = lif("extra", 4);
  extra.params["tau_m"] = Distribution::constant(12.0);
  CHECK(apply(s, reader, AddPopulation{extra, -1}).applied);
  for (const ParamFact& p : s.facts()->populations[3].params)
    if (p.name == "tau_m") CHECK(p.scenario_value == 12.0);
}

TEST_CASE("Added neurons cannot be undone: undo says so and changes nothing") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  CHECK(apply(s, reader, AddNeurons{1, 4}).applied);
  const std::string before = saved(s);
  const CommandVerdict v = apply(s, reader, UndoEdit{});
  CHECK(!v.applied);
  CHECK(v.reason == "AddNeurons exc cannot be undone: neurons added to exc stay (a population does not shrink)");
  CHECK(saved(s) == before);
}

TEST_CASE("An experiment's or reward's indices are kept: removing and inserting before the end are refused") {
  ScenarioSpec spec = parse_ok(network_json());
  spec.projections[0].plasticity = PlasticitySpec{"rstdp", {}};
  spec.projections[0].connectivity.rule = ConnectivitySpec::Rule::AllToAll;  // the rewarded synapse 0 -> 0 exists
  spec.reward = RewardSpec{};
  spec.reward->projection = "ie";
  Session s(build(spec));
  const Session::ReaderId reader = s.open_reader();
  const CommandVerdict v = apply(s, reader, RemoveElement{Element::Projection, 2, false});
  CHECK(!v.applied);
  CHECK(v.reason == "the scenario's reward rule holds projections by their place: 'ii' cannot be removed while it runs");
  CHECK(!apply(s, reader, AddPopulation{lif("front", 2), 0}).applied);
  CHECK(apply(s, reader, AddPopulation{lif("back", 2), -1}).applied);
  // Renaming the rewarded projection renames the reward's reference too.
  CHECK(apply(s, reader, RenameElement{Element::Projection, 0, "rewarded"}).applied);
  CHECK(s.network().spec().reward->projection == "rewarded");
}

TEST_CASE("The rest of the network keeps its state, weights and time while elements come and go") {
  // A population, a projection from it onto itself and a stimulus on it are added at step 150
  // and removed at step 300: the original three populations spike as if nothing happened
  // (nothing of theirs changed: the new elements draw from their own streams).
  const ScenarioSpec base = parse_ok(network_json());
  const std::vector<std::string> names = {"in", "exc", "inh"};
  Session plain(build(base));
  const Session::ReaderId r0 = plain.open_reader();
  plain.advance(600);
  const std::vector<Spike> want = spikes_of(plain, r0, names);
  REQUIRE(want.size() > 200);

  Session edited(build(base));
  const Session::ReaderId r1 = edited.open_reader();
  std::vector<Spike> got;
  const auto run = [&](std::int64_t steps) {
    edited.advance(steps);
    const auto more = spikes_of(edited, r1, names);
    got.insert(got.end(), more.begin(), more.end());
  };
  run(150);
  for (Command c : std::vector<Command>{AddPopulation{lif("side", 30), 0}, AddProjection{projection("loop", "side", "side", 500, 0.3), -1, {}},
                                        AddStimulus{stimulus("push", "side", 1200), -1}}) {
    edited.submit(std::move(c));
  }
  run(150);
  const auto facts = edited.facts();
  REQUIRE(facts->populations.size() == 4);
  CHECK(facts->populations[0].name == "side");
  CHECK(edited.network().total_spikes(0) > 0);  // the new population runs
  edited.submit(RemoveElement{Element::Population, 0, true});
  run(300);
  for (const CommandVerdict& v : edited.observe(r1).verdicts) CHECK_MESSAGE(v.applied, v.command << ": " << v.reason);
  CHECK(edited.step_index() == 600);
  CHECK(got == want);
  for (int j = 0; j < 3; ++j) {
    const auto a = plain.network().projection(j).weights(), b = edited.network().projection(j).weights();
    CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  }
}

TEST_CASE("An edited network saved as a scenario rebuilds the same structure") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  s.advance(200);
  ProjectionSpec rule = projection("plastic", "exc", "extra", 80, 0.25);
  rule.plasticity = PlasticitySpec{"stdp", {{"w_max", 300.0}}};
  rule.delay_ms = Distribution::uniform(1.0, 3.0);
  rule.receptor = Receptor::Excitatory;
  for (Command c : std::vector<Command>{RemoveElement{Element::Projection, 1, false}, AddPopulation{lif("extra", 20), -1}, AddProjection{rule, -1, {}},
                                        AddStimulus{stimulus("kick", "extra", 90), -1}, RenameElement{Element::Population, 2, "I"},
                                        DuplicateElement{Element::Population, 1, "exc_copy"}, SetProjection{0, 1.5}, AddNeurons{2, 3}}) {
    CHECK_MESSAGE(apply(s, reader, std::move(c)).applied, "edit");
  }
  s.advance(100);
  const std::string text = saved(s);
  const ScenarioSpec again = parse_ok(text);
  CHECK(io::scenario_to_json(again) == text);
  const std::unique_ptr<Network> rebuilt = build(again);
  const Network& live = s.network();
  REQUIRE(rebuilt->population_count() == live.population_count());
  for (int p = 0; p < live.population_count(); ++p) {
    INFO("population " << p);
    CHECK(rebuilt->population(p).name() == live.population(p).name());
    CHECK(rebuilt->population(p).model() == live.population(p).model());
    CHECK(rebuilt->population(p).size() == live.population(p).size());
  }
  REQUIRE(rebuilt->projection_count() == live.projection_count());
  for (int j = 0; j < live.projection_count(); ++j) {
    INFO("projection " << live.projection(j).name());
    CHECK(rebuilt->projection(j).name() == live.projection(j).name());
    CHECK(rebuilt->projection(j).pre() == live.projection(j).pre());
    CHECK(rebuilt->projection(j).post() == live.projection(j).post());
    CHECK(rebuilt->projection(j).receptor() == live.projection(j).receptor());
    CHECK(rebuilt->projection(j).weight_scale() == live.projection(j).weight_scale());
    CHECK((rebuilt->plasticity(j) != nullptr) == (live.plasticity(j) != nullptr));
  }
  // The projection added at the end of the list, between unchanged populations... its
  // connectivity is drawn from its own stream, as the rebuild draws it: the same synapses.
  const int added = rebuilt->projection_count() - 1;
  REQUIRE(live.projection(added).name() == "plastic");
  const auto a = live.projection(added).col(), b = rebuilt->projection(added).col();
  CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  const auto ra = live.projection(added).row_ptr(), rb = rebuilt->projection(added).row_ptr();
  CHECK(std::equal(ra.begin(), ra.end(), rb.begin(), rb.end()));
  REQUIRE(rebuilt->stimulus_count() == live.stimulus_count());
  for (int k = 0; k < live.stimulus_count(); ++k) {
    CHECK(rebuilt->stimulus(k).name() == live.stimulus(k).name());
    CHECK(rebuilt->stimulus(k).population() == live.stimulus(k).population());
  }
  // The renamed population's projections and stimuli follow its name.
  CHECK(again.projections[1].pre == "I");  // ii, from the renamed inh
}

TEST_CASE("Timeline structure entries apply at their step, as the same commands by hand, and are checked by name") {
  const std::string timeline = R"([
    {"t_ms": 10, "add_population": {"name": "side", "model": "lif", "size": 12}},
    {"t_ms": 10, "add_stimulus": {"name": "push", "population": "side", "amplitude": 400}},
    {"t_ms": 20, "add_projection": {"name": "si", "pre": "side", "post": "inh", "connectivity": {"rule": "all_to_all"}, "weight": 150, "delay_ms": 1}},
    {"t_ms": 30, "rename": {"population": "side", "to": "helper"}},
    {"t_ms": 40, "remove": {"projection": "si"}},
    {"t_ms": 50, "remove": {"population": "helper", "with_connections": true}}
  ])";
  const ScenarioSpec spec = parse_ok(network_json(timeline));
  REQUIRE(spec.timeline.size() == 6);
  CHECK(spec.timeline[0].kind == TimelineEntry::Kind::AddPopulation);
  CHECK(spec.timeline[4].kind == TimelineEntry::Kind::Remove);
  CHECK(spec.timeline[4].target_kind == Element::Projection);
  // Written back and read again: the same entries.
  const ScenarioSpec again = parse_ok(io::scenario_to_json(spec));
  CHECK(io::scenario_to_json(again) == io::scenario_to_json(spec));

  Session s(build(spec));
  const Session::ReaderId reader = s.open_reader();
  s.advance(100);
  CHECK(s.network().population_count() == 3);
  s.advance(1);  // step 100 = 10 ms: the population and its stimulus
  CHECK(s.network().population_count() == 4);
  CHECK(s.network().stimulus_count() == 2);
  s.advance(100);
  CHECK(s.network().projection_count() == 4);
  s.advance(100);
  CHECK(s.network().population(3).name() == "helper");
  s.advance(100);
  CHECK(s.network().projection_count() == 3);
  s.advance(100);
  CHECK(s.network().population_count() == 3);
  CHECK(s.network().stimulus_count() == 1);
  for (const CommandVerdict& v : s.observe(reader).verdicts) CHECK_MESSAGE(v.applied, v.command << ": " << v.reason);
  for (const TimelineEvent& e : s.timeline_events()) CHECK_MESSAGE(e.applied, e.kind << ": " << e.reason);
  // The same spikes as the same commands submitted by hand before those steps.
  ScenarioSpec plain = spec;
  plain.timeline.clear();
  Session by_hand(build(plain));
  const Session::ReaderId r2 = by_hand.open_reader();
  by_hand.advance(100);
  by_hand.submit(AddPopulation{*spec.timeline[0].added_population, -1});
  by_hand.submit(AddStimulus{*spec.timeline[1].added_stimulus, -1});
  by_hand.advance(100);
  by_hand.submit(AddProjection{*spec.timeline[2].added_projection, -1, {}});
  by_hand.advance(100);
  by_hand.submit(RenameElement{Element::Population, 3, "helper"});
  by_hand.advance(100);
  by_hand.submit(RemoveElement{Element::Projection, 3, false});
  by_hand.advance(100);
  by_hand.submit(RemoveElement{Element::Population, 3, true});
  by_hand.advance(1);
  const std::vector<std::string> names = {"in", "exc", "inh"};
  Session replay(build(spec));
  const Session::ReaderId r3 = replay.open_reader();
  replay.advance(501);
  CHECK(spikes_of(replay, r3, names) == spikes_of(by_hand, r2, names));
  // A reset takes the lesson's structure back and replays it.
  s.submit(ResetNetwork{});
  s.advance(150);
  CHECK(s.network().population_count() == 4);
  CHECK(s.network().population(3).name() == "side");
}

TEST_CASE("neurosim run plays the timeline's structure entries and writes what the network had") {
  const auto dir = test::temp_dir("editor-run");
  test::write_text(dir / "ed.json", network_json(R"([
    {"t_ms": 0, "add_population": {"name": "first", "model": "izhikevich", "size": 20}},
    {"t_ms": 10, "add_population": {"name": "side", "model": "lif", "size": 12}},
    {"t_ms": 10, "add_stimulus": {"name": "push", "population": "side", "amplitude": 1200}},
    {"t_ms": 20, "add_projection": {"name": "se", "pre": "side", "post": "exc", "connectivity": {"rule": "all_to_all"}, "weight": 150, "delay_ms": 1}},
    {"t_ms": 30, "remove": {"population": "first"}},
    {"t_ms": 40, "rename": {"population": "side", "to": "helper"}}
  ])"));
  cli::RunOptions run;
  run.scenario = (dir / "ed.json").string();
  run.out_dir = (dir / "out").string();
  REQUIRE(cli::run_command(run) == 0);
  const std::string events = test::read_text(dir / "out" / "timeline_events.csv");
  CHECK(events ==
        "t_ms,index,kind,detail\n"
        "0,0,add_population,first (20 izhikevich)\n"
        "10,1,add_population,side (12 lif)\n"
        "10,2,add_stimulus,push -> side\n"
        "20,3,add_projection,se (side->exc)\n"
        "30,4,remove,population first\n"
        "40,5,rename,population side -> helper\n");
  const std::string spikes = test::read_text(dir / "out" / "spikes.csv");
  CHECK(spikes.find(",side,") != std::string::npos);    // before its renaming
  CHECK(spikes.find(",helper,") != std::string::npos);  // after it
  const std::string metrics = test::read_text(dir / "out" / "metrics.csv");
  // A column pair for every population the run had: "first" until its removal at 30 ms.
  CHECK(metrics.starts_with("t_ms,in_rate_hz,in_spikes,exc_rate_hz,exc_spikes,inh_rate_hz,inh_spikes,first_rate_hz,first_spikes,helper_rate_hz,"
                            "helper_spikes\n"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("validate names the field of a bad structure entry") {
  io::LoadResult r = io::parse_scenario(network_json(R"([
    {"t_ms": 5, "add_population": {"name": "new", "model": "squid"}},
    {"t_ms": 5, "remove": {"population": "exc"}},
    {"t_ms": 5, "rename": {"population": "ghost", "to": "x"}},
    {"t_ms": 5, "remove": {"population": "a", "projection": "b"}},
    {"t_ms": 5, "add_projection": {"pre": "exc", "post": "nowhere"}}
  ])"),
                                        "ed.json");
  std::vector<std::string> errors;
  for (const SpecError& e : r.errors) errors.push_back(e.text());
  const auto has_prefix = [&](const std::string& p) {
    const bool found = std::any_of(errors.begin(), errors.end(), [&](const std::string& e) { return e.starts_with(p); });
    if (!found)
      for (const std::string& e : errors) MESSAGE(e);
    return found;
  };
  CHECK(has_prefix("timeline[0].add_population: populations[3].model: unknown model \"squid\""));
  CHECK(has_prefix("timeline[1].remove: population 'exc' is used by projection ie"));
  CHECK(has_prefix("timeline[2].rename: unknown population 'ghost'"));
  CHECK(has_prefix("timeline[3].remove: must name exactly one element"));
  CHECK(has_prefix("timeline[4].add_projection: projections[3].post: no population named \"nowhere\""));
}

TEST_CASE("Recorded structure edits replay from the saved scenario's timeline") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  s.set_recording(true);
  s.advance(50);
  CHECK(apply(s, reader, AddPopulation{lif("rec", 8), -1}).applied);
  s.advance(50);
  CHECK(apply(s, reader, DuplicateElement{Element::Stimulus, 0, "again"}).applied);
  CHECK(apply(s, reader, RenameElement{Element::Population, 3, "recorded"}).applied);
  CHECK(apply(s, reader, UndoEdit{}).applied);  // the undo is an edit too: recorded as a rename back
  s.advance(50);
  CHECK(apply(s, reader, RemoveElement{Element::Population, 3, false}).applied);
  const std::vector<TimelineEntry> recorded = s.recorded_timeline();
  REQUIRE(recorded.size() == 5);
  CHECK(recorded[0].kind == TimelineEntry::Kind::AddPopulation);
  CHECK(recorded[1].kind == TimelineEntry::Kind::AddStimulus);
  CHECK(recorded[2].kind == TimelineEntry::Kind::Rename);
  CHECK(recorded[3].kind == TimelineEntry::Kind::Rename);
  CHECK(recorded[3].new_name == "rec");
  CHECK(recorded[4].kind == TimelineEntry::Kind::Remove);
  // The scenario as it was at the start, with these entries, replays to the same structure.
  ScenarioSpec lesson = parse_ok(network_json());
  lesson.timeline = recorded;
  const ScenarioSpec loaded = parse_ok(io::scenario_to_json(lesson));
  Session replay(build(loaded));
  replay.advance(s.step_index() + 1);
  CHECK(io::scenario_to_json([&] {
          ScenarioSpec x = replay.network().spec();
          x.timeline.clear();
          return x;
        }()) == saved(s));
}

TEST_CASE("A saved lesson starts from the network before its first recorded edit and holds every edit since") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  s.advance(30);
  CHECK(apply(s, reader, SetProjection{0, 1.5}).applied);  // before recording: part of the start
  CHECK_FALSE(s.recorded_lesson().has_value());
  s.set_recording(true);
  s.advance(20);
  CHECK(apply(s, reader, AddPopulation{lif("rec", 8), -1}).applied);
  s.set_recording(false);
  s.advance(20);
  CHECK(apply(s, reader, SetProjection{1, 0.5}).applied);  // recording off, lesson begun: kept too
  CHECK(apply(s, reader, SetParam{1, "tau_m", 0.0}).applied == false);  // refused: in neither
  CHECK(s.recorded_timeline().size() == 1);

  const std::optional<Session::RecordedLesson> lesson = s.recorded_lesson();
  REQUIRE(lesson.has_value());
  // The start is the network just before the recorded edit: no "rec", the earlier scale in it.
  CHECK(lesson->start.populations.size() == 3);
  CHECK(lesson->start.projections[0].weight_scale == doctest::Approx(1.5));
  CHECK(lesson->start.projections[1].weight_scale == doctest::Approx(1.0));
  REQUIRE(lesson->entries.size() == 2);
  CHECK(lesson->entries[0].kind == TimelineEntry::Kind::AddPopulation);
  CHECK(lesson->entries[0].t_ms == doctest::Approx(5.0));
  CHECK(lesson->entries[1].t_ms == doctest::Approx(7.0));

  // Saved and loaded, it rebuilds what the session shows, each edit applied once.
  ScenarioSpec file = lesson->start;
  file.timeline.insert(file.timeline.end(), lesson->entries.begin(), lesson->entries.end());
  Session replay(build(parse_ok(io::scenario_to_json(file))));
  replay.advance(s.step_index() + 1);
  ScenarioSpec replayed = replay.network().spec();
  replayed.timeline.clear();
  CHECK(io::scenario_to_json(replayed) == saved(s));

  s.clear_recorded_timeline();
  CHECK_FALSE(s.recorded_lesson().has_value());
}

}  // TEST_SUITE
