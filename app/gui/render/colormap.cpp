// Viridis rebuilt from nine of its published sample colours (the 9-class palette, evenly
// spaced over [0, 1]) by linear interpolation in sRGB. Between samples the curve is nearly
// straight, so this stays within a few levels of the original map while being data, not code.
#include "gui/render/colormap.hpp"

#include <cmath>

namespace neurosim::gui {

namespace {

constexpr std::array<std::uint32_t, 9> kViridisSamples{
    0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
};

ColormapTable build_viridis() {
  ColormapTable table{};
  const int segments = static_cast<int>(kViridisSamples.size()) - 1;
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0 * segments;
    const int k = t >= segments ? segments - 1 : static_cast<int>(t);
    const double f = t - k;
    for (int ch = 0; ch < 3; ++ch) {
      const int shift = 16 - 8 * ch;  // red, green, blue
      const double a = (kViridisSamples[static_cast<std::size_t>(k)] >> shift) & 0xff;
      const double b = (kViridisSamples[static_cast<std::size_t>(k + 1)] >> shift) & 0xff;
      table[static_cast<std::size_t>(i)][static_cast<std::size_t>(ch)] =
          static_cast<std::uint8_t>(std::lround(a + (b - a) * f));
    }
  }
  return table;
}

}  // namespace

const ColormapTable& viridis() {
  static const ColormapTable table = build_viridis();
  return table;
}

}  // namespace neurosim::gui
