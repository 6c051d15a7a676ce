// Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8)),
// with 128 layers; the tables are computed once from the published recurrence.
#include <array>
#include <cmath>

#include "neurosim/rng.hpp"

namespace neurosim {
namespace {

struct ZigguratTables {
  static constexpr int kLayers = 128;
  static constexpr double kR = 3.442619855899;       // start of the tail
  static constexpr double kArea = 9.91256303526217e-3;  // area of each layer
  std::array<double, kLayers + 1> x{};  // layer edges, x[0] = V / f(R) (base strip), x[128] = 0
  std::array<double, kLayers + 1> f{};  // exp(-x^2 / 2)

  ZigguratTables() {
    const auto pdf = [](double v) { return std::exp(-0.5 * v * v); };
    x[0] = kArea / pdf(kR);
    x[1] = kR;
    for (int i = 2; i < kLayers; ++i) x[i] = std::sqrt(-2.0 * std::log(kArea / x[i - 1] + pdf(x[i - 1])));
    x[kLayers] = 0.0;
    for (int i = 0; i <= kLayers; ++i) f[i] = pdf(x[i]);
  }
};

const ZigguratTables& tables() {
  static const ZigguratTables t;
  return t;
}

}  // namespace

double Rng::normal() {
  const ZigguratTables& t = tables();
  for (;;) {
    const std::uint64_t bits = next_u64();
    const int layer = static_cast<int>(bits & 127u);
    // A signed uniform in (-1, 1) from the upper 53 bits.
    const double u = 2.0 * (static_cast<double>(bits >> 11) * 0x1.0p-53) - 1.0;
    const double xv = u * t.x[layer];
    if (std::fabs(xv) < t.x[layer + 1]) return xv;  // inside the rectangle under the next layer
    if (layer == 0) {
      // Tail beyond R (Marsaglia 1964).
      double a, b;
      do {
        a = -std::log(uniform_open0()) / ZigguratTables::kR;
        b = -std::log(uniform_open0());
      } while (b + b < a * a);
      return u > 0 ? ZigguratTables::kR + a : -(ZigguratTables::kR + a);
    }
    // Wedge: accept under the density.
    const double y = t.f[layer] + uniform() * (t.f[layer + 1] - t.f[layer]);
    if (y < std::exp(-0.5 * xv * xv)) return xv;
  }
}

}  // namespace neurosim
