#pragma once
// [SECTION] Index
//   LearningPanel ...... rule parameters of a plastic projection, learning rate first; freeze;
//                        reward / punish and dopamine readouts for R-STDP   (panel_learning.cpp)
//   StdpWindowPanel .... the STDP window dw(dt) for the current parameters (panel_stdp_window.cpp)
//   WeightHistPanel .... weight histogram now and at the start              (panel_weights_hist.cpp)
//   SynapsePanel ....... chosen synapses' weights over time                 (panel_synapses.cpp)
//   BeforeAfterPanel ... weight maps at the start, now, and the difference  (panel_before_after.cpp)
//   LatencyPanel ....... output latency after each pattern onset            (panel_latency.cpp)
//   ExperimentPanel .... progress and per-epoch dashboard of an experiment  (panel_experiment.cpp)
//   LearningViews ...... owns the above, their data and textures; the App's one entry point
//                        (learning_views.cpp; window rectangles in learning_layout.hpp)
//   draw_pattern_bands . pattern windows shaded on the raster                (pattern_bands.cpp)
//
// Panels follow panels.hpp: settings, then draw(), then internal state. They are handed the
// scenario facts and what LearningViews keeps of the observations (learning_data.hpp), and send
// Commands through `submit`.
#include <imgui.h>

#include <array>
#include <map>
#include <span>
#include <cstdint>
#include <string>
#include <vector>

#include "gui/render/heatmap_renderer.hpp"
#include "gui/views/experiment_seen.hpp"
#include "gui/shell/learning_layout.hpp"
#include "gui/views/learning_data.hpp"
#include "gui/panels/panels.hpp"
#include "gui/panels/param_editor.hpp"
#include "gui/shell/ui_state.hpp"


namespace neurosim::gui {

struct HeatmapPanel;
class PatternBands;

// [SECTION] Panels

// R-STDP's readouts for the Learning window, kept by LearningViews as plain values.
struct RewardReadout {
  double t_ms = 0.0;
  double dopamine = 0.0;
  bool has_task = false;  // the scenario's own reward rule (Izhikevich 2007's distal reward)
  int pre = 0, post = 0;
  std::string projection_name;
  double window_ms = 0.0, amount = 0.0, delay_min_s = 0.0, delay_max_s = 0.0;
  std::uint64_t earned = 0, delivered = 0;
  std::vector<double> delivered_ms;  // deliveries of the last few seconds
};

struct LearningPanel {
  // Settings
  int projection = -1;  // the plastic projection shown (and followed by the other learning views)

  // The rule's applied parameters from the Session's facts; `evaluating`: the experiment's
  // evaluation phase has frozen learning.
  void draw(bool* open, const ScenarioFacts& facts, bool evaluating, const Submit& submit, WeightWatch& watch);
  // A new network or a reset: the editors take the applied values again.
  void sync() {
    editors.clear();
    eta_projection = -1;
  }

  // Outputs of the last frame, read by LearningViews
  bool snapshot_requested = false;

  // Internal
  std::vector<ParamEditor> editors;  // per projection: the rule's parameters
  double eta_value = 0.0, eta_seen = 0.0;  // the learning-rate slider's copy and the applied value it came from
  int eta_projection = -1;
  RewardReadout reward;
  SampleSeries dopamine{512};
  double eligibility_mean = 0.0, eligibility_max = 0.0;  // |c| over the synapses, refreshed a few times a second
  double eligibility_age_s = 1e9;
  std::vector<ImVec2> scratch;
};

struct StdpWindowPanel {
  // Settings
  float w_fraction = 0.5f;  // where in [w_min, w_max] the weight sits (soft bounds only)

  // The rule's applied parameters come with the Session's facts.
  void draw(bool* open, const ScenarioFacts& facts, int projection);

  // Internal
  std::vector<ImVec2> scratch;
};

struct WeightHistPanel {
  // Settings
  bool log_counts = false;
  bool show_start = true;

  void draw(bool* open, const ScenarioFacts& facts, const WeightWatch& watch);
};

struct SynapsePanel {
  // Settings
  bool show_mean = true;

  // The followed synapses and their weights as the WeightWatch samples them.
  void draw(bool* open, WeightWatch& watch);

  // Internal
  int pick_pre = 0, pick_post = 0;
  std::string message;
  std::vector<ImVec2> scratch;
};

struct BeforeAfterPanel {
  void draw(bool* open, const ScenarioFacts& facts, WeightWatch& watch, const std::array<ImTextureID, 3>& textures);

  // Outputs, read by the App's render pass: the size each map is shown at (0: hidden)
  std::array<int, 3> image_width{}, image_height{};
  std::string message;
  bool chose = false;  // a click asked to follow a synapse: its outcome shows next frame
};

struct LatencyPanel {
  // Settings
  int average_over = 10;  // occurrences in the running mean

  void draw(bool* open, const ScenarioFacts& facts, const LatencyTracker& latencies, const ExperimentSeen* experiment);

  // Internal
  std::vector<ImVec2> scratch;
};

struct ExperimentPanel {
  // Settings
  int energy_model = -1;  // index into energy_models(); -1: the scenario's own

  // `submit` takes the "Add output neuron" command.
  void draw(bool* open, const ScenarioFacts& facts, const ExperimentSeen* experiment, const LatencyTracker& latencies,
            double wall_dt_s, const Submit& submit);

  // Internal
  std::string grow_message;         // why the last "Add output neuron" was refused ("" when accepted)
  double current_age_s = 1e9;       // the phase under way is rescored twice a second
  PhaseMetrics current;             // its scores so far
  std::vector<ImVec2> scratch;
};

// Draws the scoring of the phase under way and the history with a latency scatter; reused by
// the latency panel (dots per occurrence) and the dashboard.
void draw_latency_scatter(const char* id, ImVec2 size, const LatencyTracker& latencies, const ExperimentSeen* experiment,
                          int average_over, std::vector<ImVec2>& scratch);

// [SECTION] LearningViews

// What the learning views read each frame, all kept by the App from the Session's observations.
struct LearningInputs {
  const ScenarioFacts& facts;
  double t_ms = 0.0;
  std::int64_t step = 0;
  const std::map<int, WeightSnapshot>& copies;  // the latest copy of each projection's weights
  const std::vector<float>& synapse_weights;    // this frame's answer to ObserveWants::synapses
  std::span<const SpikeEvent> spikes;           // observed since the last frame
  std::uint64_t spikes_lost = 0;
  std::span<const PatternOnsetSeen> onsets;     // observed since the last frame
  const LearningReadout* readout = nullptr;     // the latest R-STDP readout, when asked
  WeightSources weights() const { return {facts, copies, t_ms}; }
};

class LearningViews {
 public:
  // A new network: snapshots, trackers, the experiment; sets ui's scenario kind. True when the
  // kind changed (the caller re-applies the layout). Points the heatmap at the plastic projection.
  bool on_adopt(const LearningInputs& in, UiState& ui, HeatmapPanel& heatmap);
  // After ResetNetwork: start weights again, restart the experiment.
  void after_reset(const LearningInputs& in);
  // After AddNeurons: the weight views take the new structure; the start snapshot, the chosen
  // synapses' histories and the experiment go on.
  void on_grown(const LearningInputs& in);
  // How the finished experiment went, for the status line.
  static std::string experiment_summary(const ExperimentSeen& experiment);

  // Per frame, before observing: what the views need copied (ObserveWants).
  void add_wants(const UiState& ui, ObserveWants& wants, double wall_dt_s);
  // Per frame, after observing: weights, latencies, R-STDP readouts.
  void observe(const LearningInputs& in, double wall_dt_s);
  void draw_menu_items(UiState& ui);
  void draw(UiState& ui, const LearningInputs& in, const ExperimentSeen* experiment, const Submit& submit, bool reset);

  // GPU: the three before/after maps.
  bool create_gl(std::string& error);
  void destroy_gl();
  void render_gl();


 private:
  LearningPanel learning_;
  StdpWindowPanel stdp_;
  WeightHistPanel hist_;
  SynapsePanel synapses_;
  BeforeAfterPanel before_after_;
  LatencyPanel latency_;
  ExperimentPanel experiment_;

  WeightWatch watch_;
  LatencyTracker latencies_;
  std::array<HeatmapRenderer, 3> maps_;  // start, now (viridis), difference (diverging)
  double wall_dt_s_ = 0.0;
  bool force_refresh_ = true;
  bool defaults_chosen_ = false;  // the synapses followed from the start, once the weights are observed
};

// True when some projection of the scenario learns.
bool has_plasticity(const ScenarioFacts& facts);
// The first plastic projection, or -1.
int first_plastic_projection(const ScenarioFacts& facts);

// Shades every pattern window kept from the observations that falls in
// [t_begin_ms, t_end_ms] over the raster image [min, max] (a translucent band per pattern colour
// and a solid tick at the onset). Nothing when there is no pattern population.
void draw_pattern_bands(ImDrawList* dl, const PatternBands& bands, double dt, ImVec2 min, ImVec2 max, double t_begin_ms,
                        double t_end_ms);

}  // namespace neurosim::gui
