#pragma once
// Hodgkin-Huxley neuron (Hodgkin & Huxley 1952, J. Physiol. 117:500-544), the squid giant axon
// with fast sodium (m, h) and delayed-rectifier potassium (n) channels, in the units and with the
// parameter values of NEST's hh_psc_alpha (pA, pF, nS, mV, ms):
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L) + I_e + I_i + I_bias + I_ext
//   dx/dt     = alpha_x(V) (1 - x) - beta_x(V) x           for x = m, h, n
//   alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40) / 10))     beta_m = 4 exp(-(V + 65) / 18)
//   alpha_h = 0.07 exp(-(V + 65) / 20)                      beta_h = 1 / (1 + exp(-(V + 35) / 10))
//   alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55) / 10))    beta_n = 0.125 exp(-(V + 65) / 80)
//   (rates in 1/ms; the removable singularities at V = -40 and -55 mV take their limits 1 and 0.1)
//
// Synaptic input is taken as by the other current-based models here (lif.hpp): an arriving spike
// adds its weight (pA) to I_e or I_i at the end of the step it arrives in, and the currents decay
// exponentially with tau_syn_e and tau_syn_i. (NEST's hh_psc_alpha shapes them as alpha functions
// instead; the membrane, the channels and their parameters are the same.)
//
// Integration: classical fourth-order Runge-Kutta on (V, m, h, n) in ceil(dt / h_max) equal
// substeps (default h_max = 0.01 ms: ten substeps at dt = 0.1 ms), in double precision; the
// synaptic currents are exact exponentials evaluated at each stage's time, and I_ext is held
// constant over the step. State readers (traces, views) see float copies taken after each step.
// Under extreme currents (tens of nA into 100 pF) the rates grow too fast for an explicit rule;
// a substep whose Runge-Kutta result is not finite, leaves |V| <= 1000 mV or takes a gate out of
// [0, 1] is taken instead by exponential Euler (each gate and V relax exactly towards their
// values for the substep's start; stable at any rate), so the state stays finite whatever the
// input.
//
// Spikes: the model has no threshold or reset: the action potential and its refractoriness come
// from the channels. A spike is counted in the step where V crosses V_spike (default 0 mV) upwards,
// as the rising phase of every action potential does (peaks reach about +40 mV); a depolarisation
// block that stays above V_spike counts once.
//
// The initial (and reset) state is NEST's: V = -65 mV with each gate at its steady state there.
#include "neurosim/population.hpp"

namespace neurosim {

// The gates' rate functions (1/ms) at V (mV); also used by the tests and views.
struct HhRates {
  double alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n;
};
HhRates hh_rates(double v);
// Steady state alpha / (alpha + beta) of each gate at V.
double hh_m_inf(double v);
double hh_h_inf(double v);
double hh_n_inf(double v);

class HhPopulation final : public Population {
 public:
  enum Param { C_m, g_Na, g_K, g_L, E_Na, E_K, E_L, I_bias, tau_syn_e, tau_syn_i, V_spike, h_max, kParamCount };
  enum Var { V, M, H, N, I_syn_e, I_syn_i, kVarCount };
  static constexpr double kRestV = -65.0;  // NEST's initial V_m (mV)

  HhPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "hh"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  bool takes_same_step_input() const override { return true; }
  void absorb_same_step(int begin, int end) override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }
  int substeps() const { return substeps_; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  // Copies the float state (after set_initial or a reset) into the double state it integrates.
  void pull_state();
  int substeps_ = 1;
  double hs_ = 0, decay_e_half_ = 1, decay_i_half_ = 1;
  // The double state integrated, and the float copies readers see (and set_initial writes).
  std::vector<double> v_, m_, h_, n_, ie_, ii_;
  std::vector<float> vf_, mf_, hf_, nf_, ief_, iif_;
  bool state_dirty_ = true;  // float copies written from outside since the last step
};

}  // namespace neurosim
