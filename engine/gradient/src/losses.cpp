// Losses and their gradients (losses.hpp). Softmaxes subtract the largest logit first.
#include "neurosim/gradient/losses.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace neurosim::gradient {
namespace {

template <class S>
int argmax(const Eigen::Matrix<S, 1, Eigen::Dynamic>& z) {
  int best = 0;
  for (int c = 1; c < z.size(); ++c)
    if (z(c) > z(best)) best = c;
  return best;
}

// Softmax of z in place; returns log sum exp.
template <class S>
S softmax(Eigen::Matrix<S, 1, Eigen::Dynamic>& z) {
  const S m = z.maxCoeff();
  z = (z.array() - m).exp().matrix();
  const S sum = z.sum();
  z /= sum;
  return m + std::log(sum);
}

}  // namespace

template <class S>
S cross_entropy(const Mat<S>& y, int label, Logits source, Mat<S>& dy, int& predicted) {
  const Eigen::Index T = y.rows(), C = y.cols();
  if (label < 0 || label >= C) throw std::invalid_argument("cross_entropy: label " + std::to_string(label) + " outside the " + std::to_string(C) + " outputs");
  Eigen::Matrix<S, 1, Eigen::Dynamic> z = y.colwise().sum();
  const S scale = source == Logits::Counts ? S(1) : S(1) / static_cast<S>(T);
  z *= scale;
  predicted = argmax(z);
  const S z_label = z(label);
  const S result = softmax(z) - z_label;  // -log softmax(z)_label; z now holds the softmax
  z(label) -= S(1);
  dy.resize(T, C);
  dy.rowwise() = z * scale;
  return result;
}

template <class S>
S count_mse(const Mat<S>& y, int label, double correct_rate, double incorrect_rate, Mat<S>& dy, int& predicted) {
  const Eigen::Index T = y.rows(), C = y.cols();
  if (label < 0 || label >= C) throw std::invalid_argument("count_mse: label " + std::to_string(label) + " outside the " + std::to_string(C) + " outputs");
  Eigen::Matrix<S, 1, Eigen::Dynamic> n = y.colwise().sum();
  predicted = argmax(n);
  Eigen::Matrix<S, 1, Eigen::Dynamic> target = Eigen::Matrix<S, 1, Eigen::Dynamic>::Constant(C, static_cast<S>(incorrect_rate * T));
  target(label) = static_cast<S>(correct_rate * T);
  const Eigen::Matrix<S, 1, Eigen::Dynamic> diff = n - target;
  dy.resize(T, C);
  dy.rowwise() = diff * (S(2) / static_cast<S>(C));
  return diff.squaredNorm() / static_cast<S>(C);
}

template <class S>
ProtoResult<S> prototypical_loss(const Mat<S>& support, const std::vector<int>& support_labels, const Mat<S>& query,
                                 const std::vector<int>& query_labels, int ways, S scale) {
  const Eigen::Index D = support.cols(), Q = query.rows();
  if (query.cols() != D || static_cast<Eigen::Index>(support_labels.size()) != support.rows() || static_cast<Eigen::Index>(query_labels.size()) != Q || ways < 1)
    throw std::invalid_argument("prototypical_loss: sizes do not match");
  if (!(scale > S(0)) || !std::isfinite(scale)) throw std::invalid_argument("prototypical_loss: the distance scale must be > 0");
  ProtoResult<S> r;
  r.prototypes = Mat<S>::Zero(ways, D);
  std::vector<int> shots(static_cast<std::size_t>(ways), 0);
  for (Eigen::Index i = 0; i < support.rows(); ++i) {
    const int k = support_labels[static_cast<std::size_t>(i)];
    if (k < 0 || k >= ways) throw std::invalid_argument("prototypical_loss: support label out of range");
    r.prototypes.row(k) += support.row(i);
    ++shots[static_cast<std::size_t>(k)];
  }
  for (int k = 0; k < ways; ++k) {
    if (shots[static_cast<std::size_t>(k)] == 0) throw std::invalid_argument("prototypical_loss: class " + std::to_string(k) + " has no support sample");
    r.prototypes.row(k) /= static_cast<S>(shots[static_cast<std::size_t>(k)]);
  }
  r.d_query = Mat<S>::Zero(Q, D);
  Mat<S> d_proto = Mat<S>::Zero(ways, D);
  r.predicted.resize(static_cast<std::size_t>(Q));
  for (Eigen::Index q = 0; q < Q; ++q) {
    const int label = query_labels[static_cast<std::size_t>(q)];
    if (label < 0 || label >= ways) throw std::invalid_argument("prototypical_loss: query label out of range");
    Eigen::Matrix<S, 1, Eigen::Dynamic> z(ways);
    for (int k = 0; k < ways; ++k) z(k) = -scale * (query.row(q) - r.prototypes.row(k)).squaredNorm();
    const int pred = argmax(z);
    r.predicted[static_cast<std::size_t>(q)] = pred;
    r.correct += pred == label;
    const S z_label = z(label);
    r.loss += softmax(z) - z_label;
    z(label) -= S(1);  // dL/d(logit_k), before the 1/Q of the mean
    // logit_k = -a ||q - p_k||^2: d/dq = -2a (q - p_k), d/dp_k = 2a (q - p_k).
    for (int k = 0; k < ways; ++k) {
      const Eigen::Matrix<S, 1, Eigen::Dynamic> diff = query.row(q) - r.prototypes.row(k);
      r.d_query.row(q) -= S(2) * scale * z(k) * diff;
      d_proto.row(k) += S(2) * scale * z(k) * diff;
    }
  }
  const S inv_q = S(1) / static_cast<S>(std::max<Eigen::Index>(Q, 1));
  r.loss *= inv_q;
  r.d_query *= inv_q;
  d_proto *= inv_q;
  r.d_support.resize(support.rows(), D);
  for (Eigen::Index i = 0; i < support.rows(); ++i) {
    const int k = support_labels[static_cast<std::size_t>(i)];
    r.d_support.row(i) = d_proto.row(k) / static_cast<S>(shots[static_cast<std::size_t>(k)]);
  }
  return r;
}

template float cross_entropy(const Mat<float>&, int, Logits, Mat<float>&, int&);
template double cross_entropy(const Mat<double>&, int, Logits, Mat<double>&, int&);
template float count_mse(const Mat<float>&, int, double, double, Mat<float>&, int&);
template double count_mse(const Mat<double>&, int, double, double, Mat<double>&, int&);
template ProtoResult<float> prototypical_loss(const Mat<float>&, const std::vector<int>&, const Mat<float>&, const std::vector<int>&, int, float);
template ProtoResult<double> prototypical_loss(const Mat<double>&, const std::vector<int>&, const Mat<double>&, const std::vector<int>&, int, double);

}  // namespace neurosim::gradient
