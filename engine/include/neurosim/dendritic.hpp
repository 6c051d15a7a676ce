#pragma once
// A point neuron with dendritic input compartments: an adaptive exponential soma (the AdEx of
// adex.hpp; Delta_T = 0 makes it an adaptive LIF) fed by a proximal and a distal compartment.
// Each compartment filters its synaptic input with its own time constant and passes a fixed
// share of it (its attenuation factor) to the soma:
//
//   C dV/dt     = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w
//                 + att_prox I_prox + att_dist I_dist + I_bias + I_ext
//   tau_w dw/dt = a (V - E_L) - w;    spike at V_peak: V <- V_reset, w <- w + b
//   dI_prox/dt  = -I_prox / tau_prox,  dI_dist/dt = -I_dist / tau_dist
//
// Which compartment an input reaches. The engine's input ring has two channels per neuron, and a
// projection's receptor chooses the channel. For this model:
//   receptor "exc" (Receptor::Excitatory) -> proximal compartment,
//   receptor "inh" (Receptor::Inhibitory) -> distal compartment.
// The sign of the weight, not the channel, decides whether the current depolarises or
// hyperpolarises (weights are in pA as for the LIF and AdEx), so excitation and inhibition can each
// target either compartment. Note: a projection without an explicit receptor takes "inh" when
// its mean weight is negative, so unlabelled inhibition lands distally; name the receptor in the
// scenario ("receptor": "exc" with a negative weight gives proximal, perisomatic inhibition).
//
// Attenuation. With tau_dist = tau_prox the somatic PSP of a distal input is exactly the
// proximal PSP scaled by att_dist / att_prox (the subthreshold dynamics are linear up to the
// exponential term, which is negligible near rest). With a slower distal filter the distal PSP
// is broader and later; the charge it delivers is att_dist tau_dist / (att_prox tau_prox) times the
// proximal one.
//
// Integration: as the AdEx (adex.hpp), with the same kernel: exact decay of I_prox and I_dist,
// midpoint-rule substeps of at most h_max for V and w, V capped at V_peak, runaway look-ahead,
// compensated summation.
#include "neurosim/adex_kernel.hpp"
#include "neurosim/population.hpp"

namespace neurosim {

class DendriticPopulation final : public Population {
 public:
  enum Param {
    C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_reset, V_peak, t_ref,
    tau_prox, tau_dist, att_prox, att_dist, I_bias, h_max, kParamCount
  };
  enum Var { V, W, I_prox, I_dist, kVarCount };

  DendriticPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "dendritic"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  bool takes_same_step_input() const override { return true; }
  SameStepState same_step_state() override { return {iprox_.data(), idist_.data()}; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  detail::AdexKernel kernel_;
  std::vector<float> v_, w_, v_err_, w_err_, iprox_, idist_;
  std::vector<int> refractory_;
};

}  // namespace neurosim
