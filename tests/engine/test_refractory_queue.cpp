// The refractory flags (refractory_queue.hpp) against the kernels' test on the refractory ends,
// end - (step + 1) < ref_steps in unsigned arithmetic: the queue on its own, then the LIF
// stepped with the flags beside one stepped on the ends.
#include <cstring>
#include <limits>
#include <vector>

#include "doctest/doctest.h"
#include "engine/spec_helpers.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/refractory_queue.hpp"
#include "neurosim/rng.hpp"
#include "neurosim/state_visitor.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

bool refractory(std::uint32_t end, std::int64_t step, std::uint32_t ref_steps) {
  return end - (static_cast<std::uint32_t>(step) + 1u) < ref_steps;
}

// Steps a queue over [begin, end) from `first` for `steps` steps: each step its flags must be the
// test's answer for every neuron of the part, and a few neurons that are not refractory fire.
// Returns how many steps had the flags ready.
int walk(RefractoryQueue& q, std::vector<std::uint32_t>& ends, std::vector<std::uint8_t>& held, std::int64_t first, int steps,
         std::uint32_t ref_steps, Rng& rng) {
  int ready = 0;
  for (std::int64_t s = first; s < first + steps; ++s) {
    if (q.prepare(ends.data(), held.data(), s, ref_steps)) {
      ++ready;
      for (int i = q.begin(); i < q.end(); ++i) {
        INFO("step " << s << " neuron " << i << " end " << ends[static_cast<std::size_t>(i)]);
        REQUIRE((held[static_cast<std::size_t>(i)] != 0) == refractory(ends[static_cast<std::size_t>(i)], s, ref_steps));
      }
    }
    for (int i = q.begin(); i < q.end(); ++i) {
      auto& e = ends[static_cast<std::size_t>(i)];
      if (!refractory(e, s, ref_steps) && rng.uniform() < 0.05) {
        e = static_cast<std::uint32_t>(s) + ref_steps + 1u;
        q.push(i, e, held.data());
      }
    }
  }
  return ready;
}

}  // namespace

TEST_SUITE("refractory queue") {
  TEST_CASE("the flags are the test's answer at every step, across the wrap of the step counter") {
    Rng rng(7);
    std::vector<std::uint32_t> ends(300, 0);
    std::vector<std::uint8_t> held(300, 0xAB);  // garbage until the first rebuild
    RefractoryQueue part(64, 256);  // neurons outside the part are left alone
    for (const std::int64_t first : {std::int64_t{0}, std::int64_t{1} << 31, (std::int64_t{1} << 32) - 500, std::int64_t{5} << 32}) {
      CAPTURE(first);
      part.invalidate();
      // A few neurons in their period, a few long past, a few that never fired.
      for (int i = 64; i < 256; ++i) ends[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(first + (i % 3 == 0 ? i % 20 : -1000));
      CHECK(walk(part, ends, held, first, 1000, 20, rng) == 1000);
      CHECK(part.listed() > 0);
    }
    CHECK(held[0] == 0xAB);
    CHECK(held[299] == 0xAB);
  }

  TEST_CASE("a shortened period: the ends ahead of it are waited out, then the flags take over") {
    Rng rng(11);
    std::vector<std::uint32_t> ends(100, 0);
    std::vector<std::uint8_t> held(100, 0);
    RefractoryQueue q(0, 100);
    CHECK(walk(q, ends, held, 0, 300, 50, rng) == 300);
    // From 50 steps to 10: a neuron that fired just now has 49 steps to go, ahead of the 10 that
    // the test counts; by the test it turns refractory once 10 remain.
    q.invalidate();
    const int ready = walk(q, ends, held, 300, 200, 10, rng);
    CHECK(ready < 200);
    CHECK(ready >= 200 - 50);
    CHECK(q.ready());
    // Longer periods than the flags keep: the ends are read.
    q.invalidate();
    CHECK(walk(q, ends, held, 500, 10, RefractoryQueue::kMaxRefractorySteps + 1, rng) == 0);
  }

  TEST_CASE("an end left 2^31 steps behind counts as ahead again, as the test has it: the flags wait") {
    std::vector<std::uint32_t> ends(10, 0);  // never fired
    std::vector<std::uint8_t> held(10, 0);
    RefractoryQueue q(0, 10);
    const std::int64_t late = (std::int64_t{1} << 32) - 100;  // 0 - (late + 1) = 99 steps ahead
    CHECK_FALSE(q.prepare(ends.data(), held.data(), late, 20));
    // Refractory by the test for the last 20 steps before the counter wraps: the ends are read
    // until then, and the flags come back once the end has passed.
    CHECK_FALSE(q.prepare(ends.data(), held.data(), late + 99, 20));
    CHECK(q.prepare(ends.data(), held.data(), late + 100, 20));
    CHECK(held[3] == 0);
  }
}

TEST_SUITE("lif") {
  // One population with the flags (stepped whole, or in the parts it was told), one on the ends
  // (stepped in ranges that are not its parts): the same currents, some strong enough to drive a
  // refractory neuron past threshold, and the same changes of period, state and step counter.
  void compare_with_flags(LifThreshold threshold, bool in_parts) {
    constexpr int n = 300;  // not a multiple of the kernel's block
    LifPopulation flags("a", n, 0.1, threshold), ends("b", n, 0.1, threshold);
    const int parts[] = {0, 128, n};
    if (in_parts) flags.set_parts(parts);
    for (LifPopulation* p : {&flags, &ends}) {
      REQUIRE(p->set_param("t_ref", 2.0).empty());
      p->enable_external_current();
    }
    Rng rng(3);
    std::vector<int> spikes_flags, spikes_ends;
    std::vector<std::byte> saved_flags, saved_ends;
    std::int64_t step = 0;
    int steps_with_flags = 0, spikes = 0;
    for (int k = 0; k < 6000; ++k) {
      if (k == 1000) step = (std::int64_t{1} << 31) - 300;     // the counter jumps (a run that long)
      if (k == 2000) step = (std::int64_t{1} << 32) - 300;     // and wraps
      if (k == 2500)
        for (LifPopulation* p : {&flags, &ends}) REQUIRE(p->set_param("t_ref", 5.0).empty());
      if (k == 3000)
        for (LifPopulation* p : {&flags, &ends}) REQUIRE(p->set_param("t_ref", 0.5).empty());  // ends ahead of the period
      if (k == 3500) {
        saved_flags.clear();
        saved_ends.clear();
        auto wf = StateVisitor::writer(saved_flags), we = StateVisitor::writer(saved_ends);
        flags.visit_state(wf);
        ends.visit_state(we);
      }
      if (k == 4000) {  // back to the saved state, as a rewind does
        auto rf = StateVisitor::reader(saved_flags), re = StateVisitor::reader(saved_ends);
        flags.visit_state(rf);
        ends.visit_state(re);
      }
      if (k == 4500)
        for (LifPopulation* p : {&flags, &ends}) REQUIRE(p->set_param("t_ref", 0.0).empty());
      if (k == 5000)
        for (LifPopulation* p : {&flags, &ends}) REQUIRE(p->set_param("t_ref", 3.0).empty());
      // Thresholds set below V_reset for some neurons: held, they fire again.
      if (k == 5500 && threshold == LifThreshold::adaptive)
        for (LifPopulation* p : {&flags, &ends}) REQUIRE(p->set_initial("theta", Distribution::uniform(-16.0, 0.0), 1, 0, {}));
      for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        const float current = u < 0.01 ? 30000.0f : static_cast<float>(900.0 * rng.uniform());
        flags.external_current()[static_cast<std::size_t>(i)] = current;
        ends.external_current()[static_cast<std::size_t>(i)] = current;
      }
      spikes_flags.clear();
      spikes_ends.clear();
      if (in_parts) {
        flags.evolve_range(step, 0, 128, spikes_flags);
        flags.evolve_range(step, 128, n, spikes_flags);
      } else {
        flags.evolve(step, spikes_flags);
      }
      ends.evolve_range(step, 0, 64, spikes_ends);
      ends.evolve_range(step, 64, n, spikes_ends);
      CHECK_FALSE(ends.refractory_flags_used());
      steps_with_flags += flags.refractory_flags_used() ? 1 : 0;
      spikes += static_cast<int>(spikes_flags.size());
      INFO("k " << k << " step " << step);
      REQUIRE(spikes_flags == spikes_ends);
      for (const int var : {LifPopulation::V, LifPopulation::I_syn_e})
        REQUIRE(std::memcmp(flags.state(var), ends.state(var), sizeof(float) * n) == 0);
      ++step;
    }
    CHECK(spikes > 8000);
    CHECK(steps_with_flags > 5000);  // all but the steps after the period was shortened
  }

  TEST_CASE("refractory flags: the same spikes and state as the refractory ends, bit for bit") {
    SUBCASE("whole") { compare_with_flags(LifThreshold::fixed, false); }
    SUBCASE("in parts") { compare_with_flags(LifThreshold::fixed, true); }
    SUBCASE("adaptive threshold") { compare_with_flags(LifThreshold::adaptive, false); }
  }

  TEST_CASE("a network steps its LIF populations on the flags, on one thread and on two, and after switching") {
    auto spec = scenario(0.1, {population("n", "lif", 700, {{"t_ref", Distribution::constant(2.0)}})});
    spec.stimuli.push_back(current("n", 500.0));
    auto net = build(spec, RecordMode::Full, 2);
    const auto& lif = dynamic_cast<const LifPopulation&>(net->population(0));
    for (const int threads : {2, 1, 2}) {
      CAPTURE(threads);
      net->set_threads(threads);
      net->run(300);
      CHECK(lif.refractory_flags_used());
    }
    CHECK(net->total_spikes(0) > 700);
  }
}
