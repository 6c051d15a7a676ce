// Spike events -> ring of texture columns (see raster_ring.hpp).
#include "gui/raster_ring.hpp"

#include <algorithm>
#include <cstring>

#include "neurosim/network.hpp"

namespace neurosim::gui {

void RasterRing::configure(std::span<const int> population_sizes, int steps_per_column) {
  offsets_.assign(1, 0);
  for (int size : population_sizes) offsets_.push_back(offsets_.back() + size);
  total_ = offsets_.back();
  rows_ = std::clamp(total_, 1, kMaxRows);
  steps_per_column_ = std::max(1, steps_per_column);
  texels_.assign(static_cast<std::size_t>(rows_) * kColumns, 0);
  clear();
}

void RasterRing::clear() {
  std::fill(texels_.begin(), texels_.end(), std::uint8_t{0});
  newest_ = -1;
  dirty_from_ = std::numeric_limits<std::int64_t>::max();
  sequence_ = 0;
  lost_ = 0;
  consumed_ = 0;
  ++generation_;
}

int RasterRing::row_of(int global) const {
  if (total_ <= rows_) return global;
  return static_cast<int>(static_cast<std::int64_t>(global) * rows_ / total_);
}

void RasterRing::neurons_in_row(int row, int& first, int& last) const {
  if (total_ <= rows_) {
    first = row;
    last = row + 1;
    return;
  }
  // Inverse of row_of: the smallest g with g * rows / total >= row, rounded up.
  auto start = [&](std::int64_t r) { return static_cast<int>((r * total_ + rows_ - 1) / rows_); };
  first = start(row);
  last = start(static_cast<std::int64_t>(row) + 1);
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
    for (int r = 0; r < rows_; ++r) texels_[static_cast<std::size_t>(r) * kColumns + x] = 0;
  }
  dirty_from_ = std::min(dirty_from_, from);
  newest_ = column;
}

void RasterRing::consume(const Network& network, std::span<const std::uint8_t> traced,
                         std::vector<SpikeEvent>& traced_out) {
  const SpikeRecorder& recorder = network.spikes();
  if (sequence_ > recorder.next_sequence()) clear();  // the recorder restarted (reset)
  const std::int64_t spc = steps_per_column_;
  lost_ += recorder.for_each_since(sequence_, [&](const SpikeEvent& e) {
    ++consumed_;
    const std::int64_t column = e.step / spc;
    if (column > newest_) advance_to(column);
    if (column <= newest_ - kColumns) return;  // already scrolled out of the ring
    const int global = offsets_[static_cast<std::size_t>(e.population)] + e.neuron;
    if (global < 0 || global >= total_) return;
    const std::size_t x = static_cast<std::size_t>(column % kColumns);
    texels_[static_cast<std::size_t>(row_of(global)) * kColumns + x] = static_cast<std::uint8_t>(e.population % 255 + 1);
    dirty_from_ = std::min(dirty_from_, column);
    if (static_cast<std::size_t>(global) < traced.size() && traced[static_cast<std::size_t>(global)] != 0)
      traced_out.push_back(e);
  });
  sequence_ = recorder.next_sequence();
  // The last completed step is step_index() - 1.
  if (network.step_index() > 0) advance_to((network.step_index() - 1) / spc);
}

bool RasterRing::take_dirty(std::int64_t& first, std::int64_t& last) {
  if (dirty_from_ == std::numeric_limits<std::int64_t>::max() || newest_ < 0) return false;
  first = std::max(dirty_from_, newest_ - kColumns + 1);
  last = newest_;
  dirty_from_ = std::numeric_limits<std::int64_t>::max();
  return first <= last;
}

}  // namespace neurosim::gui
