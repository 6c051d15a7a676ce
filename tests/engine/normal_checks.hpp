#pragma once
// Checks that a sample follows the standard normal: moments, binned chi-square, the tail beyond
// the ziggurat's R, and Kolmogorov-Smirnov, each at a level a correct generator fails about once
// in 1,000 to 100,000 runs. For Rng::normal and NoiseLanes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "neurosim/rng_ziggurat.hpp"

namespace neurosim::test {

inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Takes the sample by value: it is sorted for the Kolmogorov-Smirnov test.
inline void check_standard_normal(std::vector<double> z) {
  const std::size_t n = z.size();
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

  // The tail beyond R = 3.4426 (the ziggurat's rare path): P(|z| > R) = erfc(R / sqrt 2).
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

}  // namespace neurosim::test
