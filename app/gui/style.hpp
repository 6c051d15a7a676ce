#pragma once
// Fonts and colours of the window, chosen to stay readable when projected in a classroom.
namespace neurosim::gui {

// Loads DejaVu Sans at `pixels` when the system has it (Debian's fonts-dejavu-core), else keeps
// ImGui's built-in font; then applies the dark style with slightly rounder widgets.
void apply_style(float pixels);

}  // namespace neurosim::gui
