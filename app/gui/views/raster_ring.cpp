// Spike events -> ring of texture columns (see raster_ring.hpp).
#include "gui/views/raster_ring.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>


namespace neurosim::gui {

void RasterRing::configure(std::span<const int> population_sizes, int steps_per_column, bool same_run) {
  offsets_.assign(1, 0);
  for (int size : population_sizes) offsets_.push_back(offsets_.back() + std::max(0, size));
  total_ = offsets_.back();

  // Bands: rows in proportion to size (one per neuron up to kMaxRows in all), at least
  // min_rows each. Many small populations could make the texture huge, so the minimum halves
  // until the total stays within twice the natural height.
  const int natural = std::clamp(total_, 1, kMaxRows);
  const double scale = total_ > 0 ? static_cast<double>(natural) / total_ : 1.0;
  int min_rows = std::max(1, static_cast<int>(std::ceil(kMinBandShare * natural)));
  for (;;) {
    band_rows_.assign(1, 0);
    for (std::size_t p = 0; p + 1 < offsets_.size(); ++p) {
      const int size = offsets_[p + 1] - offsets_[p];
      const int rows = size == 0 ? 0 : std::max({1, min_rows, static_cast<int>(std::lround(size * scale))});
      band_rows_.push_back(band_rows_.back() + rows);
    }
    if (band_rows_.back() <= 2 * kMaxRows || min_rows == 1) break;
    min_rows /= 2;
  }
  rows_ = std::max(1, band_rows_.back());
  steps_per_column_ = std::max(1, steps_per_column);
  texels_.assign(static_cast<std::size_t>(rows_) * kColumns, 0);
  (void)same_run;  // the reader's cursor is the Session's: the same run goes on from it either way
  clear();
}

void RasterRing::clear() {
  std::fill(texels_.begin(), texels_.end(), std::uint8_t{0});
  newest_ = -1;
  dirty_from_ = std::numeric_limits<std::int64_t>::max();
  lost_ = 0;
  consumed_ = 0;
  ++generation_;
}

void RasterRing::rows_in_band(int population, int neuron, int& first, int& last) const {
  const auto p = static_cast<std::size_t>(population);
  const std::int64_t n = offsets_[p + 1] - offsets_[p];
  const std::int64_t r = band_rows_[p + 1] - band_rows_[p];
  const int begin = band_rows_[p];
  if (r >= n) {  // neuron j repeated over rows [j r / n, (j + 1) r / n)
    first = begin + static_cast<int>(neuron * r / n);
    last = begin + static_cast<int>((neuron + 1) * r / n);
  } else {  // neighbouring neurons share a row
    first = begin + static_cast<int>(neuron * r / n);
    last = first + 1;
  }
}

void RasterRing::rows_of(int global, int& first, int& last) const {
  const int p = population_of(global);
  rows_in_band(p, global - offsets_[static_cast<std::size_t>(p)], first, last);
}

void RasterRing::neurons_in_row(int row, int& first, int& last) const {
  // The last band starting at or before `row` (empty bands start where the next one does).
  const auto it = std::upper_bound(band_rows_.begin(), band_rows_.end() - 1, row);
  const auto p = static_cast<std::size_t>(it - band_rows_.begin()) - 1;
  const std::int64_t n = offsets_[p + 1] - offsets_[p];
  const std::int64_t r = band_rows_[p + 1] - band_rows_[p];
  const std::int64_t k = row - band_rows_[p];
  if (r >= n) {  // the largest j whose first row j r / n is at or before k
    first = offsets_[p] + static_cast<int>(((k + 1) * n - 1) / r);
    last = first + 1;
  } else {  // the neurons j with j r / n == k: from ceil(k n / r) to ceil((k + 1) n / r)
    first = offsets_[p] + static_cast<int>((k * n + r - 1) / r);
    last = offsets_[p] + static_cast<int>(((k + 1) * n + r - 1) / r);
  }
}

int RasterRing::population_of(int global) const {
  const auto it = std::upper_bound(offsets_.begin(), offsets_.end(), global);
  return static_cast<int>(it - offsets_.begin()) - 1;
}

void RasterRing::advance_to(std::int64_t column) {
  if (column <= newest_) return;
  // Columns entering the window start empty; at most one full turn of the ring needs clearing.
  const std::int64_t from = std::max(newest_ + 1, column - kColumns + 1);
  for (std::int64_t c = from; c <= column; ++c) {
    const std::size_t x = static_cast<std::size_t>(c % kColumns);
    std::memset(texels_.data() + x * static_cast<std::size_t>(rows_), 0, static_cast<std::size_t>(rows_));
  }
  dirty_from_ = std::min(dirty_from_, from);
  newest_ = column;
}

void RasterRing::consume(std::span<const SpikeEvent> spikes, std::uint64_t lost, std::int64_t step_index, std::span<const std::uint8_t> traced,
                         std::vector<SpikeEvent>& traced_out) {
  lost_ += lost;
  for (const SpikeEvent& e : spikes) add(e, traced, traced_out);
  if (step_index > 0) advance_to((step_index - 1) / steps_per_column_);
}

void RasterRing::add(const SpikeEvent& e, std::span<const std::uint8_t> traced, std::vector<SpikeEvent>& traced_out) {
  ++consumed_;
  const std::int64_t column = e.step / steps_per_column_;
  if (column > newest_) advance_to(column);
  if (column <= newest_ - kColumns) return;  // already scrolled out of the ring
  if (e.population < 0 || e.population >= population_count()) return;
  const int global = offsets_[static_cast<std::size_t>(e.population)] + e.neuron;
  if (e.neuron < 0 || global >= offsets_[static_cast<std::size_t>(e.population) + 1]) return;
  const std::size_t x = static_cast<std::size_t>(column % kColumns);
  int first = 0, last = 0;
  rows_in_band(e.population, e.neuron, first, last);
  std::uint8_t* column_texels = texels_.data() + x * static_cast<std::size_t>(rows_);
  for (int row = first; row < last; ++row) column_texels[row] = static_cast<std::uint8_t>(e.population % 255 + 1);
  dirty_from_ = std::min(dirty_from_, column);
  if (static_cast<std::size_t>(global) < traced.size() && traced[static_cast<std::size_t>(global)] != 0) traced_out.push_back(e);
}

bool RasterRing::take_dirty(std::int64_t& first, std::int64_t& last) {
  if (dirty_from_ == std::numeric_limits<std::int64_t>::max() || newest_ < 0) return false;
  first = std::max(dirty_from_, newest_ - kColumns + 1);
  last = newest_;
  dirty_from_ = std::numeric_limits<std::int64_t>::max();
  return first <= last;
}

}  // namespace neurosim::gui
