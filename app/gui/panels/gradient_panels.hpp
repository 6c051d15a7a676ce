#pragma once
// The gradient-training layout's windows: training curves, the current sample's spikes layer by
// layer, kernels and feature maps, the surrogate, results (confusion matrix, or the few-shot
// episode with its embedding map) and the controls. They draw a GradientView (plain data,
// gui/views/gradient_view.hpp) and ask for changes through GradientRequests; the sliders edit a
// UI-owned copy that is sent as a whole when a slider is released.
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/views/gradient_view.hpp"

namespace neurosim::gui {

struct GradientWindows {
  bool curves = true, activity = true, kernels = true, surrogate = true, results = true, controls = true;
};

// What the sliders hold (the desired values); the view says what the worker applied.
struct GradientSliders {
  bool initialised = false;
  float learning_rate = 1e-3f, beta = 0.9f, threshold = 1.0f, slope = 25.0f;
  int surrogate = 0;  // gradient::SurrogateKind
};

struct GradientRequests {
  bool toggle_pause = false, reset = false, send_controls = false, reset_layout = false, quit = false, screenshot = false;
};

class GradientPanels {
 public:
  // `title`: the preset's name and what it trains, for the menu bar.
  void draw(const GradientView& view, const std::string& title, GradientRequests& out);

  GradientSliders sliders;
  GradientWindows show;

 private:
  void menu(const GradientView& v, const std::string& title, GradientRequests& out);
  void curves(const GradientView& v);
  void activity(const GradientView& v);
  void kernels(const GradientView& v);
  void surrogate(const GradientView& v);
  void results(const GradientView& v);
  void controls(const GradientView& v, GradientRequests& out);
  bool layout_reset_ = true;
  std::vector<ImVec2> scratch_;
};

}  // namespace neurosim::gui
