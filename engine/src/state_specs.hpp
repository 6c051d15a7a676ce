#pragma once
// Internal to the engine: scenario entries as state bytes (state_specs.cpp). A checkpoint holds
// them for what a structure edit made: the commands in the timeline's undo list (an added
// population's entry, a removed projection's weights), and the network's structure itself, so
// that a state restores into a network built before or after such an edit.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "neurosim/commands.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim::detail {

// Input data (a file's spikes or images) are not state: an entry that has some throws
// StateError unless `inputs_kept`, in which case only their presence is stored (the reader
// takes the data from the entry of the same name in the network it restores into).
void visit_distribution(StateVisitor& v, Distribution& d);
void visit_optional_distribution(StateVisitor& v, std::optional<Distribution>& d);  // a presence flag first
void visit_population_spec(StateVisitor& v, PopulationSpec& p, bool inputs_kept);
void visit_projection_spec(StateVisitor& v, ProjectionSpec& p);
void visit_stimulus_spec(StateVisitor& v, StimulusSpec& s, bool inputs_kept);
void visit_saved_elements(StateVisitor& v, SavedElements& s);

// The structure of a scenario: its populations, projections, stimuli, monitors, the names its
// experiment and reward rule refer to, and its timeline. Everything a build from it needs
// besides the data of its inputs and the fixed settings (dt, seed, the experiment's schedule).
std::vector<std::byte> structure_bytes(const ScenarioSpec& spec);
// The structure without what the rest of a checkpoint restores into a network of that shape
// (sizes, parameters, projection controls, stimulus settings, traces): two networks of equal
// shape bytes take each other's states.
std::vector<std::byte> shape_bytes(const ScenarioSpec& spec);
// FNV-1a 64 of shape_bytes: what a checkpoint stores to compare.
std::uint64_t shape_hash(const ScenarioSpec& spec);
// `into` with the structure of `bytes`; inputs come from the entries of the same name in `into`.
// Throws StateError when the bytes are damaged or an input cannot be found.
void read_structure(const std::vector<std::byte>& bytes, ScenarioSpec& into);

}  // namespace neurosim::detail
