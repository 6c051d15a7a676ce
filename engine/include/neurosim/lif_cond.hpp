#pragma once
// Leaky integrate-and-fire neuron with conductance-based, exponentially decaying synapses
// (NEST iaf_cond_exp; the neuron of Vogels & Abbott 2005's COBA network and of Diehl & Cook 2015),
// with an optional adaptive threshold.
//
//   C_m dV/dt = -g_L (V - E_L) - g_e (V - E_exc) - g_i (V - E_inh) + I_bias + I_ext
//   dg_e/dt = -g_e / tau_syn_e,  dg_i/dt = -g_i / tau_syn_i
//
// An arriving spike adds its weight (nS) to g_e or g_i at the end of the step it arrives in. A
// conductance is never negative: an inhibitory projection may give its weights as negative
// numbers, as for the current-based models, and its magnitude is added to g_i.
//
// Integration (integrator = 0, the default: exact exponential integration with step-averaged
// conductances): over a step h, the conductances decay exactly, and V is advanced by the exact solution of its linear equation
// with each conductance replaced by its mean over the step,
//   gbar = g (tau / h) (1 - exp(-h / tau)),   G = g_L + gbar_e + gbar_i,
//   V_inf = (g_L E_L + gbar_e E_exc + gbar_i E_inh + I) / G,
//   V(t + h) = V_inf + (V(t) - V_inf) exp(-h G / C_m).
// For a constant conductance (tau_syn -> infinity, or a conductance that does not change over
// the step) this is the analytic solution, whatever h. For decaying conductances the error is
// second order in h (the exact solution involves incomplete gamma functions; NEST integrates
// with an adaptive Runge-Kutta-Fehlberg 4(5) solver instead). The exponential of -h G / C_m is
// evaluated in single precision by the vectorisable exp_approx (vector_math.hpp, relative
// error below 2e-7), one per neuron and step. A negative initial conductance (COBA's Gaussian
// initial values, as Brian2 keeps them) decays like any other. During the refractory period V is clamped to V_reset
// (the conductances keep decaying and taking input).
//
// integrator = 1 switches to forward Euler, the scheme Brian 1 gave Diehl & Cook's equations
// (their conductance terms make them nonlinear, so Brian 1 did not integrate them exactly):
//   V <- V + (h / C_m) G (V_inf - V),  with G and V_inf from the start-of-step g_e, g_i;
//   g <- g (1 - h / tau_syn).
// One guard departs from plain Euler: a step never carries V past V_inf (the factor h G / C_m is
// capped at 1). Plain Euler overshoots there and diverges beyond h G / C_m = 2, for a large
// enough conductance; below the cap the two are the same. tau_syn must be at least h.
//
// Adaptive threshold (Diehl & Cook 2015, Eq. 5; the exc neurons of Brian2's
// examples/frompapers/Diehl_Cook_2015.py): the threshold is V_th + theta, theta grows by
// theta_plus at each spike (after the threshold test of that step) and decays exactly,
// theta <- theta exp(-h / tau_theta), every step. theta_plus = 0 (the default) switches it off.
// A decay too slow for one float32 step (Diehl & Cook's tau_theta 1e7 ms at h 0.5 ms: a factor
// 1 - 5e-8, below float's resolution of 6e-8 near 1, so that rounding made theta decay up to
// twice as fast as tau_theta) is applied every theta_every steps instead, theta <- theta
// exp(-theta_every h / tau_theta), with theta_every the fewest steps whose decay reaches 1e-4
// (2,000 steps, 1 s, there): theta then lags its exact value by at most 1e-4 of itself.
// theta decays toward 0, so the threshold relaxes toward V_th. Diehl & Cook's code writes the
// threshold as theta - 72 mV with theta starting at 20 mV (their v_thresh_e -52 mV less an offset
// of 20 mV): V_th -72 with an initial theta of 20. The threshold starts at -52 mV and, as the
// starting 20 mV decays over hours of training, drifts down unless spikes hold it up. With
// theta_plus > 0, V_th may therefore lie at or below V_reset.
//
// Spike lockout t_lock (ms, 0 = none): after a spike the threshold test stays off for t_lock
// while V integrates again from t_ref on. Diehl & Cook's code gates the excitatory threshold on a
// timer that is reset at each spike and must exceed the 5 ms refractory period ("timer >
// refrac_e"). The Brian2 ports let it count 0.1 ms per ms ("dtimer/dt = 0.1 : second"): no
// second spike within 50 ms, t_lock = 50. In the authors' Brian 1 code ("dtimer/dt = 100.0 : ms"
// run with brian_no_units, so 100 s per s) the gate opens one step after the refractory period,
// i.e. t_lock = 0. The diehl-cook preset keeps 50: with and without it the shipped digits score
// alike (README, Digits).
#include "neurosim/population.hpp"

namespace neurosim {

class LifCondPopulation final : public Population {
 public:
  enum Param { C_m, g_L, E_L, E_exc, E_inh, V_th, V_reset, t_ref, tau_syn_e, tau_syn_i, I_bias, theta_plus, tau_theta, t_lock, integrator, kParamCount };
  enum Var { V, g_e, g_i, Theta, kVarCount };

  LifCondPopulation(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "lif_cond"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  bool takes_same_step_input() const override { return true; }
  void absorb_same_step(int begin, int end) override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool splits() const override { return true; }
  void evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }

  // Homeostatic state that a frozen test phase keeps as it is (Diehl & Cook test with theta
  // fixed): while frozen, theta neither grows at spikes nor decays.
  void set_theta_frozen(bool frozen) { theta_frozen_ = frozen; }
  bool theta_frozen() const { return theta_frozen_; }
  // The threshold offsets, writable between steps (a trained network's theta loaded back).
  std::span<float> theta() { return theta_; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  // Derived per parameter change: conductance decay factors over a step, the factors that turn
  // a start-of-step conductance into its mean over the step, and the threshold's decay.
  float p_ge_ = 0, p_gi_ = 0, mean_ge_ = 0, mean_gi_ = 0, p_theta_ = 1;
  float gl_ = 0, el_ = 0, eexc_ = 0, einh_ = 0, vth_ = 0, vreset_ = 0, bias_ = 0, theta_plus_ = 0;
  float h_over_c_ = 0;
  bool euler_ = false;
  int ref_steps_ = 0, lock_steps_ = 0;
  int theta_every_ = 1;  // steps between applications of theta's decay (see above)
  bool theta_frozen_ = false;
  std::vector<float> v_, ge_, gi_, theta_;
  std::vector<std::uint32_t> refractory_;  // first step after the refractory period (mod 2^32)
  std::vector<std::uint32_t> last_spike_;  // step after each neuron's last spike (0: never), for t_lock
};

}  // namespace neurosim
