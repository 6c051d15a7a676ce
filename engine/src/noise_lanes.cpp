#include "neurosim/noise_lanes.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#if defined(__AVX512F__)
#include "neurosim/x86_intrinsics.hpp"
#endif

namespace neurosim {
namespace {

using detail::kNoiseLaneTables;

constexpr std::uint32_t kLayerMask = 127;  // the low 7 bits of a draw pick the layer
constexpr int kUniformShift = 7;           // the high 25 bits are the signed uniform j

std::uint32_t rotl(std::uint32_t x, int k) { return std::rotl(x, k); }

}  // namespace

NoiseLanes::NoiseLanes(std::uint64_t seed, std::uint64_t stream) : rare_(seed, stream) {
  // The lanes' states from SplitMix64, on a sequence of its own (the rare draws' generator
  // starts from the stream's usual seed).
  std::uint64_t x = seed ^ (0x9E6C63D0676A9A99ull * (stream + 1));
  for (std::size_t l = 0; l < kLanes; ++l) {
    const std::uint64_t a = splitmix64(x), b = splitmix64(x);
    s0_[l] = static_cast<std::uint32_t>(a);
    s1_[l] = static_cast<std::uint32_t>(a >> 32);
    s2_[l] = static_cast<std::uint32_t>(b);
    s3_[l] = static_cast<std::uint32_t>(b >> 32) | 1u;  // never the all-zero state
  }
}

float NoiseLanes::outside(std::uint32_t layer, std::int32_t j, float sd) {
  // The same point in double precision: u in [-1, 1) exactly, then the ziggurat's exact tests.
  const double u = static_cast<double>(j) * 0x1.0p-24;
  const double xv = u * detail::kZigguratX[layer];
  // Between the rounded-down bound and the rectangle's edge: inside after all.
  if (std::fabs(xv) < detail::kZigguratX[layer + 1]) return sd * static_cast<float>(xv);
  return sd * static_cast<float>(rare_.normal_outside(layer, u, xv));
}

void NoiseLanes::fill_portable(float* out, std::size_t count, float sd) {
  for (std::size_t base = 0; base < count; base += kLanes) {
    for (std::size_t l = 0; l < kLanes; ++l) {
      // xoshiro128++ (Blackman & Vigna 2019).
      const std::uint32_t r = rotl(s0_[l] + s3_[l], 7) + s0_[l];
      const std::uint32_t t = s1_[l] << 9;
      s2_[l] ^= s0_[l];
      s3_[l] ^= s1_[l];
      s1_[l] ^= s2_[l];
      s0_[l] ^= s3_[l];
      s2_[l] ^= t;
      s3_[l] = rotl(s3_[l], 11);
      const std::uint32_t layer = r & kLayerMask;
      const std::int32_t j = static_cast<std::int32_t>(r) >> kUniformShift;
      const std::int32_t magnitude = j < 0 ? -j : j;
      out[base + l] = magnitude < kNoiseLaneTables.k[layer] ? sd * (static_cast<float>(j) * kNoiseLaneTables.w[layer]) : outside(layer, j, sd);
    }
  }
}

#if defined(__AVX512F__)

namespace {

// table[index & 127] for sixteen indices, from a table held in eight registers: a permute picks
// from 32 entries, and bits 5 and 6 of the index choose among the four results.
struct LaneTable {
  __m512 part[8];
  explicit LaneTable(const float* table) {
    for (int i = 0; i < 8; ++i) part[i] = _mm512_loadu_ps(table + 16 * i);
  }
  __m512 lookup(__m512i index, __mmask16 bit5, __mmask16 bit6) const {
    const __m512 a = _mm512_permutex2var_ps(part[0], index, part[1]);
    const __m512 b = _mm512_permutex2var_ps(part[2], index, part[3]);
    const __m512 c = _mm512_permutex2var_ps(part[4], index, part[5]);
    const __m512 d = _mm512_permutex2var_ps(part[6], index, part[7]);
    return _mm512_mask_blend_ps(bit6, _mm512_mask_blend_ps(bit5, a, b), _mm512_mask_blend_ps(bit5, c, d));
  }
};

}  // namespace

void NoiseLanes::fill(float* out, std::size_t count, float sd) {
  const LaneTable width(kNoiseLaneTables.w.data());
  const LaneTable bound(reinterpret_cast<const float*>(kNoiseLaneTables.k.data()));  // int32 bits, moved as they are
  const __m512i layer_mask = _mm512_set1_epi32(static_cast<int>(kLayerMask));
  const __m512i bit5 = _mm512_set1_epi32(32), bit6 = _mm512_set1_epi32(64);
  const __m512 scale = _mm512_set1_ps(sd);
  __m512i s0 = _mm512_loadu_si512(s0_.data()), s1 = _mm512_loadu_si512(s1_.data());
  __m512i s2 = _mm512_loadu_si512(s2_.data()), s3 = _mm512_loadu_si512(s3_.data());
  // Chunks of blocks in two passes: the vector pass keeps its tables and state in registers
  // (a call in it would have them saved and restored around it), then the rejected draws are
  // redone in order, block by block and lane by lane, as fill_portable does.
  constexpr std::size_t kChunkBlocks = 64;
  alignas(64) std::uint32_t raw[kChunkBlocks * kLanes];
  std::uint16_t rejected[kChunkBlocks];
  for (std::size_t chunk = 0; chunk < count; chunk += kChunkBlocks * kLanes) {
    const std::size_t blocks = std::min(kChunkBlocks, (count - chunk + kLanes - 1) / kLanes);
    float* chunk_out = out + chunk;
    for (std::size_t b = 0; b < blocks; ++b) {
      const __m512i r = _mm512_add_epi32(_mm512_rol_epi32(_mm512_add_epi32(s0, s3), 7), s0);
      const __m512i t = _mm512_slli_epi32(s1, 9);
      s2 = _mm512_xor_si512(s2, s0);
      s3 = _mm512_xor_si512(s3, s1);
      s1 = _mm512_xor_si512(s1, s2);
      s0 = _mm512_xor_si512(s0, s3);
      s2 = _mm512_xor_si512(s2, t);
      s3 = _mm512_rol_epi32(s3, 11);
      const __m512i layer = _mm512_and_si512(r, layer_mask);
      const __mmask16 high5 = _mm512_test_epi32_mask(layer, bit5), high6 = _mm512_test_epi32_mask(layer, bit6);
      const __m512i j = _mm512_srai_epi32(r, kUniformShift);
      const __m512i k = _mm512_castps_si512(bound.lookup(layer, high5, high6));
      const __mmask16 inside = _mm512_cmplt_epi32_mask(_mm512_abs_epi32(j), k);
      const __m512 z = _mm512_mul_ps(_mm512_cvtepi32_ps(j), width.lookup(layer, high5, high6));
      _mm512_storeu_ps(chunk_out + b * kLanes, _mm512_mul_ps(scale, z));
      _mm512_store_si512(raw + b * kLanes, r);
      rejected[b] = static_cast<std::uint16_t>(~inside);
    }
    for (std::size_t b = 0; b < blocks; ++b) {
      for (unsigned lanes = rejected[b]; lanes != 0; lanes &= lanes - 1) {
        const std::size_t i = b * kLanes + static_cast<std::size_t>(std::countr_zero(lanes));
        chunk_out[i] = outside(raw[i] & kLayerMask, static_cast<std::int32_t>(raw[i]) >> kUniformShift, sd);
      }
    }
  }
  _mm512_storeu_si512(s0_.data(), s0);
  _mm512_storeu_si512(s1_.data(), s1);
  _mm512_storeu_si512(s2_.data(), s2);
  _mm512_storeu_si512(s3_.data(), s3);
}

#else

void NoiseLanes::fill(float* out, std::size_t count, float sd) { fill_portable(out, count, sd); }

#endif

}  // namespace neurosim
