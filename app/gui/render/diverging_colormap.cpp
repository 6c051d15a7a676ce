// The blue - dark - orange diverging map (see diverging_colormap.hpp), built from seven control
// colours chosen for this window: symmetric in brightness on both sides of the middle, so that a
// change of +x and one of -x look equally strong, and distinguishable for red-green colour blindness
// (blue against orange). Linear interpolation in sRGB between the controls.
#include "gui/render/diverging_colormap.hpp"

#include <cmath>

namespace neurosim::gui {

namespace {

struct Control {
  double t;
  double r, g, b;
};

constexpr Control kControls[] = {
    {0.00, 150, 215, 255},  // largest depression: pale sky blue
    {0.18, 55, 140, 235},
    {0.36, 30, 70, 135},
    {0.50, 26, 27, 33},  // no change: the panel's own near-black
    {0.64, 130, 52, 26},
    {0.82, 235, 120, 40},
    {1.00, 255, 222, 140},  // largest potentiation: pale amber
};

ColormapTable build() {
  ColormapTable table{};
  constexpr int n = static_cast<int>(sizeof kControls / sizeof kControls[0]);
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0;
    int k = 0;
    while (k + 2 < n && t > kControls[k + 1].t) ++k;
    const Control& a = kControls[k];
    const Control& b = kControls[k + 1];
    const double f = (t - a.t) / (b.t - a.t);
    auto mix = [&](double x, double y) { return static_cast<std::uint8_t>(std::lround(x + (y - x) * f)); };
    table[static_cast<std::size_t>(i)] = {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
  }
  return table;
}

}  // namespace

const ColormapTable& diverging_blue_orange() {
  static const ColormapTable table = build();
  return table;
}

}  // namespace neurosim::gui
