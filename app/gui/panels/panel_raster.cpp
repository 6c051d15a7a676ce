// Spike raster panel: shows the texture the raster renderer drew (newest time at the right),
// population bands with their names, a time axis in ms, and picks a neuron for tracing on click.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"  // draw_pattern_bands
#include "gui/render/palette.hpp"
#include "gui/panels/panels.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/panels/print_theme.hpp"
#include "gui/views/raster_pixels.hpp"
#include "gui/views/raster_ring.hpp"
#include "gui/views/pattern_bands.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

int RasterPanel::steps_per_column(double dt_ms) const {
  // Enough steps per column that the window fits in the ring.
  const double steps = static_cast<double>(window_ms) / (dt_ms * RasterRing::kColumns);
  return std::max(1, static_cast<int>(std::ceil(steps - 1e-9)));
}

void RasterPanel::draw(bool* open, const ScenarioFacts& facts, const RasterRing& ring, const PatternBands& bands,
                       ImTextureID texture, AppRequests& requests, const RasterPixels* pixels) {
  const auto& populations = facts.populations;
  const int population_count = static_cast<int>(populations.size());
  auto name_of = [&](int i) -> const std::string& { return populations[static_cast<std::size_t>(i)].name; };
  image_width = image_height = 0;
  if (!ImGui::Begin("Spike raster", open)) {
    ImGui::End();
    return;
  }
  // [SECTION] Settings row and legend
  // An exported picture (print_theme.hpp) has the legend but no controls, and an x axis title.
  const bool picture = drawing_picture();
  static constexpr float kWindows[] = {100, 200, 500, 1000, 2000, 5000, 10000};
  char current[32];
  std::snprintf(current, sizeof current, "%.0f ms", static_cast<double>(window_ms));
  if (!picture) ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
  if (!picture && ImGui::BeginCombo("window", current)) {
    for (float w : kWindows) {
      char label[32];
      std::snprintf(label, sizeof label, "%.0f ms", static_cast<double>(w));
      if (ImGui::Selectable(label, w == window_ms)) window_ms = w;
    }
    ImGui::EndCombo();
  }
  for (int i = 0; i < population_count; ++i) {
    // Legend entries flow onto the next line when the row is full.
    const float entry_w = ImGui::GetTextLineHeight() + ImGui::CalcTextSize(name_of(i).c_str()).x;
    if ((i > 0 || !picture) &&
        ImGui::GetItemRectMax().x + ImGui::GetFontSize() + entry_w < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine(0.0f, ImGui::GetFontSize());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float s = ImGui::GetTextLineHeight() * 0.7f;
    const float y = p.y + (ImGui::GetFrameHeight() - s) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + s, y + s), theme_population_color(i), 2.0f);
    ImGui::Dummy(ImVec2(s + 4.0f, ImGui::GetFrameHeight()));
    ImGui::SameLine(0.0f, 0.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s", name_of(i).c_str());
  }
  if (ring.lost() > 0 && !picture) {
    ImGui::SameLine(0.0f, ImGui::GetFontSize());
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.40f, 1.0f), "%llu spikes lost", static_cast<unsigned long long>(ring.lost()));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The engine's spike ring overwrote events before the window read them\n(the simulation ran far ahead of drawing).");
  }

  // [SECTION] Image with bands and time axis
  float margin_left = 0.0f;
  for (int i = 0; i < population_count; ++i)
    margin_left = std::max(margin_left, ImGui::CalcTextSize(name_of(i).c_str()).x);
  margin_left += 10.0f;
  const float axis_h = ImGui::GetTextLineHeight() * (picture ? 2.0f : 1.0f) + (picture ? 10.0f : 6.0f);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size(std::max(16.0f, avail.x - margin_left - 4.0f), std::max(16.0f, avail.y - axis_h));
  const ImVec2 img_min(origin.x + margin_left, origin.y);
  const ImVec2 img_max(img_min.x + size.x, img_min.y + size.y);
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  image_width = static_cast<int>(size.x * scale.x);
  image_height = static_cast<int>(size.y * scale.y);

  const double dt = facts.dt_ms;
  const int spc = ring.steps_per_column();
  visible_columns = std::clamp(static_cast<int>(std::lround(window_ms / (spc * dt))), 1, RasterRing::kColumns);
  const double column_ms = spc * dt;
  // The pixel ring spans whole pixel columns: its right edge may run a little past the newest
  // column (drawn empty), so its time axis is its own.
  const bool ring_of_pixels = pixels != nullptr && pixels->ready() && pixels->width() > 0;
  const double t_end = ring_of_pixels ? pixels->column_end() * column_ms : static_cast<double>(ring.newest_column() + 1) * column_ms;
  const double t_begin = ring_of_pixels ? pixels->column_begin() * column_ms : t_end - visible_columns * column_ms;

  // An invisible button takes the clicks (a plain Image would let a drag move the window), and
  // the texture is drawn under it. The offscreen texture has its origin at the bottom-left: v is
  // flipped so it shows upright.
  ImGui::SetCursorScreenPos(img_min);
  ImGui::InvisibleButton("raster", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ring_of_pixels) {
    const float u = pixels->u_begin();
    dl->AddImage(texture, img_min, img_max, ImVec2(u, 0), ImVec2(u + 1.0f, 1));  // row 0 at the top
  } else {
    dl->AddImage(texture, img_min, img_max, ImVec2(0, 1), ImVec2(1, 0));
  }
  draw_pattern_bands(dl, bands, dt, img_min, img_max, t_begin, t_end);  // hidden patterns, if any

  // Population bands: a separator line and the name, in the population's colour.
  const float rows = static_cast<float>(ring.rows());
  for (int i = 0; i < population_count && i < ring.population_count(); ++i) {
    if (ring.band_end(i) <= ring.band_begin(i)) continue;
    const float y0 = img_min.y + size.y * static_cast<float>(ring.band_begin(i)) / rows;
    const float y1 = img_min.y + size.y * static_cast<float>(ring.band_end(i)) / rows;
    if (i > 0) dl->AddLine(ImVec2(img_min.x - 6.0f, y0), ImVec2(img_max.x, y0), plot_colors().band_line);
    const char* name = name_of(i).c_str();
    const float th = ImGui::GetTextLineHeight();
    if (y1 - y0 >= th) {
      const float w = ImGui::CalcTextSize(name).x;
      dl->AddText(ImVec2(img_min.x - w - 6.0f, (y0 + y1 - th) * 0.5f), theme_population_color(i), name);
    }
  }

  // Time axis (absolute simulated time).
  PlotArea axis;
  axis.min = img_min;
  axis.max = img_max;
  axis.x0 = t_begin;
  axis.x1 = t_end;
  double step = 0;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const std::vector<double> ticks =
      nice_ticks(t_begin, t_end, std::max(2, static_cast<int>(size.x / (ImGui::GetFontSize() * 7.0f))), &step);
  float free_until = 1e30f;  // right to left: the newest label always shows, overlapping ones are skipped
  for (auto it = ticks.rbegin(); it != ticks.rend(); ++it) {
    const double t = *it;
    if (t < 0.0) continue;
    const float x = axis.sx(t);
    dl->AddLine(ImVec2(x, img_max.y), ImVec2(x, img_max.y + 4.0f), text);
    const std::string label = tick_label(t, step) + (it == ticks.rbegin() ? " ms" : "");
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::clamp(x - w * 0.5f, img_min.x, img_max.x - w);
    if (lx + w > free_until) continue;
    dl->AddText(ImVec2(lx, img_max.y + 5.0f), text, label.c_str());
    free_until = lx - ImGui::GetFontSize() * 0.5f;
  }
  dl->AddRect(img_min, img_max, plot_colors().border);
  if (picture) draw_x_title(dl, img_min, img_max, ImGui::GetTextLineHeight() + 8.0f, "time (ms)");

  // Hover and click: which neuron (or bin of neurons) and when.
  if ((hovered || clicked) && ring.total_neurons() > 0) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int row = std::clamp(static_cast<int>((mouse.y - img_min.y) / size.y * rows), 0, ring.rows() - 1);
    int first = 0, last = 0;
    ring.neurons_in_row(row, first, last);
    const int pop = ring.population_of(first);
    if (pop < 0 || pop >= population_count) {
      ImGui::End();
      return;
    }
    const int neuron = first - ring.population_offset(pop);
    const double t = axis.x_at(mouse.x);
    const std::string& name = name_of(pop);
    if (last - first > 1) {
      ImGui::SetTooltip("%s #%d..#%d (one row)\nt = %.1f ms\nclick: trace #%d", name.c_str(), neuron,
                        neuron + (last - first) - 1, t, neuron);
    } else {
      ImGui::SetTooltip("%s #%d\nt = %.1f ms\nclick: trace this neuron", name.c_str(), neuron, t);
    }
    if (clicked) requests.trace = std::make_pair(pop, neuron);
  }
  ImGui::End();
}

}  // namespace neurosim::gui
