#pragma once
// Branch-free float functions for the models' vectorised kernels. std::exp is a library call that
// keeps a loop from vectorising unless the whole build uses -ffast-math; these inline versions do
// not, and they are accurate to a few units in the last place of a float.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace neurosim {

// e^x. x is clamped to [-87, 88], where e^x is a normal float (e^88 = 1.65e38 < FLT_MAX), so the
// result is never inf, NaN or subnormal. Relative error below 5e-7 over that range.
// Method (Cody & Waite range reduction): e^x = 2^n e^r with n = round(x / ln 2), so |r| <= ln(2)/2;
// r = x - n ln 2 is formed with ln 2 split into a part exact in few bits (355/512) and a small
// remainder, so that r keeps its accuracy for large |n|; e^r is its Taylor series to degree 7
// (truncation below (ln 2 / 2)^8 / 8! = 5e-9); 2^n is written straight into the exponent bits.
inline float exp_approx(float x) {
  x = std::min(std::max(x, -87.0f), 88.0f);
  const float n = std::floor(x * 1.44269504088896341f + 0.5f);
  const float r = (x - n * 0.693359375f) - n * -2.12194440054690583e-4f;
  const float p =
      1.0f +
      r * (1.0f + r * (0.5f + r * (1.0f / 6.0f + r * (1.0f / 24.0f + r * (1.0f / 120.0f + r * (1.0f / 720.0f + r * (1.0f / 5040.0f)))))));
  const std::int32_t biased = static_cast<std::int32_t>(n) + 127;
  return p * std::bit_cast<float>(static_cast<std::uint32_t>(biased) << 23);
}

}  // namespace neurosim
