#pragma once
// Leaky integrate-and-fire neuron with delta (current-jump) synapses, NEST's iaf_psc_delta: the
// LIF option that Brunel 2000 (J. Comput. Neurosci. 8:183-208) analyses. Scenario model
// "lif_delta".
//
//   tau_m dV/dt = -(V - E_L) + (tau_m / C_m) (I_bias + I_ext)
//   an arriving spike of weight J (mV) makes V jump by J.
//
// Integration: exact. V decays towards E_L by exp(-dt / tau_m) and gains the constant current's
// share (tau_m / C_m)(1 - exp(-dt / tau_m)) I; the jumps of the spikes arriving in the step are
// added at its end, then the threshold is tested (V >= V_th: spike, V <- V_reset). During the
// refractory period t_ref, V is held at V_reset and arriving spikes are ignored, as in NEST.
// Weights are in mV (a projection's weight is the jump J; inhibitory ones are negative).
//
// External drive (Brunel's nu_ext, as NEST's pynest/examples/brunel_delta_nest.py gives it):
// every neuron receives its own Poisson train of rate `nu_ext` (Hz) whose spikes each make V jump
// by `J_ext` (mV). In each step a neuron draws the number of its external spikes from a Poisson
// distribution of mean nu_ext dt (several may fall in one step: Brunel's C_E nu_ext is 20 kHz),
// from the population's own random stream. The external spikes are ordinary input: a refractory
// neuron ignores them too.
#include "neurosim/population.hpp"
#include "neurosim/rng.hpp"

namespace neurosim {

class LifDeltaPopulation final : public Population {
 public:
  enum Param { tau_m, C_m, E_L, V_th, V_reset, t_ref, I_bias, nu_ext, J_ext, kParamCount };
  enum Var { V, kVarCount };

  LifDeltaPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "lif_delta"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  std::span<const StateVarDesc> state_descs() const override;
  const float* state(int var) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;
  bool can_grow() const override { return true; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;
  float* state_mut(int var) override;
  void grow_model_state(int new_size) override;

 private:
  // Number of external spikes in one step: Poisson with mean nu_ext dt, by inversion.
  int external_count();

  std::uint64_t seed_, stream_;
  Rng rng_;
  float p22_ = 0, p20_ = 0, el_ = 0, vth_ = 0, vreset_ = 0, bias_ = 0, j_ext_ = 0;
  double ext_mean_ = 0, ext_p0_ = 1;  // nu_ext dt and exp(-nu_ext dt)
  std::uint32_t ref_steps_ = 0;
  std::vector<float> v_;
  std::vector<std::uint32_t> refractory_;  // first step after the refractory period (mod 2^32), as the LIF
};

}  // namespace neurosim
