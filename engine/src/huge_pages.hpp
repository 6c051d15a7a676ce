#pragma once
// Large synapse arrays on 2 MB pages where the system allows it (Linux transparent huge pages,
// also in their "madvise" mode). Delivery reads a spiking neuron's row at a random place of
// arrays of tens to hundreds of MB: on 4 KB pages nearly every row is a TLB miss as well as a
// cache miss, while the 2 MB page entries of a 40 MB array fit in the TLB. The advice must come
// before the memory is first written: pages already touched keep their size. Elsewhere it does
// nothing, and the arrays are the same either way.
#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace neurosim::detail {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Advises the whole 2 MB pages inside [data, data + bytes); arrays under two pages are left.
inline void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data == nullptr || bytes < 2 * kHugePageBytes) return;
  const auto at = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (at + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const std::uintptr_t end = (at + bytes) & ~(kHugePageBytes - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// Room for n elements in an empty vector, advised before anything is written to it.
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

// shrink_to_fit() into advised memory (the same transient copy shrink_to_fit makes).
template <class T>
void shrink_huge(std::vector<T>& v) {
  if (v.capacity() == v.size()) return;
  std::vector<T> tight;
  reserve_huge(tight, v.size());
  tight.assign(v.begin(), v.end());
  v.swap(tight);
}

}  // namespace neurosim::detail
