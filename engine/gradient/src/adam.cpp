#include "neurosim/gradient/adam.hpp"

#include <cmath>

namespace neurosim::gradient {

template <class S>
Adam<S>::Adam(std::vector<Param<S>*> params, const AdamOptions& o) : options(o), params_(std::move(params)) {
  for (Param<S>* p : params_) {
    m_.push_back(Mat<S>::Zero(p->value.rows(), p->value.cols()));
    v_.push_back(Mat<S>::Zero(p->value.rows(), p->value.cols()));
  }
}

template <class S>
double Adam<S>::step() {
  double norm2 = 0.0;
  for (Param<S>* p : params_)
    if (p->learnable) norm2 += static_cast<double>(p->grad.squaredNorm());
  const double norm = std::sqrt(norm2);
  const double clip = options.clip_norm > 0 && norm > options.clip_norm ? options.clip_norm / norm : 1.0;
  ++t_;
  const double c1 = 1.0 - std::pow(options.beta1, static_cast<double>(t_));
  const double c2 = 1.0 - std::pow(options.beta2, static_cast<double>(t_));
  const S b1 = static_cast<S>(options.beta1), b2 = static_cast<S>(options.beta2);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Param<S>& p = *params_[i];
    if (!p.learnable) continue;
    Mat<S> g = p.grad * static_cast<S>(clip);
    if (options.weight_decay > 0 && p.name == "weight") g += static_cast<S>(options.weight_decay) * p.value;
    m_[i] = b1 * m_[i] + (S(1) - b1) * g;
    v_[i] = b2 * v_[i] + (S(1) - b2) * g.cwiseProduct(g);
    const S lr = static_cast<S>(options.learning_rate);
    p.value.array() -= lr * (m_[i].array() / static_cast<S>(c1)) / ((v_[i].array() / static_cast<S>(c2)).sqrt() + static_cast<S>(options.epsilon));
  }
  return norm;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace neurosim::gradient
