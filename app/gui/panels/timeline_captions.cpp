// Captions of the timeline's notes (see timeline_captions.hpp).
#include "gui/panels/timeline_captions.hpp"

#include <cfloat>

#include <imgui.h>

namespace neurosim::gui {

void TimelineCaptions::draw(bool recording) const {
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const ImGuiViewport* view = ImGui::GetMainViewport();
  const float pad = ImGui::GetFontSize() * 0.6f;
  if (!text_.empty()) {
    // Larger than the panels' text, so that a class can read it from the back of the room.
    const float size = ImGui::GetFontSize() * 1.6f;
    const float wrap = view->WorkSize.x * 0.7f;
    const ImVec2 text = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, wrap, text_.c_str());
    const ImVec2 min(view->WorkPos.x + (view->WorkSize.x - text.x) * 0.5f - pad,
                     view->WorkPos.y + view->WorkSize.y - text.y - 2.0f * pad - ImGui::GetFrameHeight() * 1.5f);
    const ImVec2 max(min.x + text.x + 2.0f * pad, min.y + text.y + 2.0f * pad);
    draw->AddRectFilled(min, max, IM_COL32(20, 20, 28, 225), pad);
    draw->AddRect(min, max, IM_COL32(255, 210, 90, 255), pad, 0, 2.0f);
    draw->AddText(ImGui::GetFont(), size, ImVec2(min.x + pad, min.y + pad), IM_COL32(255, 250, 235, 255), text_.c_str(), nullptr, wrap);
  }
  if (recording) {
    const char* label = "REC  edits become timeline entries (File > Save scenario)";
    const ImVec2 text = ImGui::CalcTextSize(label);
    const ImVec2 min(view->WorkPos.x + view->WorkSize.x - text.x - 3.0f * pad, view->WorkPos.y + pad);
    draw->AddRectFilled(min, ImVec2(min.x + text.x + 2.0f * pad, min.y + text.y + pad), IM_COL32(150, 20, 20, 230), pad * 0.5f);
    draw->AddText(ImVec2(min.x + pad, min.y + pad * 0.5f), IM_COL32(255, 255, 255, 255), label);
  }
}

}  // namespace neurosim::gui
