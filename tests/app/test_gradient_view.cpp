// The gradient layout's view-model (gui/views/gradient_view.hpp): binned rasters, feature maps,
// kernels, PCA, the surrogate curves and the confusion matrix, against values worked out by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "gui/views/gradient_view.hpp"
#include "neurosim/gradient/live_training.hpp"

namespace neurosim::gui {

TEST_SUITE("gradient view") {
  TEST_CASE("bin_raster: each cell is the share of its bin's neurons that fired in that step") {
    // T = 2 steps, n = 5 neurons, 2 bins: neurons {0, 1} and {2, 3, 4}.
    const std::vector<float> s{1, 0, 1, 1, 0,   // t = 0
                               1, 1, 0, 0, 0};  // t = 1
    const Grid g = bin_raster(s.data(), 2, 5, 2);
    REQUIRE(g.rows == 2);
    REQUIRE(g.cols == 2);
    CHECK(g.at(0, 0) == doctest::Approx(0.5));
    CHECK(g.at(0, 1) == doctest::Approx(1.0));
    CHECK(g.at(1, 0) == doctest::Approx(2.0 / 3.0));
    CHECK(g.at(1, 1) == doctest::Approx(0.0));
    CHECK(g.hi == doctest::Approx(1.0));
    // More bins than neurons: one neuron per row.
    CHECK(bin_raster(s.data(), 2, 5, 64).rows == 5);
  }

  TEST_CASE("channel_maps: spike counts over the steps, one tile per channel") {
    // T = 2, c = 2 channels of 1 x 2.
    const std::vector<float> s{1, 0, 0, 1,  //
                               1, 1, 0, 1};
    const Tiles m = channel_maps(s.data(), 2, 2, 1, 2);
    REQUIRE(m.count == 2);
    CHECK(m.tile(0)[0] == 2.0f);
    CHECK(m.tile(0)[1] == 1.0f);
    CHECK(m.tile(1)[0] == 0.0f);
    CHECK(m.tile(1)[1] == 2.0f);
    CHECK(m.hi == 2.0f);
  }

  TEST_CASE("kernel_tiles: the mean over input channels, on a range symmetric about 0") {
    // 1 kernel, 2 input channels, 1 x 1.
    const Tiles t = kernel_tiles({0.5f, -1.5f}, 1, 2, 1);
    CHECK(t.tile(0)[0] == doctest::Approx(-0.5));
    CHECK(t.lo == doctest::Approx(-0.5));
    CHECK(t.hi == doctest::Approx(0.5));
    CHECK(t.signed_values);
  }

  TEST_CASE("moving_average over the last values") {
    const std::vector<float> v = moving_average({2, 4, 6, 8}, 2);
    CHECK(v == std::vector<float>{2, 3, 5, 7});
  }

  TEST_CASE("pca_2d: points in a plane keep their distances; points on a line lie on the first axis") {
    // Four points in the plane spanned by (1, 1, 0, 0)/sqrt2 and (0, 0, 1, 0), shifted by (3, 3, 3, 3).
    const double r = 1.0 / std::sqrt(2.0);
    const double a[4][2] = {{0, 0}, {2, 0}, {0, 1}, {-1, -3}};
    std::vector<float> rows;
    for (const auto& p : a)
      for (double x : {3 + p[0] * r, 3 + p[0] * r, 3 + p[1], 3.0}) rows.push_back(static_cast<float>(x));
    double explained = 0;
    const std::vector<float> xy = pca_2d(rows, 4, 4, &explained);
    CHECK(explained == doctest::Approx(1.0).epsilon(1e-6));
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        INFO(i, " ", j);
        const double d_in = std::hypot(a[i][0] - a[j][0], a[i][1] - a[j][1]);
        const double d_out = std::hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]);
        CHECK(d_out == doctest::Approx(d_in).epsilon(1e-5));
      }
    // Collinear: (0,0), (1,2), (2,4) -> coordinates -sqrt5, 0, sqrt5 on PC 1 (sign: farthest positive), 0 on PC 2.
    const std::vector<float> line{0, 0, 1, 2, 2, 4};
    const std::vector<float> l = pca_2d(line, 3, 2, &explained);
    CHECK(std::abs(l[0]) == doctest::Approx(std::sqrt(5.0)).epsilon(1e-6));
    CHECK(l[2] == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(l[0] == doctest::Approx(-l[4]).epsilon(1e-6));
    for (int i = 0; i < 3; ++i) CHECK(std::abs(l[2 * i + 1]) < 1e-5);
  }

  TEST_CASE("surrogate_curve: g is the surrogate's derivative; the smooth spike is its normalised integral") {
    SUBCASE("fast sigmoid, k = 25: g(0) = 1, g(0.04) = 1/4") {
      const SurrogateCurves c = surrogate_curve(0, 25.0, 1.0, 201);  // v step 0.01
      CHECK(c.g.y[100] == doctest::Approx(1.0));
      CHECK(c.g.y[104] == doctest::Approx(0.25));
      CHECK(c.g_max == doctest::Approx(1.0));
    }
    SUBCASE("arctan, k = 2: g(0) = k/2 = 1") { CHECK(surrogate_curve(1, 2.0, 1.0, 201).g.y[100] == doctest::Approx(1.0)); }
    SUBCASE("triangle, k = 2: 0 from |v| = 0.5") {
      const SurrogateCurves c = surrogate_curve(2, 2.0, 1.0, 201);
      CHECK(c.g.y[150] == doctest::Approx(0.0));
      CHECK(c.g.y[125] == doctest::Approx(0.5));
      // The integral of the triangle up to 0 is half of it: the smooth spike is 1/2 at v = 0.
      CHECK(c.spike.y[100] == doctest::Approx(0.5).epsilon(1e-6));
    }
    // The spike's slope (central differences) is g divided by g's whole integral.
    const SurrogateCurves c = surrogate_curve(1, 2.0, 1.0, 2001);
    double total = 0;
    for (std::size_t i = 1; i < c.g.y.size(); ++i) total += 0.5 * (c.g.y[i - 1] + c.g.y[i]) * 0.001;
    for (std::size_t i : {300u, 1000u, 1700u}) {
      const double slope = (c.spike.y[i + 1] - c.spike.y[i - 1]) / 0.002;
      CHECK(slope * total == doctest::Approx(c.g.y[i]).epsilon(1e-3));
    }
    CHECK(c.spike.y.front() == 0.0f);
    CHECK(c.spike.y.back() == doctest::Approx(1.0));
  }

  TEST_CASE("row_normalised: shares of each row; empty rows stay 0") {
    const Grid g = row_normalised({3, 1, 0, 0}, 2);
    CHECK(g.at(0, 0) == doctest::Approx(0.75));
    CHECK(g.at(0, 1) == doctest::Approx(0.25));
    CHECK(g.at(1, 0) == 0.0f);
    CHECK(g.at(1, 1) == 0.0f);
  }

  TEST_CASE("make_gradient_view: histories, the current sample's layers and the few-shot map from a snapshot") {
    gradient::LiveSnapshot s;
    s.fewshot = true;
    s.step = 3;
    s.loss = {3, 2, 1};
    s.accuracy = {0, 0.5f, 1};
    s.test_step = {2};
    s.test_accuracy = {0.75f};
    s.steps = 2;
    s.input = {1, 1, 2};
    s.image = {0, 1};
    s.encoded = {"input", {1, 1, 2}, false, {0, 1, 0, 1}};
    s.layers.push_back({"LIF 1", {2, 1, 1}, true, {1, 0, 1, 1}});
    s.outputs = 2;
    s.output_membrane = {0.5f, 0.2f, 1.2f, 0.1f};
    s.applied.threshold = 1.0;
    s.episode_classes = {5, 6};
    s.support_images = {{0, 1}, {1, 0}};
    s.query_images = {{0, 1}, {1, 0}, {1, 1}};
    s.support_labels = {0, 1};
    s.query_labels = {0, 1, 1};
    s.query_predicted = {0, 1, 0};
    s.embedding_size = 2;
    s.query_embeddings = {0, 0, 2, 0, 0, 1};
    s.prototypes = {0, 0, 2, 0};
    const GradientView v = make_gradient_view(s, 48, 2);
    CHECK(v.loss_smooth.y == std::vector<float>{3, 2.5f, 1.5f});
    CHECK(v.test_accuracy.x == std::vector<float>{2});
    REQUIRE(v.layers.size() == 1);
    CHECK(v.layers[0].spikes == 3.0);
    CHECK(v.output_counts == std::vector<float>{2, 1});
    REQUIRE(v.output_membranes.size() == 2);
    CHECK(v.output_membranes[0].y == std::vector<float>{0.5f, 1.2f});
    CHECK(v.membrane_hi == doctest::Approx(1.2));
    CHECK(v.support.count == 2);
    CHECK(v.query.count == 3);
    REQUIRE(v.pca.size() == 5);
    CHECK_FALSE(v.pca[2].correct);  // query 2 is a 1 answered 0
    CHECK(v.pca[0].correct);
    CHECK(v.pca[3].prototype);
    CHECK(v.pca[4].way == 1);
  }
}

}  // namespace neurosim::gui
