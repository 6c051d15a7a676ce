// Phase plane panel: for a chosen Izhikevich (v, u) or AdEx (V, w) neuron, the two nullclines for
// the present parameters and input current, the direction of the flow on a grid, the fixed points
// with their stability, and the neuron's recorded trajectory of the last `trail_ms` (fading with
// age), all redrawn every frame so that a slider moves the curves while the neuron runs.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/panels/diversity_panels.hpp"
#include "gui/render/palette.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/views/fact_lookup.hpp"
#include "neurosim/phase_plane.hpp"

namespace neurosim::gui {

namespace {

constexpr ImU32 kXNullColor = IM_COL32(255, 150, 70, 255);   // dx/dt = 0
constexpr ImU32 kYNullColor = IM_COL32(90, 210, 230, 255);   // dy/dt = 0
constexpr ImU32 kFieldColor = IM_COL32(170, 180, 200, 70);
constexpr ImU32 kResetColor = IM_COL32(255, 255, 255, 70);
constexpr ImU32 kTrajectoryColor = IM_COL32(240, 242, 250, 255);  // the present state is a dot in the population's colour
constexpr int kMaxTrailPoints = 2000;

// Axes with labels on both (draw_plot_frame labels only x >= 0, as it is made for time).
void draw_axes(ImDrawList* dl, const PlotArea& area, const std::string& x_title, const std::string& y_title) {
  const ImU32 grid = IM_COL32(255, 255, 255, 22);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float line_h = ImGui::GetTextLineHeight();
  double step = 0;
  const auto xt = nice_ticks(area.x0, area.x1, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 4.0f))), &step);
  float free_from = -1e30f;
  for (const double t : xt) {
    const float x = area.sx(t);
    dl->AddLine(ImVec2(x, area.min.y), ImVec2(x, area.max.y), grid);
    const std::string label = tick_label(t, step);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::clamp(x - w * 0.5f, area.min.x, area.max.x - w);
    if (lx < free_from) continue;
    dl->AddText(ImVec2(lx, area.max.y + 2.0f), text, label.c_str());
    free_from = lx + w + ImGui::GetFontSize() * 0.6f;
  }
  for (const double t : nice_ticks(area.y0, area.y1, std::max(2, static_cast<int>(area.height() / (line_h * 2.2f))), &step)) {
    const float y = area.sy(t);
    dl->AddLine(ImVec2(area.min.x, y), ImVec2(area.max.x, y), grid);
    const std::string label = tick_label(t, step);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddText(ImVec2(area.min.x - w - 4.0f, std::clamp(y - line_h * 0.5f, area.min.y - 2.0f, area.max.y - line_h + 2.0f)),
                text, label.c_str());
  }
  dl->AddRect(area.min, area.max, IM_COL32(255, 255, 255, 60));
  // Axis titles: x under the right end of the axis, y above the top of the axis.
  const ImU32 title = ImGui::GetColorU32(ImGuiCol_Text);
  const float xw = ImGui::CalcTextSize(x_title.c_str()).x;
  dl->AddText(ImVec2(area.max.x - xw, area.max.y + line_h + 2.0f), title, x_title.c_str());
  dl->AddText(ImVec2(area.min.x - ImGui::CalcTextSize(y_title.c_str()).x * 0.5f, area.min.y - line_h - 3.0f), title,
              y_title.c_str());
}

void draw_arrow(ImDrawList* dl, ImVec2 from, ImVec2 dir, float length, ImU32 color) {
  const ImVec2 to(from.x + dir.x * length, from.y + dir.y * length);
  dl->AddLine(from, to, color, 1.0f);
  const float head = std::min(5.0f, length * 0.4f);
  const ImVec2 left(to.x - dir.x * head - dir.y * head * 0.5f, to.y - dir.y * head + dir.x * head * 0.5f);
  const ImVec2 right(to.x - dir.x * head + dir.y * head * 0.5f, to.y - dir.y * head - dir.x * head * 0.5f);
  dl->AddTriangleFilled(to, left, right, color);
}

}  // namespace

void PhasePlanePanel::draw(bool* open, const DiversityInputs& in, const NeuronSelection& selection) {
  if (!begin_neuron_window("Phase plane", open, in.facts, selection)) return;
  const PopulationFact& pop = in.facts.populations[static_cast<std::size_t>(selection.population)];
  double current = constant_drive(in.facts, in.t_ms, selection.population, selection.neuron);
  const TraceHistory::Probe* probe = selection.probe(in.traces);
  // The present synaptic current, when asked (AdEx: I_syn_e + I_syn_i; dendritic: the attenuated
  // compartments; Izhikevich inputs last a single step and are not included): from the last
  // recorded sample.
  double synaptic = 0.0;
  if (probe != nullptr && probe->size() > 0) {
    const std::size_t last = probe->size() - 1;
    for (std::size_t v = 0; v < pop.state_names.size() && static_cast<int>(v) < probe->variables; ++v) {
      const double x = probe->sample(last, static_cast<int>(v));
      const std::string& name = pop.state_names[v];
      if (name == "I_syn_e" || name == "I_syn_i") synaptic += x;
      if (name == "I_prox") synaptic += param_value(pop, "att_prox") * x;
      if (name == "I_dist") synaptic += param_value(pop, "att_dist") * x;
    }
  }
  if (include_synaptic) current += synaptic;
  const std::vector<ParamDesc> descs = param_descs(pop);
  const std::vector<double> values = param_values(pop);
  const auto plane = PhasePlane::for_model(pop.model, descs, values, current);

  // [SECTION] Header
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(population_color(selection.population)), "%s #%d",
                     pop.name.c_str(), selection.neuron);
  ImGui::SameLine();
  if (!plane) {
    ImGui::TextDisabled("(%s)", pop.model.c_str());
    ImGui::TextWrapped("The phase plane is drawn for the two-variable models: Izhikevich (v, u), AdEx and the "
                       "dendritic model's AdEx soma (V, w), and for Hodgkin-Huxley reduced to (V, n). Choose such a "
                       "neuron in the Neuron window, the raster or the population strips.");
    ImGui::End();
    return;
  }
  const bool izh = plane->model() == PhasePlane::Model::Izhikevich;
  // Hodgkin-Huxley: the plane is the reduced (V, n) system; the trajectory is the full model's
  // V and n. It has no reset and no spike cut-off.
  const bool hh = plane->model() == PhasePlane::Model::HodgkinHuxley;
  const std::string x_name(plane->x_name()), y_name(plane->y_name());
  const int y_var = state_var(pop, y_name) >= 0 ? state_var(pop, y_name) : 1;
  const std::string y_unit(plane->y_unit());
  ImGui::Text("I = %.4g%s", current, izh ? "" : " pA");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The constant current the nullclines are drawn for: I_bias plus the stimuli on now%s.",
                      include_synaptic ? ", plus the synaptic current of the last step" : "");
  ImGui::SameLine();
  ImGui::Checkbox("field", &vector_field);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Direction of the flow on a grid");
  if (!izh) {
    ImGui::SameLine();
    ImGui::Checkbox("synaptic", &include_synaptic);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Add the neuron's synaptic current of the last step to I (now %.3g pA)", synaptic);
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(60.0f, ImGui::GetContentRegionAvail().x));
  ImGui::SliderFloat("##trail", &trail_ms, 20.0f, 3000.0f, "trail %.0f ms", ImGuiSliderFlags_Logarithmic);

  // [SECTION] Ranges: PhasePlane::view_range says what belongs in view (both nullclines from the
  // reset to the knee, the fixed points, the trajectory); settle_range keeps the shown range still
  // while that target moves inside it, so the plot does not breathe with every spike.
  const double dt = in.facts.dt_ms;
  const double reset_v = izh ? param_value(pop, "c") : param_value(pop, "V_reset");
  const double spike_v = izh ? param_value(pop, "v_peak") : param_value(pop, "V_peak");
  std::size_t n = 0, i0 = 0;
  if (probe != nullptr && y_var < probe->variables) {
    n = probe->size();
    i0 = probe->first_at(static_cast<std::int64_t>(std::floor((in.t_ms - trail_ms) / dt)));
  }
  trail.clear();
  for (std::size_t i = i0; i < n; ++i) trail.push_back({probe->sample(i, 0), probe->sample(i, y_var)});
  const PhaseRange target = plane->view_range(reset_v, spike_v, trail);
  const std::pair<int, int> who{selection.population, selection.neuron};
  if (range_of != who || !shown.valid()) {
    range_of = who;
    shown = settle_range(PhaseRange{}, target);
  } else {
    shown = settle_range(shown, target);
  }
  const double x_lo = shown.x_lo, x_hi = shown.x_hi, y_lo = shown.y_lo, y_hi = shown.y_hi;
  const auto fixed = plane->fixed_points(x_lo, x_hi);

  // [SECTION] Plot
  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float info_h = 2.0f * line_h + 6.0f;  // fixed-point summary under the plot
  PlotArea area;
  area.min = ImVec2(origin.x + ImGui::CalcTextSize("-0000").x + 10.0f, origin.y + line_h + 6.0f);
  area.max = ImVec2(origin.x + avail.x - 8.0f, origin.y + std::max(80.0f, avail.y - 2.0f * line_h - 6.0f - info_h));
  area.x0 = x_lo;
  area.x1 = x_hi;
  area.y0 = y_lo;
  area.y1 = y_hi;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_axes(dl, area, x_name + " (mV)", y_unit.empty() ? y_name : y_name + " (" + y_unit + ")");
  dl->PushClipRect(area.min, area.max, true);

  if (vector_field) {
    const int nx = std::clamp(static_cast<int>(area.width() / 28.0f), 6, 24);
    const int ny = std::clamp(static_cast<int>(area.height() / 28.0f), 5, 20);
    const float cell = std::min(area.width() / static_cast<float>(nx), area.height() / static_cast<float>(ny));
    const double hx = (x_hi - x_lo) / nx, hy = (y_hi - y_lo) / ny;
    for (const VectorSample& v :
         plane->vector_field(x_lo + 0.5 * hx, x_hi - 0.5 * hx, y_lo + 0.5 * hy, y_hi - 0.5 * hy, nx, ny)) {
      // Direction on screen: data velocity times pixels per unit.
      const float px = static_cast<float>(v.velocity.dx * area.width() / (x_hi - x_lo));
      const float py = static_cast<float>(-v.velocity.dy * area.height() / (y_hi - y_lo));
      const float len = std::sqrt(px * px + py * py);
      if (!(len > 0.0f) || !std::isfinite(len)) continue;
      draw_arrow(dl, ImVec2(area.sx(v.at.x), area.sy(v.at.y)), ImVec2(px / len, py / len), cell * 0.55f, kFieldColor);
    }
  }

  // Reset line: where the trajectory re-enters after a spike.
  for (float y = area.min.y; std::isfinite(reset_v) && y < area.max.y; y += 7.0f)
    dl->AddLine(ImVec2(area.sx(reset_v), y), ImVec2(area.sx(reset_v), std::min(y + 3.0f, area.max.y)), kResetColor);

  // Nullclines.
  scratch.clear();
  for (const auto& s : plane->nullclines(x_lo, x_hi, std::max(64, static_cast<int>(area.width() / 2.0f)))) {
    const double y = std::clamp(s.x_nullcline, y_lo - 10.0 * (y_hi - y_lo), y_hi + 10.0 * (y_hi - y_lo));
    scratch.emplace_back(area.sx(s.x), area.sy(y));
  }
  dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), kXNullColor, ImDrawFlags_None, 2.0f);
  if (hh) {  // n_inf(V) is a sigmoid, not a line
    scratch.clear();
    for (const auto& s : plane->nullclines(x_lo, x_hi, std::max(64, static_cast<int>(area.width() / 2.0f))))
      scratch.emplace_back(area.sx(s.x), area.sy(s.y_nullcline));
    dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), kYNullColor, ImDrawFlags_None, 2.0f);
  } else {
    dl->AddLine(ImVec2(area.sx(x_lo), area.sy(plane->y_nullcline(x_lo))), ImVec2(area.sx(x_hi), area.sy(plane->y_nullcline(x_hi))),
                kYNullColor, 2.0f);
  }

  // Trajectory, fading with age; the jump at a reset is not part of the flow and is not drawn.
  if (n > i0 + 1) {
    const std::size_t stride = std::max<std::size_t>(1, (n - i0) / kMaxTrailPoints);
    const ImU32 base = population_color(selection.population);
    const ImU32 line = kTrajectoryColor;
    // A reset: V falls by more than a spike's downstroke could in a sample, or falls while the
    // adaptation variable jumps by at least half its spike increment (d or b).
    const double jump_x = hh ? INFINITY : izh ? 20.0 : 10.0;  // HH has no reset
    const double jump_y = 0.5 * std::fabs(izh ? param_value(pop, "d") : param_value(pop, "b"));
    std::size_t prev = i0;
    for (std::size_t i = i0 + stride; i < n; i += stride) {
      const double xa = probe->sample(prev, 0), ya = probe->sample(prev, y_var);
      const double xb = probe->sample(i, 0), yb = probe->sample(i, y_var);
      const float age = static_cast<float>(n - i) / static_cast<float>(n - i0);
      const bool reset = xa - xb > jump_x || (xb < xa && jump_y > 0.0 && std::fabs(yb - ya) >= jump_y);
      if (!reset) {
        const ImU32 c = (line & 0x00FFFFFFu) | (static_cast<ImU32>(40.0f + 215.0f * (1.0f - age)) << 24);
        dl->AddLine(ImVec2(area.sx(xa), area.sy(ya)), ImVec2(area.sx(xb), area.sy(yb)), c, 1.6f);
      }
      prev = i;
    }
    const double x = probe->sample(n - 1, 0), y = probe->sample(n - 1, y_var);
    dl->AddCircleFilled(ImVec2(area.sx(x), area.sy(y)), 5.5f, base);
    dl->AddCircle(ImVec2(area.sx(x), area.sy(y)), 5.5f, IM_COL32(255, 255, 255, 230), 0, 1.5f);
  }

  // Fixed points: filled when stable, hollow when not.
  for (const FixedPoint& f : fixed) {
    const ImVec2 p(area.sx(f.at.x), area.sy(f.at.y));
    if (f.stable()) dl->AddCircleFilled(p, 5.0f, IM_COL32(255, 255, 255, 240));
    else dl->AddCircle(p, 5.0f, IM_COL32(255, 255, 255, 240), 0, 2.0f);
  }

  // Legend: in the corner of the plot that the curves cross least (top right unless that hides
  // the x-nullcline's steep branch, which it often does there).
  {
    const std::string xl = x_name + "-nullcline", yl = y_name + "-nullcline";
    const char* labels[] = {xl.c_str(), yl.c_str(), "trajectory"};
    const ImU32 colors[] = {kXNullColor, kYNullColor, kTrajectoryColor};
    float w = 0.0f;
    for (const char* l : labels) w = std::max(w, ImGui::CalcTextSize(l).x);
    const ImVec2 box(w + 36.0f, 3.0f * line_h + 6.0f);
    // Screen points of what the legend could hide: the x-nullcline (still in scratch), the
    // y-nullcline and the trajectory.
    std::vector<ImVec2>& pts = scratch;
    const int line_samples = std::max(64, static_cast<int>(area.width() / 2.0f));
    for (int k = 0; k <= line_samples; ++k) {
      const double x = x_lo + (x_hi - x_lo) * k / line_samples;
      pts.emplace_back(area.sx(x), area.sy(plane->y_nullcline(x)));
    }
    for (const PhasePoint& q : trail) pts.emplace_back(area.sx(q.x), area.sy(q.y));
    const ImVec2 corners[] = {{area.max.x - box.x - 2.0f, area.min.y + 2.0f},
                              {area.min.x + 2.0f, area.min.y + 2.0f},
                              {area.max.x - box.x - 2.0f, area.max.y - box.y - 2.0f},
                              {area.min.x + 2.0f, area.max.y - box.y - 2.0f}};
    ImVec2 at = corners[0];
    std::size_t fewest = SIZE_MAX;
    for (const ImVec2& c : corners) {
      std::size_t hits = 0;
      for (const ImVec2& q : pts)
        if (q.x >= c.x && q.x <= c.x + box.x && q.y >= c.y && q.y <= c.y + box.y) ++hits;
      if (hits < fewest) {
        fewest = hits;
        at = c;
      }
    }
    dl->AddRectFilled(at, ImVec2(at.x + box.x, at.y + box.y), IM_COL32(20, 22, 28, 200));
    float y = at.y + 3.0f;
    const float x = at.x + 6.0f;
    for (int k = 0; k < 3; ++k) {
      dl->AddLine(ImVec2(x, y + line_h * 0.55f), ImVec2(x + 18.0f, y + line_h * 0.55f), colors[k], 2.0f);
      dl->AddText(ImVec2(x + 22.0f, y), ImGui::GetColorU32(ImGuiCol_Text), labels[k]);
      y += line_h;
    }
  }
  dl->PopClipRect();
  ImGui::Dummy(ImVec2(avail.x, area.max.y - origin.y + 2.0f * line_h + 4.0f));

  // Hover: the flow at the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (pointer_used() && ImGui::IsWindowHovered() && mouse.x >= area.min.x && mouse.x < area.max.x && mouse.y >= area.min.y && mouse.y < area.max.y) {
    const PhasePoint p{area.x_at(mouse.x), area.y_at(mouse.y)};
    const PhaseVelocity v = plane->velocity(p);
    ImGui::SetTooltip("%s = %.2f mV, %s = %.3g %s\nd%s/dt = %.3g mV/ms, d%s/dt = %.3g %s/ms", x_name.c_str(), p.x,
                      y_name.c_str(), p.y, y_unit.c_str(), x_name.c_str(), v.dx, y_name.c_str(), v.dy,
                      y_unit.empty() ? "1" : y_unit.c_str());
  }

  // [SECTION] Fixed points in words
  if (fixed.empty()) {
    ImGui::TextWrapped("No fixed point: the nullclines do not cross, so the neuron cannot rest and fires repetitively.");
  } else {
    std::string text;
    for (const FixedPoint& f : fixed) {
      char one[128];
      const std::string_view kind = fixed_point_kind_name(f.kind);
      std::snprintf(one, sizeof one, "%s%.*s at %s = %.1f mV", text.empty() ? "" : "; ", static_cast<int>(kind.size()),
                    kind.data(), x_name.c_str(), f.at.x);
      text += one;
    }
    ImGui::TextWrapped("%s", text.c_str());
  }
  ImGui::End();
}

}  // namespace neurosim::gui
