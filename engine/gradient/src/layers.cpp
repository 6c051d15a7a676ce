// The layers' forward and backward passes (equations in layers.hpp).
#include "neurosim/gradient/layers.hpp"

#include <cmath>
#include <stdexcept>

#include "neurosim/rng.hpp"

namespace neurosim::gradient {
namespace {

template <class S>
void fill_uniform(Mat<S>& m, Rng& rng, double bound) {
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<S>(rng.uniform(-bound, bound));
}

template <class S>
Param<S> make_param(std::string name, Eigen::Index rows, Eigen::Index cols, bool learnable = true) {
  Param<S> p;
  p.name = std::move(name);
  p.value = Mat<S>::Zero(rows, cols);
  p.grad = Mat<S>::Zero(rows, cols);
  p.learnable = learnable;
  return p;
}

}  // namespace

std::string_view layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Conv2d: return "Conv2d";
    case LayerKind::AvgPool2d: return "AvgPool2d";
    case LayerKind::MaxPool2d: return "MaxPool2d";
    case LayerKind::Flatten: return "Flatten";
    case LayerKind::Linear: return "Linear";
    case LayerKind::Lif: return "LIF";
    case LayerKind::Readout: return "Readout";
    case LayerKind::Relu: return "ReLU";
  }
  return "?";
}

// [SECTION] Conv2d: im2col, then one matrix product for all T steps at once.

template <class S>
Conv2d<S>::Conv2d(Shape in, int out_channels, int kernel, int stride, int padding) : k_(kernel), stride_(stride), pad_(padding) {
  if (out_channels < 1 || kernel < 1 || stride < 1 || padding < 0) throw std::invalid_argument("Conv2d: channels, kernel and stride must be >= 1 and padding >= 0");
  const int h = (in.h + 2 * padding - kernel) / stride + 1;
  const int w = (in.w + 2 * padding - kernel) / stride + 1;
  if (in.h + 2 * padding < kernel || in.w + 2 * padding < kernel)
    throw std::invalid_argument("Conv2d: a " + std::to_string(kernel) + "x" + std::to_string(kernel) + " kernel does not fit an input of " + in.text());
  this->in_ = in;
  this->out_ = Shape{out_channels, h, w};
  weight = make_param<S>("weight", out_channels, static_cast<Eigen::Index>(in.c) * kernel * kernel);
  bias = make_param<S>("bias", 1, out_channels);
}

template <class S>
void Conv2d<S>::init(Rng& rng) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(weight.value.cols()));
  fill_uniform(weight.value, rng, bound);
  fill_uniform(bias.value, rng, bound);
}

template <class S>
void Conv2d<S>::im2col(const Mat<S>& x) {
  const Shape in = this->in_, out = this->out_;
  const Eigen::Index T = x.rows(), P = out.h * out.w;
  col_.setZero(T * P, static_cast<Eigen::Index>(in.c) * k_ * k_);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int oy = 0; oy < out.h; ++oy)
      for (int ox = 0; ox < out.w; ++ox) {
        S* row = col_.row(t * P + oy * out.w + ox).data();
        for (int c = 0; c < in.c; ++c)
          for (int ky = 0; ky < k_; ++ky) {
            const int iy = oy * stride_ - pad_ + ky;
            if (iy < 0 || iy >= in.h) continue;
            const S* src = x.row(t).data() + (c * in.h + iy) * in.w;
            for (int kx = 0; kx < k_; ++kx) {
              const int ix = ox * stride_ - pad_ + kx;
              if (ix >= 0 && ix < in.w) row[(c * k_ + ky) * k_ + kx] = src[ix];
            }
          }
      }
}

template <class S>
void Conv2d<S>::forward(const Mat<S>& x, Mat<S>& y) {
  im2col(x);
  gemm_.noalias() = col_ * weight.value.transpose();
  const Eigen::Index T = x.rows(), P = this->out_.h * this->out_.w, C = this->out_.c;
  y.resize(T, C * P);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index c = 0; c < C; ++c)
      for (Eigen::Index p = 0; p < P; ++p) y(t, c * P + p) = gemm_(t * P + p, c) + bias.value(0, c);
}

template <class S>
void Conv2d<S>::backward(const Mat<S>& dy, Mat<S>& dx) {
  const Shape in = this->in_, out = this->out_;
  const Eigen::Index T = dy.rows(), P = out.h * out.w, C = out.c;
  // gemm_ is reused for dL/d(out): the forward values are no longer needed.
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index c = 0; c < C; ++c)
      for (Eigen::Index p = 0; p < P; ++p) gemm_(t * P + p, c) = dy(t, c * P + p);
  weight.grad.noalias() += gemm_.transpose() * col_;
  bias.grad += gemm_.colwise().sum();
  if (!this->input_gradient) {
    dx.resize(0, 0);
    return;
  }
  col_ = gemm_ * weight.value;  // dL/d(col)
  dx.setZero(T, in.size());
  for (Eigen::Index t = 0; t < T; ++t)
    for (int oy = 0; oy < out.h; ++oy)
      for (int ox = 0; ox < out.w; ++ox) {
        const S* row = col_.row(t * P + oy * out.w + ox).data();
        for (int c = 0; c < in.c; ++c)
          for (int ky = 0; ky < k_; ++ky) {
            const int iy = oy * stride_ - pad_ + ky;
            if (iy < 0 || iy >= in.h) continue;
            S* dst = dx.row(t).data() + (c * in.h + iy) * in.w;
            for (int kx = 0; kx < k_; ++kx) {
              const int ix = ox * stride_ - pad_ + kx;
              if (ix >= 0 && ix < in.w) dst[ix] += row[(c * k_ + ky) * k_ + kx];
            }
          }
      }
}

// [SECTION] Pooling

template <class S>
Pool2d<S>::Pool2d(LayerKind kind, Shape in, int kernel) : kind_(kind), k_(kernel) {
  if (kind != LayerKind::AvgPool2d && kind != LayerKind::MaxPool2d) throw std::invalid_argument("Pool2d: AvgPool2d or MaxPool2d");
  if (kernel < 1 || in.h < kernel || in.w < kernel)
    throw std::invalid_argument("pooling: a " + std::to_string(kernel) + "x" + std::to_string(kernel) + " window does not fit an input of " + in.text());
  this->in_ = in;
  this->out_ = {in.c, in.h / kernel, in.w / kernel};
}

template <class S>
void Pool2d<S>::forward(const Mat<S>& x, Mat<S>& y) {
  const Shape in = this->in_, out = this->out_;
  const Eigen::Index T = x.rows();
  y.resize(T, out.size());
  if (kind_ == LayerKind::MaxPool2d) winner_.resize(static_cast<std::size_t>(T * out.size()));
  const S scale = S(1) / static_cast<S>(k_ * k_);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int c = 0; c < out.c; ++c)
      for (int oy = 0; oy < out.h; ++oy)
        for (int ox = 0; ox < out.w; ++ox) {
          const int o = (c * out.h + oy) * out.w + ox;
          S acc = 0;
          int best = -1;
          for (int ky = 0; ky < k_; ++ky)
            for (int kx = 0; kx < k_; ++kx) {
              const int i = (c * in.h + oy * k_ + ky) * in.w + ox * k_ + kx;
              if (kind_ == LayerKind::AvgPool2d) acc += x(t, i);
              else if (best < 0 || x(t, i) > x(t, best)) best = i;  // the first of equal maxima wins
            }
          if (kind_ == LayerKind::AvgPool2d) {
            y(t, o) = acc * scale;
          } else {
            y(t, o) = x(t, best);
            winner_[static_cast<std::size_t>(t * out.size() + o)] = best;
          }
        }
}

template <class S>
void Pool2d<S>::backward(const Mat<S>& dy, Mat<S>& dx) {
  const Shape in = this->in_, out = this->out_;
  const Eigen::Index T = dy.rows();
  dx.setZero(T, in.size());
  const S scale = S(1) / static_cast<S>(k_ * k_);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int c = 0; c < out.c; ++c)
      for (int oy = 0; oy < out.h; ++oy)
        for (int ox = 0; ox < out.w; ++ox) {
          const int o = (c * out.h + oy) * out.w + ox;
          if (kind_ == LayerKind::MaxPool2d) {
            dx(t, winner_[static_cast<std::size_t>(t * out.size() + o)]) += dy(t, o);
            continue;
          }
          for (int ky = 0; ky < k_; ++ky)
            for (int kx = 0; kx < k_; ++kx) dx(t, (c * in.h + oy * k_ + ky) * in.w + ox * k_ + kx) += dy(t, o) * scale;
        }
}

// [SECTION] Flatten and Linear

template <class S>
Flatten<S>::Flatten(Shape in) {
  this->in_ = in;
  this->out_ = {in.size(), 1, 1};
}

template <class S>
Linear<S>::Linear(Shape in, int out_features) {
  if (out_features < 1) throw std::invalid_argument("Linear: at least one output");
  this->in_ = {in.size(), 1, 1};
  this->out_ = {out_features, 1, 1};
  weight = make_param<S>("weight", out_features, in.size());
  bias = make_param<S>("bias", 1, out_features);
}

template <class S>
void Linear<S>::init(Rng& rng) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(weight.value.cols()));
  fill_uniform(weight.value, rng, bound);
  fill_uniform(bias.value, rng, bound);
}

template <class S>
void Linear<S>::forward(const Mat<S>& x, Mat<S>& y) {
  x_ = x;
  y.noalias() = x * weight.value.transpose();
  y.rowwise() += bias.value.row(0);
}

template <class S>
void Linear<S>::backward(const Mat<S>& dy, Mat<S>& dx) {
  weight.grad.noalias() += dy.transpose() * x_;
  bias.grad += dy.colwise().sum();
  dx.noalias() = dy * weight.value;
}

// [SECTION] Leaky integrate-and-fire

template <class S>
Lif<S>::Lif(Shape in, const NeuronOptions& o) : options(o) {
  if (!(o.beta >= 0.0 && o.beta <= 1.0)) throw std::invalid_argument("LIF: beta must be in [0, 1]");
  if (!(o.threshold > 0.0) || !std::isfinite(o.threshold)) throw std::invalid_argument("LIF: threshold must be > 0");
  this->in_ = in;
  this->out_ = in;
  beta = make_param<S>("beta", 1, 1, o.learn_beta);
  threshold = make_param<S>("threshold", 1, 1, o.learn_threshold);
  beta.value(0, 0) = static_cast<S>(o.beta);
  threshold.value(0, 0) = static_cast<S>(o.threshold);
}

template <class S>
void Lif<S>::clamp() {
  beta.value(0, 0) = std::clamp(beta.value(0, 0), S(0), S(1));
  threshold.value(0, 0) = std::max(threshold.value(0, 0), S(1e-3));
}

template <class S>
void Lif<S>::forward(const Mat<S>& x, Mat<S>& y) {
  const Eigen::Index T = x.rows(), N = x.cols();
  const S b = beta.value(0, 0), th = threshold.value(0, 0);
  u_.resize(T, N);
  s_.resize(T, N);
  r_.resize(T, N);
  const Surrogate& sg = options.surrogate;
  for (Eigen::Index t = 0; t < T; ++t) {
    for (Eigen::Index i = 0; i < N; ++i) {
      const S u = (t > 0 ? b * r_(t - 1, i) : S(0)) + x(t, i);
      const S s = sg.spike(u - th);
      u_(t, i) = u;
      s_(t, i) = s;
      r_(t, i) = options.reset == Reset::Subtract ? u - th * s : u * (S(1) - s);
    }
  }
  y = s_;
}

template <class S>
void Lif<S>::backward(const Mat<S>& dy, Mat<S>& dx) {
  const Eigen::Index T = dy.rows(), N = dy.cols();
  const S b = beta.value(0, 0), th = threshold.value(0, 0);
  const bool subtract = options.reset == Reset::Subtract;
  const bool through_reset = !options.detach_reset;
  const Surrogate& sg = options.surrogate;
  dx.resize(T, N);
  S dbeta = 0, dthreshold = 0;
  for (Eigen::Index t = T - 1; t >= 0; --t) {
    for (Eigen::Index i = 0; i < N; ++i) {
      const S dr = t + 1 < T ? b * dx(t + 1, i) : S(0);  // dL/dr[t], through u[t+1] = beta r[t] + ...
      const S u = u_(t, i), s = s_(t, i);
      const S g = sg.derivative(u - th);
      const S dr_du = subtract ? S(1) : S(1) - s;
      const S dr_ds = subtract ? -th : -u;
      const S ds = dy(t, i) + (through_reset ? dr * dr_ds : S(0));
      const S du = dr * dr_du + ds * g;
      dthreshold -= ds * g;
      if (subtract) dthreshold -= dr * s;
      if (t > 0) dbeta += du * r_(t - 1, i);
      dx(t, i) = du;
    }
  }
  if (beta.learnable) beta.grad(0, 0) += dbeta;
  if (threshold.learnable) threshold.grad(0, 0) += dthreshold;
}

// [SECTION] Leaky-integrator readout

template <class S>
Readout<S>::Readout(Shape in, double b, bool learn_beta) {
  if (!(b >= 0.0 && b <= 1.0)) throw std::invalid_argument("readout: beta must be in [0, 1]");
  this->in_ = in;
  this->out_ = in;
  beta = make_param<S>("beta", 1, 1, learn_beta);
  beta.value(0, 0) = static_cast<S>(b);
}

template <class S>
void Readout<S>::clamp() {
  beta.value(0, 0) = std::clamp(beta.value(0, 0), S(0), S(1));
}

template <class S>
void Readout<S>::forward(const Mat<S>& x, Mat<S>& y) {
  const S b = beta.value(0, 0);
  v_.resize(x.rows(), x.cols());
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    if (t == 0) v_.row(t) = x.row(t);
    else v_.row(t) = b * v_.row(t - 1) + x.row(t);
  }
  y = v_;
}

template <class S>
void Readout<S>::backward(const Mat<S>& dy, Mat<S>& dx) {
  const S b = beta.value(0, 0);
  const Eigen::Index T = dy.rows();
  dx.resize(T, dy.cols());
  S dbeta = 0;
  for (Eigen::Index t = T - 1; t >= 0; --t) {
    if (t + 1 < T) dx.row(t) = dy.row(t) + b * dx.row(t + 1);
    else dx.row(t) = dy.row(t);
    if (t > 0) dbeta += dx.row(t).dot(v_.row(t - 1));
  }
  if (beta.learnable) beta.grad(0, 0) += dbeta;
}

// [SECTION] ReLU

template <class S>
Relu<S>::Relu(Shape in) {
  this->in_ = in;
  this->out_ = in;
}

template <class S>
void Relu<S>::forward(const Mat<S>& x, Mat<S>& y) {
  x_ = x;
  y = x.cwiseMax(S(0));
}

template <class S>
void Relu<S>::backward(const Mat<S>& dy, Mat<S>& dx) {
  dx = (x_.array() > S(0)).select(dy, S(0));
}

template class Conv2d<float>;
template class Conv2d<double>;
template class Pool2d<float>;
template class Pool2d<double>;
template class Flatten<float>;
template class Flatten<double>;
template class Linear<float>;
template class Linear<double>;
template class Lif<float>;
template class Lif<double>;
template class Readout<float>;
template class Readout<double>;
template class Relu<float>;
template class Relu<double>;

}  // namespace neurosim::gradient
