// Losses against hand-computed values and finite differences; Adam against a hand-computed step.
#include <doctest/doctest.h>

#include "gradient/gradient_check.hpp"
#include "neurosim/gradient/adam.hpp"
#include "neurosim/gradient/losses.hpp"

namespace neurosim::gradient::test {

TEST_SUITE("gradient losses") {
  TEST_CASE("cross-entropy on counts and on membranes: value and gradient") {
    Rng rng(21);
    MatD y = random_matrix(5, 4, rng, 0.0, 1.0), dy;
    int predicted = -1;
    // Counts: z = column sums; L = logsumexp(z) - z_label.
    const Eigen::RowVectorXd z = y.colwise().sum();
    const double expected = std::log(z.array().exp().sum()) - z(2);
    CHECK(cross_entropy(y, 2, Logits::Counts, dy, predicted) == doctest::Approx(expected).epsilon(1e-12));
    Eigen::Index best;
    z.maxCoeff(&best);
    CHECK(predicted == best);
    for (Logits source : {Logits::Counts, Logits::Membranes}) {
      cross_entropy(y, 1, source, dy, predicted);
      MatD scratch;
      const MatD numeric = numeric_gradient(y, [&] { return cross_entropy(y, 1, source, scratch, predicted); });
      CHECK(relative_error(dy, numeric) <= 1e-6);
    }
    CHECK_THROWS_AS(cross_entropy(y, 4, Logits::Counts, dy, predicted), std::invalid_argument);
  }

  TEST_CASE("count MSE: value and gradient") {
    Rng rng(22);
    MatD y = random_matrix(10, 3, rng, 0.0, 1.0), dy, scratch;
    int predicted = -1;
    const Eigen::RowVectorXd n = y.colwise().sum();
    // Targets 8 (label) and 2 (others) spikes in 10 steps.
    const double expected = ((n(0) - 2) * (n(0) - 2) + (n(1) - 8) * (n(1) - 8) + (n(2) - 2) * (n(2) - 2)) / 3;
    CHECK(count_mse(y, 1, 0.8, 0.2, dy, predicted) == doctest::Approx(expected).epsilon(1e-12));
    const MatD numeric = numeric_gradient(y, [&] { return count_mse(y, 1, 0.8, 0.2, scratch, predicted); });
    CHECK(relative_error(dy, numeric) <= 1e-6);
  }

  TEST_CASE("prototypical loss: a hand-computed episode") {
    // Two classes in 1-D: support {0, 2} of class 0 (prototype 1) and {5} of class 1
    // (prototype 5); one query at 2 of class 0: distances 1 and 9, logits -1 and -9,
    // L = log(1 + e^-8).
    MatD support(3, 1), query(1, 1);
    support << 0, 2, 5;
    query << 2;
    const ProtoResult<double> r = prototypical_loss<double>(support, {0, 0, 1}, query, {0}, 2);
    CHECK(r.prototypes(0, 0) == doctest::Approx(1.0));
    CHECK(r.prototypes(1, 0) == doctest::Approx(5.0));
    CHECK(r.loss == doctest::Approx(std::log1p(std::exp(-8.0))).epsilon(1e-12));
    CHECK(r.correct == 1);
    CHECK(r.predicted == std::vector<int>{0});
    CHECK_THROWS_AS(prototypical_loss<double>(support, {0, 0, 0}, query, {0}, 2), std::invalid_argument);  // class 1 empty
    // A distance scale of 0.25: logits -0.25 and -2.25, L = log(1 + e^-2); the answer is the same.
    const ProtoResult<double> scaled = prototypical_loss<double>(support, {0, 0, 1}, query, {0}, 2, 0.25);
    CHECK(scaled.loss == doctest::Approx(std::log1p(std::exp(-2.0))).epsilon(1e-12));
    CHECK(scaled.predicted == std::vector<int>{0});
    CHECK_THROWS_AS(prototypical_loss<double>(support, {0, 0, 1}, query, {0}, 2, 0.0), std::invalid_argument);
  }

  TEST_CASE("prototypical loss gradient matches finite differences") {
    Rng rng(23);
    const int ways = 3, shots = 2, queries = 3, dim = 5;
    MatD support = random_matrix(ways * shots, dim, rng, 0.0, 2.0);
    MatD query = random_matrix(ways * queries, dim, rng, 0.0, 2.0);
    std::vector<int> sl, ql;
    for (int k = 0; k < ways; ++k) {
      for (int s = 0; s < shots; ++s) sl.push_back(k);
      for (int q = 0; q < queries; ++q) ql.push_back(k);
    }
    for (double scale : {1.0, 0.3}) {
      INFO("distance scale ", scale);
      const ProtoResult<double> r = prototypical_loss<double>(support, sl, query, ql, ways, scale);
      const auto loss = [&] { return prototypical_loss<double>(support, sl, query, ql, ways, scale).loss; };
      CHECK(relative_error(r.d_support, numeric_gradient(support, loss)) <= 1e-6);
      CHECK(relative_error(r.d_query, numeric_gradient(query, loss)) <= 1e-6);
    }
  }

  TEST_CASE("Adam: two hand-computed steps, clipping and weight decay") {
    AdamOptions o;
    o.learning_rate = 0.1;
    Param<double> w{"weight", MatD::Constant(1, 1, 1.0), MatD::Constant(1, 1, 0.5), true};
    Param<double> fixed{"threshold", MatD::Constant(1, 1, 1.0), MatD::Constant(1, 1, 3.0), false};
    Adam<double> adam({&w, &fixed}, o);
    // Step 1: m = 0.05, v = 0.00025; m^ = 0.5, v^ = 0.25; w -= 0.1 * 0.5 / (0.5 + 1e-8).
    adam.step();
    CHECK(w.value(0, 0) == doctest::Approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8)).epsilon(1e-12));
    CHECK(fixed.value(0, 0) == 1.0);
    // Step 2 with g = -1: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975;
    // m^ = -0.055 / 0.19, v^ = 0.00124975 / (1 - 0.999^2).
    const double w1 = w.value(0, 0);
    w.grad(0, 0) = -1.0;
    adam.step();
    const double mhat = -0.055 / 0.19, vhat = 0.00124975 / (1 - 0.999 * 0.999);
    CHECK(w.value(0, 0) == doctest::Approx(w1 - 0.1 * mhat / (std::sqrt(vhat) + 1e-8)).epsilon(1e-12));

    // Clipping to norm 1 of g = (3, 4) gives g = (0.6, 0.8); the first step moves each weight by
    // lr regardless of scale, so check the returned norm and the moments through a second step.
    AdamOptions c;
    c.learning_rate = 0.01;
    c.clip_norm = 1.0;
    c.weight_decay = 0.5;
    Param<double> v{"weight", MatD::Constant(1, 2, 2.0), MatD(1, 2), true};
    v.grad << 3, 4;
    Adam<double> clipped({&v}, c);
    CHECK(clipped.step() == doctest::Approx(5.0));
    // Step 1: g = (0.6 + 1, 0.8 + 1) with the decay 0.5 * 2 added after clipping.
    CHECK(v.value(0, 0) == doctest::Approx(2.0 - 0.01 * 1.6 / (1.6 + 1e-8)).epsilon(1e-12));
    v.grad << 0, 0;
    const double v0 = v.value(0, 0);
    clipped.step();
    // Step 2: g = 0.5 * v0 only; m = 0.9 * 0.16 + 0.1 g, v = 0.999 * 0.00256 + 0.001 g^2.
    const double g = 0.5 * v0, m2 = 0.9 * 0.16 + 0.1 * g, s2 = 0.999 * 0.00256 + 0.001 * g * g;
    CHECK(v.value(0, 0) == doctest::Approx(v0 - 0.01 * (m2 / 0.19) / (std::sqrt(s2 / (1 - 0.999 * 0.999)) + 1e-8)).epsilon(1e-12));
  }
}

}  // namespace neurosim::gradient::test
