#pragma once
// A tiny image task for the training tests: bars of four orientations on 8 x 8 images, and the
// small conv SNN that learns them in seconds.
#include <algorithm>
#include <cstdint>

#include "neurosim/gradient/network.hpp"
#include "neurosim/image_set.hpp"
#include "neurosim/rng.hpp"

namespace neurosim::gradient::test {

// 8 x 8 images of one bright bar: label 0 horizontal, 1 vertical, 2 the main diagonal, 3 the
// other diagonal (each shifted by up to 2 pixels), on faint random noise.
inline ImageSet bars(int count, std::uint64_t seed, int classes = 2) {
  ImageSet s;
  s.source = "bars";
  s.count = count;
  s.rows = s.cols = 8;
  s.pixels.resize(static_cast<std::size_t>(count) * 64);
  Rng rng(seed);
  for (int i = 0; i < count; ++i) {
    const int label = i % classes;
    const int at = 2 + static_cast<int>(rng.below(4));
    std::uint8_t* px = s.pixels.data() + static_cast<std::size_t>(i) * 64;
    for (int p = 0; p < 64; ++p) px[p] = static_cast<std::uint8_t>(rng.below(40));
    for (int k = 0; k < 8; ++k) {
      int y = 0, x = 0;
      if (label == 0) y = at, x = k;
      else if (label == 1) y = k, x = at;
      else if (label == 2) y = k, x = std::clamp(k + at - 4, 0, 7);
      else y = k, x = std::clamp(7 - k + at - 4, 0, 7);
      px[y * 8 + x] = 255;
    }
    s.labels.push_back(static_cast<std::uint8_t>(label));
  }
  return s;
}

inline NetworkSpec tiny_spec() {
  NetworkSpec spec;
  spec.input = {1, 8, 8};
  spec.architecture = "4C3-P2-2";
  spec.steps = 10;
  spec.neuron.beta = 0.9;
  spec.neuron.threshold = 1.0;
  return spec;
}

}  // namespace neurosim::gradient::test
