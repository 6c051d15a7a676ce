// Weight histogram panel: the weights of the followed projection in bins over the rule's
// [w_min, w_max], now (bars) and at the start of training (outline), so that the drift to the
// bounds (Song et al. 2000's bimodal distribution) shows as it happens.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

void WeightHistPanel::draw(bool* open, const ScenarioFacts& facts, const WeightWatch& watch) {
  if (!ImGui::Begin("Weight histogram", open)) {
    ImGui::End();
    return;
  }
  if (watch.projection() < 0 || watch.counts_now().empty()) {
    ImGui::TextDisabled("No plastic projection.");
    ImGui::End();
    return;
  }
  ImGui::Checkbox("start", &show_start);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Outline: the weights at the start (t = %.1f s)", watch.start_ms() / 1000.0);
  ImGui::SameLine();
  ImGui::Checkbox("log", &log_counts);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Logarithmic counts: a few synapses stay visible next to a pile at a bound");
  ImGui::SameLine();
  ImGui::TextDisabled("%s synapses of %s", format_count(static_cast<double>(watch.synapses())).c_str(),
                      watch.projection() < static_cast<int>(facts.projections.size())
                          ? facts.projections[static_cast<std::size_t>(watch.projection())].name.c_str()
                          : "?");

  const auto& now = watch.counts_now();
  const auto& start = watch.counts_start();
  const int bins = static_cast<int>(now.size());
  auto height = [&](int c) { return log_counts ? std::log10(1.0 + c) : static_cast<double>(c); };
  // The axis follows the weights now; a start that towered over them (every weight starting
  // equal) is clipped and its peak written at the top instead of squashing the bars.
  double top = 1.0, start_top = 0.0;
  int start_peak = 0;
  for (int b = 0; b < bins; ++b) {
    top = std::max(top, height(now[static_cast<std::size_t>(b)]));
    if (b < static_cast<int>(start.size()) && height(start[static_cast<std::size_t>(b)]) > start_top) {
      start_top = height(start[static_cast<std::size_t>(b)]);
      start_peak = b;
    }
  }
  const bool clip_start = show_start && start_top > top * 2.0;
  if (show_start && !clip_start) top = std::max(top, start_top);
  const double lo = watch.lo(), hi = watch.hi();
  const PlotFrame f = plot_frame("##hist", ImGui::GetContentRegionAvail(), lo, hi, 0.0, top * 1.08,
                                 log_counts ? "log10(1 + synapses)" : "synapses per bin", "weight w", 5, 4);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.area.min, f.area.max, true);
  const double width = (hi - lo) / bins;
  for (int b = 0; b < bins; ++b) {
    const double x0 = lo + b * width, x1 = x0 + width;
    const double h = height(now[static_cast<std::size_t>(b)]);
    if (h > 0.0)
      dl->AddRectFilled(ImVec2(f.area.sx(x0) + 0.5f, f.area.sy(h)), ImVec2(f.area.sx(x1) - 0.5f, f.area.sy(0.0)),
                        IM_COL32(70, 175, 160, 220));
  }
  if (show_start && static_cast<int>(start.size()) == bins) {
    // A step outline over the bins.
    ImVec2 last(f.area.sx(lo), f.area.sy(0.0));
    for (int b = 0; b < bins; ++b) {
      const float y = f.area.sy(height(start[static_cast<std::size_t>(b)]));
      const float x0 = f.area.sx(lo + b * width), x1 = f.area.sx(lo + (b + 1) * width);
      dl->AddLine(last, ImVec2(x0, y), IM_COL32(240, 240, 240, 170), 1.5f);
      dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), IM_COL32(240, 240, 240, 170), 1.5f);
      last = ImVec2(x1, y);
    }
    dl->AddLine(last, ImVec2(last.x, f.area.sy(0.0)), IM_COL32(240, 240, 240, 170), 1.5f);
    if (clip_start) {
      char label[48];
      std::snprintf(label, sizeof label, "start \xe2\x86\x91 %d", start[static_cast<std::size_t>(start_peak)]);
      const float x = f.area.sx(lo + (start_peak + 1) * width) + 4.0f;
      const float w = ImGui::CalcTextSize(label).x;
      dl->AddText(ImVec2(std::min(x, f.area.max.x - w - 2.0f), f.area.min.y + 2.0f), IM_COL32(240, 240, 240, 200), label);
    }
  }
  // The means, now and at the start.
  draw_vline_dashed(dl, f.area, watch.mean_start(), IM_COL32(240, 240, 240, 120));
  dl->AddLine(ImVec2(f.area.sx(watch.mean_now()), f.area.min.y), ImVec2(f.area.sx(watch.mean_now()), f.area.max.y),
              IM_COL32(120, 240, 210, 200), 1.5f);
  dl->PopClipRect();
  if (f.hovered) {
    const int b = std::clamp(static_cast<int>((f.area.x_at(ImGui::GetIO().MousePos.x) - lo) / width), 0, bins - 1);
    ImGui::SetTooltip("w in [%.4g, %.4g)\nnow: %d synapses\nstart: %d\nmean now %.4g (solid), start %.4g (dashed)",
                      lo + b * width, lo + (b + 1) * width, now[static_cast<std::size_t>(b)],
                      b < static_cast<int>(start.size()) ? start[static_cast<std::size_t>(b)] : 0, watch.mean_now(),
                      watch.mean_start());
  }
  ImGui::End();
}

}  // namespace neurosim::gui
