#pragma once
// Adaptive exponential integrate-and-fire neuron (AdEx; Brette & Gerstner 2005, J. Neurophysiol.
// 94:3637; firing classes: Naud, Marcille, Clopath & Gerstner 2008, Biol. Cybern. 99:335) with
// exponential current-based synapses like the LIF (NEST aeif_psc_exp):
//
//   C dV/dt     = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w + I_e + I_i + I_bias + I_ext
//   tau_w dw/dt = a (V - E_L) - w
//   dI_e/dt = -I_e / tau_syn_e,  dI_i/dt = -I_i / tau_syn_i
//   V >= V_peak: spike; V <- V_reset, w <- w + b, V held at V_reset for t_ref (w keeps evolving).
//
// Units: pF, nS, mV, ms, pA. Delta_T = 0 is the adaptive-LIF limit: the exponential term is
// dropped and V_T becomes a hard threshold (the spike is emitted when V reaches V_T; V_peak is
// then unused).
//
// Integration (a fixed-step scheme, vectorised over neurons):
//  - the synaptic currents decay exactly; I_ext is held constant over the step;
//  - V and w advance by the explicit midpoint rule (RK2) in ceil(dt / h_max) equal substeps
//    (default h_max = 0.05 ms: two substeps at dt = 0.1 ms), with the synaptic current taken
//    exactly at each substep's start and midpoint;
//  - the spike: V is capped at V_peak after every stage, so exp() cannot overflow, and a neuron
//    that reached V_peak is frozen (V and w) until the step's end, where it is reset. Because an
//    explicit rule lags behind the finite-time blow-up of V, a neuron that starts a substep above
//    V_T + 5 Delta_T, where the exponential current dominates, spikes in this step when the
//    blow-up time (C / g_L) exp(-(V - V_T) / Delta_T) is shorter than what is left of the step
//    (w is advanced over that time at its current slope);
//  - the V and w increments are added with compensated (Kahan) summation, so that the float32
//    state still converges near a fixed point, where increments fall below its resolution.
// Spikes fall at the end of the step in which V reaches V_peak (as for every model here). Against
// a fourth-order Runge-Kutta reference at 1 us with the same step semantics, the spike steps of
// Naud's regular classes agree to a step plus a drift below 0.05% of the elapsed time
// (tests/engine/test_adex.cpp). An arriving spike adds its weight (pA) to I_e or I_i at the end of
// the step it arrives in (as in the LIF).
#include "neurosim/adex_kernel.hpp"
#include "neurosim/population.hpp"

namespace neurosim {

class AdexPopulation final : public Population {
 public:
  enum Param {
    C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_reset, V_peak, t_ref, tau_syn_e, tau_syn_i, I_bias, h_max, kParamCount
  };
  enum Var { V, W, I_syn_e, I_syn_i, kVarCount };

  AdexPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "adex"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  bool takes_same_step_input() const override { return true; }
  SameStepState same_step_state() override { return {ie_.data(), ii_.data()}; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }
  // Internal substeps per step: ceil(dt / h_max).
  int substeps() const { return kernel_.substeps; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  detail::AdexKernel kernel_;
  std::vector<float> v_, w_, v_err_, w_err_, ie_, ii_;
  std::vector<int> refractory_;
};

}  // namespace neurosim
