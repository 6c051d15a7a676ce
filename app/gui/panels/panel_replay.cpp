// The Replay window (replay_panel.hpp).
#include <imgui.h>

#include <algorithm>

#include "gui/panels/replay_panel.hpp"

namespace neurosim::gui {

double ReplayPanel::draw(bool* open, double now_ms, SimClock& clock) {
  const double now = now_ms;
  if (now >= duration_ms && !clock.paused) clock.paused = true;  // the recording is over
  if (!*open) return -1.0;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y - 8.0f), ImGuiCond_FirstUseEver, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(720.0f, vp->WorkSize.x * 0.6f), 0.0f), ImGuiCond_FirstUseEver);
  double seek = -1.0;
  if (ImGui::Begin("Replay", open)) {
    // Settings: play, pause, speed.
    if (ImGui::Button(clock.paused ? "Play" : "Pause", ImVec2(80, 0))) {
      if (clock.paused && now >= duration_ms) seek = 0.0;  // from the start again
      clock.paused = !clock.paused;
      clock.resync();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200);
    ImGui::SliderFloat("speed", &clock.speed, 0.01f, 100.0f, "%.2fx", ImGuiSliderFlags_Logarithmic);
    // Scrub: the slider follows the replay until it is grabbed; releasing it jumps there.
    if (!dragging) target_ms = static_cast<float>(std::min(now, duration_ms));
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderFloat("##time", &target_ms, 0.0f, static_cast<float>(duration_ms), "t = %.1f ms");
    dragging = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) seek = target_ms;
    // Outputs.
    ImGui::TextDisabled("%s  |  %zu spikes over %.0f ms", label.c_str(), spikes, duration_ms);
  }
  ImGui::End();
  return seek;
}

}  // namespace neurosim::gui
