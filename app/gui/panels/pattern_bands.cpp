// Pattern windows shaded over the spike raster (see learning_panels.hpp): the student sees where
// the hidden pattern was replayed and whether the output fired inside it.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/views/pattern_bands.hpp"

namespace neurosim::gui {

void draw_pattern_bands(ImDrawList* dl, const PatternBands& bands, double dt, ImVec2 min, ImVec2 max, double t_begin_ms,
                        double t_end_ms) {
  if (!(t_end_ms > t_begin_ms)) return;
  const float scale = (max.x - min.x) / static_cast<float>(t_end_ms - t_begin_ms);
  auto x_of = [&](double t) { return std::clamp(min.x + static_cast<float>(t - t_begin_ms) * scale, min.x, max.x); };
  const float label_w = ImGui::CalcTextSize("P0").x + 4.0f;
  dl->PushClipRect(min, max, true);
  for (const PatternOnsetSeen& onset : bands.overlapping(t_begin_ms, t_end_ms, dt)) {
    const PatternOnsetSeen* it = &onset;
    const std::int64_t window = it->window_steps;
    const float x0 = x_of(static_cast<double>(it->step) * dt);
    const float x1 = x_of(static_cast<double>(it->step + window) * dt);
    if (x1 <= x0) continue;
    // A tint over the window, its edges, and a solid cap with the pattern's number: the tint
    // alone disappears in a dense raster.
    dl->AddRectFilled(ImVec2(x0, min.y), ImVec2(x1, max.y), pattern_color(it->pattern, 0.24f));
    dl->AddLine(ImVec2(x0, min.y), ImVec2(x0, max.y), pattern_color(it->pattern, 0.75f));
    dl->AddLine(ImVec2(x1, min.y), ImVec2(x1, max.y), pattern_color(it->pattern, 0.45f));
    dl->AddRectFilled(ImVec2(x0, min.y), ImVec2(x1, min.y + 5.0f), pattern_color(it->pattern, 1.0f));
    if (x1 - x0 >= label_w) {
      char label[16];
      std::snprintf(label, sizeof label, "P%d", it->pattern + 1);
      const ImVec2 at(x0 + 3.0f, min.y + 6.0f);
      dl->AddRectFilled(at, ImVec2(at.x + ImGui::CalcTextSize(label).x + 2.0f, at.y + ImGui::GetTextLineHeight()), IM_COL32(0, 0, 0, 170));
      dl->AddText(ImVec2(at.x + 1.0f, at.y), pattern_color(it->pattern, 1.0f), label);
    }
  }
  dl->PopClipRect();
}

}  // namespace neurosim::gui
