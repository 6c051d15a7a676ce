// The classification views' data side, headless: receptive-field tiles put every weight at its
// neuron's tile and its pixel (and nowhere else), and the vote per label follows Diehl & Cook
// 2015's rule (mean count of a label's assigned neurons; no spike or a tie is no answer).
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "gui/views/classification_data.hpp"
#include "gui/views/receptive_fields.hpp"

using namespace neurosim::gui;

TEST_SUITE("classification views") {
  TEST_CASE("receptive fields: each weight lands on its neuron's tile at its pixel") {
    // 3 x 2 images (6 inputs) onto 5 neurons, all to all, weight = 10 * post + pre + 1.
    const int rows = 3, cols = 2, pre = rows * cols, post = 5;
    std::vector<std::int64_t> row_ptr;
    std::vector<std::int32_t> col;
    std::vector<float> w;
    for (int i = 0; i < pre; ++i) {
      row_ptr.push_back(static_cast<std::int64_t>(col.size()));
      for (int j = 0; j < post; ++j) {
        col.push_back(j);
        w.push_back(static_cast<float>(10 * j + i + 1));
      }
    }
    row_ptr.push_back(static_cast<std::int64_t>(col.size()));
    ReceptiveFieldGrid g;
    g.refresh(row_ptr.data(), col.data(), w.data(), pre, post, rows, cols, 100);
    REQUIRE(g.fields == 5);
    CHECK(g.grid_cols * g.grid_rows >= 5);
    CHECK(g.grid_cols * (g.grid_rows - 1) < 5);  // no empty last row
    CHECK(g.map.rows == g.grid_rows * (rows + 1) - 1);
    CHECK(g.map.cols == g.grid_cols * (cols + 1) - 1);
    int seen = 0;
    for (int r = 0; r < g.map.rows; ++r)
      for (int c = 0; c < g.map.cols; ++c) {
        const float v = g.map.values[static_cast<std::size_t>(r * g.map.cols + c)];
        const int n = g.neuron_at(r, c);
        INFO("cell " << r << "," << c);
        if (n < 0) {
          CHECK(v == 0.0f);
          continue;
        }
        int r0 = 0, c0 = 0;
        g.tile_origin(n, r0, c0);
        const int pixel = (r - r0) * cols + (c - c0);
        CHECK(v == doctest::Approx(10 * n + pixel + 1));
        ++seen;
      }
    CHECK(seen == pre * post);
    CHECK(g.map.lo == 0.0f);
    CHECK(g.map.hi == doctest::Approx(10 * 4 + 6));
  }

  TEST_CASE("receptive fields: at most max_fields tiles; a projection that is not an image is refused") {
    std::vector<std::int64_t> row_ptr{0, 2, 4, 6, 8};
    std::vector<std::int32_t> col{0, 1, 0, 1, 0, 1, 0, 1};
    std::vector<float> w(8, 1.0f);
    ReceptiveFieldGrid g;
    g.refresh(row_ptr.data(), col.data(), w.data(), 4, 2, 2, 2, 1);
    CHECK(g.fields == 1);
    CHECK(g.map.rows == 2);
    CHECK(g.map.cols == 2);
    g.refresh(row_ptr.data(), col.data(), w.data(), 4, 2, 3, 3, 10);  // 4 inputs are not 3 x 3
    CHECK(g.fields == 0);
    CHECK(g.map.values.empty());
  }

  TEST_CASE("vote: the label whose assigned neurons fired most on average") {
    std::vector<double> votes;
    // Neurons 0,1 -> label 3; 2 -> label 7; 3 unassigned (its spikes do not count).
    const std::vector<int> assign{3, 3, 7, -1};
    CHECK(vote({4, 0, 3, 50}, assign, 10, votes) == 7);  // label 3: mean 2, label 7: 3
    CHECK(votes[3] == doctest::Approx(2.0));
    CHECK(votes[7] == doctest::Approx(3.0));
    CHECK(vote({4, 2, 3, 0}, assign, 10, votes) == -1);  // 3 against 3: a tie is no answer
    CHECK(vote({0, 0, 0, 9}, assign, 10, votes) == -1);  // only an unassigned neuron fired
    CHECK(vote({5, 5, 0, 0}, assign, 10, votes) == 3);
  }
}
