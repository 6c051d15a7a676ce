#pragma once
// The interactive window: `neurosim gui [SCENARIO] [--frames N] [--screenshot FILE] [--size WxH]`.
#include <string>

namespace neurosim::gui {

struct GuiOptions {
  std::string scenario = "default";  // preset name or file path
  int frames = 0;                    // 0: run until the window is closed
  std::string screenshot;            // written after the last frame when frames > 0
  int width = 1600;
  int height = 900;
};

// Returns the exit status: 0, or 2 when there is no display or the scenario is invalid.
int run_gui(const GuiOptions& options);

}  // namespace neurosim::gui
