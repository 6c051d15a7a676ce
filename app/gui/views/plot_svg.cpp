// The window's plots as SVG (see plot_svg.hpp). Layouts follow the panels: time runs left to
// right in ms, the newest at the right edge; the raster's populations are bands top to bottom.
#include "gui/views/plot_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "gui/render/colormap.hpp"
#include "gui/render/palette.hpp"
#include "gui/views/axis_ticks.hpp"
#include "gui/views/raster_ring.hpp"
#include "gui/views/rate_history.hpp"
#include "gui/views/trace_history.hpp"
#include "gui/views/trace_spikes.hpp"

namespace neurosim::gui {

namespace {

constexpr double kFont = 13.0;

SvgColors colors_for(bool print) { return print ? SvgColors::print() : SvgColors::dark(); }

// A rough text width for margins (SVG viewers measure the real one).
double text_width(const std::string& s, double font = kFont) { return 0.6 * font * static_cast<double>(s.size()); }

std::string viridis_hex(double t) {
  const ColormapTable& table = viridis();
  const auto i = static_cast<std::size_t>(std::clamp(static_cast<int>(std::lround(t * 255.0)), 0, 255));
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", table[i][0], table[i][1], table[i][2]);
  return buf;
}

// Points (x(i), y(i)) in picture coordinates, at most two per pixel column (the min and max of
// the samples in it, in the order they came): a long trace stays small and keeps every peak.
template <class X, class Y>
std::vector<std::pair<double, double>> decimated(std::size_t n, X&& x, Y&& y) {
  std::vector<std::pair<double, double>> out;
  long column = -1;
  std::pair<double, double> lo, hi;
  std::size_t lo_i = 0, hi_i = 0;
  const auto flush = [&] {
    if (column < 0) return;
    if (lo_i == hi_i) {
      out.push_back(lo);
    } else if (lo_i < hi_i) {
      out.push_back(lo);
      out.push_back(hi);
    } else {
      out.push_back(hi);
      out.push_back(lo);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::pair<double, double> p(x(i), y(i));
    const long c = static_cast<long>(std::floor(p.first));
    if (c != column) {
      flush();
      column = c;
      lo = hi = p;
      lo_i = hi_i = i;
    } else {
      if (p.second > lo.second) { lo = p; lo_i = i; }   // y down: "lo" is the lowest point on screen
      if (p.second < hi.second) { hi = p; hi_i = i; }
    }
  }
  flush();
  return out;
}

}  // namespace

std::string population_hex(int population, bool print) {
  const Rgb c = population_rgb(population);
  const float k = print ? 0.72f : 1.0f;
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(c.r * k * 255.0f + 0.5f), static_cast<int>(c.g * k * 255.0f + 0.5f),
                static_cast<int>(c.b * k * 255.0f + 0.5f));
  return buf;
}

RateWindow smoothed_rates(const RateHistory& rates, int populations, double window_ms, double smooth_ms) {
  RateWindow w;
  const double bin_ms = rates.bin_ms();
  w.bin_ms = bin_ms > 0 ? bin_ms : 1.0;
  const int pops = std::min(populations, rates.populations());
  if (!(bin_ms > 0.0) || pops <= 0) return w;
  const std::size_t n = rates.bins_available();
  const std::size_t shown = std::min<std::size_t>(n, static_cast<std::size_t>(std::ceil(window_ms / bin_ms)));
  const std::size_t i0 = n - shown;
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(smooth_ms / bin_ms)));
  w.t_end_ms = static_cast<double>(rates.bins_written()) * bin_ms;
  const double first_bin_t = static_cast<double>(rates.bins_written() - n) * bin_ms;
  w.first_t_ms = first_bin_t + (static_cast<double>(i0) + 1.0) * bin_ms;  // a bin is plotted at its end
  w.series.resize(static_cast<std::size_t>(pops));
  for (int p = 0; p < pops; ++p) {
    auto& out = w.series[static_cast<std::size_t>(p)];
    out.assign(shown, 0.0f);
    // Running sum over the trailing k bins (fewer at the start of the record).
    double sum = 0.0;
    const std::size_t from = i0 >= k - 1 ? i0 - (k - 1) : 0;
    for (std::size_t i = from; i < n; ++i) {
      sum += rates.rate(p, i);
      if (i >= from + k) sum -= rates.rate(p, i - k);
      if (i >= i0) {
        const std::size_t count = std::min(k, i - from + 1);
        const float v = static_cast<float>(sum / static_cast<double>(count));
        out[i - i0] = v;
        w.peak = std::max(w.peak, v);
      }
    }
  }
  return w;
}

double firing_threshold(const PopulationFact& pop) {
  double v_peak = NAN;
  for (const ParamFact& p : pop.params) {
    if (p.name == "V_th") return p.value;
    if (p.name == "v_peak") v_peak = p.value;
  }
  return v_peak;
}

// [SECTION] Raster

std::string raster_svg(const RasterRing& ring, const RasterSvgView& view, int width, int height, bool print) {
  SvgWriter svg(width, height, colors_for(print), "Spike raster");
  const SvgColors& c = svg.colors();
  double names_w = 0.0;
  for (const std::string& n : view.population_names) names_w = std::max(names_w, text_width(n));
  SvgAxes a;
  a.left = names_w + 12.0 + 2.2 * kFont;
  a.top = 10.0;
  a.width = std::max(16.0, width - a.left - 14.0);
  a.height = std::max(16.0, height - a.top - 3.4 * kFont - 10.0);
  const double column_ms = ring.steps_per_column() * view.dt_ms;
  const int visible = std::clamp(view.visible_columns, 1, RasterRing::kColumns);
  const std::int64_t newest = ring.newest_column();
  a.x1 = static_cast<double>(newest + 1) * column_ms;
  a.x0 = a.x1 - visible * column_ms;
  a.y0 = 0;
  a.y1 = 1;
  a.x_title = "time (ms)";
  a.time_axis = true;
  svg_axes(svg, a, std::max(2, static_cast<int>(a.width / (kFont * 7.0))), 0, kFont);
  svg.text(1.4 * kFont, a.top + a.height * 0.5, "neurons", c.text, kFont * 1.1, "middle", -90.0, "axis-title");  // left of the names

  // Marks: runs of rows with the same population in a column, one rect each, grouped by population.
  const int rows = ring.rows();
  const double row_h = a.height / rows;
  const double col_w = a.width / visible;
  std::map<int, std::vector<std::array<double, 3>>> marks;  // population -> (x, y, h)
  for (std::int64_t col = std::max<std::int64_t>(0, newest - visible + 1); col <= newest; ++col) {
    if (col <= newest - RasterRing::kColumns) continue;
    const double x = a.left + static_cast<double>(col - (newest - visible + 1)) * col_w;
    for (int r = 0; r < rows;) {
      const std::uint8_t v = ring.texel(r, col);
      if (v == 0) {
        ++r;
        continue;
      }
      int end = r + 1;
      while (end < rows && ring.texel(end, col) == v) ++end;
      marks[v - 1].push_back({x, a.top + r * row_h, (end - r) * row_h});
      r = end;
    }
  }
  const double mark_w = std::max(col_w, 1.5);  // a mark stays visible when the picture is shrunk onto a slide
  for (const auto& [population, list] : marks) {
    svg.begin_group("spikes", population_hex(population, print));
    for (const auto& m : list) svg.rect(m[0], m[1], mark_w, std::max(m[2], 1.5), "");
    svg.end_group();
  }
  // Bands: a separator and the population's name at its middle.
  for (int p = 0; p < ring.population_count() && p < static_cast<int>(view.population_names.size()); ++p) {
    if (ring.band_end(p) <= ring.band_begin(p)) continue;
    const double y0 = a.top + ring.band_begin(p) * row_h, y1 = a.top + ring.band_end(p) * row_h;
    if (p > 0) svg.line(a.left - 6.0, y0, a.left + a.width, y0, c.border, 1.0);
    if (y1 - y0 >= kFont)
      svg.text(a.left - 6.0, (y0 + y1) * 0.5 + 0.35 * kFont, view.population_names[static_cast<std::size_t>(p)], population_hex(p, print), kFont,
               "end", 0.0, "population");
  }
  return svg.finish();
}

// [SECTION] Firing rates

std::string rates_svg(const RateWindow& rates, const std::vector<std::string>& names, double window_ms, int width, int height, bool print) {
  SvgWriter svg(width, height, colors_for(print), "Firing rates");
  SvgAxes a;
  a.left = 3.0 * kFont + 3.0 * kFont;
  a.top = 2.0 * kFont;
  a.width = std::max(16.0, width - a.left - 14.0);
  a.height = std::max(16.0, height - a.top - 3.4 * kFont - 10.0);
  a.x1 = rates.t_end_ms;
  a.x0 = rates.t_end_ms - window_ms;
  a.y0 = 0.0;
  a.y1 = std::max(1.0, static_cast<double>(rates.peak) * 1.15);
  a.x_title = "time (ms)";
  a.time_axis = true;
  a.y_title = "rate (Hz)";
  svg_axes(svg, a, std::max(2, static_cast<int>(a.width / (kFont * 6.0))), std::max(2, static_cast<int>(a.height / (kFont * 2.5))), kFont);
  double legend_x = a.left;
  for (std::size_t p = 0; p < rates.series.size(); ++p) {
    const auto& s = rates.series[p];
    const std::vector<std::pair<double, double>> points = decimated(
        s.size(), [&](std::size_t i) { return a.sx(rates.first_t_ms + static_cast<double>(i) * rates.bin_ms); },
        [&](std::size_t i) { return a.sy(static_cast<double>(s[i])); });
    svg.polyline(points, population_hex(static_cast<int>(p), print), 1.8, "rate");
    const std::string entry = (p < names.size() ? names[p] : "?") + " " + tick_label(s.empty() ? 0.0 : s.back(), 0.1) + " Hz";
    svg.text(legend_x, a.top - 0.6 * kFont, entry, population_hex(static_cast<int>(p), print), kFont, "start", 0.0, "legend");
    legend_x += text_width(entry) + kFont;
  }
  return svg.finish();
}

// [SECTION] Membrane traces

std::string traces_svg(const TraceHistory& traces, const TraceSpikes& spikes, const ScenarioFacts& facts, const TracesSvgView& view, int width,
                       int height, bool print) {
  SvgWriter svg(width, height, colors_for(print), "Membrane traces");
  const SvgColors& c = svg.colors();
  struct Lane {
    const TraceHistory::Probe* probe;
    int var;
  };
  std::vector<Lane> lanes;
  for (const TraceHistory::Probe& probe : traces.probes()) {
    if (probe.population < 0 || probe.population >= static_cast<int>(facts.populations.size())) continue;
    const int vars = view.all_variables ? std::max(1, probe.variables) : 1;
    for (int v = 0; v < vars; ++v) lanes.push_back({&probe, v});
  }
  if (lanes.empty()) {
    svg.text(width * 0.5, height * 0.5, "no neuron traced", c.muted, kFont, "middle");
    return svg.finish();
  }
  const double axis_h = 3.4 * kFont + 6.0;
  const double lane_h = std::max(40.0, (height - axis_h - 6.0) / static_cast<double>(lanes.size()));
  const double dt = facts.dt_ms;
  const double t_start = view.t_now_ms - view.window_ms;
  const auto step_start = static_cast<std::int64_t>(std::floor(t_start / dt));
  for (std::size_t k = 0; k < lanes.size(); ++k) {
    const TraceHistory::Probe& probe = *lanes[k].probe;
    const int var = lanes[k].var;
    const PopulationFact& pop = facts.populations[static_cast<std::size_t>(probe.population)];
    const std::string name = var < static_cast<int>(pop.state_names.size()) ? pop.state_names[static_cast<std::size_t>(var)] : "?";
    const std::string unit = var < static_cast<int>(pop.state_units.size()) ? pop.state_units[static_cast<std::size_t>(var)] : "";
    SvgAxes a;
    a.left = 6.0 * kFont;
    a.top = 6.0 + static_cast<double>(k) * lane_h + 1.6 * kFont;
    a.width = std::max(16.0, width - a.left - 14.0);
    a.height = std::max(16.0, lane_h - 1.6 * kFont - 8.0);
    a.x0 = t_start;
    a.x1 = view.t_now_ms;
    const std::size_t n = probe.size(), i0 = probe.first_at(step_start);
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = i0; i < n; ++i) {
      lo = std::min(lo, static_cast<double>(probe.sample(i, var)));
      hi = std::max(hi, static_cast<double>(probe.sample(i, var)));
    }
    const double threshold = var == 0 ? firing_threshold(pop) : NAN;
    if (!std::isnan(threshold)) {
      lo = std::min(lo, threshold);
      hi = std::max(hi, threshold);
    }
    if (!(hi >= lo)) { lo = -1; hi = 1; }
    if (hi - lo < 1e-3) { lo -= 1.0; hi += 1.0; }
    a.y0 = lo - (hi - lo) * 0.06;
    a.y1 = hi + (hi - lo) * (std::isnan(threshold) ? 0.06 : 0.22);
    a.y_title = name + (unit.empty() ? "" : " (" + unit + ")");
    const bool last = k + 1 == lanes.size();
    a.x_title = last ? "time (ms)" : "";
    a.time_axis = true;
    const std::string colour = population_hex(probe.population, print);
    svg.text(a.left, a.top - 0.5 * kFont, pop.name + " #" + std::to_string(probe.neuron), colour, kFont, "start", 0.0, "lane-title");
    svg_axes(svg, a, std::max(2, static_cast<int>(a.width / (kFont * 6.0))), std::max(2, static_cast<int>(a.height / (kFont * 2.2))), kFont,
             last);
    if (!std::isnan(threshold)) svg.line(a.left, a.sy(threshold), a.left + a.width, a.sy(threshold), print ? "#c0392b" : "#ff7864", 1.0, "6 6");
    if (var == 0)
      if (const auto* times = spikes.find(probe.population, probe.neuron)) {
        const double from = std::isnan(threshold) ? a.top + a.height * 0.3 : a.sy(threshold);
        svg.begin_group("spike-marks");
        for (const std::int64_t s : *times) {
          const double t = static_cast<double>(s) * dt;
          if (t < t_start || t > view.t_now_ms) continue;
          svg.line(a.sx(t), from, a.sx(t), a.top + 2.0, colour, 2.0);
        }
        svg.end_group();
      }
    const std::vector<std::pair<double, double>> points = decimated(
        n - i0, [&](std::size_t i) { return a.sx(static_cast<double>(probe.step(i0 + i)) * dt); },
        [&](std::size_t i) { return a.sy(static_cast<double>(probe.sample(i0 + i, var))); });
    svg.polyline(points, var == 0 ? c.text : colour, 1.2, "trace");
  }
  return svg.finish();
}

// [SECTION] Sweeps

std::string sweep_curve_svg(const SweepCurve& curve, const std::string& x_title, const std::string& y_title, int width, int height, bool print) {
  SvgWriter svg(width, height, colors_for(print), "Sweep: " + y_title + " against " + x_title);
  SvgAxes a;
  a.left = 6.5 * kFont;
  a.top = 12.0;
  a.width = std::max(16.0, width - a.left - 18.0);
  a.height = std::max(16.0, height - a.top - 3.4 * kFont - 10.0);
  const double xpad = (curve.x_hi - curve.x_lo) * 0.04, ypad = (curve.y_hi - curve.y_lo) * 0.08;
  a.x0 = curve.x_lo - xpad;
  a.x1 = curve.x_hi + xpad;
  a.y0 = std::min(0.0, curve.y_lo) < 0 ? curve.y_lo - ypad : 0.0;
  a.y1 = curve.y_hi + ypad;
  a.x_title = x_title;
  a.y_title = y_title;
  svg_axes(svg, a, std::max(2, static_cast<int>(a.width / (kFont * 6.0))), std::max(2, static_cast<int>(a.height / (kFont * 3.5))), kFont);
  std::vector<std::pair<double, double>> points;
  for (std::size_t i = 0; i < curve.x.size(); ++i) points.emplace_back(a.sx(curve.x[i]), a.sy(curve.y[i]));
  const std::string colour = population_hex(1, print);
  svg.polyline(points, colour, 2.0, "curve");
  svg.begin_group("points", colour);
  for (const auto& p : points) svg.circle(p.first, p.second, 3.5, "");
  svg.end_group();
  return svg.finish();
}

std::string sweep_grid_svg(const SweepGrid& grid, const std::string& x_title, const std::string& y_title, const std::string& z_title, int width,
                           int height, bool print) {
  SvgWriter svg(width, height, colors_for(print), "Sweep: " + z_title + " over " + x_title + " and " + y_title);
  const SvgColors& c = svg.colors();
  const std::vector<double> xe = SweepGrid::edges(grid.xs), ye = SweepGrid::edges(grid.ys);
  SvgAxes a;
  a.left = 6.5 * kFont;
  a.top = 12.0;
  const double bar = 18.0, bar_labels = 6.0 * kFont;
  a.width = std::max(16.0, width - a.left - bar - bar_labels - 3.0 * kFont);
  a.height = std::max(16.0, height - a.top - 3.4 * kFont - 10.0);
  if (xe.empty() || ye.empty()) {
    svg.text(width * 0.5, height * 0.5, "no cells", c.muted, kFont, "middle");
    return svg.finish();
  }
  a.x0 = xe.front();
  a.x1 = xe.back();
  a.y0 = ye.front();
  a.y1 = ye.back();
  a.x_title = x_title;
  a.y_title = y_title;
  svg.begin_group("cells");
  for (std::size_t iy = 0; iy < grid.ys.size(); ++iy)
    for (std::size_t ix = 0; ix < grid.xs.size(); ++ix) {
      const double z = grid.at(ix, iy);
      const double x0 = a.sx(xe[ix]), x1 = a.sx(xe[ix + 1]), y0 = a.sy(ye[iy + 1]), y1 = a.sy(ye[iy]);
      svg.rect(x0, y0, x1 - x0, y1 - y0, std::isnan(z) ? c.background : viridis_hex((z - grid.z_lo) / (grid.z_hi - grid.z_lo)));
    }
  svg.end_group();
  // Ticks at the values the sweep took (at most ~12 labelled), not at round numbers: a cell is a value.
  const auto value_label = [](double v) {
    char label[32];
    std::snprintf(label, sizeof label, "%.6g", v);
    return std::string(label);
  };
  for (const double v : grid.ys) a.y_labels_width = std::max(a.y_labels_width, text_width(value_label(v)));
  svg_axes(svg, a, 0, 0, kFont);
  const auto value_ticks = [&](const std::vector<double>& values, bool x_axis) {
    const std::size_t every = std::max<std::size_t>(1, (values.size() + 11) / 12);
    for (std::size_t i = 0; i < values.size(); i += every) {
      const std::string label = value_label(values[i]);
      if (x_axis) {
        svg.line(a.sx(values[i]), a.top + a.height, a.sx(values[i]), a.top + a.height + 4.0, c.border);
        svg.text(a.sx(values[i]), a.top + a.height + 4.0 + kFont, label, c.muted, kFont, "middle", 0.0, "tick");
      } else {
        svg.line(a.left - 4.0, a.sy(values[i]), a.left, a.sy(values[i]), c.border);
        svg.text(a.left - 6.0, a.sy(values[i]) + 0.35 * kFont, label, c.muted, kFont, "end", 0.0, "tick");
      }
    }
  };
  value_ticks(grid.xs, true);
  value_ticks(grid.ys, false);
  // Colour bar with its title.
  const double bx = a.left + a.width + 2.0 * kFont;
  svg.begin_group("colour-bar");
  const int segments = 64;
  for (int s = 0; s < segments; ++s) {
    const double y = a.top + a.height * s / segments;
    svg.rect(bx, y, bar, a.height / segments + 0.5, viridis_hex(1.0 - (s + 0.5) / segments));
  }
  svg.rect(bx, a.top, bar, a.height, "none", c.border, 1.0);
  double step = 0;
  for (const double t : nice_ticks(grid.z_lo, grid.z_hi, 5, &step)) {
    const double y = a.top + a.height * (1.0 - (t - grid.z_lo) / (grid.z_hi - grid.z_lo));
    svg.line(bx + bar, y, bx + bar + 4.0, y, c.border);
    svg.text(bx + bar + 6.0, y + 0.35 * kFont, tick_label(t, step), c.muted, kFont, "start", 0.0, "tick");
  }
  svg.text(bx + bar + bar_labels, a.top + a.height * 0.5, z_title, c.text, kFont * 1.1, "middle", -90.0, "axis-title");
  svg.end_group();
  return svg.finish();
}

}  // namespace neurosim::gui
