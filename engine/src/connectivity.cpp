#include "neurosim/connectivity.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "huge_pages.hpp"

namespace neurosim {

CsrStructure connect_fixed_probability(int pre, int post, double p, bool allow_autapses, Rng& rng) {
  CsrStructure s;
  s.row_ptr.assign(static_cast<std::size_t>(pre) + 1, 0);
  detail::reserve_huge(s.col, static_cast<std::size_t>(static_cast<double>(pre) * post * p * 1.05 + 16));
  if (p >= 1.0) return connect_all_to_all(pre, post, allow_autapses);
  if (p > 0.0) {
    // The gap to the next target is geometric: floor(log(U) / log(1 - p)) pairs skipped.
    const double log_q = std::log1p(-p);
    for (int i = 0; i < pre; ++i) {
      std::int64_t j = -1;
      for (;;) {
        const double gap = std::floor(std::log(rng.uniform_open0()) / log_q);
        if (gap >= static_cast<double>(post)) break;  // also keeps the cast below in range
        j += 1 + static_cast<std::int64_t>(gap);
        if (j >= post) break;
        if (!allow_autapses && j == i) continue;
        s.col.push_back(static_cast<std::int32_t>(j));
      }
      s.row_ptr[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(s.col.size());
    }
  }
  detail::shrink_huge(s.col);
  return s;
}

CsrStructure connect_fixed_indegree(int pre, int post, int indegree, bool allow_autapses, Rng& rng) {
  // Draw the sources of each post neuron (rejection on a mark per pre neuron: indegree is at most
  // the number of eligible sources, checked by the caller), then lay the pairs out by row.
  const auto k = static_cast<std::size_t>(std::max(indegree, 0));
  std::vector<std::int32_t> sources(k * static_cast<std::size_t>(post));
  std::vector<char> taken(static_cast<std::size_t>(pre), 0);
  CsrStructure s;
  s.row_ptr.assign(static_cast<std::size_t>(pre) + 1, 0);
  for (int j = 0; j < post; ++j) {
    std::int32_t* chosen = sources.data() + k * static_cast<std::size_t>(j);
    for (std::size_t n = 0; n < k;) {
      const auto i = static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(pre)));
      if (taken[static_cast<std::size_t>(i)] || (!allow_autapses && i == j)) continue;
      taken[static_cast<std::size_t>(i)] = 1;
      chosen[n++] = i;
      ++s.row_ptr[static_cast<std::size_t>(i) + 1];
    }
    for (std::size_t n = 0; n < k; ++n) taken[static_cast<std::size_t>(chosen[n])] = 0;
  }
  std::partial_sum(s.row_ptr.begin(), s.row_ptr.end(), s.row_ptr.begin());
  detail::reserve_huge(s.col, sources.size());
  s.col.resize(sources.size());
  std::vector<std::int64_t> fill(s.row_ptr.begin(), s.row_ptr.end() - 1);
  for (int j = 0; j < post; ++j)  // post neurons in ascending order: each row ends up sorted
    for (std::size_t n = 0; n < k; ++n) s.col[static_cast<std::size_t>(fill[static_cast<std::size_t>(sources[k * static_cast<std::size_t>(j) + n])]++)] = j;
  return s;
}

CsrStructure connect_all_to_all(int pre, int post, bool allow_autapses) {
  CsrStructure s;
  s.row_ptr.assign(static_cast<std::size_t>(pre) + 1, 0);
  detail::reserve_huge(s.col, static_cast<std::size_t>(pre) * post);
  for (int i = 0; i < pre; ++i) {
    for (int j = 0; j < post; ++j)
      if (allow_autapses || i != j) s.col.push_back(j);
    s.row_ptr[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(s.col.size());
  }
  return s;
}

CsrStructure connect_one_to_one(int n) {
  CsrStructure s;
  s.row_ptr.resize(static_cast<std::size_t>(n) + 1);
  std::iota(s.row_ptr.begin(), s.row_ptr.end(), 0);
  s.col.resize(static_cast<std::size_t>(n));
  std::iota(s.col.begin(), s.col.end(), 0);
  return s;
}

CsrStructure connect_list(int pre, const std::vector<std::pair<int, int>>& pairs, std::vector<std::size_t>& order) {
  order.resize(pairs.size());
  std::iota(order.begin(), order.end(), 0);
  // Stable: pairs of one presynaptic neuron keep their listed order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return pairs[x].first < pairs[y].first; });
  CsrStructure s;
  s.row_ptr.assign(static_cast<std::size_t>(pre) + 1, 0);
  s.col.resize(pairs.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto& [i, j] = pairs[order[k]];
    s.col[k] = j;
    ++s.row_ptr[static_cast<std::size_t>(i) + 1];
  }
  std::partial_sum(s.row_ptr.begin(), s.row_ptr.end(), s.row_ptr.begin());
  return s;
}

}  // namespace neurosim
