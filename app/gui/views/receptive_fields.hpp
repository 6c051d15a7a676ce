#pragma once
// Receptive fields of an image-driven layer: the incoming weights of each postsynaptic neuron
// laid out as an image (rows x cols pixels, one per presynaptic neuron), one tile per neuron in a
// grid, with a one-pixel gap between tiles. Diehl & Cook 2015 (Fig. 2) show learned digits this
// way. No GL here: `map` is a HeatmapData the heatmap renderer uploads when its version changes.
#include <cstdint>
#include <vector>

#include "gui/views/heatmap_data.hpp"

#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct ReceptiveFieldGrid {
  int projection = -1;
  int fields = 0;           // tiles shown: the first `fields` postsynaptic neurons
  int image_rows = 0, image_cols = 0;
  int grid_rows = 0, grid_cols = 0;
  HeatmapData map;          // (grid_rows * (image_rows + 1) - 1) x (grid_cols * (image_cols + 1) - 1)

  // Rebuilds from an observed copy of a projection's weights, whose presynaptic population is an
  // image of image_rows x image_cols pixels. At most `max_fields` tiles. An unusable copy
  // (none, or a presynaptic size other than rows x cols) clears the grid.
  void refresh(const WeightSnapshot* weights, int image_rows, int image_cols, int max_fields);
  // Same from plain CSR arrays (for tests and for callers that hold a copy of the weights).
  void refresh(const std::int64_t* row_ptr, const std::int32_t* col, const float* weight, int pre_size, int post_size,
               int image_rows, int image_cols, int max_fields);
  void clear();
  // The neuron whose tile covers map cell (row, col), or -1 in a gap or outside.
  int neuron_at(int row, int col) const;
  // The map cell of tile `neuron`'s top left pixel.
  void tile_origin(int neuron, int& row, int& col) const;
};

}  // namespace neurosim::gui
