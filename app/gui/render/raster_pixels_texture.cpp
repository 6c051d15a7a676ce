// Uploads the live raster's changed pixel columns (see raster_pixels_texture.hpp).
#include "gui/render/raster_pixels_texture.hpp"

#include "gui/render/gl_helpers.hpp"
#include "gui/views/raster_pixels.hpp"

namespace neurosim::gui {

namespace {

void upload_columns(const RasterPixels& pixels, int first, int last) {
  glPixelStorei(GL_UNPACK_ROW_LENGTH, pixels.width());
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, first);
  glTexSubImage2D(GL_TEXTURE_2D, 0, first, 0, last - first + 1, pixels.height(), GL_RGBA, GL_UNSIGNED_BYTE, pixels.pixels().data());
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

}  // namespace

void RasterPixelsTexture::upload(RasterPixels& pixels) {
  int first = 0, last = 0;
  bool all = false;
  if (!pixels.take_dirty(first, last, all)) return;
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (texture_ == 0 || width_ != pixels.width() || height_ != pixels.height()) {
    if (texture_ != 0) glDeleteTextures(1, &texture_);
    texture_ = gl::create_texture(GL_RGBA8, pixels.width(), pixels.height(), GL_RGBA, GL_UNSIGNED_BYTE, GL_NEAREST, GL_REPEAT,
                                  pixels.pixels().data());
    width_ = pixels.width();
    height_ = pixels.height();
    return;
  }
  glBindTexture(GL_TEXTURE_2D, texture_);
  if (all) {
    upload_columns(pixels, 0, width_ - 1);
  } else if (first <= last) {
    upload_columns(pixels, first, last);
  } else {  // wrapped round the ring's end
    upload_columns(pixels, first, width_ - 1);
    upload_columns(pixels, 0, last);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

void RasterPixelsTexture::destroy() {
  if (texture_ != 0) glDeleteTextures(1, &texture_);
  texture_ = 0;
  width_ = height_ = 0;
}

}  // namespace neurosim::gui
