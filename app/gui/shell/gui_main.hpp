#pragma once
// The interactive window: `neurosim gui [SCENARIO] [--frames N] [--screenshot FILE] [--size WxH] [--speed X]`.
#include <string>
#include <vector>

#include "gui/compare/compare_spec.hpp"
#include "gui/shell/scenario_loader.hpp"

namespace neurosim::gui {

struct GuiOptions {
  std::string scenario = "default";  // preset name or file path
  int frames = 0;                    // 0: run until the window is closed
  std::string screenshot;            // written after the last frame when frames > 0
  int width = 1600;
  int height = 900;
  double speed = 1.0;                // the speed control's starting value (simulated ms per wall ms)
  InputFiles inputs;                 // --input, --images, --labels
  std::string export_panels;         // after the last frame: one PNG per open plot panel here
  int panel_width = 1200;            // ...each this size
  int panel_height = 800;
  std::string export_all;            // after the last frame: what the Export panel writes, here
  bool overwrite = false;            // replace files in export_panels / export_all (else a numbered folder)
  bool frame_stats = false;          // print one line of frame timing at the end (frame_stats.hpp)
  bool paused = false;               // start with the simulation paused
  double start_at_ms = 0.0;          // simulated flat out before the first frame (--start-at)
  std::vector<std::string> replay;   // --replay FILE...: recorded spikes instead of a scenario
  std::string replay_scenario;       // --scenario S: map them onto this scenario's populations
  CompareChoice compare;             // --compare B, --compare-set PATH=VALUE: run B beside A
  std::string layout;                // "network", "diversity", "learning", "classification", "editor"; empty: the scenario's choice
  double rewind_seconds = 30.0;      // how far back the Rewind window reaches
  double rewind_budget_mb = 256.0;   // the memory its checkpoints may take
  double rewind_to_ms = -1.0;        // >= 0 with --frames: pause and go back to this time for the last frames
  bool print_theme = false;          // the light print theme, for the window and exported pictures
  std::string sweep_csv;             // a sweep.csv to show in the Sweep window
  std::vector<std::string> sweep_vary;  // --sweep-vary PATH=...: a sweep of the scenario, run in the background
  double sweep_duration_ms = 0.0;    // per point (0: the window's default)
};

// Returns the exit status: 0, or 2 when there is no display or the scenario is invalid.
int run_gui(const GuiOptions& options);

}  // namespace neurosim::gui
