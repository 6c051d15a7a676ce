#pragma once
// Changes requested while a network runs. They are checked when submitted (an invalid value is
// rejected with a message and nothing changes) and applied between steps.
#include <string>
#include <variant>

#include "neurosim/input_spec.hpp"
#include "neurosim/stimulus.hpp"

namespace neurosim {

struct SetParam {
  int population;
  std::string param;
  double value;
};

struct SetStimulus {
  int stimulus;
  StimulusParams params;
};

// Record the state of one more neuron (or stop: `record` false).
struct SetTraced {
  int population;
  int neuron;
  bool record = true;
};

// A learning parameter of a plastic projection (the learning rate "eta" first among them).
struct SetPlasticityParam {
  int projection;
  std::string param;
  double value;
};

// A reward (positive) or punishment (negative) for reward-modulated plasticity: it adds to the
// dopamine level of every R-STDP projection.
struct DeliverReward {
  double amount;
};

// Back to the initial state with the same random streams: the run repeats exactly.
struct ResetNetwork {};

// New input data, loaded by engine/io: for a population of model file (a series as spikes or
// rates) or images (an image set), or for a stimulus with an input (currents). The data must
// fit (as many columns as neurons or targets); it plays from the next step, from its start.
struct SetInput {
  int population = -1;  // either this...
  int stimulus = -1;    // ...or this
  InputSpec input;
};

using Command = std::variant<SetParam, SetStimulus, SetTraced, SetPlasticityParam, DeliverReward, ResetNetwork, SetInput>;

}  // namespace neurosim
