#pragma once
// Currents injected into chosen neurons: constant, a step between two times, or noise.
// Units are the target model's current units (pA for LIF and IF, dimensionless for Izhikevich).
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "neurosim/rng.hpp"

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
  const std::vector<int>& neurons() const { return neurons_; }
  const StimulusParams& params() const { return params_; }
  static std::string check(const StimulusParams& p);  // empty when valid
  void set_params(const StimulusParams& p) { params_ = p; }
  void reset() { rng_ = Rng(seed_, stream_); }
  // Adds this step's current to i_ext (indexed by neuron).
  void apply(std::int64_t step, double dt_ms, std::span<float> i_ext);

 private:
  std::string name_;
  int population_;
  std::vector<int> neurons_;
  StimulusParams params_;
  std::uint64_t seed_, stream_;
  Rng rng_;
};

}  // namespace neurosim
