#pragma once
// Independent Poisson spike trains. Each neuron keeps the time of its next spike and draws the
// interval after it from an exponential distribution: one random draw per spike, not one per
// neuron per step. The pending spikes wait in a timing wheel of per-step buckets, so a step
// touches only the neurons due in it (1000 inputs at 15 Hz fire ~1.5 per 0.1 ms step; scanning
// all 1000 every step cost more than the rest of the network). Changing the rate redraws the
// pending times from now, which is exact because the process is memoryless.
#include "neurosim/population.hpp"

namespace neurosim {

class PoissonPopulation final : public SpikeSource {
 public:
  enum Param { rate, kParamCount };
  enum Var { kVarCount };

  PoissonPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "poisson"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;

 private:
  void redraw_from(double t_ms);
  // The step whose interval [s dt, (s + 1) dt) holds t (never before `from`).
  std::int64_t step_of(double t_ms, std::int64_t from) const;
  void schedule(int neuron);

  static constexpr int kWheelSize = 2048;  // buckets (steps); later spikes wait a turn
  std::uint64_t seed_, stream_;
  Rng rng_;
  std::vector<double> next_ms_;        // time of each neuron's next spike
  std::vector<std::int64_t> due_;      // step of that spike (kNeverStep: none)
  std::vector<int> link_;              // next neuron in the same bucket, -1 at the end
  std::vector<int> bucket_;            // first neuron per bucket, -1 when empty
  std::vector<int> firing_;            // scratch: the neurons due in this step
  std::int64_t current_step_ = 0;
};

}  // namespace neurosim
