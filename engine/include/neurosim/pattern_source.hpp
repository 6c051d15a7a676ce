#pragma once
// Afferents with a hidden repeating spike pattern (Masquelier, Guyonneau & Thorpe 2008, PLoS
// ONE 3:e1377, Methods), generated as the simulation runs, one pattern window at a time.
//
// Background: each afferent is an inhomogeneous Poisson process whose rate r (Hz) drifts: every
// millisecond its rate of change s gets a uniform kick in [-max_accel, max_accel] Hz/s (s kept
// within +-max_speed Hz/s, starting uniform in that range) and r moves by s (kept within
// [rate_min, rate_max]). An afferent whose background train has been silent for max_isi_ms
// fires, so that no afferent goes quiet long enough to give the pattern away by rate; as in the
// authors' code, this rule sees the background train only (neither noise nor pattern spikes),
// and the train starts from a virtual spike up to max_isi_ms before time 0.
// Patterns: `patterns` frozen segments of length pattern_ms, each cut from the background
// activity of its own random subset of `pattern_share` of the afferents. Time is divided into
// windows of pattern_ms; a window holds a pattern with a probability chosen so that patterns fill
// `pattern_frequency` of the time overall, never in two consecutive windows (as in the paper);
// which pattern is uniform among them. In a pattern window the pattern afferents replay the
// frozen spikes, each shifted by Gaussian jitter (jitter_ms), instead of their background;
// jittered spikes may fall just outside the window, as in the original (windows are generated
// one ahead, so that a spike jittered before the onset lands in the window before).
// Noise: independent Poisson spikes at noise_rate on every afferent, always.
//
// Masquelier et al.'s generator (as published with Hathway & Goodman 2018's replication) draws
// the background in 1 ms Bernoulli bins; here the Poisson process is exact (time rescaling of the
// integrated rate), which differs only when a rate approaches 1 spike per ms.
//
// Every pattern onset is kept (step and pattern index) for the metrics, once its window starts.
// Parameter changes apply from the window after the one already generated (at most two windows).
#include <cstdint>
#include <vector>

#include "neurosim/population.hpp"

namespace neurosim {

struct PatternOnset {
  std::int64_t step;
  int pattern;
};

class PatternPopulation final : public SpikeSource {
 public:
  enum Param {
    rate_min, rate_max, max_speed, max_accel, max_isi_ms, noise_rate, patterns, pattern_ms,
    pattern_share, pattern_frequency, jitter_ms, kParamCount
  };

  PatternPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "pattern"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

  const std::vector<PatternOnset>& onsets() const { return onsets_; }
  // Which afferents take part in pattern p.
  const std::vector<int>& pattern_afferents(int p) const { return members_[static_cast<std::size_t>(p)]; }
  int window_steps() const { return window_steps_; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;

 private:
  struct Event {
    std::int32_t step;  // within the window
    std::int32_t neuron;
  };
  // Background spikes of every afferent for the window_steps_ steps from step `start`, appended
  // to `out` (steps relative to `start`).
  void generate_background(std::vector<Event>& out, std::int64_t start);
  void build_patterns();
  // Generates the window that follows the current one into next_.
  void prepare_next();
  // Moves on to the next window (and generates the one after it).
  void advance();
  void sort_window();  // window_ by step, then neuron

  std::uint64_t seed_, stream_;
  Rng rng_;
  int window_steps_ = 1;
  // Background state per afferent.
  std::vector<double> rate_, speed_, hazard_, kicks_;
  std::vector<std::int64_t> last_spike_;  // absolute step of the background train's last spike
  // Frozen patterns: spikes (relative steps) of member afferents.
  std::vector<std::vector<int>> members_;
  std::vector<std::vector<char>> is_member_;
  std::vector<std::vector<Event>> frozen_;
  // The current window: events sorted by step, consumed in order.
  std::vector<Event> window_, scratch_;
  std::vector<std::size_t> counts_;
  std::size_t cursor_ = 0;
  std::int64_t window_start_ = 0;
  // The next window (steps relative to its start), its pattern (-1: none), and jittered spikes
  // that fall into the window after it.
  std::vector<Event> next_, carry_, spill_;
  int next_pattern_ = -1;
  int current_pattern_ = -1;
  std::vector<PatternOnset> onsets_;
};

}  // namespace neurosim
