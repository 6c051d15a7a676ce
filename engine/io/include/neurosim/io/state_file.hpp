#pragma once
// State files: a checkpoint (checkpoint.hpp) on disk, for `neurosim run --save-state FILE` and
// `--load-state FILE`. Refused with the reason when it belongs to another scenario or another
// version of NeuroSim, or is damaged.
//
// Layout (little-endian):
//   magic        8 bytes  "NSIMSTAT"
//   format       u32      kStateFormatVersion
//   header size  u32      H, then H bytes:
//                           program version (u32 length + bytes), scenario name (u32 length +
//                           bytes), scenario hash (u64), step (i64), experiment (u8)
//   state size   u64      S, then S bytes: the checkpoint's state
//   crc32        u32      zlib CRC-32 of every byte before it
// The scenario hash (scenario_hash) covers the scenario as built: every setting, the seed and
// the --set values, but not duration_ms (a continued run chooses its own length) nor what the
// monitors write (--record, traces), which does not change the run.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "neurosim/checkpoint.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::io {

// 2: the Session's own part (its timeline's undo list and position) follows the network's.
// 3: the network's structure leads its state (a state saved after a structure edit restores into
//    the network built from the scenario file), and structure edits in the undo list are saved.
// 4: a projection's delay may be absent (one step) in the scenario parts.
// 5: a stimulus keeps the sixteen noise streams of NoiseLanes.
inline constexpr std::uint32_t kStateFormatVersion = 5;

// FNV-1a (64 bits) of the scenario as JSON (scenario_to_json), duration_ms and the written
// monitors left out.
std::uint64_t scenario_hash(const ScenarioSpec& spec);

// Writes `checkpoint` of a network built from `spec` atomically (atomic_file.hpp). Throws
// std::runtime_error naming the file when it cannot.
void write_state_file(const std::filesystem::path& path, const Checkpoint& checkpoint, const ScenarioSpec& spec,
                      std::string_view program_version, Replace replace);

struct StateFileRead {
  Checkpoint checkpoint;
  std::string error;  // empty when the file is fit to restore into a network built from `spec`
};
// Reads a state file written for `spec` by `program_version`; otherwise error says why, naming
// the file: "state file X was written for scenario 'cuba' (hash ...), not 'default' (hash ...)",
// "state file X is damaged: checksum mismatch", "state file X is truncated at byte N".
StateFileRead read_state_file(const std::filesystem::path& path, const ScenarioSpec& spec, std::string_view program_version);

}  // namespace neurosim::io
