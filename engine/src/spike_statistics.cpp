#include "neurosim/spike_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "neurosim/network.hpp"

namespace neurosim {

SpikeStatistics::SpikeStatistics(const Network& net, std::int64_t start_step, double bin_ms)
    : start_(start_step), bin_steps_(std::max<std::int64_t>(1, std::llround(bin_ms / net.dt()))), dt_(net.dt()) {
  pops_.resize(static_cast<std::size_t>(net.population_count()));
  for (int p = 0; p < net.population_count(); ++p) pops_[static_cast<std::size_t>(p)].neurons.resize(static_cast<std::size_t>(net.population(p).size()));
}

void SpikeStatistics::observe(const Network& net) {
  const std::int64_t step = net.step_index() - 1;  // the step just done
  if (step < start_) return;
  ++steps_;
  const bool bin_ends = steps_ % bin_steps_ == 0;
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    Pop& pop = pops_[p];
    const std::vector<int>& fired = net.last_spikes(static_cast<int>(p));
    if (pop.neurons.size() < static_cast<std::size_t>(net.population(static_cast<int>(p)).size()))
      pop.neurons.resize(static_cast<std::size_t>(net.population(static_cast<int>(p)).size()));  // grown
    for (const int i : fired) {
      Neuron& n = pop.neurons[static_cast<std::size_t>(i)];
      if (n.last >= 0) {
        const double isi = static_cast<double>(step - n.last);
        ++n.intervals;
        n.sum += isi;
        n.sum_sq += isi * isi;
      }
      n.last = step;
    }
    pop.spikes += fired.size();
    pop.bin_count += fired.size();
    if (bin_ends) {
      const auto c = static_cast<double>(pop.bin_count);
      pop.bins += 1.0;
      pop.count_sum += c;
      pop.count_sq += c * c;
      pop.bin_count = 0;
    }
  }
}

PopulationStatistics SpikeStatistics::population(int p) const {
  const Pop& pop = pops_[static_cast<std::size_t>(p)];
  PopulationStatistics s;
  const double seconds = static_cast<double>(steps_) * dt_ / 1000.0;
  s.rate_hz = seconds > 0 && !pop.neurons.empty() ? static_cast<double>(pop.spikes) / static_cast<double>(pop.neurons.size()) / seconds : 0.0;
  double cv_sum = 0;
  for (const Neuron& n : pop.neurons) {
    if (n.intervals < 2) continue;
    const double mean = n.sum / n.intervals;
    const double var = std::max(0.0, n.sum_sq / n.intervals - mean * mean);
    cv_sum += std::sqrt(var) / mean;
    ++s.neurons_with_isi;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  s.cv_isi = s.neurons_with_isi > 0 ? cv_sum / s.neurons_with_isi : nan;
  if (pop.bins > 0 && pop.count_sum > 0) {
    const double mean = pop.count_sum / pop.bins;
    s.fano_factor = std::max(0.0, pop.count_sq / pop.bins - mean * mean) / mean;
    const double n = static_cast<double>(pop.neurons.size());
    s.synchrony = n > 1 ? (s.fano_factor - 1.0) / (n - 1.0) : nan;
  } else {
    s.fano_factor = s.synchrony = nan;
  }
  return s;
}

}  // namespace neurosim
