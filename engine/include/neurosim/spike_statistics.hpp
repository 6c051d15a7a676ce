#pragma once
// Firing statistics of a running network, gathered step by step from Network::last_spikes(), so
// that no spike list needs to be kept: per population
//   - the mean rate (Hz): spikes / (neurons x time observed);
//   - the irregularity: the coefficient of variation (SD / mean) of each neuron's inter-spike
//     intervals, averaged over the neurons with at least three spikes (NaN when none has);
//     1 for a Poisson train, 0 for a clock;
//   - the synchrony: from the Fano factor F (variance / mean) of the population's spike count in
//     bins of `bin_ms` (1 ms by default; Kumar, Schrader, Aertsen & Rotter 2008, Neural Comput.
//     20:1-43, measure synchrony by F), the mean pairwise correlation of the neurons' counts it
//     implies, (F - 1) / (N - 1) for N neurons: about 0 for independent Poisson neurons, 1 when all
//     fire in the same bins, whatever N. NaN without spikes (or for a single neuron).
// Observation starts at `start_step` (a warm-up before it is ignored).
#include <cstdint>
#include <vector>

namespace neurosim {

class Network;

struct PopulationStatistics {
  double rate_hz = 0;
  double cv_isi = 0;       // NaN when no neuron has three spikes
  double synchrony = 0;    // (F - 1) / (N - 1), F the Fano factor of binned population counts
  double fano_factor = 0;  // F itself
  int neurons_with_isi = 0;
};

class SpikeStatistics {
 public:
  SpikeStatistics(const Network& net, std::int64_t start_step, double bin_ms = 1.0);
  // After each Network::step(): takes the spikes of the step just done.
  void observe(const Network& net);
  PopulationStatistics population(int p) const;
  std::int64_t steps_observed() const { return steps_; }

 private:
  struct Neuron {
    std::int64_t last = -1;
    std::uint32_t intervals = 0;
    double sum = 0, sum_sq = 0;  // of the intervals, in steps
  };
  struct Pop {
    std::vector<Neuron> neurons;
    std::uint64_t spikes = 0;
    std::uint64_t bin_count = 0;       // spikes in the open bin
    double bins = 0, count_sum = 0, count_sq = 0;  // closed bins
  };
  std::int64_t start_, bin_steps_, steps_ = 0;
  double dt_;
  std::vector<Pop> pops_;
};

}  // namespace neurosim
