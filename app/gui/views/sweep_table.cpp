// The Sweep panel's view-model (see sweep_table.hpp).
#include "gui/views/sweep_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace neurosim::gui {

namespace {

constexpr std::uintmax_t kMaxCsvBytes = 64u << 20;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// One CSV line into fields; quoted fields as csv_field writes them ("a ""b""" -> a "b").
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::optional<double> parse_number(const std::string& s) {
  if (s == "nan" || s == "NaN" || s == "-nan") return std::nan("");
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

void widen(double& lo, double& hi) {
  if (!(hi > lo)) {
    const double pad = std::abs(lo) > 0 ? std::abs(lo) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
}


}  // namespace

// [SECTION] sweep.csv

std::vector<int> SweepTable::measure_columns() const {
  std::vector<int> out;
  for (int c = parameter_count; c < static_cast<int>(columns.size()); ++c) out.push_back(c);
  return out;
}

bool is_measure_column(const std::string& name) {
  return name == "accuracy" || ends_with(name, "_rate_hz") || ends_with(name, "_cv_isi") || ends_with(name, "_synchrony");
}

std::optional<SweepTable> parse_sweep_csv(const std::string& text, const std::string& source, std::string& error) {
  error.clear();
  SweepTable table;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> fields = split_csv_line(line);
    if (table.columns.empty()) {
      table.columns = std::move(fields);
      int params = 0;
      while (params < static_cast<int>(table.columns.size()) && !is_measure_column(table.columns[static_cast<std::size_t>(params)])) ++params;
      for (std::size_t c = static_cast<std::size_t>(params); c < table.columns.size(); ++c)
        if (!is_measure_column(table.columns[c])) {
          error = source + " line 1: column \"" + table.columns[c] +
                  "\" follows the measured columns; a sweep.csv has the varied parameters first, then "
                  "<population>_rate_hz, _cv_isi, _synchrony and accuracy";
          return std::nullopt;
        }
      if (params == 0) {
        error = source + " line 1: no varied parameter column (is this a sweep.csv from neurosim sweep?)";
        return std::nullopt;
      }
      if (params == static_cast<int>(table.columns.size())) {
        error = source + " line 1: no measured column (<population>_rate_hz, _cv_isi, _synchrony or accuracy)";
        return std::nullopt;
      }
      table.parameter_count = params;
      continue;
    }
    if (fields.size() != table.columns.size()) {
      error = source + " line " + std::to_string(line_no) + ": " + std::to_string(fields.size()) + " fields, the header has " +
              std::to_string(table.columns.size());
      return std::nullopt;
    }
    std::vector<double> row;
    row.reserve(fields.size());
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const std::optional<double> v = parse_number(fields[c]);
      if (!v) {
        error = source + " line " + std::to_string(line_no) + ", column " + table.columns[c] + ": \"" + fields[c] + "\" is not a number";
        return std::nullopt;
      }
      row.push_back(*v);
    }
    table.rows.push_back(std::move(row));
  }
  if (table.columns.empty()) {
    error = source + ": empty file";
    return std::nullopt;
  }
  if (table.rows.empty()) {
    error = source + ": no rows under the header";
    return std::nullopt;
  }
  return table;
}

std::optional<SweepTable> read_sweep_csv(const std::filesystem::path& file, std::string& error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    error = file.string() + ": no such file";
    return std::nullopt;
  }
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxCsvBytes) {
    error = file.string() + (ec ? ": cannot read its size: " + ec.message() : ": larger than 64 MB; not a sweep.csv");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    error = file.string() + ": cannot be read";
    return std::nullopt;
  }
  return parse_sweep_csv(text.str(), file.string(), error);
}

std::string column_title(const std::string& column, const std::string& unit) {
  const auto strip = [&](const char* tail) { return column.substr(0, column.size() - std::string(tail).size()); };
  if (ends_with(column, "_rate_hz")) return strip("_rate_hz") + " rate (Hz)";
  if (ends_with(column, "_cv_isi")) return strip("_cv_isi") + " CV of ISIs";
  if (ends_with(column, "_synchrony")) return strip("_synchrony") + " synchrony";
  if (column == "accuracy") return "accuracy";
  return unit.empty() ? column : column + " (" + unit + ")";
}

// [SECTION] Curve and grid

SweepCurve sweep_curve(const SweepTable& table, int x_column, int y_column) {
  SweepCurve curve;
  const int n = static_cast<int>(table.columns.size());
  if (x_column < 0 || x_column >= n || y_column < 0 || y_column >= n) return curve;
  std::map<double, std::pair<double, int>> by_x;  // sum, count
  for (const auto& row : table.rows) {
    const double x = row[static_cast<std::size_t>(x_column)], y = row[static_cast<std::size_t>(y_column)];
    if (std::isnan(x) || std::isnan(y)) {
      ++curve.left_out;
      continue;
    }
    auto& cell = by_x[x];
    cell.first += y;
    ++cell.second;
  }
  curve.y_lo = INFINITY;
  curve.y_hi = -INFINITY;
  for (const auto& [x, cell] : by_x) {
    curve.x.push_back(x);
    curve.y.push_back(cell.first / cell.second);
    curve.per_point = std::max(curve.per_point, cell.second);
    curve.y_lo = std::min(curve.y_lo, curve.y.back());
    curve.y_hi = std::max(curve.y_hi, curve.y.back());
  }
  if (curve.x.empty()) {
    curve.x_lo = curve.y_lo = 0;
    curve.x_hi = curve.y_hi = 1;
    return curve;
  }
  curve.x_lo = curve.x.front();
  curve.x_hi = curve.x.back();
  widen(curve.x_lo, curve.x_hi);
  widen(curve.y_lo, curve.y_hi);
  return curve;
}

std::vector<double> SweepGrid::edges(const std::vector<double>& v) {
  std::vector<double> e;
  if (v.empty()) return e;
  if (v.size() == 1) {
    const double half = std::abs(v[0]) > 0 ? std::abs(v[0]) * 0.5 : 0.5;
    return {v[0] - half, v[0] + half};
  }
  e.push_back(v[0] - (v[1] - v[0]) * 0.5);
  for (std::size_t i = 0; i + 1 < v.size(); ++i) e.push_back((v[i] + v[i + 1]) * 0.5);
  e.push_back(v.back() + (v.back() - v[v.size() - 2]) * 0.5);
  return e;
}

SweepGrid sweep_grid(const SweepTable& table, int x_column, int y_column, int z_column) {
  SweepGrid grid;
  const int n = static_cast<int>(table.columns.size());
  if (x_column < 0 || x_column >= n || y_column < 0 || y_column >= n || z_column < 0 || z_column >= n) return grid;
  const auto ux = static_cast<std::size_t>(x_column), uy = static_cast<std::size_t>(y_column), uz = static_cast<std::size_t>(z_column);
  for (const auto& row : table.rows) {
    if (!std::isnan(row[ux])) grid.xs.push_back(row[ux]);
    if (!std::isnan(row[uy])) grid.ys.push_back(row[uy]);
  }
  for (auto* v : {&grid.xs, &grid.ys}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::vector<double> sum(grid.xs.size() * grid.ys.size(), 0.0);
  std::vector<int> count(sum.size(), 0);
  for (const auto& row : table.rows) {
    if (std::isnan(row[ux]) || std::isnan(row[uy]) || std::isnan(row[uz])) continue;
    const auto ix = static_cast<std::size_t>(std::lower_bound(grid.xs.begin(), grid.xs.end(), row[ux]) - grid.xs.begin());
    const auto iy = static_cast<std::size_t>(std::lower_bound(grid.ys.begin(), grid.ys.end(), row[uy]) - grid.ys.begin());
    sum[iy * grid.xs.size() + ix] += row[uz];
    ++count[iy * grid.xs.size() + ix];
  }
  grid.z.assign(sum.size(), std::nan(""));
  grid.z_lo = INFINITY;
  grid.z_hi = -INFINITY;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    if (count[i] == 0) {
      ++grid.empty_cells;
      continue;
    }
    grid.z[i] = sum[i] / count[i];
    grid.per_cell = std::max(grid.per_cell, count[i]);
    grid.z_lo = std::min(grid.z_lo, grid.z[i]);
    grid.z_hi = std::max(grid.z_hi, grid.z[i]);
  }
  if (!(grid.z_hi >= grid.z_lo)) {
    grid.z_lo = 0;
    grid.z_hi = 1;
  }
  widen(grid.z_lo, grid.z_hi);
  return grid;
}

// [SECTION] What a sweep may vary

std::string weight_unit(const std::string& model) {
  if (model == "lif_cond") return "nS";
  if (model == "lif_delta") return "mV";
  if (model == "izhikevich") return "mV/ms";
  if (model == "srm" || model.empty()) return "";
  return "pA";
}

std::vector<SweepParameter> sweep_parameters(const ScenarioFacts& facts) {
  std::vector<SweepParameter> out;
  for (const PopulationFact& p : facts.populations)
    for (const ParamFact& f : p.params) {
      SweepParameter s;
      s.path = "populations." + p.name + ".params." + f.name;
      s.unit = f.unit;
      s.value = f.value;
      s.lo = f.slider_min;
      s.hi = f.slider_max;
      out.push_back(std::move(s));
    }
  for (std::size_t i = 0; i < facts.projections.size(); ++i) {
    const ProjectionFact& pr = facts.projections[i];
    const std::string base = "projections." + pr.name + ".";
    const std::string model =
        pr.post >= 0 && pr.post < static_cast<int>(facts.populations.size()) ? facts.populations[static_cast<std::size_t>(pr.post)].model : "";
    if (i < facts.spec.projections.size() && facts.spec.projections[i].weight.kind == Distribution::Kind::Constant) {
      const double w = facts.spec.projections[i].weight.a;
      out.push_back({base + "weight", weight_unit(model), w, w >= 0 ? 0.0 : 2.0 * w, w >= 0 ? (w > 0 ? 2.0 * w : 1.0) : 0.0});
    }
    out.push_back({base + "weight_scale", "", pr.weight_scale, 0.0, 2.0});
    out.push_back({base + "delay_ms", "ms", pr.delay_ms, std::max(0.1, pr.delay_ms * 0.5), std::max(1.0, pr.delay_ms * 2.0)});
  }
  for (const StimulusFact& s : facts.stimuli) {
    const std::string base = "stimuli." + s.name + ".";
    const double a = s.params.amplitude;
    out.push_back({base + "amplitude", "pA", a, 0.0, a > 0 ? 2.0 * a : 500.0});
    out.push_back({base + "noise_sd", "pA", s.params.noise_sd, 0.0, s.params.noise_sd > 0 ? 2.0 * s.params.noise_sd : 100.0});
  }
  return out;
}

std::vector<std::string> sweep_measure_columns(const ScenarioSpec& spec) {
  std::vector<std::string> out;
  for (const PopulationSpec& p : spec.populations) {
    out.push_back(p.name + "_rate_hz");
    out.push_back(p.name + "_cv_isi");
    out.push_back(p.name + "_synchrony");
  }
  if (spec.experiment) out.push_back("accuracy");
  return out;
}

}  // namespace neurosim::gui
