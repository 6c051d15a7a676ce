// STDP window panel: the weight change of one spike pair against dt = t_post - t_pre from -100 to
// +100 ms, as StdpPlasticity::window() gives it for the applied parameters, so it moves with the
// Learning sliders. Potentiation is shaded orange and depression blue, as in the difference map.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/views/stdp_pair_window.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

constexpr double kRangeMs = 100.0;
constexpr int kSamples = 400;  // per side
const ImU32 kLtp = IM_COL32(235, 120, 40, 255);
const ImU32 kLtd = IM_COL32(55, 140, 235, 255);

}  // namespace

void StdpWindowPanel::draw(bool* open, const ScenarioFacts& facts, int projection) {
  if (!ImGui::Begin("STDP window", open)) {
    ImGui::End();
    return;
  }
  const ProjectionFact* rule =
      projection >= 0 && projection < static_cast<int>(facts.projections.size()) && !facts.projections[static_cast<std::size_t>(projection)].rule_id.empty()
          ? &facts.projections[static_cast<std::size_t>(projection)]
          : nullptr;
  const std::optional<StdpPairWindow> pair = rule != nullptr ? stdp_pair_window(*rule) : std::nullopt;
  if (!pair) {
    ImGui::TextDisabled(rule == nullptr ? "No plastic projection selected." : "This rule has no pair window.");
    ImGui::End();
    return;
  }
  const StdpPairWindow& window = *pair;
  const double w_min = window.w_min, w_max = window.w_max;
  const bool soft = window.soft;
  const double tau_plus = window.tau_plus, tau_minus = window.tau_minus;
  double w = w_min + static_cast<double>(w_fraction) * (w_max - w_min);

  // [SECTION] Settings and summary line
  if (soft) {
    // Soft bounds: the change depends on the weight itself.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    char format[48];
    std::snprintf(format, sizeof format, "w = %.3g", w);
    ImGui::SliderFloat("##w", &w_fraction, 0.0f, 1.0f, format);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Soft bounds: potentiation shrinks near w_max, depression near w_min.\nThe window is drawn for this weight.");
    ImGui::SameLine();
  }
  // Depression/potentiation balance: the areas under the two sides (Song et al. 2000 need > 1).
  const double balance = window.balance();
  ImGui::TextDisabled("LTD/LTP area %.2f", balance);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A\xe2\x88\x92\xcf\x84\xe2\x88\x92 / A+\xcf\x84+ = %.3g\nAbove 1, uncorrelated input depresses on average "
                      "(Song, Miller & Abbott 2000),\nso only causally timed synapses grow.", balance);
  if (window.eligibility) {
    ImGui::SameLine();
    ImGui::TextDisabled("(feeds the eligibility trace)");
  }

  // [SECTION] Curve
  double biggest = 0.0;
  scratch.resize(2 * kSamples + 2);
  for (int i = 0; i <= kSamples; ++i) {
    // Left side: dt from -100 up to just below 0; right side: 0 to +100.
    const double dt_l = -kRangeMs + kRangeMs * i / kSamples - (i == kSamples ? 1e-9 : 0.0);
    const double dt_r = kRangeMs * i / kSamples;
    const double l = window(dt_l, w), r = window(dt_r, w);
    scratch[static_cast<std::size_t>(i)] = ImVec2(static_cast<float>(dt_l), static_cast<float>(l));
    scratch[static_cast<std::size_t>(kSamples + 1 + i)] = ImVec2(static_cast<float>(dt_r), static_cast<float>(r));
    biggest = std::max({biggest, std::abs(l), std::abs(r)});
  }
  if (!(biggest > 0.0)) biggest = 1e-3;
  const double y = biggest * 1.2;
  const ImVec2 size = ImGui::GetContentRegionAvail();
  const PlotFrame f = plot_frame("##stdp", size, -kRangeMs, kRangeMs, -y, y, "\xce\x94w per spike pair",
                                 "\xce\x94t = t_post \xe2\x88\x92 t_pre (ms)", 4, 4);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.area.min, f.area.max, true);
  const float y0 = f.area.sy(0.0);
  // Shaded areas, then the zero lines, then the curve on top. The strips are drawn without
  // anti-aliased edges: their fringes would add up to visible seams between neighbours.
  const ImDrawListFlags flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (int side = 0; side < 2; ++side) {
    const std::size_t first = side == 0 ? 0 : kSamples + 1;
    const ImU32 fill = side == 0 ? IM_COL32(55, 140, 235, 55) : IM_COL32(235, 120, 40, 55);
    for (std::size_t i = first; i < first + kSamples; ++i) {
      const ImVec2 a(f.area.sx(scratch[i].x), f.area.sy(scratch[i].y));
      const ImVec2 b(f.area.sx(scratch[i + 1].x), f.area.sy(scratch[i + 1].y));
      // Each strip between the curve and zero; split where a soft-bound curve crosses zero.
      if ((a.y - y0) * (b.y - y0) >= 0.0f) {
        dl->AddQuadFilled(a, b, ImVec2(b.x, y0), ImVec2(a.x, y0), fill);
      } else {
        const float t = (y0 - a.y) / (b.y - a.y);
        const ImVec2 m(a.x + (b.x - a.x) * t, y0);
        dl->AddTriangleFilled(a, m, ImVec2(a.x, y0), fill);
        dl->AddTriangleFilled(m, b, ImVec2(b.x, y0), fill);
      }
    }
  }
  dl->Flags = flags;
  dl->AddLine(ImVec2(f.area.min.x, y0), ImVec2(f.area.max.x, y0), IM_COL32(255, 255, 255, 110));
  draw_vline_dashed(dl, f.area, 0.0, IM_COL32(255, 255, 255, 110));
  for (int side = 0; side < 2; ++side) {
    const std::size_t first = side == 0 ? 0 : kSamples + 1;
    for (std::size_t i = first; i <= first + kSamples; ++i) scratch[i] = ImVec2(f.area.sx(scratch[i].x), f.area.sy(scratch[i].y));
    dl->AddPolyline(scratch.data() + first, kSamples + 1, side == 0 ? kLtd : kLtp, ImDrawFlags_None, 2.0f);
  }
  // Labels in the two empty quadrants, pointing at their side: potentiation (dt > 0, above) is
  // named at the top left, depression (dt < 0, below) at the bottom right.
  const float pad = 6.0f;
  const float line = ImGui::GetTextLineHeight();
  const ImU32 dim = IM_COL32(255, 255, 255, 120);
  char text[64];
  std::snprintf(text, sizeof text, "LTP \xcf\x84+ %.3g ms \xe2\x86\x92", tau_plus);
  dl->AddText(ImVec2(f.area.min.x + pad, f.area.min.y + pad), kLtp, text);
  dl->AddText(ImVec2(f.area.min.x + pad, f.area.min.y + pad + line), dim, "pre before post");
  std::snprintf(text, sizeof text, "\xe2\x86\x90 LTD \xcf\x84\xe2\x88\x92 %.3g ms", tau_minus);
  const float right = f.area.max.x - pad;
  dl->AddText(ImVec2(right - ImGui::CalcTextSize(text).x, f.area.max.y - pad - 2.0f * line), kLtd, text);
  dl->AddText(ImVec2(right - ImGui::CalcTextSize("post before pre").x, f.area.max.y - pad - line), dim, "post before pre");
  dl->PopClipRect();
  if (f.hovered) {
    const double dt = f.area.x_at(ImGui::GetIO().MousePos.x);
    ImGui::SetTooltip("\xce\x94t = %.1f ms\n\xce\x94w = %+.4g", dt, window(dt, w));
  }
  ImGui::End();
}

}  // namespace neurosim::gui
