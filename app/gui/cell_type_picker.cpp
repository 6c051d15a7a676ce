// Cell-type picker (see diversity_panels.hpp, CellTypePicker).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/diversity_panels.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/network.hpp"

namespace neurosim::gui {

namespace {

const ImVec4 kErrorColor(1.0f, 0.42f, 0.40f, 1.0f);
const ImVec4 kOkColor(0.50f, 0.90f, 0.55f, 1.0f);

// One list for the combo: the cell types, then Naud's firing patterns (model "adex").
struct Entry {
  std::string label;
  std::string_view model;
  std::span<const ParamValue> params;
  double drive;
  std::string_view description;
  std::string_view source;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> list = [] {
    std::vector<Entry> out;
    for (const CellType& c : cell_types())
      out.push_back({std::string(c.name), c.model, c.params, c.drive, c.description, c.source});
    for (const FiringPattern& p : adex_firing_patterns())
      out.push_back({"AdEx " + std::string(p.name), "adex", p.params, p.current, p.description, p.source});
    return out;
  }();
  return list;
}

// The scenario with population `index` switched to `e`: its model and parameters replaced, its
// initial-state overrides dropped (the variables differ between models), and optionally the
// stimuli into it set to the entry's current.
ScenarioSpec switched(const ScenarioSpec& spec, int index, const Entry& e, bool set_drive) {
  ScenarioSpec out = spec;
  PopulationSpec& p = out.populations[static_cast<std::size_t>(index)];
  p.model = std::string(e.model);
  p.params = param_map(e.params);
  p.initial.clear();
  if (set_drive) {
    for (StimulusSpec& s : out.stimuli) {
      if (s.population != p.name) continue;
      // A noisy drive keeps its relative noise.
      if (s.amplitude != 0.0) s.noise_sd *= std::fabs(e.drive / s.amplitude);
      s.amplitude = e.drive;
    }
  }
  return out;
}

}  // namespace

void CellTypePicker::draw(const Network& network, int population, const Submit& submit, AppRequests& requests) {
  if (population < 0 || population >= network.population_count()) return;
  const Population& pop = network.population(population);
  const auto& list = entries();
  if (list.empty()) return;
  choice = std::clamp(choice, 0, static_cast<int>(list.size()) - 1);

  // Parameters still waiting from an earlier click: retry the ones the engine has not taken.
  if (pending_population == population && !pending.empty()) {
    std::erase_if(pending, [&](const auto& kv) { return pop.param(kv.first) == kv.second; });
    if (pending.empty()) {
      message_error = false;
    } else if (retries-- > 0) {
      for (const auto& [name, value] : pending) (void)submit(SetParam{population, name, value});
    } else {
      message = "not applied: ";
      for (const auto& [name, value] : pending) {
        const std::string why = submit(SetParam{population, name, value});
        message += name + " (" + (why.empty() ? "pending" : why) + ") ";
      }
      message_error = true;
      pending.clear();
    }
  }

  // A new population: preselect the entry its parameters already match, if any.
  if (population != shown_population) {
    shown_population = population;
    for (int i = 0; i < static_cast<int>(list.size()); ++i) {
      const Entry& e = list[static_cast<std::size_t>(i)];
      if (e.model != pop.model()) continue;
      if (std::all_of(e.params.begin(), e.params.end(), [&](const ParamValue& v) { return pop.param(v.name) == v.value; })) {
        choice = i;
        break;
      }
    }
  }
  const Entry& current = list[static_cast<std::size_t>(choice)];
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.0f);
  if (ImGui::BeginCombo("##celltype", current.label.c_str())) {
    const int n_cell_types = static_cast<int>(cell_types().size());
    for (int i = 0; i < static_cast<int>(list.size()); ++i) {
      if (i == 0) ImGui::TextDisabled("Cell types");
      if (i == n_cell_types) {
        ImGui::Separator();
        ImGui::TextDisabled("AdEx firing patterns (Naud et al. 2008)");
      }
      const Entry& e = list[static_cast<std::size_t>(i)];
      if (ImGui::Selectable(e.label.c_str(), i == choice)) choice = i;
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
        ImGui::Text("%.*s (model %.*s)", static_cast<int>(e.description.size()), e.description.data(),
                    static_cast<int>(e.model.size()), e.model.data());
        ImGui::TextDisabled("%.*s", static_cast<int>(e.source.size()), e.source.data());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Cell type or firing pattern to give this population");
  ImGui::SameLine();
  const bool same_model = current.model == pop.model();
  char label[96];
  std::snprintf(label, sizeof label, "Apply to %s", pop.name().c_str());
  if (ImGui::Button(label)) {
    message.clear();
    message_error = false;
    if (same_model) {
      pending.clear();
      for (const ParamValue& v : current.params) {
        const std::string error = submit(SetParam{population, std::string(v.name), v.value});
        // An order-dependent rejection may pass once the others are in: retried next frames.
        if (!error.empty() || pop.param(v.name) != v.value) pending.emplace_back(std::string(v.name), v.value);
      }
      pending_population = population;
      retries = 4;
      if (set_drive) {
        for (int s = 0; s < network.stimulus_count(); ++s) {
          const Stimulus& stim = network.stimulus(s);
          if (stim.population() != population) continue;
          StimulusParams p = stim.params();
          if (p.amplitude != 0.0) p.noise_sd *= std::fabs(current.drive / p.amplitude);
          p.amplitude = current.drive;
          (void)submit(SetStimulus{s, p});
        }
      }
      message = pop.name() + " is now " + current.label;
    } else {
      requests.rebuild = switched(network.spec(), population, current, set_drive);
      requests.rebuild_note = pop.name() + " is now " + current.label + " (model " + std::string(current.model) +
                              "); the scenario restarted at t = 0";
      message = requests.rebuild_note;
    }
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
    if (same_model)
      ImGui::TextUnformatted("Sends the entry's parameters to the running population (the others keep their values).");
    else
      ImGui::Text("The model changes from %.*s to %.*s: the scenario is rebuilt and restarts at t = 0. "
                  "Weights of projections onto it keep their values, in the new model's current units.",
                  static_cast<int>(pop.model().size()), pop.model().data(), static_cast<int>(current.model.size()),
                  current.model.data());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::SameLine();
  ImGui::Checkbox("drive", &set_drive);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Also set the population's stimuli to the entry's current (%.4g)", current.drive);
  if (!message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, message_error ? kErrorColor : kOkColor);
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace neurosim::gui
