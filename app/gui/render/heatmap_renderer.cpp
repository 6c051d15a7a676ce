// Float matrix texture and colour-map pass (see heatmap_renderer.hpp).
#include "gui/render/heatmap_renderer.hpp"

#include <array>

#include "gui/render/colormap.hpp"
#include "gui/views/heatmap_data.hpp"

namespace neurosim::gui {

bool HeatmapRenderer::create(std::string& error, const ColormapTable& table) {
  program_ = gl::load_program("fullscreen.vert", "colormap.frag", error);
  if (program_ == 0) return false;
  u_values_ = glGetUniformLocation(program_, "uValues");
  u_lut_ = glGetUniformLocation(program_, "uLut");
  u_range_ = glGetUniformLocation(program_, "uRange");
  // The colour table as a 256 x 1 texture; linear filtering blends neighbouring entries.
  std::array<std::uint8_t, 256 * 3> rgb{};
  for (std::size_t i = 0; i < 256; ++i)
    for (std::size_t c = 0; c < 3; ++c) rgb[i * 3 + c] = table[i][c];
  lut_ = gl::create_texture(GL_RGB8, 256, 1, GL_RGB, GL_UNSIGNED_BYTE, GL_LINEAR, GL_CLAMP_TO_EDGE, rgb.data());
  pass_.create();
  // Allocate the target now so the panels have a valid texture name from the first frame.
  target_.begin(1, 1);
  gl::RenderTarget::end();
  return true;
}

void HeatmapRenderer::destroy() {
  if (program_ != 0) glDeleteProgram(program_);
  if (values_ != 0) glDeleteTextures(1, &values_);
  if (lut_ != 0) glDeleteTextures(1, &lut_);
  program_ = values_ = lut_ = 0;
  target_.destroy();
  pass_.destroy();
}

void HeatmapRenderer::render(const HeatmapData& data, int width, int height) {
  if (program_ == 0 || data.rows <= 0 || data.cols <= 0) return;
  if (version_ != data.version) {
    // Nearest sampling: each block is a crisp square, as a matrix should look.
    if (values_ == 0 || tex_rows_ != data.rows || tex_cols_ != data.cols) {
      if (values_ != 0) glDeleteTextures(1, &values_);
      values_ = gl::create_texture(GL_R32F, data.cols, data.rows, GL_RED, GL_FLOAT, GL_NEAREST,
                                   GL_CLAMP_TO_EDGE, data.values.data());
      tex_rows_ = data.rows;
      tex_cols_ = data.cols;
    } else {
      glBindTexture(GL_TEXTURE_2D, values_);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, data.cols, data.rows, GL_RED, GL_FLOAT, data.values.data());
      glBindTexture(GL_TEXTURE_2D, 0);
    }
    version_ = data.version;
  }
  if (drawn_version_ == data.version && drawn_width_ == width && drawn_height_ == height && drawn_lo_ == data.lo && drawn_hi_ == data.hi)
    return;  // the texture already shows this
  if (!target_.begin(width, height)) {
    gl::RenderTarget::end();
    return;
  }
  drawn_version_ = data.version;
  drawn_width_ = width;
  drawn_height_ = height;
  drawn_lo_ = data.lo;
  drawn_hi_ = data.hi;
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glUseProgram(program_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, values_);
  glUniform1i(u_values_, 0);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, lut_);
  glUniform1i(u_lut_, 1);
  glUniform2f(u_range_, data.lo, data.hi);
  pass_.draw();
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
  gl::RenderTarget::end();
}

}  // namespace neurosim::gui
