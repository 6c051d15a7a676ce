#pragma once
// A small SVG 1.1 writer for the plots exported as vector pictures (slides, papers): shapes,
// text (escaped), groups, and a frame with ticks, tick labels and axis titles. GL-free and
// ImGui-free, so the pictures can be made and tested headless. Coordinates are pixels of the
// picture, y down, as on screen.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace neurosim::gui {

// Colours as "#rrggbb".
struct SvgColors {
  std::string background, text, muted, grid, border;
  // White paper, black text: the print theme.
  static SvgColors print();
  // The window's dark panels.
  static SvgColors dark();
};

// "#rrggbb" of a colour packed as ImGui's IM_COL32 (0xAABBGGRR); the alpha is ignored.
std::string svg_hex(std::uint32_t packed);
// Text made safe for XML character data and attribute values.
std::string svg_escape(const std::string& text);

class SvgWriter {
 public:
  SvgWriter(double width, double height, SvgColors colors, const std::string& title = "");
  const SvgColors& colors() const { return colors_; }
  double width() const { return width_; }
  double height() const { return height_; }

  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double stroke_width = 1.0,
            const std::string& dash = "");
  void rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke = "", double stroke_width = 1.0);
  // fill (and rect's) "": the enclosing group's.
  void circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke = "", double stroke_width = 1.0);
  // An open polyline through the points (nothing when fewer than two).
  void polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke, double stroke_width,
                const std::string& css_class = "");
  // anchor: "start", "middle" or "end"; rotate in degrees about (x, y) (-90: reads bottom to top).
  void text(double x, double y, const std::string& text, const std::string& fill, double size, const std::string& anchor = "start",
            double rotate = 0.0, const std::string& css_class = "");
  // <g class=... [fill=...]> ... </g>
  void begin_group(const std::string& css_class, const std::string& fill = "");
  void end_group();
  // The whole document (closes open groups and the root).
  std::string finish();

 private:
  double width_, height_;
  SvgColors colors_;
  std::string out_;
  int open_groups_ = 0;
};

// A plot area in the picture and the data range it maps; y0 at the bottom.
struct SvgAxes {
  double left = 0, top = 0, width = 1, height = 1;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  std::string x_title, y_title;  // e.g. "time (ms)", "rate (Hz)"
  bool time_axis = false;        // x is simulated time: no tick labels before t = 0
  double y_labels_width = 0.0;   // y tick labels the caller draws itself: the title goes left of them
  double sx(double x) const { return left + (x - x0) / (x1 - x0) * width; }
  double sy(double y) const { return top + height - (y - y0) / (y1 - y0) * height; }
};

// Grid, frame, tick labels (x below, y left) and the axis titles, with about the given number of
// ticks. `x_labels` false leaves the x tick labels and title off (stacked lanes share one axis).
void svg_axes(SvgWriter& svg, const SvgAxes& axes, int x_ticks, int y_ticks, double font_size, bool x_labels = true);

}  // namespace neurosim::gui
