// Training on its own thread (live_training.hpp): it learns while readers take snapshots, and
// pause, controls and reset act between steps.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "gradient/bars.hpp"
#include "neurosim/gradient/live_training.hpp"

namespace neurosim::gradient::test {
namespace {

LiveConfig tiny_live(bool fewshot) {
  LiveConfig c;
  c.network = tiny_spec();
  c.adam.learning_rate = 0.02;
  c.threads = 1;
  c.batch_size = 16;
  c.test_every = 5;
  c.test_images = 60;
  c.probe_interval_s = 0.0;
  if (fewshot) {
    c.network.architecture = "4C3-P2";
    c.fewshot = true;
    c.ways = c.train_ways = 2, c.shots = 2, c.queries = 3;
    c.train_classes = {0, 1}, c.test_classes = {2, 3};
    c.test_episodes = 3;
  }
  return c;
}

}  // namespace

TEST_SUITE("gradient live training") {
  TEST_CASE("the worker learns the bars; snapshots carry every layer, the kernels and the confusion matrix") {
    auto train = std::make_shared<const ImageSet>(bars(256, 1)), test = std::make_shared<const ImageSet>(bars(60, 2));
    LiveTraining live(tiny_live(false), train, test);
    REQUIRE(live.wait_for(60, 4, 120.0));
    live.pause(true);
    const auto s = live.snapshot();
    REQUIRE(s);
    CHECK(s->step >= 60);
    CHECK(s->loss.size() == static_cast<std::size_t>(s->step));
    CHECK(s->accuracy.size() == static_cast<std::size_t>(s->step));
    CHECK(s->test_step.size() == s->test_accuracy.size());
    CHECK(s->test_accuracy.back() >= 0.9f);  // the bars are learnt within a few epochs (test_training.cpp)
    long answered = 0, right = 0;
    for (int r = 0; r < s->classes; ++r)
      for (int c = 0; c < s->classes; ++c) {
        answered += s->confusion[static_cast<std::size_t>(r * s->classes + c)];
        if (r == c) right += s->confusion[static_cast<std::size_t>(r * s->classes + c)];
      }
    CHECK(answered <= 60);
    CHECK(s->tested == 60);
    CHECK(static_cast<float>(right) / 60.0f == doctest::Approx(s->test_accuracy.back()));
    // 4C3-P2-2: LIF after the pooling (4x3x3) and the 2 outputs; T rows each.
    REQUIRE(s->layers.size() == 2);
    CHECK(s->layers[0].shape == Shape{4, 3, 3});
    CHECK(s->layers[0].values.size() == static_cast<std::size_t>(10 * 36));
    CHECK(s->layers[1].values.size() == static_cast<std::size_t>(10 * 2));
    CHECK(s->encoded.values.size() == static_cast<std::size_t>(10 * 64));
    CHECK(s->output_membrane.size() == static_cast<std::size_t>(10 * 2));
    CHECK(s->kernel_count == 4);
    CHECK(s->kernels.size() == static_cast<std::size_t>(4 * 9));
    CHECK(s->image.size() == 64u);
  }

  TEST_CASE("pause holds the step count; controls are applied and reported; reset starts again") {
    auto train = std::make_shared<const ImageSet>(bars(128, 3)), test = std::make_shared<const ImageSet>(bars(40, 4));
    LiveTraining live(tiny_live(false), train, test, true);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(live.snapshot()->step == 0);
    CHECK(live.snapshot()->paused);
    LiveControls c = live.controls();
    c.learning_rate = 0.005;
    c.beta = 0.8;
    c.threshold = 0.7;
    c.surrogate = SurrogateKind::Arctan;
    c.slope = 3.0;
    live.set_controls(c);
    live.pause(false);
    REQUIRE(live.wait_for(5, 0, 60.0));
    live.pause(true);
    const auto s = live.snapshot();
    CHECK(s->applied.learning_rate == doctest::Approx(0.005));
    CHECK(s->applied.beta == doctest::Approx(0.8));
    CHECK(s->applied.threshold == doctest::Approx(0.7));
    CHECK(s->applied.surrogate == SurrogateKind::Arctan);
    CHECK(s->applied.slope == doctest::Approx(3.0));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const long held = live.snapshot()->step;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(live.snapshot()->step == held);
    live.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(live.snapshot()->step == 0);
    CHECK(live.snapshot()->loss.empty());
    CHECK(live.snapshot()->applied.beta == doctest::Approx(0.8));  // the controls outlive a reset
  }

  TEST_CASE("few-shot: episodes of unseen classes, with their embeddings and prototypes") {
    auto set = std::make_shared<const ImageSet>(bars(200, 5, 4));
    LiveTraining live(tiny_live(true), set, set);
    REQUIRE(live.wait_for(5, 1, 60.0));
    live.pause(true);
    const auto s = live.snapshot();
    CHECK(s->fewshot);
    REQUIRE(s->episode_classes.size() == 2);
    for (int c : s->episode_classes) CHECK((c == 2 || c == 3));
    CHECK(s->support_images.size() == 4);
    CHECK(s->query_images.size() == 6);
    CHECK(s->query_predicted.size() == 6);
    CHECK(s->embedding_size == 36);
    CHECK(s->query_embeddings.size() == static_cast<std::size_t>(6 * 36));
    CHECK(s->prototypes.size() == static_cast<std::size_t>(2 * 36));
  }

  TEST_CASE("a network that does not fit the images is refused by name") {
    auto set = std::make_shared<const ImageSet>(bars(40, 6));
    LiveConfig c = tiny_live(false);
    c.network.architecture = "4C9-2";
    CHECK_THROWS_WITH_AS(LiveTraining(c, set, set), doctest::Contains("network.architecture"), std::invalid_argument);
    c = tiny_live(false);
    c.network.architecture = "4C3-P2-1";  // labels 0 and 1, one output
    CHECK_THROWS_WITH_AS(LiveTraining(c, set, set), doctest::Contains("outside the network's 1 outputs"), std::invalid_argument);
  }
}

}  // namespace neurosim::gradient::test
