// StepPacer (step_pacer.hpp): the pace shared by the window's engine thread and the Compare
// window's pair. Wall times are given, not measured, so each figure is exact.
#include <doctest/doctest.h>

#include <chrono>
#include <limits>

#include "neurosim/step_pacer.hpp"

namespace neurosim {

TEST_SUITE("step pacer") {
  using namespace std::chrono_literals;
  constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

  TEST_CASE("at real time the steps due follow the wall clock from the anchor, within the limit") {
    StepPacer pacer(0.1);
    pacer.set_paused(false, 0);  // anchored now
    const auto t0 = StepPacer::Clock::now();
    // 5 ms of wall time at dt = 0.1 ms: about 50 steps (the anchor was taken a moment before t0).
    const std::int64_t due = pacer.due(t0 + 5ms, 0, kNoLimit);
    CHECK(due >= 50);
    CHECK(due <= 52);
    CHECK(pacer.due(t0 + 5ms, 0, 20) == 20);   // never past the limit
    CHECK(pacer.due(t0 + 5ms, 60, kNoLimit) == 0);  // ahead of the clock: nothing due
    pacer.set_speed(10.0, 0);
    const auto t1 = StepPacer::Clock::now();
    CHECK(pacer.due(t1 + 2ms, 0, kNoLimit) >= 200);  // ten times real time
  }

  TEST_CASE("far behind, the pace starts counting again instead of racing") {
    StepPacer pacer(0.1);
    pacer.set_paused(false, 0);
    const auto t0 = StepPacer::Clock::now();
    CHECK(pacer.due(t0 + 500ms, 0, kNoLimit) == 1);  // 5000 steps behind > 100 ms of lag
    CHECK(pacer.due(t0 + 500ms, 1, kNoLimit) <= 2);  // counted again from there
  }

  TEST_CASE("paused or in lockstep only the steps asked for are due, and chunks count them off") {
    StepPacer pacer(0.1);
    CHECK(pacer.paused());
    CHECK(pacer.due(StepPacer::Clock::now() + 1s, 0, kNoLimit) == 0);
    pacer.request(7);
    CHECK(pacer.due(StepPacer::Clock::now(), 0, kNoLimit) == 7);
    pacer.chunk_took(1, 10ms);  // slow steps: one per chunk
    CHECK(pacer.take_chunk(7) == 1);
    CHECK(pacer.requested() == 6);
    pacer.chunk_took(1000, 1ms);  // fast steps: 2 ms of them per chunk
    CHECK(pacer.take_chunk(6) == 6);
    CHECK(pacer.requested() == 0);
    pacer.set_lockstep(true, 0);
    pacer.set_paused(false, 0);
    CHECK(pacer.on_request());
    pacer.request(3);
    pacer.set_lockstep(true, 0);  // a new lockstep drops what was asked
    CHECK(pacer.requested() == 0);
  }

  TEST_CASE("at a set pace the worker sleeps at least the minimum between chunks") {
    StepPacer pacer(0.1);
    pacer.set_speed(1.0, 0);
    CHECK(pacer.idle_sleep().count() == doctest::Approx(StepPacer::kMinSleepWallMs));
    pacer.set_speed(0.01, 0);  // a step every 10 ms of wall time: at most 5 ms asleep
    CHECK(pacer.idle_sleep().count() == doctest::Approx(5.0));
  }
}

}  // namespace neurosim
