// Populations and stimuli fed by loaded data (file_source.hpp, time_series.hpp). References:
// the series' own spike list (spikes must come out exactly as given), the plain constant
// stimulus (a constant current series must act bit for bit like it), Poisson counting
// statistics for rates, and the latency formula for latency-coded images.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "engine/spec_helpers.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;

namespace {

std::shared_ptr<const TimeSeries> dense(int columns, std::vector<float> values, double dt_ms = 0.0, std::vector<double> t_ms = {}) {
  auto s = std::make_shared<TimeSeries>();
  s->source = "test";
  s->columns = columns;
  s->values = std::move(values);
  s->dt_ms = dt_ms;
  s->t_ms = std::move(t_ms);
  return s;
}

PopulationSpec file_population(const std::string& name, std::shared_ptr<const TimeSeries> series, InputKind kind, bool loop = false) {
  PopulationSpec p = test::population(name, "file", series->columns);
  InputSpec in;
  in.path = "test.csv";
  in.as = kind;
  in.loop = loop;
  in.series = std::move(series);
  p.input = in;
  return p;
}

std::vector<std::pair<std::int64_t, int>> recorded(const Network& net, int population) {
  std::vector<std::pair<std::int64_t, int>> out;
  for (const SpikeEvent& e : net.spikes().all())
    if (e.population == population) out.emplace_back(e.step, e.neuron);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("engine: file inputs") {
  TEST_CASE("a file population fires exactly the file's spikes, counts included") {
    // 4 neurons, 6 rows at the scenario's dt; a count of 2 fires twice in that step.
    auto series = dense(4, {1, 0, 0, 1,  //
                            0, 0, 0, 0,  //
                            0, 2, 0, 0,  //
                            1, 1, 1, 1,  //
                            0, 0, 0, 0,  //
                            0, 0, 1, 0});
    auto spec = test::scenario(0.1, {file_population("input", series, InputKind::Spikes)});
    auto net = test::build(spec);
    net->run(6);
    auto expected = series->spike_steps(0.1);
    std::sort(expected.begin(), expected.end());
    CHECK(expected.size() == 9);
    CHECK(recorded(*net, 0) == expected);
  }

  TEST_CASE("row times: off the grid, coarser than dt, and the step that holds them") {
    // Rows at 0.35 ms and 1.0 ms with dt 0.1: steps 3 and 10 (floor(t/dt), 1.0/0.1 = 9.999...).
    auto series = dense(2, {1, 0, 0, 1}, 0.0, {0.35, 1.0});
    auto spec = test::scenario(0.1, {file_population("input", series, InputKind::Spikes)});
    auto net = test::build(spec);
    net->run(30);
    CHECK(recorded(*net, 0) == std::vector<std::pair<std::int64_t, int>>{{3, 0}, {10, 1}});
    // dt_ms of the data: rows every 0.5 ms land on steps 0, 5, 10.
    auto coarse = dense(1, {1, 1, 1}, 0.5);
    auto net2 = test::build(test::scenario(0.1, {file_population("input", coarse, InputKind::Spikes)}));
    net2->run(40);
    CHECK(recorded(*net2, 0) == std::vector<std::pair<std::int64_t, int>>{{0, 0}, {5, 0}, {10, 0}});
  }

  TEST_CASE("at the end the input stops, or loops") {
    auto series = dense(1, {1, 0, 0, 1, 0});  // 5 steps long
    SUBCASE("stop") {
      auto net = test::build(test::scenario(1.0, {file_population("input", series, InputKind::Spikes, false)}));
      net->run(13);
      CHECK(recorded(*net, 0) == std::vector<std::pair<std::int64_t, int>>{{0, 0}, {3, 0}});
    }
    SUBCASE("loop") {
      auto net = test::build(test::scenario(1.0, {file_population("input", series, InputKind::Spikes, true)}));
      net->run(13);
      CHECK(recorded(*net, 0) == std::vector<std::pair<std::int64_t, int>>{{0, 0}, {3, 0}, {5, 0}, {8, 0}, {10, 0}});
    }
  }

  TEST_CASE("an event list plays each event in its step") {
    auto s = std::make_shared<TimeSeries>();
    s->columns = 8;
    s->events = {{0.0, 2}, {3.0, 7}, {3.04, 1}, {12.5, 0}};
    auto spec = test::scenario(0.1, {file_population("input", s, InputKind::Spikes)});
    spec.populations[0].size = 8;
    auto net = test::build(spec);
    net->run(200);
    CHECK(recorded(*net, 0) == std::vector<std::pair<std::int64_t, int>>{{0, 2}, {30, 1}, {30, 7}, {125, 0}});
  }

  TEST_CASE("rates: Poisson counts at the file's rate, silence at 0 Hz and after the end") {
    // 2000 neurons, a row of 0 Hz at 0 ms and one of 40 Hz at 500 ms: the last row lasts one
    // interval (500 ms), then the input stops. 40,000 spikes expected, sd 200 (0.5 %): 2 % is 4 sd.
    const int n = 2000;
    std::vector<float> values(static_cast<std::size_t>(n) * 2, 0.0f);
    std::fill(values.begin() + n, values.end(), 40.0f);
    auto series = dense(n, values, 0.0, {0.0, 500.0});
    auto spec = test::scenario(0.1, {file_population("input", series, InputKind::Rates)});
    auto net = test::build(spec);
    net->run(5000);
    CHECK(net->total_spikes(0) == 0);
    net->run(5000);
    const auto during = net->total_spikes(0);
    CHECK(static_cast<double>(during) == doctest::Approx(40000.0).epsilon(0.02));
    net->run(5000);
    CHECK(net->total_spikes(0) == during);
    // rate_scale halves it (20,000, sd 141: 3 % is 4 sd).
    auto half = test::build(spec);
    REQUIRE(half->submit(SetParam{0, "rate_scale", 0.5}).empty());
    half->run(10000);
    CHECK(static_cast<double>(half->total_spikes(0)) == doctest::Approx(20000.0).epsilon(0.03));
  }

  TEST_CASE("a constant current series acts exactly like a constant stimulus") {
    const double amplitude = 400.0;
    auto base = test::scenario(0.1, {test::population("n", "lif", 3)});
    base.monitors.traces.push_back({"n", {0, 1, 2}});
    auto with_stimulus = base;
    with_stimulus.stimuli.push_back(test::current("n", amplitude, 5.0));
    auto with_series = base;
    StimulusSpec s = test::current("n", 0.0, 5.0);
    InputSpec in;
    in.as = InputKind::Currents;
    in.loop = true;
    in.series = dense(3, {static_cast<float>(amplitude), static_cast<float>(amplitude), static_cast<float>(amplitude)});
    s.input = in;
    with_series.stimuli.push_back(s);
    auto a = test::build(with_stimulus);
    auto b = test::build(with_series);
    a->run(3000);
    b->run(3000);
    REQUIRE(a->total_spikes(0) > 0);
    CHECK(recorded(*a, 0) == recorded(*b, 0));
    const auto& pa = a->traces().probes();
    const auto& pb = b->traces().probes();
    REQUIRE(pa.size() == pb.size());
    for (std::size_t i = 0; i < pa.size(); ++i) CHECK(pa[i].samples == pb[i].samples);
  }

  TEST_CASE("SetInput swaps the data while running; a misfit is refused with the reason") {
    auto spec = test::scenario(1.0, {file_population("input", dense(2, {1, 0}), InputKind::Spikes)});
    auto net = test::build(spec);
    net->run(4);
    InputSpec next;
    next.series = dense(2, {0, 1, 0, 1});
    next.loop = false;
    CHECK(net->submit(SetInput{0, -1, next}) == "");
    net->run(10);
    // The new series starts at step 4, the step after the command.
    CHECK(recorded(*net, 0) == std::vector<std::pair<std::int64_t, int>>{{0, 0}, {4, 1}, {5, 1}});
    InputSpec wide;
    wide.series = dense(3, {1, 1, 1});
    CHECK(net->submit(SetInput{0, -1, wide}) == "size: 2 neurons, but test has 3 columns");
    InputSpec negative;
    negative.as = InputKind::Rates;
    negative.series = dense(2, {5, -1});
    CHECK(net->submit(SetInput{0, -1, negative}) == "input: test: row 1, column 2: a rate must be >= 0 Hz (got -1)");
  }

  TEST_CASE("SetInput on a stimulus: the new currents start at the next step") {
    // A zero series swapped for a constant 400 pA at step 100 acts exactly as a 400 pA
    // stimulus starting at 10 ms (step 100).
    auto base = test::scenario(0.1, {test::population("n", "lif", 2)});
    base.monitors.traces.push_back({"n", {0}});
    auto swapped = base;
    StimulusSpec s = test::current("n", 0.0);
    InputSpec zero;
    zero.as = InputKind::Currents;
    zero.loop = true;
    zero.series = dense(2, {0, 0});
    s.input = zero;
    swapped.stimuli.push_back(s);
    auto reference = base;
    reference.stimuli.push_back(test::current("n", 400.0, 10.0));
    auto a = test::build(swapped);
    auto b = test::build(reference);
    a->run(100);
    InputSpec on = zero;
    on.series = dense(2, {400, 400});
    CHECK(a->submit(SetInput{-1, 0, on}) == "");
    a->run(1900);
    b->run(2000);
    REQUIRE(b->total_spikes(0) > 0);
    CHECK(recorded(*a, 0) == recorded(*b, 0));
    CHECK(a->traces().probes()[0].samples == b->traces().probes()[0].samples);
    InputSpec wide = zero;
    wide.series = dense(3, {1, 1, 1});
    CHECK(a->submit(SetInput{-1, 0, wide}) == "input: test has 3 columns for 2 target neurons");
  }

  TEST_CASE("scenario checks: missing data, widths, kinds") {
    auto spec = test::scenario(0.1, {test::population("input", "file", 3), test::population("n", "lif", 2)});
    auto errors = check_scenario(spec);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text() == "populations[0].input: required for model file: {\"path\": \"data.csv\", \"as\": \"spikes\"}");
    spec.populations[0] = file_population("input", dense(2, {1, 0}), InputKind::Currents);
    spec.populations[0].size = 3;
    errors = check_scenario(spec);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].path == "populations[0].input.as");
    CHECK(errors[1].text() == "populations[0].size: 3 neurons, but test has 2 columns");
    spec.populations[0].input->series.reset();
    spec.populations[0].input->as = InputKind::Spikes;
    errors = check_scenario(spec);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text() ==
          "populations[0].input: \"test.csv\" is not loaded (the engine reads no files: load the scenario with io::load_scenario)");
  }

  TEST_CASE("images: latency coding fires each lit pixel once at (1 - x) latency") {
    auto images = std::make_shared<ImageSet>();
    images->count = 2;
    images->rows = 1;
    images->cols = 4;
    images->pixels = {255, 128, 0, 51, 0, 0, 255, 0};
    PopulationSpec p = test::population("input", "images", 4,
                                        {{"coding", Distribution::constant(1)}, {"latency_ms", Distribution::constant(50)},
                                         {"present_ms", Distribution::constant(100)}, {"rest_ms", Distribution::constant(20)}});
    InputSpec in;
    in.images = images;
    p.input = in;
    auto net = test::build(test::scenario(0.5, {p}));
    net->run(480);  // two windows of 120 ms each, twice
    // Latency steps at dt 0.5: x = 1 -> 0; x = 128/255 -> round(49.8 ms / 0.5) = 50;
    // x = 51/255 = 0.2 -> 80; black never. Windows of 240 steps: image 1 lights pixel 2 at once.
    CHECK(recorded(*net, 0) == std::vector<std::pair<std::int64_t, int>>{{0, 0}, {50, 1}, {80, 3}, {240, 2}});
  }

  TEST_CASE("images: rate coding fires in proportion to intensity, silent in the rest") {
    auto images = std::make_shared<ImageSet>();
    images->count = 1;
    images->rows = 1;
    images->cols = 2;
    images->pixels = {255, 51};  // 100 Hz and 20 Hz
    PopulationSpec p = test::population("input", "images", 2,
                                        {{"max_rate", Distribution::constant(100)}, {"present_ms", Distribution::constant(1000)},
                                         {"rest_ms", Distribution::constant(1000)}});
    InputSpec in;
    in.images = images;
    p.input = in;
    auto net = test::build(test::scenario(0.1, {p}));
    // 100 presentations of 1 s: 10,000 and 2,000 spikes expected (sd 100 and 45; the tolerances
    // are 4 sd plus the 0.5 % that one spike per step at most takes off at 100 Hz and dt 0.1).
    net->run(100 * 20000);
    std::uint64_t bright = 0, dim = 0, in_rest = 0;
    for (const SpikeEvent& e : net->spikes().all()) {
      if (e.step % 20000 >= 10000) ++in_rest;
      (e.neuron == 0 ? bright : dim) += 1;
    }
    CHECK(in_rest == 0);
    CHECK(static_cast<double>(bright) == doctest::Approx(10000.0).epsilon(0.045));
    CHECK(static_cast<double>(dim) == doctest::Approx(2000.0).epsilon(0.09));
  }

  TEST_CASE("images without data show the built-in synthetic digits") {
    const ImageSet digits = synthetic_digits();
    CHECK(digits.check() == "");
    CHECK(digits.count == 10);
    for (int d = 0; d < 10; ++d) {
      INFO(d);
      const std::uint8_t* img = digits.image(d);
      const int lit = static_cast<int>(std::count_if(img, img + 784, [](std::uint8_t v) { return v > 128; }));
      CHECK(lit > 40);   // a stroke, not a dot
      CHECK(lit < 300);  // not a blob
      CHECK(digits.labels[static_cast<std::size_t>(d)] == d);
    }
    // 8 lights every segment: it covers every other digit's strokes.
    for (int d = 0; d < 10; ++d)
      for (int i = 0; i < 784; ++i)
        if (digits.image(d)[i] > 200) CHECK(digits.image(8)[i] > 200);
    auto net = test::build(test::scenario(1.0, {test::population("input", "images", 784)}));
    net->run(1000);
    CHECK(net->total_spikes(0) > 0);
  }
}
