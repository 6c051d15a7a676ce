#pragma once
// Making more training classes out of few: every training class, turned by a quarter, half or
// three quarters, becomes a class of its own (Vinyals et al. 2016 and Snell et al. 2017 do this
// with Omniglot's characters). A few-shot extractor meta-trained on five digits then learns to
// tell twenty shapes apart, which spreads its features over more of what unseen classes need.
#include <string>
#include <vector>

#include "neurosim/image_set.hpp"

namespace neurosim::gradient {

// Image i turned counter-clockwise by `turns` quarter turns (0..3) into out (rows x cols of a
// square image): out(y, x) = in(x, n-1-y) for one turn, i.e. the top row becomes the left column.
void rotate_quarter(const std::uint8_t* in, int n, int turns, std::uint8_t* out);

// The label a turned copy of class c gets: c + 64 * turns (labels stay below 256 for c < 64).
constexpr int rotated_label(int c, int turns) { return c + 64 * turns; }

struct RotatedClasses {
  ImageSet images;           // the originals, then the turned copies of the listed classes
  std::vector<int> classes;  // the listed classes, then their turned labels, turn by turn
  std::string error;         // "" or why not (images not square, a class of 64 or more)
};

// Adds, for each of turns = 1..max_turns, a turned copy of every image whose label is in
// `classes`, labelled rotated_label(label, turns).
RotatedClasses with_rotated_classes(const ImageSet& images, const std::vector<int>& classes, int max_turns);

}  // namespace neurosim::gradient
