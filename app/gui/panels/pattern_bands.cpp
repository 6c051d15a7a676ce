// Pattern windows shaded over the spike raster (see learning_panels.hpp): the student sees where
// the hidden pattern was replayed and whether the output fired inside it.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "neurosim/network.hpp"
#include "neurosim/pattern_source.hpp"

namespace neurosim::gui {

void draw_pattern_bands(ImDrawList* dl, const Network& network, ImVec2 min, ImVec2 max, double t_begin_ms,
                        double t_end_ms) {
  if (!(t_end_ms > t_begin_ms)) return;
  const double dt = network.dt();
  const float scale = (max.x - min.x) / static_cast<float>(t_end_ms - t_begin_ms);
  auto x_of = [&](double t) { return std::clamp(min.x + static_cast<float>(t - t_begin_ms) * scale, min.x, max.x); };
  const float label_w = ImGui::CalcTextSize("P0").x + 4.0f;
  dl->PushClipRect(min, max, true);
  for (int i = 0; i < network.population_count(); ++i) {
    const auto* source = dynamic_cast<const PatternPopulation*>(&network.population(i));
    if (source == nullptr || source->onsets().empty()) continue;
    const auto& onsets = source->onsets();
    const std::int64_t window = source->window_steps();
    // Onsets are in step order: start at the first window that reaches into the view.
    const auto from = static_cast<std::int64_t>(t_begin_ms / dt) - window;
    auto it = std::lower_bound(onsets.begin(), onsets.end(), from,
                               [](const PatternOnset& o, std::int64_t step) { return o.step < step; });
    for (; it != onsets.end() && static_cast<double>(it->step) * dt <= t_end_ms; ++it) {
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
  }
  dl->PopClipRect();
}

}  // namespace neurosim::gui
