// The diehl-cook preset on the shipped digits (assets/data), small enough for ctest: a few
// hundred training digits, a hundred test digits never seen, 100 neurons. Chance is 10 %; the
// full benchmark (tests/benchmarks/diehl_cook.py) trains 400 neurons on all 6,000.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>

#include "io/preset_helpers.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;

namespace {

TestResult train_and_test(int train, int test) {
  ScenarioSpec spec = test::load_preset("diehl-cook");
  REQUIRE(spec.populations[0].input);
  REQUIRE(spec.populations[0].input->images);
  spec.populations[0].input->images = test::first_images(*spec.populations[0].input->images, train);
  spec.populations[1].size = 100;
  spec.populations[2].size = 100;
  auto built = build_network(spec);
  REQUIRE(built.network);
  Experiment x(*built.network);
  const io::ImagesResult digits_test = io::load_shipped_digits(true);
  REQUIRE(digits_test.error.empty());
  x.set_test_images(test::first_images(*digits_test.images, test));
  while (!x.done()) x.step();
  return x.test_result();
}

}  // namespace

TEST_SUITE("digits learning") {
  TEST_CASE("diehl-cook learns the shipped digits well above chance in seconds, deterministically") {
    const auto start = std::chrono::steady_clock::now();
    const TestResult a = train_and_test(500, 100);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(a.done);
    INFO("test accuracy " << a.accuracy << " (" << a.correct << "/" << a.images << "), " << seconds << " s");
    CHECK(a.images == 100);
    // 500 digits seen once by 100 neurons: measured 0.56 (chance 0.1, an untrained layer about that); the bound leaves room for
    // a changed seed or rounding, not for a layer that learns nothing.
    CHECK(a.accuracy > 0.4);
    // The same seed gives the same answers, image for image.
    const TestResult b = train_and_test(500, 100);
    REQUIRE(b.predictions.size() == a.predictions.size());
    for (std::size_t i = 0; i < a.predictions.size(); ++i) CHECK(b.predictions[i].predicted == a.predictions[i].predicted);
  }
}
