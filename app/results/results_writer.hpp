#pragma once
// Result files of a headless run: spikes.csv, metrics.csv, traces.csv, experiment.json, and
// for networks that learn weights_final.csv, for experiments stimulus_events.csv.
// Each file is written under DIR/<name>.tmp, synced and moved into place once complete (as
// io::AtomicFile does), so a reader never sees half a file and a run that fails or is
// interrupted leaves the previous results intact. The caller picks DIR with io::free_directory;
// an existing file is only replaced with io::Replace::Allowed (`--overwrite`).
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neurosim/io/atomic_file.hpp"
#include "neurosim/monitors.hpp"

namespace neurosim {
class Network;
class Experiment;
struct ScenarioSpec;
}  // namespace neurosim

namespace neurosim::cli {

// Shortest decimal text for times on the step grid: step * dt printed with as many decimals as
// dt needs (dt = 0.1 gives "0.3", not "0.30000000000000004"), trailing zeros dropped.
class TimeFormatter {
 public:
  explicit TimeFormatter(double dt_ms);
  // Writes the time of `step` at `out` (at least 32 bytes free) and returns the end.
  char* write(char* out, std::int64_t step) const;
  std::string text(std::int64_t step) const;

 private:
  double dt_;
  int decimals_;  // -1: dt has no short decimal form, print the shortest round-trip value
  // dt = units_ / 10^decimals_ exactly in decimal: times below max_exact_step_ are printed from
  // the integer step * units_, which gives the same text as rounding step * dt (far from a
  // rounding boundary there) without the library's slow fixed-precision path.
  std::int64_t units_ = 0;
  std::int64_t max_exact_step_ = 0;
};

// A name as a CSV field: quoted as RFC 4180 says only when it holds a comma, a quote or a line
// break, so that every exported CSV loads in pandas and numpy without options.
std::string csv_field(std::string_view s);

// The present time as ISO 8601 UTC ("2026-11-22T01:50:00Z"), for experiment.json's started_utc.
std::string utc_now();

// A buffered file writer: values are formatted with std::to_chars straight into a large
// buffer that goes to disk in big blocks. Throws std::runtime_error on any I/O failure.
class BufferedFile {
 public:
  explicit BufferedFile(std::filesystem::path path, io::Replace replace = io::Replace::Never);
  // The temporary file is removed unless commit() succeeded.
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;

  void put(std::string_view s) {
    std::memcpy(reserve(s.size()), s.data(), s.size());
    used_ += s.size();
  }
  void put(char c) {
    reserve(1);
    buffer_[used_++] = c;
  }
  void put_int(std::int64_t v);
  void put_double(double v);           // shortest round-trip
  void put_float(float v);             // shortest round-trip
  void put_general(double v, int significant);
  // Space for n bytes at the end of the buffer (flushes when needed); write, then advance().
  // Inline: it is asked once per row, millions of times for a large file.
  char* reserve(std::size_t n) {
    if (used_ + n > capacity_) make_room(n);
    return buffer_.get() + used_;
  }
  void advance(char* new_end) { used_ = static_cast<std::size_t>(new_end - buffer_.get()); }
  // Flushes, syncs, closes and moves DIR/<name>.tmp to DIR/<name> (io::AtomicFile). Throws with
  // the file's name and the reason; DIR/<name> is then untouched.
  void commit();

 private:
  void flush();
  void make_room(std::size_t n);
  io::AtomicFile file_;       // the temporary file, synced and renamed into place on commit
  // Rows are formatted here in place (to_chars), then handed over whole. Not zeroed: a small
  // file's megabyte buffer then costs only the pages it touches (zeroing every buffer was half
  // of a cuba run's page faults).
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;
};

// The text of spikes.csv rows, "t_ms,population,neuron\n": the time text made once per step and
// names up to a block long kept in blocks, both copied whole (a few vector moves; a copy of a
// length known only at run time is a call to memcpy). Copies of it format rows on several
// threads at once.
class SpikeRowText {
 public:
  explicit SpikeRowText(double dt_ms) : time_(dt_ms) {}
  // The populations' names as CSV fields, by population index.
  void set_names(std::vector<std::string> names);
  // The most bytes a row takes.
  std::size_t row_max() const { return row_max_; }
  // Writes the row at `out` (row_max() bytes free) and returns its end, or `out` for a
  // population it has no name for.
  char* write(char* out, std::int64_t step, int population, int neuron);

 private:
  TimeFormatter time_;
  std::vector<std::string> names_;
  static constexpr std::size_t kNameBlock = 32;
  std::vector<std::array<char, kNameBlock>> name_blocks_;  // names_ that fit, padded to a block
  std::size_t row_max_ = 32 + kNameBlock + 24;
  char time_text_[32] = {};
  std::size_t time_len_ = 0;
  std::int64_t time_step_ = -1;
};

// spikes.csv written while the network runs, so that memory stays bounded however long the run:
// drain() appends every spike the network's live ring holds since the last call (call it after
// every step; the ring must hold one step's spikes). The rows are those write_spikes_csv()
// writes from a full recording, in the same order.
class SpikeCsvWriter {
 public:
  SpikeCsvWriter(const std::filesystem::path& dir, const Network& net, io::Replace replace = io::Replace::Never);
  void drain(const Network& net);  // throws std::runtime_error if the ring overwrote unread spikes
  void add(const SpikeEvent& e);   // one row
  // The population names as the network now has them (after the editor's or a timeline's
  // changes of structure).
  void follow(const Network& net);
  std::uint64_t rows() const { return rows_; }
  void commit() { out_.commit(); }
  // Every name a population had while this wrote, with its Network::population_id, in order.
  const std::vector<std::pair<std::string, std::uint64_t>>& names_written() const { return seen_; }
  // The row format as follow() last set it (for rows made elsewhere: SpikeCsvParts).
  const SpikeRowText& row_text() const { return row_text_; }
  // Rows made elsewhere, appended as they are.
  void put_rows(std::string_view text, std::uint64_t rows) {
    if (!text.empty()) out_.put(text);  // an empty view may hold no pointer at all
    rows_ += rows;
  }

 private:
  BufferedFile out_;
  SpikeRowText row_text_;
  std::vector<std::pair<std::string, std::uint64_t>> seen_;
  std::uint64_t next_ = 0, rows_ = 0;
  std::uint64_t structure_version_ = 0;
};

// Spike counts of every population in one reporting window (metrics.csv row).
struct MetricsWindow {
  std::int64_t end_step;
  std::int64_t steps;
  std::vector<std::uint64_t> spikes;  // per population
  // When the structure may change while the run goes on: per entry of `spikes`, the
  // population's Network::population_id, its name and its size at the end of the window.
  // Empty: the entries are the network's populations by index.
  std::vector<std::uint64_t> ids = {};
  std::vector<std::string> names = {};
  std::vector<int> sizes = {};
};

struct RunSummary {
  std::string version;
  std::int64_t steps = 0;
  double build_time_s = 0;
  double wall_time_s = 0;  // the stepping loop only
  std::string started_utc;
};

// Spike counts of every population at the end of each experiment phase (one per history entry),
// for the phase rows of metrics.csv.
using PhaseSpikeTotals = std::vector<std::vector<std::uint64_t>>;

// Each returns the number of data rows written (spikes, windows, samples, synapses, onsets).
// `replace`: whether an existing file of the same name may be replaced (`--overwrite`).
std::uint64_t write_spikes_csv(const std::filesystem::path& dir, const Network& net,
                               io::Replace replace = io::Replace::Never);  // Full recording
std::uint64_t write_metrics_csv(const std::filesystem::path& dir, const Network& net, const std::vector<MetricsWindow>& windows,
                                io::Replace replace = io::Replace::Never);
std::uint64_t write_traces_csv(const std::filesystem::path& dir, const Network& net, io::Replace replace = io::Replace::Never);
void write_experiment_json(const std::filesystem::path& dir, const Network& net, const RunSummary& summary,
                           io::Replace replace = io::Replace::Never);

// weights_final.csv: projection,pre,post,w for every synapse of every plastic projection: the
// rows of weights.csv (exports.hpp) whose projection learns, written by the same code.
std::uint64_t write_weights_csv(const std::filesystem::path& dir, const Network& net, io::Replace replace = io::Replace::Never);
// stimulus_events.csv: t_ms,pattern for every onset of the experiment's input patterns.
std::uint64_t write_stimulus_events_csv(const std::filesystem::path& dir, const Network& net, const Experiment& experiment,
                                        io::Replace replace = io::Replace::Never);
// metrics.csv of an experiment: one row per phase (training epoch or evaluation) with its scores,
// energy, per-population rates and per-pattern scores.
std::uint64_t write_experiment_metrics_csv(const std::filesystem::path& dir, const Network& net, const Experiment& experiment,
                                           const PhaseSpikeTotals& totals, io::Replace replace = io::Replace::Never);
// test_predictions.csv: index,label,predicted,winner_spikes,latency_ms, one row per test image
// (predicted -1: no answer; latency_ms empty without one).
std::uint64_t write_test_predictions_csv(const std::filesystem::path& dir, const Experiment& experiment,
                                         io::Replace replace = io::Replace::Never);
// experiment.json with, besides the run summary, "epochs" (every phase) and "final_evaluation",
// and "test" after a test phase.
void write_experiment_json(const std::filesystem::path& dir, const Network& net, const RunSummary& summary,
                           const Experiment& experiment, const PhaseSpikeTotals& totals, io::Replace replace = io::Replace::Never);

}  // namespace neurosim::cli
