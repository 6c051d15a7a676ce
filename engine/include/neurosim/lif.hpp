#pragma once
// Leaky integrate-and-fire neuron with exponential current-based synapses (NEST iaf_psc_exp),
// with an optional adaptive threshold.
//
//   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_e + I_i + I_ext
//   dI_e/dt = -I_e / tau_syn_e,  dI_i/dt = -I_i / tau_syn_i
//
// Integration: exact between steps (Rotter & Diesmann 1999): the linear system is advanced by
// its propagator matrix, so the result does not depend on dt except through spike times on the
// grid. I_ext is held constant over a step. An arriving spike adds its weight (pA) to I_e or I_i
// at the end of the step it arrives in. During the refractory period V is clamped to V_reset.
//
// Adaptive threshold (the option LifThreshold::adaptive, scenario model "lif_adaptive"): as in
// Diehl & Cook 2015 (Front. Comput. Neurosci. 9:99, Eq. 5; Brian2's
// examples/frompapers/Diehl_Cook_2015.py) the threshold is V_th + theta, where
//   dtheta/dt = -theta / tau_theta,  and theta <- theta + theta_plus at each spike
// (after the threshold test of that step). theta decays exactly (multiplied by
// exp(-dt / tau_theta) every step, also while refractory). The option adds the parameters
// theta_plus and tau_theta and the state variable theta; without it the model and its kernel
// are the plain LIF's, so the cost of the option is paid only by populations that use it.
#include <memory>
#include <vector>

#include "neurosim/aligned_vector.hpp"
#include "neurosim/population.hpp"
#include "neurosim/refractory_queue.hpp"

namespace neurosim {

enum class LifThreshold { fixed, adaptive };

class LifPopulation final : public Population {
 public:
  // theta_plus and tau_theta exist only with the adaptive threshold (as does the variable Theta).
  enum Param { tau_m, C_m, E_L, V_th, V_reset, t_ref, tau_syn_e, tau_syn_i, I_bias, theta_plus, tau_theta, kParamCount };
  enum Var { V, I_syn_e, I_syn_i, Theta, kVarCount };

  LifPopulation(std::string name, int size, double dt_ms, LifThreshold threshold = LifThreshold::fixed);

  bool adaptive_threshold() const { return adaptive_; }
  std::string_view model() const override { return adaptive_ ? "lif_adaptive" : "lif"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  bool takes_same_step_input() const override { return true; }
  SameStepState same_step_state() override { return {ie_.data(), ii_.data()}; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool splits() const override { return true; }
  void evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) override;
  void set_parts(std::span<const int> bounds) override;
  // Whether the last step of every part read the refractory flags rather than the ends (false
  // for a while after the refractory period was shortened: refractory_queue.hpp; always for a
  // part of less than one block of 64 neurons, which reads the ends).
  bool refractory_flags_used() const;
  bool can_grow() const override { return true; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  bool adaptive_;
  // Propagators for one step h (Rotter & Diesmann 1999, as in NEST's iaf_psc_exp), and the
  // threshold's decay factor.
  float p22_ = 0, p20_ = 0, p21e_ = 0, p21i_ = 0, p11e_ = 0, p11i_ = 0, p_theta_ = 1;
  float el_ = 0, vth_ = 0, vreset_ = 0, bias_ = 0, theta_plus_ = 0;
  int ref_steps_ = 0;
  // On cache lines (aligned_vector.hpp): the kernel loads and stores them as whole vectors.
  AlignedVector<float> v_, ie_, ii_;
  AlignedVector<float> theta_;  // empty without the adaptive threshold
  AlignedVector<std::uint32_t> refractory_;  // first step after the refractory period (mod 2^32)
  // Which neurons are refractory, one byte each, kept by one queue per part that the network
  // steps (refractory_queue.hpp): the kernel reads these instead of refractory_.
  AlignedVector<std::uint8_t> held_;
  std::vector<std::unique_ptr<RefractoryQueue>> refractory_lists_;
  bool stepped_whole_ = false;  // the parts are [0, size): set_parts() was told so, or evolve() did
  RefractoryQueue* refractory_list(int begin, int end);  // the list of that part, if it has one
  void invalidate_refractory_lists();
  [[gnu::noinline]] void step_whole();  // set_parts({0, size})
  // Neurons [begin, end) with the list of that part (null: none, the kernel reads the ends).
  void evolve_part(std::int64_t step, int begin, int end, std::vector<int>& spikes, RefractoryQueue* list);
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
  bool takes_same_step_input() const override { return true; }
  SameStepState same_step_state() override { return {ie_.data(), ii_.data()}; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  float gain_ext_ = 0, gain_e_ = 0, gain_i_ = 0, p11e_ = 0, p11i_ = 0;
  float vth_ = 0, vreset_ = 0, bias_ = 0;
  int ref_steps_ = 0;
  std::vector<float> v_, ie_, ii_;
  std::vector<int> refractory_;
};

}  // namespace neurosim
