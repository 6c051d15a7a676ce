#pragma once
// Izhikevich (2003) simple model:
//   dv/dt = 0.04 v^2 + 5 v + 140 - u + I,   du/dt = a (b v - u),
//   if v >= v_peak: v <- c, u <- u + d.
// Units as published: v in mV, t in ms, I dimensionless (mV/ms).
//
// Integration, a choice per population (`scheme`):
//   0 = Euler: v and u by forward Euler with dt (u uses the new v), as in Izhikevich 2004's
//       figure1.m;
//   1 = half steps: v in two Euler half-steps of dt/2, then u with dt, as in Izhikevich 2003's
//       published network code ("for numerical stability").
// Synaptic input is a current pulse for one step: a spike adds its weight to I in the step it
// arrives in (Izhikevich 2003: I = thalamic input + sum of S over the neurons that fired).
// a, b, c, d may differ per neuron (Izhikevich 2003 randomises them).
#include "neurosim/population.hpp"

namespace neurosim {

class IzhikevichPopulation final : public Population {
 public:
  enum Param { a, b, c, d, v_peak, v_init, t_ref, scheme, I_bias, kParamCount };
  enum Var { V, U, kVarCount };

  IzhikevichPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "izhikevich"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  bool set_per_neuron(int param_index, std::span<const float> values) override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool splits() const override { return true; }
  void evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void on_param_shift(int param_index, double delta) override;
  void grow_model_state(int new_size) override;
  void reset_grown_state(int first_new) override;

 private:
  std::vector<float> a_, b_, c_, d_;  // per neuron
  std::vector<float> v_, u_;
  std::vector<int> refractory_;
  float vpeak_ = 30, bias_ = 0;
  int ref_steps_ = 0;
  bool half_steps_ = true;
};

}  // namespace neurosim
