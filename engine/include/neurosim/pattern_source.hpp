#pragma once
// Afferents with a hidden repeating spike pattern (Masquelier, Guyonneau & Thorpe 2008, PLoS
// ONE 3:e1377, Methods), generated as the simulation runs, one pattern window at a time.
//
// Background: each afferent is an inhomogeneous Poisson process whose rate r (Hz) drifts: every
// millisecond its rate of change s gets a uniform kick in [-max_accel, max_accel] Hz/s (s kept
// within +-max_speed Hz/s) and r moves by s (kept within [rate_min, rate_max]). An afferent that
// has been silent for max_isi_ms fires, so that no afferent goes quiet long enough to give the
// pattern away by rate.
// Patterns: `patterns` frozen segments of length pattern_ms, each cut from the background
// activity of its own random subset of `pattern_share` of the afferents. Time is divided into
// windows of pattern_ms; a window holds a pattern with a probability chosen so that patterns fill
// `pattern_frequency` of the time overall, never in two consecutive windows (as in the paper);
// which pattern is uniform among them. In a pattern window the pattern afferents replay the
// frozen spikes, each shifted by Gaussian jitter (jitter_ms), instead of their background.
// Noise: independent Poisson spikes at noise_rate on every afferent, always.
//
// Every pattern onset is kept (step and pattern index) for the metrics.
#include <cstdint>
#include <vector>

#include "neurosim/population.hpp"

namespace neurosim {

struct PatternOnset {
  std::int64_t step;
  int pattern;
};

class PatternPopulation final : public Population {
 public:
  enum Param {
    rate_min, rate_max, max_speed, max_accel, max_isi_ms, noise_rate, patterns, pattern_ms,
    pattern_share, pattern_frequency, jitter_ms, kParamCount
  };

  PatternPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "pattern"; }
  bool is_source() const override { return true; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override { return {}; }
  const float* state(int) const override { return nullptr; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

  const std::vector<PatternOnset>& onsets() const { return onsets_; }
  // Which afferents take part in pattern p.
  const std::vector<int>& pattern_afferents(int p) const { return members_[static_cast<std::size_t>(p)]; }
  int window_steps() const { return window_steps_; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  float* state_mut(int) override { return nullptr; }

 private:
  struct Event {
    std::int32_t step;  // within the window
    std::int32_t neuron;
  };
  // Background spikes of every afferent for the next window_steps_ steps, appended to `out`
  // (steps relative to the window start).
  void generate_background(std::vector<Event>& out);
  void build_patterns();
  void fill_window();

  std::uint64_t seed_, stream_;
  Rng rng_;
  int window_steps_ = 1;
  // Background state per afferent.
  std::vector<double> rate_, speed_, hazard_;
  std::vector<std::int64_t> last_spike_;  // absolute step
  // Frozen patterns: spikes (relative steps) of member afferents.
  std::vector<std::vector<int>> members_;
  std::vector<std::vector<char>> is_member_;
  std::vector<std::vector<Event>> frozen_;
  // The current window: events sorted by step, consumed in order.
  std::vector<Event> window_, scratch_;
  std::size_t cursor_ = 0;
  std::int64_t window_start_ = 0;
  bool previous_was_pattern_ = false;
  std::vector<PatternOnset> onsets_;
};

}  // namespace neurosim
