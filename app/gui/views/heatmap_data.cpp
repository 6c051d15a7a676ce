// Block-averaged weight matrix for the heatmap (see heatmap_data.hpp).
#include "gui/views/heatmap_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>


namespace neurosim::gui {

void HeatmapData::refresh(const WeightSnapshot* weights, int max_rows, int max_cols) {
  ++version;
  projection = weights != nullptr ? weights->projection : -1;
  if (weights == nullptr || !weights->structure) {
    rows = cols = 0;
    values.clear();
    pair_weights.clear();
    return;
  }
  const WeightSnapshot& p = *weights;
  pre_size = p.structure->pre_size;
  post_size = p.structure->post_size;
  rows = std::clamp(max_rows, 1, std::max(1, pre_size));
  cols = std::clamp(max_cols, 1, std::max(1, post_size));
  exact = rows == pre_size && cols == post_size;
  p.block_average(rows, cols, values, w_min, w_max);
  values.resize(static_cast<std::size_t>(rows) * cols, 0.0f);
  pair_weights.clear();
  if (exact) {
    pair_weights.assign(static_cast<std::size_t>(rows) * cols, std::numeric_limits<float>::quiet_NaN());
    const auto& row_ptr = p.structure->row_ptr;
    const auto& col = p.structure->col;
    const auto& w = p.weights;
    for (int i = 0; i < pre_size; ++i) {
      // Backwards, so the first synapse of a pair is the one kept (as exact_weight finds it).
      for (std::int64_t k = row_ptr[static_cast<std::size_t>(i) + 1] - 1; k >= row_ptr[static_cast<std::size_t>(i)]; --k)
        pair_weights[static_cast<std::size_t>(i) * cols + static_cast<std::size_t>(col[static_cast<std::size_t>(k)])] = w[static_cast<std::size_t>(k)];
    }
  }
  // The range covers what is shown and 0, so "no synapse" always sits at one end or inside.
  lo = 0.0f;
  hi = 0.0f;
  for (float v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (hi <= lo) hi = lo + 1.0f;  // an empty projection: any non-degenerate range
}

std::optional<float> HeatmapData::pair_weight(int pre, int post) const {
  if (!exact || pre < 0 || post < 0 || pre >= rows || post >= cols || pair_weights.empty()) return std::nullopt;
  const float w = pair_weights[static_cast<std::size_t>(pre) * cols + post];
  if (std::isnan(w)) return std::nullopt;
  return w;
}

void HeatmapData::block_range(int row, int col, int& pre_first, int& pre_last, int& post_first,
                              int& post_last) const {
  // Projection::block_average puts neuron i in block floor(i * blocks / n), so block b starts
  // at ceil(b * n / blocks).
  auto start = [](std::int64_t b, std::int64_t n, std::int64_t blocks) {
    return static_cast<int>((b * n + blocks - 1) / blocks);
  };
  pre_first = start(row, pre_size, rows);
  pre_last = std::max(pre_first + 1, start(row + 1, pre_size, rows));
  post_first = start(col, post_size, cols);
  post_last = std::max(post_first + 1, start(col + 1, post_size, cols));
}

}  // namespace neurosim::gui
