// SVG writer (see svg_writer.hpp).
#include "gui/views/svg_writer.hpp"

#include <cmath>
#include <cstdio>

#include "gui/views/axis_ticks.hpp"

namespace neurosim::gui {

namespace {

// Coordinates to a hundredth of a pixel: exact enough for any screen or printer, and short.
std::string num(double v) {
  if (!std::isfinite(v)) v = 0.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace

SvgColors SvgColors::print() { return {"#ffffff", "#111111", "#555555", "#e2e2e2", "#888888"}; }
SvgColors SvgColors::dark() { return {"#16171c", "#e6e6e6", "#8c8f99", "#2b2d33", "#5a5c63"}; }

std::string svg_hex(std::uint32_t packed) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", packed & 0xffu, (packed >> 8) & 0xffu, (packed >> 16) & 0xffu);
  return buf;
}

std::string svg_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

SvgWriter::SvgWriter(double width, double height, SvgColors colors, const std::string& title)
    : width_(width), height_(height), colors_(std::move(colors)) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(width) + "\" height=\"" + num(height) +
          "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" stroke=\"none\">\n";
  if (!title.empty()) out_ += "<title>" + svg_escape(title) + "</title>\n";
  rect(0, 0, width, height, colors_.background);
}

void SvgWriter::line(double x1, double y1, double x2, double y2, const std::string& stroke, double stroke_width, const std::string& dash) {
  out_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" stroke=\"" + stroke +
          "\" stroke-width=\"" + num(stroke_width) + "\"" + (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
}

void SvgWriter::rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke, double stroke_width) {
  out_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) + "\"";
  if (!fill.empty()) out_ += " fill=\"" + fill + "\"";
  if (!stroke.empty()) out_ += " stroke=\"" + stroke + "\" stroke-width=\"" + num(stroke_width) + "\"";
  out_ += "/>\n";
}

void SvgWriter::circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke, double stroke_width) {
  out_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\"";
  if (!fill.empty()) out_ += " fill=\"" + fill + "\"";  // else the group's
  if (!stroke.empty()) out_ += " stroke=\"" + stroke + "\" stroke-width=\"" + num(stroke_width) + "\"";
  out_ += "/>\n";
}

void SvgWriter::polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke, double stroke_width,
                         const std::string& css_class) {
  if (points.size() < 2) return;
  out_ += "<polyline";
  if (!css_class.empty()) out_ += " class=\"" + svg_escape(css_class) + "\"";
  out_ += " fill=\"none\" stroke=\"" + stroke + "\" stroke-width=\"" + num(stroke_width) + "\" stroke-linejoin=\"round\" points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out_ += ' ';
    out_ += num(points[i].first) + "," + num(points[i].second);
  }
  out_ += "\"/>\n";
}

void SvgWriter::text(double x, double y, const std::string& text, const std::string& fill, double size, const std::string& anchor,
                     double rotate, const std::string& css_class) {
  // Turned text is placed at the origin, then turned and moved to (x, y): the form every SVG
  // renderer reads the same way.
  if (rotate != 0.0) {
    out_ += "<text x=\"0\" y=\"0\" transform=\"translate(" + num(x) + " " + num(y) + ") rotate(" + num(rotate) + ")\"";
  } else {
    out_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"";
  }
  out_ += " fill=\"" + fill + "\" font-size=\"" + num(size) + "\"";
  if (anchor != "start") out_ += " text-anchor=\"" + anchor + "\"";
  if (!css_class.empty()) out_ += " class=\"" + svg_escape(css_class) + "\"";
  out_ += ">" + svg_escape(text) + "</text>\n";
}

void SvgWriter::begin_group(const std::string& css_class, const std::string& fill) {
  out_ += "<g class=\"" + svg_escape(css_class) + "\"" + (fill.empty() ? "" : " fill=\"" + fill + "\"") + ">\n";
  ++open_groups_;
}

void SvgWriter::end_group() {
  if (open_groups_ == 0) return;
  out_ += "</g>\n";
  --open_groups_;
}

std::string SvgWriter::finish() {
  while (open_groups_ > 0) end_group();
  return out_ + "</svg>\n";
}

void svg_axes(SvgWriter& svg, const SvgAxes& a, int x_ticks, int y_ticks, double font_size, bool x_labels) {
  const SvgColors& c = svg.colors();
  const double right = a.left + a.width, bottom = a.top + a.height;
  svg.begin_group("axes");
  double step = 0;
  const std::vector<double> xt = nice_ticks(std::min(a.x0, a.x1), std::max(a.x0, a.x1), x_ticks, &step);
  for (const double t : xt) {
    const double x = a.sx(t);
    svg.line(x, a.top, x, bottom, c.grid, 1.0);
    svg.line(x, bottom, x, bottom + 4.0, c.border, 1.0);
    if (x_labels && !(a.time_axis && t < 0.0)) svg.text(x, bottom + 4.0 + font_size, tick_label(t, step), c.muted, font_size, "middle", 0.0, "tick");
  }
  double widest = a.y_labels_width;
  const std::vector<double> yt = nice_ticks(std::min(a.y0, a.y1), std::max(a.y0, a.y1), y_ticks, &step);
  for (const double t : yt) {
    const double y = a.sy(t);
    svg.line(a.left, y, right, y, c.grid, 1.0);
    svg.line(a.left - 4.0, y, a.left, y, c.border, 1.0);
    const std::string label = tick_label(t, step);
    widest = std::max(widest, 0.6 * font_size * static_cast<double>(label.size()));
    svg.text(a.left - 6.0, y + 0.35 * font_size, label, c.muted, font_size, "end", 0.0, "tick");
  }
  svg.rect(a.left, a.top, a.width, a.height, "none", c.border, 1.0);
  if (x_labels && !a.x_title.empty())
    svg.text(a.left + a.width * 0.5, bottom + 8.0 + 2.2 * font_size, a.x_title, c.text, font_size * 1.1, "middle", 0.0, "axis-title");
  if (!a.y_title.empty()) {
    const double x = a.left - 10.0 - widest - 0.6 * font_size;
    svg.text(x, a.top + a.height * 0.5, a.y_title, c.text, font_size * 1.1, "middle", -90.0, "axis-title");
  }
  svg.end_group();
}

}  // namespace neurosim::gui
