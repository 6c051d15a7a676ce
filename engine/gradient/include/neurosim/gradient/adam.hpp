#pragma once
// Adam (Kingma & Ba 2015) as torch.optim.Adam computes it, with gradient clipping first:
//   g   <- g * min(1, clip_norm / ||g||)      global L2 norm over all learnable parameters
//                                           (torch.nn.utils.clip_grad_norm_; 0 = no clipping)
//   g   <- g + weight_decay * w              L2 penalty, on the "weight" tensors only (not on
//                                           biases, beta or threshold)
//   m   <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2
//   w   <- w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
#include <vector>

#include "neurosim/gradient/tensor.hpp"

namespace neurosim::gradient {

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9, beta2 = 0.999;
  double epsilon = 1e-8;
  double weight_decay = 0.0;
  double clip_norm = 0.0;
};

template <class S>
class Adam {
 public:
  Adam(std::vector<Param<S>*> params, const AdamOptions& options);
  // One update from the gradients in the parameters; returns their norm before clipping.
  double step();
  long steps() const { return t_; }
  AdamOptions options;  // may change between steps (the learning rate, say)

 private:
  std::vector<Param<S>*> params_;
  std::vector<Mat<S>> m_, v_;
  long t_ = 0;
};

}  // namespace neurosim::gradient
