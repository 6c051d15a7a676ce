#pragma once
// Gaussian noise for a stimulus, sixteen draws at a time: sixteen xoshiro128++ streams side by
// side, each draw a 128-layer ziggurat (Marsaglia & Tsang 2000) in single precision. The common
// case (the point falls in its layer's rectangle, about 97 % of draws) is an integer compare and
// a multiply, done for all sixteen lanes at once with AVX-512 where the build has it; the rare
// draws (wedges and the tail) go, lane by lane in order, to a scalar generator's exact rejection
// loop (Rng). Both paths do the same single-precision arithmetic, so a seed gives the same
// numbers on every machine.
//
// Why not Rng::normal: a stimulus draws one number per neuron and step (10 million in a 10 s
// run of izhikevich2003), and one at a time each draw cost 2.6-2.9 ns, against 1.2 ns here; the
// table lookups of sixteen at a time are register permutes (gathers took about 1 ns per draw).
#include <array>
#include <cstddef>
#include <cstdint>

#include "neurosim/rng.hpp"

namespace neurosim {

class NoiseLanes {
 public:
  static constexpr std::size_t kLanes = 16;
  // Room a buffer needs for `count` values: whole blocks of kLanes.
  static constexpr std::size_t padded(std::size_t count) { return (count + kLanes - 1) / kLanes * kLanes; }

  NoiseLanes() : NoiseLanes(1, 0) {}
  NoiseLanes(std::uint64_t seed, std::uint64_t stream);

  // Writes sd * z for `count` standard normals z to out[0, count), and may write up to
  // padded(count): draws come in whole blocks of kLanes, the block's last ones are dropped.
  void fill(float* out, std::size_t count, float sd);
  // The same numbers without vector instructions: what fill() gives on any machine.
  void fill_portable(float* out, std::size_t count, float sd);

 private:
  // A draw that fell outside its layer's rectangle: j (a signed 25-bit uniform) in `layer`.
  float outside(std::uint32_t layer, std::int32_t j, float sd);
  std::array<std::uint32_t, kLanes> s0_{}, s1_{}, s2_{}, s3_{};
  Rng rare_;  // the wedges, the tail, and the draws that follow a rejection
};

namespace detail {

// Per layer l: w = x[l] / 2^24 (a 25-bit signed j times w is the draw) and k = the largest |j|
// bound with j w inside the rectangle under layer l + 1: |j| < floor(2^24 x[l+1] / x[l]). The
// bound is rounded down, so a draw the fast path accepts lies in the rectangle; the few between
// the bound and the rectangle's edge go to the exact test, which accepts them.
struct NoiseLaneTables {
  std::array<float, kZigguratLayers> w;
  std::array<std::int32_t, kZigguratLayers> k;
};
inline constexpr NoiseLaneTables kNoiseLaneTables = [] {
  NoiseLaneTables t{};
  for (std::size_t l = 0; l < static_cast<std::size_t>(kZigguratLayers); ++l) {
    t.w[l] = static_cast<float>(kZigguratX[l] * 0x1.0p-24);
    t.k[l] = static_cast<std::int32_t>(kZigguratX[l + 1] / kZigguratX[l] * 0x1.0p24);  // positive: truncation is floor
  }
  return t;
}();

}  // namespace detail
}  // namespace neurosim
