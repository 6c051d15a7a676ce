// Synapse weights panel: a few chosen synapses of the followed projection over the whole session
// (sample series that coarsen as they fill, so memory stays flat), with the mean weight. Synapses
// are chosen by pre/post index here or by clicking a cell of the before/after maps.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/render/palette.hpp"

namespace neurosim::gui {

namespace {

ImU32 synapse_color(std::size_t i) { return population_color(static_cast<int>(i)); }

}  // namespace

void SynapsePanel::draw(bool* open, WeightWatch& watch) {
  if (!ImGui::Begin("Synapse weights", open)) {
    ImGui::End();
    return;
  }
  if (watch.projection() < 0) {
    ImGui::TextDisabled("No plastic projection.");
    ImGui::End();
    return;
  }

  // [SECTION] Choosing
  const float field = ImGui::GetFontSize() * 5.5f;
  ImGui::SetNextItemWidth(field);
  ImGui::InputInt("pre", &pick_pre);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::InputInt("post", &pick_post);
  pick_pre = std::clamp(pick_pre, 0, std::max(0, watch.pre_size() - 1));
  pick_post = std::clamp(pick_post, 0, std::max(0, watch.post_size() - 1));
  ImGui::SameLine();
  if (ImGui::Button("Follow")) watch.request_choice(pick_pre, pick_post);  // done at the next update
  message = watch.choose_message();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Follow the synapse pre \xe2\x86\x92 post (or click a cell of the before/after maps)");
  ImGui::SameLine();
  ImGui::Checkbox("mean", &show_mean);
  if (!message.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.40f, 1.0f), "%s", message.c_str());
  }
  const auto& chosen = watch.chosen();
  std::size_t remove = chosen.size();
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    char label[96];
    std::snprintf(label, sizeof label, "%d\xe2\x86\x92%d  w %.3g", chosen[i].pre, chosen[i].post,
                  static_cast<double>(chosen[i].weight));
    const float entry = ImGui::CalcTextSize(label).x + ImGui::GetFontSize() * 2.5f;
    if (i > 0 && ImGui::GetItemRectMax().x + entry < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine(0.0f, ImGui::GetFontSize());
    ImGui::PushID(static_cast<int>(i));
    legend_chip(synapse_color(i), label);
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = i;
    ImGui::PopID();
  }
  if (remove < chosen.size()) watch.unchoose(remove);
  if (chosen.empty()) ImGui::TextDisabled("No synapse followed yet: pick one above or click a before/after map.");

  // [SECTION] Plot over the session
  const double t1 = std::max(watch.now_ms(), 1.0);
  double t0 = t1;
  for (const ChosenSynapse& c : chosen)
    if (c.series.size() > 0) t0 = std::min(t0, c.series.t(0));
  if (show_mean && watch.mean_series().size() > 0) t0 = std::min(t0, watch.mean_series().t(0));
  if (t0 >= t1) t0 = std::max(0.0, t1 - 1000.0);
  const PlotFrame f = plot_frame("##synapses", ImGui::GetContentRegionAvail(), t0 / 1000.0, t1 / 1000.0, watch.lo(),
                                 watch.hi(), "weight", "time (s)", 5, 4);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.area.min, f.area.max, true);
  draw_vline_dashed(dl, f.area, watch.start_ms() / 1000.0, IM_COL32(255, 255, 255, 70));
  auto plot = [&](const SampleSeries& s, ImU32 color, float thickness) {
    plot_decimated(dl, f.area, s.size(), [&](std::size_t i) { return s.t(i) / 1000.0; },
                   [&](std::size_t i) { return static_cast<double>(s.value(i)); }, color, thickness, scratch);
  };
  if (show_mean) plot(watch.mean_series(), IM_COL32(240, 240, 240, 150), 1.5f);
  for (std::size_t i = 0; i < chosen.size(); ++i) plot(chosen[i].series, synapse_color(i), 2.0f);
  dl->PopClipRect();
  if (f.hovered && !chosen.empty()) ImGui::SetTooltip("t = %.2f s", f.area.x_at(ImGui::GetIO().MousePos.x));
  ImGui::End();
}

}  // namespace neurosim::gui
