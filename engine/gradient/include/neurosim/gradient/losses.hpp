#pragma once
// Losses on a network's output y (T x C) and their gradients dL/dy.
//
//   cross_entropy  z_c = sum_t y[t][c] (spike counts) or mean_t y[t][c] (membranes);
//                  L = -log softmax(z)_label                     (snnTorch ce_count_loss)
//   count_mse      n_c = sum_t y[t][c]; target T*correct_rate for the label, T*incorrect_rate
//                  for the others; L = mean_c (n_c - target_c)^2 (snnTorch mse_count_loss)
//   prototypical   Snell, Swersky & Zemel 2017: prototype p_k = mean of the support
//                  embeddings of class k; logits -a ||q - p_k||^2 with a distance scale
//                  a > 0 (1 in the paper); L = mean over queries of -log softmax(-a d)_label.
//                  The scale leaves the predictions alone and sets how soft the softmax is:
//                  spike-count embeddings lie far apart (squared distances of hundreds), which
//                  saturates it at a = 1 (Oreshkin et al. 2018 scale the metric for this reason).
// The predicted class is the largest logit (the lowest index among equals).
#include <vector>

#include "neurosim/gradient/tensor.hpp"

namespace neurosim::gradient {

enum class Logits { Counts, Membranes };

template <class S>
S cross_entropy(const Mat<S>& y, int label, Logits source, Mat<S>& dy, int& predicted);

template <class S>
S count_mse(const Mat<S>& y, int label, double correct_rate, double incorrect_rate, Mat<S>& dy, int& predicted);

template <class S>
struct ProtoResult {
  S loss = 0;
  int correct = 0;
  std::vector<int> predicted;  // one per query
  Mat<S> d_support, d_query;   // dL/d(embedding), one row per sample
  Mat<S> prototypes;           // ways x D
};

// support: n_s x D, query: n_q x D; labels in [0, ways), every class at least one support row.
template <class S>
ProtoResult<S> prototypical_loss(const Mat<S>& support, const std::vector<int>& support_labels, const Mat<S>& query,
                                 const std::vector<int>& query_labels, int ways, S scale = S(1));

}  // namespace neurosim::gradient
