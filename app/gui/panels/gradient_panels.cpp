// The gradient-training layout's windows (gradient_panels.hpp).
//
// [1] Drawing helpers (heatmaps and tiles as ImDrawList rectangles: the grids are small, tens of
// thousands of cells at most, so no texture is needed), [2] layout and menu, [3] the windows.
#include "gui/panels/gradient_panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/learning_plot.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "gui/render/colormap.hpp"
#include "gui/render/diverging_colormap.hpp"

namespace neurosim::gui {
namespace {

// [1] Drawing helpers

ImU32 map_color(const ColormapTable& table, float v, float lo, float hi) {
  const float f = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f) : 0.0f;
  const auto& c = table[static_cast<std::size_t>(f * 255.0f + 0.5f)];
  return IM_COL32(c[0], c[1], c[2], 255);
}

// A rows x cols grid of values filling [a, b].
void draw_cells(ImDrawList* dl, ImVec2 a, ImVec2 b, const float* values, int rows, int cols, float lo, float hi, const ColormapTable& table) {
  if (rows <= 0 || cols <= 0) return;
  const float cw = (b.x - a.x) / static_cast<float>(cols), ch = (b.y - a.y) / static_cast<float>(rows);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const ImVec2 p(a.x + c * cw, a.y + r * ch);
      dl->AddRectFilled(p, ImVec2(p.x + cw + 0.5f, p.y + ch + 0.5f), map_color(table, values[r * cols + c], lo, hi));
    }
}

// Reserves w x h at the cursor and draws the grid there.
void grid_item(const char* id, const Grid& g, ImVec2 size, const ColormapTable& table) {
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
  draw_cells(ImGui::GetWindowDrawList(), a, ImVec2(a.x + size.x, a.y + size.y), g.values.data(), g.rows, g.cols, g.lo, g.hi, table);
}

// Tiles in rows of `per_row`, each `tile` pixels wide (height by the tile's aspect), with a gap.
// `caption(i)` (optional) is drawn under tile i. Returns the height used.
template <class Caption>
float tiles_item(const char* id, const Tiles& t, int per_row, float tile, const ColormapTable& table, Caption&& caption, float caption_h = 0.0f) {
  if (t.count <= 0 || t.rows <= 0) return 0.0f;
  per_row = std::max(1, per_row);
  const float gap = 3.0f, th = tile * static_cast<float>(t.rows) / static_cast<float>(t.cols);
  const int lines = (t.count + per_row - 1) / per_row;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const ImVec2 size(per_row * (tile + gap), lines * (th + gap + caption_h));
  ImGui::InvisibleButton(id, size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < t.count; ++i) {
    const ImVec2 p(a.x + (i % per_row) * (tile + gap), a.y + (i / per_row) * (th + gap + caption_h));
    draw_cells(dl, p, ImVec2(p.x + tile, p.y + th), t.tile(i), t.rows, t.cols, t.lo, t.hi, table);
    caption(dl, i, ImVec2(p.x, p.y + th), tile);
  }
  return size.y;
}

void no_caption(ImDrawList*, int, ImVec2, float) {}

// Greys for pixel images.
const ColormapTable& greys() {
  static const ColormapTable table = [] {
    ColormapTable t{};
    for (int i = 0; i < 256; ++i) t[static_cast<std::size_t>(i)] = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i)};
    return t;
  }();
  return table;
}

// Distinct colours for the ways of an episode and the output neurons.
ImU32 way_color(int i, float alpha = 1.0f) { return pattern_color(i, alpha); }

double curve_max(const Curve& c, double floor) {
  double m = floor;
  for (float y : c.y) m = std::max(m, static_cast<double>(y));
  return m;
}

void line(ImDrawList* dl, const PlotArea& area, const Curve& c, ImU32 color, float thickness, std::vector<ImVec2>& scratch) {
  plot_decimated(dl, area, c.x.size(), [&](std::size_t i) { return static_cast<double>(c.x[i]); }, [&](std::size_t i) { return static_cast<double>(c.y[i]); }, color,
                 thickness, scratch);
}

const char* const kSurrogateNames[] = {"fast sigmoid", "arctan", "triangle", "sigmoid"};
// Slopes each surrogate starts with (surrogate.hpp's defaults).
const float kDefaultSlopes[] = {25.0f, 2.0f, 1.0f, 5.0f};

}  // namespace

// [2] Layout and menu

namespace {

// Sets the next window's rectangle in shares of the work area below the menu bar.
void place(float x, float y, float w, float h, bool reset) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu = ImGui::GetFrameHeight();
  const float W = vp->WorkSize.x, H = vp->Size.y - menu;
  const ImGuiCond cond = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + x * W, vp->Pos.y + menu + y * H), cond);
  ImGui::SetNextWindowSize(ImVec2(w * W, h * H), cond);
}

constexpr float kLeft = 0.27f, kMiddle = 0.40f, kRight = 1.0f - kLeft - kMiddle;

}  // namespace

void GradientPanels::draw(const GradientView& v, const std::string& title, GradientRequests& out) {
  if (!sliders.initialised) {
    sliders = {true, static_cast<float>(v.learning_rate), static_cast<float>(v.beta), static_cast<float>(v.threshold), static_cast<float>(v.slope), v.surrogate};
  }
  menu(v, title, out);
  const bool reset = layout_reset_;
  layout_reset_ = false;
  if (show.curves) {
    place(0, 0, kLeft, 0.50f, reset);
    curves(v);
  }
  if (show.controls) {
    place(0, 0.50f, kLeft, 0.28f, reset);
    controls(v, out);
  }
  if (show.surrogate) {
    place(0, 0.78f, kLeft, 0.22f, reset);
    surrogate(v);
  }
  if (show.activity) {
    place(kLeft, 0, kMiddle, 1.0f, reset);
    activity(v);
  }
  if (show.kernels) {
    place(kLeft + kMiddle, 0, kRight, 0.42f, reset);
    kernels(v);
  }
  if (show.results) {
    place(kLeft + kMiddle, 0.42f, kRight, 0.58f, reset);
    results(v);
  }
}

void GradientPanels::menu(const GradientView& v, const std::string& title, GradientRequests& out) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Screenshot", "F12")) out.screenshot = true;
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) out.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Training curves", nullptr, &show.curves);
    ImGui::MenuItem("Controls", nullptr, &show.controls);
    ImGui::MenuItem("Surrogate", nullptr, &show.surrogate);
    ImGui::MenuItem("Spikes of the current sample", nullptr, &show.activity);
    ImGui::MenuItem("Kernels and feature maps", nullptr, &show.kernels);
    ImGui::MenuItem(v.fewshot ? "Episode and embeddings" : "Confusion matrix", nullptr, &show.results);
    ImGui::Separator();
    if (ImGui::MenuItem("Reset layout")) layout_reset_ = true;
    ImGui::EndMenu();
  }
  ImGui::TextDisabled("| %s", title.c_str());
  char status[160];
  std::snprintf(status, sizeof status, "%s  step %ld  epoch %ld  %.0f samples/s", v.paused ? "paused" : "training", v.step, v.epoch, v.samples_per_s);
  const float w = ImGui::CalcTextSize(status).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.0f, ImGui::GetWindowWidth() - w - 16.0f));
  if (!v.error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.40f, 1.0f), "%s", v.error.c_str());
  else ImGui::TextUnformatted(status);
  ImGui::EndMainMenuBar();
}

// [3] The windows

void GradientPanels::curves(const GradientView& v) {
  if (!ImGui::Begin("Training curves", &show.curves)) {
    ImGui::End();
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float h = (avail.y - ImGui::GetFrameHeightWithSpacing() - 2.0f * ImGui::GetStyle().ItemSpacing.y) * 0.5f;
  const double x1 = std::max(10.0, static_cast<double>(v.step));
  {
    const double ymax = curve_max(v.loss_smooth, 0.1) * 1.15;
    PlotFrame f = plot_frame("##loss", ImVec2(avail.x, h), 0, x1, 0, ymax, v.fewshot ? "loss (prototypical, per episode)" : "loss (cross-entropy, per batch)",
                             v.fewshot ? "episodes" : "batches");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(f.area.min, f.area.max, true);
    line(dl, f.area, v.loss, IM_COL32(120, 160, 220, 70), 1.0f, scratch_);
    line(dl, f.area, v.loss_smooth, IM_COL32(120, 170, 255, 255), 2.0f, scratch_);
    dl->PopClipRect();
  }
  {
    PlotFrame f = plot_frame("##accuracy", ImVec2(avail.x, h), 0, x1, 0, 1.0, "accuracy", v.fewshot ? "episodes" : "batches");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(f.area.min, f.area.max, true);
    line(dl, f.area, v.accuracy_smooth, IM_COL32(250, 190, 80, 255), 2.0f, scratch_);
    line(dl, f.area, v.test_accuracy, IM_COL32(110, 220, 120, 255), 2.0f, scratch_);
    for (std::size_t i = 0; i < v.test_accuracy.x.size(); ++i)
      dl->AddCircleFilled(ImVec2(f.area.sx(v.test_accuracy.x[i]), f.area.sy(v.test_accuracy.y[i])), 3.0f, IM_COL32(110, 220, 120, 255));
    dl->PopClipRect();
  }
  legend_chip(IM_COL32(250, 190, 80, 255), v.fewshot ? "training queries" : "training batches");
  ImGui::SameLine();
  legend_chip(IM_COL32(110, 220, 120, 255), v.fewshot ? "unseen classes (test episodes)" : "held-out test images");
  if (!v.test_accuracy.y.empty()) {
    ImGui::SameLine();
    ImGui::Text("  %.1f %%", 100.0 * v.test_accuracy.y.back());
  }
  ImGui::End();
}

void GradientPanels::controls(const GradientView& v, GradientRequests& out) {
  if (!ImGui::Begin("Controls", &show.controls)) {
    ImGui::End();
    return;
  }
  if (ImGui::Button(v.paused ? "Resume" : "Pause", ImVec2(90, 0))) out.toggle_pause = true;
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(90, 0))) out.reset = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("New weights from the seed; the curves start again.");
  ImGui::SameLine();
  ImGui::Text("%.0f samples/s", v.samples_per_s);
  ImGui::TextDisabled("Sliders act on the next %s.", v.fewshot ? "episode" : "batch");
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  bool send = false;
  ImGui::SliderFloat("learning rate", &sliders.learning_rate, 1e-5f, 1e-1f, "%.5f", ImGuiSliderFlags_Logarithmic);
  send |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SliderFloat("beta (decay)", &sliders.beta, 0.0f, 1.0f, "%.3f");
  send |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SliderFloat("threshold", &sliders.threshold, 0.05f, 4.0f, "%.2f");
  send |= ImGui::IsItemDeactivatedAfterEdit();
  if (ImGui::Combo("surrogate", &sliders.surrogate, kSurrogateNames, 4)) {
    sliders.slope = kDefaultSlopes[std::clamp(sliders.surrogate, 0, 3)];
    send = true;
  }
  ImGui::SliderFloat("slope k", &sliders.slope, 0.1f, 100.0f, "%.2f", ImGuiSliderFlags_Logarithmic);
  send |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::PopItemWidth();
  if (send) out.send_controls = true;
  ImGui::TextDisabled("applied: lr %.5f  beta %.3f  threshold %.2f  %s k=%.2f", v.learning_rate, v.beta, v.threshold, kSurrogateNames[std::clamp(v.surrogate, 0, 3)], v.slope);
  ImGui::End();
}

void GradientPanels::surrogate(const GradientView& v) {
  if (!ImGui::Begin("Surrogate", &show.surrogate)) {
    ImGui::End();
    return;
  }
  // Drawn from the sliders, so that it follows the slope while it is being dragged.
  const SurrogateCurves c = surrogate_curve(sliders.surrogate, sliders.slope, 1.0, 161);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const double ymax = std::max(1.05, static_cast<double>(c.g_max) * 1.05);
  PlotFrame f = plot_frame("##surrogate", ImVec2(avail.x, avail.y - ImGui::GetTextLineHeightWithSpacing()), -1, 1, 0, ymax, "", "v = u - threshold");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.area.min, f.area.max, true);
  // The spike itself: a step at v = 0.
  dl->AddLine(ImVec2(f.area.sx(-1), f.area.sy(0)), ImVec2(f.area.sx(0), f.area.sy(0)), IM_COL32(200, 200, 200, 140), 1.5f);
  dl->AddLine(ImVec2(f.area.sx(0), f.area.sy(0)), ImVec2(f.area.sx(0), f.area.sy(1)), IM_COL32(200, 200, 200, 140), 1.5f);
  dl->AddLine(ImVec2(f.area.sx(0), f.area.sy(1)), ImVec2(f.area.sx(1), f.area.sy(1)), IM_COL32(200, 200, 200, 140), 1.5f);
  line(dl, f.area, c.spike, IM_COL32(120, 170, 255, 255), 2.0f, scratch_);
  line(dl, f.area, c.g, IM_COL32(250, 120, 90, 255), 2.0f, scratch_);
  dl->PopClipRect();
  legend_chip(IM_COL32(200, 200, 200, 200), "spike H(v)");
  ImGui::SameLine();
  legend_chip(IM_COL32(120, 170, 255, 255), "smooth spike");
  ImGui::SameLine();
  legend_chip(IM_COL32(250, 120, 90, 255), "surrogate dS/dv");
  (void)v;
  ImGui::End();
}

void GradientPanels::activity(const GradientView& v) {
  if (!ImGui::Begin("Spikes of the current sample", &show.activity)) {
    ImGui::End();
    return;
  }
  const float width = ImGui::GetContentRegionAvail().x;
  // The image and its answer.
  if (v.image.rows > 0) {
    grid_item("##image", v.image, ImVec2(84, 84), greys());
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (v.fewshot) ImGui::Text("a test image: digit %d", v.label);
    else if (v.predicted < 0) ImGui::Text("digit %d: no output spike", v.label);
    else ImGui::TextColored(v.predicted == v.label ? ImVec4(0.5f, 0.9f, 0.55f, 1) : ImVec4(1, 0.42f, 0.4f, 1), "digit %d, answered %d", v.label, v.predicted);
    ImGui::TextDisabled("T = %d steps; rows: neurons (binned), columns: steps", v.steps);
    ImGui::TextDisabled("colour: share of the row's neurons firing");
    ImGui::EndGroup();
  }
  // One raster per layer, the input's first.
  std::vector<const LayerView*> all;
  all.push_back(&v.input);
  for (const LayerView& l : v.layers) all.push_back(&l);
  const bool outputs_panel = !v.output_counts.empty() && v.output_counts.size() <= 16;
  const float reserve = outputs_panel ? 190.0f : 0.0f;
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const float each = std::max(36.0f, (ImGui::GetContentRegionAvail().y - reserve) / static_cast<float>(all.size()) - line_h - 4.0f);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const LayerView& l = *all[i];
    if (l.raster.rows == 0) continue;
    ImGui::Text("%s  %s", l.name.c_str(), l.shape.c_str());
    ImGui::SameLine();
    if (l.spiking) ImGui::TextDisabled("%.0f spikes", l.spikes);
    else ImGui::TextDisabled("%s", i == 0 ? "intensities as input current" : "no spikes (ReLU)");
    grid_item(("##raster" + std::to_string(i)).c_str(), l.raster, ImVec2(width, each), viridis());
  }
  if (outputs_panel) {
    const int n = static_cast<int>(v.output_counts.size());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    float cmax = 1.0f;
    for (float c : v.output_counts) cmax = std::max(cmax, c);
    PlotFrame f = plot_frame("##counts", ImVec2(avail.x * 0.45f, std::max(80.0f, avail.y)), -0.5, n - 0.5, 0, cmax * 1.1, "output spike counts", "output neuron", n);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int o = 0; o < n; ++o)
      dl->AddRectFilled(ImVec2(f.area.sx(o - 0.35), f.area.sy(v.output_counts[static_cast<std::size_t>(o)])), ImVec2(f.area.sx(o + 0.35), f.area.sy(0)),
                        o == v.predicted ? IM_COL32(110, 220, 120, 255) : way_color(o, 0.85f));
    ImGui::SameLine();
    if (!v.output_membranes.empty()) {
      PlotFrame m = plot_frame("##membranes", ImVec2(ImGui::GetContentRegionAvail().x, std::max(80.0f, avail.y)), 0, std::max(1, v.steps - 1), v.membrane_lo,
                               v.membrane_hi * 1.05, "output membranes", "step");
      ImDrawList* dl2 = ImGui::GetWindowDrawList();
      dl2->PushClipRect(m.area.min, m.area.max, true);
      draw_hline_dashed(dl2, m.area, v.threshold, IM_COL32(255, 255, 255, 90));
      for (std::size_t o = 0; o < v.output_membranes.size(); ++o)
        line(dl2, m.area, v.output_membranes[o], way_color(static_cast<int>(o), static_cast<int>(o) == v.predicted ? 1.0f : 0.55f),
             static_cast<int>(o) == v.predicted ? 2.5f : 1.2f, scratch_);
      dl2->PopClipRect();
    }
  }
  ImGui::End();
}

void GradientPanels::kernels(const GradientView& v) {
  if (!ImGui::Begin("Kernels and feature maps", &show.kernels)) {
    ImGui::End();
    return;
  }
  const float width = ImGui::GetContentRegionAvail().x;
  if (v.kernels.count > 0) {
    ImGui::Text("conv 1 kernels (%dx%d, learned)", v.kernels.rows, v.kernels.cols);
    ImGui::SameLine();
    ImGui::TextDisabled("blue < 0 < orange");
    const int per_row = std::min(v.kernels.count, 16);
    tiles_item("##kernels", v.kernels, per_row, std::min(40.0f, width / per_row - 3.0f), diverging_blue_orange(), no_caption);
  }
  int shown = 0;
  for (const LayerView& l : v.layers) {
    if (l.maps.count == 0 || shown >= 2) continue;
    ++shown;
    ImGui::Text("%s feature maps (%s, spikes over T)", l.name.c_str(), l.shape.c_str());
    const int per_row = l.maps.count <= 12 ? l.maps.count : 16;
    const float tile = std::min(60.0f, width / static_cast<float>(per_row) - 3.0f);
    tiles_item(("##maps" + l.name).c_str(), l.maps, per_row, tile, viridis(), no_caption);
  }
  ImGui::End();
}

void GradientPanels::results(const GradientView& v) {
  if (!ImGui::Begin(v.fewshot ? "Episode and embeddings" : "Confusion matrix", &show.results)) {
    ImGui::End();
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!v.fewshot) {
    if (v.confusion.rows == 0) {
      ImGui::TextDisabled("The first test comes after a few batches.");
      ImGui::End();
      return;
    }
    ImGui::Text("%ld held-out images: %.1f %% right, %ld unanswered", v.tested, 100.0 * v.test_images_accuracy, v.unanswered);
    ImGui::TextDisabled("rows: true digit, columns: answer (share of the row)");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x - 30.0f, avail.y - 10.0f);
    const float cell = side / static_cast<float>(v.confusion.rows);
    const ImVec2 a(ImGui::GetCursorScreenPos().x + 24.0f, ImGui::GetCursorScreenPos().y + 18.0f);
    ImGui::InvisibleButton("##confusion", ImVec2(side + 30.0f, side + 20.0f));
    draw_cells(dl, a, ImVec2(a.x + side - 18.0f, a.y + side - 18.0f), v.confusion.values.data(), v.confusion.rows, v.confusion.cols, 0.0f, 1.0f, viridis());
    const float cs = (side - 18.0f) / static_cast<float>(v.confusion.rows);
    for (int r = 0; r < v.confusion.rows; ++r) {
      char t[16];
      std::snprintf(t, sizeof t, "%d", r);
      dl->AddText(ImVec2(a.x - 14.0f, a.y + r * cs + cs * 0.5f - 8.0f), ImGui::GetColorU32(ImGuiCol_Text), t);
      dl->AddText(ImVec2(a.x + r * cs + cs * 0.5f - 4.0f, a.y - 18.0f), ImGui::GetColorU32(ImGuiCol_Text), t);
      for (int c = 0; c < v.confusion.cols; ++c) {
        const float f = v.confusion.at(r, c);
        if (f < 0.005f) continue;
        std::snprintf(t, sizeof t, "%.0f", 100.0f * f);
        dl->AddText(ImVec2(a.x + c * cs + 3.0f, a.y + r * cs + cs * 0.5f - 8.0f), f > 0.5f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 220), t);
      }
    }
    (void)cell;
    ImGui::End();
    return;
  }
  if (v.query.count == 0) {
    ImGui::TextDisabled("The first test episode comes after a few training episodes.");
    ImGui::End();
    return;
  }
  const int ways = static_cast<int>(v.episode_classes.size());
  const int shots = ways > 0 ? v.support.count / ways : 0;
  ImGui::Text("test episode: %d-way %d-shot on digits never trained on", ways, shots);
  const float width = ImGui::GetContentRegionAvail().x;
  // Support: one row per way, in the way's colour.
  const float tile = std::min(34.0f, (width * 0.42f) / static_cast<float>(std::max(1, shots)) - 3.0f);
  ImGui::BeginGroup();
  ImGui::TextDisabled("support (prototype = mean)");
  tiles_item("##support", v.support, std::max(1, shots), tile, greys(), [&](ImDrawList* d, int i, ImVec2 p, float w) {
    d->AddRectFilled(ImVec2(p.x, p.y), ImVec2(p.x + w, p.y + 3.0f), way_color(v.support_labels[static_cast<std::size_t>(i)]));
  }, 4.0f);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextDisabled("queries: answer (green right, red wrong)");
  const int qper = std::max(1, std::min(10, v.query.count));
  const float qtile = std::min(30.0f, (ImGui::GetContentRegionAvail().x) / static_cast<float>(qper) - 3.0f);
  tiles_item("##queries", v.query, qper, qtile, greys(), [&](ImDrawList* d, int i, ImVec2 p, float w) {
    const int truth = v.query_labels[static_cast<std::size_t>(i)];
    const int said = i < static_cast<int>(v.query_predicted.size()) ? v.query_predicted[static_cast<std::size_t>(i)] : -1;
    d->AddRect(ImVec2(p.x - 1, p.y - qtile - 1), ImVec2(p.x + w + 1, p.y + 1), said == truth ? IM_COL32(90, 210, 110, 255) : IM_COL32(240, 80, 70, 255), 0, 0, 1.5f);
    if (said >= 0 && said < ways) d->AddRectFilled(ImVec2(p.x, p.y + 1), ImVec2(p.x + w, p.y + 4.0f), way_color(said));
  }, 5.0f);
  ImGui::EndGroup();
  for (int w = 0; w < ways; ++w) {
    char t[32];
    std::snprintf(t, sizeof t, "digit %d", v.episode_classes[static_cast<std::size_t>(w)]);
    legend_chip(way_color(w), t);
    if (w + 1 < ways) ImGui::SameLine();
  }
  // The embedding map.
  if (!v.pca.empty()) {
    float lo_x = 1e30f, hi_x = -1e30f, lo_y = 1e30f, hi_y = -1e30f;
    for (const PcaPoint& p : v.pca) lo_x = std::min(lo_x, p.x), hi_x = std::max(hi_x, p.x), lo_y = std::min(lo_y, p.y), hi_y = std::max(hi_y, p.y);
    const float mx = 0.08f * std::max(1e-6f, hi_x - lo_x), my = 0.08f * std::max(1e-6f, hi_y - lo_y);
    char title[96];
    std::snprintf(title, sizeof title, "query embeddings and prototypes (PCA, %.0f %% of the variance)", 100.0 * v.pca_explained);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotFrame f = plot_frame("##pca", ImVec2(avail.x, std::max(100.0f, avail.y)), lo_x - mx, hi_x + mx, lo_y - my, hi_y + my, title, "PC 1", 4, 4);
    dl->PushClipRect(f.area.min, f.area.max, true);
    for (const PcaPoint& p : v.pca) {
      const ImVec2 c(f.area.sx(p.x), f.area.sy(p.y));
      if (p.prototype) {
        dl->AddQuadFilled(ImVec2(c.x, c.y - 9), ImVec2(c.x + 9, c.y), ImVec2(c.x, c.y + 9), ImVec2(c.x - 9, c.y), way_color(p.way));
        dl->AddQuad(ImVec2(c.x, c.y - 9), ImVec2(c.x + 9, c.y), ImVec2(c.x, c.y + 9), ImVec2(c.x - 9, c.y), IM_COL32(255, 255, 255, 255), 2.0f);
      } else {
        dl->AddCircleFilled(c, 4.0f, way_color(p.way, 0.85f));
        if (!p.correct) dl->AddCircle(c, 6.5f, IM_COL32(240, 80, 70, 255), 0, 1.5f);
      }
    }
    dl->PopClipRect();
  }
  ImGui::End();
}

}  // namespace neurosim::gui
