#pragma once
// Reading recorded spikes back: NeuroSim's own spikes.csv and spikes.npy, SONATA spike files
// (HDF5: /spikes/<population>/timestamps and node_ids), NEST 3's ASCII spike recorder files
// (.dat, one per virtual process: "#" header lines, then `sender time_ms` with or without "#",
// events in any order) and NEST 2's .gdf files (`gid time` per line).
//
// Every reader appends to one SpikeRecording, adding populations as it meets them; a file that
// does not parse leaves a message naming it and the line ("spikes.dat:7: ...") or dataset
// ("spikes.h5: /spikes/exc/node_ids: ..."), and adds nothing.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace neurosim::io {

struct RecordedSpike {
  double t_ms;
  std::int32_t population;  // index into SpikeRecording::populations
  std::int64_t neuron;      // as the file gives it (NEST: the sender's global id)
};

struct RecordedPopulation {
  enum class Ids {
    Local,   // neuron indices within the population (NeuroSim, SONATA node ids)
    Nest,    // NEST global ids, 1-based across every population created
    Index,   // spikes.npy: the population is a scenario index, named by its number
  };
  std::string name;
  Ids ids = Ids::Local;
};

struct SpikeRecording {
  std::vector<RecordedPopulation> populations;
  std::vector<RecordedSpike> spikes;
  // The population of this name and kind, added when new.
  std::int32_t population(const std::string& name, RecordedPopulation::Ids ids);
};

// By extension: .csv NeuroSim, .npy NeuroSim, .h5/.hdf5/.sonata SONATA, .dat NEST 3, .gdf
// NEST 2. Returns "" or the problem (starting with the file's name).
std::string read_spike_file(const std::filesystem::path& path, SpikeRecording& out);

// The text formats from memory (for tests and fuzzing); `source` names the file in messages.
std::string parse_neurosim_spikes_csv(std::string_view text, const std::string& source, SpikeRecording& out);
// NEST 3 .dat and NEST 2 .gdf; `population` names the recorder ("spike_recorder-12").
std::string parse_nest_spikes(std::string_view text, const std::string& source, const std::string& population, SpikeRecording& out);

// A SONATA spike file from the bytes of a file held in memory (the fuzz harness).
std::string read_sonata_spikes_image(const void* data, std::size_t size, const std::string& source, SpikeRecording& out);

// The recorder a NEST file belongs to: its name without the extension and the trailing
// "-<virtual process>" ("brunel-py-ex-12502-0.dat" -> "brunel-py-ex-12502").
std::string nest_recorder_name(const std::filesystem::path& path);

}  // namespace neurosim::io
