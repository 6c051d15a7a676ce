#pragma once
// [SECTION] Index
//   SampleSeries ...... (t, value) samples in fixed memory: halves its resolution when full
//   Ring .............. the last N items of a stream
//   WeightMap ......... how a projection's weights are laid out as an image (matrix or tiles)
//   WeightWatch ....... what the learning views read from a plastic projection: weights at the
//                       start of training, histograms, maps (start, now, difference), chosen
//                       synapses over time
//   LatencyTracker .... first output spike after each pattern onset, read live from the spikes
//
// Everything here reads the Session's observations (the scenario facts, observed copies of the
// weights, the spike and pattern-onset streams) and keeps memory flat however long a session
// runs: sample series and rings have fixed capacities, buffers are sized when a network is adopted.
// No GL and no ImGui: the panels draw these, the learning renderers upload the maps.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/views/heatmap_data.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

// [SECTION] SampleSeries

// A time series of fixed capacity covering the whole session: when it is full, every second
// sample is dropped and the spacing between samples doubles, so memory stays flat and the
// oldest part of the run stays visible (at a coarser resolution).
class SampleSeries {
 public:
  explicit SampleSeries(std::size_t capacity = 1024);
  void clear();
  // Keeps the sample when t is at least one spacing after the last one kept.
  void add(double t, float value);
  std::size_t size() const { return t_.size(); }
  double t(std::size_t i) const { return t_[i]; }
  float value(std::size_t i) const { return v_[i]; }
  double spacing() const { return spacing_; }

 private:
  std::size_t capacity_;
  std::vector<double> t_;
  std::vector<float> v_;
  double spacing_ = 0.0;
};

// [SECTION] Ring

// The last `capacity` items pushed; index 0 is the oldest kept.
template <class T>
class Ring {
 public:
  explicit Ring(std::size_t capacity) : data_(capacity) {}
  void clear() { head_ = count_ = 0; }
  void push(const T& item) {
    data_[head_] = item;
    head_ = (head_ + 1) % data_.size();
    if (count_ < data_.size()) ++count_;
  }
  std::size_t size() const { return count_; }
  std::size_t capacity() const { return data_.size(); }
  const T& operator[](std::size_t i) const { return data_[(head_ + data_.size() - count_ + i) % data_.size()]; }
  const T& back() const { return (*this)[count_ - 1]; }

 private:
  std::vector<T> data_;
  std::size_t head_ = 0, count_ = 0;
};

// [SECTION] WeightMap

// The cells of a weight image. A projection onto a few neurons (Masquelier's 2000 afferents onto
// one neuron) would be a thin strip as a pre x post matrix, so it is shown as tiles instead: one
// square tile per postsynaptic neuron, its afferents row by row. Anything else is the pre x post
// matrix, block-averaged to at most `max_side` cells a side (absent synapses count as 0, as in
// Projection::block_average).
struct WeightMap {
  int pre_size = 0, post_size = 0;
  int rows = 0, cols = 0;
  bool tiled = false;
  int tile = 1;                   // tiled: afferents per tile row (and rows per tile)
  std::vector<float> pairs;       // matrix: (pre, post) pairs per cell, for the mean
  std::vector<float> sum;         // scratch, rows x cols

  void configure(int pre, int post, int max_side);
  int cell(int pre, int post) const;
  // The (pre, post) pair a cell stands for; false when it covers several or none.
  bool exact_pair(int row, int col, int& pre, int& post) const;
  // Neurons covered by a cell: [pre_first, pre_last) x [post_first, post_last).
  void cell_range(int row, int col, int& pre_first, int& pre_last, int& post_first, int& post_last) const;
  // Mean weight per cell into `out` (rows x cols); `weights` is indexed like the projection's.
  void fill(const WeightStructure& projection, std::span<const float> weights, std::vector<float>& out);
};

// [SECTION] WeightWatch

struct ChosenSynapse {
  std::int64_t synapse = -1;
  int pre = 0, post = 0;
  float weight = 0.0f;  // at the last update
  SampleSeries series{1024};
};

// What the weight watch reads: the scenario facts, the latest observed copy of each projection's
// weights (the App keeps them), and the observed time.
struct WeightSources {
  const ScenarioFacts& facts;
  const std::map<int, WeightSnapshot>& copies;
  double t_ms = 0.0;
};

class WeightWatch {
 public:
  static constexpr int kBins = 40;
  static constexpr std::size_t kMaxChosen = 6;

  // After a new network or a reset: weights at the start of training for every plastic
  // projection (the first copy observed after this call), and the views of `projection`.
  void adopt(const WeightSources& src, int projection);
  // After a reset: new start snapshots; the chosen synapses stay, their histories start again.
  void restart(const WeightSources& src);
  // Another projection, same snapshots.
  void select(const WeightSources& src, int projection);
  // The current weights of the selected projection become the "start" (the Snapshot button).
  void snapshot(const WeightSources& src);
  // After AddNeurons: the start snapshots and the chosen synapses move to the synapses' new
  // places (AddNeurons keeps each old synapse at the head of its row, in order, and appends new
  // rows), the new synapses start at their initial weights, and the views take the new sizes.
  void on_grown(const WeightSources& src);
  // Per frame, before observing: what to copy (the selected projection's weights at `refresh_s`
  // or when forced, start snapshots still to take, the chosen synapses' weights).
  void add_wants(ObserveWants& wants, double wall_dt_s, bool force);
  // Per frame, after observing: samples the chosen synapses (`synapse_weights`: the observation's
  // answer to add_wants' synapses, empty when none came); histograms and maps from a new copy.
  void update(const WeightSources& src, const std::vector<float>& synapse_weights);

  // Picks a synapse to follow; "" when done, else why not.
  const char* choose(const WeightSources& src, int pre, int post);
  // The same from a panel that does not read the network: done at the next update(), whose
  // outcome choose_message() then gives ("" when followed).
  void request_choice(int pre, int post) { pending_choice_ = {pre, post}; }
  const std::string& choose_message() const { return choose_message_; }
  void unchoose(std::size_t index);

  // [SECTION] Outputs
  int projection() const { return projection_; }
  double start_ms() const { return start_ms_; }
  double lo() const { return lo_; }  // histogram range: the rule's w_min, w_max
  double hi() const { return hi_; }
  const std::vector<int>& counts_now() const { return now_counts_; }
  const std::vector<int>& counts_start() const { return start_counts_; }
  std::size_t synapses() const { return synapses_; }
  int pre_size() const { return pre_size_; }
  int post_size() const { return post_size_; }
  double now_ms() const { return now_ms_; }  // time of the last update
  double mean_now() const { return mean_now_; }
  double mean_start() const { return mean_start_; }
  const WeightMap& map() const { return map_; }
  const HeatmapData& start_map() const { return start_map_; }
  const HeatmapData& now_map() const { return now_map_; }
  const HeatmapData& diff_map() const { return diff_map_; }
  double max_change() const { return max_change_; }
  const std::vector<ChosenSynapse>& chosen() const { return chosen_; }
  const SampleSeries& mean_series() const { return mean_series_; }
  std::uint64_t version() const { return version_; }
  float refresh_s = 0.2f;  // histograms and maps: five times a second

 private:
  const WeightSnapshot* copy(const WeightSources& src, int projection) const;
  void take_starts(const WeightSources& src);
  void move_grown(const WeightSources& src);
  void rebuild_views(const WeightSources& src);
  void histogram(const float* w, std::size_t n, std::vector<int>& counts, double& mean) const;
  void refresh(const WeightSources& src);

  int projection_ = -1;
  std::vector<std::vector<float>> start_;  // per projection; empty when static
  std::vector<std::vector<std::int64_t>> start_rows_;  // row_ptr of the synapses start_ is indexed by
  std::vector<double> start_ms_per_;       // when each snapshot was taken
  // Per projection: the start is the next copy whose (step, version) differs from this one.
  std::map<int, std::pair<std::int64_t, std::uint64_t>> start_pending_;
  bool views_pending_ = false;
  bool grown_ = false;                     // AddNeurons: the starts move with the next copies             // the views wait for a copy of the selected projection
  std::pair<std::int64_t, std::uint64_t> refreshed_{-1, 0};  // the copy the views show
  std::vector<std::int64_t> asked_synapses_;  // the chosen synapses add_wants asked for, in order
  double start_ms_ = 0.0;
  std::size_t synapses_ = 0;
  int pre_size_ = 0, post_size_ = 0;
  double now_ms_ = 0.0;
  std::optional<std::pair<int, int>> pending_choice_;
  std::string choose_message_;
  double lo_ = 0.0, hi_ = 1.0;
  std::vector<int> now_counts_, start_counts_;
  double mean_now_ = 0.0, mean_start_ = 0.0, max_change_ = 0.0;
  WeightMap map_;
  HeatmapData start_map_, now_map_, diff_map_;
  std::vector<ChosenSynapse> chosen_;
  SampleSeries mean_series_{1024};
  double age_s_ = 1e9;
  std::uint64_t version_ = 0;
};

// [SECTION] LatencyTracker

struct PatternOccurrence {
  double onset_ms = 0.0;
  float latency_ms = std::numeric_limits<float>::quiet_NaN();  // NaN: no output spike in the window
  int pattern = 0;
  int neuron = -1;  // the output neuron that fired first
};

// For every pattern onset of `input` (a pattern population), the first spike of `output` within
// the pattern window: Masquelier et al. 2008's latency, which shrinks as the neuron learns.
// Reads the spike stream with its own cursor; keeps the last kCapacity occurrences.
class LatencyTracker {
 public:
  static constexpr std::size_t kCapacity = 4096;

  // `input` must be a pattern source (PopulationFact::patterns > 0); else the tracker stays idle.
  void attach(const ScenarioFacts& facts, int input, int output);
  void clear();
  // The pattern onsets and spikes observed since the last call, and the step reached.
  void update(std::span<const PatternOnsetSeen> onsets, std::span<const SpikeEvent> spikes, std::uint64_t spikes_lost,
              std::int64_t step);
  bool active() const { return input_ >= 0 && output_ >= 0; }
  int input() const { return input_; }
  int output() const { return output_; }
  int patterns() const { return patterns_; }
  double window_ms() const { return window_ms_; }
  const Ring<PatternOccurrence>& occurrences() const { return occurrences_; }
  std::uint64_t lost() const { return lost_; }

 private:
  struct Open {
    std::int64_t start = 0;
    int pattern = 0;
    std::int64_t first_spike = -1;
    int neuron = -1;
  };
  int input_ = -1, output_ = -1, patterns_ = 0;
  int window_steps_ = 1;
  double window_ms_ = 0.0, dt_ = 1.0;
  std::int64_t last_step_ = 0;
  std::vector<Open> open_;  // onsets whose window is still running (at most a few)
  Ring<PatternOccurrence> occurrences_{kCapacity};
  std::uint64_t lost_ = 0;
};

// The first pattern population feeding a projection's presynaptic side, or any (-1: none).
int find_pattern_input(const ScenarioFacts& facts, int projection);

}  // namespace neurosim::gui
