#pragma once
// GPU side of the scrolling raster, in two passes so that software renderers keep up:
//   1. the spike ring texture (R8, one row per neuron or bin of neurons, GL_REPEAT on S) gets
//      only its new columns each frame (glTexSubImage2D), and only those columns are folded
//      into a ring with one row per pixel of the view (shaders/raster_rows.frag);
//   2. the folded ring is drawn into the texture the raster panel shows with ImGui::Image,
//      newest column at the right (shaders/raster.frag) - only when something changed: a
//      paused window keeps the picture it has (under llvmpipe a full-panel pass costs ~2 ms).
// Without pass 1, each pixel would read every neuron row it covers every frame: ~20 ms per
// frame under llvmpipe for 10,000 neurons, against ~1 ms this way.
#include <glad/gl.h>

#include <cstdint>
#include <limits>
#include <string>

#include "gui/render/gl_helpers.hpp"

namespace neurosim::gui {

class RasterRing;

class RasterRenderer {
 public:
  bool create(std::string& error);
  void destroy();
  // Sends the columns the ring marked dirty (all of them after a layout change or clear).
  void upload(RasterRing& ring);
  // Draws the newest `visible_columns` columns into a width x height texture.
  void render(const RasterRing& ring, int visible_columns, int width, int height);
  GLuint texture() const { return view_.texture(); }
  // White where no spike is and darker population colours (the print theme), or the window's
  // dark background; the next render redraws the view.
  void set_print(bool print) {
    if (print != print_) view_width_ = -1;
    print_ = print;
  }

 private:
  void fold(int first_column, int last_column, int height);

  GLuint fold_program_ = 0;
  GLuint view_program_ = 0;
  GLuint ring_texture_ = 0;
  int ring_rows_ = 0;
  std::uint64_t generation_ = ~std::uint64_t{0};
  // Absolute columns uploaded but not folded yet; fold_all_ after a clear or a new view height.
  std::int64_t pending_first_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t pending_last_ = -1;
  bool fold_all_ = true;
  // What the view texture shows now (pass 2 is skipped while these stay the same).
  std::int64_t view_newest_ = -1;
  int view_visible_ = -1, view_width_ = -1, view_height_ = -1;
  bool print_ = false;
  gl::RenderTarget folded_{GL_RG8, GL_RG, GL_REPEAT};
  gl::RenderTarget view_;
  gl::FullscreenPass pass_;
  GLint f_ring_ = -1, f_ring_size_ = -1, f_height_ = -1;
  GLint v_folded_ = -1, v_columns_ = -1, v_newest_ = -1, v_visible_ = -1, v_view_ = -1, v_palette_ = -1,
        v_background_ = -1;
};

}  // namespace neurosim::gui
