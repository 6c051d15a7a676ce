#pragma once
// Which neurons of a block of at most 64 reached threshold, as a bit mask (bit i: neuron i), read
// back from the potentials a kernel has just written (they are still in L1).
//
// Why not count the crossings inside the vectorised update: the count is a horizontal sum per
// block, a chain of shuffles and adds that took about a quarter of the LIF kernel's time. A mask
// costs one compare per vector, and the spikes are then found from its set bits instead of by a
// scalar pass over the block. The compare is the same `v >= threshold` (false for NaN) as the
// scalar test, so the spikes are the same.
// Meant for whole vectors just written by vector stores: a vector load of values just written by
// narrower stores (a population's last, partial block) cannot take them from the store buffer
// and waits for them; such a block is better counted in its loop (lif.cpp).
#include <bit>
#include <cstdint>

#if defined(__AVX512F__) || defined(__AVX2__)
#include "neurosim/x86_intrinsics.hpp"
#endif

namespace neurosim {

// Bit i set where v[i] >= threshold, for i < n <= 64.
inline std::uint64_t crossing_mask(const float* v, int n, float threshold) {
  std::uint64_t mask = 0;
  int i = 0;
#if defined(__AVX512F__)
  const __m512 t = _mm512_set1_ps(threshold);
  for (; i + 16 <= n; i += 16)
    mask |= static_cast<std::uint64_t>(_mm512_cmp_ps_mask(_mm512_loadu_ps(v + i), t, _CMP_GE_OQ)) << i;
#elif defined(__AVX2__)
  const __m256 t = _mm256_set1_ps(threshold);
  for (; i + 8 <= n; i += 8)
    mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(v + i), t, _CMP_GE_OQ))))
            << i;
#endif
  for (; i < n; ++i) mask |= static_cast<std::uint64_t>(v[i] >= threshold) << i;
  return mask;
}

// As above with a threshold per neuron, base + offset[i] (an adaptive threshold), summed as the
// kernel sums it.
inline std::uint64_t crossing_mask(const float* v, int n, float base, const float* offset) {
  std::uint64_t mask = 0;
  int i = 0;
#if defined(__AVX512F__)
  const __m512 b = _mm512_set1_ps(base);
  for (; i + 16 <= n; i += 16) {
    const __m512 t = _mm512_add_ps(b, _mm512_loadu_ps(offset + i));
    mask |= static_cast<std::uint64_t>(_mm512_cmp_ps_mask(_mm512_loadu_ps(v + i), t, _CMP_GE_OQ)) << i;
  }
#elif defined(__AVX2__)
  const __m256 b = _mm256_set1_ps(base);
  for (; i + 8 <= n; i += 8) {
    const __m256 t = _mm256_add_ps(b, _mm256_loadu_ps(offset + i));
    mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(v + i), t, _CMP_GE_OQ))))
            << i;
  }
#endif
  for (; i < n; ++i) mask |= static_cast<std::uint64_t>(v[i] >= base + offset[i]) << i;
  return mask;
}

// Bit b set where words[b] != 0, for b < count <= 64: which blocks of a chunk had a crossing. A
// vector compare per eight words; one word at a time the loop's compare, shift and or took
// about 4 % of a `cuba` run.
inline std::uint64_t nonzero_mask(const std::uint64_t* words, int count) {
  std::uint64_t mask = 0;
  int b = 0;
#if defined(__AVX512F__)
  for (; b + 8 <= count; b += 8) {
    const __m512i w = _mm512_loadu_si512(words + b);
    mask |= static_cast<std::uint64_t>(_mm512_test_epi64_mask(w, w)) << b;
  }
#endif
  for (; b < count; ++b) mask |= static_cast<std::uint64_t>(words[b] != 0) << b;
  return mask;
}

}  // namespace neurosim
