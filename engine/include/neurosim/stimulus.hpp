#pragma once
// Currents injected into chosen neurons: constant, a step between two times, or noise, plus
// optionally a time series from a file (one column per target neuron, time_series.hpp) that
// starts at start_ms. Units are the target model's current units (pA for LIF and IF,
// dimensionless for Izhikevich).
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "neurosim/noise_lanes.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim {

struct StimulusParams {
  double amplitude = 0.0;  // constant part (the mean for noise)
  double noise_sd = 0.0;   // standard deviation of a fresh Gaussian draw per neuron per step
  double start_ms = 0.0;   // active from this time...
  double stop_ms = std::numeric_limits<double>::infinity();  // ...up to, not including, this one
};

class Stimulus {
 public:
  Stimulus(std::string name, int population, std::vector<int> neurons, StimulusParams params,
           std::uint64_t seed, std::uint64_t stream);

  const std::string& name() const { return name_; }
  int population() const { return population_; }
  // The editor's renaming, and new population indices after populations were added or removed.
  void rename(std::string name) { name_ = std::move(name); }
  void renumber(int population) { population_ = population; }
  const std::vector<int>& neurons() const { return neurons_; }
  const StimulusParams& params() const { return params_; }
  static std::string check(const StimulusParams& p);  // empty when valid
  void set_params(const StimulusParams& p) { params_ = p; }
  void reset() {
    noise_ = NoiseLanes(seed_, stream_);
    player_.reset();
    last_local_ = -1;
    series_from_ = 0;
  }
  // Adds the currents of `series` (one column per neuron of neurons()) from start_ms on, or
  // from `from_step` when that is later (a series swapped in while running starts at once).
  void set_series(std::shared_ptr<const TimeSeries> series, bool loop, double dt_ms, std::int64_t from_step = 0);
  const TimeSeries* series() const { return player_.series(); }
  // Adds this step's current to i_ext (indexed by neuron).
  void apply(std::int64_t step, double dt_ms, std::span<float> i_ext);
  // Checkpoints: parameters, neurons, noise stream and the series' play position.
  void visit_state(StateVisitor& v);

 private:
  std::string name_;
  int population_;
  std::vector<int> neurons_;
  StimulusParams params_;
  std::uint64_t seed_, stream_;
  // Called when neurons_ is set: sizes the noise buffer, and notes whether the neurons are
  // consecutive (then the noise is added without an index per neuron).
  void note_neurons();
  NoiseLanes noise_;
  std::vector<float> noise_values_;  // this step's noise, one per neuron (whole blocks of draws)
  int first_neuron_ = -1;            // neurons_ is first_neuron_, first_neuron_ + 1, ...; -1: not so
  SeriesPlayer player_;
  std::int64_t last_local_ = -1;  // series step of the last apply(), to notice a moved start
  std::int64_t series_from_ = 0;  // the series starts no earlier than this step
};

}  // namespace neurosim
