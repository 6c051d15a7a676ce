// The parameter editor (see param_editor.hpp).
#include "gui/panels/param_editor.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // TempInputIsActive: is a slider being typed into (Ctrl+click)?

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/shell/style.hpp"

namespace neurosim::gui {

namespace {

// A parameter with integer bounds and no unit is a choice (Izhikevich's "scheme"): the slider
// moves in whole steps so that it never offers a value the model must reject.
bool is_discrete(const ParamFact& p, double value) {
  return p.unit.empty() && p.slider_max - p.slider_min <= 10.0 && std::floor(p.slider_min) == p.slider_min &&
         std::floor(p.slider_max) == p.slider_max && std::floor(value) == value;
}

// One slider; true when the value is to be sent. The range stretches to include a value set
// outside it (from a file or by Ctrl+click), so the knob never sits pinned at an end it does not
// hold. A dragged value is sent at once (it acts on the next step); a typed one (Ctrl+click) only
// on Enter or when the field loses focus: sent per keystroke, typing -80 would first apply -8.
const char* kPairingNames[] = {"all-to-all", "nearest", "restricted nearest"};

void help_tooltip(const ParamFact& p) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted(p.help.c_str());
  ImGui::TextDisabled("Slider %g..%g %s. Ctrl+click to type a value; right-click: back to the scenario's %g.", p.slider_min, p.slider_max,
                      p.unit.c_str(), p.scenario_value);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

bool param_slider(const ParamFact& p, double& value) {
  if (p.name == "pairing") {  // STDP's spike pairing scheme: a named choice
    int mode = std::clamp(static_cast<int>(value), 0, 2);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f);
    const bool changed = ImGui::Combo("pairing", &mode, kPairingNames, 3);
    help_tooltip(p);
    if (changed) value = mode;
    return changed;
  }
  if (p.name == "multiplicative") {  // soft bounds on or off
    bool soft = value != 0.0;
    const bool changed = ImGui::Checkbox("soft bounds (multiplicative)", &soft);
    help_tooltip(p);
    if (changed) value = soft ? 1.0 : 0.0;
    return changed;
  }
  double lo = std::min(p.slider_min, value);
  double hi = std::max(p.slider_max, value);
  const bool discrete = is_discrete(p, value);
  char format[64];
  if (discrete) std::snprintf(format, sizeof format, "%%.0f");
  else std::snprintf(format, sizeof format, "%%.4g %s", p.unit.c_str());
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f);
  bool changed = ImGui::SliderScalar(p.name.c_str(), ImGuiDataType_Double, &value, &lo, &hi, format);
  if (ImGui::TempInputIsActive(ImGui::GetItemID())) changed = false;  // still typing
  else if (ImGui::IsItemDeactivatedAfterEdit()) changed = true;         // Enter, Tab or a click elsewhere
  help_tooltip(p);
  if (changed && discrete) value = std::round(value);
  return changed;
}

}  // namespace

bool ParamEditor::draw(ParamTarget target, const std::vector<ParamFact>& params, const Submit& submit,
                       std::initializer_list<std::string_view> skip) {
  if (desired.size() != params.size() || applied.size() != params.size()) {
    desired.clear();
    for (const ParamFact& p : params) desired.push_back(p.value);
    applied = desired;
    error.clear();
  }
  // Values applied since the last frame, from here or elsewhere: the slider shows what runs.
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].value != applied[i]) desired[i] = applied[i] = params[i].value;
  bool sent = false;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (std::find(skip.begin(), skip.end(), std::string_view(params[i].name)) != skip.end()) continue;
    ImGui::PushID(static_cast<int>(i));
    bool changed = param_slider(params[i], desired[i]);
    // Right-click: the scenario's value again (one edit, undone like any other).
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right) && params[i].value != params[i].scenario_value) {
      desired[i] = params[i].scenario_value;
      changed = true;
    }
    if (changed) {
      const std::string why = submit(SetParams{target, {{params[i].name, desired[i]}}});
      if (why.empty()) {
        error.clear();
        sent = true;
      } else {
        error = why;  // the engine's message names the parameter
        desired[i] = applied[i];
      }
    }
    ImGui::PopID();
  }
  if (!error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", error.c_str());
    ImGui::PopStyleColor();
  }
  return sent;
}

}  // namespace neurosim::gui
