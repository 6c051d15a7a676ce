#include "neurosim/image_set.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {

std::string ImageSet::check() const {
  if (count < 1) return "holds no images";
  if (rows < 1 || cols < 1) return "images must be at least 1 x 1 (got " + std::to_string(rows) + " x " + std::to_string(cols) + ")";
  const auto expected = static_cast<std::size_t>(count) * static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  if (pixels.size() != expected)
    return "holds " + std::to_string(pixels.size()) + " pixels, expected " + std::to_string(expected);
  if (!labels.empty() && labels.size() != static_cast<std::size_t>(count))
    return "has " + std::to_string(labels.size()) + " labels for " + std::to_string(count) + " images";
  return {};
}

namespace {

// Distance from point p to the segment a-b.
double segment_distance(double px, double py, double ax, double ay, double bx, double by) {
  const double vx = bx - ax, vy = by - ay;
  const double len2 = vx * vx + vy * vy;
  const double t = len2 > 0 ? std::clamp(((px - ax) * vx + (py - ay) * vy) / len2, 0.0, 1.0) : 0.0;
  const double dx = px - (ax + t * vx), dy = py - (ay + t * vy);
  return std::sqrt(dx * dx + dy * dy);
}

}  // namespace

ImageSet synthetic_digits() {
  // Seven segments: a top, b upper right, c lower right, d bottom, e lower left, f upper left,
  // g middle. Corners of a 10 x 18 pixel digit centred in 28 x 28, slanted a little as
  // handwriting is.
  enum { A = 1, B = 2, C = 4, D = 8, E = 16, F = 32, G = 64 };
  constexpr std::array<int, 10> kSegments{A | B | C | D | E | F, B | C,         A | B | G | E | D, A | B | G | C | D, F | G | B | C,
                                          A | F | G | C | D,     A | F | G | E | C | D, A | B | C, A | B | C | D | E | F | G,
                                          A | B | C | D | F | G};
  const double left = 9.0, right = 19.0, top = 5.0, middle = 14.0, bottom = 23.0;
  const double slant = 0.12;  // x shift per pixel above the bottom
  const auto x_at = [&](double x, double y) { return x + slant * (bottom - y); };
  struct Seg {
    double ax, ay, bx, by;
  };
  const std::array<Seg, 7> segs{{
      {left, top, right, top},          // a
      {right, top, right, middle},      // b
      {right, middle, right, bottom},   // c
      {left, bottom, right, bottom},    // d
      {left, middle, left, bottom},     // e
      {left, top, left, middle},        // f
      {left, middle, right, middle},    // g
  }};
  ImageSet set;
  set.source = "built-in synthetic digits";
  set.count = 10;
  set.rows = 28;
  set.cols = 28;
  set.pixels.assign(10u * 28u * 28u, 0);
  set.labels.resize(10);
  const double half_width = 1.4;  // stroke half width, pixels
  for (int d = 0; d < 10; ++d) {
    set.labels[static_cast<std::size_t>(d)] = static_cast<std::uint8_t>(d);
    for (int y = 0; y < 28; ++y) {
      for (int x = 0; x < 28; ++x) {
        double best = 1e9;
        for (int s = 0; s < 7; ++s) {
          if ((kSegments[static_cast<std::size_t>(d)] & (1 << s)) == 0) continue;
          const Seg& g = segs[static_cast<std::size_t>(s)];
          best = std::min(best, segment_distance(x + 0.5, y + 0.5, x_at(g.ax, g.ay), g.ay, x_at(g.bx, g.by), g.by));
        }
        // Full intensity inside the stroke, a one-pixel anti-aliased edge.
        const double v = std::clamp(half_width + 0.5 - best, 0.0, 1.0);
        set.pixels[static_cast<std::size_t>(d) * 784u + static_cast<std::size_t>(y) * 28u + static_cast<std::size_t>(x)] =
            static_cast<std::uint8_t>(std::lround(255.0 * v));
      }
    }
  }
  return set;
}

}  // namespace neurosim
