// ShareBalance: the threads' split of the neurons and how measured busy times move it. The
// expected bounds are worked out by hand from the model the split follows: each member's cost
// spread evenly over its share, every member given the same cost.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurosim/share_balance.hpp"

namespace neurosim {
namespace {

using Bounds = std::vector<std::int64_t>;
using Busy = std::vector<double>;

Bounds bounds_of(const ShareBalance& b) { return Bounds(b.bounds().begin(), b.bounds().end()); }

// `rounds` rounds of `steps` steps each with the same busy times; true if any moved the split.
bool feed(ShareBalance& b, const Bounds& starts, const Busy& busy, int rounds, std::int64_t steps = 64) {
  bool moved = false;
  for (int r = 0; r < rounds; ++r) moved = b.add_round(starts, busy, steps) || moved;
  return moved;
}

// Rounds of 64 steps, each member busy `per_round` seconds on average, that a timed window takes.
int window_rounds(double per_round) {
  const auto by_time = static_cast<int>(std::ceil(ShareBalance::kTimedSeconds / per_round - 1e-9));
  const auto by_steps = static_cast<int>((ShareBalance::kTimedSteps + 63) / 64);
  return std::max(by_time, by_steps);
}

}  // namespace

TEST_SUITE("share_balance") {
  TEST_CASE("the first split is equal, and a team of one or nothing to split is never timed") {
    ShareBalance b;
    b.reset(2, 64000);
    CHECK(bounds_of(b) == Bounds{0, 32000, 64000});
    CHECK(b.timing());
    b.reset(3, 10);
    CHECK(bounds_of(b) == Bounds{0, 3, 6, 10});
    b.reset(1, 500);
    CHECK(!b.timing());
    b.reset(4, 0);
    CHECK(!b.timing());
  }

  TEST_CASE("even_cost_bounds: equal costs for every member, each member's cost spread over its share") {
    // 3 per 50 neurons, then 1 per 50: half of the 4 is reached 2/3 of the way into the first.
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 50, 100}, Busy{3.0, 1.0}) == Bounds{0, 33, 100});
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 50, 100}, Busy{1.0, 3.0}) == Bounds{0, 67, 100});
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 50, 100}, Busy{2.0, 2.0}) == Bounds{0, 50, 100});
    // Costs 1, 1, 4 over three shares of 10: 2 each is reached at the end of the second share,
    // 4 halfway into the third.
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 10, 20, 30}, Busy{1.0, 1.0, 4.0}) == Bounds{0, 20, 25, 30});
    // A member with no share that still costs (member 0's populations that do not split): its
    // cost sits at its start. 10 + 40 of the second's 90 is half of 100.
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 0, 100}, Busy{10.0, 90.0}) == Bounds{0, 44, 100});
    // Costing as much as all the rest, it keeps no neurons.
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 0, 100}, Busy{50.0, 50.0}) == Bounds{0, 0, 100});
    // Nothing measured: the split stays.
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 30, 100}, Busy{0.0, 0.0}) == Bounds{0, 30, 100});
    // The wrong number of starts: unchanged.
    CHECK(ShareBalance::even_cost_bounds(Bounds{0, 30, 100}, Busy{1.0}) == Bounds{0, 30, 100});
  }

  TEST_CASE("add_round: settles, times enough steps and time, moves the split, and stops when balanced or out of moves") {
    ShareBalance b;
    b.reset(2, 100);
    const Bounds equal{0, 50, 100};
    // The first rounds after a change only settle: a skew there moves nothing.
    CHECK(!b.add_round(equal, Busy{9.0, 1.0}, ShareBalance::kSettleSteps));
    // Then rounds add up until the window holds kTimedSeconds of busy time per member on
    // average: member 0 three times as busy as member 1, 2 ms a round on average.
    const int rounds = window_rounds(0.002);
    CHECK(rounds == 13);
    CHECK(!feed(b, equal, Busy{0.003, 0.001}, rounds - 1));
    CHECK(b.add_round(equal, Busy{0.003, 0.001}, 64));
    CHECK(bounds_of(b) == Bounds{0, 33, 100});
    CHECK(b.timing());
    // The next split measured balanced (within kTolerance): it stays, and timing ends.
    const Bounds moved{0, 33, 100};
    CHECK(!b.add_round(moved, Busy{0.5, 0.1}, ShareBalance::kSettleSteps));
    CHECK(!feed(b, moved, Busy{0.01, 0.01 * (1.0 + 0.5 * ShareBalance::kTolerance)}, window_rounds(0.01)));
    CHECK(!b.timing());
    CHECK(bounds_of(b) == moved);
    // Once done, rounds change nothing.
    CHECK(!b.add_round(moved, Busy{5.0, 1.0}, 100000));
    CHECK(bounds_of(b) == moved);

    SUBCASE("long rounds: the window still takes kTimedSteps steps") {
      b.reset(2, 100);
      CHECK(!b.add_round(equal, Busy{1.0, 1.0}, ShareBalance::kSettleSteps));
      const int steps_rounds = static_cast<int>(ShareBalance::kTimedSteps / 64);
      CHECK(!feed(b, equal, Busy{3.0, 1.0}, steps_rounds - 1));
      CHECK(b.add_round(equal, Busy{3.0, 1.0}, 64));
      CHECK(bounds_of(b) == Bounds{0, 33, 100});
    }
    SUBCASE("a split that never balances moves at most kMaxMoves times") {
      b.reset(2, 1000);
      int moves = 0;
      for (int window = 0; window < 2 * ShareBalance::kMaxMoves; ++window) {
        const Bounds now = bounds_of(b);
        CHECK(!b.add_round(now, Busy{1.0, 1.0}, ShareBalance::kSettleSteps));
        // Member 1 always twice as busy: whatever the split, it moves.
        moves += feed(b, now, Busy{0.01, 0.02}, window_rounds(0.015)) ? 1 : 0;
      }
      CHECK(moves == ShareBalance::kMaxMoves);
      CHECK(!b.timing());
    }
    SUBCASE("a clock that gives a negative or non-finite time ends the timing and keeps the split") {
      b.reset(2, 1000);
      CHECK(!b.add_round(Bounds{0, 500, 1000}, Busy{1.0, 1.0}, ShareBalance::kSettleSteps));
      CHECK(!b.add_round(Bounds{0, 500, 1000}, Busy{std::numeric_limits<double>::quiet_NaN(), 1.0}, 64));
      CHECK(!b.timing());
      CHECK(bounds_of(b) == Bounds{0, 500, 1000});
      b.reset(2, 1000);
      CHECK(!b.add_round(Bounds{0, 500, 1000}, Busy{1.0, 1.0}, ShareBalance::kSettleSteps));
      CHECK(!b.add_round(Bounds{0, 500, 1000}, Busy{-1.0, 1.0}, 64));
      CHECK(!b.timing());
    }
    SUBCASE("rounds of another team's size are ignored") {
      b.reset(2, 1000);
      CHECK(!feed(b, Bounds{0, 300, 600, 1000}, Busy{1.0, 5.0, 1.0}, 100));
      CHECK(bounds_of(b) == Bounds{0, 500, 1000});
    }
  }

  TEST_CASE("fix: a given split is kept, and one that does not fit is refused with its fault named") {
    ShareBalance b;
    b.reset(3, 90);
    b.fix(Bounds{0, 0, 80, 90});
    CHECK(bounds_of(b) == Bounds{0, 0, 80, 90});
    CHECK(!b.timing());
    const auto refused = [&b](const Bounds& bounds, const std::string& fault) {
      INFO(fault);
      try {
        b.fix(bounds);
        FAIL("accepted");
      } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find(fault) != std::string::npos);
      }
    };
    refused(Bounds{0, 90}, "needs 4 bounds, got 2");
    refused(Bounds{0, 10, 20, 100}, "from 0 to 90");
    refused(Bounds{5, 10, 20, 90}, "from 0 to 90");
    refused(Bounds{0, 50, 20, 90}, "ascend");
    CHECK(bounds_of(b) == Bounds{0, 0, 80, 90});
  }
}

}  // namespace neurosim
