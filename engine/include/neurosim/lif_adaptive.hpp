#pragma once
// Leaky integrate-and-fire neuron with an adaptive threshold (Diehl & Cook 2015, Front. Comput.
// Neurosci. 9:99, Eq. 5 and the Brian2 example examples/frompapers/Diehl_Cook_2015.py): the LIF of
// lif.hpp (exponential current-based synapses, NEST iaf_psc_exp) whose threshold rises by
// theta_plus at every spike and relaxes back to V_th with tau_theta:
//
//   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_e + I_i + I_bias + I_ext
//   dtheta/dt = -theta / tau_theta,   spike when V >= V_th + theta, then V <- V_reset and
//   theta <- theta + theta_plus (after the threshold test of that step).
//
// Integration: exact between steps (Rotter & Diesmann 1999 propagators for V and the synaptic
// currents, theta multiplied by exp(-dt / tau_theta)), so the threshold decays exactly and the
// result depends on dt only through the spike times on the grid. I_ext is held constant over a
// step; an arriving spike adds its weight (pA) to I_e or I_i at the end of the step it arrives in;
// during the refractory period V is clamped to V_reset (theta keeps decaying).
#include "neurosim/population.hpp"

namespace neurosim {

class LifAdaptivePopulation final : public Population {
 public:
  enum Param { tau_m, C_m, E_L, V_th, V_reset, t_ref, tau_syn_e, tau_syn_i, I_bias, theta_plus, tau_theta, kParamCount };
  enum Var { V, Theta, I_syn_e, I_syn_i, kVarCount };

  LifAdaptivePopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "lif_adaptive"; }
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
  // Propagators for one step h (as in lif.hpp) and the threshold's decay factor.
  float p22_ = 0, p20_ = 0, p21e_ = 0, p21i_ = 0, p11e_ = 0, p11i_ = 0, p_theta_ = 0;
  float el_ = 0, vth_ = 0, vreset_ = 0, bias_ = 0, theta_plus_ = 0;
  int ref_steps_ = 0;
  std::vector<float> v_, theta_, ie_, ii_;
  std::vector<int> refractory_;
};

}  // namespace neurosim
