// Axis ticks and plot frames for the ImDrawList plots (see plot_helpers.hpp).
#include "gui/panels/plot_helpers.hpp"

#include "gui/panels/print_theme.hpp"

#include <algorithm>
#include <cstdio>

namespace neurosim::gui {

void draw_plot_frame(ImDrawList* dl, const PlotArea& area, int x_ticks, int y_ticks, bool x_labels,
                     const char* x_unit) {
  const ImU32 grid = plot_colors().grid;  // the dark or the print theme's
  const ImU32 border = plot_colors().border;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // No filled background: the window's is the same colour, and under a software renderer every
  // extra full-area layer costs frame time.
  double step = 0;
  const std::vector<double> xt = nice_ticks(area.x0, area.x1, x_ticks, &step);
  // Right to left: the newest label (with the unit) always shows; one that would overlap the
  // label to its right is skipped.
  float free_until = 1e30f;
  for (auto it = xt.rbegin(); it != xt.rend(); ++it) {
    const double t = *it;
    const float x = area.sx(t);
    dl->AddLine(ImVec2(x, area.min.y), ImVec2(x, area.max.y), grid);
    if (x_labels && t >= 0.0) {  // x is time here, and nothing happened before t = 0
      const std::string label = tick_label(t, step) + (it == xt.rbegin() && *x_unit != '\0' ? std::string(" ") + x_unit : "");
      const float w = ImGui::CalcTextSize(label.c_str()).x;
      const float lx = std::clamp(x - w * 0.5f, area.min.x, area.max.x - w);
      if (lx + w > free_until) continue;
      dl->AddText(ImVec2(lx, area.max.y + 2.0f), text, label.c_str());
      free_until = lx - ImGui::GetFontSize() * 0.5f;
    }
  }
  const float line_h = ImGui::GetTextLineHeight();
  for (double t : nice_ticks(area.y0, area.y1, y_ticks, &step)) {
    const float y = area.sy(t);
    dl->AddLine(ImVec2(area.min.x, y), ImVec2(area.max.x, y), grid);
    const std::string label = tick_label(t, step);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float ly = std::clamp(y - line_h * 0.5f, area.min.y - 2.0f, area.max.y - line_h + 2.0f);
    dl->AddText(ImVec2(area.min.x - w - 4.0f, ly), text, label.c_str());
  }
  dl->AddRect(area.min, area.max, border);
}

void add_polyline_split(ImDrawList* dl, const ImVec2* points, int count, ImU32 color, float thickness) {
  int start = 0;
  for (int i = 1; i + 1 < count; ++i) {
    const ImVec2 a(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    const ImVec2 b(points[i + 1].x - points[i].x, points[i + 1].y - points[i].y);
    const float dot = a.x * b.x + a.y * b.y;
    const float len2 = (a.x * a.x + a.y * a.y) * (b.x * b.x + b.y * b.y);
    // Turning by more than ~120 degrees (cos < -0.5): end this piece at the cusp.
    if (dot < 0.0f && dot * dot > 0.25f * len2) {
      if (i - start >= 1) dl->AddPolyline(points + start, i - start + 1, color, ImDrawFlags_None, thickness);
      start = i;
    }
  }
  if (count - start >= 2) dl->AddPolyline(points + start, count - start, color, ImDrawFlags_None, thickness);
}

void draw_hline_dashed(ImDrawList* dl, const PlotArea& area, double y, ImU32 color, float dash) {
  const float sy = area.sy(y);
  if (sy < area.min.y || sy > area.max.y) return;
  for (float x = area.min.x; x < area.max.x; x += 2.0f * dash)
    dl->AddLine(ImVec2(x, sy), ImVec2(std::min(x + dash, area.max.x), sy), color, 1.0f);
}

}  // namespace neurosim::gui
