// Confusion panel: after the test phase, how each true digit was answered (rows the true label,
// columns the answer, answered images only, as experiment.json's "test.confusion"), with the
// per-label accuracy beside it and the totals above. Before the test, the panel says when the
// test will run.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/classification_panels.hpp"
#include "gui/render/colormap.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/shell/style.hpp"

namespace neurosim::gui {

namespace {

ImU32 colormap_u32(const ColormapTable& lut, double x) {
  const auto& c = lut[static_cast<std::size_t>(std::clamp(x, 0.0, 1.0) * 255.0 + 0.5)];
  return IM_COL32(c[0], c[1], c[2], 255);
}

}  // namespace

void ConfusionPanel::draw(bool* open, const ClassificationFrame& frame) {
  if (!ImGui::Begin("Confusion", open)) {
    ImGui::End();
    return;
  }
  if (!frame.tested) {
    ImGui::TextWrapped("The confusion matrix appears once the test phase has run: after training, every test image is shown "
                       "once with learning and the label assignments frozen.");
    ImGui::End();
    return;
  }
  const double acc = frame.test_images > 0 ? static_cast<double>(frame.test_correct) / static_cast<double>(frame.test_images) : 0.0;
  ImGui::Text("test: %llu of %llu right (%.1f %%), %llu unanswered", static_cast<unsigned long long>(frame.test_correct),
              static_cast<unsigned long long>(frame.test_images), 100.0 * acc, static_cast<unsigned long long>(frame.test_unanswered));
  ImGui::Text("decision latency %.1f ms, energy %s per image (%s)", frame.test_latency_ms,
              format_joules(frame.test_images > 0 ? frame.test_energy_j / static_cast<double>(frame.test_images) : 0.0).c_str(),
              frame.energy_model.c_str());
  ImGui::Checkbox("rows as fractions", &normalise_rows);
  hover_tooltip("Colour each row by the share of that digit's answered images, instead of by counts.");

  const int n = frame.labels;
  if (n <= 0 || frame.confusion.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(n)) {
    ImGui::End();
    return;
  }
  std::vector<double> row_sum(static_cast<std::size_t>(n), 0.0);
  double cmax = 1.0;
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const double v = static_cast<double>(frame.confusion[static_cast<std::size_t>(r * n + c)]);
      row_sum[static_cast<std::size_t>(r)] += v;
      cmax = std::max(cmax, v);
    }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = 26.0f, bar_w = 110.0f;
  const float cell = std::max(8.0f, std::min((avail.x - label_w - bar_w - 16.0f) / static_cast<float>(n),
                                             (avail.y - 2.0f * ImGui::GetTextLineHeight() - 8.0f) / static_cast<float>(n)));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 grid(o.x + label_w, o.y + ImGui::GetTextLineHeight() + 2.0f);
  ImGui::Dummy(ImVec2(label_w + cell * static_cast<float>(n) + bar_w + 16.0f, cell * static_cast<float>(n) + 2.0f * ImGui::GetTextLineHeight() + 4.0f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ColormapTable& lut = viridis();
  char text[32];
  for (int c = 0; c < n; ++c) {
    std::snprintf(text, sizeof text, "%d", c);
    dl->AddText(ImVec2(grid.x + cell * (static_cast<float>(c) + 0.35f), o.y), IM_COL32(200, 200, 200, 255), text);
  }
  for (int r = 0; r < n; ++r) {
    std::snprintf(text, sizeof text, "%d", r);
    dl->AddText(ImVec2(o.x + 6.0f, grid.y + cell * (static_cast<float>(r) + 0.3f)), IM_COL32(200, 200, 200, 255), text);
    for (int c = 0; c < n; ++c) {
      const double v = static_cast<double>(frame.confusion[static_cast<std::size_t>(r * n + c)]);
      const double shade = normalise_rows ? (row_sum[static_cast<std::size_t>(r)] > 0 ? v / row_sum[static_cast<std::size_t>(r)] : 0.0)
                                          : std::sqrt(v / cmax);  // square root: the off-diagonal errors stay visible
      const ImVec2 a(grid.x + cell * static_cast<float>(c), grid.y + cell * static_cast<float>(r));
      dl->AddRectFilled(a, ImVec2(a.x + cell - 1.0f, a.y + cell - 1.0f), colormap_u32(lut, shade));
      if (cell >= 26.0f && v > 0) {
        std::snprintf(text, sizeof text, "%.0f", v);
        const ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(a.x + (cell - ts.x) * 0.5f, a.y + (cell - ts.y) * 0.5f), shade > 0.6 ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255), text);
      }
    }
    // Per-label accuracy bar.
    const double pl = r < static_cast<int>(frame.per_label.size()) ? frame.per_label[static_cast<std::size_t>(r)] : 0.0;
    const ImVec2 b(grid.x + cell * static_cast<float>(n) + 10.0f, grid.y + cell * static_cast<float>(r) + 2.0f);
    dl->AddRectFilled(b, ImVec2(b.x + bar_w * static_cast<float>(pl), b.y + cell - 5.0f), pattern_color(r, 0.85f));
    std::snprintf(text, sizeof text, "%.0f %%", 100.0 * pl);
    dl->AddText(ImVec2(b.x + 3.0f, b.y + (cell - 5.0f - ImGui::GetTextLineHeight()) * 0.5f), IM_COL32(255, 255, 255, 255), text);
  }
  dl->AddText(ImVec2(grid.x, grid.y + cell * static_cast<float>(n) + 2.0f), IM_COL32(170, 170, 170, 255),
              "rows: true digit, columns: answer; right: accuracy per digit");
  ImGui::End();
}

}  // namespace neurosim::gui
