#pragma once
// Small ImDrawList plotting tools for the line plots (traces, rates): a data -> screen mapping,
// "nice" axis ticks, and a line decimated to its min/max envelope per pixel column so that a
// window of 50,000 samples costs two triangles per pixel column and no spike peak is lost.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "gui/views/axis_ticks.hpp"

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

// nice_ticks and tick_label: gui/views/axis_ticks.hpp.

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

// Draws points (x(i), y(i)), i in [0, n), x increasing. While there are at most two samples per
// pixel column, as an anti-aliased polyline through every point. With more, as the envelope
// the samples sweep in each pixel column (from their min to their max, `thickness` at least):
// one strip of two triangles per column, joined column to column, so that the line still
// reaches every extreme (no spike peak is lost) and costs the renderer a quarter of the
// triangles of a min/max zigzag polyline, which under a software renderer was the largest part
// of a running window's frame (four traces of 5,000 samples: ~11,000 triangles a frame).
template <class X, class Y>
void plot_decimated(ImDrawList* dl, const PlotArea& area, std::size_t n, X&& x, Y&& y, ImU32 color,
                    float thickness, std::vector<ImVec2>& scratch) {
  scratch.clear();
  if (n == 0) return;
  if (static_cast<double>(n) <= 2.0 * area.width()) {
    for (std::size_t i = 0; i < n; ++i) scratch.emplace_back(area.sx(x(i)), area.sy(y(i)));
    add_polyline_split(dl, scratch.data(), static_cast<int>(scratch.size()), color, thickness);
    return;
  }
  // Per pixel column: (centre x, top y) and (centre x, bottom y) in scratch, in pairs. A column
  // also reaches the previous column's last sample, so that a jump between columns is drawn.
  long column = -1;
  float lo = 0, hi = 0, last = 0;
  const float half = 0.5f * thickness;
  auto flush = [&]() {
    if (column < 0) return;
    const float cx = static_cast<float>(column) + 0.5f;
    scratch.emplace_back(cx, lo - half);
    scratch.emplace_back(cx, hi + half);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const float px = area.sx(x(i));
    const float py = area.sy(y(i));
    const long c = static_cast<long>(std::floor(px));
    if (c != column) {
      flush();
      lo = hi = py;
      if (column >= 0) {  // joined to where the previous column ended
        lo = std::min(lo, last);
        hi = std::max(hi, last);
      }
      column = c;
    } else {
      lo = std::min(lo, py);
      hi = std::max(hi, py);
    }
    last = py;
  }
  flush();
  const int columns = static_cast<int>(scratch.size() / 2);
  if (columns < 2) {
    dl->AddRectFilled(ImVec2(scratch[0].x - half, scratch[0].y), ImVec2(scratch[0].x + half, scratch[1].y), color);
    return;
  }
  // One triangle strip: columns x 2 vertices, two triangles between neighbouring columns.
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  dl->PrimReserve(6 * (columns - 1), 2 * columns);
  const auto base = static_cast<unsigned>(dl->_VtxCurrentIdx);
  for (const ImVec2& p : scratch) dl->PrimWriteVtx(p, uv, color);
  for (int k = 1; k < columns; ++k) {
    const unsigned a = base + 2u * static_cast<unsigned>(k - 1);
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(a));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(a + 1));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(a + 2));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(a + 2));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(a + 1));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(a + 3));
  }
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
