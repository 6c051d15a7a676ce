#pragma once
// Spike Response Model as used by Masquelier, Guyonneau & Thorpe 2008 (PLoS ONE 3:e1377),
// after Gerstner's SRM0:
//
//   u(t) = eta(t - t_i) + sum_j w_j sum_f eps(t - t_j^f)
//   eps(s) = K (exp(-s/tau_m) - exp(-s/tau_s))           (K sets the peak of eps to 1)
//   eta(s) = T (K1 exp(-s/tau_m) - K2 (exp(-s/tau_m) - exp(-s/tau_s)))
//
// t_i is the last postsynaptic spike; a spike is emitted when u >= T outside the refractory
// period t_ref (1 ms by default, as in Masquelier's code; eta itself starts at K1 T > T, so t_ref
// must cover the spike's own positive lobe, about 1 ms for K1 = 2, K2 = 4). With
// `reset_inputs` = 1 the EPSPs of input spikes that arrived before t_i are discarded and inputs
// arriving within t_ref after it start no EPSP, as in the original code (STDPContinuous.c); with
// 0 every input keeps adding up. Units are arbitrary (T = 500 with weights in [0, 1]).
//
// Integration: exact. Both kernels are sums of exponentials, carried as four decaying state
// variables (one per time constant for the EPSPs and for the after-potential). The original's
// event-driven code cut each EPSP after 7 tau_m (below 0.1 % of its peak); here it decays on.
#include "neurosim/population.hpp"

namespace neurosim {

class SrmPopulation final : public Population {
 public:
  enum Param { T, tau_m, tau_s, K1, K2, t_ref, reset_inputs, kParamCount };
  enum Var { U, EPSP, kVarCount };

  SrmPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "srm"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  // The peak-normalising factor K of eps for the current tau_m and tau_s.
  double kernel_scale() const { return k_; }
  bool can_grow() const override { return true; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  double k_ = 1.0;
  float decay_m_ = 0, decay_s_ = 0, threshold_ = 0, eta_m0_ = 0, eta_s0_ = 0;
  int ref_steps_ = 0;
  bool discard_ = true;
  std::vector<float> u_, epsp_;                   // recorded: total potential, EPSP part
  std::vector<float> a_, b_, eta_m_, eta_s_;       // exponentials with tau_m / tau_s
  std::vector<int> refractory_;
};

}  // namespace neurosim
