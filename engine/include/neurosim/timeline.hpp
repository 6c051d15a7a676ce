#pragma once
// Lesson timelines: a scenario's "timeline" entries (spec.hpp's TimelineEntry) turned into the
// same commands the window's controls submit, so that a timeline applies identically headless
// and in the window, and the commands a user applies turned back into entries (the recorder).
//
// A "set" path is written as for `--set`: populations.NAME.params.P (or populations[i]...),
// projections.NAME.weight_scale | delay_ms | receptor | enabled | same_step, projections.NAME.plasticity.
// params.P, stimuli.NAME.amplitude | noise_sd | start_ms | stop_ms. Every other scenario field
// only exists at build time and is refused here. The fields one entry sets on one target go in
// one command (SetParams, SetProjection, SetStimulus), so V_th and V_reset may move together.
#include <cstdint>
#include <string>
#include <vector>

#include "neurosim/commands.hpp"
#include "neurosim/spec.hpp"

namespace neurosim {

// The step an entry applies at (the start of it): t_ms rounded to the nearest step.
std::int64_t timeline_step(double t_ms, double dt_ms);

// The commands of one entry against the scenario as it now stands (a network's spec(), which
// follows every applied command), appended to `out`. A note gives none. Problems come back with
// the path of the "set" key as SpecError::path ("" for the entry as a whole); `out` is then
// left unchanged.
std::vector<SpecError> timeline_commands(const ScenarioSpec& spec, const TimelineEntry& entry, std::vector<Command>& out);

// The place of the element a scenario knows by `name` ("pre->post" for an unnamed projection,
// "stimulus K" for an unnamed stimulus), or -1.
int element_index(const ScenarioSpec& spec, Element kind, const std::string& name);

// A renamed element's name in every entry that names it (set paths, add_neurons, the
// populations of added projections and stimuli, removals and renamings).
void rename_in_timeline(std::vector<TimelineEntry>& timeline, Element kind, const std::string& from, const std::string& to);

// The entries that reproduce an applied command at t_ms (the recorder), from the scenario as it
// stood just before the command applied. Commands a timeline
// cannot hold (reset, traces, inputs, rewards) give none.
std::vector<TimelineEntry> timeline_entries_for(const ScenarioSpec& spec, const Command& command, double t_ms);

// The scenario to save for a network whose timeline has applied its first `applied` entries:
// `now` (the network's scenario, whose lists and values hold what those entries did) without
// the applied entries, which a build of it must not make a second time (an element added twice,
// a removed one missing); the applied notes stay as captions. A build of the saved scenario is
// the network as it stands, and its timeline goes on with the entries still to come.
ScenarioSpec scenario_to_save(const ScenarioSpec& now, std::size_t applied);

// One line of what a timeline did, in order: headless in timeline_events.csv, and the
// rejections on stderr.
struct TimelineEvent {
  double t_ms = 0.0;       // the entry's own time
  std::int64_t step = 0;   // the step it applied at
  int index = 0;           // timeline[index]
  std::string kind;        // "set", "note", "add_neurons"
  std::string detail;      // the note's text, "PATH=VALUE; ...", "exc +10"
  bool applied = true;
  std::string reason;      // why it was refused (applied false)
};

// "PATH=VALUE; ..." / the note / "POPULATION +COUNT": an entry in one line.
std::string timeline_entry_text(const TimelineEntry& entry);
const char* timeline_kind_name(TimelineEntry::Kind kind);

}  // namespace neurosim
