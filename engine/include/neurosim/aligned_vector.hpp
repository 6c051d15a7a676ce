#pragma once
// A std::vector whose elements start on a cache-line boundary (64 bytes), for per-neuron state
// that the kernels read and write as whole vectors.
//
// Why: malloc aligns to 16 bytes, so a 64-byte (AVX-512) or 32-byte (AVX2) access of a plain
// std::vector<float> may straddle two cache lines, and a straddling store costs about two. The LIF
// kernel stores three such vectors per 16 neurons; with V and I_syn_e 16 and 48 bytes off a line
// (as malloc happened to place them for cuba) it ran about a third slower than on aligned arrays.
#include <cstddef>
#include <new>
#include <vector>

namespace neurosim {

inline constexpr std::size_t kCacheLineBytes = 64;

template <class T>
struct CacheAlignedAllocator {
  using value_type = T;
  CacheAlignedAllocator() = default;
  template <class U>
  constexpr CacheAlignedAllocator(const CacheAlignedAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{kCacheLineBytes}));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t{kCacheLineBytes}); }
  template <class U>
  bool operator==(const CacheAlignedAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using AlignedVector = std::vector<T, CacheAlignedAllocator<T>>;

}  // namespace neurosim
