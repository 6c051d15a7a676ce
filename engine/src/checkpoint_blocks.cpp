// Checkpoints as shared blocks (see checkpoint_blocks.hpp).
#include "neurosim/checkpoint_blocks.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace neurosim {

namespace {

// 256 fixed random words for the gear hash (splitmix64 from a constant seed): the same cuts on
// every run and machine.
const std::array<std::uint64_t, 256>& gear() {
  static const std::array<std::uint64_t, 256> table = [] {
    std::array<std::uint64_t, 256> t{};
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (auto& v : t) {
      x += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      v = z ^ (z >> 31);
    }
    return t;
  }();
  return table;
}

// A cut where the hash's top 14 bits are zero: blocks of about kMinBlock + 16 kB.
constexpr std::uint64_t kCutMask = 0x3FFFull << 50;

// The end of the block that starts at `begin`.
std::size_t cut(const std::byte* data, std::size_t begin, std::size_t end) {
  const std::size_t stop = std::min(end, begin + CheckpointBlocks::kMaxBlock);
  std::size_t i = begin + CheckpointBlocks::kMinBlock;
  if (i >= stop) return stop;
  const auto& g = gear();
  std::uint64_t h = 0;
  // The hash looks at the last 64 bytes only (each shift drops a byte's share), so it is warmed
  // over those before the first place a cut may fall.
  for (std::size_t j = i - 64; j < i; ++j) h = (h << 1) + g[static_cast<std::uint8_t>(data[j])];
  for (; i < stop; ++i) {
    h = (h << 1) + g[static_cast<std::uint8_t>(data[i])];
    if ((h & kCutMask) == 0) return i + 1;
  }
  return stop;
}

// A quick hash of a block's bytes, eight at a time, to find its twin in the previous checkpoint.
std::uint64_t digest(const std::byte* data, std::size_t n) {
  std::uint64_t h = 0xCBF29CE484222325ull ^ n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, data + i, 8);
    h = (h ^ w) * 0x100000001B3ull;
    h ^= h >> 29;
  }
  for (; i < n; ++i) h = (h ^ static_cast<std::uint8_t>(data[i])) * 0x100000001B3ull;
  return h;
}

}  // namespace

CheckpointBlocks CheckpointBlocks::split(const Checkpoint& state, const CheckpointBlocks* previous) {
  CheckpointBlocks out;
  out.size = state.state.size();
  out.step = state.step;
  out.has_experiment = state.has_experiment;
  // The previous checkpoint's blocks by where they start and by their hash.
  std::unordered_map<std::size_t, std::size_t> starts;
  struct Known {
    std::shared_ptr<const Block> block;
    std::ptrdiff_t old_start = -1;  // where it started in the previous state; -1: a block of this one
  };
  std::unordered_multimap<std::uint64_t, Known> earlier;
  if (previous != nullptr) {
    starts.reserve(previous->blocks.size());
    earlier.reserve(previous->blocks.size());
    std::size_t at = 0;
    for (std::size_t i = 0; i < previous->blocks.size(); ++i) {
      starts.emplace(at, i);
      earlier.emplace(previous->digests[i], Known{previous->blocks[i], static_cast<std::ptrdiff_t>(at)});
      at += previous->blocks[i]->size();
    }
  }
  const std::byte* data = state.state.data();
  // Where the previous state's bytes continue in this one: new offset = old offset + shift.
  std::ptrdiff_t shift = 0;
  for (std::size_t begin = 0; begin < out.size;) {
    // Most of the state is as it was, where it was: the previous block that starts here is
    // compared whole first (memcmp runs far faster than the rolling hash).
    const auto old_start = static_cast<std::ptrdiff_t>(begin) - shift;
    if (const auto at = old_start >= 0 ? starts.find(static_cast<std::size_t>(old_start)) : starts.end(); at != starts.end()) {
      const std::shared_ptr<const Block>& candidate = previous->blocks[at->second];
      const std::size_t n = candidate->size();
      if (begin + n <= out.size && std::memcmp(candidate->data(), data + begin, n) == 0) {
        out.blocks.push_back(candidate);
        out.digests.push_back(previous->digests[at->second]);
        begin += n;
        continue;
      }
    }
    // Changed here: a block cut by its content, shared when it equals one of the previous (the
    // bytes moved) or of this state (runs of zeros).
    const std::size_t end = cut(data, begin, out.size);
    const std::size_t n = end - begin;
    const std::uint64_t d = digest(data + begin, n);
    std::shared_ptr<const Block> block;
    {
      const auto [first, last] = earlier.equal_range(d);
      for (auto it = first; it != last && !block; ++it) {
        const Block& candidate = *it->second.block;
        if (candidate.size() != n || std::memcmp(candidate.data(), data + begin, n) != 0) continue;
        block = it->second.block;
        // The previous state's bytes moved by this much: its next block is compared from here.
        if (it->second.old_start >= 0) shift = static_cast<std::ptrdiff_t>(begin) - it->second.old_start;
      }
    }
    out.digests.push_back(d);
    if (!block) {
      block = std::make_shared<const Block>(data + begin, data + end);
      out.blocks.push_back(block);
      earlier.emplace(d, Known{std::move(block), -1});
    } else {
      out.blocks.push_back(std::move(block));
    }
    begin = end;
  }
  return out;
}

void CheckpointBlocks::join(Checkpoint& out) const {
  out.state.resize(size);
  std::size_t at = 0;
  for (const auto& b : blocks) {
    std::memcpy(out.state.data() + at, b->data(), b->size());
    at += b->size();
  }
  out.step = step;
  out.has_experiment = has_experiment;
}

std::size_t CheckpointBlocks::new_bytes(const CheckpointBlocks* previous) const {
  std::unordered_set<const Block*> shared;
  if (previous != nullptr)
    for (const auto& b : previous->blocks) shared.insert(b.get());
  std::size_t n = 0;
  for (const auto& b : blocks)
    if (!shared.contains(b.get())) n += b->size();
  return n;
}

}  // namespace neurosim
