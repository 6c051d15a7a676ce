// The live raster's pixel columns (see raster_pixels.hpp).
#include "gui/views/raster_pixels.hpp"

#include <algorithm>
#include <cstring>

#include "gui/render/palette.hpp"

namespace neurosim::gui {

namespace {

constexpr Rgb kBackground{0.055f, 0.060f, 0.075f};  // raster.frag's uBackground
constexpr Rgb kPrintBackground{1.0f, 1.0f, 1.0f};
constexpr float kPrintShade = 0.72f;  // as raster_renderer.cpp's

std::uint32_t pack(float r, float g, float b) {
  auto byte = [](float v) { return static_cast<std::uint32_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  return byte(r) | (byte(g) << 8) | (byte(b) << 16) | (0xFFu << 24);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }

}  // namespace

std::uint32_t RasterPixels::background(bool print) {
  const Rgb& b = print ? kPrintBackground : kBackground;
  return pack(b.r, b.g, b.b);
}

std::uint32_t RasterPixels::colour(int population, float density, bool print) {
  // One spike in a pixel must be plainly visible; dense activity saturates (as raster.frag).
  const float strength = 0.65f + 0.35f * std::clamp(density * 4.0f, 0.0f, 1.0f);
  const Rgb& b = print ? kPrintBackground : kBackground;
  const float shade = print ? kPrintShade : 1.0f;
  const Rgb p = population_rgb(population);
  const Rgb c{p.r * shade, p.g * shade, p.b * shade};
  return pack(b.r + (c.r - b.r) * strength, b.g + (c.g - b.g) * strength, b.b + (c.b - b.b) * strength);
}

std::int64_t RasterPixels::first_column_of(std::int64_t pixel) const { return floor_div(pixel * visible_, width_); }

std::int64_t RasterPixels::last_column_of(std::int64_t pixel) const {
  return std::max(first_column_of(pixel), ceil_div((pixel + 1) * visible_, width_) - 1);
}

std::int64_t RasterPixels::pixel_of(std::int64_t column) const { return ceil_div((column + 1) * width_, visible_) - 1; }

float RasterPixels::u_begin() const {
  if (!ready()) return 0.0f;
  return static_cast<float>((newest_pixel_ + 1) % width_) / static_cast<float>(width_);
}

double RasterPixels::column_end() const {
  if (!ready()) return static_cast<double>(visible_);
  return static_cast<double>(newest_pixel_ + 1) * static_cast<double>(visible_) / static_cast<double>(width_);
}

void RasterPixels::update(const RasterRing& ring, int visible_columns, int width, int height) {
  if (width <= 0 || height <= 0) return;  // hidden: caught up when shown again
  visible_columns = std::clamp(visible_columns, 1, RasterRing::kColumns);
  bool again = false;
  if (width != width_ || height != height_ || visible_columns != visible_ || ring.rows() != rows_ ||
      ring.steps_per_column() != steps_per_column_) {
    width_ = width;
    height_ = height;
    visible_ = visible_columns;
    rows_ = ring.rows();
    steps_per_column_ = ring.steps_per_column();
    pixels_.assign(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), background(print_));
    population_.assign(static_cast<std::size_t>(height_), 0);
    density_.assign(static_cast<std::size_t>(height_), 0.0f);
    row_first_.resize(static_cast<std::size_t>(height_));
    row_last_.resize(static_cast<std::size_t>(height_));
    for (int y = 0; y < height_; ++y) {
      const std::int64_t r0 = static_cast<std::int64_t>(y) * rows_ / height_;
      const std::int64_t r1 = std::max(r0, ceil_div(static_cast<std::int64_t>(y + 1) * rows_, height_) - 1);
      row_first_[static_cast<std::size_t>(y)] = static_cast<int>(std::min<std::int64_t>(r0, rows_ - 1));
      row_last_[static_cast<std::size_t>(y)] = static_cast<int>(std::min<std::int64_t>(r1, rows_ - 1));
    }
    // The inverse: the pixel rows [first, last] each ring row is folded into.
    y_first_.assign(static_cast<std::size_t>(rows_), height_);
    y_last_.assign(static_cast<std::size_t>(rows_), -1);
    for (int y = 0; y < height_; ++y) {
      for (int r = row_first_[static_cast<std::size_t>(y)]; r <= row_last_[static_cast<std::size_t>(y)]; ++r) {
        y_first_[static_cast<std::size_t>(r)] = std::min(y_first_[static_cast<std::size_t>(r)], y);
        y_last_[static_cast<std::size_t>(r)] = std::max(y_last_[static_cast<std::size_t>(r)], y);
      }
    }
    hits_.assign(static_cast<std::size_t>(height_), 0);
    again = true;
  }
  if (ring.generation() != generation_) {
    generation_ = ring.generation();
    again = true;
  }
  const std::int64_t newest = ring.newest_column();
  if (newest < 0) {
    if (newest_pixel_ >= 0 || again) {
      std::fill(pixels_.begin(), pixels_.end(), background(print_));
      dirty_all_ = true;
    }
    newest_pixel_ = -1;
    newest_column_ = -1;
    return;
  }
  const std::int64_t last = pixel_of(newest);
  std::int64_t first = last - width_ + 1;
  if (!again && newest_pixel_ >= 0 && newest >= newest_column_) {
    // Columns change only from the previously newest one on (its later steps, then new ones);
    // the pixel before it may share that column.
    first = std::max(first, pixel_of(newest_column_) - 1);
  } else {
    dirty_all_ = true;
  }
  newest_column_ = newest;
  newest_pixel_ = last;
  for (std::int64_t p = first; p <= last; ++p) {
    fold(ring, p);
    mark(p);
  }
}

void RasterPixels::fold(const RasterRing& ring, std::int64_t pixel) {
  const auto x = static_cast<std::size_t>(((pixel % width_) + width_) % width_);
  // The columns still in the ring and already reached.
  const std::int64_t c0 = std::max({first_column_of(pixel), newest_column_ - RasterRing::kColumns + 1, std::int64_t{0}});
  const std::int64_t c1 = std::min(last_column_of(pixel), newest_column_);
  std::fill(population_.begin(), population_.end(), 0);
  std::fill(density_.begin(), density_.end(), 0.0f);
  const std::uint8_t* texels = ring.texels().data();
  for (std::int64_t c = c0; c <= c1; ++c) {
    const std::uint8_t* column = texels + static_cast<std::size_t>(c % RasterRing::kColumns) * static_cast<std::size_t>(rows_);
    // Spikes are sparse: eight rows at a time are skipped while they are all silent.
    bool any = false;
    for (int r = 0; r < rows_;) {
      if (r + 8 <= rows_) {
        std::uint64_t word = 0;
        std::memcpy(&word, column + r, sizeof word);
        if (word == 0) {
          r += 8;
          continue;
        }
      }
      const std::uint8_t v = column[r];
      if (v != 0) {
        if (!any) std::fill(hits_.begin(), hits_.end(), 0);
        any = true;
        for (int y = y_first_[static_cast<std::size_t>(r)]; y <= y_last_[static_cast<std::size_t>(r)]; ++y) {
          ++hits_[static_cast<std::size_t>(y)];
          population_[static_cast<std::size_t>(y)] = std::max(population_[static_cast<std::size_t>(y)], v);
        }
      }
      ++r;
    }
    if (!any) continue;
    for (int y = 0; y < height_; ++y) {
      const int h = hits_[static_cast<std::size_t>(y)];
      if (h == 0) continue;
      const int rows_in_y = row_last_[static_cast<std::size_t>(y)] - row_first_[static_cast<std::size_t>(y)] + 1;
      density_[static_cast<std::size_t>(y)] = std::max(density_[static_cast<std::size_t>(y)], static_cast<float>(h) / static_cast<float>(rows_in_y));
    }
  }
  for (int y = 0; y < height_; ++y) {
    const int p = population_[static_cast<std::size_t>(y)];
    pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + x] =
        p == 0 ? background(print_) : colour(p - 1, density_[static_cast<std::size_t>(y)], print_);
  }
}

void RasterPixels::mark(std::int64_t pixel) {
  if (dirty_last_ < dirty_first_) {
    dirty_first_ = dirty_last_ = pixel;
    return;
  }
  dirty_first_ = std::min(dirty_first_, pixel);
  dirty_last_ = std::max(dirty_last_, pixel);
}

bool RasterPixels::take_dirty(int& first, int& last, bool& all) {
  all = dirty_all_ || (dirty_last_ >= dirty_first_ && dirty_last_ - dirty_first_ + 1 >= width_);
  const bool any = all || dirty_last_ >= dirty_first_;
  if (any && !all) {
    first = static_cast<int>(((dirty_first_ % width_) + width_) % width_);
    last = static_cast<int>(((dirty_last_ % width_) + width_) % width_);
  } else {
    first = 0;
    last = width_ - 1;
  }
  dirty_all_ = false;
  dirty_first_ = -1;
  dirty_last_ = -2;
  return any && width_ > 0;
}

}  // namespace neurosim::gui
