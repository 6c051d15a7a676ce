// A whole network's gradient against finite differences, the architecture parser, determinism,
// and a tiny network learning a tiny task within the suite.
#include <doctest/doctest.h>

#include <set>

#include "gradient/bars.hpp"
#include "gradient/gradient_check.hpp"
#include "neurosim/gradient/network.hpp"
#include "neurosim/gradient/trainer.hpp"

namespace neurosim::gradient::test {
namespace {

// Trains for `epochs` on `train` in batches of 16 and returns the final weights, flattened.
std::vector<float> train_tiny(const ImageSet& train, std::uint64_t seed, int threads, int epochs, Network<float>& net, int shift = 0,
                              const LossOptions& loss = {}) {
  Rng init(seed);
  net.init(init);
  Trainer<float> trainer(net, threads);
  trainer.set_max_shift(shift);
  AdamOptions ao;
  ao.learning_rate = 0.02;
  Adam<float> adam(net.params(), ao);
  std::vector<int> order(static_cast<std::size_t>(train.count));
  for (int i = 0; i < train.count; ++i) order[static_cast<std::size_t>(i)] = i;
  Rng shuffle(seed, 1);
  for (int e = 0; e < epochs; ++e) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.below(static_cast<std::uint32_t>(i))]);
    for (std::size_t b = 0; b < order.size(); b += 16)
      trainer.train_batch(train, std::span<const int>(order).subspan(b, std::min<std::size_t>(16, order.size() - b)), seed * 1000 + static_cast<std::uint64_t>(e), loss, adam);
  }
  std::vector<float> w;
  for (Param<float>* p : net.params()) w.insert(w.end(), p->value.data(), p->value.data() + p->value.size());
  return w;
}

}  // namespace

TEST_SUITE("gradient training") {
  TEST_CASE("a whole conv SNN's gradient matches finite differences (smooth test mode)") {
    Rng rng(31);
    NetworkSpec spec;
    spec.input = {1, 6, 6};
    spec.steps = 6;
    spec.neuron.beta = 0.8;
    spec.neuron.threshold = 0.5;
    spec.neuron.learn_beta = spec.neuron.learn_threshold = true;
    spec.neuron.detach_reset = false;
    spec.neuron.surrogate = {SurrogateKind::Sigmoid, 3.0, true};
    SUBCASE("spiking output, cross-entropy on counts") { spec.architecture = "3C3-P2-4"; }
    SUBCASE("readout output, cross-entropy on membranes, max pooling, padding") {
      spec.architecture = "2C3p1-M2-3";
      spec.readout = true;
    }
    SUBCASE("ReLU units (the non-spiking network of the same shape)") {
      spec.architecture = "3C3-P2-4";
      spec.unit = Unit::Relu;
    }
    Network<double> net(spec);
    net.init(rng);
    MatD x = random_matrix(spec.steps, 36, rng, 0.0, 1.0), dy;
    const Logits logits = spec.readout ? Logits::Membranes : Logits::Counts;
    int predicted = 0;
    const auto loss = [&] {
      MatD scratch;
      return cross_entropy(net.forward(x), 1, logits, scratch, predicted);
    };
    net.zero_grad();
    cross_entropy(net.forward(x), 1, logits, dy, predicted);
    const MatD dx = net.backward(dy);
    CHECK(relative_error(dx, numeric_gradient(x, loss)) <= 1e-3);
    for (Param<double>* p : net.params()) {
      if (!p->learnable) continue;
      const MatD analytic = p->grad;
      INFO(p->name, " ", p->value.rows(), "x", p->value.cols());
      CHECK(relative_error(analytic, numeric_gradient(p->value, loss)) <= 1e-3);
    }
  }

  TEST_CASE("architecture strings build the layers they name, and bad ones are refused by name") {
    NetworkSpec spec;  // 1x28x28, 12C5-P2-32C5-P2-10
    Network<float> net(spec);
    const std::vector<LayerKind> expected{LayerKind::Conv2d, LayerKind::AvgPool2d, LayerKind::Lif,     LayerKind::Conv2d, LayerKind::AvgPool2d,
                                          LayerKind::Lif,    LayerKind::Flatten,   LayerKind::Linear, LayerKind::Lif};
    REQUIRE(net.layer_count() == static_cast<int>(expected.size()));
    for (int i = 0; i < net.layer_count(); ++i) CHECK(net.layer(i).kind() == expected[static_cast<std::size_t>(i)]);
    CHECK(net.layer(5).out_shape() == Shape{32, 4, 4});
    CHECK(net.output_shape() == Shape{10, 1, 1});
    CHECK(net.param_count() == (12 * 25 + 12) + (32 * 12 * 25 + 32) + (10 * 512 + 10) + 3 * 2);

    const auto error = [](std::string arch, Shape in = {1, 28, 28}) {
      NetworkSpec s;
      s.architecture = std::move(arch);
      s.input = in;
      return check_architecture(s);
    };
    CHECK(error("12C5-P2-32C5-P2-10") == "");
    CHECK(error("12X5-10").find("architecture: layer 1 \"12X5\"") == 0);
    CHECK(error("P2-10").find("architecture: starts with pooling") == 0);
    CHECK(error("12C5-P2-32C5-P2-10", {1, 8, 8}).find("architecture: layer 3: ") == 0);  // 5x5 kernel on 2x2
    CHECK(error("12C5--10").find("architecture: layer 2 \"\"") == 0);
    CHECK(error("").find("architecture: empty") == 0);
    NetworkSpec bad;
    bad.steps = 0;
    CHECK(check_architecture(bad).find("steps") == 0);
    CHECK_THROWS_AS(Network<float>{bad}, std::invalid_argument);
  }

  TEST_CASE("encoders: rate spikes with probability x, latency spikes once, earlier when brighter") {
    NetworkSpec spec;
    spec.input = {1, 1, 3};
    spec.steps = 2000;
    spec.architecture = "2";
    Network<float> net(spec);
    const std::uint8_t px[3] = {0, 64, 255};
    Rng rng(5);
    Mat<float> x;
    net.encode(px, rng, x);
    CHECK(x.col(0).sum() == 0);
    CHECK(x.col(2).sum() == 2000);
    // Binomial(2000, 64/255): mean 502, sd 19.4; 5 sd either side.
    CHECK(std::abs(x.col(1).sum() - 2000.0 * 64 / 255) < 5 * 19.4);
    spec.steps = 11;
    spec.encoding = Encoding::Latency;
    Network<float> lat(spec);
    lat.encode(px, rng, x);
    CHECK(x.col(0).sum() == 0);
    CHECK(x(0, 2) == 1);  // full intensity fires at once
    CHECK(x.col(1).sum() == 1);
    CHECK(x(static_cast<int>(std::lround((1 - 64 / 255.0) * 10)), 1) == 1);
    spec.steps = 3;
    spec.encoding = Encoding::Direct;
    Network<float> direct(spec);
    direct.encode(px, rng, x);
    for (int t = 0; t < 3; ++t) {
      CHECK(x(t, 0) == 0.0f);
      CHECK(x(t, 1) == doctest::Approx(64 / 255.0));
      CHECK(x(t, 2) == 1.0f);
    }
  }

  TEST_CASE("ReLU units replace every LIF layer; the readout stays") {
    NetworkSpec spec;
    spec.unit = Unit::Relu;
    Network<float> net(spec);  // 12C5-P2-32C5-P2-10
    CHECK(net.layer(2).kind() == LayerKind::Relu);
    CHECK(net.layer(5).kind() == LayerKind::Relu);
    CHECK(net.layer(8).kind() == LayerKind::Relu);
    CHECK(net.param_count() == (12 * 25 + 12) + (32 * 12 * 25 + 32) + (10 * 512 + 10));  // no beta, no threshold
    spec.readout = true;
    Network<float> ro(spec);
    CHECK(ro.layer(8).kind() == LayerKind::Readout);
  }

  TEST_CASE("a tiny conv SNN learns horizontal against vertical bars in a few epochs") {
    const ImageSet train = bars(256, 1), test = bars(200, 2);
    Network<float> net(tiny_spec());
    train_tiny(train, 7, default_threads(), 4, net);
    Trainer<float> trainer(net, default_threads());
    std::vector<int> items(200);
    for (int i = 0; i < 200; ++i) items[static_cast<std::size_t>(i)] = i;
    const BatchStats s = trainer.evaluate(test, items, 99, {}, nullptr);
    CHECK(s.samples == 200);
    CHECK(static_cast<double>(s.correct) / 200.0 >= 0.95);
    CHECK(s.spikes > 0);
  }

  TEST_CASE("the non-spiking network of the same shape (ReLU, T = 1, direct input) learns the bars too") {
    const ImageSet train = bars(256, 1), test = bars(200, 2);
    NetworkSpec spec = tiny_spec();
    spec.unit = Unit::Relu;
    spec.steps = 1;
    spec.encoding = Encoding::Direct;
    spec.readout = true;  // a linear output: a ReLU would cut the logits off at 0
    Network<float> net(spec);
    const LossOptions loss{LossKind::CrossEntropyMembranes};
    train_tiny(train, 7, default_threads(), 4, net, 0, loss);
    Trainer<float> trainer(net, default_threads());
    std::vector<int> items(200);
    for (int i = 0; i < 200; ++i) items[static_cast<std::size_t>(i)] = i;
    const BatchStats s = trainer.evaluate(test, items, 99, loss, nullptr);
    CHECK(static_cast<double>(s.correct) / 200.0 >= 0.95);
    CHECK(s.spikes == 0);
  }

  TEST_CASE("the same seed gives the same weights, whatever the number of threads") {
    const ImageSet train = bars(64, 3);
    for (int shift : {0, 1}) {  // with and without shifted training images
      INFO("max shift ", shift);
      Network<float> a(tiny_spec()), b(tiny_spec()), c(tiny_spec()), d(tiny_spec());
      const std::vector<float> wa = train_tiny(train, 5, 1, 2, a, shift);
      const std::vector<float> wb = train_tiny(train, 5, 2, 2, b, shift);
      const std::vector<float> wd = train_tiny(train, 5, 3, 2, d, shift);
      const std::vector<float> wc = train_tiny(train, 6, 2, 2, c, shift);
      CHECK(wa == wb);  // bit for bit
      CHECK(wa == wd);
      CHECK(wa != wc);
    }
  }

  TEST_CASE("few-shot training gives the same weights on 1 and 2 threads, for a seed") {
    const ImageSet set = bars(200, 4, 4);
    const auto by = images_by_label(set);
    const auto train = [&](int threads, std::uint64_t seed) {
      NetworkSpec spec = tiny_spec();
      spec.architecture = "4C3-P2-8";
      Network<float> net(spec);
      Rng init(seed), pick(seed, 2);
      net.init(init);
      Trainer<float> trainer(net, threads);
      trainer.set_max_shift(1);
      trainer.set_distance_scale(0.05);
      Adam<float> adam(net.params(), AdamOptions{});
      for (int i = 0; i < 4; ++i) trainer.train_episode(set, sample_episode(by, {0, 1, 2}, 3, 2, 3, pick), seed + static_cast<std::uint64_t>(i), adam);
      std::vector<float> w;
      for (Param<float>* p : net.params()) w.insert(w.end(), p->value.data(), p->value.data() + p->value.size());
      return w;
    };
    const std::vector<float> one = train(1, 3);
    CHECK(one == train(2, 3));
    CHECK(one != train(2, 4));
  }

  TEST_CASE("few-shot episodes: distinct images, ways x shots support, prototypes that separate the bars") {
    const ImageSet set = bars(400, 4, 4);
    const auto by = images_by_label(set);
    Rng rng(8);
    const Episode e = sample_episode(by, {0, 1, 2, 3}, 3, 2, 4, rng);
    CHECK(e.classes.size() == 3);
    CHECK(std::set<int>(e.classes.begin(), e.classes.end()).size() == 3);
    CHECK(e.support.size() == 6);
    CHECK(e.query.size() == 12);
    std::set<int> all(e.support.begin(), e.support.end());
    all.insert(e.query.begin(), e.query.end());
    CHECK(all.size() == 18);
    for (std::size_t i = 0; i < e.query.size(); ++i)
      CHECK(set.labels[static_cast<std::size_t>(e.query[i])] == e.classes[static_cast<std::size_t>(e.query_labels[i])]);
    CHECK_THROWS_AS(sample_episode(by, {0, 1}, 2, 60, 60, rng), std::invalid_argument);

    // Meta-train on the bar orientations 0-2 only; test 2-way episodes that include class 3.
    NetworkSpec spec = tiny_spec();
    spec.architecture = "4C3-P2-8";
    Network<float> net(spec);
    Rng init(9);
    net.init(init);
    Trainer<float> trainer(net, default_threads());
    AdamOptions ao;
    ao.learning_rate = 0.01;
    Adam<float> adam(net.params(), ao);
    double first = 0, last = 0;
    for (int i = 0; i < 60; ++i) {
      const Episode t = sample_episode(by, {0, 1, 2}, 3, 2, 4, rng);
      const double loss = trainer.train_episode(set, t, 100 + static_cast<std::uint64_t>(i), adam).loss;
      (i < 10 ? first : last) += i < 10 ? loss : (i >= 50 ? loss : 0.0);
    }
    CHECK(last < first);
    long correct = 0, total = 0;
    for (int i = 0; i < 20; ++i) {
      const Episode t = sample_episode(by, {2, 3}, 2, 1, 5, rng);
      const BatchStats s = trainer.test_episode(set, t, 500 + static_cast<std::uint64_t>(i));
      correct += s.correct;
      total += s.samples;
    }
    CHECK(static_cast<double>(correct) / static_cast<double>(total) >= 0.8);
  }
}

}  // namespace neurosim::gradient::test
