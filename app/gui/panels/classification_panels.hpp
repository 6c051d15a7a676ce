#pragma once
// [SECTION] Index
//   ClassificationFrame .. what the classification views show, gathered once per frame from the
//                          experiment (classification_views.cpp); panels read only this
//                          (classification_data.hpp)
//   ReceptiveFieldPanel .. one tile per output neuron: its incoming weights as an image, labelled
//                          with its assigned digit                      (panel_receptive_fields.cpp)
//   DigitPanel ........... the image on show, its label, the network's answer, the output spike
//                          counts for this image and the votes per label    (panel_digit.cpp)
//   ConfusionPanel ....... after the test: confusion matrix and per-label accuracy (panel_confusion.cpp)
//   TrainingCurvePanel ... accuracy over images and epochs, energy and decision latency per image
//                          (panel_training_curve.cpp)
//   ClassificationViews .. owns the above, their data and the receptive-field texture; the App's
//                          one entry point (classification_views.cpp)
//
// Panels follow panels.hpp: settings, then draw(), then internal state. They are handed a
// const ClassificationFrame and never read the network.
#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gui/render/heatmap_renderer.hpp"
#include "gui/views/classification_data.hpp"
#include "gui/views/classification_model.hpp"
#include "gui/views/experiment_seen.hpp"
#include "gui/views/receptive_fields.hpp"
#include "gui/shell/ui_state.hpp"

namespace neurosim {
struct ImageSet;
}  // namespace neurosim

namespace neurosim::gui {

// [SECTION] Panels

struct ReceptiveFieldPanel {
  // Settings
  int max_fields = 400;
  bool show_labels = true;

  // `texture` holds `grid.map` drawn through the colour map.
  void draw(bool* open, const ClassificationFrame& frame, const ReceptiveFieldGrid& grid, ImTextureID texture);

  // Outputs: the size the map is drawn at (the views render the texture at it)
  int want_width = 0, want_height = 0;
};

struct DigitPanel {
  // `image_px`: the side of the image on screen.
  void draw(bool* open, const ClassificationFrame& frame, float image_px = 168.0f);
};

struct ConfusionPanel {
  bool normalise_rows = false;
  void draw(bool* open, const ClassificationFrame& frame);
};

struct TrainingCurvePanel {
  int window = 100;  // images per running-accuracy window
  void draw(bool* open, const ClassificationFrame& frame);

  std::vector<ImVec2> scratch;
};

// [SECTION] ClassificationViews

class ClassificationViews {
 public:
  // A new network (or a reset); true when it has a classification experiment.
  bool on_adopt(const ScenarioFacts& facts) { return model_.on_adopt(facts); }
  // What the views need observed this frame (classification_model.hpp).
  void add_wants(ObserveWants& wants, double wall_dt_s) { model_.add_wants(wants, wall_dt_s); }
  // Per frame, after observing: the image on show, this window's counts, newly scored images,
  // the receptive fields from a new weight copy.
  void observe(const ExperimentSeen* experiment, const ClassificationSeen* now, const std::map<int, WeightSnapshot>& copies) {
    model_.observe(experiment, now, copies, fields_panel_.max_fields);
  }
  void draw_menu_items(UiState& ui);
  void draw(UiState& ui, bool reset);

  // GPU: the receptive-field map.
  bool create_gl(std::string& error);
  void destroy_gl();
  void render_gl();

  const ClassificationFrame& frame() const { return model_.frame(); }
  const ReceptiveFieldGrid& fields() const { return model_.fields(); }

 private:
  ReceptiveFieldPanel fields_panel_;
  DigitPanel digit_panel_;
  ConfusionPanel confusion_panel_;
  TrainingCurvePanel curve_panel_;
  ClassificationModel model_;
  HeatmapRenderer renderer_;
};

// Window rectangles of the classification layout: the four views and the core windows it keeps
// (raster, controls, simulation), at 1600 x 900 side by side.
enum class ClassificationSlot { Fields, Digit, Confusion, Curve };
void place_classification_window(ClassificationSlot slot, bool reset);

}  // namespace neurosim::gui
