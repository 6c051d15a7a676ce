#pragma once
// GPU side of the weight heatmap: the matrix as a GL_R32F texture and a pass through
// shaders/colormap.frag (viridis lookup texture) into an offscreen texture for ImGui::Image.
#include <glad/gl.h>

#include <cstdint>
#include <string>

#include "gui/render/colormap.hpp"
#include "gui/render/gl_helpers.hpp"

namespace neurosim::gui {

struct HeatmapData;

class HeatmapRenderer {
 public:
  // `table` is the colour map (viridis unless given; the learning views' difference map is diverging).
  bool create(std::string& error, const ColormapTable& table = viridis());
  void destroy();
  // Uploads the matrix when it changed, then draws it into a width x height texture.
  void render(const HeatmapData& data, int width, int height);
  GLuint texture() const { return target_.texture(); }

 private:
  GLuint program_ = 0;
  GLuint values_ = 0;
  GLuint lut_ = 0;
  int tex_rows_ = 0, tex_cols_ = 0;
  std::uint64_t version_ = ~std::uint64_t{0};
  // What the target shows now: the pass is skipped while the matrix, range and size stay.
  std::uint64_t drawn_version_ = ~std::uint64_t{0};
  int drawn_width_ = -1, drawn_height_ = -1;
  float drawn_lo_ = 0.0f, drawn_hi_ = 0.0f;
  gl::RenderTarget target_;
  gl::FullscreenPass pass_;
  GLint u_values_ = -1, u_lut_ = -1, u_range_ = -1;
};

}  // namespace neurosim::gui
