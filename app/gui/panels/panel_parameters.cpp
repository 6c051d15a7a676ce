// Parameters panel (see panel_parameters.hpp): the sliders edit a UI-owned copy and send
// SetParams / SetProjection / SetStimulus; the engine checks each, and a refusal is shown in red
// while the widget returns to the value the engine kept.
#include "gui/panels/panel_parameters.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "gui/render/palette.hpp"
#include "gui/shell/style.hpp"

namespace neurosim::gui {

namespace {

void error_text(const std::string& message) {
  if (message.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
}

// The population's bias current, whose units and range the stimulus amplitude shares.
const ParamFact* bias_of(const PopulationFact& p) {
  for (const ParamFact& f : p.params)
    if (f.name == "I_bias") return &f;
  return nullptr;
}

bool same(const StimulusParams& a, const StimulusParams& b) {
  return a.amplitude == b.amplitude && a.noise_sd == b.noise_sd && a.start_ms == b.start_ms && a.stop_ms == b.stop_ms;
}

}  // namespace

void ParametersPanel::draw(bool* open, const ScenarioFacts& facts, double t_ms, const Submit& submit) {
  const std::size_t n_pop = facts.populations.size(), n_proj = facts.projections.size(), n_stim = facts.stimuli.size();
  if (populations.size() != n_pop) populations.assign(n_pop, ParamEditor{});
  if (stimuli.size() != n_stim) {
    stimuli.clear();
    for (const StimulusFact& f : facts.stimuli) stimuli.push_back(f.params);
    applied_stimuli = stimuli;
    stimulus_error.assign(n_stim, {});
  }
  if (projection_scale.size() != n_proj) {
    projection_scale.clear();
    projection_on.clear();
    for (const ProjectionFact& f : facts.projections) {
      projection_scale.push_back(f.weight_scale);
      projection_on.push_back(f.enabled);
    }
    applied_scale = projection_scale;
    applied_on = projection_on;
    projection_error.clear();
  }
  // Applied since the last frame (a command, a reset): the widgets show what runs.
  for (std::size_t k = 0; k < n_proj; ++k) {
    if (facts.projections[k].weight_scale != applied_scale[k]) projection_scale[k] = applied_scale[k] = facts.projections[k].weight_scale;
    if (facts.projections[k].enabled != applied_on[k]) projection_on[k] = applied_on[k] = facts.projections[k].enabled;
  }
  for (std::size_t s = 0; s < n_stim; ++s)
    if (!same(facts.stimuli[s].params, applied_stimuli[s])) stimuli[s] = applied_stimuli[s] = facts.stimuli[s].params;
  if (!ImGui::Begin("Parameters", open)) {
    ImGui::End();
    return;
  }

  // [SECTION] Populations
  for (std::size_t index = 0; index < n_pop; ++index) {
    const PopulationFact& pop = facts.populations[index];
    const int i = static_cast<int>(index);
    char header[160];
    std::snprintf(header, sizeof header, "%s  (%s, %d)###population%d", pop.name.c_str(), pop.model.c_str(), pop.size, i);
    // A colour chip ties the section to the population's colour in the raster and plots.
    ImGui::PushStyleColor(ImGuiCol_Header, ImGui::ColorConvertU32ToFloat4(population_color(i, 0.30f)));
    ImGui::PushStyleColor(ImGuiCol_HeaderHovered, ImGui::ColorConvertU32ToFloat4(population_color(i, 0.45f)));
    const bool expanded = ImGui::CollapsingHeader(header, i < 3 ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    ImGui::PopStyleColor(2);
    if (!expanded) continue;
    ImGui::PushID(i);
    populations[index].draw({ParamTarget::Kind::Population, i}, pop.params, submit);
    ImGui::PopID();
  }

  // [SECTION] Projections: a gain on every weight at delivery (learned weights too), and on/off;
  // sent as SetProjection, applied from the next step.
  if (n_proj > 0 && ImGui::CollapsingHeader("Projections", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (std::size_t k = 0; k < n_proj; ++k) {
      const ProjectionFact& proj = facts.projections[k];
      const int j = static_cast<int>(k);
      ImGui::PushID(2000 + j);
      bool on = projection_on[k];
      if (ImGui::Checkbox("##on", &on)) {
        projection_on[k] = on;
        projection_error = submit(SetProjection{j, std::nullopt, std::nullopt, std::nullopt, on});
        if (!projection_error.empty()) projection_on[k] = proj.enabled;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("On: the projection delivers its spikes; off: it delivers nothing");
      ImGui::SameLine();
      double lo = 0.0, hi = std::max(4.0, projection_scale[k]);
      const std::string label = proj.name + " x";
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f);
      if (ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &projection_scale[k], &lo, &hi, "%.3g")) {
        projection_error = submit(SetProjection{j, projection_scale[k]});
        if (!projection_error.empty()) projection_scale[k] = proj.weight_scale;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("weight_scale of %s: every weight (learned ones too) is multiplied by it when a spike is delivered.\n"
                          "Ctrl+click to type a value (0 to 10000).", proj.name.c_str());
      ImGui::PopID();
    }
    error_text(projection_error);
  }

  // [SECTION] Stimuli
  if (n_stim > 0 && ImGui::CollapsingHeader("Stimuli", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (int s = 0; s < static_cast<int>(n_stim); ++s) {
      const StimulusFact& stim = facts.stimuli[static_cast<std::size_t>(s)];
      const PopulationFact& target = facts.populations[static_cast<std::size_t>(stim.population)];
      const ParamFact* bias = bias_of(target);
      const std::string unit = bias != nullptr ? bias->unit : std::string();
      StimulusParams& p = stimuli[static_cast<std::size_t>(s)];
      ImGui::PushID(1000 + s);
      ImGui::Text("%s -> %s (%s)", stim.name.c_str(), target.name.c_str(),
                  stim.neurons == 0 ? "all neurons" : (std::to_string(stim.neurons) + " neurons").c_str());
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
        p.stop_ms = forever ? std::numeric_limits<double>::infinity() : std::max(p.start_ms, t_ms) + 100.0;
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
          p = stim.params;
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
