// Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8)),
// with 128 layers: the rare draws outside a layer's rectangle (the common case is inline in
// rng.hpp). The layer edges are rng_ziggurat.hpp's; the densities at the edges are computed once.
#include <array>
#include <cmath>

#include "neurosim/rng.hpp"

namespace neurosim {
namespace {

using detail::kZigguratLayers;
using detail::kZigguratR;
using detail::kZigguratX;

// exp(-x^2 / 2) at each layer edge, and for each layer's wedge two lines, one below the density
// and one above it (squeezes): a point under the lower one is accepted and a point over the
// upper one rejected without calling exp. Where the density is concave (|x| <= 1) the chord
// between the wedge's ends lies below it and the tangent at the wedge's middle above; where it
// is convex (|x| >= 1), the other way round. The lines are moved 1e-9 away from the density, far
// more than exp's rounding, so that they decide only what the exact test decides the same way:
// the draws are the same with or without them.
struct Line {
  double at_zero, slope;  // at_zero + slope |x|
  double at(double ax) const { return at_zero + slope * ax; }
};

struct EdgeTables {
  std::array<double, kZigguratLayers + 1> f{};
  std::array<Line, kZigguratLayers> below{}, above{};
};

const EdgeTables& edge_tables() {
  static const EdgeTables t = [] {
    EdgeTables e;
    const auto density = [](double x) { return std::exp(-0.5 * x * x); };
    for (std::size_t i = 0; i < e.f.size(); ++i) e.f[i] = density(kZigguratX[i]);
    constexpr double kMargin = 1e-9;
    for (std::size_t l = 0; l < e.below.size(); ++l) {
      const double outer = kZigguratX[l], inner = kZigguratX[l + 1];
      const double chord_slope = (e.f[l] - e.f[l + 1]) / (outer - inner);
      const Line chord{e.f[l] - chord_slope * outer, chord_slope};
      const double middle = 0.5 * (outer + inner), f_middle = density(middle);
      const Line tangent{f_middle + middle * f_middle * middle, -middle * f_middle};  // f'(x) = -x f(x)
      // No squeeze for the tail (layer 0) and the wedge across the inflection at |x| = 1.
      Line low{-1.0, 0.0}, high{2.0, 0.0};
      if (l > 0 && outer <= 1.0) {
        low = chord;
        high = tangent;
      } else if (l > 0 && inner >= 1.0) {
        low = tangent;
        high = chord;
      }
      e.below[l] = {low.at_zero - kMargin, low.slope};
      e.above[l] = {high.at_zero + kMargin, high.slope};
    }
    return e;
  }();
  return t;
}

}  // namespace

double Rng::normal_outside(std::size_t layer, double u, double xv) {
  const EdgeTables& t = edge_tables();
  const auto& f = t.f;
  for (;;) {
    if (layer == 0) {
      // Tail beyond R (Marsaglia 1964).
      double a, b;
      do {
        a = -std::log(uniform_open0()) / kZigguratR;
        b = -std::log(uniform_open0());
      } while (b + b < a * a);
      return u > 0 ? kZigguratR + a : -(kZigguratR + a);
    }
    // Wedge: accept under the density.
    const double y = f[layer] + uniform() * (f[layer + 1] - f[layer]);
    const double ax = std::fabs(xv);
    if (y < t.below[layer].at(ax) || (y <= t.above[layer].at(ax) && y < std::exp(-0.5 * xv * xv))) return xv;
    // Rejected: a new draw, as normal() makes it.
    const std::uint64_t bits = next_u64();
    layer = static_cast<std::size_t>(bits & 127u);
    u = 2.0 * (static_cast<double>(bits >> 11) * 0x1.0p-53) - 1.0;
    xv = u * kZigguratX[layer];
    if (std::fabs(xv) < kZigguratX[layer + 1]) return xv;
  }
}

}  // namespace neurosim
