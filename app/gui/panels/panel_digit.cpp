// Digit panel: the image on show at a readable size, its label and the network's answer so far,
// the last image's verdict, and the output layer's response to this image: spike counts per
// neuron (coloured by assigned label) and the vote per label that decides the answer.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/panels/classification_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/image_set.hpp"

namespace neurosim::gui {

namespace {

ImU32 label_color(int label, float alpha = 1.0f) {
  if (label < 0) return IM_COL32(150, 150, 150, static_cast<int>(alpha * 255.0f));
  return pattern_color(label, alpha);
}

void draw_image(const ImageSet& set, int i, ImVec2 size) {
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  if (i < 0 || i >= set.count) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float px = size.x / static_cast<float>(set.cols), py = size.y / static_cast<float>(set.rows);
  dl->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y), IM_COL32(0, 0, 0, 255));
  const std::uint8_t* img = set.image(i);
  for (int r = 0; r < set.rows; ++r)
    for (int c = 0; c < set.cols; ++c) {
      const int v = img[r * set.cols + c];
      if (v == 0) continue;
      const ImVec2 a(o.x + px * static_cast<float>(c), o.y + py * static_cast<float>(r));
      dl->AddRectFilled(a, ImVec2(a.x + px, a.y + py), IM_COL32(v, v, v, 255));
    }
}

}  // namespace

void DigitPanel::draw(bool* open, const ClassificationFrame& frame, float image_px) {
  if (!ImGui::Begin("Digit", open)) {
    ImGui::End();
    return;
  }
  if (!frame.active || frame.images == nullptr) {
    ImGui::TextWrapped("This scenario has no classification experiment (an images population with labels, "
                       "\"experiment\": {\"task\": \"classification\"}).");
    ImGui::End();
    return;
  }
  const ImageSet& set = *frame.images;
  const float side = image_px;
  ImGui::BeginGroup();
  draw_image(set, frame.image, ImVec2(side, side * static_cast<float>(set.rows) / static_cast<float>(std::max(1, set.cols))));
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  // Once the schedule is over the input goes on from the set's first image, should the run be
  // continued: the image is the one on show, not one the experiment scored.
  const bool over = frame.phase == "done";
  ImGui::Text("image %d of %d  (%s)", frame.image + 1, set.count, over ? "after the experiment" : frame.phase.c_str());
  if (over) hover_tooltip("The experiment is over and its results are final. Running on shows the images again, with learning on.");
  ImGui::Text("label");
  ImGui::SameLine(90.0f);
  if (frame.label >= 0) ImGui::Text("%d", frame.label);
  else ImGui::TextDisabled("none");
  ImGui::Text("answer");
  ImGui::SameLine(90.0f);
  // After the experiment the counts and votes are still the last scored image's: its answer is
  // the "last image" row's, not one for the image on show.
  if (over) ImGui::TextDisabled("none (not shown)");
  else if (frame.answer >= 0) ImGui::TextColored(frame.answer == frame.label ? kOkColor : kErrorColor, "%d", frame.answer);
  else ImGui::TextDisabled("no spike yet");
  hover_tooltip(over ? "The experiment is over: this image was not shown to the network. The votes and spikes below are the last image's."
                     : "The label whose assigned neurons have the highest mean spike count for this image so far.");
  if (frame.last_label >= 0) {
    ImGui::Text("last image");
    ImGui::SameLine(90.0f);
    if (frame.last_answer >= 0)
      ImGui::TextColored(frame.last_answer == frame.last_label ? kOkColor : kErrorColor, "%d, answered %d", frame.last_label,
                         frame.last_answer);
    else ImGui::TextColored(kErrorColor, "%d, no answer", frame.last_label);
  }
  ImGui::EndGroup();

  // Votes per label.
  const float w = ImGui::GetContentRegionAvail().x;
  double vmax = 1e-9;
  for (double v : frame.votes) vmax = std::max(vmax, v);
  const PlotFrame vf = plot_frame("##votes", ImVec2(w, 110.0f), -0.5, frame.labels - 0.5, 0.0, vmax * 1.1,
                                  over ? "vote per label for the last image (mean spikes of its neurons)"
                                       : "vote per label (mean spikes of its neurons)",
                                  "label", frame.labels, 3);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int l = 0; l < static_cast<int>(frame.votes.size()); ++l) {
    const float x0 = vf.area.sx(l - 0.38), x1 = vf.area.sx(l + 0.38);
    const ImU32 c = l == frame.answer ? label_color(l) : label_color(l, 0.55f);
    dl->AddRectFilled(ImVec2(x0, vf.area.sy(frame.votes[static_cast<std::size_t>(l)])), ImVec2(x1, vf.area.sy(0.0)), c);
  }

  // Spike counts per output neuron, coloured by assigned label.
  std::uint32_t cmax = 1;
  for (std::uint32_t c : frame.counts) cmax = std::max(cmax, c);
  const int n = static_cast<int>(frame.counts.size());
  const PlotFrame cf = plot_frame("##counts", ImVec2(w, std::max(90.0f, ImGui::GetContentRegionAvail().y - 4.0f)), -0.5,
                                  std::max(1, n) - 0.5, 0.0, cmax * 1.1, over ? "spikes per output neuron, the last image" : "spikes per output neuron, this image", "neuron", 5, 3);
  dl->PushClipRect(cf.area.min, cf.area.max, true);
  const float bar = std::max(1.0f, cf.area.width() / static_cast<float>(std::max(1, n)) - 1.0f);
  for (int i = 0; i < n; ++i) {
    const std::uint32_t c = frame.counts[static_cast<std::size_t>(i)];
    if (c == 0) continue;
    const int l = i < static_cast<int>(frame.assignments.size()) ? frame.assignments[static_cast<std::size_t>(i)] : -1;
    const float x = cf.area.sx(i);
    dl->AddRectFilled(ImVec2(x - bar * 0.5f, cf.area.sy(c)), ImVec2(x + bar * 0.5f, cf.area.sy(0.0)), label_color(l));
  }
  dl->PopClipRect();
  if (cf.hovered) {
    const int i = static_cast<int>(std::lround(cf.area.x_at(ImGui::GetIO().MousePos.x)));
    if (i >= 0 && i < n) {
      const int l = i < static_cast<int>(frame.assignments.size()) ? frame.assignments[static_cast<std::size_t>(i)] : -1;
      ImGui::SetTooltip("neuron %d (label %s): %u spikes", i, l >= 0 ? std::to_string(l).c_str() : "none",
                        frame.counts[static_cast<std::size_t>(i)]);
    }
  }
  ImGui::End();
}

}  // namespace neurosim::gui
