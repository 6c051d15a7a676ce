// Receptive fields panel: each output neuron's incoming weights drawn as the image it has come to
// prefer (Diehl & Cook 2015, Fig. 2), a tile per neuron, labelled with the digit it is assigned
// to. The tiles follow the weights live; hovering a tile names the neuron, its label and how
// often it fired for the image on show.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/panels/classification_panels.hpp"
#include "gui/shell/style.hpp"

namespace neurosim::gui {

void ReceptiveFieldPanel::draw(bool* open, const ClassificationFrame& frame, const ReceptiveFieldGrid& grid,
                               ImTextureID texture) {
  if (!ImGui::Begin("Receptive fields", open)) {
    ImGui::End();
    return;
  }
  if (grid.fields == 0) {
    ImGui::TextWrapped("No image-driven projection to show: receptive fields need a projection from a population of model "
                       "\"images\" onto the output population.");
    want_width = want_height = 0;
    ImGui::End();
    return;
  }
  // Depressed weights end a hair above zero (2.8e-45 after R-STDP): below a millionth of the
  // range they are shown as the 0 the colour map shows them as.
  const double span = std::max(std::abs(static_cast<double>(grid.map.w_min)), std::abs(static_cast<double>(grid.map.w_max)));
  const auto shown = [span](float w) { return std::abs(static_cast<double>(w)) < 1e-6 * span ? 0.0 : static_cast<double>(w); };
  ImGui::Text("%d neurons, %d x %d weights each  (weights %.3g to %.3g)", grid.fields, grid.image_rows, grid.image_cols,
              shown(grid.map.w_min), shown(grid.map.w_max));
  ImGui::SameLine();
  ImGui::Checkbox("labels", &show_labels);
  hover_tooltip("Each tile's assigned digit: the label whose training images it answered most (Diehl & Cook 2015).");

  // The map keeps its aspect ratio and fills the window.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float scale = std::max(0.1f, std::min(avail.x / static_cast<float>(grid.map.cols), avail.y / static_cast<float>(grid.map.rows)));
  const ImVec2 size(scale * static_cast<float>(grid.map.cols), scale * static_cast<float>(grid.map.rows));
  want_width = std::max(1, static_cast<int>(size.x));
  want_height = std::max(1, static_cast<int>(size.y));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // The renderer's texture has the map's row 0 at the bottom (GL's origin): flip it so tiles and
  // images read top down, as the label overlay and the hover lookup assume.
  if (texture != ImTextureID{}) ImGui::Image(texture, size, ImVec2(0.0f, 1.0f), ImVec2(1.0f, 0.0f));
  else ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const float tile_w = scale * static_cast<float>(grid.image_cols);
  // The label sits in the tile's top left corner in a font scaled to the tile, so a grid of 400
  // still shows the digits the tiles have learned.
  const float label_px = std::clamp(tile_w * 0.42f, 9.0f, ImGui::GetFontSize());
  if (show_labels && tile_w >= 12.0f) {
    ImFont* font = ImGui::GetFont();
    for (int n = 0; n < grid.fields; ++n) {
      int r0 = 0, c0 = 0;
      grid.tile_origin(n, r0, c0);
      const int label = n < static_cast<int>(frame.assignments.size()) ? frame.assignments[static_cast<std::size_t>(n)] : -1;
      const std::string text = label >= 0 ? std::to_string(label) : "-";
      const ImVec2 at(origin.x + scale * static_cast<float>(c0) + 1.0f, origin.y + scale * static_cast<float>(r0) + 1.0f);
      const ImVec2 ts = font->CalcTextSizeA(label_px, 1e9f, 0.0f, text.c_str());
      dl->AddRectFilled(at, ImVec2(at.x + ts.x + 2.0f, at.y + ts.y), IM_COL32(0, 0, 0, 140));
      dl->AddText(font, label_px, ImVec2(at.x + 1.0f, at.y), label >= 0 ? IM_COL32(255, 230, 120, 255) : IM_COL32(170, 170, 170, 255),
                  text.c_str());
    }
  }
  // The neurons that fired for the image on show get a frame, brighter for more spikes.
  std::uint32_t most = 0;
  for (std::uint32_t c : frame.counts) most = std::max(most, c);
  if (most > 0) {
    for (int n = 0; n < grid.fields && n < static_cast<int>(frame.counts.size()); ++n) {
      const std::uint32_t c = frame.counts[static_cast<std::size_t>(n)];
      if (c == 0) continue;
      int r0 = 0, c0 = 0;
      grid.tile_origin(n, r0, c0);
      const ImVec2 a(origin.x + scale * static_cast<float>(c0), origin.y + scale * static_cast<float>(r0));
      const ImVec2 b(a.x + tile_w, a.y + scale * static_cast<float>(grid.image_rows));
      const int alpha = 90 + static_cast<int>(165.0f * static_cast<float>(c) / static_cast<float>(most));
      dl->AddRect(a, b, IM_COL32(255, 90, 60, alpha), 0.0f, 0, 2.0f);
    }
  }
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int row = static_cast<int>((m.y - origin.y) / scale), col = static_cast<int>((m.x - origin.x) / scale);
    const int n = grid.neuron_at(row, col);
    if (n >= 0) {
      const int label = n < static_cast<int>(frame.assignments.size()) ? frame.assignments[static_cast<std::size_t>(n)] : -1;
      const unsigned spikes = n < static_cast<int>(frame.counts.size()) ? frame.counts[static_cast<std::size_t>(n)] : 0u;
      if (label >= 0) ImGui::SetTooltip("neuron %d: assigned to %d\n%u spikes for the image on show", n, label, spikes);
      else ImGui::SetTooltip("neuron %d: no label yet (it has not answered a training image)\n%u spikes for the image on show", n, spikes);
    }
  }
  ImGui::End();
}

}  // namespace neurosim::gui
