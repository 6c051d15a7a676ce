#pragma once
// The Compare window: run A and run B side by side, stepped in lockstep (LockstepPair), each
// drawn from its own observations only: spike raster, population rates and traced neurons on
// one shared time axis, the list of what differs (differences.hpp), and B's parameter sliders
// (ParametersPanel on B's facts, sending to B only), so that a change in the copy shows beside
// the original.
//
// The App owns it while a comparison is open (shell/app_compare.cpp) and paces it with its
// run controls; the single run waits, paused, until the comparison is closed.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/compare/compare_side.hpp"
#include "gui/compare/differences.hpp"
#include "gui/compare/lockstep_pair.hpp"
#include "gui/panels/panel_parameters.hpp"
#include "gui/render/raster_renderer.hpp"
#include "neurosim/session.hpp"

namespace neurosim::gui {

class SimClock;

class CompareWindow {
 public:
  // The two Sessions at the same step; `lockstep`: step only as the frames ask (batch runs).
  CompareWindow(std::unique_ptr<Session> a, std::string label_a, std::unique_ptr<Session> b, std::string label_b, bool lockstep);
  bool create_gl(std::string& error);
  void destroy_gl();

  // The run controls to the pair's thread; in lockstep, the frame's planned steps, done at once.
  void pace(SimClock& clock, double plan_dt_s);
  // Reads what both sides produced since the last frame (both at the same step).
  void read(SimClock& clock, double frame_dt_s);
  // Draws the windows. Returns false when the user asked to go back to the single run.
  bool draw(SimClock& clock);
  // Uploads and draws the two rasters at the size the window shows them.
  void render_gl();

  // The menu's Step and Reset, for both runs.
  void step_once(SimClock& clock);
  void reset_both();

  std::int64_t step_index() const { return pair_.step_index(); }
  const std::vector<Difference>& current_differences() const { return differences_; }

 private:
  void draw_controls(SimClock& clock, bool& keep_open);
  void draw_side(int side, float width, float height, float rate_max, double trace_lo, double trace_hi);
  int steps_per_column(double dt_ms) const;

  LockstepPair pair_;
  std::array<CompareSide, 2> sides_;
  std::array<RasterRenderer, 2> rasters_;
  std::array<int, 2> image_w_{}, image_h_{};
  int visible_columns_ = 1;
  bool gl_ready_ = false;
  bool lockstep_ = false;
  float window_ms_ = 1000.0f;
  bool paused_sent_ = true;
  double speed_sent_ = -1.0;
  std::int64_t step_seen_ = 0;
  double busy_seen_s_ = 0.0;
  std::uint64_t facts_version_a_ = ~0ull, facts_version_b_ = ~0ull;
  std::vector<Difference> differences_;
  ParametersPanel b_parameters_;
  bool show_b_parameters_ = true;
  bool placed_ = false;  // the three windows were placed once
  std::vector<ImVec2> scratch_;
};

}  // namespace neurosim::gui
