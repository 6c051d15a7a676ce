// Ring texture upload, fold pass and view pass (see raster_renderer.hpp).
#include "gui/render/raster_renderer.hpp"

#include <algorithm>
#include <array>

#include "gui/render/palette.hpp"
#include "gui/views/raster_ring.hpp"

namespace neurosim::gui {

namespace {

constexpr float kBackground[3] = {0.055f, 0.060f, 0.075f};
constexpr float kPrintBackground[3] = {1.0f, 1.0f, 1.0f};
constexpr float kPrintShade = 0.72f;  // population colours on white paper (as plot_svg.cpp's population_hex)
constexpr int kColumns = RasterRing::kColumns;

// Uploads ring columns [c0, c1] (both inside the ring) straight from the mirror. The texture is
// the mirror's layout: one texture row per ring column (width = neuron rows), so the columns
// are one contiguous block of bytes, copied without a stride.
void upload_columns(const RasterRing& ring, int c0, int c1) {
  const std::size_t offset = static_cast<std::size_t>(c0) * static_cast<std::size_t>(ring.rows());
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, c0, ring.rows(), c1 - c0 + 1, GL_RED, GL_UNSIGNED_BYTE, ring.texels().data() + offset);
}

// Calls fn(c0, c1) for the texture columns of absolute columns [first, last]: one range, or two
// when it wraps around the end of the ring.
template <class Fn>
void for_ring_ranges(std::int64_t first, std::int64_t last, Fn&& fn) {
  if (last - first + 1 >= kColumns) {
    fn(0, kColumns - 1);
    return;
  }
  const int c0 = static_cast<int>(first % kColumns);
  const int c1 = static_cast<int>(last % kColumns);
  if (c0 <= c1) {
    fn(c0, c1);
  } else {
    fn(c0, kColumns - 1);
    fn(0, c1);
  }
}

}  // namespace

bool RasterRenderer::create(std::string& error) {
  fold_program_ = gl::load_program("fullscreen.vert", "raster_rows.frag", error);
  if (fold_program_ == 0) return false;
  view_program_ = gl::load_program("fullscreen.vert", "raster.frag", error);
  if (view_program_ == 0) return false;
  f_ring_ = glGetUniformLocation(fold_program_, "uRing");
  f_ring_size_ = glGetUniformLocation(fold_program_, "uRingSize");
  f_height_ = glGetUniformLocation(fold_program_, "uHeight");
  v_folded_ = glGetUniformLocation(view_program_, "uFolded");
  v_columns_ = glGetUniformLocation(view_program_, "uColumns");
  v_newest_ = glGetUniformLocation(view_program_, "uNewestColumn");
  v_visible_ = glGetUniformLocation(view_program_, "uVisibleColumns");
  v_view_ = glGetUniformLocation(view_program_, "uViewSize");
  v_palette_ = glGetUniformLocation(view_program_, "uPalette");
  v_background_ = glGetUniformLocation(view_program_, "uBackground");
  pass_.create();
  // Allocate the view now so the panel has a valid texture name from the first frame.
  view_.begin(1, 1);
  gl::RenderTarget::end();
  return true;
}

void RasterRenderer::destroy() {
  if (fold_program_ != 0) glDeleteProgram(fold_program_);
  if (view_program_ != 0) glDeleteProgram(view_program_);
  if (ring_texture_ != 0) glDeleteTextures(1, &ring_texture_);
  fold_program_ = view_program_ = ring_texture_ = 0;
  folded_.destroy();
  view_.destroy();
  pass_.destroy();
}

void RasterRenderer::upload(RasterRing& ring) {
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of rows() bytes: any width
  if (ring_texture_ == 0 || ring_rows_ != ring.rows()) {
    if (ring_texture_ != 0) glDeleteTextures(1, &ring_texture_);
    // rows() wide, kColumns high: ring column c is texture row c (read with texelFetch).
    ring_texture_ = gl::create_texture(GL_R8, ring.rows(), kColumns, GL_RED, GL_UNSIGNED_BYTE, GL_NEAREST,
                                       GL_CLAMP_TO_EDGE, ring.texels().data());
    ring_rows_ = ring.rows();
    generation_ = ring.generation();
    fold_all_ = true;
  }
  glBindTexture(GL_TEXTURE_2D, ring_texture_);
  std::int64_t first = 0, last = 0;
  const bool dirty = ring.take_dirty(first, last);
  if (generation_ != ring.generation()) {
    upload_columns(ring, 0, kColumns - 1);
    generation_ = ring.generation();
    fold_all_ = true;
  } else if (dirty) {
    for_ring_ranges(first, last, [&](int c0, int c1) { upload_columns(ring, c0, c1); });
    pending_first_ = std::min(pending_first_, first);
    pending_last_ = std::max(pending_last_, last);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

void RasterRenderer::fold(int first_column, int last_column, int height) {
  glViewport(first_column, 0, last_column - first_column + 1, height);
  pass_.draw();
}

void RasterRenderer::render(const RasterRing& ring, int visible_columns, int width, int height) {
  if (fold_program_ == 0 || ring_texture_ == 0) return;
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);

  // [SECTION] Pass 1: fold the new columns to one row per pixel of the view.
  bool reallocated = false;
  if (!folded_.begin(kColumns, height, &reallocated)) {
    gl::RenderTarget::end();
    return;
  }
  if (reallocated) fold_all_ = true;
  const bool folded = fold_all_ || pending_last_ >= pending_first_;
  if (folded) {
    glUseProgram(fold_program_);
    glBindTexture(GL_TEXTURE_2D, ring_texture_);
    glUniform1i(f_ring_, 0);
    glUniform2f(f_ring_size_, static_cast<float>(kColumns), static_cast<float>(ring.rows()));
    glUniform1f(f_height_, static_cast<float>(folded_.height()));
    if (fold_all_) {
      fold(0, kColumns - 1, folded_.height());
    } else {
      for_ring_ranges(pending_first_, pending_last_, [&](int c0, int c1) { fold(c0, c1, folded_.height()); });
    }
    fold_all_ = false;
    pending_first_ = std::numeric_limits<std::int64_t>::max();
    pending_last_ = -1;
  }

  // [SECTION] Pass 2: the visible window, newest column at the right edge; only when the fold,
  // the newest column, the window or the size changed.
  const std::int64_t newest_now = std::max<std::int64_t>(ring.newest_column(), 0);
  if (!folded && newest_now == view_newest_ && visible_columns == view_visible_ && width == view_width_ && height == view_height_) {
    gl::RenderTarget::end();
    return;
  }
  view_newest_ = newest_now;
  view_visible_ = visible_columns;
  view_width_ = width;
  view_height_ = height;
  if (!view_.begin(width, height)) {
    view_width_ = -1;
    gl::RenderTarget::end();
    return;
  }
  glUseProgram(view_program_);
  glBindTexture(GL_TEXTURE_2D, folded_.texture());
  glUniform1i(v_folded_, 0);
  glUniform1f(v_columns_, static_cast<float>(kColumns));
  const std::int64_t newest = std::max<std::int64_t>(ring.newest_column(), 0);
  glUniform1f(v_newest_, static_cast<float>(newest % kColumns));
  glUniform1f(v_visible_, static_cast<float>(std::clamp(visible_columns, 1, kColumns)));
  glUniform2f(v_view_, static_cast<float>(view_.width()), static_cast<float>(view_.height()));
  std::array<float, 3 * kPaletteSize> palette{};
  const float shade = print_ ? kPrintShade : 1.0f;
  for (int i = 0; i < kPaletteSize; ++i) {
    palette[static_cast<std::size_t>(3 * i + 0)] = kPalette[static_cast<std::size_t>(i)].r * shade;
    palette[static_cast<std::size_t>(3 * i + 1)] = kPalette[static_cast<std::size_t>(i)].g * shade;
    palette[static_cast<std::size_t>(3 * i + 2)] = kPalette[static_cast<std::size_t>(i)].b * shade;
  }
  glUniform3fv(v_palette_, kPaletteSize, palette.data());
  glUniform3fv(v_background_, 1, print_ ? kPrintBackground : kBackground);
  pass_.draw();
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
  gl::RenderTarget::end();
}

}  // namespace neurosim::gui
