#pragma once
// Fonts and colours of the window, chosen to stay readable when projected in a classroom.
#include <imgui.h>

namespace neurosim::gui {

// Loads DejaVu Sans at `pixels` when the system has it (Debian's fonts-dejavu-core), else keeps
// ImGui's built-in font; then applies the dark style with slightly rounder widgets.
void apply_style(float pixels);

// Text colours of every panel's messages: a refusal or failure, and a success.
inline const ImVec4 kErrorColor(1.0f, 0.42f, 0.40f, 1.0f);
inline const ImVec4 kOkColor(0.50f, 0.90f, 0.55f, 1.0f);

// A tooltip for the item just drawn, shown while the mouse is over it.
inline void hover_tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

}  // namespace neurosim::gui
