#pragma once
// The viridis colour map as a 256-entry RGB table, for the heatmap's lookup texture and for the
// colour bar drawn by ImGui (both from the same table, so they cannot disagree).
#include <array>
#include <cstdint>

namespace neurosim::gui {

using ColormapTable = std::array<std::array<std::uint8_t, 3>, 256>;

const ColormapTable& viridis();

}  // namespace neurosim::gui
