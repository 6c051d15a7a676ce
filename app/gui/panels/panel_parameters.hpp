#pragma once
// The Parameters window: one collapsible section per population with its model's parameters
// (ParamEditor), the projections' weight_scale and on/off, and the stimuli. Drawn from the
// Session's facts (the applied values) and a command sink, the MemoryEditor way: it never sees
// the network.
#include <string>
#include <vector>

#include "gui/panels/panels.hpp"
#include "gui/panels/param_editor.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct ParametersPanel {
  // `t_ms`: the simulated time now (a stimulus switched to "until" stops 100 ms from now).
  void draw(bool* open, const ScenarioFacts& facts, double t_ms, const Submit& submit);

  // Internal: one editor per population; the stimuli and projection controls the widgets edit,
  // with the applied values seen last frame (a change made elsewhere replaces the edited one).
  std::vector<ParamEditor> populations;
  std::vector<StimulusParams> stimuli, applied_stimuli;
  std::vector<std::string> stimulus_error;
  std::vector<double> projection_scale, applied_scale;
  std::vector<bool> projection_on, applied_on;
  std::string projection_error;
};

}  // namespace neurosim::gui
