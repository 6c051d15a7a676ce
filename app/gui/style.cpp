// Fonts and style (see style.hpp).
#include "gui/style.hpp"

#include <imgui.h>

#include <filesystem>

namespace neurosim::gui {

void apply_style(float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  // The built-in bitmap font is 13 px and blurs when scaled; a real TTF stays sharp at any size.
  static constexpr const char* kFonts[] = {
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/TTF/DejaVuSans.ttf",
  };
  bool loaded = false;
  for (const char* path : kFonts) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && io.Fonts->AddFontFromFileTTF(path, pixels) != nullptr) {
      loaded = true;
      break;
    }
  }
  if (!loaded) io.Fonts->AddFontDefault();

  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 3.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.WindowPadding = ImVec2(8.0f, 7.0f);
  style.FramePadding = ImVec2(6.0f, 3.0f);
  style.ItemSpacing = ImVec2(7.0f, 5.0f);
  style.WindowBorderSize = 1.0f;
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.085f, 0.09f, 0.11f, 1.0f);
  style.Colors[ImGuiCol_TitleBg] = ImVec4(0.11f, 0.13f, 0.17f, 1.0f);
  style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.22f, 0.32f, 1.0f);
}

}  // namespace neurosim::gui
