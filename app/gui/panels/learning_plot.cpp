// Plot frames, pattern colours and formatting for the learning views (see learning_plot.hpp).
#include "gui/panels/learning_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace neurosim::gui {

PlotFrame plot_frame(const char* id, ImVec2 size, double x0, double x1, double y0, double y1, const char* title,
                     const char* x_label, int x_ticks, int y_ticks, TickFormat y_format) {
  PlotFrame f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  size.x = std::max(size.x, 40.0f);
  size.y = std::max(size.y, 40.0f);
  ImGui::InvisibleButton(id, size);
  f.hovered = ImGui::IsItemHovered();
  f.clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);

  const float line = ImGui::GetTextLineHeight();
  double y_step = 0.0;
  const std::vector<double> yt = nice_ticks(y0, y1, y_ticks, &y_step);
  float label_w = 0.0f;
  auto y_label = [&](double t) { return y_format != nullptr ? y_format(t) : tick_label(t, y_step); };
  for (double t : yt) label_w = std::max(label_w, ImGui::CalcTextSize(y_label(t).c_str()).x);
  const bool has_title = title != nullptr && *title != '\0';
  const bool has_x_label = x_label != nullptr && *x_label != '\0';
  f.area.min = ImVec2(origin.x + label_w + 8.0f, origin.y + (has_title ? line + 4.0f : 4.0f));
  const float right_margin = ImGui::CalcTextSize("000").x * 0.5f + 4.0f;  // room for a centred last x label
  f.area.max = ImVec2(origin.x + size.x - right_margin, origin.y + size.y - line - 4.0f - (has_x_label ? line : 0.0f));
  f.area.max.x = std::max(f.area.max.x, f.area.min.x + 10.0f);
  f.area.max.y = std::max(f.area.max.y, f.area.min.y + 10.0f);
  f.area.x0 = x0;
  f.area.x1 = x1 > x0 ? x1 : x0 + 1.0;
  f.area.y0 = y0;
  f.area.y1 = y1 > y0 ? y1 : y0 + 1.0;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 grid = IM_COL32(255, 255, 255, 22);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  if (has_title) dl->AddText(ImVec2(origin.x + 2.0f, origin.y), ImGui::GetColorU32(ImGuiCol_Text), title);
  for (double t : yt) {
    const float y = f.area.sy(t);
    dl->AddLine(ImVec2(f.area.min.x, y), ImVec2(f.area.max.x, y), grid);
    const std::string label = y_label(t);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float ly = std::clamp(y - line * 0.5f, f.area.min.y - line * 0.5f, f.area.max.y - line * 0.5f);
    dl->AddText(ImVec2(f.area.min.x - w - 4.0f, ly), text, label.c_str());
  }
  double x_step = 0.0;
  float free_from = -1e30f;  // left to right, skipping labels that would overlap
  for (double t : nice_ticks(f.area.x0, f.area.x1, x_ticks, &x_step)) {
    const float x = f.area.sx(t);
    dl->AddLine(ImVec2(x, f.area.min.y), ImVec2(x, f.area.max.y), grid);
    std::string label = tick_label(t, x_step);
    if (label[0] == '-') label = "\xe2\x88\x92" + label.substr(1);  // a true minus sign
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::clamp(x - w * 0.5f, f.area.min.x - w * 0.5f, origin.x + size.x - w);
    if (lx < free_from) continue;
    dl->AddText(ImVec2(lx, f.area.max.y + 2.0f), text, label.c_str());
    free_from = lx + w + ImGui::GetFontSize() * 0.5f;
  }
  if (has_x_label) {
    const float w = ImGui::CalcTextSize(x_label).x;
    dl->AddText(ImVec2((f.area.min.x + f.area.max.x - w) * 0.5f, f.area.max.y + line + 2.0f), text, x_label);
  }
  dl->AddRect(f.area.min, f.area.max, IM_COL32(255, 255, 255, 60));
  return f;
}

ImU32 pattern_color(int pattern, float alpha) {
  // Distinct from one another and from the population palette's orange and blue, which the
  // raster draws spikes in.
  static constexpr std::array<std::array<float, 3>, 6> kColors{{
      {0.95f, 0.33f, 0.50f},  // rose
      {0.25f, 0.85f, 0.75f},  // teal
      {0.95f, 0.85f, 0.25f},  // gold
      {0.70f, 0.55f, 1.00f},  // lavender
      {0.55f, 0.95f, 0.35f},  // lime
      {0.95f, 0.60f, 0.95f},  // orchid
  }};
  const auto& c = kColors[static_cast<std::size_t>(((pattern % 6) + 6) % 6)];
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c[0], c[1], c[2], alpha));
}

void legend_chip(ImU32 color, const char* text) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float s = ImGui::GetTextLineHeight() * 0.7f;
  const float y = p.y + (ImGui::GetTextLineHeight() - s) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + s, y + s), color, 2.0f);
  ImGui::Dummy(ImVec2(s + 3.0f, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0.0f, 0.0f);
  ImGui::TextUnformatted(text);
}

std::string format_joules(double joules) {
  static constexpr std::array<std::pair<double, const char*>, 6> kPrefixes{{
      {1.0, "J"}, {1e-3, "mJ"}, {1e-6, "\xc2\xb5J"}, {1e-9, "nJ"}, {1e-12, "pJ"}, {1e-15, "fJ"}}};
  char text[48];
  if (joules == 0.0 || !std::isfinite(joules)) {
    std::snprintf(text, sizeof text, "0 J");
    return text;
  }
  for (const auto& [scale, unit] : kPrefixes) {
    if (std::abs(joules) >= scale || scale == 1e-15) {
      std::snprintf(text, sizeof text, "%.3g %s", joules / scale, unit);
      return text;
    }
  }
  return text;
}

std::string format_count(double count) {
  char text[32];
  if (count >= 1e9) std::snprintf(text, sizeof text, "%.3g G", count / 1e9);
  else if (count >= 1e6) std::snprintf(text, sizeof text, "%.3g M", count / 1e6);
  else if (count >= 1e4) std::snprintf(text, sizeof text, "%.3g k", count / 1e3);
  else std::snprintf(text, sizeof text, "%.0f", count);
  return text;
}

void draw_vline_dashed(ImDrawList* dl, const PlotArea& area, double x, ImU32 color, float dash) {
  const float sx = area.sx(x);
  if (sx < area.min.x || sx > area.max.x) return;
  for (float y = area.min.y; y < area.max.y; y += 2.0f * dash)
    dl->AddLine(ImVec2(sx, y), ImVec2(sx, std::min(y + dash, area.max.y)), color, 1.0f);
}

}  // namespace neurosim::gui
