#pragma once
// The live raster's texture: the pixel columns of RasterPixels (views/raster_pixels.hpp), one
// RGBA texel each, in a texture that repeats along its width so that the view scrolls by its
// texture coordinate. Each frame uploads only the columns that changed.
#include <glad/gl.h>

namespace neurosim::gui {

class RasterPixels;

class RasterPixelsTexture {
 public:
  void upload(RasterPixels& pixels);  // takes the dirty columns
  GLuint texture() const { return texture_; }
  void destroy();

 private:
  GLuint texture_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace neurosim::gui
