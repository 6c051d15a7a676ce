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

#include "neurosim/rng.hpp"

using namespace neurosim;

namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

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

TEST_CASE("Rng::normal follows the standard normal") {
  constexpr std::size_t n = 1000000;
  std::vector<double> z = draws(n, 2024);
  const double nn = static_cast<double>(n);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (const double v : z) m1 += v;
  m1 /= nn;
  for (const double v : z) {
    const double d = v - m1, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= nn;
  m3 /= nn;
  m4 /= nn;
  // Five standard errors of each sample moment of N(0, 1).
  CHECK(std::fabs(m1) < 5.0 / std::sqrt(nn));
  CHECK(std::fabs(m2 - 1.0) < 5.0 * std::sqrt(2.0 / nn));
  CHECK(std::fabs(m3 / std::pow(m2, 1.5)) < 5.0 * std::sqrt(6.0 / nn));
  CHECK(std::fabs(m4 / (m2 * m2) - 3.0) < 5.0 * std::sqrt(24.0 / nn));

  // Binned chi-square: 80 bins of 0.1 over [-4, 4] and the two tails (81 degrees of freedom;
  // 140 is beyond p = 1e-5).
  std::vector<double> observed(82, 0.0);
  for (const double v : z) {
    const int b = v < -4.0 ? 0 : (v >= 4.0 ? 81 : 1 + std::min(79, static_cast<int>(std::floor((v + 4.0) / 0.1))));
    observed[static_cast<std::size_t>(b)] += 1.0;
  }
  double chi2 = 0;
  for (int b = 0; b < 82; ++b) {
    const double lo = b == 0 ? -INFINITY : -4.0 + 0.1 * (b - 1);
    const double hi = b == 81 ? INFINITY : -4.0 + 0.1 * b;
    const double expected = nn * (normal_cdf(hi) - normal_cdf(lo));
    chi2 += (observed[static_cast<std::size_t>(b)] - expected) * (observed[static_cast<std::size_t>(b)] - expected) / expected;
  }
  CHECK(chi2 < 140.0);

  // The tail beyond R = 3.4426 (drawn by Marsaglia's method): P(|z| > R) = erfc(R / sqrt 2).
  const double p_tail = std::erfc(detail::kZigguratR / std::sqrt(2.0));
  const auto tail = static_cast<double>(std::count_if(z.begin(), z.end(), [](double v) { return std::fabs(v) > detail::kZigguratR; }));
  CHECK(std::fabs(tail - nn * p_tail) < 5.0 * std::sqrt(nn * p_tail));
  CHECK(*std::max_element(z.begin(), z.end()) > detail::kZigguratR);

  // Kolmogorov-Smirnov: sqrt(n) D < 1.95 (p = 0.001).
  std::sort(z.begin(), z.end());
  double d = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double f = normal_cdf(z[i]);
    d = std::max({d, f - static_cast<double>(i) / nn, static_cast<double>(i + 1) / nn - f});
  }
  CHECK(std::sqrt(nn) * d < 1.95);
}
