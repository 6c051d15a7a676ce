#pragma once
// Layers of a spiking network trained by backpropagation through time.
//
// Each layer maps a T x F_in activation to T x F_out (tensor.hpp). forward() keeps what
// backward() needs (inputs, membranes, spikes, pooling winners); backward() takes dL/dy,
// returns dL/dx and adds the parameter gradients to Param::grad (zero them between batches).
//
//   Conv2d      y[t] = W * x[t] + b                cross-correlation, stride, zero padding
//   AvgPool2d   mean of each k x k window          stride k
//   MaxPool2d   max of each k x k window           stride k (the winner gets the gradient)
//   Flatten     shape C x H x W -> C*H*W x 1 x 1   no data moves
//   Linear      y[t] = W x[t] + b                  NIR's Affine
//   Lif         u[t] = beta r[t-1] + x[t]          leaky integrate-and-fire, one beta and one
//               s[t] = H(u[t] - threshold)         threshold per layer (learnable or fixed);
//               r[t] = u[t] - threshold s[t]       reset by subtraction
//                   or u[t] (1 - s[t])             reset to zero; r[-1] = 0
//   Readout     v[t] = beta v[t-1] + x[t]          leaky integrator; its output is v
//   Relu        y[t] = max(0, x[t])                no spikes, no state: the non-spiking
//                                                  counterpart of a LIF layer (network.hpp)
// Lif's backward pass goes back through time through u, r and (unless detach_reset) the reset.
#include <memory>
#include <string>
#include <vector>

#include "neurosim/gradient/surrogate.hpp"
#include "neurosim/gradient/tensor.hpp"

namespace neurosim {
class Rng;
}

namespace neurosim::gradient {

enum class LayerKind { Conv2d, AvgPool2d, MaxPool2d, Flatten, Linear, Lif, Readout, Relu };
std::string_view layer_kind_name(LayerKind kind);

template <class S>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual LayerKind kind() const = 0;
  virtual std::unique_ptr<Layer> clone() const = 0;
  virtual void forward(const Mat<S>& x, Mat<S>& y) = 0;
  virtual void backward(const Mat<S>& dy, Mat<S>& dx) = 0;
  virtual std::vector<Param<S>*> params() { return {}; }
  // Weights drawn as PyTorch does by default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  virtual void init(Rng& rng) {}
  Shape in_shape() const { return in_; }
  Shape out_shape() const { return out_; }
  // Off for the first layer when nothing needs dL/d(input): a convolution then skips the
  // product and the scatter that compute it (dx is left empty).
  bool input_gradient = true;

 protected:
  Shape in_, out_;
};

template <class S>
class Conv2d final : public Layer<S> {
 public:
  Conv2d(Shape in, int out_channels, int kernel, int stride = 1, int padding = 0);
  LayerKind kind() const override { return LayerKind::Conv2d; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Conv2d>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& dy, Mat<S>& dx) override;
  std::vector<Param<S>*> params() override { return {&weight, &bias}; }
  void init(Rng& rng) override;
  int kernel() const { return k_; }
  int stride() const { return stride_; }
  int padding() const { return pad_; }

  Param<S> weight;  // out_channels x (in_channels * k * k), i.e. (C_out, C_in, k, k) in C order
  Param<S> bias;    // 1 x out_channels

 private:
  void im2col(const Mat<S>& x);
  int k_, stride_, pad_;
  Mat<S> col_;  // (T * H_out * W_out) x (C_in * k * k): the input windows of the last forward
  Mat<S> gemm_;  // (T * H_out * W_out) x C_out: the product, then its gradient
};

template <class S>
class Pool2d final : public Layer<S> {
 public:
  Pool2d(LayerKind kind, Shape in, int kernel);  // AvgPool2d or MaxPool2d, stride = kernel
  LayerKind kind() const override { return kind_; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Pool2d>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& dy, Mat<S>& dx) override;
  int kernel() const { return k_; }

 private:
  LayerKind kind_;
  int k_;
  std::vector<int> winner_;  // MaxPool2d: T x F_out input indices of the last forward
};

template <class S>
class Flatten final : public Layer<S> {
 public:
  explicit Flatten(Shape in);
  LayerKind kind() const override { return LayerKind::Flatten; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Flatten>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override { y = x; }
  void backward(const Mat<S>& dy, Mat<S>& dx) override { dx = dy; }
};

template <class S>
class Linear final : public Layer<S> {
 public:
  Linear(Shape in, int out_features);
  LayerKind kind() const override { return LayerKind::Linear; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Linear>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& dy, Mat<S>& dx) override;
  std::vector<Param<S>*> params() override { return {&weight, &bias}; }
  void init(Rng& rng) override;

  Param<S> weight;  // out x in
  Param<S> bias;    // 1 x out

 private:
  Mat<S> x_;
};

enum class Reset { Subtract, Zero };

struct NeuronOptions {
  double beta = 0.9;       // membrane decay per step, in [0, 1]
  double threshold = 1.0;  // > 0
  bool learn_beta = false;
  bool learn_threshold = false;
  Reset reset = Reset::Subtract;
  // snnTorch's default: the reset is not differentiated through (Zenke & Vogels 2021 find it
  // trains better); false gives the exact derivative of the (smoothed) forward pass.
  bool detach_reset = true;
  Surrogate surrogate;
};

template <class S>
class Lif final : public Layer<S> {
 public:
  Lif(Shape in, const NeuronOptions& options);
  LayerKind kind() const override { return LayerKind::Lif; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Lif>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& dy, Mat<S>& dx) override;
  std::vector<Param<S>*> params() override { return {&beta, &threshold}; }
  // After an optimiser step: beta back into [0, 1], threshold at least 1e-3.
  void clamp();

  Param<S> beta, threshold;  // 1 x 1 each
  NeuronOptions options;     // reset, detach_reset, surrogate (beta and threshold live above)
  const Mat<S>& membrane() const { return u_; }  // T x N, before the reset
  const Mat<S>& spikes() const { return s_; }

 private:
  Mat<S> u_, s_, r_;
};

template <class S>
class Readout final : public Layer<S> {
 public:
  Readout(Shape in, double beta, bool learn_beta);
  LayerKind kind() const override { return LayerKind::Readout; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Readout>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& dy, Mat<S>& dx) override;
  std::vector<Param<S>*> params() override { return {&beta}; }
  void clamp();

  Param<S> beta;

 private:
  Mat<S> v_;
};

// dL/dx = dL/dy where x > 0, else 0 (at x = 0 exactly: 0, as PyTorch).
template <class S>
class Relu final : public Layer<S> {
 public:
  explicit Relu(Shape in);
  LayerKind kind() const override { return LayerKind::Relu; }
  std::unique_ptr<Layer<S>> clone() const override { return std::make_unique<Relu>(*this); }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& dy, Mat<S>& dx) override;

 private:
  Mat<S> x_;
};

}  // namespace neurosim::gradient
