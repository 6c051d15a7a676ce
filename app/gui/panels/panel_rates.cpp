// Population rate panel: the firing rate of every population (Hz) over a sliding window, from
// the engine's rate bins, smoothed by a trailing box filter so the line never runs ahead of the
// data, with a legend that reads the current rate of each population.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/render/palette.hpp"
#include "gui/panels/panels.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/panels/print_theme.hpp"
#include "gui/views/plot_svg.hpp"
#include "gui/views/rate_history.hpp"

namespace neurosim::gui {

void RatesPanel::draw(bool* open, const RateHistory& rates, const ScenarioFacts& facts) {
  if (!ImGui::Begin("Firing rates", open)) {
    ImGui::End();
    return;
  }
  const double bin_ms = rates.bin_ms();
  const int pops = std::min(rates.populations(), static_cast<int>(facts.populations.size()));
  if (!(bin_ms > 0.0) || pops == 0) {
    ImGui::TextDisabled("No rate monitor in this network.");
    ImGui::End();
    return;
  }
  // An exported picture (print_theme.hpp) has no controls, and axis titles with units.
  const bool picture = drawing_picture();
  if (!picture) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    ImGui::SliderFloat("window", &window_ms, 100.0f, 4000.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    ImGui::SliderFloat("smoothing", &smooth_ms, static_cast<float>(bin_ms), 100.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic);
  }

  // [SECTION] Smoothed series of the visible bins (shared with the SVG picture, plot_svg.hpp)
  RateWindow window = smoothed_rates(rates, pops, window_ms, smooth_ms);
  smoothed = std::move(window.series);
  const double first_t = window.first_t_ms;
  const double t_end = window.t_end_ms;
  const std::size_t shown = smoothed.empty() ? 0 : smoothed.front().size();
  const float peak = window.peak;
  y_max = peak * 1.15f > y_max ? peak * 1.15f : std::max(1.0f, y_max * 0.995f + peak * 1.15f * 0.005f);

  // [SECTION] Legend: current rate per population
  for (int p = 0; p < pops; ++p) {
    const auto& series = smoothed[static_cast<std::size_t>(p)];
    const float now = series.empty() ? 0.0f : series.back();
    char entry[160];
    const std::string& name = facts.populations[static_cast<std::size_t>(p)].name;
    std::snprintf(entry, sizeof entry, "%s %.1f Hz", name.c_str(), static_cast<double>(now));
    // Entries flow onto the next line when the row is full.
    if ((p > 0 || !picture) && ImGui::GetItemRectMax().x + ImGui::GetFontSize() + ImGui::CalcTextSize(entry).x <
                     ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine(0.0f, ImGui::GetFontSize());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme_population_color(p)), "%s %.1f Hz", name.c_str(), static_cast<double>(now));
  }

  // [SECTION] Plot
  const float th = ImGui::GetTextLineHeight();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  PlotArea area;
  area.min = ImVec2(origin.x + ImGui::CalcTextSize("0000").x + 8.0f, origin.y + 4.0f);
  area.max = ImVec2(origin.x + avail.x - 6.0f, origin.y + std::max(40.0f, avail.y - th * (picture ? 2.0f : 1.0f) - (picture ? 12.0f : 6.0f)));
  area.x0 = t_end - static_cast<double>(window_ms);
  area.x1 = t_end;
  area.y0 = 0.0;
  area.y1 = y_max;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_plot_frame(dl, area, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 5.0f))),
                  std::max(2, static_cast<int>(area.height() / (th * 2.0f))), true, "ms");
  dl->AddText(ImVec2(area.min.x + 4.0f, area.min.y + 2.0f), ImGui::GetColorU32(picture ? ImGuiCol_Text : ImGuiCol_TextDisabled),
              picture ? "rate (Hz)" : "Hz");
  if (picture) draw_x_title(dl, area.min, area.max, th + 6.0f, "time (ms)");
  dl->PushClipRect(area.min, area.max, true);
  for (int p = 0; p < pops; ++p) {
    const auto& series = smoothed[static_cast<std::size_t>(p)];
    plot_mean(
        dl, area, series.size(),
        [&](std::size_t i) { return first_t + static_cast<double>(i) * bin_ms; },
        [&](std::size_t i) { return static_cast<double>(series[i]); }, theme_population_color(p), 2.0f, scratch);
  }
  dl->PopClipRect();
  ImGui::Dummy(ImVec2(avail.x, std::max(40.0f, avail.y)));
  if (ImGui::IsItemHovered() && area.width() > 0) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const double t = area.x_at(mouse.x);
    const long i = std::lround((t - first_t) / bin_ms);
    if (i >= 0 && i < static_cast<long>(shown)) {
      dl->AddLine(ImVec2(mouse.x, area.min.y), ImVec2(mouse.x, area.max.y), plot_colors().hover_line);
      ImGui::BeginTooltip();
      ImGui::Text("t = %.1f ms", t);
      for (int p = 0; p < pops; ++p)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme_population_color(p)), "%s: %.1f Hz",
                           facts.populations[static_cast<std::size_t>(p)].name.c_str(),
                           static_cast<double>(smoothed[static_cast<std::size_t>(p)][static_cast<std::size_t>(i)]));
      ImGui::EndTooltip();
    }
  }
  ImGui::End();
}

}  // namespace neurosim::gui
