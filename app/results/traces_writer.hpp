#pragma once
// traces.csv while the network runs: the samples of every traced neuron go to a spill file per
// probe as the run goes (raw floats, unlinked at once so that nothing is left behind), and
// commit() writes traces.csv from them in the layout write_traces_csv() gives (probe after
// probe). The network keeps only a ring of samples per probe, so memory stays flat however
// long the run; the spill files hold 4 bytes per variable and sample on disk.
#include <cstdint>
#include <cstdio>
#include <filesystem>
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

  // Call after every step; moves samples to the spill files once half a ring is waiting.
  // Throws std::runtime_error if a ring overwrote samples not yet moved, or a write fails.
  void drain(const Network& net, bool all = false);
  // Writes traces.csv; returns the number of rows.
  std::uint64_t commit(const Network& net);

 private:
  struct Spill {
    std::FILE* file = nullptr;
    std::uint64_t drained = 0;  // samples moved so far
  };
  std::filesystem::path dir_;
  io::Replace replace_;
  std::vector<Spill> spills_;
  std::vector<float> row_;
};

}  // namespace neurosim::cli
