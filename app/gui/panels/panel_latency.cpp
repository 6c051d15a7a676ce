// Latency panel: after every pattern onset, how long until the output neuron fired (Masquelier,
// Guyonneau & Thorpe 2008, Fig. 4: the latency shrinks as STDP concentrates the weights on the
// pattern's earliest afferents). One dot per occurrence in the pattern's colour, a cross at the
// top for a miss, and a running mean per pattern; experiment phases are marked when one runs.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

constexpr int kMaxAverage = 64;

}  // namespace

void draw_latency_scatter(const char* id, ImVec2 size, const LatencyTracker& latencies, const ExperimentSeen* experiment,
                          int average_over, std::vector<ImVec2>& scratch) {
  const auto& occ = latencies.occurrences();
  const double window = latencies.window_ms();
  double t0 = 0.0, t1 = 1.0;
  if (occ.size() > 0) {
    t0 = occ[0].onset_ms / 1000.0;
    t1 = std::max(occ.back().onset_ms / 1000.0, t0 + 1.0);
  }
  const PlotFrame f = plot_frame(id, size, t0, t1, 0.0, window * 1.06, "latency after pattern onset (ms)", "time (s)", 5, 4);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(f.area.min, f.area.max, true);
  // Experiment phases: evaluation windows shaded, epoch starts dashed.
  if (experiment != nullptr) {
    for (const PhaseMetrics& m : experiment->history()) {
      if (m.end_ms / 1000.0 < t0) continue;
      if (m.phase == ExperimentPhase::Evaluation)
        dl->AddRectFilled(ImVec2(f.area.sx(m.start_ms / 1000.0), f.area.min.y), ImVec2(f.area.sx(m.end_ms / 1000.0), f.area.max.y),
                          IM_COL32(255, 255, 255, 14));
      else
        draw_vline_dashed(dl, f.area, m.start_ms / 1000.0, IM_COL32(255, 255, 255, 45));
    }
  }
  // Dots (hits) and crosses at the top (misses).
  const float r = 1.8f;
  for (std::size_t i = 0; i < occ.size(); ++i) {
    const PatternOccurrence& o = occ[i];
    const float x = f.area.sx(o.onset_ms / 1000.0);
    if (std::isnan(o.latency_ms)) {
      const float y = f.area.sy(window * 1.03);
      const ImU32 c = pattern_color(o.pattern, 0.55f);
      dl->AddLine(ImVec2(x - r, y - r), ImVec2(x + r, y + r), c);
      dl->AddLine(ImVec2(x - r, y + r), ImVec2(x + r, y - r), c);
    } else {
      const float y = f.area.sy(o.latency_ms);
      dl->AddRectFilled(ImVec2(x - r, y - r), ImVec2(x + r, y + r), pattern_color(o.pattern, 0.75f));
    }
  }
  // With an experiment: each phase's mean latency per pattern as a segment over the phase (bold
  // for evaluations). Without: a running mean over the last `average_over` hits of each pattern.
  const int n = std::clamp(average_over, 1, kMaxAverage);
  if (experiment != nullptr) {
    for (const PhaseMetrics& m : experiment->history()) {
      if (m.end_ms / 1000.0 < t0) continue;
      const bool bold = m.phase == ExperimentPhase::Evaluation || experiment->spec().evaluation_ms <= 0.0;
      for (const PatternScore& s : m.patterns) {
        if (s.hits == 0) continue;
        const float y = f.area.sy(s.mean_latency_ms);
        const ImVec2 a(f.area.sx(m.start_ms / 1000.0), y), b(f.area.sx(m.end_ms / 1000.0), y);
        dl->AddLine(a, b, IM_COL32(0, 0, 0, 160), bold ? 5.0f : 3.5f);
        dl->AddLine(a, b, pattern_color(s.pattern, bold ? 1.0f : 0.6f), bold ? 3.0f : 1.5f);
      }
    }
  }
  for (int p = 0; p < latencies.patterns() && experiment == nullptr; ++p) {
    std::array<float, kMaxAverage> last{};
    int count = 0, head = 0;
    double sum = 0.0;
    scratch.clear();
    for (std::size_t i = 0; i < occ.size(); ++i) {
      const PatternOccurrence& o = occ[i];
      if (o.pattern != p || std::isnan(o.latency_ms)) continue;
      if (count == n) sum -= last[static_cast<std::size_t>(head)];
      else ++count;
      last[static_cast<std::size_t>(head)] = o.latency_ms;
      sum += o.latency_ms;
      head = (head + 1) % n;
      scratch.emplace_back(f.area.sx(o.onset_ms / 1000.0), f.area.sy(sum / count));
    }
    if (scratch.size() >= 2) {
      // A dark halo under the line keeps it readable over its own dots.
      dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), IM_COL32(0, 0, 0, 160), ImDrawFlags_None, 4.0f);
      dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), pattern_color(p), ImDrawFlags_None, 2.0f);
    }
  }
  dl->PopClipRect();
  if (occ.size() == 0) {
    const char* text = "waiting for the first pattern...";
    const ImVec2 ts = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2((f.area.min.x + f.area.max.x - ts.x) * 0.5f, (f.area.min.y + f.area.max.y - ts.y) * 0.5f),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), text);
  }
  if (f.hovered) {
    char lines[96];
    if (experiment != nullptr) std::snprintf(lines, sizeof lines, "Bars: each phase's mean latency per pattern (bold: evaluation).");
    else std::snprintf(lines, sizeof lines, "Lines: mean of the last %d hits per pattern.", n);
    ImGui::SetTooltip("t = %.2f s, latency %.1f ms\nDots: first output spike after each onset; crosses at the top: missed.\n%s",
                      f.area.x_at(ImGui::GetIO().MousePos.x), f.area.y_at(ImGui::GetIO().MousePos.y), lines);
  }
}

void LatencyPanel::draw(bool* open, const ScenarioFacts& facts, const LatencyTracker& latencies, const ExperimentSeen* experiment) {
  if (!ImGui::Begin("Latency", open)) {
    ImGui::End();
    return;
  }
  if (!latencies.active()) {
    ImGui::TextWrapped("No pattern input: latency is measured from the onsets of a \"pattern\" population's hidden patterns "
                       "to the first spike of the neurons it feeds (Masquelier et al. 2008).");
    ImGui::End();
    return;
  }
  // Per pattern: the recent hit rate and mean latency.
  const auto& occ = latencies.occurrences();
  for (int p = 0; p < latencies.patterns(); ++p) {
    int seen = 0, hits = 0;
    double sum = 0.0;
    for (std::size_t i = occ.size(); i-- > 0 && seen < 20;) {
      if (occ[i].pattern != p) continue;
      ++seen;
      if (!std::isnan(occ[i].latency_ms)) {
        ++hits;
        sum += occ[i].latency_ms;
      }
    }
    char text[96];
    if (hits > 0) std::snprintf(text, sizeof text, "P%d  %.1f ms, %d/%d hit", p + 1, sum / hits, hits, seen);
    else std::snprintf(text, sizeof text, "P%d  %d/%d hit", p + 1, hits, seen);
    if (p > 0) ImGui::SameLine(0.0f, ImGui::GetFontSize());
    legend_chip(pattern_color(p), text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pattern %d over its last %d occurrences", p + 1, seen);
  }
  if (experiment == nullptr) {
    ImGui::SameLine(0.0f, ImGui::GetFontSize());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
    ImGui::SliderInt("mean of", &average_over, 1, kMaxAverage);
  }
  const int out = latencies.output();
  ImGui::TextDisabled("output: %s; window %.0f ms%s",
                      out >= 0 && out < static_cast<int>(facts.populations.size()) ? facts.populations[static_cast<std::size_t>(out)].name.c_str() : "?",
                      latencies.window_ms(),
                      latencies.lost() > 0 ? "; some spikes were lost (too fast)" : "");
  draw_latency_scatter("##latency", ImGui::GetContentRegionAvail(), latencies, experiment, average_over, scratch);
  ImGui::End();
}

}  // namespace neurosim::gui
