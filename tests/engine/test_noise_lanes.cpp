// NoiseLanes: a stimulus's Gaussian noise, sixteen draws at a time. The vector path gives the
// portable path's numbers bit for bit (so a seed means the same noise on every machine), and the
// draws follow the standard normal (normal_checks.hpp), with no correlation between neighbours
// or lanes.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/normal_checks.hpp"
#include "neurosim/noise_lanes.hpp"

using namespace neurosim;

namespace {

// n draws with sd 1, taken `per_call` at a time (the last block of each call is cut short).
std::vector<double> lane_draws(std::size_t n, std::uint64_t seed, std::size_t per_call) {
  NoiseLanes noise(seed, 2);
  std::vector<float> buffer(NoiseLanes::padded(per_call));
  std::vector<double> z;
  z.reserve(n);
  while (z.size() < n) {
    noise.fill(buffer.data(), per_call, 1.0f);
    for (std::size_t k = 0; k < per_call && z.size() < n; ++k) z.push_back(buffer[k]);
  }
  return z;
}

}  // namespace

TEST_CASE("NoiseLanes gives the same numbers with and without vector instructions") {
  for (const std::uint64_t seed : {1ull, 7ull, 123456789ull}) {
    NoiseLanes vector(seed, 5), portable(seed, 5);
    // Counts within a block, across blocks and across the vector pass's chunks of 1,024.
    for (const std::size_t count : {1u, 7u, 16u, 17u, 33u, 800u, 1024u, 1025u, 5000u, 200u}) {
      CAPTURE(seed);
      CAPTURE(count);
      std::vector<float> a(NoiseLanes::padded(count)), b(NoiseLanes::padded(count));
      vector.fill(a.data(), count, 2.5f);
      portable.fill_portable(b.data(), count, 2.5f);
      CHECK(std::memcmp(a.data(), b.data(), count * sizeof(float)) == 0);
    }
  }
}

TEST_CASE("NoiseLanes: a seed's stream, scaled by sd") {
  // The first draws of seed 1, stream 0 (bit for bit: a change of the generator shows here).
  NoiseLanes noise(1, 0);
  std::vector<float> z(16);
  noise.fill(z.data(), 4, 1.0f);
  const std::uint32_t first[4] = {0xbf553902u, 0x3fb82456u, 0x3ed8498eu, 0x3fd9a8ceu};  // -0.832901, 1.43861, 0.422436, 1.70046
  for (int i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(std::bit_cast<std::uint32_t>(z[static_cast<std::size_t>(i)]) == first[i]);
  }
  // sd multiplies each draw once: the same generator state gives sd times the unit draws.
  NoiseLanes unit(3, 1), scaled(3, 1);
  std::vector<float> u(NoiseLanes::padded(3000)), s(NoiseLanes::padded(3000));
  unit.fill(u.data(), 3000, 1.0f);
  scaled.fill(s.data(), 3000, 0.75f);
  for (std::size_t k = 0; k < 3000; ++k) REQUIRE(s[k] == 0.75f * u[k]);
  // sd 0 gives zeros; the stream still moves on.
  NoiseLanes silent(3, 1);
  silent.fill(s.data(), 16, 0.0f);
  CHECK(std::all_of(s.begin(), s.begin() + 16, [](float v) { return v == 0.0f; }));
}

TEST_CASE("NoiseLanes follows the standard normal") {
  const std::vector<double> z = lane_draws(1000000, 2024, 1000);
  test::check_standard_normal(z);
  // Neighbours (lag 1) and the same lane one block later (lag 16) are uncorrelated.
  const double n = static_cast<double>(z.size());
  for (const std::size_t lag : {std::size_t{1}, NoiseLanes::kLanes}) {
    double c = 0;
    for (std::size_t i = lag; i < z.size(); ++i) c += z[i] * z[i - lag];
    CAPTURE(lag);
    CHECK(std::fabs(c / static_cast<double>(z.size() - lag)) < 5.0 / std::sqrt(n));
  }
}

TEST_CASE("NoiseLanes: the fast path's bounds keep its draws inside their rectangles") {
  // k[l] w[l] (the largest accepted |j| times the layer's width) stays within x[l+1], and the
  // next j up crosses it: the bound is the rounded-down edge, not a looser one.
  const auto& t = detail::kNoiseLaneTables;
  for (std::size_t l = 0; l + 1 < static_cast<std::size_t>(detail::kZigguratLayers); ++l) {
    CAPTURE(l);
    const double x = detail::kZigguratX[l] * 0x1.0p-24;
    CHECK(static_cast<double>(t.k[l] - 1) * x < detail::kZigguratX[l + 1]);
    CHECK(static_cast<double>(t.k[l] + 1) * x >= detail::kZigguratX[l + 1]);
  }
  CHECK(t.k[static_cast<std::size_t>(detail::kZigguratLayers) - 1] == 0);  // the cap: always the exact test
}
