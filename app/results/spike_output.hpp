#pragma once
// The spikes a run records, streamed as the network runs in the format asked for:
//   csv     spikes.csv: t_ms,population,neuron (SpikeCsvWriter, results_writer.hpp)
//   npy     spikes.npy: records (t_ms <f8, population <i4, neuron <i4), as --npy writes
//   sonata  spikes.h5: SONATA spikes, /spikes/<population>/timestamps (ms, float64) and
//           /spikes/<population>/node_ids (uint64), sorted by time (AllenInstitute/sonata,
//           docs/SONATA_DEVELOPER_GUIDE.md)
// Only the populations chosen (monitors.spikes, --record) are written; every format keeps
// memory flat: NPY rows go to a spill file whose length gives the header at the end, SONATA rows
// are appended to chunked datasets in blocks.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neurosim/io/atomic_file.hpp"

namespace neurosim {
class Network;
class SpikeListener;
struct ScenarioSpec;
}  // namespace neurosim

namespace neurosim::cli {

enum class SpikeFormat { Csv, Npy, Sonata };
std::optional<SpikeFormat> parse_spike_format(std::string_view name);  // "csv", "npy", "sonata"
std::string_view spike_file_name(SpikeFormat format);                   // spikes.csv, spikes.npy, spikes.h5

// `--record POP[,POP...]`: sets spec.monitors.spikes. Returns "" or what is wrong.
std::string set_recorded_populations(ScenarioSpec& spec, std::string_view list);

class SpikeOutput {
 public:
  virtual ~SpikeOutput() = default;
  // Writes the spikes the network's live ring holds since the last call (call after every
  // step). Throws std::runtime_error if the ring overwrote unread spikes or a write fails.
  virtual void drain(const Network& net) = 0;
  // A listener that makes this output's rows on the threads that step the network, for a run
  // whose structure does not change (Session::set_spike_listener); drain() then moves its rows
  // out instead of reading the ring, which need not hold them. nullptr: this format has none.
  virtual SpikeListener* listener(const Network& net) {
    (void)net;
    return nullptr;
  }
  virtual void commit() = 0;
  std::uint64_t rows() const { return rows_; }
  // spikes.csv: every name a population had while it was written, with its population_id
  // (spikes_csv_to_npy); empty for the other formats.
  virtual std::vector<std::pair<std::string, std::uint64_t>> names_written() const { return {}; }

  // The writer for `format` into dir; `recorded`: population names (nullopt: all).
  static std::unique_ptr<SpikeOutput> open(SpikeFormat format, const std::filesystem::path& dir, const Network& net,
                                           const std::optional<std::vector<std::string>>& recorded, io::Replace replace);

 protected:
  std::uint64_t rows_ = 0;
};

}  // namespace neurosim::cli
