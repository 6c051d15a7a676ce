#pragma once
// The Sweep panel's view-model, GL-free and tested headless: sweep.csv read back into columns,
// a measured column against one varied parameter as a curve or against two as a grid of cells,
// readable axis titles, and the parameters of a running scenario that a sweep may vary.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "neurosim/observations.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::gui {

// [SECTION] sweep.csv

struct SweepTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // one value per column; "nan" reads as NaN
  int parameter_count = 0;                // the leading columns are the varied parameters
  std::vector<int> measure_columns() const;
};

// True for the measured columns `neurosim sweep` writes: <population>_rate_hz, _cv_isi,
// _synchrony, and accuracy.
bool is_measure_column(const std::string& name);
// Parses sweep.csv's text; `source` names it in errors ("g-nu/sweep.csv line 3: ...").
std::optional<SweepTable> parse_sweep_csv(const std::string& text, const std::string& source, std::string& error);
// Reads and parses a file (at most 64 MB).
std::optional<SweepTable> read_sweep_csv(const std::filesystem::path& file, std::string& error);

// An axis title for a column: "E rate (Hz)", "E CV of ISIs", "E synchrony", "accuracy", or the
// path itself for a varied parameter ("projections.ie.weight+projections.ii.weight"), followed
// by its unit in parentheses when one is given.
std::string column_title(const std::string& column, const std::string& unit = "");

// [SECTION] Curve and grid

// y against x over every row, sorted by x. Rows with the same x (other parameters varied too)
// are averaged; rows whose y is NaN are left out and counted.
struct SweepCurve {
  std::vector<double> x, y;
  int per_point = 1;   // rows averaged into a point, at most
  int left_out = 0;    // rows with NaN y or x
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;  // the data range (equal ends widened)
};
SweepCurve sweep_curve(const SweepTable& table, int x_column, int y_column);

// z over the distinct values of x (columns) and y (rows of cells, ys[0] at the bottom). A cell
// holds the mean of its rows (other parameters averaged); NaN where no row has a number.
struct SweepGrid {
  std::vector<double> xs, ys;
  std::vector<double> z;  // ys.size() x xs.size(), row-major, row 0 = ys[0]
  double z_lo = 0, z_hi = 1;  // over the cells with a number (equal ends widened)
  int per_cell = 1;
  int empty_cells = 0;
  double at(std::size_t ix, std::size_t iy) const { return z[iy * xs.size() + ix]; }
  // Cell edges along an axis: midway between neighbouring values, the outer cells as wide as
  // their neighbour (one value: +-0.5, or +-half the value's magnitude).
  static std::vector<double> edges(const std::vector<double>& values);
};
SweepGrid sweep_grid(const SweepTable& table, int x_column, int y_column, int z_column);

// [SECTION] What a sweep may vary

struct SweepParameter {
  std::string path;   // as --set and --vary take it
  std::string unit;
  double value = 0.0;           // in the running scenario
  double lo = 0.0, hi = 1.0;    // a first range to offer
};
// Every model parameter of every population, each projection's weight (when it is one number),
// weight_scale and delay_ms, and each stimulus's amplitude and noise_sd.
std::vector<SweepParameter> sweep_parameters(const ScenarioFacts& facts);
// The measured columns a sweep of this scenario writes, in sweep.csv's order.
std::vector<std::string> sweep_measure_columns(const ScenarioSpec& spec);
// The unit of a projection's weights onto a population of this model ("pA", "nS", "mV", ...).
std::string weight_unit(const std::string& model);

}  // namespace neurosim::gui
