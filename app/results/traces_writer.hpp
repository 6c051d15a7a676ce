#pragma once
// traces.csv while the network runs: the samples of every traced neuron are moved out of the
// network's rings as the run goes, and commit() writes traces.csv from them in the layout
// write_traces_csv() gives (probe after probe). They are kept in memory up to a budget
// (kTraceMemoryBytes for all probes together: cuba's 10 s are 4.8 MB); beyond it a probe's
// samples go to a spill file (raw floats, unlinked at once so that nothing is left behind), so
// memory stays bounded however long the run, and the disk holds 4 bytes per variable and
// sample. Writing every run's samples out and reading them back cost cuba about 3 % of its
// time. Probes that come
// and go with structure edits (a population added, removed or changed) are followed by their
// identity (TraceProbe::id): each keeps its rows, named as its population was called.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "neurosim/io/atomic_file.hpp"

namespace neurosim {
class Network;
}

namespace neurosim::cli {

// Samples the network keeps per probe in a streamed run; drain() must run before a ring laps.
inline constexpr std::size_t kTraceRingSamples = 4096;
// Trace samples held in memory before they go to spill files.
inline constexpr std::size_t kTraceMemoryBytes = std::size_t{64} << 20;

class TraceStreamWriter {
 public:
  // memory_bytes: the budget for samples held in memory (0: every sample goes to disk).
  TraceStreamWriter(const std::filesystem::path& dir, const Network& net, io::Replace replace = io::Replace::Never,
                    std::size_t memory_bytes = kTraceMemoryBytes);
  ~TraceStreamWriter();
  TraceStreamWriter(const TraceStreamWriter&) = delete;
  TraceStreamWriter& operator=(const TraceStreamWriter&) = delete;

  // The run's length in samples per probe, if known: room for them is made at once (within the
  // memory budget), not by growing as they come (growing copied every sample again).
  void expect(std::uint64_t samples);
  // Call after every step; moves samples to the spill files once half a ring is waiting (`all`:
  // every sample now; a run whose structure may change calls it so, since a probe that goes
  // takes its ring with it).
  // Throws std::runtime_error if a ring overwrote samples not yet moved, or a write fails.
  void drain(const Network& net, bool all = false);
  // Writes traces.csv; returns the number of rows.
  std::uint64_t commit(const Network& net);

 private:
  // One per probe the run has had (TraceProbe::id), in the order they appeared: a probe whose
  // population was removed or changed model keeps what it recorded, under the name and with
  // the variables it had.
  struct Spill {
    std::uint64_t probe = 0;    // TraceProbe::id
    std::vector<float> held;    // the samples while they fit in the memory budget
    std::FILE* file = nullptr;  // opened when they no longer do; then it holds every sample
    std::uint64_t drained = 0;  // samples moved so far
    std::int64_t first_step = 0;
    int variables = 0;
    int neuron = 0;
    std::string population;                 // its name, the latest while it was traced
    std::vector<std::string> variable_names;  // of its model
  };
  Spill& spill_of(const Network& net, std::size_t probe);
  // Appends `count` samples of `vars` floats to s: in memory within the budget, else on disk.
  void keep(Spill& s, const float* samples, std::size_t vars, std::size_t count);
  void open_file(Spill& s);
  std::filesystem::path dir_;
  io::Replace replace_;
  std::size_t memory_budget_;
  std::size_t memory_used_ = 0;
  std::size_t memory_reserved_ = 0;  // room made by expect()
  std::vector<Spill> spills_;
  std::vector<float> row_;
};

}  // namespace neurosim::cli
