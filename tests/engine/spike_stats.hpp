#pragma once
// Interval statistics of a spike train, shared by the AdEx model tests and the diversity-preset
// tests so that both classify firing patterns by one definition.
#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

namespace neurosim::test {

// Inter-spike intervals of ascending spike times.
inline std::vector<double> intervals(const std::vector<double>& t) {
  std::vector<double> isi;
  for (std::size_t k = 1; k < t.size(); ++k) isi.push_back(t[k] - t[k - 1]);
  return isi;
}

// Naud et al. 2008 / Allen Cell Types: A = mean_k (ISI_{k+1} - ISI_k) / (ISI_{k+1} + ISI_k).
inline double adaptation_index(const std::vector<double>& isi) {
  if (isi.size() < 2) return 0.0;
  double sum = 0.0;
  for (std::size_t k = 1; k < isi.size(); ++k) sum += (isi[k] - isi[k - 1]) / (isi[k] + isi[k - 1]);
  return sum / static_cast<double>(isi.size() - 1);
}

// Coefficient of variation (population standard deviation over mean). An empty sample gives NaN,
// so a check such as `cv(x) < 0.01` fails on it rather than passing.
inline double cv(const std::vector<double>& x) {
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double var = 0.0;
  for (const double v : x) var += (v - mean) * (v - mean);
  return std::sqrt(var / static_cast<double>(x.size())) / mean;
}

}  // namespace neurosim::test
