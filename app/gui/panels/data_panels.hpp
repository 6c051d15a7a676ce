#pragma once
// [SECTION] Index
//   InputTarget, InputPreview ... what data can go to, and a file read for a look first
//   InputPanel ......... input files (preview, then apply), random input, images      (panel_input.cpp)
//   ExportRequest ...... what the Export panel asks the App to write                   (panel_export.cpp)
//   ExportPanel ........ results, panels as PNG, the window, to a directory             (panel_export.cpp)
//   DataViews .......... both panels, as the App holds them                              (panel_input.cpp)
//
// Data goes into the engine only through a SetInput command, which the engine checks (the
// width must fit, values must suit their use) before it changes anything: a file that does
// not load or does not fit leaves the running input as it was, and the panel says why. Files
// are read on a worker thread, so a 100 MB CSV does not stall the window.
#include <imgui.h>

#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/panels/panels.hpp"
#include "neurosim/image_set.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/time_series.hpp"

#include "neurosim/observations.hpp"

namespace neurosim::gui {

// [SECTION] Targets and previews

// An input of the running network that data can be given to.
struct InputTarget {
  int population = -1;  // a population of model file or images...
  int stimulus = -1;    // ...or a stimulus with an input (currents)
  std::string label;    // "input (file, 20 neurons)"
  bool images = false;
  int width = 0;        // columns (or pixels) the data must have
};
std::vector<InputTarget> input_targets(const ScenarioFacts& facts);

// What the Input data panel shows of the running inputs: the scenario facts (their data, shared,
// in the spec's inputs and the images populations' facts) and the image each images population
// shows now (Observations::images_shown).
struct InputsSeen {
  const ScenarioFacts& facts;
  const std::vector<std::pair<int, int>>& images_shown;
};

// A file read for a look before it is applied.
struct InputPreview {
  std::string path;                          // as typed or dropped
  InputKind kind = InputKind::Spikes;
  std::shared_ptr<const TimeSeries> series;  // time series, or...
  std::shared_ptr<const ImageSet> images;    // ...images
  std::string error;                         // why it did not load ("" when it did)
  double seconds = 0.0;                      // reading time
  bool ok() const { return error.empty() && (series || images); }
};

// [SECTION] InputPanel

struct InputPanel {
  // Settings
  int target = 0;
  std::string path;
  std::string labels_path;
  int kind = 0;  // 0 spikes, 1 rates (populations); stimuli always take currents
  bool loop = true;
  float random_rate_hz = 20.0f;
  float random_fraction = 0.3f;
  int random_seed = 1;

  void draw(bool* open, const InputsSeen& seen, const Submit& submit);
  // A data file dropped on the window: read, previewed, and applied at once when it fits.
  void drop(const std::string& file, const InputsSeen& seen);
  // Shows `file` (already applied, e.g. from --input) with its preview.
  void show_file(const std::string& file, const std::string& labels, const InputsSeen& seen);

  // Outputs
  std::string message;
  bool message_is_error = false;

  // Internal
  std::future<InputPreview> pending;
  bool apply_when_read = false;
  InputPreview preview;
  std::vector<InputTarget> targets;

 private:
  void start_reading(const InputTarget& t, const std::string& file, const std::string& labels, bool apply);
  void poll(const InputsSeen& seen, const Submit& submit);
  void apply(const InputTarget& t, const InputPreview& p, const Submit& submit);
  void draw_series_target(const InputTarget& t, const InputsSeen& seen, const Submit& submit);
  void draw_images_target(const InputTarget& t, const InputsSeen& seen, const Submit& submit);
  void draw_preview(const InputTarget& t);
  void draw_random(const InputTarget& t, const Submit& submit);
};

// [SECTION] ExportPanel

struct ExportRequest {
  std::filesystem::path dir;
  bool metrics = true, experiment = true, spikes_csv = true, spikes_npy = false, weights_csv = true, weights_npy = false,
       traces = true, scenario = true, panels = true, window = false;
  int width = 1200, height = 800;  // each panel's PNG
  bool print_theme = false;        // pictures on white paper (print_theme.hpp)
  bool svg = true;                 // the raster, traces, rates and a sweep also as SVG (plot_svg.hpp)
  io::Replace replace = io::Replace::Never;
};

struct ExportPanel {
  // Settings
  std::string dir = "exports";
  ExportRequest what;
  bool overwrite = false;

  // Sets `request` when the user asks for an export.
  void draw(bool* open, std::optional<ExportRequest>& request);

  // Outputs, filled by the App when the export is done
  std::string result;
  bool result_is_error = false;
};

// These windows float over the layout: on first use at this share of the work area, this many
// font heights wide and high (the App calls it right before draw()).
void place_floating_window(float x_share, float y_share, float width_em, float height_em);

// [SECTION] DataViews

struct DataViews {
  InputPanel input;
  ExportPanel exports;
  std::optional<ExportRequest> export_request;  // asked this frame; the App performs it
};

}  // namespace neurosim::gui
