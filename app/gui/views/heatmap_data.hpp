#pragma once
// The weight matrix of one projection as the heatmap shows it: pre x post averaged into at most
// rows x cols blocks (WeightSnapshot::block_average, as Projection::block_average), plus the
// range the colour map spans. Filled from an observed copy of the weights.
// No GL here; the heatmap renderer uploads `values` when `version` changes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct HeatmapData {
  int projection = -1;
  int rows = 0, cols = 0;         // blocks; rows follow the presynaptic neurons
  int pre_size = 0, post_size = 0;
  std::vector<float> values;      // rows x cols, row-major; a block's mean weight (absent = 0)
  float w_min = 0, w_max = 0;     // smallest and largest weight present
  float lo = 0, hi = 0;           // colour map range: the shown values and 0 (no synapse)
  bool exact = false;             // one block per (pre, post) pair: values are the weights
  // When exact: each pair's weight (its first synapse), NaN where there is none, for the value
  // under the mouse.
  std::vector<float> pair_weights;
  std::uint64_t version = 0;      // bumped on every refresh

  // Recomputes from an observed copy of the projection's weights; rows/cols are capped by the
  // matrix size. A null copy empties the view.
  void refresh(const WeightSnapshot* weights, int max_rows, int max_cols);
  void clear() {
    projection = -1;
    rows = cols = 0;
    values.clear();
    pair_weights.clear();
    ++version;
  }

  // The weight of synapse pre -> post when the matrix is exact and there is one.
  std::optional<float> pair_weight(int pre, int post) const;

  // Neurons covered by block (row, col): [pre_first, pre_last) x [post_first, post_last).
  void block_range(int row, int col, int& pre_first, int& pre_last, int& post_first, int& post_last) const;
};

}  // namespace neurosim::gui
