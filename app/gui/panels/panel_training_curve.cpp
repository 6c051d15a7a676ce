// Training curve panel: the dashboard's accuracy, energy and latency on the digit task. Accuracy
// over images as a running mean over the last `window` scored images (training thin, the test
// phase bold), each finished epoch's accuracy as a step; below, energy and decision latency per
// image over the same axis.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/classification_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/shell/style.hpp"

namespace neurosim::gui {

void TrainingCurvePanel::draw(bool* open, const ClassificationFrame& frame) {
  if (!ImGui::Begin("Training curve", open)) {
    ImGui::End();
    return;
  }
  if (!frame.active) {
    ImGui::TextWrapped("No classification experiment in this scenario.");
    ImGui::End();
    return;
  }
  ImGui::Text("epoch %d/%d  %s  %.0f %%", std::min(frame.epoch + 1, std::max(1, frame.epochs)), frame.epochs, frame.phase.c_str(),
              100.0 * frame.progress);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110.0f);
  ImGui::SliderInt("##window", &window, 10, 1000, "mean of %d");
  hover_tooltip("The accuracy curve is the share of right answers over this many last scored images.");

  const auto& s = frame.scored;
  const double x1 = s.empty() ? 1.0 : static_cast<double>(s.back().index);
  const double x0 = s.empty() ? 0.0 : static_cast<double>(s.front().index);
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = std::max(80.0f, (ImGui::GetContentRegionAvail().y - 8.0f) / 3.0f);

  // Running accuracy.
  const PlotFrame a = plot_frame("##acc", ImVec2(w, h), x0, std::max(x1, x0 + 1.0), 0.0, 1.0, "accuracy (running mean)", "images scored", 5, 4);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(a.area.min, a.area.max, true);
  draw_hline_dashed(dl, a.area, 0.1, IM_COL32(255, 255, 255, 50));  // chance for ten digits
  const int n = static_cast<int>(s.size());
  const int k = std::max(1, window);
  for (int pass = 0; pass < 2; ++pass) {  // training, then the test on top
    const bool test = pass == 1;
    scratch.clear();
    int right = 0, count = 0, first = 0;
    for (int i = 0; i < n; ++i) {
      if (s[static_cast<std::size_t>(i)].test != test) continue;
      if (count == 0) first = i;
      right += s[static_cast<std::size_t>(i)].correct ? 1 : 0;
      ++count;
      // Drop the oldest of this kind once the window is full.
      while (count > k) {
        if (s[static_cast<std::size_t>(first)].test == test) {
          right -= s[static_cast<std::size_t>(first)].correct ? 1 : 0;
          --count;
        }
        ++first;
      }
      scratch.emplace_back(a.area.sx(static_cast<double>(s[static_cast<std::size_t>(i)].index)),
                           a.area.sy(static_cast<double>(right) / static_cast<double>(count)));
    }
    if (scratch.size() >= 2)
      add_polyline_split(dl, scratch.data(), static_cast<int>(scratch.size()), test ? IM_COL32(120, 230, 140, 255) : IM_COL32(110, 170, 255, 255),
                         test ? 2.5f : 1.5f);
  }
  dl->PopClipRect();
  legend_chip(IM_COL32(110, 170, 255, 255), "training");
  ImGui::SameLine();
  legend_chip(IM_COL32(120, 230, 140, 255), "test (learning frozen)");
  for (std::size_t e = 0; e < frame.epoch_accuracy.size(); ++e) {
    ImGui::SameLine();
    ImGui::Text(" epoch %zu: %.1f %%", e + 1, 100.0 * frame.epoch_accuracy[e]);
  }

  // Energy and latency per image.
  double emax = 1e-15, lmax = 1.0;
  for (const ScoredImage& x : s) {
    emax = std::max(emax, static_cast<double>(x.energy_j));
    if (x.latency_ms >= 0) lmax = std::max(lmax, static_cast<double>(x.latency_ms));
  }
  const float h2 = std::max(70.0f, (ImGui::GetContentRegionAvail().y - 6.0f) / 2.0f);
  char title[96];
  std::snprintf(title, sizeof title, "energy per image (uJ, %s)", frame.energy_model.c_str());
  const PlotFrame e = plot_frame("##energy", ImVec2(w, h2), x0, std::max(x1, x0 + 1.0), 0.0, emax * 1e6 * 1.1, title, "images scored", 5, 3);
  dl->PushClipRect(e.area.min, e.area.max, true);
  plot_mean(dl, e.area, s.size(), [&](std::size_t i) { return static_cast<double>(s[i].index); },
            [&](std::size_t i) { return static_cast<double>(s[i].energy_j) * 1e6; }, IM_COL32(240, 180, 90, 255), 1.5f, scratch);
  dl->PopClipRect();
  const PlotFrame l = plot_frame("##latency", ImVec2(w, std::max(70.0f, ImGui::GetContentRegionAvail().y - 4.0f)), x0, std::max(x1, x0 + 1.0), 0.0,
                                 lmax * 1.1, "decision latency, test phase (ms after image onset)", "images scored", 5, 3);
  dl->PushClipRect(l.area.min, l.area.max, true);
  for (const ScoredImage& x : s) {
    if (x.latency_ms < 0) continue;
    const ImVec2 p(l.area.sx(static_cast<double>(x.index)), l.area.sy(x.latency_ms));
    dl->AddRectFilled(ImVec2(p.x - 1.2f, p.y - 1.2f), ImVec2(p.x + 1.2f, p.y + 1.2f),
                      x.correct ? IM_COL32(120, 230, 140, 170) : IM_COL32(255, 110, 100, 170));
  }
  dl->PopClipRect();
  ImGui::End();
}

}  // namespace neurosim::gui
