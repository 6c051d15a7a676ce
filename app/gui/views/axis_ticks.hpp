#pragma once
// "Nice" axis ticks and their labels, shared by the ImGui plots (plot_helpers.hpp) and the SVG
// pictures (svg_writer.hpp). No ImGui, no GL.
#include <string>
#include <vector>

namespace neurosim::gui {

// Tick values at 1, 2 or 5 x 10^k covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target, double* step_out = nullptr);
// A tick label with as many decimals as the step needs ("250", "0.5", "-70").
std::string tick_label(double value, double step);

}  // namespace neurosim::gui
