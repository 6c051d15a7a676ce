#pragma once
// The Network window: the scenario as a graph (views/network_graph.hpp) with live rates, an
// inspector for the selected population, projection or stimulus, and the editor's commands
// (add, duplicate, remove, rename, another model or learning rule; undo and redo; record). Everything it shows comes from the
// Session's facts and observed rates; every change goes out as a command the engine checks.
#include <string>

#include "gui/panels/panels.hpp"
#include "gui/panels/param_editor.hpp"
#include "gui/views/network_graph.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

class RateHistory;

struct NetworkPanel {
  // Read-only outputs: what the App performs after the panel drew (the recording is the
  // Session's, not a command).
  bool toggle_recording = false;

  void draw(bool* open, const ScenarioFacts& facts, const RateHistory& rates, bool recording, const Submit& submit);

  // Internal
  GraphHit selected;
  NetworkGraph graph;
  ParamEditor params;
  std::string error, message;
  char rename_buffer[64] = {};
  GraphHit renaming;  // the element the rename buffer was filled for
  bool remove_connections = false;
  // The "Add" forms.
  char new_name[64] = "new";
  int new_model = 0, new_size = 100;
  int new_pre = 0, new_post = 0, new_rule = 1, new_indegree = 10, new_receptor = 0, new_plasticity = 0;
  float new_p = 0.1f, new_weight = 100.0f, new_delay = 1.0f;
  bool new_same_step = false;
  int new_stimulus_population = 0;
  float new_amplitude = 200.0f, new_start = 0.0f, new_stop = 0.0f;  // stop 0: to the end
  // Live projection controls, as the user holds them until released.
  float scale = 1.0f, delay = 1.0f;
  int control_of = -1;  // the projection the controls were filled for
  StimulusParams stimulus;
  int stimulus_of = -1;
  // The population's model and size, the projection's rule, as chosen until sent.
  int change_model = 0, change_size = 1, change_of = -1;
  int change_rule = 0, rule_of = -1;
};

}  // namespace neurosim::gui
