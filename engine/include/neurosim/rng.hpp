#pragma once
// Random numbers for the engine: fast, seedable, identical on every platform.
// std:: distributions are implementation-defined, so a scenario and seed would not give
// bit-identical spikes across standard libraries; these are written out in full instead.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "neurosim/rng_ziggurat.hpp"

namespace neurosim {

// SplitMix64 (Steele, Lea & Flood 2014): expands one 64-bit seed into independent states.
inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256++ (Blackman & Vigna 2019) with a ziggurat normal (Marsaglia & Tsang 2000).
class Rng {
 public:
  Rng() : Rng(1) {}
  explicit Rng(std::uint64_t seed) { reseed(seed); }
  // A stream derived from a scenario seed and an entity id, so that adding a population does
  // not change the random numbers another population sees.
  Rng(std::uint64_t seed, std::uint64_t stream) { reseed(seed ^ (0xD1B54A32D192ED03ull * (stream + 1))); }

  void reseed(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& w : s_) w = splitmix64(x);
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return (static_cast<double>(next_u64() >> 11) + 1.0) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-32 for n < 2^32).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next_u64() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  double exponential(double mean) { return -mean * std::log(uniform_open0()); }
  // Standard normal by the ziggurat. The common case (about 99 % of draws: the point falls in
  // the rectangle under the next layer) is inline, so that a loop of draws keeps the generator's
  // state in registers; the tail and the wedges are out of line.
  double normal() {
    const std::uint64_t bits = next_u64();
    const auto layer = static_cast<std::size_t>(bits & 127u);
    // A signed uniform in (-1, 1) from the upper 53 bits.
    const double u = 2.0 * (static_cast<double>(bits >> 11) * 0x1.0p-53) - 1.0;
    const double xv = u * detail::kZigguratX[layer];
    if (std::fabs(xv) < detail::kZigguratX[layer + 1]) [[likely]] return xv;
    // The rare path works on a copy: this generator's address is then never taken, and a
    // caller's local generator can live in registers.
    Rng outside = *this;
    const double z = outside.normal_outside(layer, u, xv);
    *this = outside;
    return z;
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  // The draw (layer, u, xv) fell outside its layer's rectangle: the tail or a wedge, drawing
  // again as often as the ziggurat rejects. (NoiseLanes' rare draws come here too.)
  double normal_outside(std::size_t layer, double u, double xv);

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace neurosim
