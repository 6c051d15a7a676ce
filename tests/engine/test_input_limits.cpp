// Limits on loaded input data (time_series.hpp, file_source.hpp) that a fuzzing pass showed
// were missing: a rate file past 1/dt hung the hazard loop, a huge spike count overflowed an
// int, a huge time overflowed the step computation and collapsed the loop period to one step.
// Each check names the limit it enforces; the references are the limits themselves.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "engine/spec_helpers.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;

namespace {

std::shared_ptr<TimeSeries> series(int columns, std::vector<float> values, std::vector<double> t_ms = {}) {
  auto s = std::make_shared<TimeSeries>();
  s->source = "limits.csv";
  s->columns = columns;
  s->values = std::move(values);
  s->t_ms = std::move(t_ms);
  return s;
}

ScenarioSpec with_file(std::shared_ptr<const TimeSeries> s, InputKind kind, bool loop = false) {
  PopulationSpec p = test::population("input", "file", s->columns);
  InputSpec in;
  in.path = "limits.csv";
  in.as = kind;
  in.loop = loop;
  in.series = std::move(s);
  p.input = in;
  return test::scenario(0.1, {p});
}

std::vector<std::string> errors_of(const ScenarioSpec& spec) {
  std::vector<std::string> out;
  for (const SpecError& e : check_scenario(spec)) out.push_back(e.text());
  return out;
}

}  // namespace

TEST_SUITE("engine: input limits") {
  TEST_CASE("a file rate above 1/dt is refused with the limit in the message") {
    const auto errors = errors_of(with_file(series(2, {5, 1e20f}), InputKind::Rates));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "populations[0].input: limits.csv: row 1, column 2: a rate must be <= 1/dt = 10000 Hz (got 100000002004087734272)");
    CHECK(errors_of(with_file(series(2, {5, 10000}), InputKind::Rates)).empty());  // exactly 1/dt is allowed
  }

  TEST_CASE("a rate scaled far past 1/dt fires every step and does not hang") {
    // rate_scale may be raised while running; the hazard then takes a dose far above 1 per
    // step. Without the clamp the refill loop ran about dose (here 1e3 x 1e4 x 0.1e-3 = 1e3)
    // times per neuron and step; with 1e20 Hz it never ended.
    auto spec = with_file(series(4, {10000, 10000, 10000, 10000}), InputKind::Rates, true);
    auto net = test::build(spec);
    REQUIRE(net->submit(SetParam{0, "rate_scale", 10.0}).empty());
    const auto start = std::chrono::steady_clock::now();
    net->run(1000);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(net->total_spikes(0) == 4 * 1000);  // at most one spike per step, and here every step
  }

  TEST_CASE("spike counts above the limit are refused; counts within it fire that often") {
    const auto errors = errors_of(with_file(series(1, {1e10f}), InputKind::Spikes));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "populations[0].input: limits.csv: row 1, column 1: a spike count must be at most 1000 per row (got 1e+10)");
    auto net = test::build(with_file(series(1, {1000}), InputKind::Spikes));
    net->run(1);
    CHECK(net->total_spikes(0) == 1000);
  }

  TEST_CASE("times past the limit are refused, everywhere a time can be given") {
    SUBCASE("row times") {
      const auto errors = errors_of(with_file(series(1, {1, 1}, {0.0, 1e300}), InputKind::Spikes));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0] == "populations[0].input: limits.csv: row 2: t_ms must be at most 1e+10 ms (got 1e+300)");
    }
    SUBCASE("an event") {
      auto s = std::make_shared<TimeSeries>();
      s->source = "events.json";
      s->columns = 1;
      s->events = {{0.0, 0}, {1e300, 0}};
      const auto errors = errors_of(with_file(s, InputKind::Spikes));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0] == "populations[0].input: events.json: spikes[1].t_ms: must be at most 1e+10 ms (got 1e+300)");
    }
    SUBCASE("duration and row spacing") {
      auto s = series(1, {1});
      s->duration_ms = 1e300;
      CHECK(errors_of(with_file(s, InputKind::Spikes)) ==
            std::vector<std::string>{"populations[0].input: limits.csv: duration_ms must be at most 1e+10 ms (got 1e+300)"});
      auto t = series(1, {1, 1, 1});
      t->dt_ms = 5e9;
      CHECK(errors_of(with_file(t, InputKind::Spikes)) ==
            std::vector<std::string>{"populations[0].input: limits.csv: 3 rows every 5e+09 ms last longer than the limit of 1e+10 ms"});
    }
  }

  TEST_CASE("a long looping series keeps its period: row 0 does not replay every step") {
    // The largest time allowed: the period is 1e11 steps, so in 50 steps only row 0 fires.
    auto net = test::build(with_file(series(1, {1, 1}, {0.0, kMaxSeriesTimeMs}), InputKind::Spikes, true));
    net->run(50);
    CHECK(net->total_spikes(0) == 1);
  }

  TEST_CASE("step_of stays defined for any time") {
    CHECK(step_of(1e300, 0.1) == static_cast<std::int64_t>(9.0e18));
    CHECK(step_of(-1e300, 0.1) == -static_cast<std::int64_t>(9.0e18));
    CHECK(step_of(2.5, 0.1) == 25);
  }
}
