// The Rewind window (see timeline_scrubber.hpp): the covered span as a bar with a draggable
// cursor, the memory held against the budget, and the history's settings.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/timeline_scrubber.hpp"

namespace neurosim::gui {

std::string memory_text(std::size_t bytes) {
  char text[32];
  const double b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024.0 * 1024.0) std::snprintf(text, sizeof text, "%.2f GB", b / (1024.0 * 1024.0 * 1024.0));
  else if (b >= 1024.0 * 1024.0) std::snprintf(text, sizeof text, "%.1f MB", b / (1024.0 * 1024.0));
  else std::snprintf(text, sizeof text, "%.0f kB", b / 1024.0);
  return text;
}

namespace {

// Seconds with a resolution that suits the span shown.
std::string time_text(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", ms / 1000.0);
  return text;
}

}  // namespace

ScrubberRequest TimelineScrubberPanel::draw(bool* open, const HistoryCoverage& c, bool paused, const std::string& message, double seek_ms) {
  ScrubberRequest out;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y - 2.2f * em), ImGuiCond_FirstUseEver, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.6f, 52.0f * em), 10.5f * em), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Rewind", open)) {
    ImGui::End();
    return out;
  }
  const double dt = c.dt_ms;
  const double first_ms = static_cast<double>(c.first_step) * dt;
  const double last_ms = static_cast<double>(c.last_step) * dt;
  const double now_ms = static_cast<double>(c.now_step) * dt;

  // [SECTION] Run controls and where the cursor is
  // A seek re-simulates on the engine's thread: the controls wait for it, its progress shows.
  const bool seeking = c.seeking();
  ImGui::BeginDisabled(seeking);
  if (paused) {
    if (ImGui::Button(c.rewound ? "Resume from here" : "Run")) out.resume = true;
    if (c.rewound && ImGui::IsItemHovered()) ImGui::SetTooltip("Runs on from the cursor: the history after it is dropped");
  } else if (ImGui::Button("Pause")) {
    out.pause = true;
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(!c.rewound);
  if (ImGui::Button("Back to latest")) out.seek_ms = last_ms;
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (seeking) {
    const double target_ms = static_cast<double>(c.seek_to_step) * dt;
    const std::string going = "going to t = " + time_text(target_ms);
    ImGui::ProgressBar(static_cast<float>(c.seek_progress()), ImVec2(-1.0f, 0.0f), going.c_str());
  } else if (c.rewound)
    ImGui::TextColored(ImVec4(1.0f, 0.78f, 0.35f, 1.0f), "t = %s, %s before the latest", time_text(now_ms).c_str(), time_text(last_ms - now_ms).c_str());
  else
    ImGui::Text("t = %s", time_text(now_ms).c_str());

  // [SECTION] The bar: the covered span, the cursor, drag to seek
  const float width = std::max(ImGui::GetContentRegionAvail().x, 4.0f * em);
  const float height = 1.6f * em;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##scrubber", ImVec2(width, height));
  const bool active = ImGui::IsItemActive();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + width, p0.y + height);
  draw->AddRectFilled(p0, p1, IM_COL32(40, 44, 52, 255), 3.0f);
  // The bar spans the window asked for (from t = 0 until the run is that long); what is kept
  // fills the part of it it covers.
  const double bar_start = std::min(first_ms, std::max(0.0, last_ms - c.options.window_ms));
  const double span_ms = std::max(last_ms - bar_start, dt);
  const auto x_of = [&](double ms) { return p0.x + static_cast<float>((ms - bar_start) / std::max(span_ms, dt) * width); };
  if (c.checkpoints > 0) draw->AddRectFilled(ImVec2(x_of(first_ms), p0.y + 3), ImVec2(x_of(last_ms), p1.y - 3), IM_COL32(70, 110, 160, 255), 2.0f);
  if (active && c.checkpoints > 0) {
    const double t = bar_start + static_cast<double>((ImGui::GetIO().MousePos.x - p0.x) / width) * span_ms;
    cursor_ms = std::clamp(t, first_ms, last_ms);
    if (!dragging || std::abs(cursor_ms - now_ms) >= dt) out.seek_ms = cursor_ms;
    dragging = true;
  } else {
    dragging = false;
    cursor_ms = seeking ? static_cast<double>(c.seek_to_step) * dt : now_ms;
  }
  const float cx = x_of(cursor_ms);
  draw->AddLine(ImVec2(cx, p0.y - 2), ImVec2(cx, p1.y + 2), IM_COL32(255, 200, 90, 255), 2.0f);
  draw->AddTriangleFilled(ImVec2(cx - 5, p0.y - 4), ImVec2(cx + 5, p0.y - 4), ImVec2(cx, p0.y + 3), IM_COL32(255, 200, 90, 255));
  if (ImGui::IsItemHovered() && !active)
    ImGui::SetTooltip("Drag to go back: the raster, traces and rates show that time again.\nLeft and right arrow keys: 100 ms (with Shift: 1 s)");
  // The arrow keys step through the history (unless a text field has the keyboard).
  if (!ImGui::GetIO().WantCaptureKeyboard && c.checkpoints > 0 && !active) {
    const double step_ms = ImGui::GetIO().KeyShift ? 1000.0 : 100.0;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)) && now_ms > first_ms) out.seek_ms = std::max(first_ms, now_ms - step_ms);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)) && now_ms < last_ms) out.seek_ms = std::min(last_ms, now_ms + step_ms);
  }
  ImGui::TextDisabled("%s", time_text(bar_start).c_str());
  const std::string right = time_text(last_ms);
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(right.c_str()).x));
  ImGui::TextDisabled("%s", right.c_str());

  // [SECTION] Memory and settings
  const double covered_s = (last_ms - first_ms) / 1000.0;
  // Checkpoints share what did not change since the one before (connectivity, static weights):
  // each adds only its new bytes.
  const std::string each = c.checkpoint_new_bytes < c.checkpoint_bytes
                               ? memory_text(c.checkpoint_bytes) + " (" + memory_text(c.checkpoint_new_bytes) + " new each)"
                               : memory_text(c.checkpoint_bytes);
  ImGui::Text("Memory %s of %s: %zu checkpoints of %s, every %.0f ms; covers %.1f s of %.0f s", memory_text(c.bytes).c_str(),
              memory_text(c.options.budget_bytes).c_str(), c.checkpoints, each.c_str(), c.interval_ms, covered_s, c.options.window_ms / 1000.0);
  if (seek_ms >= 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("(last seek %.0f ms)", seek_ms);
  }
  if (!c.note.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", c.note.c_str());
  if (!message.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", message.c_str());
  if (ImGui::TreeNode("Settings")) {
    bool changed = false;
    ImGui::SetNextItemWidth(10.0f * em);
    ImGui::SliderFloat("window", &window_s, 1.0f, 600.0f, "%.0f s", ImGuiSliderFlags_Logarithmic);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(10.0f * em);
    ImGui::SliderFloat("budget", &budget_mb, 16.0f, 8192.0f, "%.0f MB", ImGuiSliderFlags_Logarithmic);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(8.0f * em);
    ImGui::SliderFloat("interval", &interval_ms, 10.0f, 2000.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    if (changed) {
      HistoryOptions o = c.options;
      o.window_ms = static_cast<double>(window_s) * 1000.0;
      o.budget_bytes = static_cast<std::size_t>(static_cast<double>(budget_mb) * 1024.0 * 1024.0);
      o.interval_ms = interval_ms;
      out.options = o;
    }
    ImGui::TreePop();
  }
  ImGui::End();
  return out;
}

}  // namespace neurosim::gui
