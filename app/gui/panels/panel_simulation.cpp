// Simulation panel: run/pause/step/reset, speed, preset picker, scenario load and save.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

#include "gui/panels/panels.hpp"
#include "gui/shell/sim_clock.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/io/presets.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

void draw_summary(const ScenarioFacts& spec) {
  ImGui::Text("%s", spec.name.empty() ? "(unnamed scenario)" : spec.name.c_str());
  if (!spec.description.empty()) {
    // The first line is the summary; the rest (often a paragraph) opens on demand so the run
    // controls below stay in view.
    const std::size_t end = spec.description.find('\n');
    const std::string first = spec.description.substr(0, end);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", first.c_str());
    ImGui::PopStyleColor();
    if (end != std::string::npos && ImGui::TreeNode("More about this scenario")) {
      ImGui::TextWrapped("%s", spec.description.substr(end + 1).c_str());
      ImGui::TreePop();
    }
  }
  long long neurons = 0, synapses = 0;
  for (const PopulationFact& p : spec.populations) neurons += p.size;
  for (const ProjectionFact& p : spec.projections) synapses += static_cast<long long>(p.synapses);
  ImGui::Text("%lld neurons, %lld synapses, dt %.3g ms", neurons, synapses, spec.dt_ms);
}

void draw_run_controls(SimClock& clock, AppRequests& requests) {
  const float button_w = (ImGui::GetContentRegionAvail().x - 3.0f * ImGui::GetStyle().ItemSpacing.x) / 4.0f;
  if (ImGui::Button(clock.paused ? "Run" : "Pause", ImVec2(button_w, 0))) requests.toggle_pause = true;
  hover_tooltip("Space");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(button_w, 0))) requests.step_once = true;
  hover_tooltip("Advance one time step (pauses first)");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(button_w, 0))) requests.reset = true;
  hover_tooltip("Back to t = 0 with the same random streams: the run repeats exactly.\n"
              "Parameter changes you made are kept.");
  ImGui::SameLine();
  if (ImGui::Button("Photo", ImVec2(button_w, 0))) requests.screenshot = true;
  hover_tooltip("Save the window as a PNG in the working directory (F12)");

  ImGui::BeginDisabled(clock.max_speed);
  ImGui::SetNextItemWidth(-FLT_MIN);
  // Two significant digits without "%g"'s exponent form (100 would read "1e+02x").
  const char* speed_format = clock.speed >= 9.95f  ? "speed %.0fx real time"
                             : clock.speed >= 0.995f ? "speed %.1fx real time"
                                                     : "speed %.2fx real time";
  ImGui::SliderFloat("##speed", &clock.speed, 0.01f, 100.0f, speed_format,
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  hover_tooltip("Simulated milliseconds per wall-clock millisecond (Ctrl+click to type)");
  for (float preset : {0.1f, 1.0f, 10.0f}) {
    char label[16];
    std::snprintf(label, sizeof label, "%gx", static_cast<double>(preset));
    if (ImGui::SmallButton(label)) clock.speed = preset;
    ImGui::SameLine();
  }
  ImGui::EndDisabled();
  ImGui::Checkbox("max speed", &clock.max_speed);
  hover_tooltip("As many steps per frame as fit in about 10 ms, keeping the window at 60 fps");
}

}  // namespace

void SimulationPanel::draw(bool* open, const ScenarioFacts& facts, SimClock& clock, ScenarioFiles& files,
                           AppRequests& requests) {
  if (!ImGui::Begin("Simulation", open)) {
    ImGui::End();
    return;
  }
  draw_summary(facts);
  ImGui::Separator();
  draw_run_controls(clock, requests);

  ImGui::Separator();
  // Preset picker: choosing one loads it.
  if (presets.empty()) presets = io::preset_names();
  const char* shown = files.current.c_str();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
  if (ImGui::BeginCombo("Preset", shown)) {
    for (int i = 0; i < static_cast<int>(presets.size()); ++i) {
      const std::string& name = presets[static_cast<std::size_t>(i)];
      if (ImGui::Selectable(name.c_str(), name == files.current)) {
        preset_index = i;
        requests.load = name;
      }
      if (ImGui::IsItemHovered()) {
        const std::string description = io::preset_description(name);
        if (!description.empty()) ImGui::SetTooltip("%s", description.c_str());
      }
    }
    ImGui::EndCombo();
  }

  // Load and save by path. A .json dropped on the window loads too.
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
  const bool enter = ImGui::InputTextWithHint("##load", "scenario.json or preset name", &files.load_path,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Load") || enter) && !files.load_path.empty()) requests.load = files.load_path;
  hover_tooltip("Load a scenario file (or drop a .json on the window)");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
  const bool save_enter = ImGui::InputText("##save", &files.save_path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Save") || save_enter) && !files.save_path.empty()) requests.save = files.save_path;
  hover_tooltip("Save the scenario with the current parameters as JSON");
  ImGui::Checkbox("overwrite an existing file", &files.overwrite);
  hover_tooltip("Off: an existing file is kept and the scenario goes to name-2.json, name-3.json, ...");

  for (const std::string& e : files.errors) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", e.c_str());
    ImGui::PopStyleColor();
  }
  if (files.errors.empty() && !files.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kOkColor);
    ImGui::TextWrapped("%s", files.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace neurosim::gui
