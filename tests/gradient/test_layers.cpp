// Every layer's backward pass against central finite differences (gradient_check.hpp), in double
// precision. The LIF layer runs in its test mode: the forward pass fires sigma(k v) and the
// surrogate is exactly its derivative, so the recurrence through the membrane and the reset is
// checked exactly, step by step back through time.
#include <doctest/doctest.h>

#include "gradient/gradient_check.hpp"
#include "neurosim/gradient/layers.hpp"

namespace neurosim::gradient::test {
namespace {

// Checks dL/dx and dL/d(every learnable parameter) of `layer` at input x.
void check_layer(Layer<double>& layer, MatD x, Rng& rng, double tolerance = 1e-3) {
  MatD y, dx;
  layer.forward(x, y);
  const MatD c = random_matrix(y.rows(), y.cols(), rng);
  const auto loss = [&] {
    MatD out;
    layer.forward(x, out);
    return (out.array() * c.array()).sum();
  };
  for (Param<double>* p : layer.params()) p->grad.setZero();
  layer.forward(x, y);
  layer.backward(c, dx);
  std::vector<MatD> analytic;
  for (Param<double>* p : layer.params()) analytic.push_back(p->grad);

  const MatD numeric_dx = numeric_gradient(x, loss);
  INFO("dL/dx of ", layer_kind_name(layer.kind()));
  CHECK(dx.rows() == x.rows());
  CHECK(dx.cols() == x.cols());
  CHECK(relative_error(dx, numeric_dx) <= tolerance);
  CHECK(numeric_dx.norm() > 0);  // the check saw a gradient at all
  std::size_t i = 0;
  for (Param<double>* p : layer.params()) {
    const MatD& a = analytic[i++];
    if (!p->learnable) {
      CHECK(a.norm() == 0.0);
      continue;
    }
    const MatD numeric = numeric_gradient(p->value, loss);
    INFO("dL/d", p->name);
    CHECK(relative_error(a, numeric) <= tolerance);
    CHECK(numeric.norm() > 0);
  }
}

NeuronOptions smooth_neuron(Reset reset, bool learn) {
  NeuronOptions o;
  o.beta = 0.8;
  o.threshold = 0.7;
  o.learn_beta = learn;
  o.learn_threshold = learn;
  o.reset = reset;
  o.detach_reset = false;
  o.surrogate = {SurrogateKind::Sigmoid, 4.0, true};
  return o;
}

}  // namespace

TEST_SUITE("gradient layers") {
  TEST_CASE("Conv2d backward matches finite differences (stride, padding)") {
    Rng rng(11);
    SUBCASE("stride 1, no padding") {
      Conv2d<double> conv({2, 7, 6}, 3, 3);
      conv.init(rng);
      CHECK(conv.out_shape() == Shape{3, 5, 4});
      check_layer(conv, random_matrix(3, 2 * 7 * 6, rng), rng);
    }
    SUBCASE("stride 2, padding 1") {
      Conv2d<double> conv({2, 7, 6}, 3, 3, 2, 1);
      conv.init(rng);
      CHECK(conv.out_shape() == Shape{3, 4, 3});
      check_layer(conv, random_matrix(2, 2 * 7 * 6, rng), rng);
    }
  }

  TEST_CASE("Conv2d forward is PyTorch's cross-correlation") {
    // One channel, a 3x3 input 1..9, a 2x2 kernel [[1, 0], [0, -1]], bias 0.5: each output is
    // x[y][x] - x[y+1][x+1] + 0.5 = -4 + 0.5 everywhere.
    Conv2d<double> conv({1, 3, 3}, 1, 2);
    conv.weight.value << 1, 0, 0, -1;
    conv.bias.value << 0.5;
    MatD x(1, 9), y;
    x << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    conv.forward(x, y);
    REQUIRE(y.cols() == 4);
    for (int i = 0; i < 4; ++i) CHECK(y(0, i) == doctest::Approx(-3.5));
  }

  TEST_CASE("pooling backward matches finite differences") {
    Rng rng(12);
    SUBCASE("average") {
      Pool2d<double> pool(LayerKind::AvgPool2d, {2, 4, 6}, 2);
      CHECK(pool.out_shape() == Shape{2, 2, 3});
      check_layer(pool, random_matrix(3, 48, rng), rng);
    }
    SUBCASE("max (distinct values, away from ties)") {
      Pool2d<double> pool(LayerKind::MaxPool2d, {2, 4, 6}, 2);
      check_layer(pool, random_matrix(3, 48, rng), rng);
    }
  }

  TEST_CASE("Flatten and Linear backward match finite differences") {
    Rng rng(13);
    Flatten<double> flat({2, 3, 2});
    CHECK(flat.out_shape() == Shape{12, 1, 1});
    check_layer(flat, random_matrix(4, 12, rng), rng);
    Linear<double> lin({12, 1, 1}, 5);
    lin.init(rng);
    check_layer(lin, random_matrix(4, 12, rng), rng);
  }

  TEST_CASE("LIF backward through time matches finite differences (smooth test mode)") {
    Rng rng(14);
    for (Reset reset : {Reset::Subtract, Reset::Zero}) {
      for (bool learn : {true, false}) {
        INFO("reset ", reset == Reset::Subtract ? "subtract" : "zero", ", learnable beta/threshold ", learn);
        Lif<double> lif({6, 1, 1}, smooth_neuron(reset, learn));
        // Inputs around the threshold so that the spikes and resets matter over 12 steps.
        check_layer(lif, random_matrix(12, 6, rng, -0.2, 1.2), rng);
      }
    }
  }

  TEST_CASE("LIF forward: Heaviside spikes, reset by subtraction and to zero") {
    // Constant input 0.4, beta 0.5, threshold 1: u = 0.4, 0.6, 0.7, 0.75, ... never fires;
    // input 0.6: u = 0.6, 0.9, 1.05 -> spike; subtract: r = 0.05, u = 0.625; zero: u = 0.6.
    NeuronOptions o;
    o.beta = 0.5;
    o.threshold = 1.0;
    MatD x = MatD::Constant(4, 2, 0.6), y;
    x.col(0).setConstant(0.4);
    Lif<double> sub({2, 1, 1}, o);
    sub.forward(x, y);
    CHECK(y.col(0).sum() == 0);
    CHECK(y(2, 1) == 1);
    CHECK(sub.membrane()(2, 1) == doctest::Approx(1.05));
    CHECK(sub.membrane()(3, 1) == doctest::Approx(0.625));
    o.reset = Reset::Zero;
    Lif<double> zero({2, 1, 1}, o);
    zero.forward(x, y);
    CHECK(zero.membrane()(3, 1) == doctest::Approx(0.6));
  }

  TEST_CASE("LIF with a detached reset drops exactly the reset path") {
    // With the reset detached and no spike anywhere (inputs far below threshold), the gradient
    // is the same as the exact one: the reset path carries s = 0 (smooth forward: ~0).
    Rng rng(15);
    NeuronOptions o = smooth_neuron(Reset::Subtract, false);
    o.surrogate.slope = 40.0;
    Lif<double> exact({3, 1, 1}, o);
    o.detach_reset = true;
    Lif<double> detached({3, 1, 1}, o);
    const MatD x = random_matrix(8, 3, rng, -0.1, 0.1);
    const MatD c = random_matrix(8, 3, rng);
    MatD y, d1, d2;
    exact.forward(x, y);
    exact.backward(c, d1);
    detached.forward(x, y);
    detached.backward(c, d2);
    CHECK(relative_error(d2, d1) < 1e-6);
  }

  TEST_CASE("leaky-integrator readout backward matches finite differences") {
    Rng rng(16);
    Readout<double> ro({4, 1, 1}, 0.85, true);
    check_layer(ro, random_matrix(10, 4, rng), rng);
  }

  TEST_CASE("ReLU: forward and backward, against finite differences") {
    Rng rng(17);
    Relu<double> relu({3, 2, 2});
    MatD x = random_matrix(4, 12, rng);
    // Away from the kink at 0, where the central difference would straddle it.
    for (Eigen::Index i = 0; i < x.size(); ++i)
      if (std::abs(x.data()[i]) < 1e-3) x.data()[i] = 0.5;
    MatD y;
    relu.forward(x, y);
    CHECK(y == x.cwiseMax(0.0));
    CHECK(y.minCoeff() == 0.0);  // some inputs were negative
    check_layer(relu, x, rng);
    // The gradient is dy where x > 0 and nothing elsewhere, also at x = 0 exactly.
    MatD z(1, 3), dz;
    z << -1.0, 0.0, 2.0;
    relu.forward(z, y);
    relu.backward(MatD::Constant(1, 3, 7.0), dz);
    CHECK(dz(0, 0) == 0.0);
    CHECK(dz(0, 1) == 0.0);
    CHECK(dz(0, 2) == 7.0);
  }

  TEST_CASE("surrogates are the derivatives of snnTorch's smooth spike functions") {
    // fast sigmoid: d/dv [v / (1 + k|v|)]; arctan: d/dv [atan(pi/2 k v) / pi]; triangle at a few
    // points by hand; sigmoid: the derivative of the smooth forward spike.
    const double h = 1e-6;
    for (double v : {-0.7, -0.1, -0.01, 0.02, 0.3, 1.5}) {
      INFO("v = ", v);
      const Surrogate fs{SurrogateKind::FastSigmoid, 25.0, false};
      const auto fs_f = [](double u) { return u / (1 + 25.0 * std::abs(u)); };
      CHECK(fs.derivative(v) == doctest::Approx((fs_f(v + h) - fs_f(v - h)) / (2 * h)).epsilon(1e-6));
      const Surrogate at{SurrogateKind::Arctan, 2.0, false};
      const auto at_f = [](double u) { return std::atan(M_PI / 2 * 2.0 * u) / M_PI; };
      CHECK(at.derivative(v) == doctest::Approx((at_f(v + h) - at_f(v - h)) / (2 * h)).epsilon(1e-6));
      const Surrogate sg{SurrogateKind::Sigmoid, 5.0, true};
      CHECK(sg.derivative(v) == doctest::Approx((sg.spike(v + h) - sg.spike(v - h)) / (2 * h)).epsilon(1e-6));
    }
    const Surrogate tri{SurrogateKind::Triangle, 2.0, false};
    CHECK(tri.derivative(0.0) == 1.0);
    CHECK(tri.derivative(0.25) == doctest::Approx(0.5));
    CHECK(tri.derivative(-0.25) == doctest::Approx(0.5));
    CHECK(tri.derivative(0.6) == 0.0);
    CHECK(Surrogate{}.spike(0.0) == 1.0);
    CHECK(Surrogate{}.spike(-1e-9) == 0.0);
    CHECK(parse_surrogate("arctan") == SurrogateKind::Arctan);
    CHECK(!parse_surrogate("relu"));
  }
}

}  // namespace neurosim::gradient::test
