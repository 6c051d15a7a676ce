// crossing_mask (neurosim/threshold_mask.hpp): the bit mask a kernel reads its spikes from must
// equal the scalar test `v >= threshold` (and `v >= base + offset` for an adaptive threshold)
// neuron by neuron: for every block length 0..64 (vector part and scalar tail), values exactly at
// the threshold, either side of it by one ulp, signed zeros, infinities and NaN. The file is
// compiled with the engine's instruction set (tests/CMakeLists.txt), so the vector paths the
// kernels run are the ones checked.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include "neurosim/rng.hpp"
#include "neurosim/threshold_mask.hpp"

using namespace neurosim;

namespace {

std::uint64_t reference(const std::vector<float>& v, int n, float threshold) {
  std::uint64_t m = 0;
  for (int i = 0; i < n; ++i)
    if (v[static_cast<std::size_t>(i)] >= threshold) m |= std::uint64_t{1} << i;
  return m;
}

std::uint64_t reference(const std::vector<float>& v, int n, float base, const std::vector<float>& offset) {
  std::uint64_t m = 0;
  for (int i = 0; i < n; ++i)
    if (v[static_cast<std::size_t>(i)] >= base + offset[static_cast<std::size_t>(i)]) m |= std::uint64_t{1} << i;
  return m;
}

// Values around the threshold: random ones, the threshold itself and its neighbours, and the
// awkward ones.
std::vector<float> block(Rng& rng, float threshold) {
  const float inf = std::numeric_limits<float>::infinity();
  const float specials[] = {threshold, std::nextafter(threshold, inf), std::nextafter(threshold, -inf), 0.0f, -0.0f, inf, -inf,
                            std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> v(64);
  for (auto& x : v) {
    const double u = rng.uniform();
    x = u < 0.5 ? specials[static_cast<std::size_t>(u * 16.0)] : threshold + static_cast<float>(rng.uniform() * 4.0 - 2.0);
  }
  return v;
}

}  // namespace

TEST_SUITE("threshold mask") {
  TEST_CASE("crossing_mask equals the scalar threshold test for every block length") {
    Rng rng(7);
    for (const float threshold : {-50.0f, 0.0f, -0.0f, 1e-30f}) {
      for (int trial = 0; trial < 50; ++trial) {
        const std::vector<float> v = block(rng, threshold);
        for (int n = 0; n <= 64; ++n) {
          INFO("threshold " << threshold << ", n " << n << ", trial " << trial);
          CHECK(crossing_mask(v.data(), n, threshold) == reference(v, n, threshold));
        }
      }
    }
    // A block where every neuron crossed: all 64 bits, none past n.
    const std::vector<float> all(64, 1.0f);
    CHECK(crossing_mask(all.data(), 64, 0.0f) == ~std::uint64_t{0});
    CHECK(crossing_mask(all.data(), 17, 0.0f) == (std::uint64_t{1} << 17) - 1);
    CHECK(crossing_mask(all.data(), 0, 0.0f) == 0);
  }

  TEST_CASE("crossing_mask with a per-neuron offset equals base + offset[i] compared neuron by neuron") {
    Rng rng(11);
    for (int trial = 0; trial < 50; ++trial) {
      const float base = -55.0f;
      std::vector<float> offset(64);
      for (auto& o : offset) o = static_cast<float>(rng.uniform() * 3.0);
      std::vector<float> v = block(rng, base + 1.5f);
      // Some exactly at their own threshold, summed as the kernel sums it.
      for (std::size_t i = 0; i < 64; i += 5) v[i] = base + offset[i];
      for (int n = 0; n <= 64; ++n) {
        INFO("n " << n << ", trial " << trial);
        CHECK(crossing_mask(v.data(), n, base, offset.data()) == reference(v, n, base, offset));
      }
    }
  }
}
