// Block-averaged weight matrix for the heatmap (see heatmap_data.hpp).
#include "gui/views/heatmap_data.hpp"

#include <algorithm>

#include "neurosim/network.hpp"

namespace neurosim::gui {

void HeatmapData::refresh(const Network& network, int projection_index, int max_rows, int max_cols) {
  ++version;
  projection = projection_index;
  if (projection_index < 0 || projection_index >= network.projection_count()) {
    rows = cols = 0;
    values.clear();
    return;
  }
  const Projection& p = network.projection(projection_index);
  pre_size = p.pre_size();
  post_size = p.post_size();
  rows = std::clamp(max_rows, 1, std::max(1, pre_size));
  cols = std::clamp(max_cols, 1, std::max(1, post_size));
  exact = rows == pre_size && cols == post_size;
  p.block_average(rows, cols, values, w_min, w_max);
  values.resize(static_cast<std::size_t>(rows) * cols, 0.0f);
  // The range covers what is shown and 0, so "no synapse" always sits at one end or inside.
  lo = 0.0f;
  hi = 0.0f;
  for (float v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (hi <= lo) hi = lo + 1.0f;  // an empty projection: any non-degenerate range
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

std::optional<float> exact_weight(const Network& network, int projection, int pre, int post) {
  if (projection < 0 || projection >= network.projection_count()) return std::nullopt;
  const Projection& p = network.projection(projection);
  if (pre < 0 || pre >= p.pre_size()) return std::nullopt;
  const auto row_ptr = p.row_ptr();
  const auto col = p.col();
  const auto w = p.weights();
  for (std::int64_t k = row_ptr[static_cast<std::size_t>(pre)]; k < row_ptr[static_cast<std::size_t>(pre) + 1]; ++k) {
    if (col[static_cast<std::size_t>(k)] == post) return w[static_cast<std::size_t>(k)];
  }
  return std::nullopt;
}

}  // namespace neurosim::gui
