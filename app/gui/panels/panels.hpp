#pragma once
// [SECTION] Index
//   Shared types ....... Submit, AppRequests, ScenarioFiles
//   SimulationPanel .... run controls, speed, presets, load/save        (panel_simulation.cpp)
//   ParametersPanel .... parameter sliders per population, stimuli      (panel_parameters.hpp)
//   TracesPanel ........ membrane potential of chosen neurons           (panel_traces.cpp)
//   RasterPanel ........ scrolling spike raster (texture from the GPU)  (panel_raster.cpp)
//   HeatmapPanel ....... weight matrix of a projection                  (panel_heatmap.cpp)
//   RatesPanel ......... population firing rates                        (panel_rates.cpp)
//   StatusBar .......... time, speed, throughput                        (status_bar.cpp)
//
// A panel is a small struct with draw(): settings first, then read-only outputs, then internal
// state. It is handed what it shows (a const Network, a texture handle), issues no GL calls and
// never writes engine memory: changes go through `submit` (a Command, checked by the engine) or
// into AppRequests, which the App performs after every panel has drawn.
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurosim/commands.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/stimulus.hpp"

namespace neurosim {
class Network;
struct ScenarioFacts;
}

namespace neurosim::gui {

class PatternBands;
class RasterRing;
class RasterPixels;
class TraceHistory;
class RateHistory;
class SimClock;
struct HeatmapData;
struct TraceSpikes;

// [SECTION] Shared types

// Sends a command to the engine: "" when accepted, else the reason (the old value stays).
using Submit = std::function<std::string(const Command&)>;

struct AppRequests {
  bool toggle_pause = false;
  bool step_once = false;
  bool reset = false;
  bool screenshot = false;
  bool quit = false;
  std::string load;  // preset name or file path
  std::string save;  // file path
  std::optional<std::pair<int, int>> trace;  // (population, neuron) to start tracing
  // A changed scenario to build and run instead (a cell type with another model, an added
  // stimulus); it restarts at t = 0. The note is shown when it succeeds.
  std::optional<ScenarioSpec> rebuild;
  std::string rebuild_note;
};

// The scenario as the UI knows it: what is loaded, the path fields, the last outcome.
struct ScenarioFiles {
  std::string current;       // preset name or path of the running scenario
  std::string load_path;
  std::string save_path = "scenario.json";
  bool overwrite = false;    // Save replaces an existing file (else it takes a numbered name)
  std::vector<std::string> errors;  // of the last load or save; the old network keeps running
  std::string message;              // of the last success
};

// [SECTION] Panels

struct SimulationPanel {
  // The scenario's name, description and size from the Session's facts.
  void draw(bool* open, const ScenarioFacts& facts, SimClock& clock, ScenarioFiles& files, AppRequests& requests);

  std::vector<std::string> presets;  // filled once from io::preset_names()
  int preset_index = -1;
};

struct ParametersPanel;  // panel_parameters.hpp: drawn from the Session's facts, not the network

struct TracesPanel {
  // Settings
  float window_ms = 500.0f;
  bool all_variables = false;  // one lane per state variable (u, synaptic currents), not only V

  // The traced neurons' samples kept from observations; names, units and thresholds from the facts.
  void draw(bool* open, const ScenarioFacts& facts, double t_now_ms, const TraceHistory& traces, const TraceSpikes& spikes,
            const Submit& submit, AppRequests& requests);

  // Internal
  int add_population = 0;
  int add_neuron = 0;
  std::string message;
  std::vector<ImVec2> scratch;
};

struct RasterPanel {
  // Settings
  float window_ms = 1000.0f;  // time across the view

  // The columns to show for a ring with `steps_per_column` (the App renders the texture).
  int steps_per_column(double dt_ms) const;
  // Population names and dt from the Session's facts; the pattern windows kept from observations.
  // `texture` shows the whole view (RasterRenderer), or, with `pixels`, is their repeating ring
  // of pixel columns, drawn from pixels->u_begin() (the live window).
  void draw(bool* open, const ScenarioFacts& facts, const RasterRing& ring, const PatternBands& bands, ImTextureID texture,
            AppRequests& requests, const RasterPixels* pixels = nullptr);

  // Outputs, read by the App to render the texture at the size it is shown
  int image_width = 0, image_height = 0;
  int visible_columns = 1;
};

struct HeatmapPanel {
  // Settings
  int projection = 0;
  float refresh_s = 0.5f;  // weights are static now and plastic later: a modest refresh rate

  // Projection names from the Session's facts; the weights as HeatmapData holds them.
  void draw(bool* open, const ScenarioFacts& facts, const HeatmapData& data, ImTextureID texture);

  // Outputs, read by the App
  int image_width = 0, image_height = 0;
};

struct RatesPanel {
  // Settings
  float window_ms = 2000.0f;
  float smooth_ms = 20.0f;  // box filter over the rate bins

  // The rates kept from the Session's observations, and the population names from its facts.
  void draw(bool* open, const RateHistory& rates, const ScenarioFacts& facts);

  // Internal
  float y_max = 10.0f;  // rises at once, falls slowly, so the axis does not jitter
  std::vector<std::vector<float>> smoothed;  // per population, visible bins
  std::vector<ImVec2> scratch;
};

struct StatusBar {
  void draw(double t_ms, const SimClock& clock, const RasterRing& ring, const std::string& message, bool message_is_error);
};

}  // namespace neurosim::gui
