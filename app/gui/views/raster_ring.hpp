#pragma once
// The CPU side of the scrolling raster: which texture rows each neuron lands in, and a mirror of
// the ring texture (columns = time bins, rows = neurons) that new spikes are written into.
// No GL here: the renderer uploads only the columns this marks dirty.
//
// Each population gets a band of rows in proportion to its size, but never less than
// kMinBandShare of the height: one output neuron under 2000 afferents would otherwise be a
// tenth of a pixel. A band with more rows than neurons repeats each neuron over several rows;
// one with fewer rows than neurons bins neighbouring neurons into a row.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "neurosim/monitors.hpp"

namespace neurosim::gui {

class RasterRing {
 public:
  static constexpr int kColumns = 2048;  // time bins kept (texture width)
  static constexpr int kMaxRows = 4096;  // more neurons than this share rows
  static constexpr double kMinBandShare = 0.08;  // smallest band, as a share of the natural height

  // Lays out the populations top to bottom and forgets all spikes and the lost count. `same_run`
  // (the network grew, or the time scale changed) says so to the reader; the spikes come from
  // the Session's reader, whose cursor goes on either way, so nothing already drawn counts as
  // lost.
  void configure(std::span<const int> population_sizes, int steps_per_column, bool same_run = false);
  // Forgets all spikes (reset, new network, new time scale) but keeps the layout.
  void clear();

  // Reads a Session's observation: the spikes since the last look, how many the engine's ring
  // lost before they were read, and the step the network has reached. Spikes of neurons flagged
  // in `traced` (indexed by global neuron, may be empty) are also appended to `traced_out`, so
  // the trace panel can mark them. Quiet time scrolls the view too: the newest column follows
  // the step.
  void consume(std::span<const SpikeEvent> spikes, std::uint64_t lost, std::int64_t step_index, std::span<const std::uint8_t> traced,
               std::vector<SpikeEvent>& traced_out);

  // [SECTION] Layout
  int rows() const { return rows_; }
  int total_neurons() const { return total_; }
  int steps_per_column() const { return steps_per_column_; }
  int population_count() const { return static_cast<int>(offsets_.size()) - 1; }
  int population_offset(int population) const { return offsets_[static_cast<std::size_t>(population)]; }
  int global_index(int population, int neuron) const { return population_offset(population) + neuron; }
  // Rows [first, last) that show a global neuron.
  void rows_of(int global, int& first, int& last) const;
  // Rows [first, last) of a population's band.
  int band_begin(int population) const { return band_rows_[static_cast<std::size_t>(population)]; }
  int band_end(int population) const { return band_rows_[static_cast<std::size_t>(population) + 1]; }
  // Global neurons [first, last) drawn in a row.
  void neurons_in_row(int row, int& first, int& last) const;
  // Population of a global neuron index.
  int population_of(int global) const;

  // [SECTION] Data for the renderer
  // kColumns columns of rows() texels each, column after column: a new column is cleared, filled
  // and uploaded as one contiguous run of bytes (row-major, clearing one column touched a cache
  // line per neuron row, thousands per column, and was the running frame's largest CPU cost).
  const std::vector<std::uint8_t>& texels() const { return texels_; }
  std::uint8_t texel(int row, std::int64_t column) const {
    return texels_[static_cast<std::size_t>(column % kColumns) * static_cast<std::size_t>(rows_) + static_cast<std::size_t>(row)];
  }
  std::int64_t newest_column() const { return newest_; }  // absolute column index, -1 before any
  // Absolute columns [first, last] changed since the last call; false when nothing did.
  bool take_dirty(std::int64_t& first, std::int64_t& last);
  // Bumped whenever the whole texture must be re-sent (layout change, clear).
  std::uint64_t generation() const { return generation_; }
  std::uint64_t lost() const { return lost_; }
  std::uint64_t consumed() const { return consumed_; }

 private:
  void advance_to(std::int64_t column);
  void add(const SpikeEvent& e, std::span<const std::uint8_t> traced, std::vector<SpikeEvent>& traced_out);
  void rows_in_band(int population, int neuron, int& first, int& last) const;

  std::vector<int> offsets_{0};    // first global neuron per population, plus the total at the end
  std::vector<int> band_rows_{0, 1};  // first row per population, plus the row count at the end
  int total_ = 0;
  int rows_ = 1;
  int steps_per_column_ = 1;
  std::vector<std::uint8_t> texels_ = std::vector<std::uint8_t>(kColumns, 0);
  std::int64_t newest_ = -1;
  std::int64_t dirty_from_ = std::numeric_limits<std::int64_t>::max();
  std::uint64_t lost_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace neurosim::gui
