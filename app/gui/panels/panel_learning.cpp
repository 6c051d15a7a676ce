// Learning panel: the rule of one plastic projection. The learning rate comes first and large,
// then learning on / frozen, R-STDP's reward and punishment with the dopamine and eligibility
// readouts, then every other rule parameter from param_descs(). Sliders edit UI-owned values and
// send SetPlasticityParam; a rejection is shown in red and the slider returns to the applied value.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/network.hpp"
#include "neurosim/reward_task.hpp"

namespace neurosim::gui {

namespace {

const ImVec4 kAccent(0.45f, 0.75f, 1.0f, 1.0f);

std::string projection_label(const Network& network, int j) {
  const Projection& p = network.projection(j);
  const Plasticity* rule = network.plasticity(j);
  char text[256];
  std::snprintf(text, sizeof text, "%s: %s \xe2\x86\x92 %s (%.*s, %zu syn.)", p.name().c_str(),
                network.population(p.pre()).name().c_str(), network.population(p.post()).name().c_str(),
                rule != nullptr ? static_cast<int>(rule->rule().size()) : 0, rule != nullptr ? rule->rule().data() : "",
                p.synapse_count());
  return text;
}

void help_tooltip(const ParamDesc& d) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
  ImGui::TextUnformatted(d.help.data(), d.help.data() + d.help.size());
  ImGui::TextDisabled("Slider %g..%g %.*s; Ctrl+click to type a value.", d.slider_min, d.slider_max,
                      static_cast<int>(d.unit.size()), d.unit.data());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// A plain parameter slider whose range stretches to hold a value set outside it.
bool rule_slider(const ParamDesc& d, double& value) {
  double lo = std::min(d.slider_min, value);
  double hi = std::max(d.slider_max, value);
  char format[48];
  std::snprintf(format, sizeof format, "%%.4g %.*s", static_cast<int>(d.unit.size()), d.unit.data());
  const std::string label(d.name);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.0f);
  const bool changed = ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &value, &lo, &hi, format);
  help_tooltip(d);
  return changed;
}

// The learning rate: a tall logarithmic slider across the panel, with halve / double buttons.
bool eta_slider(const ParamDesc& d, double& value) {
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

const char* kPairingNames[] = {"all-to-all", "nearest", "restricted nearest"};

}  // namespace

void LearningPanel::sync(const Network& network) {
  const auto n = static_cast<std::size_t>(network.projection_count());
  desired.assign(n, {});
  seen.assign(n, {});
  error.assign(n, {});
  for (int j = 0; j < network.projection_count(); ++j) {
    if (const Plasticity* rule = network.plasticity(j)) {
      const auto v = rule->param_values();
      desired[static_cast<std::size_t>(j)].assign(v.begin(), v.end());
      seen[static_cast<std::size_t>(j)].assign(v.begin(), v.end());
    }
  }
}

void LearningPanel::draw(bool* open, const Network& network, const Experiment* experiment, const Submit& submit,
                         WeightWatch& watch) {
  snapshot_requested = false;
  if (desired.size() != static_cast<std::size_t>(network.projection_count())) sync(network);
  if (!ImGui::Begin("Learning", open)) {
    ImGui::End();
    return;
  }
  if (projection < 0 || projection >= network.projection_count() || network.plasticity(projection) == nullptr)
    projection = first_plastic_projection(network);
  if (projection < 0) {
    ImGui::TextWrapped("No projection in this scenario learns. Give one a rule, for example\n"
                       "\"plasticity\": {\"rule\": \"stdp\", \"params\": {\"eta\": 1}}, or load song2000-stdp.");
    ImGui::End();
    return;
  }

  // [SECTION] Which projection
  int plastic = 0;
  for (int j = 0; j < network.projection_count(); ++j) plastic += network.plasticity(j) != nullptr ? 1 : 0;
  if (plastic > 1) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##plastic", projection_label(network, projection).c_str())) {
      for (int j = 0; j < network.projection_count(); ++j)
        if (network.plasticity(j) != nullptr && ImGui::Selectable(projection_label(network, j).c_str(), j == projection))
          projection = j;
      ImGui::EndCombo();
    }
  } else {
    ImGui::TextWrapped("%s", projection_label(network, projection).c_str());
  }

  const auto j = static_cast<std::size_t>(projection);
  const Plasticity& rule = *network.plasticity(projection);
  const auto descs = rule.param_descs();
  const auto applied = rule.param_values();
  auto& values = desired[j];
  values.resize(descs.size(), 0.0);
  seen[j].resize(descs.size(), 0.0);
  // Values changed elsewhere (the experiment's freeze, a reset) show up in the sliders.
  for (std::size_t i = 0; i < descs.size() && i < applied.size(); ++i) {
    if (applied[i] != seen[j][i]) values[i] = applied[i];
    seen[j][i] = applied[i];
  }
  ImGui::PushID(projection);
  auto send = [&](std::size_t i) {
    std::string why = submit(SetPlasticityParam{projection, std::string(descs[i].name), values[i]});
    if (why.empty()) {
      error[j].clear();
    } else {
      error[j] = why;
      values[i] = applied[i];  // the engine kept its value
    }
  };

  // [SECTION] Learning rate and learning on/off
  const auto eta = rule.param_index("eta");
  if (eta && eta_slider(descs[static_cast<std::size_t>(*eta)], values[static_cast<std::size_t>(*eta)]))
    send(static_cast<std::size_t>(*eta));
  const auto learn = rule.param_index("learn");
  const bool evaluating = experiment != nullptr && !experiment->done() && experiment->phase() == ExperimentPhase::Evaluation;
  if (learn) {
    const bool on = applied[static_cast<std::size_t>(*learn)] != 0.0;
    ImGui::SameLine();
    ImGui::BeginDisabled(evaluating);
    ImGui::PushStyleColor(ImGuiCol_Button, on ? ImVec4(0.18f, 0.45f, 0.25f, 1.0f) : ImVec4(0.45f, 0.30f, 0.15f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on ? ImVec4(0.24f, 0.56f, 0.32f, 1.0f) : ImVec4(0.56f, 0.38f, 0.20f, 1.0f));
    if (ImGui::Button(on ? "LEARNING" : "FROZEN", ImVec2(-FLT_MIN, 0.0f))) {
      values[static_cast<std::size_t>(*learn)] = on ? 0.0 : 1.0;
      send(static_cast<std::size_t>(*learn));
    }
    ImGui::PopStyleColor(2);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(evaluating ? "The experiment's evaluation phase freezes learning; it resumes with the next epoch."
                                   : on ? "Learning: click to freeze the weights (they keep their values)"
                                        : "Frozen: click to let the weights learn again");
  }

  // [SECTION] Reward-modulated STDP
  if (const auto* rstdp = dynamic_cast<const RstdpPlasticity*>(&rule)) {
    ImGui::Separator();
    const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.48f, 0.28f, 1.0f));
    if (ImGui::Button("Reward  +1", ImVec2(bw, 0.0f))) error[j] = submit(DeliverReward{1.0});
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dopamine +1 for every R-STDP projection: eligible synapses change now");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.20f, 0.20f, 1.0f));
    if (ImGui::Button("Punish  \xe2\x88\x92" "1", ImVec2(bw, 0.0f))) error[j] = submit(DeliverReward{-1.0});
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dopamine \xe2\x88\x92" "1: eligible synapses change the other way");
    if (const RewardTask* task = network.reward_task(); task != nullptr) {
      // The scenario's own reward rule pays for one synapse, seconds after it was used.
      const RewardTask::Settings& s = task->settings();
      ImGui::TextWrapped("Reward rule: synapse %d \xe2\x86\x92 %d of %s; rewards earned %llu, delivered %llu", s.pre, s.post,
                         network.projection(s.projection).name().c_str(), static_cast<unsigned long long>(task->earned()),
                         static_cast<unsigned long long>(task->delivered()));
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("When input %d fires and the neuron follows within %.0f ms, %.2g of dopamine arrives\n"
                          "%.1f to %.1f s later (Izhikevich 2007's distal reward). Follow that synapse in Synapse weights.",
                          s.pre, static_cast<double>(s.window_steps) * network.dt(), s.amount,
                          static_cast<double>(s.delay_min_steps) * network.dt() / 1000.0,
                          static_cast<double>(s.delay_max_steps) * network.dt() / 1000.0);
    }
    ImGui::Text("dopamine d = %+.3f", rstdp->dopamine());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Rises with each reward, falls with punishment, decays with tau_d");
    ImGui::TextDisabled("eligibility |c|: mean %.3g, max %.3g", eligibility_mean, eligibility_max);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Each synapse's eligibility trace c collects its STDP term and decays with tau_c;\n"
                        "a reward turns it into a weight change: dw/dt = eta c d.");
    // The dopamine level over the last few seconds (it decays with tau_d).
    const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * 3.2f);
    double t1 = network.time_ms(), t0 = t1 - 5000.0;
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
    if (const RewardTask* task = network.reward_task()) {
      const auto& steps = task->delivered_steps();
      const auto from = static_cast<std::int64_t>(t0 / network.dt());
      for (auto it = std::lower_bound(steps.begin(), steps.end(), from); it != steps.end(); ++it) {
        const float x = f.area.sx(static_cast<double>(*it) * network.dt() / 1000.0);
        dl->AddLine(ImVec2(x, f.area.min.y), ImVec2(x, f.area.max.y), IM_COL32(120, 230, 140, 110));
      }
    }
    dl->PopClipRect();
    if (f.hovered) ImGui::SetTooltip("Dopamine over the last 5 s of simulated time%s", network.reward_task() != nullptr ? "; ticks: rewards delivered" : "");
  }

  // [SECTION] The other parameters
  ImGui::Separator();
  ImGui::TextDisabled("Rule parameters");
  for (std::size_t i = 0; i < descs.size(); ++i) {
    const ParamDesc& d = descs[i];
    if ((eta && i == static_cast<std::size_t>(*eta)) || (learn && i == static_cast<std::size_t>(*learn))) continue;
    ImGui::PushID(static_cast<int>(i));
    if (d.name == "pairing") {
      int mode = std::clamp(static_cast<int>(values[i]), 0, 2);
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.0f);
      if (ImGui::Combo("pairing", &mode, kPairingNames, 3)) {
        values[i] = mode;
        send(i);
      }
      help_tooltip(d);
    } else if (d.name == "multiplicative") {
      bool soft = values[i] != 0.0;
      if (ImGui::Checkbox("soft bounds (multiplicative)", &soft)) {
        values[i] = soft ? 1.0 : 0.0;
        send(i);
      }
      help_tooltip(d);
    } else if (rule_slider(d, values[i])) {
      send(i);
    }
    ImGui::PopID();
  }
  if (!error[j].empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", error[j].c_str());
    ImGui::PopStyleColor();
  }

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
