// States across structure edits (checkpoint.hpp, state_specs.hpp): a state whose timeline undo
// list holds structure edits is saved and restored; a state saved after a structure edit
// restores into the network built from the scenario file, and one saved before it into the
// edited network; a rewind crosses a structure change and lands on the uninterrupted run's
// state; a scenario saved with its structural timeline partly applied reloads to the same
// structure. The reference throughout is the same run without the save, restore or seek.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/edit_network.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/io/state_file.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_history.hpp"
#include "neurosim/timeline.hpp"

using namespace neurosim;
using test::Spike;
using test::state_of;

namespace {

// Structure edits at 10, 20, 30 and 40 ms: a population with its stimulus, a projection from
// it, a model change, a renaming and a removal.
const std::string kStructure = R"([
  {"t_ms": 10, "add_population": {"name": "side", "model": "lif", "size": 12}},
  {"t_ms": 10, "add_stimulus": {"name": "push", "population": "side", "amplitude": 400}},
  {"t_ms": 20, "add_projection": {"name": "si", "pre": "side", "post": "inh", "connectivity": {"rule": "all_to_all"}, "weight": 150, "delay_ms": 1}},
  {"t_ms": 20, "note": "a helper population"},
  {"t_ms": 30, "change_population": {"name": "inh", "model": "izhikevich", "size": 10}},
  {"t_ms": 30, "rename": {"population": "side", "to": "helper"}},
  {"t_ms": 40, "remove": {"projection": "ii"}},
  {"t_ms": 60, "set": {"projections.ie.weight_scale": 2}}
])";

std::string network_json() { return test::ei_network_json("structure", 9, 100, kStructure); }
ScenarioSpec spec_ok() { return test::parse_ok(network_json(), "structure.json"); }

std::unique_ptr<Session> session_for(const ScenarioSpec& spec) { return std::make_unique<Session>(test::build_or_fail(spec)); }

// The structure of a network as text (names, models, sizes, projections, stimuli).
std::string shape_of(const Network& net) {
  std::string out;
  for (int p = 0; p < net.population_count(); ++p)
    out += net.population(p).name() + ":" + std::string(net.population(p).model()) + ":" + std::to_string(net.population(p).size()) + " ";
  for (int j = 0; j < net.projection_count(); ++j)
    out += net.projection(j).name() + ":" + std::to_string(net.projection(j).synapse_count()) + " ";
  for (int k = 0; k < net.stimulus_count(); ++k) out += net.stimulus(k).name() + " ";
  return out;
}

}  // namespace

TEST_SUITE("structure state") {

TEST_CASE("A state with structure edits in the timeline's undo list is saved, and restores into the network built from the scenario file") {
  const ScenarioSpec spec = spec_ok();
  std::unique_ptr<Session> reference = session_for(spec);
  reference->advance(450);  // past every structure entry (the removal at 40 ms)
  const std::vector<std::byte> at_450 = state_of(*reference);  // did not throw: saveable
  const std::string shape_450 = shape_of(reference->network());
  reference->advance(300);
  const std::vector<std::byte> at_750 = state_of(*reference);

  // Restored into a network just built from the scenario (the structure of the start).
  std::unique_ptr<Session> fresh = session_for(spec);
  Checkpoint c;
  c.state = at_450;
  c.step = 450;
  REQUIRE(fresh->restore_state(c) == "");
  CHECK(shape_of(fresh->network()) == shape_450);
  CHECK(state_of(*fresh) == at_450);
  fresh->advance(300);
  CHECK(state_of(*fresh) == at_750);
  // A reset undoes the timeline's edits, the structural ones included: the network of the start.
  fresh->submit(ResetNetwork{});
  fresh->advance(0);
  CHECK(shape_of(fresh->network()) == shape_of(*test::build_or_fail(spec)));
}

TEST_CASE("A state file saved after structure entries loads into the scenario file's network and runs on as the uninterrupted run") {
  const ScenarioSpec spec = spec_ok();
  const auto dir = test::temp_dir("structure-state");
  std::unique_ptr<Session> reference = session_for(spec);
  reference->advance(350);
  Checkpoint saved;
  reference->capture_state(saved);
  io::write_state_file(dir / "mid.state", saved, spec, "test", io::Replace::Allowed);
  reference->advance(200);

  const io::StateFileRead read = io::read_state_file(dir / "mid.state", spec, "test");
  REQUIRE(read.error == "");
  std::unique_ptr<Session> loaded = session_for(spec);
  REQUIRE(loaded->restore_state(read.checkpoint) == "");
  loaded->advance(200);
  CHECK(state_of(*loaded) == state_of(*reference));
}

TEST_CASE("A state from before a structure edit restores into the edited network") {
  const ScenarioSpec spec = spec_ok();
  std::unique_ptr<Session> s = session_for(spec);
  s->advance(50);
  const std::vector<std::byte> at_50 = state_of(*s);
  const std::string shape_50 = shape_of(s->network());
  s->advance(400);  // the edits at 10 .. 40 ms have changed the structure since
  REQUIRE(shape_of(s->network()) != shape_50);
  Checkpoint c;
  c.state = at_50;
  c.step = 50;
  REQUIRE(s->restore_state(c) == "");
  CHECK(shape_of(s->network()) == shape_50);
  CHECK(state_of(*s) == at_50);
}

TEST_CASE("A seek crosses structure changes and lands on the uninterrupted run's state and spikes") {
  const ScenarioSpec spec = spec_ok();
  const std::vector<std::int64_t> targets = {420, 150, 250, 50, 650};
  const std::int64_t end = 700;
  std::unique_ptr<Session> reference = session_for(spec);
  const std::vector<std::vector<std::byte>> want = test::states_at_steps(*reference, targets, end);
  const std::vector<std::byte> end_state = state_of(*reference);

  std::unique_ptr<Session> s = session_for(spec);
  SessionHistory history(*s, {.interval_ms = 5.0, .fit_window = false});
  s->advance(end);
  // Checkpoints were taken all along (none skipped for the structure entries in the undo list).
  CHECK(history.coverage().checkpoints >= 12);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    INFO("seek to step " << targets[i]);
    REQUIRE(history.seek(targets[i]) == "");
    CHECK(s->step_index() == targets[i]);
    CHECK(state_of(*s) == want[i]);
  }
  // From the last target on to the end: the uninterrupted run's end state.
  REQUIRE(history.seek(end) == "");
  CHECK(state_of(*s) == end_state);
}

TEST_CASE("A scenario saved with its structural timeline partly applied reloads to the same structure and plays the rest") {
  const ScenarioSpec spec = spec_ok();
  std::unique_ptr<Session> s = session_for(spec);
  const Session::ReaderId reader = s->open_reader();
  s->advance(250);  // the entries at 10 and 20 ms have applied, not those at 30 ms and later
  (void)s->observe(reader);
  const ScenarioSpec to_save = s->facts()->spec;
  const std::string text = io::scenario_to_json(to_save);
  // The applied entries are in the lists; the note stays; the rest is to come.
  REQUIRE(to_save.timeline.size() == 5);
  CHECK(to_save.timeline[0].kind == TimelineEntry::Kind::Note);
  CHECK(to_save.timeline[1].kind == TimelineEntry::Kind::ChangePopulation);
  const ScenarioSpec reloaded = test::parse_ok(text, "saved.json");  // validates cleanly
  std::unique_ptr<Session> again = session_for(reloaded);
  CHECK(shape_of(again->network()) == shape_of(s->network()));
  // Both go on through the rest of the timeline to the same structure.
  s->advance(400);
  again->advance(650);
  CHECK(shape_of(again->network()) == shape_of(s->network()));
  for (const TimelineEvent& e : again->timeline_events()) CHECK_MESSAGE(e.applied, e.reason);
}

}  // TEST_SUITE
