// Neuron panel: one chosen neuron in detail.
//   Lanes (left) ....... membrane potential with its threshold and spikes; the adaptation variable
//                        (w for AdEx, u for Izhikevich, theta for the adaptive LIF) on its own axis;
//                        the synaptic or dendritic (proximal/distal) input currents; the mean, min
//                        and max of its incoming plastic weights over time.
//   Side column ........ a current-step protocol and the f-I curve measured on a copy of the neuron,
//                        with the present operating point.
//   Header ............. which neuron, and a cell-type picker for its population.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "gui/panels/diversity_panels.hpp"
#include "gui/render/palette.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/shell/style.hpp"
#include "gui/views/trace_spikes.hpp"
#include "gui/views/fact_lookup.hpp"

namespace neurosim::gui {

namespace {

constexpr int kMaxFiWidenings = 4;  // the f-I range may grow 16-fold on its own
constexpr ImU32 kVColor = IM_COL32(235, 238, 245, 255);
constexpr ImU32 kThresholdColor = IM_COL32(255, 120, 100, 190);
constexpr ImU32 kAdaptColor = IM_COL32(250, 190, 80, 255);
constexpr ImU32 kExcColor = IM_COL32(255, 140, 90, 255);
constexpr ImU32 kInhColor = IM_COL32(110, 170, 255, 255);
constexpr ImU32 kOnsetColor = IM_COL32(140, 200, 255, 200);
constexpr ImU32 kSteadyColor = IM_COL32(255, 200, 90, 255);
constexpr std::size_t kWeightSamplesKept = 8192;

int var_index(const PopulationFact& pop, std::string_view name) { return state_var(pop, name); }

std::string unit_of_current(const PopulationFact& pop) {
  const ParamFact* d = param_fact(pop, "I_bias");
  return d != nullptr ? d->unit : std::string();
}

// The constant current the neuron is meant to get: I_bias plus every stimulus that reaches it and
// stays on once started (whether on yet or not; a finite step is a probe, not the drive). Sets
// the step and f-I defaults.
double nominal_drive(const ScenarioFacts& facts, int population, int neuron) {
  const double bias = param_value(facts.populations[static_cast<std::size_t>(population)], "I_bias");
  double drive = std::isnan(bias) ? 0.0 : bias;
  for (const StimulusFact& stim : facts.stimuli)
    if (stim.population == population && std::isinf(stim.params.stop_ms) && stimulus_reaches(stim, neuron))
      drive += stim.params.amplitude;
  return drive;
}

bool has_incoming(const ScenarioFacts& facts, int population) {
  for (const ProjectionFact& j : facts.projections)
    if (j.post == population) return true;
  return false;
}

// The neuron's rate over the last second (its spikes as the trace panel collected them): steady
// for bursting and irregular neurons, where the last interval alone would swing.
double live_rate_hz(const TraceSpikes& spikes, int population, int neuron, double dt, double now_ms) {
  const auto* times = spikes.find(population, neuron);
  if (times == nullptr || times->empty()) return 0.0;
  const double window = std::min(1000.0, now_ms);
  if (!(window > 0.0)) return 0.0;
  int count = 0;
  for (auto it = times->rbegin(); it != times->rend() && static_cast<double>(*it) * dt > now_ms - window; ++it) ++count;
  return 1000.0 * count / window;
}

// [SECTION] One lane of traced variables

struct Series {
  int var;
  ImU32 color;
  std::string label;
  double offset = 0.0;  // added to the samples (the adaptive LIF's V_th + theta)
  bool dashed = false;
};

struct LaneSpec {
  std::string title;
  std::string unit;
  std::vector<Series> series;
  double threshold = std::numeric_limits<double>::quiet_NaN();  // dashed horizontal line
  std::string threshold_label;
  bool spikes = false;
  bool zero_line = false;
};

// A lane's plot rectangle: a title line above, room for the value labels on the left, and the
// time axis under the last lane only.
PlotArea lane_area(const ImVec2& origin, float width, float height, bool last, double t_start, double t_now) {
  const float line_h = ImGui::GetTextLineHeight();
  const float margin_left = ImGui::CalcTextSize("-0000.0").x + 6.0f;
  PlotArea area;
  area.min = ImVec2(origin.x + margin_left, origin.y + line_h + 2.0f);
  area.max = ImVec2(origin.x + width - 6.0f, origin.y + height - (last ? line_h + 6.0f : 4.0f));
  area.x0 = t_start;
  area.x1 = t_now;
  return area;
}

void draw_lane(ImDrawList* dl, const ImVec2& origin, float width, float height, bool last, const LaneSpec& lane,
               const TraceHistory::Probe& probe, double dt, const TraceSpikes& spikes, double t_start,
               double t_now, std::vector<ImVec2>& scratch) {
  const float line_h = ImGui::GetTextLineHeight();
  PlotArea area = lane_area(origin, width, height, last, t_start, t_now);
  if (area.height() < 10.0f) return;

  const std::size_t n = probe.size();
  const std::size_t i0 = probe.first_at(static_cast<std::int64_t>(std::floor(t_start / dt)));
  double lo = INFINITY, hi = -INFINITY;
  for (const Series& s : lane.series) {
    if (s.var < 0 || s.var >= probe.variables) continue;
    for (std::size_t i = i0; i < n; ++i) {
      const double v = probe.sample(i, s.var) + s.offset;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!std::isnan(lane.threshold)) {
    lo = std::min(lo, lane.threshold);
    hi = std::max(hi, lane.threshold);
  }
  if (lane.zero_line) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (!(hi >= lo)) { lo = -1; hi = 1; }
  if (hi - lo < 1e-3) { lo -= 1.0; hi += 1.0; }
  const double pad = (hi - lo) * 0.06;
  area.y0 = lo - pad;
  area.y1 = hi + (lane.spikes ? (hi - lo) * 0.2 : pad);

  // Title: the quantity, its unit and a legend of the series.
  float x = area.min.x;
  const std::string head = lane.title + (lane.unit.empty() ? "" : " (" + lane.unit + ")");
  dl->AddText(ImVec2(x, origin.y), ImGui::GetColorU32(ImGuiCol_Text), head.c_str());
  x += ImGui::CalcTextSize(head.c_str()).x + ImGui::GetFontSize();
  for (const Series& s : lane.series) {
    if (s.label.empty() || lane.series.size() < 2) continue;
    dl->AddLine(ImVec2(x, origin.y + line_h * 0.55f), ImVec2(x + 14.0f, origin.y + line_h * 0.55f), s.color, 2.0f);
    dl->AddText(ImVec2(x + 18.0f, origin.y), s.color, s.label.c_str());
    x += 18.0f + ImGui::CalcTextSize(s.label.c_str()).x + ImGui::GetFontSize();
  }
  if (!lane.threshold_label.empty()) {
    dl->AddLine(ImVec2(x, origin.y + line_h * 0.55f), ImVec2(x + 14.0f, origin.y + line_h * 0.55f), kThresholdColor, 1.0f);
    dl->AddText(ImVec2(x + 18.0f, origin.y), kThresholdColor, lane.threshold_label.c_str());
  }

  draw_plot_frame(dl, area, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 6.0f))),
                  std::max(2, static_cast<int>(area.height() / (line_h * 1.8f))), last, "ms");
  dl->PushClipRect(area.min, area.max, true);
  if (lane.zero_line) draw_hline_dashed(dl, area, 0.0, IM_COL32(255, 255, 255, 60), 3.0f);
  if (!std::isnan(lane.threshold)) draw_hline_dashed(dl, area, lane.threshold, kThresholdColor);
  if (lane.spikes) {
    if (const auto* times = spikes.find(probe.population, probe.neuron)) {
      const float y_from = std::isnan(lane.threshold) ? area.min.y + area.height() * 0.3f : area.sy(lane.threshold);
      for (auto it = times->rbegin(); it != times->rend(); ++it) {
        const double t = static_cast<double>(*it) * dt;
        if (t < t_start) break;
        const float sx = area.sx(t);
        dl->AddLine(ImVec2(sx, y_from), ImVec2(sx, area.min.y + 2.0f), population_color(probe.population, 0.85f), 2.0f);
      }
    }
  }
  for (const Series& s : lane.series) {
    if (s.var < 0 || s.var >= probe.variables) continue;
    plot_decimated(
        dl, area, n - i0, [&](std::size_t i) { return static_cast<double>(probe.step(i0 + i)) * dt; },
        [&](std::size_t i) { return static_cast<double>(probe.sample(i0 + i, s.var)) + s.offset; },
        s.dashed ? (s.color & 0x00FFFFFFu) | 0xB0000000u : s.color, s.dashed ? 1.0f : 1.3f, scratch);
  }
  dl->PopClipRect();

  // Hover: the values under the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (pointer_used() && ImGui::IsWindowHovered() && mouse.x >= area.min.x && mouse.x < area.max.x && mouse.y >= area.min.y &&
      mouse.y < area.max.y && n > i0) {
    const double t = area.x_at(mouse.x);
    const std::size_t i = std::min(n - 1, probe.first_at(static_cast<std::int64_t>(std::llround(t / dt))));
    dl->AddLine(ImVec2(mouse.x, area.min.y), ImVec2(mouse.x, area.max.y), IM_COL32(255, 255, 255, 60));
    ImGui::BeginTooltip();
    ImGui::Text("t = %.1f ms", static_cast<double>(probe.step(i)) * dt);
    for (const Series& s : lane.series)
      if (s.var >= 0 && s.var < probe.variables)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s = %.3f %s",
                           s.label.empty() ? lane.title.c_str() : s.label.c_str(),
                           static_cast<double>(probe.sample(i, s.var)) + s.offset, lane.unit.c_str());
    ImGui::EndTooltip();
  }
}

// The weights lane: mean with a min..max band, from the panel's own samples.
void draw_weight_lane(ImDrawList* dl, const ImVec2& origin, float width, float height, bool last,
                      const std::deque<NeuronPanel::WeightSample>& w, const std::string& unit, double t_start,
                      double t_now, std::vector<ImVec2>& scratch) {
  const float line_h = ImGui::GetTextLineHeight();
  PlotArea area = lane_area(origin, width, height, last, t_start, t_now);
  if (area.height() < 10.0f) return;
  std::size_t i0 = 0;
  while (i0 < w.size() && w[i0].t_ms < t_start) ++i0;
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = i0; i < w.size(); ++i) {
    lo = std::min(lo, static_cast<double>(w[i].min));
    hi = std::max(hi, static_cast<double>(w[i].max));
  }
  if (!(hi >= lo)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-6) { lo -= 0.5 * std::max(1e-3, std::fabs(lo)); hi += 0.5 * std::max(1e-3, std::fabs(hi)); }
  const double pad = (hi - lo) * 0.08;
  area.y0 = lo - pad;
  area.y1 = hi + pad;
  // Title with the unit and the change of the mean over the window: the number that says whether
  // the synapses are learning at all when the band is too flat to read.
  std::string title = "incoming plastic weights";
  if (!unit.empty()) title += " (" + unit + ")";
  if (i0 < w.size()) {
    char change[64];
    std::snprintf(change, sizeof change, ", mean change %+.3g", static_cast<double>(w.back().mean - w[i0].mean));
    title += change;
  }
  // A narrow panel drops the words before the number.
  const float title_room = width - (area.min.x - origin.x);
  if (ImGui::CalcTextSize(title.c_str()).x > title_room) {
    const std::size_t cut = title.find("incoming ");
    if (cut != std::string::npos) title.erase(cut, 9);
  }
  const float legend_x = area.min.x;
  // The legend goes on the title line when it fits, else inside the plot's top left corner.
  dl->PushClipRect(ImVec2(origin.x, origin.y), ImVec2(origin.x + width, origin.y + line_h + 2.0f), true);
  dl->AddText(ImVec2(legend_x, origin.y), ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
  dl->PopClipRect();
  const float legend_w = ImGui::CalcTextSize("mean  min..max").x + 6.0f;
  float x2 = legend_x + ImGui::CalcTextSize(title.c_str()).x + ImGui::GetFontSize();
  float y2 = origin.y;
  if (x2 + legend_w > origin.x + width) {
    x2 = area.min.x + 4.0f;
    y2 = area.min.y + 2.0f;
  }
  dl->AddText(ImVec2(x2, y2), IM_COL32(120, 220, 160, 255), "mean");
  dl->AddText(ImVec2(x2 + ImGui::CalcTextSize("mean ").x + 6.0f, y2), IM_COL32(120, 220, 160, 140), "min..max");
  draw_plot_frame(dl, area, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 6.0f))),
                  std::max(2, static_cast<int>(area.height() / (line_h * 1.8f))), last, "ms");
  dl->PushClipRect(area.min, area.max, true);
  for (std::size_t i = i0 + 1; i < w.size(); ++i) {
    const float xa = area.sx(w[i - 1].t_ms), xb = area.sx(w[i].t_ms);
    dl->AddRectFilled(ImVec2(xa, area.sy(w[i].max)), ImVec2(std::max(xb, xa + 1.0f), area.sy(w[i].min)),
                      IM_COL32(120, 220, 160, 50));
  }
  plot_decimated(
      dl, area, w.size() - i0, [&](std::size_t i) { return w[i0 + i].t_ms; },
      [&](std::size_t i) { return static_cast<double>(w[i0 + i].mean); }, IM_COL32(120, 220, 160, 255), 1.5f, scratch);
  dl->PopClipRect();
}

}  // namespace

void NeuronPanel::reset() {
  fi.clear();
  fi_population = -1;
  fi_max = 0.0;
  step_message.clear();
  weights.clear();
  weights_of = {-1, -1};
  weights_step = -1;
  picker.message.clear();
}

void NeuronPanel::draw(bool* open, const DiversityInputs& in, NeuronSelection& selection, const Submit& submit,
                       AppRequests& requests) {
  const ScenarioFacts& facts = in.facts;
  const TraceSpikes& spikes = in.trace_spikes;
  if (!begin_neuron_window("Neuron", open, facts, selection)) return;

  // [SECTION] Header: which neuron; cell type of its population
  {
    const PopulationFact& chosen = facts.populations[static_cast<std::size_t>(selection.population)];
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    if (ImGui::BeginCombo("##pop", chosen.name.c_str())) {
      for (int i = 0; i < static_cast<int>(facts.populations.size()); ++i) {
        const PopulationFact& p = facts.populations[static_cast<std::size_t>(i)];
        if (p.source) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(population_color(i)));
        if (ImGui::Selectable(p.name.c_str(), i == selection.population)) selection.choose(i, 0);
        ImGui::PopStyleColor();
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Population of the neuron (or click a raster row / a population strip)");
    ImGui::SameLine();
    int n = selection.neuron;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
    if (ImGui::InputInt("##neuron", &n)) selection.choose(selection.population, std::clamp(n, 0, chosen.size - 1));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", chosen.model.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("| cell type");
    ImGui::SameLine();
    picker.draw(facts, selection.population, submit, requests);
    if (!selection.trace_error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("cannot record this neuron: %s", selection.trace_error.c_str());
      ImGui::PopStyleColor();
    }
  }
  const int pop_index = selection.population;
  const PopulationFact& pop = facts.populations[static_cast<std::size_t>(pop_index)];
  const double dt = facts.dt_ms;
  const double t_now = in.t_ms;
  const double drive = constant_drive(facts, t_now, pop_index, selection.neuron);
  const std::string current_unit = unit_of_current(pop);

  // Incoming plastic weights (observed with the neuron's state), sampled once per simulated step
  // that an observation reached.
  const NeuronState* state = in.neuron;
  if (state != nullptr && (state->population != pop_index || state->neuron != selection.neuron)) state = nullptr;
  if (weights_of != std::make_pair(pop_index, selection.neuron) || (state != nullptr && state->step < weights_step)) {
    weights.clear();
    weights_of = {pop_index, selection.neuron};
    weights_step = -1;
  }
  const bool plastic = state != nullptr && state->plastic_inputs > 0;
  if (plastic && state->step != weights_step) {
    weights.push_back({static_cast<double>(state->step) * dt, state->weight_mean, state->weight_min, state->weight_max});
    if (weights.size() > kWeightSamplesKept) weights.pop_front();
    weights_step = state->step;
  }

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side_w = std::clamp(avail.x * 0.36f, ImGui::GetFontSize() * 15.0f, ImGui::GetFontSize() * 24.0f);

  // [SECTION] Lanes
  ImGui::BeginChild("lanes", ImVec2(avail.x - side_w - ImGui::GetStyle().ItemSpacing.x, 0), false);
  {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    ImGui::SliderFloat("window", &window_ms, 50.0f, 5000.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(population_color(pop_index)), "%s #%d", pop.name.c_str(),
                       selection.neuron);
    ImGui::SameLine();
    ImGui::TextDisabled("drive %.4g %s", drive, current_unit.c_str());
    const TraceHistory::Probe* probe = selection.probe(in.traces);
    if (probe == nullptr) {
      ImGui::TextDisabled("Starting to record this neuron...");
    } else {
      const std::string& model = pop.model;
      std::vector<LaneSpec> lanes;
      std::vector<float> weights_share;
      // Membrane potential
      LaneSpec v;
      v.title = "membrane potential";
      v.unit = "mV";
      v.series.push_back({0, kVColor, "V"});
      v.spikes = true;
      if (model == "adex" || model == "dendritic") {
        v.threshold = param_value(pop, "V_T");
        v.threshold_label = "V_T";
      } else if (model == "izhikevich") {
        v.threshold = param_value(pop, "v_peak");
        v.threshold_label = "v_peak";
      } else if (model == "lif_adaptive") {
        v.threshold = param_value(pop, "V_th");
        v.threshold_label = "V_th";
        v.series.push_back({var_index(pop, "theta"), kThresholdColor, "V_th + theta", param_value(pop, "V_th"), true});
        v.series.front().label = "V";
      } else if (!std::isnan(param_value(pop, "V_th"))) {
        v.threshold = param_value(pop, "V_th");
        v.threshold_label = "V_th";
      }
      lanes.push_back(v);
      weights_share.push_back(3.0f);
      // Adaptation
      LaneSpec a;
      a.zero_line = true;
      if (const int w = var_index(pop, "w"); w >= 0) {
        a.title = "adaptation current w";
        a.unit = "pA";
        a.series.push_back({w, kAdaptColor, "w"});
      } else if (const int u = var_index(pop, "U"); u >= 0) {
        a.title = "recovery variable u";
        a.series.push_back({u, kAdaptColor, "u"});
      } else if (const int th = var_index(pop, "theta"); th >= 0) {
        a.title = "threshold adaptation theta";
        a.unit = "mV";
        a.series.push_back({th, kAdaptColor, "theta"});
      }
      if (!a.series.empty()) {
        lanes.push_back(a);
        weights_share.push_back(2.0f);
      }
      // Inputs
      LaneSpec inputs;
      inputs.zero_line = true;
      if (const int prox = var_index(pop, "I_prox"); prox >= 0) {
        inputs.title = "dendritic input";
        inputs.unit = "pA";
        inputs.series.push_back({prox, kExcColor, "proximal"});
        inputs.series.push_back({var_index(pop, "I_dist"), kInhColor, "distal"});
      } else if (has_incoming(facts, pop_index)) {
        inputs.title = "synaptic input";
        inputs.unit = current_unit;
        if (const int e = var_index(pop, "I_syn_e"); e >= 0) inputs.series.push_back({e, kExcColor, "exc"});
        if (const int i = var_index(pop, "I_syn_i"); i >= 0) inputs.series.push_back({i, kInhColor, "inh"});
      }
      if (!inputs.series.empty()) {
        lanes.push_back(inputs);
        weights_share.push_back(1.6f);
      }
      const bool weight_lane = plastic && !weights.empty();
      if (weight_lane) weights_share.push_back(1.6f);

      float total = 0.0f;
      for (const float s : weights_share) total += s;
      const float line_h = ImGui::GetTextLineHeight();
      const ImVec2 area_avail = ImGui::GetContentRegionAvail();
      const float usable = std::max(area_avail.y - line_h, 60.0f * static_cast<float>(weights_share.size()));
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const double t_start = t_now - static_cast<double>(window_ms);
      const std::size_t count = weights_share.size();
      for (std::size_t k = 0; k < count; ++k) {
        const bool last = k + 1 == count;
        const float h = usable * weights_share[k] / total + (last ? line_h : 0.0f);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        if (k < lanes.size())
          draw_lane(dl, origin, area_avail.x, h, last, lanes[k], *probe, dt, spikes, t_start, t_now, scratch);
        else
          draw_weight_lane(dl, origin, area_avail.x, h, last, weights, current_unit, t_start, t_now, scratch);
        ImGui::Dummy(ImVec2(area_avail.x, h - ImGui::GetStyle().ItemSpacing.y));
      }
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();

  // [SECTION] Side column: current step and f-I curve
  ImGui::BeginChild("side", ImVec2(0, 0), false);
  {
    const ParamFact* bias = param_fact(pop, "I_bias");
    if (fi_population != pop_index) {
      fi_population = pop_index;
      const double nominal = nominal_drive(facts, pop_index, selection.neuron);
      const double base = bias != nullptr ? 0.5 * bias->slider_max : 100.0;
      fi_max = nominal > 0.0 ? std::max(2.5 * nominal, 1e-3) : base;
      fi_widenings = 0;
      step_amplitude = nominal != 0.0 ? nominal : 0.25 * (bias != nullptr ? bias->slider_max : 100.0);
      step_message.clear();
    }
    ImGui::TextUnformatted("Current step");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Inject a step into this neuron alone, starting `delay` after now.\n"
                        "It uses a stimulus that reaches only this neuron; when there is none, one is\n"
                        "added and the scenario restarts at t = 0 with the step at `delay`.");
    double lo = bias != nullptr ? std::min(bias->slider_min, 0.0) : -100.0;
    double hi = bias != nullptr ? bias->slider_max : 100.0;
    lo = std::min(lo, step_amplitude);
    hi = std::max(hi, step_amplitude);
    const std::string fmt = "%.4g " + current_unit;
    const float label_w = ImGui::CalcTextSize("amplitude").x + ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - label_w);
    ImGui::SliderScalar("amplitude", ImGuiDataType_Double, &step_amplitude, &lo, &hi, fmt.c_str());
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - label_w);
    ImGui::InputDouble("delay", &step_delay_ms, 10.0, 100.0, "%.0f ms");
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - label_w);
    ImGui::InputDouble("duration", &step_duration_ms, 50.0, 500.0, "%.0f ms");
    step_delay_ms = std::max(0.0, step_delay_ms);
    step_duration_ms = std::max(dt, step_duration_ms);
    if (ImGui::Button("Apply step", ImVec2(-FLT_MIN, 0))) {
      // A stimulus that reaches this neuron and no other.
      int own = -1;
      for (int s = 0; s < static_cast<int>(facts.stimuli.size()); ++s) {
        const StimulusFact& stim = facts.stimuli[static_cast<std::size_t>(s)];
        if (stim.population != pop_index) continue;
        const auto& t = stim.targets;
        const bool only_this = t.empty() ? pop.size == 1 : (t.size() == 1 && t.front() == selection.neuron);
        if (only_this) {
          own = s;
          break;
        }
      }
      if (own >= 0) {
        const double start = t_now + step_delay_ms;
        const std::string error = submit(SetStimulus{own, {step_amplitude, 0.0, start, start + step_duration_ms}});
        step_message_error = !error.empty();
        char text[160];
        std::snprintf(text, sizeof text, "step %.4g %s at %.0f..%.0f ms (stimulus \"%s\")", step_amplitude,
                      current_unit.c_str(), start, start + step_duration_ms, facts.stimuli[static_cast<std::size_t>(own)].name.c_str());
        step_message = error.empty() ? text : error;
      } else {
        ScenarioSpec spec = facts.spec;
        StimulusSpec s;
        s.name = "step " + pop.name + "[" + std::to_string(selection.neuron) + "]";
        s.population = pop.name;
        s.neurons = {selection.neuron};
        s.amplitude = step_amplitude;
        s.start_ms = step_delay_ms;
        s.stop_ms = step_delay_ms + step_duration_ms;
        spec.stimuli.push_back(s);
        requests.rebuild = std::move(spec);
        requests.rebuild_note = "added stimulus \"" + s.name + "\"; the scenario restarted at t = 0";
        step_message = requests.rebuild_note;
        step_message_error = false;
      }
    }
    if (!step_message.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, step_message_error ? kErrorColor : kOkColor);
      ImGui::TextWrapped("%s", step_message.c_str());
      ImGui::PopStyleColor();
    }

    // f-I curve
    ImGui::Separator();
    const bool busy = fi.update(pop, dt, 0.0, std::max(fi_max, 1e-6));
    ImGui::TextUnformatted("f-I curve");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Firing rate against constant current, measured on copies of this neuron\n"
                        "(same model and parameters, no synapses, no noise; I = I_bias + stimulus).\n"
                        "onset: 1 / first interval; adapted: 1 / mean of the later intervals.\n"
                        "Recomputed when a parameter changes.");
    ImGui::SameLine();
    double zero = 0.0, top = std::max(fi_max * 4.0, bias != nullptr ? bias->slider_max : 100.0);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    const std::string max_fmt = "I max %.4g " + current_unit;
    if (ImGui::SliderScalar("##fimax", ImGuiDataType_Double, &fi_max, &zero, &top, max_fmt.c_str())) {
      fi_max = std::max(fi_max, 1e-3);
      fi_widenings = kMaxFiWidenings;  // the user's range stays
    }
    const FiCurve& curve = fi.curve();
    // A neuron driven through synapses has no nominal current, and the default range may end
    // below its rheobase: a flat curve says nothing. Until the curve has begun over a few points
    // of the range, the range doubles (at most kMaxFiWidenings times: a neuron that never fires
    // keeps a flat curve).
    if (!busy && fi_widenings < kMaxFiWidenings && curve.error.empty() && curve.points.size() >= 2 &&
        std::fabs(curve.points.back().current - fi_max) <= 1e-9 * std::max(1.0, fi_max)) {
      const auto firing = std::count_if(curve.points.begin(), curve.points.end(), [](const FiPoint& p) { return p.spikes > 0; });
      if (firing < 3) {
        fi_max *= 2.0;
        ++fi_widenings;
      } else {
        fi_widenings = kMaxFiWidenings;  // settled
      }
    }
    if (!curve.error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("%s", curve.error.c_str());
      ImGui::PopStyleColor();
    }
    // Legend
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOnsetColor), "onset");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kSteadyColor), "adapted");
    ImGui::SameLine();
    const double rate_now = live_rate_hz(spikes, pop_index, selection.neuron, dt, t_now);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(population_color(pop_index)), "now %.0f Hz", rate_now);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The neuron's rate over the last second, at its present constant drive");
    if (busy) {
      ImGui::SameLine();
      ImGui::TextDisabled("(measuring)");
    }

    const ImVec2 avail_side = ImGui::GetContentRegionAvail();
    const float line_h = ImGui::GetTextLineHeight();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    PlotArea area;
    area.min = ImVec2(origin.x + ImGui::CalcTextSize("0000").x + 8.0f, origin.y + 4.0f);
    area.max = ImVec2(origin.x + avail_side.x - 10.0f, origin.y + std::max(50.0f, avail_side.y - line_h - 6.0f));
    double peak = 10.0;
    for (const FiPoint& p : curve.points) peak = std::max({peak, p.initial_rate_hz, p.steady_rate_hz});
    peak = std::max(peak, rate_now);
    area.x0 = 0.0;
    area.x1 = std::max(fi_max, 1e-6);
    area.y0 = 0.0;
    area.y1 = peak * 1.12;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_plot_frame(dl, area, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 4.5f))),
                    std::max(2, static_cast<int>(area.height() / (line_h * 1.8f))), true, current_unit.c_str());
    dl->AddText(ImVec2(area.min.x + 4.0f, area.min.y + 2.0f), ImGui::GetColorU32(ImGuiCol_TextDisabled), "Hz");
    dl->PushClipRect(area.min, area.max, true);
    if (!curve.points.empty()) {
      scratch.clear();
      for (const FiPoint& p : curve.points) scratch.emplace_back(area.sx(p.current), area.sy(p.initial_rate_hz));
      dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), kOnsetColor, ImDrawFlags_None, 1.5f);
      scratch.clear();
      for (const FiPoint& p : curve.points) scratch.emplace_back(area.sx(p.current), area.sy(p.steady_rate_hz));
      dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), kSteadyColor, ImDrawFlags_None, 2.0f);
      for (const ImVec2& q : scratch) dl->AddCircleFilled(q, 2.5f, kSteadyColor);
    }
    // Operating point: the neuron's constant drive now, and its present rate.
    const float ox = area.sx(drive);
    for (float y = area.min.y; y < area.max.y; y += 8.0f)
      dl->AddLine(ImVec2(ox, y), ImVec2(ox, std::min(y + 4.0f, area.max.y)), population_color(pop_index, 0.7f));
    dl->AddCircleFilled(ImVec2(ox, area.sy(rate_now)), 5.0f, population_color(pop_index));
    dl->AddCircle(ImVec2(ox, area.sy(rate_now)), 5.0f, IM_COL32(255, 255, 255, 200), 0, 1.5f);
    dl->PopClipRect();
    ImGui::Dummy(ImVec2(avail_side.x, std::max(50.0f, avail_side.y)));
    if (pointer_used() && ImGui::IsItemHovered() && !curve.points.empty()) {
      const double i = area.x_at(ImGui::GetIO().MousePos.x);
      const auto nearest = std::min_element(curve.points.begin(), curve.points.end(), [&](const FiPoint& a, const FiPoint& b) {
        return std::fabs(a.current - i) < std::fabs(b.current - i);
      });
      ImGui::BeginTooltip();
      ImGui::Text("I = %.4g %s", nearest->current, current_unit.c_str());
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOnsetColor), "onset %.1f Hz", nearest->initial_rate_hz);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kSteadyColor), "adapted %.1f Hz", nearest->steady_rate_hz);
      if (!std::isnan(nearest->first_spike_ms)) ImGui::Text("first spike after %.1f ms", nearest->first_spike_ms);
      ImGui::TextDisabled("measured over %.0f ms", curve.simulated_ms);
      ImGui::EndTooltip();
    }
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace neurosim::gui
