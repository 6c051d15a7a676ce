// The Network window (panel_network.hpp).
#include "gui/panels/panel_network.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "gui/shell/style.hpp"
#include "gui/views/rate_history.hpp"

namespace neurosim::gui {

namespace {

constexpr ImU32 kExcColour = IM_COL32(232, 96, 72, 255);
constexpr ImU32 kInhColour = IM_COL32(80, 140, 235, 255);
constexpr ImU32 kOffColour = IM_COL32(130, 130, 130, 140);
constexpr ImU32 kSelectColour = IM_COL32(255, 220, 80, 255);
constexpr double kRateWindowMs = 200.0;  // the node's rate: the mean over the latest bins

// Mean rate of each population over the last kRateWindowMs of observed bins.
std::vector<float> latest_rates(const RateHistory& rates, std::size_t populations) {
  std::vector<float> out(populations, 0.0f);
  if (rates.populations() != static_cast<int>(populations) || rates.bins_available() == 0 || rates.bin_ms() <= 0) return out;
  const std::size_t bins = std::min(rates.bins_available(), static_cast<std::size_t>(std::max(1.0, kRateWindowMs / rates.bin_ms())));
  for (std::size_t p = 0; p < populations; ++p) {
    double sum = 0.0;
    for (std::size_t i = rates.bins_available() - bins; i < rates.bins_available(); ++i) sum += rates.rate(static_cast<int>(p), i);
    out[p] = static_cast<float>(sum / static_cast<double>(bins));
  }
  return out;
}

ImVec2 at(ImVec2 origin, GraphPoint p) { return {origin.x + p.x, origin.y + p.y}; }

void arrow_head(ImDrawList* dl, ImVec2 tip, ImVec2 from, float size, ImU32 colour, bool inhibitory) {
  const float dx = tip.x - from.x, dy = tip.y - from.y;
  const float d = std::max(std::hypot(dx, dy), 1e-3f);
  const float ux = dx / d, uy = dy / d;
  if (inhibitory) {  // the usual bar end of an inhibitory synapse
    dl->AddLine({tip.x - uy * size, tip.y + ux * size}, {tip.x + uy * size, tip.y - ux * size}, colour, 3.0f);
    return;
  }
  dl->AddTriangleFilled(tip, {tip.x - ux * size * 1.6f - uy * size, tip.y - uy * size * 1.6f + ux * size},
                        {tip.x - ux * size * 1.6f + uy * size, tip.y - uy * size * 1.6f - ux * size}, colour);
}

// What "same step" (a projection's same_step) does, for a student.
void same_step_tooltip(double dt_ms) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted("On: a spike sent with a delay under half a time step (0 ms) reaches its target in the same step, "
                         "so the target's voltage moves on the very next step, as in Brian2. Off: every spike waits at "
                         "least one step, so the voltage moves a step later, as in NEST.");
  ImGui::TextDisabled("Only models that hold their input in a synaptic current or conductance take it (lif, lif_cond, "
                      "if, adex, hh, ...); izhikevich, srm and lif_delta refuse it. dt = %g ms.", dt_ms);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

bool same(const GraphHit& a, const GraphHit& b) { return a.kind == b.kind && a.index == b.index; }

// A unique name "base", "base2", "base3" ... among `taken`.
template <class List>
std::string free_name(const List& taken, const std::string& base) {
  for (int k = 1;; ++k) {
    const std::string name = k == 1 ? base : base + std::to_string(k);
    if (std::none_of(taken.begin(), taken.end(), [&](const auto& x) { return x.name == name; })) return name;
  }
}

}  // namespace

void NetworkPanel::draw(bool* open, const ScenarioFacts& facts, const RateHistory& rates, bool recording, const Submit& submit) {
  toggle_recording = false;
  if (!ImGui::Begin("Network", open)) {
    ImGui::End();
    return;
  }
  const auto send = [&](const Command& c, const std::string& done) {
    const std::string why = submit(c);
    error = why;
    message = why.empty() ? done : std::string();
    return why.empty();
  };
  // A selection the network no longer has (an undo, a removal) is dropped.
  const std::size_t count = selected.kind == GraphHit::Kind::Population   ? facts.populations.size()
                            : selected.kind == GraphHit::Kind::Projection ? facts.projections.size()
                                                                          : facts.stimuli.size();
  if (selected.kind != GraphHit::Kind::None && (selected.index < 0 || static_cast<std::size_t>(selected.index) >= count)) selected = {};

  // [SECTION] Toolbar: undo, redo, record, add
  ImGui::BeginDisabled(facts.undo_label.empty());
  if (ImGui::Button("Undo")) send(UndoEdit{}, "undone: " + facts.undo_label);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", facts.undo_label.empty() ? "Nothing to undo" : ("Undo " + facts.undo_label + "  (Ctrl+Z)").c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(facts.redo_label.empty());
  if (ImGui::Button("Redo")) send(RedoEdit{}, "redone: " + facts.redo_label);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", facts.redo_label.empty() ? "Nothing to redo" : ("Redo " + facts.redo_label + "  (Ctrl+Shift+Z)").c_str());
  ImGui::SameLine();
  if (recording) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.15f, 0.15f, 1.0f));
  if (ImGui::Button(recording ? "Stop recording" : "Record")) toggle_recording = true;
  if (recording) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("While recording, every edit (values and structure) becomes a timeline entry at its time;\nFile > Save scenario writes them into the scenario to replay in class.");
  ImGui::SameLine();
  if (ImGui::Button("Add...")) ImGui::OpenPopup("add");
  if (ImGui::BeginPopup("add")) {
    ImGui::InputText("name", new_name, sizeof new_name);
    if (ImGui::BeginTabBar("what")) {
      if (ImGui::BeginTabItem("Population")) {
        std::vector<const char*> models;
        for (const std::string& m : facts.models) models.push_back(m.c_str());
        new_model = std::clamp(new_model, 0, std::max(0, static_cast<int>(models.size()) - 1));
        if (!models.empty()) ImGui::Combo("model", &new_model, models.data(), static_cast<int>(models.size()));
        ImGui::InputInt("size", &new_size);
        if (ImGui::Button("Add population") && !models.empty()) {
          PopulationSpec p;
          p.name = new_name;
          p.model = facts.models[static_cast<std::size_t>(new_model)];
          p.size = new_size;
          if (send(AddPopulation{p, -1}, "added population " + p.name)) selected = {GraphHit::Kind::Population, static_cast<int>(facts.populations.size())};
        }
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Projection")) {
        std::vector<const char*> names;
        for (const PopulationFact& p : facts.populations) names.push_back(p.name.c_str());
        const int n = static_cast<int>(names.size());
        new_pre = std::clamp(new_pre, 0, std::max(n - 1, 0));
        new_post = std::clamp(new_post, 0, std::max(n - 1, 0));
        if (n > 0) {
          ImGui::Combo("pre", &new_pre, names.data(), n);
          ImGui::Combo("post", &new_post, names.data(), n);
        }
        const char* rules[] = {"all_to_all", "fixed_probability", "fixed_indegree", "one_to_one"};
        ImGui::Combo("rule", &new_rule, rules, 4);
        if (new_rule == 1) ImGui::SliderFloat("p", &new_p, 0.0f, 1.0f, "%.3f");
        if (new_rule == 2) ImGui::InputInt("indegree", &new_indegree);
        ImGui::InputFloat("weight (pA)", &new_weight, 10.0f, 100.0f, "%.1f");
        ImGui::SliderFloat("delay (ms)", &new_delay, 0.0f, 20.0f, "%.1f");  // 0: one step, or same-step delivery with "same step" on
        ImGui::Checkbox("same step##new", &new_same_step);
        if (ImGui::IsItemHovered()) same_step_tooltip(facts.spec.dt_ms);
        const char* receptors[] = {"by sign of weight", "exc", "inh"};
        ImGui::Combo("receptor", &new_receptor, receptors, 3);
        std::vector<const char*> plasticity{"static"};
        for (const std::string& r : facts.rules) plasticity.push_back(r.c_str());
        new_plasticity = std::clamp(new_plasticity, 0, static_cast<int>(plasticity.size()) - 1);
        ImGui::Combo("plasticity", &new_plasticity, plasticity.data(), static_cast<int>(plasticity.size()));
        if (ImGui::Button("Add projection") && n > 0) {
          ProjectionSpec p;
          p.name = new_name;
          p.pre = facts.populations[static_cast<std::size_t>(new_pre)].name;
          p.post = facts.populations[static_cast<std::size_t>(new_post)].name;
          const ConnectivitySpec::Rule kinds[] = {ConnectivitySpec::Rule::AllToAll, ConnectivitySpec::Rule::FixedProbability,
                                                  ConnectivitySpec::Rule::FixedIndegree, ConnectivitySpec::Rule::OneToOne};
          p.connectivity.rule = kinds[std::clamp(new_rule, 0, 3)];
          p.connectivity.p = new_p;
          p.connectivity.indegree = new_indegree;
          p.weight = Distribution::constant(new_weight);
          p.delay_ms = Distribution::constant(new_delay);
          p.same_step = new_same_step;
          if (new_receptor > 0) p.receptor = new_receptor == 1 ? Receptor::Excitatory : Receptor::Inhibitory;
          if (new_plasticity > 0) p.plasticity = PlasticitySpec{facts.rules[static_cast<std::size_t>(new_plasticity - 1)], {}};
          if (send(AddProjection{p, -1, {}}, "added projection " + p.name)) selected = {GraphHit::Kind::Projection, static_cast<int>(facts.projections.size())};
        }
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Stimulus")) {
        std::vector<const char*> names;
        for (const PopulationFact& p : facts.populations) names.push_back(p.name.c_str());
        const int n = static_cast<int>(names.size());
        new_stimulus_population = std::clamp(new_stimulus_population, 0, std::max(n - 1, 0));
        if (n > 0) ImGui::Combo("population", &new_stimulus_population, names.data(), n);
        ImGui::InputFloat("amplitude (pA)", &new_amplitude, 10.0f, 100.0f, "%.1f");
        ImGui::InputFloat("start (ms)", &new_start, 10.0f, 100.0f, "%.1f");
        ImGui::InputFloat("stop (ms, 0: never)", &new_stop, 10.0f, 100.0f, "%.1f");
        if (ImGui::Button("Add stimulus") && n > 0) {
          StimulusSpec s;
          s.name = new_name;
          s.population = facts.populations[static_cast<std::size_t>(new_stimulus_population)].name;
          s.amplitude = new_amplitude;
          s.start_ms = new_start;
          s.stop_ms = new_stop > 0 ? new_stop : std::numeric_limits<double>::infinity();
          if (send(AddStimulus{s, -1}, "added stimulus " + s.name)) selected = {GraphHit::Kind::Stimulus, static_cast<int>(facts.stimuli.size())};
        }
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    if (!error.empty()) {  // wrapped: a refusal names its field and would widen the popup past the window
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 28.0f);
      ImGui::TextColored(kErrorColor, "%s", error.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndPopup();
  }
  if (!error.empty()) {  // wrapped at the window's edge: a refusal names its field and can be long
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", error.c_str());
    ImGui::PopStyleColor();
  } else if (!message.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", message.c_str());
  }

  // [SECTION] The graph
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float inspector_w = std::min(ImGui::GetFontSize() * 20.0f, avail.x * 0.45f);
  const ImVec2 canvas_size{std::max(avail.x - inspector_w - ImGui::GetStyle().ItemSpacing.x, 50.0f), std::max(avail.y, 50.0f)};
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("graph", canvas_size, ImGuiButtonFlags_MouseButtonLeft);
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const bool hovered = ImGui::IsItemHovered();
  const std::vector<float> hz = latest_rates(rates, facts.populations.size());
  graph = layout_network(facts, hz, canvas_size.x, canvas_size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, {origin.x + canvas_size.x, origin.y + canvas_size.y}, ImGui::GetColorU32(ImGuiCol_FrameBg), 4.0f);
  dl->PushClipRect(origin, {origin.x + canvas_size.x, origin.y + canvas_size.y}, true);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const GraphHit under = hovered ? hit_test(graph, mouse.x - origin.x, mouse.y - origin.y) : GraphHit{};
  if (clicked) selected = under;
  for (const GraphEdge& e : graph.edges) {
    const ImU32 colour = !e.enabled ? kOffColour : e.inhibitory ? kInhColour : kExcColour;
    const bool lit = same(selected, {GraphHit::Kind::Projection, e.projection}) || same(under, {GraphHit::Kind::Projection, e.projection});
    if (lit) dl->AddBezierQuadratic(at(origin, e.from), at(origin, e.control), at(origin, e.to), kSelectColour, e.width + 4.0f);
    dl->AddBezierQuadratic(at(origin, e.from), at(origin, e.control), at(origin, e.to), colour, e.width);
    arrow_head(dl, at(origin, e.to), at(origin, edge_point(e, 0.9f)), 4.0f + e.width * 0.6f, colour, e.inhibitory);
    if (e.plastic) {  // a learning projection carries a small open circle at its middle
      const GraphPoint m = edge_point(e, 0.5f);
      dl->AddCircleFilled(at(origin, m), 4.0f + e.width * 0.4f, ImGui::GetColorU32(ImGuiCol_FrameBg));
      dl->AddCircle(at(origin, m), 4.0f + e.width * 0.4f, colour, 0, 2.0f);
    }
  }
  for (const GraphStimulus& s : graph.stimuli) {
    const ImVec2 c = at(origin, s.centre);
    const bool lit = same(selected, {GraphHit::Kind::Stimulus, s.stimulus}) || same(under, {GraphHit::Kind::Stimulus, s.stimulus});
    dl->AddLine(c, at(origin, s.tip), IM_COL32(200, 200, 120, 255), 1.5f);
    arrow_head(dl, at(origin, s.tip), c, 4.0f, IM_COL32(200, 200, 120, 255), false);
    dl->AddRectFilled({c.x - 9, c.y - 9}, {c.x + 9, c.y + 9}, IM_COL32(70, 70, 40, 255), 2.0f);
    dl->AddRect({c.x - 9, c.y - 9}, {c.x + 9, c.y + 9}, lit ? kSelectColour : IM_COL32(200, 200, 120, 255), 2.0f, 0, lit ? 2.5f : 1.0f);
    dl->AddText({c.x - 4, c.y - 7}, IM_COL32(230, 230, 160, 255), "~");
  }
  for (const GraphNode& node : graph.nodes) {
    const ImVec2 c = at(origin, node.centre);
    // Brighter with the rate: 0 Hz dark, 20 Hz half way, far above it near white.
    const float glow = node.rate_hz / (node.rate_hz + 20.0f);
    const ImU32 fill = node.source ? ImGui::GetColorU32(ImVec4(0.25f + 0.5f * glow, 0.45f + 0.4f * glow, 0.30f + 0.3f * glow, 1.0f))
                                   : ImGui::GetColorU32(ImVec4(0.22f + 0.7f * glow, 0.24f + 0.55f * glow, 0.30f + 0.35f * glow, 1.0f));
    dl->AddCircleFilled(c, node.radius, fill, 48);
    const bool lit = same(selected, {GraphHit::Kind::Population, node.population}) || same(under, {GraphHit::Kind::Population, node.population});
    dl->AddCircle(c, node.radius, lit ? kSelectColour : IM_COL32(220, 220, 220, 200), 48, lit ? 3.0f : 1.5f);
    const ImVec2 name_size = ImGui::CalcTextSize(node.name.c_str());
    dl->AddText({c.x - name_size.x * 0.5f, c.y - name_size.y * 0.5f}, IM_COL32(255, 255, 255, 255), node.name.c_str());
    char line[96];
    std::snprintf(line, sizeof line, "%s %d  %.1f Hz", node.model.c_str(), node.size, node.rate_hz);
    const ImVec2 line_size = ImGui::CalcTextSize(line);
    dl->AddText({c.x - line_size.x * 0.5f, c.y + node.radius + 2.0f}, ImGui::GetColorU32(ImGuiCol_TextDisabled), line);
  }
  // Legend.
  const ImVec2 legend{origin.x + 8.0f, origin.y + canvas_size.y - ImGui::GetFontSize() * 1.4f};
  dl->AddLine({legend.x, legend.y + 7}, {legend.x + 18, legend.y + 7}, kExcColour, 3.0f);
  dl->AddText({legend.x + 22, legend.y}, ImGui::GetColorU32(ImGuiCol_TextDisabled), "excitatory");
  dl->AddLine({legend.x + 100, legend.y + 7}, {legend.x + 118, legend.y + 7}, kInhColour, 3.0f);
  dl->AddText({legend.x + 122, legend.y}, ImGui::GetColorU32(ImGuiCol_TextDisabled), "inhibitory   width: total weight   o: plastic   ~: stimulus");
  dl->PopClipRect();
  if (under.kind == GraphHit::Kind::Projection) {
    const ProjectionFact& p = facts.projections[static_cast<std::size_t>(under.index)];
    ImGui::SetTooltip("%s: %s -> %s\n%s, %llu synapses\ntotal |w| x scale %.4g pA", p.name.c_str(), facts.populations[static_cast<std::size_t>(p.pre)].name.c_str(),
                      facts.populations[static_cast<std::size_t>(p.post)].name.c_str(), p.connectivity.c_str(), static_cast<unsigned long long>(p.synapses),
                      p.total_weight);
  }

  // [SECTION] Inspector
  ImGui::SameLine();
  ImGui::BeginChild("inspector", {0, canvas_size.y}, true);
  if (selected.kind == GraphHit::Kind::None) {
    ImGui::TextWrapped("Click a population, a projection (an arrow) or a stimulus (a box) to edit it. Add... makes new ones.");
    ImGui::Spacing();
    ImGui::Text("%zu populations, %zu projections, %zu stimuli", facts.populations.size(), facts.projections.size(), facts.stimuli.size());
  }
  const auto element = selected.kind == GraphHit::Kind::Population   ? Element::Population
                       : selected.kind == GraphHit::Kind::Projection ? Element::Projection
                                                                     : Element::Stimulus;
  const std::string current_name = selected.kind == GraphHit::Kind::Population   ? (selected.index >= 0 ? facts.populations[static_cast<std::size_t>(selected.index)].name : "")
                                   : selected.kind == GraphHit::Kind::Projection ? facts.projections[static_cast<std::size_t>(selected.index)].name
                                   : selected.kind == GraphHit::Kind::Stimulus   ? facts.stimuli[static_cast<std::size_t>(selected.index)].name
                                                                                 : std::string();
  if (selected.kind != GraphHit::Kind::None) {
    if (!same(renaming, selected)) {
      std::snprintf(rename_buffer, sizeof rename_buffer, "%s", current_name.c_str());
      renaming = selected;
    }
    ImGui::TextDisabled("%s %d", element_name(element), selected.index);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 4.5f);
    const bool enter = ImGui::InputText("##name", rename_buffer, sizeof rename_buffer, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Rename") || enter) && current_name != rename_buffer)
      send(RenameElement{element, selected.index, rename_buffer}, "renamed " + current_name + " to " + rename_buffer);
    if (ImGui::Button("Duplicate")) {
      std::string copy;
      if (element == Element::Population) copy = free_name(facts.populations, current_name + "_copy");
      else if (element == Element::Projection) copy = free_name(facts.projections, current_name + "_copy");
      else copy = free_name(facts.stimuli, current_name + "_copy");
      send(DuplicateElement{element, selected.index, copy}, "duplicated " + current_name + " as " + copy);
    }
    ImGui::SameLine();
    if (ImGui::Button("Remove")) {
      if (send(RemoveElement{element, selected.index, remove_connections}, "removed " + current_name)) selected = {};
    }
    if (element == Element::Population) {
      ImGui::SameLine();
      ImGui::Checkbox("with connections", &remove_connections);
    }
    ImGui::Separator();
  }
  if (selected.kind == GraphHit::Kind::Population) {
    const PopulationFact& p = facts.populations[static_cast<std::size_t>(selected.index)];
    ImGui::Text("%s, %d neurons%s", p.model.c_str(), p.size, p.source ? " (spike source)" : "");
    ImGui::Text("rate %.2f Hz", static_cast<std::size_t>(selected.index) < hz.size() ? hz[static_cast<std::size_t>(selected.index)] : 0.0f);
    if (ImGui::Button("+10 neurons")) send(AddNeurons{selected.index, 10}, "10 neurons added to " + p.name);
    // Another model or size: the population rebuilt from its scenario entry (its projections and
    // stimuli keep their synapses when the size stays); undo gives back the old one, state and all.
    if (change_of != selected.index) {
      const auto at = std::find(facts.models.begin(), facts.models.end(), p.model);
      change_model = at == facts.models.end() ? 0 : static_cast<int>(at - facts.models.begin());
      change_size = p.size;
      change_of = selected.index;
    }
    std::vector<const char*> models;
    for (const std::string& m : facts.models) models.push_back(m.c_str());
    if (!models.empty()) ImGui::Combo("model##change", &change_model, models.data(), static_cast<int>(models.size()));
    ImGui::InputInt("size##change", &change_size);
    const std::size_t i = static_cast<std::size_t>(selected.index);
    const bool can_change = i < facts.spec.populations.size() && change_model >= 0 && static_cast<std::size_t>(change_model) < facts.models.size();
    const std::string chosen = can_change ? facts.models[static_cast<std::size_t>(change_model)] : p.model;
    ImGui::BeginDisabled(!can_change || (chosen == p.model && change_size == p.size));
    if (ImGui::Button("Rebuild")) {
      PopulationSpec spec = facts.spec.populations[i];
      if (spec.model != chosen) {
        // The old model's parameters and initial values mean nothing to the new one.
        spec.params.clear();
        spec.initial.clear();
      }
      spec.model = chosen;
      spec.size = change_size;
      if (send(ChangePopulation{selected.index, spec, nullptr}, p.name + " rebuilt as " + std::to_string(change_size) + " " + chosen)) change_of = -1;
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Rebuilds the population with this model and size (Ctrl+Z undoes it)");
    params.draw({ParamTarget::Kind::Population, selected.index}, p.params, submit);
  } else if (selected.kind == GraphHit::Kind::Projection) {
    const ProjectionFact& p = facts.projections[static_cast<std::size_t>(selected.index)];
    ImGui::Text("%s -> %s", facts.populations[static_cast<std::size_t>(p.pre)].name.c_str(), facts.populations[static_cast<std::size_t>(p.post)].name.c_str());
    ImGui::Text("%s, %llu synapses", p.connectivity.c_str(), static_cast<unsigned long long>(p.synapses));
    ImGui::Text("total |w| x scale: %.4g pA", p.total_weight);
    if (control_of != selected.index || !ImGui::IsAnyItemActive()) {
      scale = static_cast<float>(p.weight_scale);
      delay = static_cast<float>(p.delay_ms);
      control_of = selected.index;
    }
    ImGui::SliderFloat("weight scale", &scale, 0.0f, 10.0f, "x%.2f");
    if (ImGui::IsItemDeactivatedAfterEdit()) send(SetProjection{selected.index, scale}, "weight scale set");
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) send(SetProjection{selected.index, 1.0}, "weight scale back to 1");
    // The delay, with same-step delivery beside it: the slider leaves room for the checkbox.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float box_w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize("same step").x;
    const float slider_w = ImGui::CalcItemWidth() - box_w - style.ItemInnerSpacing.x - ImGui::CalcTextSize("delay").x - style.ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(slider_w, ImGui::GetFontSize() * 5.0f));
    ImGui::SliderFloat("delay", &delay, 0.0f, 20.0f, "%.1f ms");  // 0: one step, or same-step delivery with "same step" on
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      SetProjection c{selected.index};
      c.delay_ms = delay;
      send(c, "delay set");
    }
    ImGui::SameLine();
    bool same_step = p.same_step;
    if (ImGui::Checkbox("same step", &same_step)) {
      SetProjection c{selected.index};
      c.same_step = same_step;
      send(c, same_step ? "same-step delivery on" : "same-step delivery off");
    }
    if (ImGui::IsItemHovered()) same_step_tooltip(facts.spec.dt_ms);
    // What the delay amounts to now, in steps: the target's V feels a spike one step after it
    // is delivered. Wrapped: the inspector is narrow.
    char steps[96];
    if (p.delay_min_steps == p.delay_max_steps)
      std::snprintf(steps, sizeof steps, "%d step%s: V feels a spike %d step%s after it", p.delay_min_steps, p.delay_min_steps == 1 ? "" : "s",
                    p.delay_min_steps + 1, p.delay_min_steps == 0 ? "" : "s");
    else
      std::snprintf(steps, sizeof steps, "%d to %d steps (per synapse)", p.delay_min_steps, p.delay_max_steps);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", steps);
    ImGui::PopStyleColor();
    int receptor = p.inhibitory ? 1 : 0;
    const char* receptors[] = {"exc", "inh"};
    if (ImGui::Combo("receptor", &receptor, receptors, 2)) {
      SetProjection c{selected.index};
      c.receptor = receptor == 0 ? Receptor::Excitatory : Receptor::Inhibitory;
      send(c, "receptor set");
    }
    bool on = p.enabled;
    if (ImGui::Checkbox("delivers", &on)) {
      SetProjection c{selected.index};
      c.enabled = on;
      send(c, on ? "projection on" : "projection off");
    }
    // Another learning rule (or none): the weights learned so far stay, within the new bounds.
    if (rule_of != selected.index) {
      const auto at = std::find(facts.rules.begin(), facts.rules.end(), p.rule_id);
      change_rule = p.rule_id.empty() || at == facts.rules.end() ? 0 : static_cast<int>(at - facts.rules.begin()) + 1;
      rule_of = selected.index;
    }
    std::vector<const char*> learning{"static"};
    for (const std::string& r : facts.rules) learning.push_back(r.c_str());
    change_rule = std::clamp(change_rule, 0, static_cast<int>(learning.size()) - 1);
    ImGui::Combo("learning", &change_rule, learning.data(), static_cast<int>(learning.size()));
    const std::string rule_chosen = change_rule > 0 ? facts.rules[static_cast<std::size_t>(change_rule - 1)] : std::string();
    const std::size_t j = static_cast<std::size_t>(selected.index);
    ImGui::BeginDisabled(rule_chosen == p.rule_id || j >= facts.spec.projections.size());
    if (ImGui::Button("Apply rule")) {
      ProjectionSpec spec = facts.spec.projections[j];
      if (rule_chosen.empty()) spec.plasticity.reset();
      else spec.plasticity = PlasticitySpec{rule_chosen, {}};
      if (send(ChangeProjection{selected.index, spec, nullptr}, p.name + (rule_chosen.empty() ? " static" : " learns by " + rule_chosen))) rule_of = -1;
    }
    ImGui::EndDisabled();
    if (!p.rule_id.empty()) {
      ImGui::Separator();
      ImGui::TextUnformatted(p.rule.c_str());
      params.draw({ParamTarget::Kind::Plasticity, selected.index}, p.rule_params, submit);
    }
  } else if (selected.kind == GraphHit::Kind::Stimulus) {
    const StimulusFact& s = facts.stimuli[static_cast<std::size_t>(selected.index)];
    ImGui::Text("on %s (%s)", facts.populations[static_cast<std::size_t>(s.population)].name.c_str(),
                s.neurons == 0 ? "every neuron" : (std::to_string(s.neurons) + " neurons").c_str());
    if (stimulus_of != selected.index || !ImGui::IsAnyItemActive()) {
      stimulus = s.params;
      stimulus_of = selected.index;
    }
    StimulusParams& x = stimulus;
    bool changed = false;
    const auto slider = [&](const char* label, double& v, double lo, double hi, const char* fmt) {
      ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &lo, &hi, fmt);
      changed = changed || ImGui::IsItemDeactivatedAfterEdit();
    };
    slider("amplitude", x.amplitude, -1000.0, 2000.0, "%.1f pA");
    slider("noise sd", x.noise_sd, 0.0, 1000.0, "%.1f pA");
    slider("start", x.start_ms, 0.0, 10000.0, "%.0f ms");
    if (changed) send(SetStimulus{selected.index, x}, "stimulus set");
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace neurosim::gui
