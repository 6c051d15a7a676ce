// InputRing's slot of a step is step mod slots, found by a multiply below 2^32 and by a division
// above: the same for every divisor, at the edges of the multiply's range and far beyond.
#include <doctest/doctest.h>

#include <cstdint>

#include "neurosim/input_ring.hpp"

using namespace neurosim;

TEST_CASE("InputRing::slot_of is step mod slots for every slot count and step") {
  int failures = 0;
  for (const int slots : {1, 2, 3, 5, 7, 16, 21, 100, 201, 1000, 4097, 65535, 65536, 1000003}) {
    InputRing ring;
    ring.resize(1, slots);
    CHECK(ring.slots() == slots);
    std::uint64_t x = 88172645463325252ull;
    const auto check = [&](std::int64_t step) {
      if (ring.slot_of(step) != static_cast<int>(step % slots) && ++failures <= 10) {
        INFO("slots " << slots << ", step " << step);
        CHECK(ring.slot_of(step) == static_cast<int>(step % slots));
      }
    };
    for (std::int64_t step = 0; step < 300000; ++step) check(step);
    for (std::int64_t step = (std::int64_t{1} << 32) - 70000; step < (std::int64_t{1} << 32) + 70000; ++step) check(step);
    for (int i = 0; i < 200000; ++i) {  // xorshift64: steps of every size up to 2^62
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      check(static_cast<std::int64_t>(x >> (2 + i % 40)));
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("InputRing: a resized ring's slots follow the new count") {
  InputRing ring;
  ring.resize(4, 3);
  ring.exc(7)[2] = 1.5f;  // step 7: slot 1
  CHECK(ring.holds(7));
  CHECK(ring.holds(4));   // the same slot
  CHECK_FALSE(ring.holds(6));
  ring.regrow(4, 5, 7);   // five slots from step 7 on: step 7's input moves to slot 2
  CHECK(ring.slot_of(7) == 2);
  CHECK(ring.holds(7));
  CHECK(ring.slot_exc(7)[2] == 1.5f);
  CHECK_FALSE(ring.holds(8));
}
