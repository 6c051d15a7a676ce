#pragma once
// [SECTION] Index
//   NeuronSelection ..... the neuron the diversity views look at (views/diversity_model.hpp, GL-free)
//   FiWorker ............ f-I curve measured on a copy of a neuron, in the background   (fi_worker.cpp)
//   CellTypePicker ...... switch a population to a cell type or firing pattern            (cell_type_picker.cpp)
//   NeuronPanel ......... one neuron: V, adaptation, inputs, weights; current step; f-I   (panel_neuron.cpp)
//   PhasePlanePanel ..... nullclines, vector field and live trajectory                    (panel_phase_plane.cpp)
//   PopulationPanel ..... spike counts per neuron, excitatory vs inhibitory rates         (panel_population.cpp)
//   DiversityViews ...... the three windows, their layout choice and selection            (diversity_views.cpp)
//
// The "Neuron diversity" views. Like the other panels they are handed what they show (the
// scenario facts and what the App keeps of the observations: DiversityInputs), change the run
// only through `submit` (SetParams, SetStimulus, SetTraced) and ask the App for anything bigger
// (a rebuilt scenario when a cell type changes the model) through AppRequests.
#include <imgui.h>

#include <cstdint>
#include <deque>
#include <future>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gui/panels/panels.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/monitors.hpp"
#include "neurosim/fi_curve.hpp"
#include "neurosim/observations.hpp"
#include "neurosim/phase_plane.hpp"
#include "neurosim/spec.hpp"
#include "gui/views/diversity_model.hpp"
#include "gui/views/trace_history.hpp"

namespace neurosim::gui {

struct TraceSpikes;
struct UiState;
class RateHistory;

// What the diversity views are handed each frame, all kept from the Session's observations.
struct DiversityInputs {
  const ScenarioFacts& facts;
  double t_ms = 0.0;                    // the observed time
  std::int64_t step = 0;                // the observed step
  const TraceHistory& traces;           // the traced neurons' samples
  const TraceSpikes& trace_spikes;      // their spike steps
  const RateHistory& rates;             // population rates
  const NeuronState* neuron = nullptr;  // the chosen neuron's state, once observed
  std::span<const SpikeEvent> spikes;   // the spikes observed since the last frame, in order
  std::uint64_t spikes_lost = 0;        // and those the engine's ring lost before that
  const std::vector<double>* weight_sums = nullptr;  // per projection, once observed
};

// [SECTION] Selection: NeuronSelection (views/diversity_model.hpp)
// Begins a window about the chosen neuron. False (the window already ended) when it is collapsed
// or the scenario has no simulated neuron, which the window then says.
bool begin_neuron_window(const char* title, bool* open, const ScenarioFacts& facts, const NeuronSelection& selection);

// True once the pointer has moved or clicked in this session. Plot read-outs under the pointer wait
// for it, so that a batch run under Xvfb (pointer parked mid-screen) renders no stray tooltip.
bool pointer_used();


// [SECTION] f-I worker
// Measures the f-I curve of a population's model and parameters on a copy of one neuron (no
// synapses, no noise, I_bias set to 0 so that the x axis is the whole constant current) with
// std::async, so the window never waits. The copy is built from the population's facts (model
// and applied parameters). A new measurement starts when the parameters or the current range
// change, at most every `min_interval_s`.
struct FiWorker {
  float min_interval_s = 0.3f;
  int points = 25;

  // Call every frame; returns true while a measurement is running.
  bool update(const PopulationFact& population, double dt_ms, double i_lo, double i_hi);
  const FiCurve& curve() const { return curve_; }
  bool has_curve() const { return !curve_.points.empty() || !curve_.error.empty(); }
  void clear();

 private:
  std::vector<double> key_, running_key_;
  std::future<FiCurve> job_;
  FiCurve curve_;
  double last_start_ = -1e9;
};

// [SECTION] Cell-type picker
// Shows which cell type (cell_types.hpp) or Naud AdEx firing pattern a population is, from its
// present parameters ("custom (model)" when none matches), and applies the entry picked.
// Same model: one SetParams with every listed parameter, validated and applied together (V_reset
// above a V_peak that changes with it is no problem), or refused whole. Another model: the
// scenario is rebuilt with the population's model and parameters replaced (AppRequests::rebuild),
// which restarts it at t = 0.
struct CellTypePicker {
  struct Entry;
  bool set_drive = true;      // also set the stimuli of the population to the entry's current
  void draw(const ScenarioFacts& facts, int population, const Submit& submit, AppRequests& requests);

  // Internal: what the last pick did.
  std::string message;
  bool message_error = false;

 private:
  void apply(const ScenarioFacts& facts, int population, const Entry& e, const Submit& submit, AppRequests& requests);
};

// The picker's entry (index into cell types, then firing patterns) that a population is now.
ParamSetMatch match_population(const PopulationFact& population);

// [SECTION] Neuron panel
struct NeuronPanel {
  // Settings
  float window_ms = 1000.0f;
  // Current-step protocol: a step of `step_amplitude` from `step_delay_ms` after now, for
  // `step_duration_ms`, through a stimulus that reaches this neuron alone.
  double step_amplitude = 0.0;
  double step_delay_ms = 20.0;
  double step_duration_ms = 500.0;
  double fi_max = 0.0;  // upper end of the f-I current axis (0: chosen from the model)

  void draw(bool* open, const DiversityInputs& in, NeuronSelection& selection, const Submit& submit, AppRequests& requests);
  // Forget per-network state (a new scenario was adopted).
  void reset();

  // Internal
  FiWorker fi;
  CellTypePicker picker;
  int fi_population = -1;   // the population the f-I range was chosen for
  int fi_widenings = 0;     // times the range was doubled because the curve had hardly begun
  std::string step_message;
  bool step_message_error = false;
  struct WeightSample {
    double t_ms;
    float mean, min, max;
  };
  std::deque<WeightSample> weights;  // incoming plastic weights of the chosen neuron over time
  std::pair<int, int> weights_of{-1, -1};
  std::int64_t weights_step = -1;
  std::vector<ImVec2> scratch;
};

// [SECTION] Phase plane panel
struct PhasePlanePanel {
  // Settings
  float trail_ms = 400.0f;   // length of the trajectory drawn
  bool vector_field = true;
  bool include_synaptic = false;  // add the neuron's present synaptic current to I

  void draw(bool* open, const DiversityInputs& in, const NeuronSelection& selection);

  // Internal: the range on screen (settle_range keeps it still while the data stays inside).
  PhaseRange shown;
  std::pair<int, int> range_of{-1, -1};
  std::vector<PhasePoint> trail;
  std::vector<ImVec2> scratch;
};

// [SECTION] Population panel
// Excitatory/inhibitory rates, the populations classed by classify_population (views/diversity_model.hpp).

struct PopulationPanel {
  // Settings
  float window_ms = 1000.0f;   // spike counts and rate plot span
  float smooth_ms = 20.0f;

  // On a brain-regions preset it also offers the region choice (AppRequests::load of its preset).
  // Reads the spikes of `in` also while the window is collapsed: no spike is missed.
  void draw(bool* open, const DiversityInputs& in, NeuronSelection& selection, AppRequests& requests);
  // The views were cleared (a reset): counting starts again.
  void restart() { last_step = -1; offsets.clear(); }

  // Internal: spike counts per neuron in kBins bins over the window, from the spike stream.
  static constexpr int kBins = 10;
  std::int64_t last_step = -1;
  std::int64_t bin_end_step = 0;   // first step after the newest bin
  std::int64_t bin_steps = 1;
  int head = 0;
  std::vector<std::vector<std::uint32_t>> bins;  // [bin][global neuron]
  std::vector<int> offsets;                      // first global index per population
  std::vector<std::uint32_t> counts;             // summed over bins, per global neuron
  std::uint64_t lost = 0;
  std::vector<PopulationClass> classes;
  double classes_time = -1e9;
  bool classes_with_weights = false;  // the classes were computed with the weight sums
  float y_max = 5.0f;
  std::vector<float> series_e, series_i, series_x;
  std::vector<ImVec2> scratch;
};

// [SECTION] The three windows together
// Layout rule: prefers_diversity_layout (views/diversity_model.hpp).

struct DiversityViews {
  NeuronSelection selection;
  NeuronPanel neuron;
  PhasePlanePanel phase;
  PopulationPanel population;

  // `traced`: the neurons the new network records, (population, neuron) pairs.
  void on_adopt(const ScenarioFacts& facts, const std::vector<std::pair<int, int>>& traced);
  void draw(UiState& ui, const DiversityInputs& in, const Submit& submit, AppRequests& requests, bool reset_layout);
  // What the views need observed this frame beyond the stream (the chosen neuron's state,
  // weight sums for the population classes every few seconds).
  void add_wants(const UiState& ui, ObserveWants& wants) const;
  void draw_menu_items(UiState& ui);
};

}  // namespace neurosim::gui
