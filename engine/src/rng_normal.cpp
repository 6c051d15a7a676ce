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

// exp(-x^2 / 2) at each layer edge.
const std::array<double, kZigguratLayers + 1>& edge_density() {
  static const std::array<double, kZigguratLayers + 1> f = [] {
    std::array<double, kZigguratLayers + 1> d{};
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = std::exp(-0.5 * kZigguratX[i] * kZigguratX[i]);
    return d;
  }();
  return f;
}

}  // namespace

double Rng::normal_outside(std::size_t layer, double u, double xv) {
  const auto& f = edge_density();
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
    if (y < std::exp(-0.5 * xv * xv)) return xv;
    // Rejected: a new draw, as normal() makes it.
    const std::uint64_t bits = next_u64();
    layer = static_cast<std::size_t>(bits & 127u);
    u = 2.0 * (static_cast<double>(bits >> 11) * 0x1.0p-53) - 1.0;
    xv = u * kZigguratX[layer];
    if (std::fabs(xv) < kZigguratX[layer + 1]) return xv;
  }
}

}  // namespace neurosim
