#pragma once
// Leaky integrate-and-fire neuron with exponential current-based synapses (NEST iaf_psc_exp).
//
//   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_e + I_i + I_ext
//   dI_e/dt = -I_e / tau_syn_e,  dI_i/dt = -I_i / tau_syn_i
//
// Integration: exact between steps (Rotter & Diesmann 1999): the linear system is advanced by
// its propagator matrix, so the result does not depend on dt except through spike times on the
// grid. I_ext is held constant over a step. An arriving spike adds its weight (pA) to I_e or I_i
// at the end of the step it arrives in. During the refractory period V is clamped to V_reset.
#include "neurosim/population.hpp"

namespace neurosim {

class LifPopulation final : public Population {
 public:
  enum Param { tau_m, C_m, E_L, V_th, V_reset, t_ref, tau_syn_e, tau_syn_i, I_bias, kParamCount };
  enum Var { V, I_syn_e, I_syn_i, kVarCount };

  LifPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "lif"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

 protected:
  void update_derived() override;
  void reset_model_state() override;
  float* state_mut(int var) override;

 private:
  // Propagators for one step h (Rotter & Diesmann 1999, as in NEST's iaf_psc_exp).
  float p22_ = 0, p20_ = 0, p21e_ = 0, p21i_ = 0, p11e_ = 0, p11i_ = 0;
  float el_ = 0, vth_ = 0, vreset_ = 0, bias_ = 0;
  int ref_steps_ = 0;
  std::vector<float> v_, ie_, ii_;
  std::vector<std::uint32_t> refractory_;  // first step after the refractory period (mod 2^32)
};

// Perfect integrator: C_m dV/dt = I_e + I_i + I_ext, no leak; same synapses as the LIF.
// Integration: exact (V gains the integral of each current over the step).
class IfPopulation final : public Population {
 public:
  enum Param { C_m, V_th, V_reset, V_rest, t_ref, tau_syn_e, tau_syn_i, I_bias, kParamCount };
  enum Var { V, I_syn_e, I_syn_i, kVarCount };

  IfPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "if"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

 protected:
  void update_derived() override;
  void reset_model_state() override;
  float* state_mut(int var) override;

 private:
  float gain_ext_ = 0, gain_e_ = 0, gain_i_ = 0, p11e_ = 0, p11i_ = 0;
  float vth_ = 0, vreset_ = 0, bias_ = 0;
  int ref_steps_ = 0;
  std::vector<float> v_, ie_, ii_;
  std::vector<int> refractory_;
};

}  // namespace neurosim
