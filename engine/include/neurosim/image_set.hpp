#pragma once
// Greyscale images with optional labels (MNIST's IDX files hold 28 x 28 digits with labels 0-9),
// already in memory: engine/io reads the files.
#include <cstdint>
#include <string>
#include <vector>

namespace neurosim {

struct ImageSet {
  std::string source;  // the images file, or "built-in synthetic digits"
  int count = 0;
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> pixels;  // count x rows x cols, row-major, 0 = black
  std::vector<std::uint8_t> labels;  // one per image, or empty

  int pixels_per_image() const { return rows * cols; }
  const std::uint8_t* image(int i) const { return pixels.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(pixels_per_image()); }
  std::string check() const;  // "" when consistent
};

// Ten 28 x 28 digits 0-9 drawn as thick anti-aliased seven-segment strokes, labelled 0-9: what
// the mnist-input preset shows when no image file is given.
ImageSet synthetic_digits();

}  // namespace neurosim
