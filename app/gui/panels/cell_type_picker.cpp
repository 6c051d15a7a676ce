// Cell-type picker (see diversity_panels.hpp, CellTypePicker).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/panels/diversity_panels.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/cell_types.hpp"
#include "gui/views/fact_lookup.hpp"

namespace neurosim::gui {

// One list for the combo: the cell types, then Naud's firing patterns (model "adex").
struct CellTypePicker::Entry {
  std::string label;
  std::string_view model;
  std::span<const ParamValue> params;
  double drive;
  std::string_view description;
  std::string_view source;
};

namespace {

using Entry = CellTypePicker::Entry;


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

// The entries as parameter sets to recognise, in the same order (cell types by their names,
// firing patterns by theirs, so that a population called "tonic" or "Purkinje" is told apart
// from the other entry with the same numbers).
const std::vector<NamedParamSet>& entry_sets() {
  static const std::vector<NamedParamSet> sets = cell_type_and_pattern_sets();
  return sets;
}

}  // namespace

ParamSetMatch match_population(const PopulationFact& pop) {
  return match_param_set(entry_sets(), pop.model, [&](std::string_view name) { return param_value(pop, name); }, pop.name);
}

void CellTypePicker::apply(const ScenarioFacts& facts, int population, const Entry& e, const Submit& submit,
                           AppRequests& requests) {
  const PopulationFact& pop = facts.populations[static_cast<std::size_t>(population)];
  message.clear();
  message_error = false;
  if (e.model != pop.model) {
    requests.rebuild = switched(facts.spec, population, e, set_drive);
    requests.rebuild_note = pop.name + " is now " + e.label + " (model " + std::string(e.model) +
                            "); the scenario restarted at t = 0";
    message = requests.rebuild_note;
    return;
  }
  SetParams set{{ParamTarget::Kind::Population, population}, {}};
  for (const ParamValue& v : e.params) set.values.emplace_back(std::string(v.name), v.value);
  if (const std::string error = submit(set); !error.empty()) {
    message = "not applied: " + error;
    message_error = true;
    return;
  }
  if (set_drive) {
    for (int s = 0; s < static_cast<int>(facts.stimuli.size()); ++s) {
      const StimulusFact& stim = facts.stimuli[static_cast<std::size_t>(s)];
      if (stim.population != population) continue;
      StimulusParams p = stim.params;
      if (p.amplitude != 0.0) p.noise_sd *= std::fabs(e.drive / p.amplitude);
      p.amplitude = e.drive;
      (void)submit(SetStimulus{s, p});
    }
  }
  message = pop.name + " is now " + e.label;
}

void CellTypePicker::draw(const ScenarioFacts& facts, int population, const Submit& submit, AppRequests& requests) {
  if (population < 0 || population >= static_cast<int>(facts.populations.size())) return;
  const PopulationFact& pop = facts.populations[static_cast<std::size_t>(population)];
  const auto& list = entries();
  if (list.empty()) return;

  // What the population is now, from its parameters: recomputed every frame, so that a slider
  // moved in the Parameters window turns the label into "custom" and a preset's population shows
  // its own type rather than the list's first entry.
  const ParamSetMatch match = match_population(pop);
  const std::string& model = pop.model;
  const std::string preview = match.index >= 0 ? list[static_cast<std::size_t>(match.index)].label : "custom (" + model + ")";
  int picked = -1;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.0f);
  if (ImGui::BeginCombo("##celltype", preview.c_str())) {
    const int n_cell_types = static_cast<int>(cell_types().size());
    for (int i = 0; i < static_cast<int>(list.size()); ++i) {
      if (i == 0) ImGui::TextDisabled("Cell types");
      if (i == n_cell_types) {
        ImGui::Separator();
        ImGui::TextDisabled("AdEx firing patterns (Naud et al. 2008)");
      }
      const Entry& e = list[static_cast<std::size_t>(i)];
      if (ImGui::Selectable(e.label.c_str(), i == match.index)) picked = i;
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
        ImGui::Text("%.*s (model %.*s)", static_cast<int>(e.description.size()), e.description.data(),
                    static_cast<int>(e.model.size()), e.model.data());
        ImGui::TextDisabled("%.*s", static_cast<int>(e.source.size()), e.source.data());
        if (e.model != pop.model)
          ImGui::Text("Picking it changes %s from model %s to %.*s: the scenario is rebuilt and restarts at t = 0. "
                      "Weights onto it keep their values, in the new model's current units.",
                      pop.name.c_str(), model.c_str(), static_cast<int>(e.model.size()), e.model.data());
        else
          ImGui::Text("Picking it sends its parameters to %s (the others keep their values).", pop.name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
    if (match.index >= 0) {
      ImGui::Text("%s has the parameters of %s. Pick another entry to apply its parameters.", pop.name.c_str(),
                  preview.c_str());
    } else {
      ImGui::Text("%s's parameters match no entry of the list (model %s).", pop.name.c_str(), model.c_str());
      if (match.nearest >= 0) {
        std::string names;
        for (const std::string_view d : match.differing) names += (names.empty() ? "" : ", ") + std::string(d);
        ImGui::Text("Nearest: %s, which differs in %s.", list[static_cast<std::size_t>(match.nearest)].label.c_str(),
                    names.c_str());
      }
      ImGui::TextUnformatted("Pick an entry to apply its parameters.");
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::SameLine();
  ImGui::Checkbox("drive", &set_drive);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("When a cell type is picked, also set %s's stimuli to the type's own current", pop.name.c_str());
  // Custom but close to an entry (a brain-region preset's cell with its own refractory period, or
  // one slider moved): name the entry and what differs, where the line has room.
  if (match.index < 0 && match.nearest >= 0 && match.differing.size() <= 3) {
    std::string hint = "like " + list[static_cast<std::size_t>(match.nearest)].label + " but ";
    for (std::size_t k = 0; k < match.differing.size(); ++k) hint += (k > 0 ? ", " : "") + std::string(match.differing[k]);
    ImGui::SameLine();
    if (ImGui::CalcTextSize(hint.c_str()).x <= ImGui::GetContentRegionAvail().x) ImGui::TextDisabled("%s", hint.c_str());
    else ImGui::NewLine();
  }
  if (picked >= 0) apply(facts, population, list[static_cast<std::size_t>(picked)], submit, requests);
  if (!message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, message_error ? kErrorColor : kOkColor);
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace neurosim::gui
