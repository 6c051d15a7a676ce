// Rng::normal: the ziggurat's table is the published recurrence's, its deviates follow the
// standard normal (moments, Kolmogorov-Smirnov, binned chi-square, the tail beyond R), and a
// seed gives the stream every scenario was calibrated with.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/normal_checks.hpp"
#include "neurosim/rng.hpp"

using namespace neurosim;

namespace {

std::vector<double> draws(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 3);
  std::vector<double> z(n);
  for (double& v : z) v = rng.normal();
  return z;
}

}  // namespace

TEST_CASE("the ziggurat's layer edges are those of the recurrence (Marsaglia & Tsang 2000)") {
  using detail::kZigguratArea;
  using detail::kZigguratR;
  using detail::kZigguratX;
  const auto pdf = [](double v) { return std::exp(-0.5 * v * v); };
  std::array<double, detail::kZigguratLayers + 1> x{};
  x[0] = kZigguratArea / pdf(kZigguratR);
  x[1] = kZigguratR;
  for (int i = 2; i < detail::kZigguratLayers; ++i) x[static_cast<std::size_t>(i)] = std::sqrt(-2.0 * std::log(kZigguratArea / x[static_cast<std::size_t>(i) - 1] + pdf(x[static_cast<std::size_t>(i) - 1])));
  for (std::size_t i = 0; i < x.size(); ++i) {
    CAPTURE(i);
    // Equal up to the last bit or two that another libm's exp and log may round differently.
    CHECK(std::fabs(kZigguratX[i] - x[i]) <= 4e-16 * x[i]);
  }
  CHECK(kZigguratX[detail::kZigguratLayers] == 0.0);
  // Every layer has the same area: x[i] (f(x[i+1]) - f(x[i])) = V; the top one closes at f = 1.
  for (std::size_t i = 1; i + 1 < kZigguratX.size(); ++i) {
    CAPTURE(i);
    CHECK(kZigguratX[i] * (pdf(kZigguratX[i + 1]) - pdf(kZigguratX[i])) == doctest::Approx(kZigguratArea).epsilon(1e-9));
  }
}

TEST_CASE("Rng::normal gives a seed's calibrated stream") {
  // Values of the stream the presets' reference rates were measured with (bit for bit).
  Rng q(1);
  CHECK(q.normal() == 0x1.52bdcad28671fp+0);
  CHECK(q.normal() == 0x1.3b77466e28505p+0);
  CHECK(q.normal() == -0x1.9e7dc3e9a2a6bp+0);
  CHECK(q.normal() == 0x1.378a19b7c4933p-1);
  Rng r(12345, 7);
  std::uint64_t h = 0;
  for (int i = 0; i < 1000000; ++i) h = h * 1099511628211ull ^ std::bit_cast<std::uint64_t>(r.normal());
  CHECK(h == 0x721e51305cec8614ull);
}

TEST_CASE("Rng::normal follows the standard normal") { test::check_standard_normal(draws(1000000, 2024)); }
