#pragma once
// Small plotting pieces shared by the learning views: a plot laid out in a rectangle (title, y
// ticks at the left, x ticks and an x label below, negative values labelled too, unlike the
// time plots' frame), pattern colours, legend chips and number formatting.
#include <imgui.h>

#include <cstdint>
#include <string>

#include "gui/panels/plot_helpers.hpp"

namespace neurosim::gui {

struct PlotFrame {
  PlotArea area;
  bool hovered = false;
  bool clicked = false;
};

// Reserves `size` at the cursor as one item (so hovering and clicking work) and draws the frame,
// grid, ticks, title (top left) and x label (bottom centre). Draw the data clipped to area
// (ImDrawList::PushClipRect(area.min, area.max, true)).
// `y_format` (optional) writes the y tick labels, e.g. joules for a log10 energy axis.
using TickFormat = std::string (*)(double value);
PlotFrame plot_frame(const char* id, ImVec2 size, double x0, double x1, double y0, double y1, const char* title,
                     const char* x_label, int x_ticks = 5, int y_ticks = 4, TickFormat y_format = nullptr);

// Colours of the hidden patterns: the raster bands, the latency dots and the dashboard lines.
ImU32 pattern_color(int pattern, float alpha = 1.0f);
// A filled square of `color` followed by text on the same line (legends).
void legend_chip(ImU32 color, const char* text);

// "12.3 µJ", "4.56 nJ": joules with an SI prefix.
std::string format_joules(double joules);
// "1.2 M", "35 k": counts.
std::string format_count(double count);

// Dashed vertical line at data x.
void draw_vline_dashed(ImDrawList* dl, const PlotArea& area, double x, ImU32 color, float dash = 5.0f);

}  // namespace neurosim::gui
