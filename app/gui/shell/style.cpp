// Fonts and style (see style.hpp).
#include "gui/shell/style.hpp"

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
  // Latin plus the symbols the plots label with: Greek (the STDP window's delta-t, eta, tau),
  // dashes and arrows, the true minus sign, and check marks for learned / not learned.
  static constexpr ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2010, 0x205E, 0x2190, 0x21FF,
                                        0x2212, 0x2212, 0x2248, 0x2248, 0x2264, 0x2265, 0x2713, 0x2717, 0};
  bool loaded = false;
  for (const char* path : kFonts) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && io.Fonts->AddFontFromFileTTF(path, pixels, nullptr, kRanges) != nullptr) {
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
