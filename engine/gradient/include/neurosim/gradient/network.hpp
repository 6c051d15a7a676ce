#pragma once
// A feed-forward spiking network: input encoding, then layers in order (layers.hpp).
//
// The architecture is written as in the papers, layers joined by '-':
//   12C5        a 5 x 5 convolution with 12 output channels (optional suffixes: s2 stride 2,
//               p1 padding 1: 12C5s2p1)
//   P2          2 x 2 average pooling (M2: max pooling)
//   10          a fully connected (Linear) layer with 10 outputs
// Every convolution or linear layer, with the pooling that follows it, is followed by a LIF
// layer; the last one is a leaky-integrator readout instead when `readout` is set. A Flatten is
// put in front of the first linear layer after a convolution. "12C5-P2-32C5-P2-10" is
// Conv2d(12,5) AvgPool(2) LIF Conv2d(32,5) AvgPool(2) LIF Flatten Linear(10) LIF.
//
// With unit = Relu every LIF layer is a ReLU instead: the same network without spikes. Run with
// T = 1 and direct encoding, it is the conventional (non-spiking) network of the same shape that
// the spiking one is compared with.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "neurosim/gradient/layers.hpp"

namespace neurosim {
class Rng;
}

namespace neurosim::gradient {

// How pixel intensities x in [0, 1] become spikes over T steps:
//   rate     a spike in each step with probability x (Bernoulli; snnTorch's spikegen.rate)
//   latency  one spike at step round((1 - x)(T - 1)), none for x = 0: brighter pixels first,
//            as the "images" population's latency coding (file_source.hpp) with the window
//            spanning the T steps
//   direct   the intensity x itself in every step, no spikes (a constant input current; the
//            input of a non-spiking network, or of a spiking one whose first layer encodes)
enum class Encoding { Rate, Latency, Direct };
std::string_view encoding_name(Encoding e);

// What follows each convolution or linear layer: spiking LIF neurons or ReLUs.
enum class Unit { Lif, Relu };
std::string_view unit_name(Unit u);

struct NetworkSpec {
  Shape input{1, 28, 28};
  std::string architecture = "12C5-P2-32C5-P2-10";
  int steps = 25;  // T
  Encoding encoding = Encoding::Rate;
  Unit unit = Unit::Lif;
  NeuronOptions neuron;  // LIF layers only
  bool readout = false;       // the last layer integrates without spiking (a membrane output)
  double readout_beta = 0.9;
};

// "" or why the architecture cannot be built ("architecture: token 3 \"3X\": ...").
std::string check_architecture(const NetworkSpec& spec);

template <class S>
class Network {
 public:
  // Throws std::invalid_argument (with the reason check_architecture() gives) on a bad spec.
  explicit Network(const NetworkSpec& spec);
  Network(const Network& other);
  Network& operator=(const Network& other);

  void init(Rng& rng);
  const NetworkSpec& spec() const { return spec_; }
  int layer_count() const { return static_cast<int>(layers_.size()); }
  Layer<S>& layer(int i) { return *layers_[static_cast<std::size_t>(i)]; }
  const Layer<S>& layer(int i) const { return *layers_[static_cast<std::size_t>(i)]; }
  Shape output_shape() const { return layers_.back()->out_shape(); }

  // x: T x input.size() (already encoded). Returns the last layer's output, T x outputs.
  const Mat<S>& forward(const Mat<S>& x);
  // dy: dL/d(output). Adds to the parameters' gradients; returns dL/dx (empty when
  // set_input_gradient(false) and the first layer is a convolution).
  const Mat<S>& backward(const Mat<S>& dy);
  void set_input_gradient(bool on) { layers_.front()->input_gradient = on; }
  const Mat<S>& activation(int i) const { return acts_[static_cast<std::size_t>(i)]; }  // 0: input

  std::vector<Param<S>*> params();
  std::size_t param_count();  // scalars in all parameters
  void zero_grad();
  void gradients_to(S* out);           // param_count() values, in params() order
  void copy_values_from(Network& other);
  void clamp();                        // after an optimiser step
  double spikes() const;               // spikes fired by the LIF layers in the last forward

  void encode(const std::uint8_t* pixels, Rng& rng, Mat<S>& x) const;

 private:
  NetworkSpec spec_;
  std::vector<std::unique_ptr<Layer<S>>> layers_;
  std::vector<Mat<S>> acts_, grads_;
};

}  // namespace neurosim::gradient
