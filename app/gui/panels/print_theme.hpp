#pragma once
// Slide-ready pictures: the light print theme and the picture mode panels are drawn in when
// exported.
//   - The print theme is white paper and black text for the whole window (View > Print theme,
//     `--print-theme`), or only for exported pictures (the Export panel's choice).
//   - In picture mode (PictureScope, while the Export action draws a panel offscreen) panels
//     leave out their controls (combos, sliders, buttons) and write axis titles with units.
// The plots take their grid, frame and line colours from plot_colors(), so they read on either.
#include <imgui.h>

namespace neurosim::gui {

struct PlotColors {
  ImU32 grid, border, band_line, trace_line, threshold, hover_line;
};
const PlotColors& plot_colors();

bool print_theme();
// A population's colour (palette.hpp), a darker shade of it in the print theme so the yellow and
// green populations read on white (as plot_svg.cpp's population_hex).
ImU32 theme_population_color(int population, float alpha = 1.0f);
// Switches the ImGui style's colours and the plot colours (the dark ones are kept to go back to).
void set_print_theme(bool on);

// True while a panel is drawn into an exported picture.
bool drawing_picture();

// For the scope of one offscreen picture: picture mode on, the print theme or the dark one as
// asked (whatever the window shows), and no window menu button; all put back on destruction.
class PictureScope {
 public:
  explicit PictureScope(bool print);
  ~PictureScope();
  PictureScope(const PictureScope&) = delete;
  PictureScope& operator=(const PictureScope&) = delete;

 private:
  bool was_print_;
  ImGuiDir menu_button_;
};

// An axis title under a plot area, centred (picture mode and the sweep plot).
void draw_x_title(ImDrawList* dl, ImVec2 area_min, ImVec2 area_max, float below, const char* title);

}  // namespace neurosim::gui
