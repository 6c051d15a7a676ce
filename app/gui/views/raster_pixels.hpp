#pragma once
// The live raster as a ring of pixel columns, folded from the spike ring (raster_ring.hpp) on
// the CPU, only where new spikes or new time arrived.
//
// Redrawing the whole view on the GPU every frame (raster.frag: ~2000 time bins into ~600
// pixels, several texture reads per pixel) was the largest share of what a running window
// costs more than a paused one under llvmpipe. Here a pixel column P always covers the same
// ring columns [floor(P V / W), ceil((P + 1) V / W) - 1] (V columns across W pixels), so a
// column once folded stays right: each frame folds the few new pixel columns (each a contiguous
// run of the ring's bytes), the renderer uploads just those, and the view scrolls by shifting
// its texture coordinate over a texture that repeats (u_begin(), STYLE's texture ring).
//
// A pixel shows the colour of the highest population that fired in its rows and columns,
// brighter the larger the share of its rows that fired in one column, as raster.frag does.
// No GL here.
#include <cstdint>
#include <vector>

#include "gui/views/raster_ring.hpp"

namespace neurosim::gui {

class RasterPixels {
 public:
  // Background and colours, RGBA bytes as packed for GL_RGBA / GL_UNSIGNED_BYTE (R lowest).
  // `print`: white paper and population colours shaded to stay readable on it (the print theme,
  // as raster_renderer.cpp's).
  static std::uint32_t background(bool print = false);
  static std::uint32_t colour(int population, float density, bool print = false);
  // A change of theme folds every column again at the next update.
  void set_print(bool print) {
    if (print != print_) width_ = 0;
    print_ = print;
  }

  // Brings the pixels up to the ring for a view of width x height pixels across `visible_columns`
  // ring columns. A new size, time scale, layout or a cleared ring folds every column again.
  void update(const RasterRing& ring, int visible_columns, int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  // width() x height() pixels, row 0 at the top; pixel column P is stored at column P mod width().
  const std::vector<std::uint32_t>& pixels() const { return pixels_; }
  std::uint32_t pixel(int x, int y) const { return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)]; }
  // Stored columns changed since the last call: [first, last] (first > last: wrapped, so two
  // ranges [first, width) and [0, last]); false when none changed. `all`: upload everything.
  bool take_dirty(int& first, int& last, bool& all);

  // [SECTION] Where the view stands
  // Texture u at the view's left edge; its right edge is u_begin() + 1 (the texture repeats).
  float u_begin() const;
  // The ring columns the view spans, as fractional column indices [begin, end): the time axis is
  // column * steps_per_column * dt.
  double column_begin() const { return column_end() - static_cast<double>(visible_); }
  double column_end() const;
  bool ready() const { return width_ > 0 && newest_pixel_ >= 0; }

  // The ring columns pixel column P covers (before the ring's bounds are applied).
  std::int64_t first_column_of(std::int64_t pixel) const;
  std::int64_t last_column_of(std::int64_t pixel) const;

 private:
  void fold(const RasterRing& ring, std::int64_t pixel);
  std::int64_t pixel_of(std::int64_t column) const;  // the last pixel column holding `column`
  void mark(std::int64_t pixel);

  bool print_ = false;
  int width_ = 0, height_ = 0, visible_ = 1, rows_ = 0, steps_per_column_ = 0;
  std::uint64_t generation_ = ~std::uint64_t{0};
  std::int64_t newest_column_ = -1;  // the ring's newest column at the last update
  std::int64_t newest_pixel_ = -1;
  std::vector<std::uint32_t> pixels_;
  std::vector<int> row_first_, row_last_;  // ring rows [first, last] folded into each pixel row
  std::vector<int> y_first_, y_last_;      // pixel rows [first, last] each ring row is folded into
  std::vector<int> hits_;                  // per pixel row, while folding one ring column
  std::vector<std::uint8_t> population_;   // per pixel row, while folding a column
  std::vector<float> density_;
  std::int64_t dirty_first_ = -1, dirty_last_ = -2;  // pixel columns
  bool dirty_all_ = false;
};

}  // namespace neurosim::gui
