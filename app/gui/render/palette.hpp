#pragma once
// Population colours, shared by the raster shader (as uniforms) and the ImGui plots, so a
// population has the same colour in every panel. Chosen to stay distinct on a dark background
// and on a projector; they repeat after kPaletteSize populations.
#include <array>
#include <cstdint>

namespace neurosim::gui {

struct Rgb {
  float r, g, b;
};

inline constexpr int kPaletteSize = 8;
inline constexpr std::array<Rgb, kPaletteSize> kPalette{{
    {0.98f, 0.50f, 0.27f},  // orange
    {0.33f, 0.62f, 1.00f},  // blue
    {0.42f, 0.86f, 0.45f},  // green
    {0.86f, 0.47f, 0.93f},  // violet
    {0.98f, 0.83f, 0.30f},  // yellow
    {0.35f, 0.87f, 0.87f},  // cyan
    {0.98f, 0.55f, 0.72f},  // pink
    {0.75f, 0.75f, 0.75f},  // grey
}};

inline Rgb population_rgb(int population) { return kPalette[static_cast<std::size_t>(population % kPaletteSize)]; }

// Packed as ImGui's IM_COL32 (0xAABBGGRR) without pulling imgui.h into every user.
inline std::uint32_t population_color(int population, float alpha = 1.0f) {
  const Rgb c = population_rgb(population);
  auto byte = [](float v) { return static_cast<std::uint32_t>(v * 255.0f + 0.5f); };
  return byte(c.r) | (byte(c.g) << 8) | (byte(c.b) << 16) | (byte(alpha) << 24);
}

}  // namespace neurosim::gui
