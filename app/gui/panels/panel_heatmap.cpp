// Weight heatmap panel: the pre x post matrix of a chosen projection (texture from the heatmap
// renderer, viridis), a colour bar with its range, neuron-index ticks, and the value under the
// mouse: the exact weight when every pair has its own cell, else the block mean and its ranges.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/render/colormap.hpp"
#include "gui/views/heatmap_data.hpp"
#include "gui/panels/panels.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/panels/print_theme.hpp"
#include "gui/views/sweep_table.hpp"  // weight_unit
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

std::string projection_label(const ScenarioFacts& facts, int i) {
  const ProjectionFact& p = facts.projections[static_cast<std::size_t>(i)];
  auto population = [&](int k) { return k >= 0 && k < static_cast<int>(facts.populations.size()) ? facts.populations[static_cast<std::size_t>(k)].name.c_str() : "?"; };
  char text[256];
  std::snprintf(text, sizeof text, "%s: %s -> %s (%llu syn.)", p.name.c_str(), population(p.pre), population(p.post),
                static_cast<unsigned long long>(p.synapses));
  return text;
}

// Vertical colour bar from the same table as the shader's lookup texture, labelled lo..hi.
void draw_colour_bar(ImDrawList* dl, ImVec2 min, ImVec2 max, float lo, float hi, const std::string& title) {
  const ColormapTable& table = viridis();
  const int segments = 64;
  for (int s = 0; s < segments; ++s) {
    // Top = hi, bottom = lo.
    auto colour = [&](int k) {
      const int i = std::clamp(255 - k * 255 / segments, 0, 255);
      const auto& c = table[static_cast<std::size_t>(i)];
      return IM_COL32(c[0], c[1], c[2], 255);
    };
    const float y0 = min.y + (max.y - min.y) * static_cast<float>(s) / segments;
    const float y1 = min.y + (max.y - min.y) * static_cast<float>(s + 1) / segments;
    dl->AddRectFilledMultiColor(ImVec2(min.x, y0), ImVec2(max.x, y1), colour(s), colour(s), colour(s + 1),
                                colour(s + 1));
  }
  dl->AddRect(min, max, plot_colors().border);
  // Its title with the weights' unit, above it ("w (pA)").
  dl->AddText(ImVec2(min.x, min.y - ImGui::GetTextLineHeight() - 3.0f), ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
  PlotArea area;
  area.min = min;
  area.max = max;
  area.y0 = lo;
  area.y1 = hi;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const float th = ImGui::GetTextLineHeight();
  double step = 0;
  for (double t : nice_ticks(lo, hi, 5, &step)) {
    const float y = area.sy(t);
    dl->AddLine(ImVec2(max.x, y), ImVec2(max.x + 4.0f, y), text);
    const std::string label = tick_label(t, step);
    dl->AddText(ImVec2(max.x + 6.0f, std::clamp(y - th * 0.5f, min.y - th * 0.5f, max.y - th * 0.5f)),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), label.c_str());
  }
}

}  // namespace

void HeatmapPanel::draw(bool* open, const ScenarioFacts& facts, const HeatmapData& data, ImTextureID texture) {
  const int projection_count = static_cast<int>(facts.projections.size());
  image_width = image_height = 0;
  if (!ImGui::Begin("Weights", open)) {
    ImGui::End();
    return;
  }
  if (projection_count == 0) {
    ImGui::TextDisabled("This scenario has no projections.");
    ImGui::End();
    return;
  }
  projection = std::clamp(projection, 0, projection_count - 1);
  // An exported picture (print_theme.hpp) names the projection instead of offering the choice.
  const bool picture = drawing_picture();
  if (picture) ImGui::TextUnformatted(projection_label(facts, projection).c_str());
  if (!picture) ImGui::SetNextItemWidth(-FLT_MIN);
  if (!picture && ImGui::BeginCombo("##projection", projection_label(facts, projection).c_str())) {
    for (int i = 0; i < projection_count; ++i)
      if (ImGui::Selectable(projection_label(facts, i).c_str(), i == projection)) projection = i;
    ImGui::EndCombo();
  }
  const ProjectionFact& proj = facts.projections[static_cast<std::size_t>(projection)];
  const std::string unit = proj.post >= 0 && proj.post < static_cast<int>(facts.populations.size())
                               ? weight_unit(facts.populations[static_cast<std::size_t>(proj.post)].model)
                               : "";
  const std::string w_title = unit.empty() ? "w" : "w (" + unit + ")";
  const bool ready = data.projection == projection && data.rows > 0;
  if (ready) {
    if (data.exact) {
      ImGui::TextDisabled("rows: pre, columns: post; w in [%.3g, %.3g]", static_cast<double>(data.w_min),
                          static_cast<double>(data.w_max));
    } else {
      ImGui::TextDisabled("rows: pre, columns: post; cell = mean of %.3g x %.3g", static_cast<double>(data.pre_size) / data.rows,
                          static_cast<double>(data.post_size) / data.cols);
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Weights present range from %.4g to %.4g.\nAbsent synapses count as 0 in a cell's mean.",
                        static_cast<double>(data.w_min), static_cast<double>(data.w_max));
  } else {
    ImGui::TextDisabled("computing...");
  }

  // [SECTION] Matrix image, ticks and colour bar
  const float th = ImGui::GetTextLineHeight();
  const float bar_w = ImGui::GetFontSize() * 1.1f;
  const float bar_labels = ImGui::CalcTextSize("-0.000").x + 10.0f;
  const float margin_left = ImGui::CalcTextSize("0000").x + 8.0f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float max_w = std::max(16.0f, avail.x - margin_left - bar_w - bar_labels - 12.0f);
  // Room above for the colour bar's title, below for the tick labels (and the axis title in a picture).
  const float max_h = std::max(16.0f, avail.y - th * (picture ? 3.0f : 2.0f) - (picture ? 16.0f : 11.0f));
  // Square cells when the matrix is square; otherwise fill the space.
  float w = max_w, h = max_h;
  if (proj.pre_size == proj.post_size) w = h = std::min(max_w, max_h);
  const ImVec2 img_min(origin.x + margin_left, origin.y + th + 5.0f);
  const ImVec2 img_max(img_min.x + w, img_min.y + h);
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  image_width = static_cast<int>(w * scale.x);
  image_height = static_cast<int>(h * scale.y);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::SetCursorScreenPos(img_min);
  if (ready) {
    ImGui::Image(texture, ImVec2(w, h), ImVec2(0, 1), ImVec2(1, 0));
  } else {
    ImGui::Dummy(ImVec2(w, h));
  }
  const bool hovered = ImGui::IsItemHovered();
  dl->AddRect(img_min, img_max, plot_colors().border);
  if (picture) {
    draw_x_title(dl, img_min, img_max, th + 8.0f, ("post neuron (" + facts.populations[static_cast<std::size_t>(std::max(0, proj.post))].name + ")").c_str());
    const std::string pre_title = "pre neuron (" + facts.populations[static_cast<std::size_t>(std::max(0, proj.pre))].name + ")";
    dl->AddText(ImVec2(img_min.x - ImGui::CalcTextSize("0000").x - 8.0f, origin.y), ImGui::GetColorU32(ImGuiCol_Text), pre_title.c_str());
  }

  // Neuron index ticks: pre down the left side, post along the bottom.
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  double step = 0;
  for (double t : nice_ticks(0, proj.pre_size, std::max(2, static_cast<int>(h / 50.0f)), &step)) {
    const float y = img_min.y + h * static_cast<float>(t / proj.pre_size);
    const std::string label = tick_label(t, step);
    dl->AddLine(ImVec2(img_min.x - 4.0f, y), ImVec2(img_min.x, y), text);
    dl->AddText(ImVec2(img_min.x - ImGui::CalcTextSize(label.c_str()).x - 6.0f, std::min(y - th * 0.5f, img_max.y - th)),
                text, label.c_str());
  }
  for (double t : nice_ticks(0, proj.post_size, std::max(2, static_cast<int>(w / 60.0f)), &step)) {
    const float x = img_min.x + w * static_cast<float>(t / proj.post_size);
    const std::string label = tick_label(t, step);
    const float lw = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddLine(ImVec2(x, img_max.y), ImVec2(x, img_max.y + 4.0f), text);
    dl->AddText(ImVec2(std::clamp(x - lw * 0.5f, img_min.x - lw * 0.5f, img_max.x - lw * 0.5f), img_max.y + 4.0f), text,
                label.c_str());
  }
  if (ready) {
    const ImVec2 bar_min(img_max.x + 12.0f, img_min.y);
    draw_colour_bar(dl, bar_min, ImVec2(bar_min.x + bar_w, img_max.y), data.lo, data.hi, w_title);
  }

  // [SECTION] Hover: the cell under the mouse
  if (hovered && ready) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int row = std::clamp(static_cast<int>((mouse.y - img_min.y) / h * data.rows), 0, data.rows - 1);
    const int col = std::clamp(static_cast<int>((mouse.x - img_min.x) / w * data.cols), 0, data.cols - 1);
    const float mean = data.values[static_cast<std::size_t>(row) * data.cols + col];
    if (data.exact) {
      const auto weight = data.pair_weight(row, col);
      if (weight) {
        ImGui::SetTooltip("pre %d -> post %d\nw = %.4g %s", row, col, static_cast<double>(*weight), unit.c_str());
      } else {
        ImGui::SetTooltip("pre %d -> post %d\nno synapse", row, col);
      }
    } else {
      int pre0 = 0, pre1 = 0, post0 = 0, post1 = 0;
      data.block_range(row, col, pre0, pre1, post0, post1);
      ImGui::SetTooltip("pre %d..%d -> post %d..%d\nblock mean w = %.4g\n(absent synapses count as 0)", pre0,
                        pre1 - 1, post0, post1 - 1, static_cast<double>(mean));
    }
  }
  ImGui::End();
}

}  // namespace neurosim::gui
