#pragma once
// The data that flows between layers of a gradient-trained spiking network.
//
// One sample at a time: an activation is a T x F matrix, one row per time step, one column per
// feature. Spatial features are laid out channel-major, as PyTorch and NIR do: feature
// c * H * W + y * W + x. Batches are parallel over samples (trainer.hpp), never inside a layer,
// so that each layer's forward and backward pass reads like the equations in its comment.
//
// Everything is templated on the scalar: double for the finite-difference tests, float for
// training.
// Eigen includes <immintrin.h>: included first through x86_intrinsics.hpp, which silences GCC
// 12's false warnings about its AVX-512 intrinsics (GCC bug 105593) where they are declared.
#if defined(__x86_64__) || defined(__i386__)
#include "neurosim/x86_intrinsics.hpp"
#endif

#include <Eigen/Core>
#include <string>

namespace neurosim::gradient {

template <class S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Channels x height x width of one time step; a vector of N features is {N, 1, 1}.
struct Shape {
  int c = 1, h = 1, w = 1;
  int size() const { return c * h * w; }
  bool operator==(const Shape&) const = default;
  std::string text() const { return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w); }
};

// A trainable tensor and its gradient, accumulated over the samples of a batch.
template <class S>
struct Param {
  std::string name;   // "weight", "bias", "beta", "threshold"
  Mat<S> value, grad;
  bool learnable = true;
};

}  // namespace neurosim::gradient
