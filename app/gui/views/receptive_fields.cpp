// Receptive-field tiles of an image-driven projection (see receptive_fields.hpp).
#include "gui/views/receptive_fields.hpp"

#include <algorithm>
#include <cmath>


namespace neurosim::gui {

void ReceptiveFieldGrid::clear() {
  projection = -1;
  fields = grid_rows = grid_cols = 0;
  map.clear();
}

void ReceptiveFieldGrid::refresh(const WeightSnapshot* weights, int rows, int cols, int max_fields) {
  if (weights == nullptr || !weights->structure) {
    clear();
    return;
  }
  const WeightStructure& s = *weights->structure;
  refresh(s.row_ptr.data(), s.col.data(), weights->weights.data(), s.pre_size, s.post_size, rows, cols, max_fields);
  projection = weights->projection;
  map.projection = weights->projection;
}

void ReceptiveFieldGrid::refresh(const std::int64_t* row_ptr, const std::int32_t* col, const float* weight, int pre_size,
                                 int post_size, int rows, int cols, int max_fields) {
  if (rows <= 0 || cols <= 0 || pre_size != rows * cols || post_size <= 0 || max_fields <= 0) {
    clear();
    return;
  }
  image_rows = rows;
  image_cols = cols;
  fields = std::min(post_size, max_fields);
  // A near-square grid, a little wider than tall (windows are wider than tall).
  grid_cols = std::min(fields, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(fields) * 1.25))));
  grid_rows = (fields + grid_cols - 1) / grid_cols;
  map.rows = grid_rows * (rows + 1) - 1;
  map.cols = grid_cols * (cols + 1) - 1;
  map.pre_size = pre_size;
  map.post_size = post_size;
  map.exact = false;
  map.values.assign(static_cast<std::size_t>(map.rows) * static_cast<std::size_t>(map.cols), 0.0f);
  float lo = 0.0f, hi = 0.0f;
  bool any = false;
  for (int pre = 0; pre < pre_size; ++pre) {
    const int pr = pre / cols, pc = pre % cols;
    for (std::int64_t k = row_ptr[pre]; k < row_ptr[pre + 1]; ++k) {
      const int post = col[k];
      if (post < 0 || post >= fields) continue;
      const float w = weight[k];
      int r0 = 0, c0 = 0;
      tile_origin(post, r0, c0);
      // Several synapses between one pair add up, as their effect on the neuron does.
      float& cell = map.values[static_cast<std::size_t>(r0 + pr) * static_cast<std::size_t>(map.cols) + static_cast<std::size_t>(c0 + pc)];
      cell += w;
      lo = any ? std::min(lo, cell) : cell;
      hi = any ? std::max(hi, cell) : cell;
      any = true;
    }
  }
  map.w_min = lo;
  map.w_max = hi;
  // Gaps and missing synapses read as 0, so the range covers 0 as the heatmap's does.
  map.lo = std::min(0.0f, lo);
  map.hi = std::max(0.0f, hi);
  if (map.hi <= map.lo) map.hi = map.lo + 1.0f;
  ++map.version;
}

void ReceptiveFieldGrid::tile_origin(int neuron, int& row, int& col) const {
  const int gc = grid_cols > 0 ? grid_cols : 1;
  row = (neuron / gc) * (image_rows + 1);
  col = (neuron % gc) * (image_cols + 1);
}

int ReceptiveFieldGrid::neuron_at(int row, int col) const {
  if (row < 0 || col < 0 || row >= map.rows || col >= map.cols || image_rows <= 0 || image_cols <= 0) return -1;
  if (row % (image_rows + 1) == image_rows || col % (image_cols + 1) == image_cols) return -1;  // a gap
  const int n = (row / (image_rows + 1)) * grid_cols + col / (image_cols + 1);
  return n < fields ? n : -1;
}

}  // namespace neurosim::gui
