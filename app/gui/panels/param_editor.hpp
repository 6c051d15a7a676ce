#pragma once
// One editor for the parameters of a target: a population's neuron model or a projection's
// learning rule, as the Session's facts list them (name, unit, help, slider range, applied
// value). The sliders edit a UI-owned copy; a value the user set goes out as
// SetParams{target, {name, value}}, and the engine checks and applies it between steps. A
// refusal is shown in red and the slider returns to the applied value; a value applied from
// elsewhere (a cell type, a reset, the experiment's freeze) replaces the slider's.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "gui/panels/panels.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct ParamEditor {
  // One slider per parameter; returns true when a value was sent (and accepted by the check).
  // A right-click on a slider sends the scenario's value (ParamFact::scenario_value).
  // A choice among named modes (a learning rule's "pairing") is a combo and an on/off switch
  // ("multiplicative") a checkbox. Parameters named in `skip` are left to the panel, which
  // shows them its own way (the Learning window's large learning-rate slider).
  bool draw(ParamTarget target, const std::vector<ParamFact>& params, const Submit& submit,
            std::initializer_list<std::string_view> skip = {});

  // Internal: the values the sliders edit, the applied ones seen last frame, the last refusal.
  std::vector<double> desired, applied;
  std::string error;
};

}  // namespace neurosim::gui
