// Before / after panel: the followed projection's weights at the start of training, now, and
// now minus start (diverging map: blue weakened, orange strengthened, dark unchanged). A
// projection onto a few neurons is drawn as one square tile of afferents per neuron (see
// WeightMap). Hovering a cell gives its values; clicking one follows that synapse over time.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/render/colormap.hpp"
#include "gui/render/diverging_colormap.hpp"
#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

// A horizontal colour bar from the same table as the map's texture, labelled at both ends.
void colour_bar(ImDrawList* dl, ImVec2 min, float width, const ColormapTable& table, double lo, double hi) {
  const float h = 7.0f;
  const int segments = 48;
  for (int s = 0; s < segments; ++s) {
    auto colour = [&](int k) {
      const auto& c = table[static_cast<std::size_t>(std::clamp(k * 255 / segments, 0, 255))];
      return IM_COL32(c[0], c[1], c[2], 255);
    };
    const float x0 = min.x + width * static_cast<float>(s) / segments;
    const float x1 = min.x + width * static_cast<float>(s + 1) / segments;
    dl->AddRectFilledMultiColor(ImVec2(x0, min.y), ImVec2(x1, min.y + h), colour(s), colour(s + 1), colour(s + 1), colour(s));
  }
  dl->AddRect(min, ImVec2(min.x + width, min.y + h), IM_COL32(255, 255, 255, 60));
  char left[32], right[32];
  std::snprintf(left, sizeof left, "%.3g", lo);
  std::snprintf(right, sizeof right, "%+.3g", hi);
  if (lo >= 0.0) std::snprintf(right, sizeof right, "%.3g", hi);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddText(ImVec2(min.x, min.y + h + 1.0f), text, left);
  dl->AddText(ImVec2(min.x + width - ImGui::CalcTextSize(right).x, min.y + h + 1.0f), text, right);
}

}  // namespace

void BeforeAfterPanel::draw(bool* open, const ScenarioFacts& facts, WeightWatch& watch,
                            const std::array<ImTextureID, 3>& textures) {
  image_width.fill(0);
  image_height.fill(0);
  if (!ImGui::Begin("Before / after", open)) {
    ImGui::End();
    return;
  }
  const WeightMap& map = watch.map();
  if (watch.projection() < 0 || map.rows <= 0 || map.cols <= 0) {
    ImGui::TextDisabled("No plastic projection.");
    ImGui::End();
    return;
  }
  if (map.tiled) {
    const auto j = static_cast<std::size_t>(watch.projection());
    const int post = j < facts.projections.size() ? facts.projections[j].post : -1;
    ImGui::TextDisabled("one tile per neuron of %s: its %d afferents, row by row",
                        post >= 0 && post < static_cast<int>(facts.populations.size()) ? facts.populations[static_cast<std::size_t>(post)].name.c_str() : "?",
                        map.pre_size);
  } else {
    ImGui::TextDisabled("rows: pre, columns: post%s", map.rows < map.pre_size || map.cols < map.post_size ? " (block means)" : "");
  }
  if (message.empty() && chose) message = watch.choose_message();  // the outcome of a click's choice, one frame later
  chose = false;
  if (!message.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.40f, 1.0f), "%s", message.c_str());
  }

  // [SECTION] Arrangement: three in a row, or two above one, whichever gives bigger maps
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  const float labels = line + 4.0f + 7.0f + line + 4.0f;  // title above; colour bar and its labels below
  const float gap = ImGui::GetFontSize();
  // Tiles keep square cells; a matrix may stretch its cells so that a tall or wide one (200 inputs
  // onto 10 neurons) still gets a readable shape.
  const float cells_aspect = static_cast<float>(map.cols) / static_cast<float>(map.rows);
  const float aspect = map.tiled ? cells_aspect : std::clamp(cells_aspect, 0.6f, 1.6f);
  auto fit = [&](float bw, float bh) {
    const float w = std::max(8.0f, std::min(bw, bh * aspect));
    return ImVec2(w, w / aspect);
  };
  const ImVec2 row3 = fit((avail.x - 2.0f * gap) / 3.0f, avail.y - labels);
  const ImVec2 two_one = fit((avail.x - gap) / 2.0f, (avail.y - 2.0f * labels) / 2.0f);
  const bool stacked = two_one.x > row3.x * 1.15f;
  const ImVec2 size = stacked ? two_one : row3;
  std::array<ImVec2, 3> at{};
  if (stacked) {
    at[0] = ImVec2(origin.x, origin.y);
    at[1] = ImVec2(origin.x + size.x + gap, origin.y);
    at[2] = ImVec2(origin.x + (size.x + gap) * 0.5f, origin.y + size.y + labels);
  } else {
    for (int i = 0; i < 3; ++i) at[static_cast<std::size_t>(i)] = ImVec2(origin.x + i * (size.x + gap), origin.y);
  }

  // [SECTION] The three maps
  char titles[3][64];
  std::snprintf(titles[0], sizeof titles[0], "start  (t = %.1f s)", watch.start_ms() / 1000.0);
  std::snprintf(titles[1], sizeof titles[1], "now  (t = %.1f s)", watch.now_ms() / 1000.0);
  std::snprintf(titles[2], sizeof titles[2], "now \xe2\x88\x92 start");
  const HeatmapData* data[3] = {&watch.start_map(), &watch.now_map(), &watch.diff_map()};
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int hovered_map = -1;
  ImVec2 hovered_min;
  for (std::size_t m = 0; m < 3; ++m) {
    const ImVec2 title_at = at[m];
    dl->PushClipRect(title_at, ImVec2(title_at.x + size.x, title_at.y + line), true);
    dl->AddText(title_at, ImGui::GetColorU32(ImGuiCol_Text), titles[m]);
    dl->PopClipRect();
    const ImVec2 img_min(at[m].x, at[m].y + line + 4.0f);
    const ImVec2 img_max(img_min.x + size.x, img_min.y + size.y);
    ImGui::SetCursorScreenPos(img_min);
    ImGui::PushID(static_cast<int>(m));
    ImGui::InvisibleButton("map", size);
    ImGui::PopID();
    if (ImGui::IsItemHovered()) {
      hovered_map = static_cast<int>(m);
      hovered_min = img_min;
    }
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
      const ImVec2 mouse = ImGui::GetIO().MousePos;
      const int row = std::clamp(static_cast<int>((mouse.y - img_min.y) / size.y * map.rows), 0, map.rows - 1);
      const int col = std::clamp(static_cast<int>((mouse.x - img_min.x) / size.x * map.cols), 0, map.cols - 1);
      int pre = 0, post = 0;
      message.clear();
      if (map.exact_pair(row, col, pre, post)) watch.request_choice(pre, post);  // followed at the next update
      else message = "this cell averages several synapses: zoom is not available";
      chose = message.empty();
    }
    dl->AddImage(textures[m], img_min, img_max, ImVec2(0, 1), ImVec2(1, 0));
    dl->AddRect(img_min, img_max, IM_COL32(255, 255, 255, 60));
    if (map.tiled) {
      // Cells past the last afferent (the tile's last row is partly empty) take the window's colour.
      const int used = map.pre_size - (map.rows - 1) * map.tile;
      if (used < map.tile) {
        const float cw = size.x / static_cast<float>(map.cols), ch = size.y / static_cast<float>(map.rows);
        for (int t = 0; t < map.post_size; ++t)
          dl->AddRectFilled(ImVec2(img_min.x + (t * map.tile + used) * cw, img_max.y - ch),
                            ImVec2(img_min.x + (t + 1) * map.tile * cw, img_max.y), ImGui::GetColorU32(ImGuiCol_WindowBg));
      }
      // Thin separators between the tiles of different postsynaptic neurons.
      for (int t = 1; t < map.post_size; ++t) {
        const float x = img_min.x + size.x * static_cast<float>(t * map.tile) / static_cast<float>(map.cols);
        dl->AddLine(ImVec2(x, img_min.y), ImVec2(x, img_max.y), IM_COL32(0, 0, 0, 255), 2.0f);
      }
    }
    colour_bar(dl, ImVec2(img_min.x, img_max.y + 4.0f), size.x, m == 2 ? diverging_blue_orange() : viridis(),
               data[m]->lo, data[m]->hi);
    image_width[m] = static_cast<int>(size.x * scale.x);
    image_height[m] = static_cast<int>(size.y * scale.y);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(avail);

  // [SECTION] Hover: the cell's values in all three maps
  if (hovered_map >= 0) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int row = std::clamp(static_cast<int>((mouse.y - hovered_min.y) / size.y * map.rows), 0, map.rows - 1);
    const int col = std::clamp(static_cast<int>((mouse.x - hovered_min.x) / size.x * map.cols), 0, map.cols - 1);
    const std::size_t c = static_cast<std::size_t>(row) * map.cols + col;
    int pre0 = 0, pre1 = 0, post0 = 0, post1 = 0;
    map.cell_range(row, col, pre0, pre1, post0, post1);
    const float w0 = c < watch.start_map().values.size() ? watch.start_map().values[c] : 0.0f;
    const float w1 = c < watch.now_map().values.size() ? watch.now_map().values[c] : 0.0f;
    if (pre1 <= pre0) {
      ImGui::SetTooltip("(no afferent here)");
    } else if (pre1 == pre0 + 1 && post1 == post0 + 1) {
      ImGui::SetTooltip("pre %d \xe2\x86\x92 post %d\nstart %.4g\nnow %.4g\nchange %+.4g\nclick: follow this synapse", pre0, post0,
                        static_cast<double>(w0), static_cast<double>(w1), static_cast<double>(w1 - w0));
    } else {
      ImGui::SetTooltip("pre %d..%d \xe2\x86\x92 post %d..%d (block mean)\nstart %.4g\nnow %.4g\nchange %+.4g", pre0, pre1 - 1,
                        post0, post1 - 1, static_cast<double>(w0), static_cast<double>(w1), static_cast<double>(w1 - w0));
    }
  }
  ImGui::End();
}

}  // namespace neurosim::gui
