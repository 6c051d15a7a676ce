// Parameters panel: one collapsible section per population with a slider per model parameter
// (built from Population::param_descs()), the projections' weight_scale and on/off, and the
// stimuli. The sliders edit a UI-owned copy and
// send SetParam / SetStimulus; the engine checks the value, and a rejection is shown in red while
// the slider returns to the value the engine kept.
#include <imgui.h>
#include <imgui_internal.h>  // TempInputIsActive: is a slider being typed into (Ctrl+click)?

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "gui/render/palette.hpp"
#include "gui/panels/panels.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/network.hpp"

namespace neurosim::gui {

namespace {

void error_text(const std::string& message) {
  if (message.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
}

// A parameter with integer bounds and no unit is a choice (Izhikevich's "scheme"): the slider
// moves in whole steps so that it never offers a value the model must reject.
bool is_discrete(const ParamDesc& d, double value) {
  return d.unit.empty() && d.slider_max - d.slider_min <= 10.0 && std::floor(d.slider_min) == d.slider_min &&
         std::floor(d.slider_max) == d.slider_max && std::floor(value) == value;
}

// One slider; true when the value is to be sent. The range stretches to include a value set
// outside it (from a file or by Ctrl+click), so the knob never sits pinned at an end it does not
// hold. A dragged value is sent at once (it acts on the next step); a typed one (Ctrl+click) only
// on Enter or when the field loses focus: sent per keystroke, typing -80 would first apply -8.
bool param_slider(const ParamDesc& d, double& value) {
  double lo = std::min(d.slider_min, value);
  double hi = std::max(d.slider_max, value);
  const bool discrete = is_discrete(d, value);
  char format[64];
  if (discrete) {
    std::snprintf(format, sizeof format, "%%.0f");
  } else {
    std::snprintf(format, sizeof format, "%%.4g %.*s", static_cast<int>(d.unit.size()), d.unit.data());
  }
  const std::string label(d.name);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f);
  bool changed = ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &value, &lo, &hi, format);
  if (ImGui::TempInputIsActive(ImGui::GetItemID())) changed = false;  // still typing
  else if (ImGui::IsItemDeactivatedAfterEdit()) changed = true;         // Enter, Tab or a click elsewhere
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(d.help.data(), d.help.data() + d.help.size());
    ImGui::TextDisabled("Slider %g..%g %.*s. Ctrl+click to type a value.", d.slider_min, d.slider_max,
                        static_cast<int>(d.unit.size()), d.unit.data());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (changed && discrete) value = std::round(value);
  return changed;
}

// The current units of a population's model, from its bias current's description.
const ParamDesc* bias_desc(const Population& p) {
  for (const ParamDesc& d : p.param_descs())
    if (d.name == "I_bias") return &d;
  return nullptr;
}

}  // namespace

void ParametersPanel::sync(const Network& network) {
  desired.assign(static_cast<std::size_t>(network.population_count()), {});
  for (int i = 0; i < network.population_count(); ++i) {
    const auto values = network.population(i).param_values();
    desired[static_cast<std::size_t>(i)].assign(values.begin(), values.end());
  }
  stimuli.clear();
  for (int i = 0; i < network.stimulus_count(); ++i) stimuli.push_back(network.stimulus(i).params());
  applied = desired;
  applied_stimuli = stimuli;
  population_error.assign(desired.size(), {});
  stimulus_error.assign(stimuli.size(), {});
  projection_scale.clear();
  projection_on.clear();
  for (int j = 0; j < network.projection_count(); ++j) {
    projection_scale.push_back(network.projection(j).weight_scale());
    projection_on.push_back(network.projection(j).enabled());
  }
  applied_scale = projection_scale;
  applied_on = projection_on;
  projection_error.clear();
}

void ParametersPanel::draw(bool* open, const Network& network, const Submit& submit) {
  if (desired.size() != static_cast<std::size_t>(network.population_count()) ||
      stimuli.size() != static_cast<std::size_t>(network.stimulus_count()) ||
      projection_scale.size() != static_cast<std::size_t>(network.projection_count()))
    sync(network);
  for (int j = 0; j < network.projection_count(); ++j) {  // applied since (a command, a reload)
    const auto k = static_cast<std::size_t>(j);
    if (network.projection(j).weight_scale() != applied_scale[k]) projection_scale[k] = applied_scale[k] = network.projection(j).weight_scale();
    if (network.projection(j).enabled() != applied_on[k]) projection_on[k] = applied_on[k] = network.projection(j).enabled();
  }
  // Values changed elsewhere since the last frame (the Neuron window's cell types and steps).
  for (int i = 0; i < network.population_count(); ++i) {
    const auto values = network.population(i).param_values();
    auto& seen = applied[static_cast<std::size_t>(i)];
    auto& want = desired[static_cast<std::size_t>(i)];
    for (std::size_t j = 0; j < values.size() && j < seen.size() && j < want.size(); ++j)
      if (values[j] != seen[j]) want[j] = seen[j] = values[j];
  }
  for (int s = 0; s < network.stimulus_count(); ++s) {
    const StimulusParams& now = network.stimulus(s).params();
    StimulusParams& seen = applied_stimuli[static_cast<std::size_t>(s)];
    if (now.amplitude != seen.amplitude || now.noise_sd != seen.noise_sd || now.start_ms != seen.start_ms ||
        now.stop_ms != seen.stop_ms)
      stimuli[static_cast<std::size_t>(s)] = seen = now;
  }
  if (!ImGui::Begin("Parameters", open)) {
    ImGui::End();
    return;
  }

  // [SECTION] Populations
  for (int i = 0; i < network.population_count(); ++i) {
    const Population& pop = network.population(i);
    const auto index = static_cast<std::size_t>(i);
    char header[160];
    std::snprintf(header, sizeof header, "%s  (%.*s, %d)###population%d", pop.name().c_str(),
                  static_cast<int>(pop.model().size()), pop.model().data(), pop.size(), i);
    // A colour chip ties the section to the population's colour in the raster and plots.
    ImGui::PushStyleColor(ImGuiCol_Header, ImGui::ColorConvertU32ToFloat4(population_color(i, 0.30f)));
    ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImGui::ColorConvertU32ToFloat4(population_color(i, 0.45f)));
    const bool expanded = ImGui::CollapsingHeader(header, i < 3 ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    ImGui::PopStyleColor(2);
    if (!expanded) continue;
    ImGui::PushID(i);
    const auto descs = pop.param_descs();
    auto& values = desired[index];
    values.resize(descs.size(), 0.0);
    for (std::size_t j = 0; j < descs.size(); ++j) {
      if (!param_slider(descs[j], values[j])) continue;
      std::string error = submit(SetParam{i, std::string(descs[j].name), values[j]});
      if (error.empty()) {
        population_error[index].clear();
      } else {
        population_error[index] = error;  // the engine's message names the parameter
        values[j] = pop.param(static_cast<int>(j));  // the engine kept the old value
      }
    }
    error_text(population_error[index]);
    ImGui::PopID();
  }

  // [SECTION] Projections: a gain on every weight at delivery (learned weights too), and on/off;
  // sent as SetProjection, applied from the next step.
  if (network.projection_count() > 0 && ImGui::CollapsingHeader("Projections", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (int j = 0; j < network.projection_count(); ++j) {
      const Projection& proj = network.projection(j);
      const auto k = static_cast<std::size_t>(j);
      ImGui::PushID(2000 + j);
      bool on = projection_on[k];
      if (ImGui::Checkbox("##on", &on)) {
        projection_on[k] = on;
        projection_error = submit(SetProjection{j, std::nullopt, std::nullopt, std::nullopt, on});
        if (!projection_error.empty()) projection_on[k] = proj.enabled();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("On: the projection delivers its spikes; off: it delivers nothing");
      ImGui::SameLine();
      double lo = 0.0, hi = std::max(4.0, projection_scale[k]);
      const std::string label = proj.name() + " x";
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f);
      if (ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &projection_scale[k], &lo, &hi, "%.3g")) {
        projection_error = submit(SetProjection{j, projection_scale[k]});
        if (!projection_error.empty()) projection_scale[k] = proj.weight_scale();
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("weight_scale of %s: every weight (learned ones too) is multiplied by it when a spike is delivered.\n"
                          "Ctrl+click to type a value (0 to 10000).", proj.name().c_str());
      ImGui::PopID();
    }
    error_text(projection_error);
  }

  // [SECTION] Stimuli
  if (network.stimulus_count() > 0 &&
      ImGui::CollapsingHeader("Stimuli", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (int s = 0; s < network.stimulus_count(); ++s) {
      const Stimulus& stim = network.stimulus(s);
      const Population& target = network.population(stim.population());
      const ParamDesc* bias = bias_desc(target);
      const std::string unit = bias != nullptr ? std::string(bias->unit) : std::string();
      StimulusParams& p = stimuli[static_cast<std::size_t>(s)];
      ImGui::PushID(1000 + s);
      ImGui::Text("%s -> %s (%s)", stim.name().c_str(), target.name().c_str(),
                  stim.neurons().empty() ? "all neurons" : (std::to_string(stim.neurons().size()) + " neurons").c_str());
      bool changed = false;
      const float width = ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f;
      // The amplitude slider spans the model's bias-current range: same units, same scale.
      double lo = bias != nullptr ? bias->slider_min : -100.0;
      double hi = bias != nullptr ? bias->slider_max : 100.0;
      lo = std::min(lo, p.amplitude);
      hi = std::max(hi, p.amplitude);
      const std::string amp_format = "%.4g " + unit;
      ImGui::SetNextItemWidth(width);
      changed |= ImGui::SliderScalar("amplitude", ImGuiDataType_Double, &p.amplitude, &lo, &hi, amp_format.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Constant current (the mean when noise is on)");
      double noise_hi = std::max({std::abs(hi), std::abs(lo), p.noise_sd}) * 0.5;
      double zero = 0.0;
      ImGui::SetNextItemWidth(width);
      changed |= ImGui::SliderScalar("noise sd", ImGuiDataType_Double, &p.noise_sd, &zero, &noise_hi, amp_format.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Standard deviation of a fresh Gaussian draw per neuron per step");
      ImGui::SetNextItemWidth(width);
      changed |= ImGui::InputDouble("start (ms)", &p.start_ms, 10.0, 100.0, "%.1f");
      bool forever = std::isinf(p.stop_ms);
      if (ImGui::Checkbox("until stopped", &forever)) {
        p.stop_ms = forever ? std::numeric_limits<double>::infinity() : std::max(p.start_ms, network.time_ms()) + 100.0;
        changed = true;
      }
      if (!forever) {
        ImGui::SetNextItemWidth(width);
        changed |= ImGui::InputDouble("stop (ms)", &p.stop_ms, 10.0, 100.0, "%.1f");
      }
      if (changed) {
        std::string error = submit(SetStimulus{s, p});
        if (error.empty()) {
          stimulus_error[static_cast<std::size_t>(s)].clear();
        } else {
          stimulus_error[static_cast<std::size_t>(s)] = error;
          p = stim.params();
        }
      }
      error_text(stimulus_error[static_cast<std::size_t>(s)]);
      ImGui::Separator();
      ImGui::PopID();
    }
  }
  ImGui::End();
}

}  // namespace neurosim::gui
