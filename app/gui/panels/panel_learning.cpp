// Learning panel: the rule of one plastic projection. The learning rate comes first and large,
// then learning on / frozen, R-STDP's reward and punishment with the dopamine and eligibility
// readouts, then every other rule parameter through the shared ParamEditor. Everything comes
// from the Session's facts (the applied parameters) and the readouts LearningViews keeps; every
// change goes out as SetParams and a rejection is shown in red.
#include <imgui.h>
#include <imgui_internal.h>  // TempInputIsActive: typed values apply on Enter, as in ParamEditor

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

const ImVec4 kAccent(0.45f, 0.75f, 1.0f, 1.0f);

std::string projection_label(const ScenarioFacts& facts, int j) {
  const ProjectionFact& p = facts.projections[static_cast<std::size_t>(j)];
  auto population = [&](int k) { return k >= 0 && k < static_cast<int>(facts.populations.size()) ? facts.populations[static_cast<std::size_t>(k)].name.c_str() : "?"; };
  char text[256];
  std::snprintf(text, sizeof text, "%s: %s \xe2\x86\x92 %s (%s, %llu syn.)", p.name.c_str(), population(p.pre), population(p.post),
                p.rule_id.c_str(), static_cast<unsigned long long>(p.synapses));
  return text;
}

void help_tooltip(const ParamFact& d) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
  ImGui::TextUnformatted(d.help.c_str());
  ImGui::TextDisabled("Slider %g..%g %s; Ctrl+click to type a value.", d.slider_min, d.slider_max, d.unit.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

const ParamFact* find_param(const std::vector<ParamFact>& params, const char* name) {
  for (const ParamFact& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

// The learning rate: a tall logarithmic slider across the panel, with halve / double buttons.
bool eta_slider(const ParamFact& d, double& value) {
  ImGui::PushStyleColor(ImGuiCol_Text, kAccent);
  ImGui::TextUnformatted("Learning rate \xce\xb7");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextDisabled("(scales every change)");
  double lo = std::min(d.slider_min, value);
  double hi = std::max(d.slider_max, value);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8.0f, 8.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_GrabMinSize, 16.0f);
  ImGui::PushStyleColor(ImGuiCol_SliderGrab, ImVec4(0.35f, 0.62f, 0.95f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_SliderGrabActive, ImVec4(0.55f, 0.78f, 1.0f, 1.0f));
  ImGui::SetNextItemWidth(-FLT_MIN);
  bool changed = ImGui::SliderScalar("##eta", ImGuiDataType_Double, &value, &lo, &hi, "\xce\xb7 = %.3g",
                                     ImGuiSliderFlags_Logarithmic);
  if (ImGui::TempInputIsActive(ImGui::GetItemID())) changed = false;  // still typing
  else if (ImGui::IsItemDeactivatedAfterEdit()) changed = true;
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar(2);
  help_tooltip(d);
  if (ImGui::Button("\xc3\xb7" "2")) {
    value *= 0.5;
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Halve the learning rate");
  ImGui::SameLine();
  if (ImGui::Button("\xc3\x97" "2")) {
    value = std::max(value * 2.0, 1e-3);
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Double the learning rate");
  return changed;
}

}  // namespace

int first_plastic_projection(const ScenarioFacts& facts) {
  for (std::size_t j = 0; j < facts.projections.size(); ++j)
    if (!facts.projections[j].rule_id.empty()) return static_cast<int>(j);
  return -1;
}

void LearningPanel::draw(bool* open, const ScenarioFacts& facts, bool evaluating, const Submit& submit, WeightWatch& watch) {
  snapshot_requested = false;
  const int projection_count = static_cast<int>(facts.projections.size());
  if (editors.size() != facts.projections.size()) editors.assign(facts.projections.size(), ParamEditor{});
  if (!ImGui::Begin("Learning", open)) {
    ImGui::End();
    return;
  }
  if (projection < 0 || projection >= projection_count || facts.projections[static_cast<std::size_t>(projection)].rule_id.empty())
    projection = first_plastic_projection(facts);
  if (projection < 0) {
    ImGui::TextWrapped("No projection in this scenario learns. Give one a rule, for example\n"
                       "\"plasticity\": {\"rule\": \"stdp\", \"params\": {\"eta\": 1}}, or load song2000-stdp.");
    ImGui::End();
    return;
  }

  // [SECTION] Which projection
  int plastic = 0;
  for (const ProjectionFact& p : facts.projections) plastic += p.rule_id.empty() ? 0 : 1;
  if (plastic > 1) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##plastic", projection_label(facts, projection).c_str())) {
      for (int j = 0; j < projection_count; ++j)
        if (!facts.projections[static_cast<std::size_t>(j)].rule_id.empty() && ImGui::Selectable(projection_label(facts, j).c_str(), j == projection))
          projection = j;
      ImGui::EndCombo();
    }
  } else {
    ImGui::TextWrapped("%s", projection_label(facts, projection).c_str());
  }

  const auto j = static_cast<std::size_t>(projection);
  const ProjectionFact& fact = facts.projections[j];
  const ParamTarget target{ParamTarget::Kind::Plasticity, projection};
  ParamEditor& editor = editors[j];
  ImGui::PushID(projection);
  auto send = [&](const char* name, double value) {
    editor.error = submit(SetParams{target, {{name, value}}});  // "" when accepted; the engine names the parameter
  };

  // [SECTION] Learning rate and learning on/off
  if (const ParamFact* eta = find_param(fact.rule_params, "eta")) {
    // The slider edits a UI-owned copy; a value applied from elsewhere (a reset) replaces it.
    if (eta->value != eta_seen || eta_projection != projection) eta_value = eta_seen = eta->value;
    eta_projection = projection;
    if (eta_slider(*eta, eta_value)) {
      send("eta", eta_value);
      if (!editor.error.empty()) eta_value = eta->value;  // the engine kept its value
    }
  }
  if (const ParamFact* learn = find_param(fact.rule_params, "learn")) {
    const bool on = learn->value != 0.0;
    ImGui::SameLine();
    ImGui::BeginDisabled(evaluating);
    ImGui::PushStyleColor(ImGuiCol_Button, on ? ImVec4(0.18f, 0.45f, 0.25f, 1.0f) : ImVec4(0.45f, 0.30f, 0.15f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on ? ImVec4(0.24f, 0.56f, 0.32f, 1.0f) : ImVec4(0.56f, 0.38f, 0.20f, 1.0f));
    if (ImGui::Button(on ? "LEARNING" : "FROZEN", ImVec2(-FLT_MIN, 0.0f))) send("learn", on ? 0.0 : 1.0);
    ImGui::PopStyleColor(2);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(evaluating ? "The experiment's evaluation phase freezes learning; it resumes with the next epoch."
                                   : on ? "Learning: click to freeze the weights (they keep their values)"
                                        : "Frozen: click to let the weights learn again");
  }

  // [SECTION] Reward-modulated STDP
  if (fact.rule_id == "rstdp") {
    ImGui::Separator();
    const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.48f, 0.28f, 1.0f));
    if (ImGui::Button("Reward  +1", ImVec2(bw, 0.0f))) editor.error = submit(DeliverReward{1.0});
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dopamine +1 for every R-STDP projection: eligible synapses change now");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.20f, 0.20f, 1.0f));
    if (ImGui::Button("Punish  \xe2\x88\x92" "1", ImVec2(bw, 0.0f))) editor.error = submit(DeliverReward{-1.0});
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dopamine \xe2\x88\x92" "1: eligible synapses change the other way");
    if (reward.has_task) {
      // The scenario's own reward rule pays for one synapse, seconds after it was used.
      ImGui::TextWrapped("Reward rule: synapse %d \xe2\x86\x92 %d of %s; rewards earned %llu, delivered %llu", reward.pre, reward.post,
                         reward.projection_name.c_str(), static_cast<unsigned long long>(reward.earned),
                         static_cast<unsigned long long>(reward.delivered));
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("When input %d fires and the neuron follows within %.0f ms, %.2g of dopamine arrives\n"
                          "%.1f to %.1f s later (Izhikevich 2007's distal reward). Follow that synapse in Synapse weights.",
                          reward.pre, reward.window_ms, reward.amount, reward.delay_min_s, reward.delay_max_s);
    }
    ImGui::Text("dopamine d = %+.3f", reward.dopamine);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Rises with each reward, falls with punishment, decays with tau_d");
    ImGui::TextDisabled("eligibility |c|: mean %.3g, max %.3g", eligibility_mean, eligibility_max);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Each synapse's eligibility trace c collects its STDP term and decays with tau_c;\n"
                        "a reward turns it into a weight change: dw/dt = eta c d.");
    // The dopamine level over the last few seconds (it decays with tau_d).
    const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * 3.2f);
    double t1 = reward.t_ms, t0 = t1 - 5000.0;
    float d_lo = -1.0f, d_hi = 1.0f;
    for (std::size_t i = 0; i < dopamine.size(); ++i) {
      if (dopamine.t(i) < t0) continue;
      d_lo = std::min(d_lo, dopamine.value(i));
      d_hi = std::max(d_hi, dopamine.value(i));
    }
    const PlotFrame f = plot_frame("##dopamine", size, t0 / 1000.0, t1 / 1000.0, d_lo, d_hi, nullptr, nullptr, 4, 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(f.area.min, f.area.max, true);
    draw_hline_dashed(dl, f.area, 0.0, IM_COL32(255, 255, 255, 70));
    scratch.clear();
    for (std::size_t i = 0; i < dopamine.size(); ++i)
      if (dopamine.t(i) >= t0 - 100.0) scratch.emplace_back(f.area.sx(dopamine.t(i) / 1000.0), f.area.sy(dopamine.value(i)));
    if (scratch.size() >= 2) dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), IM_COL32(120, 230, 140, 255), ImDrawFlags_None, 1.5f);
    // The reward rule's deliveries as ticks: visible even when the dopamine pulse falls between frames.
    for (const double t : reward.delivered_ms) {
      if (t < t0) continue;
      const float x = f.area.sx(t / 1000.0);
      dl->AddLine(ImVec2(x, f.area.min.y), ImVec2(x, f.area.max.y), IM_COL32(120, 230, 140, 110));
    }
    dl->PopClipRect();
    if (f.hovered) ImGui::SetTooltip("Dopamine over the last 5 s of simulated time%s", reward.has_task ? "; ticks: rewards delivered" : "");
  }

  // [SECTION] The other parameters
  ImGui::Separator();
  ImGui::TextDisabled("Rule parameters");
  editor.draw(target, fact.rule_params, submit, {"eta", "learn"});

  // [SECTION] Start of training
  ImGui::Separator();
  if (watch.projection() == projection) {
    ImGui::Text("mean w %.4g \xe2\x86\x92 %.4g", watch.mean_start(), watch.mean_now());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Mean weight at the start (t = %.1f s) and now", watch.start_ms() / 1000.0);
    ImGui::SameLine();
    if (ImGui::SmallButton("snapshot as start")) snapshot_requested = true;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Take the weights as they are now as the \"start\" of the before/after views.\n"
                        "Reset takes a new start as well.");
  }
  ImGui::PopID();
  ImGui::End();
}

}  // namespace neurosim::gui
