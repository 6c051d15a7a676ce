#pragma once
// The window's plots as SVG pictures, from the same view data the panels draw (GL-free, tested
// headless): the spike raster from the raster ring (one mark per spike in view, as the panel
// shows it), the firing rates, the membrane traces, and a sweep's curve or heatmap. Each has
// axis titles with units; none has a control.
#include <cstdint>
#include <string>
#include <vector>

#include "gui/views/svg_writer.hpp"
#include "gui/views/sweep_table.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

class RasterRing;
class RateHistory;
class TraceHistory;
struct TraceSpikes;

// A population's colour as "#rrggbb"; on white paper a darker shade of the window's colour, so
// that the yellow and cyan populations stay readable.
std::string population_hex(int population, bool print);

// The Firing rates window's series: the last `window_ms` of every population's rate, each bin
// the mean of the trailing `smooth_ms` (fewer bins at the start of the record).
struct RateWindow {
  std::vector<std::vector<float>> series;  // per population; series[p][i] at t = first_t_ms + i * bin_ms
  double first_t_ms = 0.0, bin_ms = 1.0, t_end_ms = 0.0;
  float peak = 0.0f;
};
RateWindow smoothed_rates(const RateHistory& rates, int populations, double window_ms, double smooth_ms);

// The threshold line of a neuron's V trace: V_th, or v_peak (Izhikevich); NaN without either.
double firing_threshold(const PopulationFact& population);

struct RasterSvgView {
  std::vector<std::string> population_names;
  double dt_ms = 0.1;
  int visible_columns = 1;  // as the Spike raster window shows them
};
std::string raster_svg(const RasterRing& ring, const RasterSvgView& view, int width, int height, bool print);

std::string rates_svg(const RateWindow& rates, const std::vector<std::string>& population_names, double window_ms, int width, int height,
                      bool print);

struct TracesSvgView {
  double t_now_ms = 0.0, window_ms = 500.0;
  bool all_variables = false;
};
std::string traces_svg(const TraceHistory& traces, const TraceSpikes& spikes, const ScenarioFacts& facts, const TracesSvgView& view, int width,
                       int height, bool print);

std::string sweep_curve_svg(const SweepCurve& curve, const std::string& x_title, const std::string& y_title, int width, int height,
                            bool print);
std::string sweep_grid_svg(const SweepGrid& grid, const std::string& x_title, const std::string& y_title, const std::string& z_title,
                           int width, int height, bool print);

}  // namespace neurosim::gui
