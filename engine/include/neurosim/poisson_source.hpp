#pragma once
// Independent Poisson spike trains. Each neuron keeps the time of its next spike and draws the
// interval after it from an exponential distribution, so a step costs one comparison per neuron
// and one random draw per spike (not one draw per neuron per step). Changing the rate redraws
// the pending times from now, which is exact because the process is memoryless.
#include "neurosim/population.hpp"

namespace neurosim {

class PoissonPopulation final : public Population {
 public:
  enum Param { rate, kParamCount };
  enum Var { kVarCount };

  PoissonPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "poisson"; }
  bool is_source() const override { return true; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int) const override { return nullptr; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

 protected:
  void update_derived() override;
  void reset_model_state() override;
  float* state_mut(int) override { return nullptr; }

 private:
  void redraw_from(double t_ms);
  std::uint64_t seed_, stream_;
  Rng rng_;
  std::vector<double> next_ms_;  // time of each neuron's next spike
  std::int64_t current_step_ = 0;
};

}  // namespace neurosim
