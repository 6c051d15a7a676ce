#pragma once
// Exports shared by `neurosim run --out DIR` and the window's Export panel, next to the result
// files of results_writer.hpp:
//   weights.csv   projection,pre,post,w: every synapse of every projection
//   weights.npy   the same as a structured array (projection <i4, pre <i4, post <i4, w <f4)
//   spikes.npy    spikes.csv as a structured array (t_ms <f8, population <i4, neuron <i4)
//   spikes.csv    (the window's copy, from its live spike ring)
// plus the parameter and weight summaries that experiment.json carries. Every file goes through
// io::AtomicFile: written as NAME.tmp, synced, then moved into place, never replacing a file
// unless the caller allows it. Errors are std::runtime_error naming the file.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "results/results_writer.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/monitors.hpp"

namespace neurosim {
class Network;
}

namespace neurosim::cli {

// Every file name a run or an export may write in its directory (io::free_directory uses it to
// pick a directory that holds none of them).
const std::vector<std::string>& result_file_names();

// [SECTION] Spikes
// Rows as spikes.csv's (t_ms is the step's start time printed as results_writer's TimeFormatter
// does; population by name in CSV, by index in the scenario's order in NPY).
std::uint64_t export_spikes_csv(const std::filesystem::path& file, std::span<const SpikeEvent> spikes, const Network& net, io::Replace replace);
std::uint64_t export_spikes_npy(const std::filesystem::path& file, std::span<const SpikeEvent> spikes, const Network& net, io::Replace replace);
// spikes.npy from a finished spikes.csv (what `neurosim run --npy` does): t_ms are the CSV's
// numbers exactly. Throws when the CSV is not what export_spikes_csv/write_spikes_csv write.
// `names`: each name spikes.csv gave a population, with its Network::population_id (a run whose
// populations came and went: SpikeCsvWriter::names_written); empty: the network's populations
// by their index.
std::uint64_t spikes_csv_to_npy(const std::filesystem::path& csv, const std::filesystem::path& npy, const Network& net, io::Replace replace,
                                const std::vector<std::pair<std::string, std::uint64_t>>& names = {});

// [SECTION] Weights
// weights.csv lists every projection (WeightRows::All); weights_final.csv, a run's record of
// what was learned, only the plastic ones (results_writer.hpp write_weights_csv). One writer,
// so the rows of both files are the same text.
enum class WeightRows { All, Plastic };
std::uint64_t export_weights_csv(const std::filesystem::path& file, const Network& net, io::Replace replace, WeightRows which = WeightRows::All);
std::uint64_t export_weights_npy(const std::filesystem::path& file, const Network& net, io::Replace replace);

// [SECTION] Summaries for experiment.json
// {"populations": [{"name", "model", "params": {...}}], "projections": [{"name", "rule", "params"}]}:
// the parameters as applied (per-neuron parameters by their mean).
nlohmann::ordered_json parameters_json(const Network& net);
// One entry per projection: name, pre, post, synapses, plastic, w_mean, w_sd, w_min, w_max.
nlohmann::ordered_json weight_summary_json(const Network& net);

// [SECTION] The window's metrics
// One window per rate bin still in the live rate monitor (the window keeps the last few
// thousand bins), for write_metrics_csv: the same columns as a headless run's metrics.csv.
std::vector<MetricsWindow> metrics_from_rate_bins(const Network& net);

}  // namespace neurosim::cli
