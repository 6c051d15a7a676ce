// Turned copies of training classes as new classes (augment.hpp).
#include "neurosim/gradient/augment.hpp"

#include <algorithm>

namespace neurosim::gradient {

void rotate_quarter(const std::uint8_t* in, int n, int turns, std::uint8_t* out) {
  turns = ((turns % 4) + 4) % 4;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      // Source pixel of out(y, x) after `turns` counter-clockwise quarter turns.
      int sy = y, sx = x;
      switch (turns) {
        case 1: sy = x, sx = n - 1 - y; break;
        case 2: sy = n - 1 - y, sx = n - 1 - x; break;
        case 3: sy = n - 1 - x, sx = y; break;
        default: break;
      }
      out[y * n + x] = in[sy * n + sx];
    }
}

RotatedClasses with_rotated_classes(const ImageSet& images, const std::vector<int>& classes, int max_turns) {
  RotatedClasses r;
  r.classes = classes;
  if (max_turns < 0 || max_turns > 3) {
    r.error = "quarter turns must be 0 to 3 (got " + std::to_string(max_turns) + ")";
    return r;
  }
  if (max_turns > 0 && images.rows != images.cols) {
    r.error = "turned classes need square images (these are " + std::to_string(images.rows) + "x" + std::to_string(images.cols) + ")";
    return r;
  }
  for (int c : classes)
    if (max_turns > 0 && (c < 0 || c >= 64)) {
      r.error = "class " + std::to_string(c) + ": only classes 0 to 63 can be turned (a turned class is labelled class + 64 x turns)";
      return r;
    }
  r.images = images;
  if (max_turns == 0 || images.labels.empty()) return r;
  const int n = images.rows, px = images.pixels_per_image();
  std::vector<int> picked;
  for (int i = 0; i < images.count; ++i)
    if (std::count(classes.begin(), classes.end(), static_cast<int>(images.labels[static_cast<std::size_t>(i)]))) picked.push_back(i);
  const std::size_t extra = picked.size() * static_cast<std::size_t>(max_turns);
  r.images.pixels.resize(r.images.pixels.size() + extra * static_cast<std::size_t>(px));
  r.images.labels.reserve(r.images.labels.size() + extra);
  std::size_t at = static_cast<std::size_t>(images.count);
  for (int t = 1; t <= max_turns; ++t) {
    for (int i : picked) {
      rotate_quarter(images.image(i), n, t, r.images.pixels.data() + at * static_cast<std::size_t>(px));
      r.images.labels.push_back(static_cast<std::uint8_t>(rotated_label(images.labels[static_cast<std::size_t>(i)], t)));
      ++at;
    }
    for (int c : classes) r.classes.push_back(rotated_label(c, t));
  }
  r.images.count = static_cast<int>(at);
  return r;
}

}  // namespace neurosim::gradient
