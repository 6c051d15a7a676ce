#pragma once
// Small ImDrawList plotting tools for the line plots (traces, rates): a data -> screen mapping,
// "nice" axis ticks, and a polyline decimated to min/max per pixel column so that a window of
// 50,000 samples costs about two points per pixel and no spike peak is lost.
#include <imgui.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace neurosim::gui {

struct PlotArea {
  ImVec2 min, max;  // screen rectangle
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // data range (y0 at the bottom)

  float sx(double x) const { return min.x + static_cast<float>((x - x0) / (x1 - x0)) * (max.x - min.x); }
  float sy(double y) const { return max.y - static_cast<float>((y - y0) / (y1 - y0)) * (max.y - min.y); }
  double x_at(float px) const { return x0 + (px - min.x) / (max.x - min.x) * (x1 - x0); }
  double y_at(float py) const { return y0 + (max.y - py) / (max.y - min.y) * (y1 - y0); }
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
};

// Tick values at 1, 2 or 5 x 10^k covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target, double* step_out = nullptr);
// A tick label with as many decimals as the step needs ("250", "0.5", "-70").
std::string tick_label(double value, double step);

// Frame, grid lines and tick labels: x labels under the area (the last one followed by
// `x_unit`), y labels to its left.
void draw_plot_frame(ImDrawList* dl, const PlotArea& area, int x_ticks, int y_ticks, bool x_labels = true,
                     const char* x_unit = "");
// A dashed horizontal line at data y.
void draw_hline_dashed(ImDrawList* dl, const PlotArea& area, double y, ImU32 color, float dash = 6.0f);

// AddPolyline, but split where the line turns back on itself (a spike's rise then its reset):
// ImGui's anti-aliased joins average the two segment normals, which at a near 180-degree cusp
// leaves a visible gap in the stroke. Pieces that meet at the cusp have no join there.
void add_polyline_split(ImDrawList* dl, const ImVec2* points, int count, ImU32 color, float thickness);

// Draws points (x(i), y(i)), i in [0, n), x increasing. Up to two points per pixel column:
// when several samples fall into one column only their min and max are kept, in the order
// they occurred, so the line still reaches every extreme.
template <class X, class Y>
void plot_decimated(ImDrawList* dl, const PlotArea& area, std::size_t n, X&& x, Y&& y, ImU32 color,
                    float thickness, std::vector<ImVec2>& scratch) {
  scratch.clear();
  if (n == 0) return;
  const bool decimate = static_cast<double>(n) > 2.0 * area.width();
  long column = -1;
  float lo = 0, hi = 0;
  std::size_t lo_at = 0, hi_at = 0;
  float column_x = 0;
  auto flush = [&]() {
    if (column < 0) return;
    if (lo_at <= hi_at) {
      scratch.emplace_back(column_x, lo);
      if (hi != lo) scratch.emplace_back(column_x, hi);
    } else {
      scratch.emplace_back(column_x, hi);
      if (hi != lo) scratch.emplace_back(column_x, lo);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const float px = area.sx(x(i));
    const float py = area.sy(y(i));
    if (!decimate) {
      scratch.emplace_back(px, py);
      continue;
    }
    const long c = static_cast<long>(std::floor(px));
    if (c != column) {
      flush();
      column = c;
      column_x = static_cast<float>(c) + 0.5f;
      lo = hi = py;
      lo_at = hi_at = i;
    } else {
      if (py < lo) { lo = py; lo_at = i; }
      if (py > hi) { hi = py; hi_at = i; }
    }
  }
  if (decimate) flush();
  add_polyline_split(dl, scratch.data(), static_cast<int>(scratch.size()), color, thickness);
}

// Draws points (x(i), y(i)) averaged per pixel column: for quantities that are themselves
// averages (firing rates), where the mean of the samples in a column is the honest value and a
// min/max envelope would only show bin noise.
template <class X, class Y>
void plot_mean(ImDrawList* dl, const PlotArea& area, std::size_t n, X&& x, Y&& y, ImU32 color, float thickness,
               std::vector<ImVec2>& scratch) {
  scratch.clear();
  long column = -1;
  double sum = 0.0;
  int count = 0;
  float column_x = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float px = area.sx(x(i));
    const long c = static_cast<long>(std::floor(px));
    if (c != column) {
      if (count > 0) scratch.emplace_back(column_x, area.sy(sum / count));
      column = c;
      column_x = px;
      sum = 0.0;
      count = 0;
    }
    sum += y(i);
    ++count;
  }
  if (count > 0) scratch.emplace_back(column_x, area.sy(sum / count));
  add_polyline_split(dl, scratch.data(), static_cast<int>(scratch.size()), color, thickness);
}

}  // namespace neurosim::gui
