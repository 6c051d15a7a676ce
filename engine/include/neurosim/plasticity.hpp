#pragma once
// Spike-timing-dependent plasticity on a projection.
//
// Pair-based STDP with event-driven traces (Morrison, Diesmann & Gerstner 2008, Biol. Cybern.
// 98:459): a presynaptic spike depresses each of its synapses by the postsynaptic trace, and a
// postsynaptic spike potentiates each synapse onto it by the presynaptic trace, reached through
// the projection's transpose index. Traces are kept per neuron with the step they were last
// updated and decayed on use, so nothing is done for neurons that are silent.
//
//   additive:        dw+ = eta A+ x,           dw- = -eta A- y
//   multiplicative:  dw+ = eta A+ x (w_max - w), dw- = -eta A- y (w - w_min)
//   x = sum over earlier presynaptic spikes of exp(-dt / tau+), y likewise with tau-,
//   then w is clipped to [w_min, w_max].
//
// Pairing:
//   0 all-to-all: every pre/post pair counts (traces add up);
//   1 nearest: each spike pairs with the nearest earlier spike on the other side
//     (traces are reset to 1 instead of incremented);
//   2 restricted nearest (Burkitt et al. 2004's reduced symmetric scheme, as used by
//     Masquelier et al. 2008): as nearest, but a pairing is used once: a presynaptic spike
//     potentiates only at the first postsynaptic spike after it, and a postsynaptic spike
//     depresses only at the first presynaptic spike after it.
// A spike pair in the same step counts as pre before post (dt = 0, potentiation).
//
// Reward-modulated STDP (Izhikevich 2007, Cereb. Cortex 17:2443) feeds the same STDP term into
// a per-synapse eligibility trace c (tau_c) instead of the weight; a global dopamine level d
// (tau_d) rises with each reward; dw/dt = eta c d.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/params.hpp"
#include "neurosim/projection.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim {

class Plasticity : public Parameterised {
 public:
  virtual std::string_view rule() const = 0;
  std::string kind_description() const override { return "rule " + std::string(rule()); }
  // False while learning is switched off (evaluation phases): weights stay as they are.
  virtual bool learning() const = 0;
  virtual void on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection& projection) = 0;
  virtual void on_post_spikes(std::span<const int> post, std::int64_t step, Projection& projection) = 0;
  // Once per step after the spikes (continuous parts such as dopamine-gated weight change).
  virtual void end_step(std::int64_t /*step*/, Projection& /*projection*/) {}
  virtual void reward(double /*amount*/) {}
  // The end of a decision window (a classification presentation): `amount` is the reward (> 0),
  // punishment (< 0) or nothing (0) for the decision of postsynaptic neuron `winner` (-1: none).
  // winner_silent: the winner decided without firing, by its potential (it counts as firing at
  // the window's end). Rules that learn per window act here and start the next window afresh.
  virtual void end_window(double /*amount*/, int /*winner*/, bool /*winner_silent*/, Projection& /*projection*/) {}
  // Forgets spike history and traces (weights are restored by the network).
  virtual void reset() = 0;
  // The projection has grown (Projection::regrow): traces for the new neurons (no spike yet);
  // per-synapse state follows each old synapse k to its new index old_to_new[k].
  virtual void grow(const Projection& grown, std::span<const std::int64_t> old_to_new) = 0;
  // Checkpoints: the parameters (learning switched on or off included), then the rule's traces.
  void visit_state(StateVisitor& v);

 protected:
  // Every trace, spike time and level the rule keeps between steps.
  virtual void visit_rule_state(StateVisitor& v) = 0;
};

class StdpPlasticity : public Plasticity {
 public:
  enum Param { eta, A_plus, A_minus, tau_plus, tau_minus, w_min, w_max, multiplicative, pairing, learn, kStdpParamCount };
  enum Pairing { AllToAll = 0, Nearest = 1, RestrictedNearest = 2 };

  StdpPlasticity(const Projection& projection, double dt_ms);
  std::string_view rule() const override { return "stdp"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  bool learning() const override { return params_[learn] != 0.0; }
  void on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection& projection) override;
  void on_post_spikes(std::span<const int> post, std::int64_t step, Projection& projection) override;
  void reset() override;
  void grow(const Projection& grown, std::span<const std::int64_t> old_to_new) override;

  // The weight change for a single pair at dt = t_post - t_pre (ms) with weight w, as the
  // current parameters give it: the STDP window drawn by the GUI.
  double window(double dt_ms, double w) const;

 protected:
  StdpPlasticity(const Projection& projection, double dt_ms, std::span<const ParamDesc> descs, std::span<const double> defaults);
  void update_derived() override;
  // Applies an STDP term to synapse k; R-STDP sends it to the eligibility trace instead.
  virtual void apply_term(std::int64_t k, double term, Projection& projection);
  std::vector<ParamError> validate_stdp(std::span<const double> p) const;
  void visit_rule_state(StateVisitor& v) override;
  double clip(double w) const;

  double dt_;
  static constexpr std::int64_t kNever = INT64_MIN / 2;
  std::vector<std::int64_t> last_pre_, last_post_;  // step of each neuron's latest spike
  std::vector<double> x_, y_;                       // trace values just after that spike
};

class RstdpPlasticity final : public StdpPlasticity {
 public:
  enum Param { tau_c = kStdpParamCount, tau_d, kRstdpParamCount };

  RstdpPlasticity(const Projection& projection, double dt_ms);
  std::string_view rule() const override { return "rstdp"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  void end_step(std::int64_t step, Projection& projection) override;
  void reward(double amount) override { dopamine_ += amount; }
  void reset() override;
  void grow(const Projection& grown, std::span<const std::int64_t> old_to_new) override;
  double dopamine() const { return dopamine_; }
  std::span<const double> eligibility() const { return eligibility_; }

 protected:
  void update_derived() override;
  void apply_term(std::int64_t k, double term, Projection& projection) override;
  void visit_rule_state(StateVisitor& v) override;

 private:
  std::vector<double> eligibility_;
  double dopamine_ = 0.0;
  double c_decay_ = 1.0, d_decay_ = 1.0;
};

// Nearest-spike triplet STDP as Diehl & Cook 2015 train their input -> excitatory synapses
// (Pfister & Gerstner 2006's minimal triplet rule; the rule of the authors' released code and of
// Brian2's examples/frompapers/Diehl_Cook_2015.py):
//   presynaptic spike:   w <- clip(w - nu_pre x_post1)                 then x_pre = 1
//   postsynaptic spike:  w <- clip(w + nu_post x_pre x_post2(before))  then x_post1 = x_post2 = 1
// with traces decaying as exp(-t / tau): x_pre (tau_pre 20 ms), x_post1 (tau_post1 20 ms),
// x_post2 (tau_post2 40 ms); x_post2(before) is its value just before this spike, so a lone
// postsynaptic spike potentiates nothing and the rule is driven by pre-post-post triplets. The
// only weight dependence is the clip to [w_min, w_max] (Diehl & Cook: [0, 1]). Traces are kept
// eagerly (one multiply per neuron and step, vectorised), so a spike costs one pass over its row
// or column and no exp. With pre_at_arrival = 0 the presynaptic trace is set when the
// presynaptic neuron fires. With pre_at_arrival = 1 (the diehl-cook preset) potentiation uses the
// trace of the spike's arrival at the synapse, exp(-(t - t_emit - delay) / tau_pre) for the latest
// spike that has arrived, as the authors' Brian code and Brian2 apply the presynaptic update when
// the delayed spike arrives: with Diehl & Cook's 0-10 ms input delays a trace set at emission
// weighs each synapse by exp(-delay / tau_pre), a fixed random gain of 0.6-1 per pixel, and counts
// spikes still in flight. Each presynaptic neuron keeps its spike steps of the last max_delay + 1
// steps for this. Depression stays at emission (nu_pre is a hundredth of nu_post; x_post1 then
// differs by the delay).
class TripletStdpPlasticity final : public Plasticity {
 public:
  enum Param { nu_pre, nu_post, tau_pre, tau_post1, tau_post2, w_min, w_max, learn, pre_at_arrival, kParamCount };

  TripletStdpPlasticity(const Projection& projection, double dt_ms);
  std::string_view rule() const override { return "stdp_triplet"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  bool learning() const override { return params_[learn] != 0.0; }
  void on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection& projection) override;
  void on_post_spikes(std::span<const int> post, std::int64_t step, Projection& projection) override;
  void end_step(std::int64_t step, Projection& projection) override;
  void reset() override;
  void grow(const Projection& grown, std::span<const std::int64_t> old_to_new) override;
  std::span<const float> pre_trace() const { return x_pre_; }
  std::span<const float> post1_trace() const { return x_post1_; }
  std::span<const float> post2_trace() const { return x_post2_; }

 protected:
  void update_derived() override;
  void visit_rule_state(StateVisitor& v) override;

 private:
  // The presynaptic trace of synapse k (pre neuron i) at `step`, from its latest arrived spike.
  float arrived_trace(int i, int delay, std::int64_t step) const;
  void fit_history(const Projection& projection);

  double dt_;
  float d_pre_ = 0, d_post1_ = 0, d_post2_ = 0;
  std::vector<float> x_pre_, x_post1_, x_post2_;
  // pre_at_arrival: per presynaptic neuron a ring of its last history_ spike steps (kNoSpike when
  // none), newest at fired_head_[i].
  static constexpr std::int64_t kNoSpike = -(std::int64_t{1} << 40);
  int history_ = 0;
  std::vector<std::int64_t> fired_at_;
  std::vector<std::int32_t> fired_head_;
};

// First-spike reward-modulated STDP (Mozafari et al. 2018, IEEE TNNLS 29:6178, eqs. 5-6):
// learning happens once per decision window, on the synapses onto the winner only (the output
// neuron whose spike decided, named by end_window). With t_i the first spike of input i in the
// window and t_j the winner's first spike, and the soft bound s(w) = (w - w_min)(w_max - w) /
// (w_max - w_min) (w (1 - w) on [0, 1]):
//   reward (amount r > 0):      dw = r a_r_plus s(w)   if t_i <= t_j      (STDP)
//                               dw = -r a_r_minus s(w) otherwise, or i silent
//   punishment (amount r < 0):  dw = -|r| a_p_minus s(w)  if t_i <= t_j   (anti-STDP)
//                               dw = |r| a_p_plus s(w)    otherwise, or i silent
// then w is clipped to [w_min, w_max]. A winner named silent (it decided by its potential without
// firing: experiment silent_decision) counts as firing at the window's end, so every input that
// fired in the window is causal, as for Mozafari et al.'s threshold-free decision neurons. A
// window ended with amount 0, no winner, a winner that neither fired nor is named silent, or
// learning off changes nothing. The cost is one pass over the winner's column per window and one flag per
// spike, so it does not depend on the step count.
class FirstSpikeRstdpPlasticity final : public Plasticity {
 public:
  enum Param { a_r_plus, a_r_minus, a_p_plus, a_p_minus, w_min, w_max, learn, kParamCount };

  FirstSpikeRstdpPlasticity(const Projection& projection, double dt_ms);
  std::string_view rule() const override { return "rstdp_first_spike"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  bool learning() const override { return params_[learn] != 0.0; }
  void on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection& projection) override;
  void on_post_spikes(std::span<const int> post, std::int64_t step, Projection& projection) override;
  void end_window(double amount, int winner, bool winner_silent, Projection& projection) override;
  void reset() override;
  void grow(const Projection& grown, std::span<const std::int64_t> old_to_new) override;

 protected:
  void update_derived() override {}
  void visit_rule_state(StateVisitor& v) override;

 private:
  static constexpr std::int64_t kNever = INT64_MAX;
  std::vector<std::int64_t> first_pre_, first_post_;  // first spike step in the window under way
};

const std::vector<std::string>& plasticity_rules();  // "stdp", "rstdp", "stdp_triplet", "rstdp_first_spike"
// Null when the rule is unknown. Builds the projection's transpose index.
std::unique_ptr<Plasticity> make_plasticity(std::string_view rule, Projection& projection, double dt_ms);

}  // namespace neurosim
