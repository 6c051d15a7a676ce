// The print theme and picture mode (see print_theme.hpp).
#include "gui/panels/print_theme.hpp"

#include <array>

#include "gui/render/palette.hpp"

namespace neurosim::gui {

namespace {

constexpr PlotColors kDark{IM_COL32(255, 255, 255, 22), IM_COL32(255, 255, 255, 60), IM_COL32(255, 255, 255, 90),
                           IM_COL32(235, 238, 245, 255), IM_COL32(255, 120, 100, 170), IM_COL32(255, 255, 255, 60)};
constexpr PlotColors kPrint{IM_COL32(0, 0, 0, 28), IM_COL32(0, 0, 0, 120), IM_COL32(0, 0, 0, 110),
                            IM_COL32(20, 20, 25, 255), IM_COL32(200, 50, 40, 200), IM_COL32(0, 0, 0, 60)};

bool g_print = false;
bool g_picture = false;
bool g_saved = false;
std::array<ImVec4, ImGuiCol_COUNT> g_dark_colours;  // the style's colours before the print theme

}  // namespace

const PlotColors& plot_colors() { return g_print ? kPrint : kDark; }

bool print_theme() { return g_print; }

ImU32 theme_population_color(int population, float alpha) {
  const Rgb c = population_rgb(population);
  const float k = g_print ? 0.72f : 1.0f;
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r * k, c.g * k, c.b * k, alpha));
}

void set_print_theme(bool on) {
  if (on == g_print) return;
  ImGuiStyle& style = ImGui::GetStyle();
  if (on) {
    for (int i = 0; i < ImGuiCol_COUNT; ++i) g_dark_colours[static_cast<std::size_t>(i)] = style.Colors[i];
    g_saved = true;
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.0f);
    style.Colors[ImGuiCol_Text] = ImVec4(0.05f, 0.05f, 0.07f, 1.0f);
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.30f, 0.30f, 0.33f, 1.0f);
    style.Colors[ImGuiCol_TitleBg] = ImVec4(0.93f, 0.93f, 0.94f, 1.0f);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.86f, 0.89f, 0.94f, 1.0f);
    style.Colors[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.25f);
    // Fields and buttons stay visible on the white panels: a light grey, darker when used.
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.88f, 0.89f, 0.91f, 1.0f);
    style.Colors[ImGuiCol_FrameBgHovered] = ImVec4(0.80f, 0.85f, 0.93f, 1.0f);
    style.Colors[ImGuiCol_FrameBgActive] = ImVec4(0.72f, 0.80f, 0.92f, 1.0f);
    style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.92f, 0.92f, 0.93f, 1.0f);
  } else if (g_saved) {
    for (int i = 0; i < ImGuiCol_COUNT; ++i) style.Colors[i] = g_dark_colours[static_cast<std::size_t>(i)];
  }
  g_print = on;
}

bool drawing_picture() { return g_picture; }

PictureScope::PictureScope(bool print) : was_print_(g_print), menu_button_(ImGui::GetStyle().WindowMenuButtonPosition) {
  g_picture = true;
  set_print_theme(print);  // the picture's theme, whatever the window's
  ImGui::GetStyle().WindowMenuButtonPosition = ImGuiDir_None;  // no collapse arrow in a picture
}

PictureScope::~PictureScope() {
  g_picture = false;
  set_print_theme(was_print_);
  ImGui::GetStyle().WindowMenuButtonPosition = menu_button_;
}

void draw_x_title(ImDrawList* dl, ImVec2 area_min, ImVec2 area_max, float below, const char* title) {
  const float w = ImGui::CalcTextSize(title).x;
  dl->AddText(ImVec2((area_min.x + area_max.x - w) * 0.5f, area_max.y + below), ImGui::GetColorU32(ImGuiCol_Text), title);
}

}  // namespace neurosim::gui
