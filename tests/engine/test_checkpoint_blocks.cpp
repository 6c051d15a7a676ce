// CheckpointBlocks (checkpoint_blocks.hpp): a checkpoint cut into blocks joins back to the same
// bytes, and shares with the checkpoint before it every block whose bytes did not change, also
// where earlier bytes grew or shrank (the cuts follow the content), but never a block that
// differs in a single byte.
#include <doctest/doctest.h>

#include <cstddef>
#include <random>
#include <unordered_set>
#include <vector>

#include "neurosim/checkpoint_blocks.hpp"

namespace neurosim {
namespace {

Checkpoint random_state(std::size_t n, unsigned seed) {
  Checkpoint c;
  std::mt19937 rng(seed);
  c.state.resize(n);
  for (auto& b : c.state) b = static_cast<std::byte>(rng() & 0xFF);
  c.step = 42;
  c.has_experiment = true;
  return c;
}

// Bytes of `next` held in blocks it does not share with `previous`.
std::size_t unshared(const CheckpointBlocks& next, const CheckpointBlocks& previous) { return next.new_bytes(&previous); }

std::vector<std::byte> joined(const CheckpointBlocks& b) {
  Checkpoint out;
  b.join(out);
  CHECK(out.step == b.step);
  CHECK(out.has_experiment == b.has_experiment);
  return out.state;
}

}  // namespace

TEST_SUITE("checkpoint blocks") {
  TEST_CASE("a state cut into blocks joins back to the same bytes; block sizes stay within their bounds") {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{70000}, std::size_t{1} << 20}) {
      INFO("size " << n);
      const Checkpoint c = random_state(n, 3);
      const CheckpointBlocks b = CheckpointBlocks::split(c, nullptr);
      CHECK(b.size == n);
      CHECK(b.blocks.size() == b.digests.size());
      CHECK(joined(b) == c.state);
      for (std::size_t i = 0; i + 1 < b.blocks.size(); ++i) {
        CHECK(b.blocks[i]->size() >= CheckpointBlocks::kMinBlock);
        CHECK(b.blocks[i]->size() <= CheckpointBlocks::kMaxBlock);
      }
      // Random bytes cut by content: mostly between the bounds, not all at the largest.
      if (n == (std::size_t{1} << 20)) CHECK(b.blocks.size() > 16 + 4);
    }
  }

  TEST_CASE("unchanged bytes are shared with the checkpoint before, changed ones never") {
    const Checkpoint first = random_state(std::size_t{1} << 20, 5);
    const CheckpointBlocks a = CheckpointBlocks::split(first, nullptr);
    CHECK(a.new_bytes(nullptr) == first.state.size());

    SUBCASE("the same bytes: everything shared") {
      const CheckpointBlocks b = CheckpointBlocks::split(first, &a);
      CHECK(unshared(b, a) == 0);
      CHECK(joined(b) == first.state);
    }
    SUBCASE("one byte changed: one block (or two, at a cut) copied, the rest shared") {
      Checkpoint next = first;
      next.state[500000] ^= std::byte{1};
      const CheckpointBlocks b = CheckpointBlocks::split(next, &a);
      CHECK(unshared(b, a) > 0);
      CHECK(unshared(b, a) <= 3 * CheckpointBlocks::kMaxBlock);
      CHECK(joined(b) == next.state);
      CHECK(joined(a) == first.state);  // the earlier checkpoint is untouched
    }
    SUBCASE("bytes inserted near the start (a history that grew): the cuts follow the content") {
      Checkpoint next = first;
      const std::vector<std::byte> extra(1234, std::byte{7});
      next.state.insert(next.state.begin() + 1000, extra.begin(), extra.end());
      const CheckpointBlocks b = CheckpointBlocks::split(next, &a);
      CHECK(unshared(b, a) <= 3 * CheckpointBlocks::kMaxBlock);
      CHECK(joined(b) == next.state);
    }
    SUBCASE("bytes removed near the start") {
      Checkpoint next = first;
      next.state.erase(next.state.begin() + 2000, next.state.begin() + 2100);
      const CheckpointBlocks b = CheckpointBlocks::split(next, &a);
      CHECK(unshared(b, a) <= 3 * CheckpointBlocks::kMaxBlock);
      CHECK(joined(b) == next.state);
    }
    SUBCASE("every byte changed: nothing shared") {
      const CheckpointBlocks b = CheckpointBlocks::split(random_state(std::size_t{1} << 20, 6), &a);
      CHECK(unshared(b, a) == std::size_t{1} << 20);
    }
  }

  TEST_CASE("long runs of zeros are held once") {
    Checkpoint c;
    c.state.assign(std::size_t{1} << 20, std::byte{0});
    const CheckpointBlocks b = CheckpointBlocks::split(c, nullptr);
    std::unordered_set<const CheckpointBlocks::Block*> distinct;
    for (const auto& block : b.blocks) distinct.insert(block.get());
    CHECK(distinct.size() <= 2);
    CHECK(joined(b) == c.state);
  }
}

}  // namespace neurosim
