#pragma once
// What the engine reports. Spikes are an event stream (every spike once, in a bounded ring,
// with a count of what a slow reader missed); voltages and rates are samples in rings where
// the latest wins. Headless runs may also keep everything (RecordMode::Full).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "neurosim/state_visitor.hpp"

namespace neurosim {

enum class RecordMode { Live, Full };

struct SpikeEvent {
  std::int64_t step;
  std::int32_t population;
  std::int32_t neuron;
};

class SpikeRecorder {
 public:
  void configure(RecordMode mode, std::size_t ring_capacity);
  void clear();
  void record(std::int64_t step, int population, std::span<const int> neurons);

  // Sequence number of the next event to be recorded (a reader keeps the last one it saw).
  std::uint64_t next_sequence() const { return written_; }
  // Calls fn(event) for every event from `from` on that is still in the ring; returns how many
  // were lost because the ring overwrote them.
  template <class Fn>
  std::uint64_t for_each_since(std::uint64_t from, Fn&& fn) const {
    const std::uint64_t oldest = written_ > ring_.size() ? written_ - ring_.size() : 0;
    std::uint64_t lost = 0;
    if (from < oldest) {
      lost = oldest - from;
      from = oldest;
    }
    for (std::uint64_t s = from; s < written_; ++s)
      if (const SpikeEvent& e = ring_[s % ring_.size()]; e.population >= 0) fn(e);  // < 0: of a removed population
    return lost;
  }
  // After populations were added or removed (the editor): new_of_old[p] is population p's new
  // index, or -1 when it is gone (its spikes are then skipped by for_each_since and dropped
  // from all()).
  void renumber(std::span<const int> new_of_old);
  // Every spike since the start (Full mode only).
  const std::vector<SpikeEvent>& all() const { return all_; }
  RecordMode mode() const { return mode_; }

 private:
  RecordMode mode_ = RecordMode::Live;
  std::vector<SpikeEvent> ring_ = std::vector<SpikeEvent>(1);
  std::vector<SpikeEvent> all_;
  std::uint64_t written_ = 0;
};

// A time series of one recorded neuron: every state variable of its model per step.
struct TraceProbe {
  int population;
  int neuron;
  int variables;               // number of state variables recorded per sample
  std::vector<float> samples;  // ring (Live) or growing (Full), `variables` floats per sample
  std::size_t capacity = 0;    // samples kept (a ring) in Live mode; 0 in Full mode (all kept)
  std::uint64_t written = 0;   // samples recorded so far
  std::int64_t first_step = 0; // step of sample number 0
  std::uint64_t id = 0;         // its number among the probes this recorder has made (a result
                                // file follows a probe by it while others come and go)
};

class StateRecorder {
 public:
  void configure(RecordMode mode, std::size_t capacity_samples);
  void clear();
  void add(int population, int neuron, int variables);
  void remove_all() { probes_.clear(); }
  std::vector<TraceProbe>& probes() { return probes_; }
  const std::vector<TraceProbe>& probes() const { return probes_; }
  // Number of samples still available, and sample i (0 = oldest available) of variable var.
  static std::size_t available(const TraceProbe& p);
  static float sample(const TraceProbe& p, std::size_t i, int var);
  static std::int64_t sample_step(const TraceProbe& p, std::size_t i);
  // Index of the first available sample taken at or after `step` (available(p) if none).
  static std::size_t first_sample_at(const TraceProbe& p, std::int64_t step);
  // Appends one sample to a probe.
  void record(TraceProbe& p, std::int64_t step, const float* const* vars);

 private:
  RecordMode mode_ = RecordMode::Live;
  std::size_t capacity_ = 1;
  std::vector<TraceProbe> probes_;
  std::uint64_t next_id_ = 0;
};

// Population rates in bins of a fixed number of steps, kept in a ring of the latest bins.
class RateMonitor {
 public:
  void configure(int populations, int steps_per_bin, double dt_ms, std::size_t bins_kept);
  void clear();
  void record(int population, std::size_t spike_count) { current_[static_cast<std::size_t>(population)] += spike_count; }
  // Call once per step after every population recorded; closes a bin when it is full.
  void end_step(std::span<const int> population_sizes);
  int steps_per_bin() const { return steps_per_bin_; }
  double bin_ms() const { return steps_per_bin_ * dt_ms_; }
  std::uint64_t bins_written() const { return bins_written_; }
  std::size_t bins_available() const;
  // Rate in Hz of bin i (0 = oldest available) for a population.
  float rate(int population, std::size_t i) const;
  // After populations were added or removed (the editor): old_of_new[p] is the old index of
  // new population p, or -1 for a new one (its kept bins read 0 Hz).
  void renumber(std::span<const int> old_of_new);
  // Checkpoints: the bin under way and the bins kept.
  void visit_state(StateVisitor& v);

 private:
  int populations_ = 0;
  int steps_per_bin_ = 1;
  double dt_ms_ = 1.0;
  int steps_in_bin_ = 0;
  std::size_t bins_kept_ = 1;
  std::uint64_t bins_written_ = 0;
  std::vector<std::size_t> current_;
  std::vector<float> ring_;  // bins_kept_ x populations_
};

}  // namespace neurosim
