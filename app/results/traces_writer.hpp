#pragma once
// traces.csv while the network runs: the samples of every traced neuron go to a spill file per
// probe as the run goes (raw floats, unlinked at once so that nothing is left behind), and
// commit() writes traces.csv from them in the layout write_traces_csv() gives (probe after
// probe). The network keeps only a ring of samples per probe, so memory stays flat however
// long the run; the spill files hold 4 bytes per variable and sample on disk. Probes that come
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

class TraceStreamWriter {
 public:
  TraceStreamWriter(const std::filesystem::path& dir, const Network& net, io::Replace replace = io::Replace::Never);
  ~TraceStreamWriter();
  TraceStreamWriter(const TraceStreamWriter&) = delete;
  TraceStreamWriter& operator=(const TraceStreamWriter&) = delete;

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
    std::FILE* file = nullptr;
    std::uint64_t drained = 0;  // samples moved so far
    std::int64_t first_step = 0;
    int variables = 0;
    int neuron = 0;
    std::string population;                 // its name, the latest while it was traced
    std::vector<std::string> variable_names;  // of its model
  };
  Spill& spill_of(const Network& net, std::size_t probe);
  std::filesystem::path dir_;
  io::Replace replace_;
  std::vector<Spill> spills_;
  std::vector<float> row_;
};

}  // namespace neurosim::cli
