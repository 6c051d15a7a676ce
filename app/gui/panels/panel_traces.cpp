// Membrane traces panel: the recorded state of chosen neurons over a sliding time window, one
// lane per neuron (and per state variable when asked), with the threshold as a dashed line and
// a mark at every spike. Neurons are added here or by clicking a raster row (SetTraced).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/render/palette.hpp"
#include "gui/panels/panels.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/panels/print_theme.hpp"
#include "gui/shell/style.hpp"
#include "gui/views/plot_svg.hpp"
#include "gui/views/trace_history.hpp"
#include "gui/views/trace_spikes.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

void draw_add_controls(TracesPanel& panel, const ScenarioFacts& facts, AppRequests& requests) {
  const PopulationFact* chosen = nullptr;
  const int population_count = static_cast<int>(facts.populations.size());
  if (panel.add_population >= 0 && panel.add_population < population_count)
    chosen = &facts.populations[static_cast<std::size_t>(panel.add_population)];
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
  if (ImGui::BeginCombo("##population", chosen != nullptr ? chosen->name.c_str() : "population")) {
    for (int i = 0; i < population_count; ++i) {
      const PopulationFact& pop = facts.populations[static_cast<std::size_t>(i)];
      if (pop.source) continue;  // spike generators have no membrane to record
      if (ImGui::Selectable(pop.name.c_str(), i == panel.add_population)) panel.add_population = i;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  ImGui::InputInt("##neuron", &panel.add_neuron);
  const int limit = chosen != nullptr ? chosen->size - 1 : 0;
  panel.add_neuron = std::clamp(panel.add_neuron, 0, std::max(0, limit));
  ImGui::SameLine();
  if (ImGui::Button("Trace") && chosen != nullptr) requests.trace = std::make_pair(panel.add_population, panel.add_neuron);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Record this neuron (or click a row in the raster)");
}

struct Lane {
  const TraceHistory::Probe* probe;
  int var;
  bool first_of_probe;
};

}  // namespace

void TracesPanel::draw(bool* open, const ScenarioFacts& facts, double t_now, const TraceHistory& traces, const TraceSpikes& spikes,
                       const Submit& submit, AppRequests& requests) {
  if (!ImGui::Begin("Membrane traces", open)) {
    ImGui::End();
    return;
  }
  // [SECTION] Settings row (none in an exported picture, print_theme.hpp)
  const bool picture = drawing_picture();
  if (!picture) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    ImGui::SliderFloat("window", &window_ms, 20.0f, 5000.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    ImGui::Checkbox("all variables", &all_variables);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Also plot u (Izhikevich) and the synaptic currents");
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    draw_add_controls(*this, facts, requests);
  }
  if (!message.empty() && !picture) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
  }

  // [SECTION] Lanes
  std::vector<Lane> lanes;
  for (const TraceHistory::Probe& probe : traces.probes()) {
    if (probe.population < 0 || probe.population >= static_cast<int>(facts.populations.size())) continue;
    const int vars = all_variables ? std::max(1, probe.variables) : 1;
    for (int v = 0; v < vars; ++v) lanes.push_back({&probe, v, v == 0});
  }
  if (lanes.empty()) {
    ImGui::TextDisabled("No neuron traced yet: click a row in the raster, or pick one above.");
    ImGui::End();
    return;
  }

  const float line_h = ImGui::GetTextLineHeight();
  const float axis_h = line_h * (picture ? 2.0f : 1.0f) + (picture ? 10.0f : 4.0f);  // time labels (and title) under the last lane
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Lanes share the height; below 60 px a lane is unreadable, so the list scrolls instead.
  const float lane_h = std::clamp((avail.y - axis_h) / static_cast<float>(lanes.size()), 60.0f, 280.0f);
  ImGui::BeginChild("lanes", ImVec2(0, 0), false);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));  // lanes abut
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double dt = facts.dt_ms;
  const double t_start = t_now - static_cast<double>(window_ms);
  const std::int64_t step_start = static_cast<std::int64_t>(std::floor(t_start / dt));
  const float margin_left = ImGui::CalcTextSize("-000.0").x + 8.0f;

  std::optional<std::pair<int, int>> remove;
  for (std::size_t k = 0; k < lanes.size(); ++k) {
    const Lane& lane = lanes[k];
    const TraceHistory::Probe& probe = *lane.probe;
    const PopulationFact& pop = facts.populations[static_cast<std::size_t>(probe.population)];
    const bool last = k + 1 == lanes.size();
    const float h = lane_h + (last ? axis_h : 0.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushID(static_cast<int>(k));

    PlotArea area;
    area.min = ImVec2(origin.x + margin_left, origin.y + line_h + 4.0f);
    area.max = ImVec2(origin.x + width - 6.0f, origin.y + lane_h - 4.0f);
    area.x0 = t_start;
    area.x1 = t_now;

    // Visible samples and their range.
    const std::size_t n = probe.size();
    const std::size_t i0 = probe.first_at(step_start);
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = i0; i < n; ++i) {
      const double v = probe.sample(i, lane.var);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    const bool is_v = lane.var == 0;
    const double threshold = is_v ? firing_threshold(pop) : NAN;
    if (!std::isnan(threshold)) {
      lo = std::min(lo, threshold);
      hi = std::max(hi, threshold);
    }
    if (!(hi >= lo)) { lo = -1; hi = 1; }
    if (hi - lo < 1e-3) { lo -= 1.0; hi += 1.0; }
    const double pad = (hi - lo) * 0.06;
    area.y0 = lo - pad;
    // Room above the threshold for the spike marks.
    area.y1 = hi + (std::isnan(threshold) ? pad : (hi - lo) * 0.22);

    // Header: which neuron, which variable; a button to stop tracing (first lane of a probe).
    const ImU32 colour = theme_population_color(probe.population);
    const std::string var_name = lane.var < static_cast<int>(pop.state_names.size()) ? pop.state_names[static_cast<std::size_t>(lane.var)] : "?";
    const std::string var_unit = lane.var < static_cast<int>(pop.state_units.size()) ? pop.state_units[static_cast<std::size_t>(lane.var)] : "";
    char title[160];
    std::snprintf(title, sizeof title, "%s #%d   %s (%s)", pop.name.c_str(), probe.neuron, var_name.c_str(), var_unit.c_str());
    dl->AddText(ImVec2(area.min.x, origin.y + 1.0f), colour, title);
    if (lane.first_of_probe && !picture) {
      ImGui::SetCursorScreenPos(ImVec2(area.max.x - ImGui::CalcTextSize("stop").x - 8.0f, origin.y));
      if (ImGui::SmallButton("stop")) remove = std::make_pair(probe.population, probe.neuron);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop recording this neuron");
    }

    draw_plot_frame(dl, area, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 6.0f))),
                    std::max(2, static_cast<int>(area.height() / (line_h * 1.8f))), last, "ms");
    dl->PushClipRect(area.min, area.max, true);
    if (!std::isnan(threshold)) draw_hline_dashed(dl, area, threshold, plot_colors().threshold);
    // Spike marks: a stroke from the threshold to the top at each spike time.
    if (is_v) {
      if (const auto* times = spikes.find(probe.population, probe.neuron)) {
        const float y_from = std::isnan(threshold) ? area.min.y + area.height() * 0.3f : area.sy(threshold);
        for (auto it = times->rbegin(); it != times->rend(); ++it) {
          const double t = static_cast<double>(*it) * dt;
          if (t < t_start) break;
          const float x = area.sx(t);
          dl->AddLine(ImVec2(x, y_from), ImVec2(x, area.min.y + 2.0f), theme_population_color(probe.population, 0.85f), 2.0f);
        }
      }
    }
    plot_decimated(
        dl, area, n - i0,
        [&](std::size_t i) { return static_cast<double>(probe.step(i0 + i)) * dt; },
        [&](std::size_t i) { return static_cast<double>(probe.sample(i0 + i, lane.var)); },
        is_v ? plot_colors().trace_line : colour, 1.0f, scratch);
    dl->PopClipRect();
    if (last && picture) draw_x_title(dl, area.min, area.max, line_h + 8.0f, "time (ms)");

    // Hover: the value under the mouse.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsWindowHovered() && mouse.x >= area.min.x && mouse.x < area.max.x && mouse.y >= area.min.y &&
        mouse.y < area.max.y && n > i0) {
      const double t = area.x_at(mouse.x);
      const std::size_t i = std::min(n - 1, probe.first_at(static_cast<std::int64_t>(std::llround(t / dt))));
      dl->AddLine(ImVec2(mouse.x, area.min.y), ImVec2(mouse.x, area.max.y), plot_colors().hover_line);
      ImGui::SetTooltip("t = %.1f ms\n%s = %.3f %s", static_cast<double>(probe.step(i)) * dt,
                        var_name.c_str(), static_cast<double>(probe.sample(i, lane.var)), var_unit.c_str());
    }

    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, h));
    ImGui::PopID();
  }
  ImGui::PopStyleVar();
  ImGui::EndChild();
  ImGui::End();

  if (remove) {
    const std::string error = submit(SetTraced{remove->first, remove->second, false});
    message = error;
  }
}

}  // namespace neurosim::gui
