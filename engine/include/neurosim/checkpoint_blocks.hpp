#pragma once
// A checkpoint kept as blocks that the next checkpoint shares where its bytes did not change.
//
// Between two periodic checkpoints most of a network's state stays as it was: connectivity,
// static weights, delays, the scenario's parts. Stored whole, the 64k-neuron network's 42.5 MB
// checkpoint let only 6 fit in a 256 MB rewind budget. Here the bytes are cut into blocks at
// content-defined boundaries (a rolling "gear" hash, as in FastCDC: Xia et al., USENIX ATC 2016),
// so a block boundary follows the content, not its offset: when something early in the state
// grows (an experiment's history, a list of pattern onsets), the unchanged blocks after it still
// line up with the previous checkpoint's and are shared with it (one copy, reference-counted).
// A block is shared only when its bytes are equal, compared in full, never by hash alone.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "neurosim/checkpoint.hpp"

namespace neurosim {

struct CheckpointBlocks {
  using Block = std::vector<std::byte>;
  std::vector<std::shared_ptr<const Block>> blocks;  // in order: their bytes joined are the state
  std::vector<std::uint64_t> digests;                 // a hash of each block, to find it again
  std::size_t size = 0;                              // bytes of the state
  std::int64_t step = 0;
  bool has_experiment = false;

  static constexpr std::size_t kMinBlock = 4096;
  static constexpr std::size_t kMaxBlock = 65536;

  // Cuts `state` into blocks, sharing each that equals a block of `previous` (may be null).
  static CheckpointBlocks split(const Checkpoint& state, const CheckpointBlocks* previous);
  // The state again, into `out`'s buffer (reused).
  void join(Checkpoint& out) const;
  // Bytes held by blocks no earlier checkpoint of the same chain shares (what this one adds).
  std::size_t new_bytes(const CheckpointBlocks* previous) const;
};

}  // namespace neurosim
