#pragma once
// The whole dynamic state of a network (and of the experiment driving it) as bytes, to continue
// a run later exactly as if it had never stopped: neuron state, synapses and weights, inputs
// waiting in delay rings, learning traces, random streams, play positions of inputs, experiment
// progress, the commands waiting and the step count. Restoring into a network built from the
// same scenario, then stepping, gives the spikes and weights of the uninterrupted run, bit for
// bit.
//
// The network's structure leads the state (state_specs.hpp): restoring into a network of
// another structure (built from the scenario file, while the state was saved after the editor's
// or a timeline's structure edits, or the other way round) first builds the state's structure in
// its place, keeping the input data of the elements of the same name.
//
// What is not in it: the scenario itself and its input data (the network is built from them
// first), and the spike and trace recorders (observation channels: restoring clears them, so
// their readers start again from the restored step). The rate monitor's bins are restored.
//
// The bytes are for the machine and build that wrote them: in memory (periodic checkpoints, a
// rewind) or in a file that checks version, scenario and integrity (io/state_file.hpp).
// Each object lists its state once in visit_state() (state_visitor.hpp), used both ways.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "neurosim/commands.hpp"

namespace neurosim {

class Network;
class Experiment;
class StateVisitor;

struct Checkpoint {
  std::vector<std::byte> state;
  std::int64_t step = 0;        // the step the network will take next
  bool has_experiment = false;  // the state of an experiment precedes the network's
};

// Captures between steps. The buffer of `into` is reused, so periodic checkpoints allocate only
// when the state outgrows it. Throws StateError when the state cannot be saved (a change of
// input is waiting to be applied).
void capture(const Network& network, const Experiment* experiment, Checkpoint& into);
Checkpoint capture(const Network& network, const Experiment* experiment = nullptr);

// Restores into a network built from the same scenario (and the experiment made for it, which
// must be given when the checkpoint has one and must not be given when it has none). Returns ""
// or the reason it could not; on failure the network and experiment are as they were.
std::string restore(Network& network, Experiment* experiment, const Checkpoint& checkpoint);
// The same with the state to go back to on failure kept in `undo` (reused, as for capture):
// periodic restores (a rewind) then allocate nothing once the buffers have grown.
std::string restore(Network& network, Experiment* experiment, const Checkpoint& checkpoint, Checkpoint& undo);

// A part of the state kept beside the network and the experiment, visited after the network's:
// the Session's own (session.hpp: the timeline's undo list and position, the learning settings a
// reset gives back). A state holding such a part restores only where one is given, and the
// other way round, as for the experiment.
using ExtraState = std::function<void(StateVisitor&)>;
void capture(const Network& network, const Experiment* experiment, const ExtraState& extra, Checkpoint& into);
std::string restore(Network& network, Experiment* experiment, const ExtraState& extra, const Checkpoint& checkpoint, Checkpoint& undo);

// One command's fields (a command waiting in the network, an entry of the Session's undo list).
// Throws StateError for a change of input, whose data are not state.
void visit_command(StateVisitor& v, Command& c);

}  // namespace neurosim
