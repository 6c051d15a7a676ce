// Status bar along the bottom: simulated time, real-time factor, steps/s, spikes/s, fps,
// and the last message (a saved screenshot, a rejected command).
#include <imgui.h>

#include <cstdio>

#include "gui/shell/layout.hpp"
#include "gui/panels/panels.hpp"
#include "gui/views/raster_ring.hpp"
#include "gui/shell/sim_clock.hpp"

namespace neurosim::gui {

namespace {

// 1234567 -> "1.23 M", so the numbers keep their width as they grow.
std::string si(double v) {
  char text[32];
  if (v >= 1e9) std::snprintf(text, sizeof text, "%.2f G", v / 1e9);
  else if (v >= 1e6) std::snprintf(text, sizeof text, "%.2f M", v / 1e6);
  else if (v >= 1e4) std::snprintf(text, sizeof text, "%.1f k", v / 1e3);
  else std::snprintf(text, sizeof text, "%.0f ", v);
  return text;
}

void separator() {
  ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.8f);
  ImGui::TextDisabled("|");
  ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.8f);
}

}  // namespace

void StatusBar::draw(double t_ms, const SimClock& clock, const RasterRing& ring, const std::string& message, bool message_is_error) {
  place_window(Slot::Status, true);  // always pinned to the bottom, whatever the window size
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  if (ImGui::Begin("##status", nullptr, flags)) {
    ImGui::Text("t = %.1f ms", t_ms);
    separator();
    if (clock.paused) {
      ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "paused");
    } else {
      const ImVec4 colour = clock.behind() ? ImVec4(1.0f, 0.6f, 0.3f, 1.0f) : ImGui::GetStyleColorVec4(ImGuiCol_Text);
      if (clock.fixed_frame_ms > 0.0 && !clock.max_speed) {
        // Batch run (--frames): each frame advances a fixed simulated time, whatever it costs.
        ImGui::Text("%.3g ms simulated per frame (batch, %.2gx)", clock.fixed_frame_ms * static_cast<double>(clock.speed),
                    static_cast<double>(clock.speed));
      } else if (clock.max_speed) {
        ImGui::TextColored(colour, "%.2fx real time (max speed)", clock.realtime_factor());
      } else {
        ImGui::TextColored(colour, "%.2fx real time (target %.2gx)%s", clock.realtime_factor(),
                           static_cast<double>(clock.speed), clock.behind() ? ", behind" : "");
      }
      if (ImGui::IsItemHovered() && clock.behind())
        ImGui::SetTooltip("The network needs more than the frame budget for this speed:\nit runs as fast as it can.");
    }
    separator();
    ImGui::Text("%ssteps/s", si(clock.steps_per_second()).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.1f us of wall time per step", clock.step_cost_us());
    separator();
    ImGui::Text("%sspikes/s", si(clock.spikes_per_second()).c_str());
    separator();
    ImGui::Text("%.0f fps", static_cast<double>(ImGui::GetIO().Framerate));
    if (ring.lost() > 0) {
      separator();
      ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.40f, 1.0f), "%llu spikes not drawn",
                         static_cast<unsigned long long>(ring.lost()));
    }
    if (!message.empty()) {
      separator();
      if (message_is_error) ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.40f, 1.0f), "%s", message.c_str());
      else ImGui::TextDisabled("%s", message.c_str());
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace neurosim::gui
