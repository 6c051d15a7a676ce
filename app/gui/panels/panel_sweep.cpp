// The Sweep window (sweep_panel.hpp): setup, progress, and the curve or heatmap.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/sweep_plan.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/panels/print_theme.hpp"
#include "gui/panels/sweep_panel.hpp"
#include "gui/render/colormap.hpp"
#include "gui/render/palette.hpp"
#include "gui/shell/style.hpp"
#include "gui/views/plot_svg.hpp"
#include "neurosim/io/atomic_file.hpp"

namespace neurosim::gui {

namespace {

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

ImU32 viridis_u32(double t) {
  const ColormapTable& table = viridis();
  const auto i = static_cast<std::size_t>(std::clamp(static_cast<int>(std::lround(t * 255.0)), 0, 255));
  return IM_COL32(table[i][0], table[i][1], table[i][2], 255);
}

// The unit of a varied path (the first of tied paths) from the scenario's parameters.
std::string unit_of(const std::vector<SweepParameter>& parameters, const std::string& column) {
  const std::string first = column.substr(0, column.find('+'));
  for (const SweepParameter& p : parameters)
    if (p.path == first) return p.unit;
  return "";
}

// A frame with ticks on both axes (any sign: these are parameters, not time).
void draw_frame(ImDrawList* dl, const PlotArea& a, bool x_ticks = true, bool y_ticks = true) {
  const PlotColors& c = plot_colors();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float th = ImGui::GetTextLineHeight();
  double step = 0;
  if (x_ticks) {
    float free_from = -1e30f;
    for (const double t : nice_ticks(a.x0, a.x1, std::max(2, static_cast<int>(a.width() / (ImGui::GetFontSize() * 6.0f))), &step)) {
      const float x = a.sx(t);
      dl->AddLine(ImVec2(x, a.min.y), ImVec2(x, a.max.y), c.grid);
      const std::string label = tick_label(t, step);
      const float w = ImGui::CalcTextSize(label.c_str()).x;
      if (x - w * 0.5f < free_from) continue;
      dl->AddText(ImVec2(x - w * 0.5f, a.max.y + 3.0f), text, label.c_str());
      free_from = x + w * 0.5f + ImGui::GetFontSize() * 0.5f;
    }
  }
  if (y_ticks)
    for (const double t : nice_ticks(a.y0, a.y1, std::max(2, static_cast<int>(a.height() / (th * 2.2f))), &step)) {
      const float y = a.sy(t);
      dl->AddLine(ImVec2(a.min.x, y), ImVec2(a.max.x, y), c.grid);
      const std::string label = tick_label(t, step);
      dl->AddText(ImVec2(a.min.x - ImGui::CalcTextSize(label.c_str()).x - 5.0f, y - th * 0.5f), text, label.c_str());
    }
  dl->AddRect(a.min, a.max, c.border);
}

}  // namespace

// [SECTION] Running

void SweepPanel::initialise(const ScenarioFacts& facts) {
  sources.clear();
  for (const PopulationFact& p : facts.populations)
    if (p.source) sources.push_back(p.name);
  if (initialised) return;  // once: later edits of the scenario keep the user's choices
  initialised = true;
  if (std::isfinite(facts.spec.duration_ms) && facts.spec.duration_ms > 0) duration_ms = std::min(facts.spec.duration_ms, 2000.0);
  // One core stays with the window and the running simulation.
  threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
}

std::string SweepPanel::start(const ScenarioFacts& facts, const std::vector<std::string>& vary, double duration) {
  if (job.running()) return "a sweep is running; cancel it first";
  initialise(facts);
  if (duration > 0) duration_ms = duration;
  std::string error;
  const std::optional<double> point_ms = facts.spec.experiment ? std::nullopt : std::optional<double>(duration_ms);
  std::optional<cli::SweepPlan> plan = cli::plan_sweep(facts.spec, vary, point_ms, error);
  if (!plan) {
    message = error;
    message_is_error = true;
    return error;
  }
  // The fields show what runs.
  for (std::size_t d = 0; d < 2 && d < plan->dims.size(); ++d) {
    const auto& values = plan->dims[d].values;
    dims[d].path = plan->dims[d].path;
    dims[d].count = static_cast<int>(values.size());
    dims[d].lo = std::strtod(values.front().c_str(), nullptr);
    dims[d].hi = std::strtod(values.back().c_str(), nullptr);
  }
  two_parameters = plan->dims.size() >= 2;
  message = "running " + std::to_string(plan->points()) + " points on " + std::to_string(std::max(1, threads)) + " thread" +
            (threads > 1 ? "s" : "");
  message_is_error = false;
  table_source = "sweep of " + (facts.name.empty() ? std::string("the scenario") : facts.name);
  job.start(std::move(*plan), std::max(1, threads));
  open = true;
  return "";
}

void SweepPanel::poll() {
  std::optional<SweepOutcome> outcome = job.take();
  if (!outcome) return;
  if (outcome->cancelled) {
    message = "cancelled";
    message_is_error = false;
    return;
  }
  if (!outcome->error.empty()) {
    message = outcome->error;
    message_is_error = true;
    return;
  }
  std::string error;
  std::optional<SweepTable> parsed = parse_sweep_csv(outcome->csv, table_source, error);
  if (!parsed) {
    message = error;
    message_is_error = true;
    return;
  }
  table = std::move(parsed);
  last_csv = std::move(outcome->csv);
  x_column = 0;
  y_column = table->parameter_count >= 2 ? 1 : 0;
  char text[128];
  std::snprintf(text, sizeof text, "%zu points in %.1f s", outcome->points, outcome->seconds);
  message = text;
  message_is_error = false;
}

void SweepPanel::wait() {
  while (job.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  poll();
}

std::string SweepPanel::open_csv(const std::string& path) {
  std::string error;
  std::optional<SweepTable> parsed = read_sweep_csv(path, error);
  open = true;
  csv_path = path;
  if (!parsed) {
    message = error;
    message_is_error = true;
    return error;
  }
  table = std::move(parsed);
  table_source = path;
  last_csv.clear();
  x_column = 0;
  y_column = table->parameter_count >= 2 ? 1 : 0;
  message = "opened " + path + " (" + std::to_string(table->rows.size()) + " rows)";
  message_is_error = false;
  return "";
}

int SweepPanel::measure_column() const {
  if (!table) return -1;
  const std::vector<int> measures = table->measure_columns();
  for (const int c : measures)
    if (table->columns[static_cast<std::size_t>(c)] == measure) return c;
  const auto is_source_rate = [&](const std::string& column) {
    for (const std::string& s : sources)
      if (column == s + "_rate_hz") return true;
    return false;
  };
  for (const int c : measures)  // the first rate that is not an input's
    if (const std::string& name = table->columns[static_cast<std::size_t>(c)]; name.find("_rate_hz") != std::string::npos && !is_source_rate(name))
      return c;
  return measures.empty() ? -1 : measures.front();
}

// [SECTION] Window

void SweepPanel::draw(const ScenarioFacts& facts) {
  poll();
  if (!open) return;
  if (!drawing_picture()) {  // a picture places the window itself
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.56f, vp->Size.y * 0.72f), ImGuiCond_FirstUseEver);
  }
  if (!ImGui::Begin("Sweep", drawing_picture() ? nullptr : &open)) {
    ImGui::End();
    return;
  }
  if (!drawing_picture()) draw_setup(facts);
  draw_plot();
  ImGui::End();
}

void SweepPanel::draw_setup(const ScenarioFacts& facts) {
  if (parameters_version != facts.version) {
    parameters = sweep_parameters(facts);
    parameters_version = facts.version;
    if (dims[0].path.empty() && !parameters.empty()) {
      // A first choice that makes a curve at once: a stimulus amplitude (an f-I curve), else the first parameter.
      const auto it = std::find_if(parameters.begin(), parameters.end(), [](const SweepParameter& p) { return p.path.find(".amplitude") != std::string::npos; });
      const SweepParameter& p = it != parameters.end() ? *it : parameters.front();
      dims[0] = {p.path, p.lo, p.hi, 7};
      dims[1] = {parameters.front().path, parameters.front().lo, parameters.front().hi, 5};
    }
    initialise(facts);
  }
  const float field = ImGui::GetFontSize() * 5.0f;
  const bool busy = job.running();
  ImGui::BeginDisabled(busy);
  for (int d = 0; d < (two_parameters ? 2 : 1); ++d) {
    Dimension& dim = dims[d];
    ImGui::PushID(d);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.0f);
    if (ImGui::BeginCombo("##path", dim.path.empty() ? "parameter" : dim.path.c_str())) {
      for (const SweepParameter& p : parameters) {
        const std::string label = p.path + (p.unit.empty() ? "" : " (" + p.unit + ")");
        if (ImGui::Selectable(label.c_str(), p.path == dim.path)) {
          dim.path = p.path;
          dim.lo = p.lo;
          dim.hi = p.hi;
        }
      }
      ImGui::EndCombo();
    }
    hover_tooltip("A parameter of the running scenario, as --set names it. Type in the field below to tie\n"
                  "several paths with + (each value goes to all of them), e.g. Brunel's g on both populations.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    ImGui::InputDouble("to", &dim.lo, 0, 0, "%.4g");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    ImGui::InputDouble("in", &dim.hi, 0, 0, "%.4g");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field * 0.7f);
    ImGui::InputInt("values", &dim.count, 0);
    dim.count = std::clamp(dim.count, 1, 200);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##typed", "or type a path (A+B ties two)", &dim.path);
    ImGui::PopID();
  }
  ImGui::Checkbox("second parameter (heatmap)", &two_parameters);
  ImGui::SameLine();
  ImGui::BeginDisabled(facts.spec.experiment.has_value());
  ImGui::SetNextItemWidth(field);
  ImGui::InputDouble("ms per point", &duration_ms, 0, 0, "%.0f");
  duration_ms = std::clamp(duration_ms, 1.0, 1e7);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field * 0.6f);
  ImGui::InputInt("threads", &threads, 0);
  threads = std::clamp(threads, 1, 256);
  ImGui::EndDisabled();

  if (!busy) {
    if (ImGui::Button("Run sweep")) {
      std::vector<std::string> vary;
      for (int d = 0; d < (two_parameters ? 2 : 1); ++d)
        vary.push_back(dims[d].path + "=" + number(dims[d].lo) + ":" + number(dims[d].hi) + ":" + std::to_string(dims[d].count));
      start(facts, vary, duration_ms);
    }
    hover_tooltip("Runs every point from t = 0 on its own copy of the scenario as it stands now, off the\n"
                  "window's thread, exactly as `neurosim sweep` would; the running simulation goes on.");
  } else {
    const float done = job.total() > 0 ? static_cast<float>(job.done()) / static_cast<float>(job.total()) : 0.0f;
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%zu of %zu points", job.done(), job.total());
    ImGui::ProgressBar(done, ImVec2(ImGui::GetFontSize() * 16.0f, 0), overlay);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) job.cancel();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
  ImGui::InputTextWithHint("##csv", "DIR/sweep.csv", &csv_path);
  ImGui::SameLine();
  ImGui::BeginDisabled(csv_path.empty());
  if (ImGui::Button("Open")) open_csv(csv_path);
  ImGui::EndDisabled();
  hover_tooltip("Opens a sweep.csv written by `neurosim sweep`");
  if (!last_csv.empty()) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    ImGui::InputText("##dir", &save_dir);
    ImGui::SameLine();
    if (ImGui::Button("Save sweep.csv") && !save_dir.empty()) {
      try {
        const std::vector<std::string> names{"sweep.csv"};
        const std::filesystem::path dir = io::free_directory(save_dir, names, io::Replace::Never);
        std::filesystem::create_directories(dir);
        io::write_file_atomically(dir / "sweep.csv", last_csv, io::Replace::Never);
        message = "wrote " + (dir / "sweep.csv").string();
        message_is_error = false;
      } catch (const std::exception& e) {
        message = std::string("cannot save: ") + e.what();
        message_is_error = true;
      }
    }
  }
  if (!message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, message_is_error ? kErrorColor : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
  }
  if (table) {
    // What is drawn: the measured column, and the axes when more than two parameters were varied.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
    const int z = measure_column();
    if (ImGui::BeginCombo("measure", z >= 0 ? column_title(table->columns[static_cast<std::size_t>(z)]).c_str() : "")) {
      for (const int c : table->measure_columns()) {
        const std::string& name = table->columns[static_cast<std::size_t>(c)];
        if (ImGui::Selectable(column_title(name).c_str(), c == z)) measure = name;
      }
      ImGui::EndCombo();
    }
    if (table->parameter_count > 2) {
      for (int* axis : {&x_column, &y_column}) {
        ImGui::SameLine();
        ImGui::PushID(axis);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.0f);
        if (ImGui::BeginCombo(axis == &x_column ? "x" : "y", table->columns[static_cast<std::size_t>(*axis)].c_str())) {
          for (int c = 0; c < table->parameter_count; ++c)
            if (ImGui::Selectable(table->columns[static_cast<std::size_t>(c)].c_str(), c == *axis)) *axis = c;
          ImGui::EndCombo();
        }
        ImGui::PopID();
      }
    }
  }
  ImGui::Separator();
}

// [SECTION] Plot

void SweepPanel::draw_plot() {
  if (!table) {
    ImGui::TextDisabled("Choose a parameter and a range, then Run sweep; or open a sweep.csv.");
    return;
  }
  const int z = measure_column();
  if (z < 0) return;
  x_column = std::clamp(x_column, 0, table->parameter_count - 1);
  y_column = std::clamp(y_column, 0, table->parameter_count - 1);
  const bool heatmap = table->parameter_count >= 2 && x_column != y_column;
  const std::string x_title = column_title(table->columns[static_cast<std::size_t>(x_column)], unit_of(parameters, table->columns[static_cast<std::size_t>(x_column)]));
  const std::string y_title = column_title(table->columns[static_cast<std::size_t>(y_column)], unit_of(parameters, table->columns[static_cast<std::size_t>(y_column)]));
  const std::string z_title = column_title(table->columns[static_cast<std::size_t>(z)]);

  const float th = ImGui::GetTextLineHeight();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  PlotArea a;
  a.min = ImVec2(origin.x + ImGui::CalcTextSize("-0000.00").x + 10.0f, origin.y + th + 8.0f);
  const float bar_room = heatmap ? ImGui::GetFontSize() * 1.2f + ImGui::CalcTextSize("-0000.00").x + 24.0f : 0.0f;
  a.max = ImVec2(origin.x + avail.x - 12.0f - bar_room, origin.y + std::max(80.0f, avail.y - 2.0f * th - 14.0f));
  ImGui::Dummy(ImVec2(avail.x, std::max(80.0f + 2.0f * th, avail.y)));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  // Titles: y (or the heatmap's y) above the plot on the left, x under the tick labels.
  dl->AddText(ImVec2(a.min.x, origin.y + 2.0f), text, (heatmap ? y_title : z_title).c_str());
  draw_x_title(dl, a.min, a.max, th + 6.0f, x_title.c_str());

  if (!heatmap) {
    const SweepCurve curve = sweep_curve(*table, x_column, z);
    const double xpad = (curve.x_hi - curve.x_lo) * 0.04, ypad = (curve.y_hi - curve.y_lo) * 0.08;
    a.x0 = curve.x_lo - xpad;
    a.x1 = curve.x_hi + xpad;
    a.y0 = curve.y_lo < 0 ? curve.y_lo - ypad : 0.0;
    a.y1 = curve.y_hi + ypad;
    draw_frame(dl, a);
    std::vector<ImVec2> points;
    for (std::size_t i = 0; i < curve.x.size(); ++i) points.emplace_back(a.sx(curve.x[i]), a.sy(curve.y[i]));
    const ImU32 colour = population_color(1);
    dl->AddPolyline(points.data(), static_cast<int>(points.size()), colour, ImDrawFlags_None, 2.0f);
    for (const ImVec2& p : points) dl->AddCircleFilled(p, 3.5f, colour);
    if (curve.per_point > 1 && !drawing_picture())
      dl->AddText(ImVec2(a.max.x - ImGui::CalcTextSize("mean over other parameters").x, origin.y + 2.0f),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled), "mean over other parameters");
    if (hovered && !points.empty()) {
      std::size_t best = 0;
      for (std::size_t i = 1; i < points.size(); ++i)
        if (std::abs(points[i].x - mouse.x) < std::abs(points[best].x - mouse.x)) best = i;
      dl->AddCircle(points[best], 6.0f, text);
      ImGui::SetTooltip("%s = %.6g\n%s = %.4g", x_title.c_str(), curve.x[best], z_title.c_str(), curve.y[best]);
    }
    return;
  }
  const SweepGrid grid = sweep_grid(*table, x_column, y_column, z);
  const std::vector<double> xe = SweepGrid::edges(grid.xs), ye = SweepGrid::edges(grid.ys);
  if (xe.empty() || ye.empty()) return;
  a.x0 = xe.front();
  a.x1 = xe.back();
  a.y0 = ye.front();
  a.y1 = ye.back();
  for (std::size_t iy = 0; iy < grid.ys.size(); ++iy)
    for (std::size_t ix = 0; ix < grid.xs.size(); ++ix) {
      const double v = grid.at(ix, iy);
      if (std::isnan(v)) continue;
      dl->AddRectFilled(ImVec2(a.sx(xe[ix]), a.sy(ye[iy + 1])), ImVec2(a.sx(xe[ix + 1]), a.sy(ye[iy])),
                        viridis_u32((v - grid.z_lo) / (grid.z_hi - grid.z_lo)));
    }
  draw_frame(dl, a, false, false);
  // Ticks at the swept values (a cell is a value), thinned to fit.
  const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  float free_from = -1e30f;
  for (const double v : grid.xs) {
    const std::string label = number(v);
    const float w = ImGui::CalcTextSize(label.c_str()).x, x = a.sx(v);
    dl->AddLine(ImVec2(x, a.max.y), ImVec2(x, a.max.y + 4.0f), muted);
    if (x - w * 0.5f < free_from) continue;
    dl->AddText(ImVec2(x - w * 0.5f, a.max.y + 4.0f), muted, label.c_str());
    free_from = x + w * 0.5f + 6.0f;
  }
  float free_above = 1e30f;
  for (const double v : grid.ys) {
    const std::string label = number(v);
    const float y = a.sy(v);
    dl->AddLine(ImVec2(a.min.x - 4.0f, y), ImVec2(a.min.x, y), muted);
    if (y + th * 0.5f > free_above) continue;
    dl->AddText(ImVec2(a.min.x - ImGui::CalcTextSize(label.c_str()).x - 6.0f, y - th * 0.5f), muted, label.c_str());
    free_above = y - th * 0.5f - 2.0f;
  }
  // Colour bar with the measure's title above it.
  const float bar_w = ImGui::GetFontSize() * 1.1f;
  const ImVec2 bar_min(a.max.x + 14.0f, a.min.y), bar_max(a.max.x + 14.0f + bar_w, a.max.y);
  const int segments = 64;
  for (int s = 0; s < segments; ++s) {
    const float y0 = bar_min.y + (bar_max.y - bar_min.y) * static_cast<float>(s) / segments;
    const float y1 = bar_min.y + (bar_max.y - bar_min.y) * static_cast<float>(s + 1) / segments;
    dl->AddRectFilled(ImVec2(bar_min.x, y0), ImVec2(bar_max.x, y1 + 0.5f), viridis_u32(1.0 - (s + 0.5) / segments));
  }
  dl->AddRect(bar_min, bar_max, plot_colors().border);
  double step = 0;
  for (const double t : nice_ticks(grid.z_lo, grid.z_hi, 5, &step)) {
    const float y = bar_max.y - static_cast<float>((t - grid.z_lo) / (grid.z_hi - grid.z_lo)) * (bar_max.y - bar_min.y);
    dl->AddLine(ImVec2(bar_max.x, y), ImVec2(bar_max.x + 4.0f, y), muted);
    dl->AddText(ImVec2(bar_max.x + 6.0f, y - th * 0.5f), muted, tick_label(t, step).c_str());
  }
  if (grid.per_cell > 1 && !drawing_picture())
    dl->AddText(ImVec2(a.min.x + ImGui::CalcTextSize(y_title.c_str()).x + ImGui::GetFontSize(), origin.y + 2.0f), muted,
                "(each cell: the mean over the other parameters)");
  const float zw = ImGui::CalcTextSize(z_title.c_str()).x;
  dl->AddText(ImVec2(std::min(bar_min.x, origin.x + avail.x - zw - 4.0f), origin.y + 2.0f), text, z_title.c_str());
  if (hovered && mouse.x >= a.min.x && mouse.x < a.max.x && mouse.y >= a.min.y && mouse.y < a.max.y) {
    const double mx = a.x_at(mouse.x), my = a.y_at(mouse.y);
    const auto ix = static_cast<std::size_t>(std::clamp<long>(std::upper_bound(xe.begin(), xe.end(), mx) - xe.begin() - 1, 0, static_cast<long>(grid.xs.size()) - 1));
    const auto iy = static_cast<std::size_t>(std::clamp<long>(std::upper_bound(ye.begin(), ye.end(), my) - ye.begin() - 1, 0, static_cast<long>(grid.ys.size()) - 1));
    ImGui::SetTooltip("%s = %.6g\n%s = %.6g\n%s = %.4g", x_title.c_str(), grid.xs[ix], y_title.c_str(), grid.ys[iy], z_title.c_str(), grid.at(ix, iy));
  }
}

std::string SweepPanel::plot_svg(int width, int height, bool print) const {
  if (!table) return "";
  const int z = measure_column();
  const int xc = std::clamp(x_column, 0, table->parameter_count - 1), yc = std::clamp(y_column, 0, table->parameter_count - 1);
  const std::string x_title = column_title(table->columns[static_cast<std::size_t>(xc)], unit_of(parameters, table->columns[static_cast<std::size_t>(xc)]));
  const std::string z_title = column_title(table->columns[static_cast<std::size_t>(z)]);
  if (table->parameter_count >= 2 && xc != yc) {
    const std::string y_title = column_title(table->columns[static_cast<std::size_t>(yc)], unit_of(parameters, table->columns[static_cast<std::size_t>(yc)]));
    return sweep_grid_svg(sweep_grid(*table, xc, yc, z), x_title, y_title, z_title, width, height, print);
  }
  return sweep_curve_svg(sweep_curve(*table, xc, z), x_title, z_title, width, height, print);
}

}  // namespace neurosim::gui
