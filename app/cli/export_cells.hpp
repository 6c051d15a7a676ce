#pragma once
// NeuroSim's models and learning rules as PyNN's standard types, shared by the PyNN script
// (export_pynn.hpp) and the SONATA export (export_sonata.hpp). Units are PyNN's: ms, mV, nF, nA,
// uS, Hz.
//
//   izhikevich -> Izhikevich: a (1/ms), b (1/ms), c (mV), d (mV/ms) as they are; I_bias (mV/ms)
//       -> i_offset (nA) x 1e-3, because PyNN's Izhikevich divides its current by 1 pF (NEST's
//       izhikevich takes I_e in pA, Brian2's backend (i_offset + i_inj) / pF), so 1 nA is 1000
//       mV/ms. A spike onto it jumps v by its weight in mV (PyNN: voltage-based synapses);
//       NeuroSim adds the weight (mV/ms) to the input for one step, a jump of weight x dt mV.
//       v_init -> initial v, and u = b v_init as NeuroSim starts it. PyNN's cell fires at 30 mV
//       and has no refractory period: v_peak other than 30 or t_ref other than 0 is refused. Its
//       numerics are the backend's (forward Euler on Brian2 and NEST), NeuroSim's `scheme` is not
//       carried.
//   adex -> EIF_cond_exp_isfa_ista: cm = C x 1e-3 (nF), tau_m = C / g_L (ms), v_rest = E_L,
//       v_thresh = V_T, delta_T, a x 1e-3 (nS -> uS), tau_w, b x 1e-3 (pA -> nA), v_reset,
//       v_spike = V_peak, tau_refrac = t_ref, i_offset = I_bias x 1e-3. It fits only a population
//       no projection targets: NeuroSim's AdEx synapses are current-based, PyNN's cell's
//       conductance-based, so synaptic input cannot be carried. Delta_T = 0 (the adaptive LIF)
//       is refused as well: PyNN's cell divides by delta_T.
//   stdp (pairing 0, all-to-all) -> STDPMechanism(SpikePairRule(tau_plus, tau_minus, A_plus,
//       A_minus), AdditiveWeightDependence or MultiplicativeWeightDependence(w_min, w_max)):
//       NeuroSim's additive rule changes w by eta A+ x (in weight units); PyNN's by A_plus w_max
//       x, so A_plus = eta A+ / w_max (and A_minus alike). The multiplicative rule is the same
//       on both sides (dw+ = eta A+ (w_max - w) x, dw- = -eta A- (w - w_min) y), so A_plus =
//       eta A+. w_min, w_max take the weight's unit factor. learn = 0 exports a static synapse.
//       Refused, naming rule and projection: nearest or restricted pairing (SpikePairRule pairs
//       all-to-all), stdp_triplet, rstdp and rstdp_first_spike (no PyNN standard type),
//       plasticity on inhibitory (negative) weights. On Brian2 the scripts run the mechanism with
//       NeuroSim's timing and delivery (brian2_stdp_py); NEST runs its own stdp_synapse.
//   file (spikes) -> SpikeSourceArray with the spikes NeuroSim plays (played_spikes).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "neurosim/spec.hpp"

namespace neurosim::cli {

// A NeuroSim parameter -> a PyNN cell's, with the unit factor.
struct CellParam {
  const char* ours;
  const char* pynn;
  double scale;
};

// The directly mapped parameters of izhikevich (Izhikevich) and adex (EIF_cond_exp_isfa_ista,
// whose tau_m = C / g_L is derived separately).
std::span<const CellParam> izhikevich_params();
std::span<const CellParam> adex_params();

// NeuroSim's default for a model's parameter (from the model itself).
double model_default(const std::string& model, const std::string& param, double dt_ms);

// A population parameter's value when it is one number (given or the model's default); null
// when it varies per neuron.
std::optional<double> constant_param(const PopulationSpec& p, const std::string& name, double dt_ms);

// What keeps population `index` (an izhikevich or adex one) from its PyNN cell: empty when it
// maps; otherwise one message each, starting with `where` and naming the reason.
std::vector<std::string> cell_problems(const ScenarioSpec& spec, std::size_t index, const std::string& where);

// The factor from a NeuroSim weight onto a population of `post_model` to PyNN's weight:
// pA -> nA (lif, adex), nS -> uS (lif_cond), a one-step input in mV/ms -> a jump in mV
// (izhikevich: x dt).
double weight_scale(const std::string& post_model, double dt_ms);

// A projection's STDP as PyNN's STDPMechanism (weights in PyNN's units); null when static
// (no rule, or learning off) or refused (problems then name the rule and the projection).
struct PynnStdp {
  double tau_plus, tau_minus, A_plus, A_minus, w_min, w_max;
  bool multiplicative;
};
std::optional<PynnStdp> pynn_stdp(const ScenarioSpec& spec, const ProjectionSpec& projection, const std::string& where, std::vector<std::string>& problems);
// Whether any projection exports as an STDPMechanism.
bool any_pynn_stdp(const ScenarioSpec& spec);

// A file population's spikes as NeuroSim plays them over the scenario's duration (a looping file
// repeats), in time order: t_ms is the start of the step in which NeuroSim emits the spike. PyNN's
// spike trains hold one spike per time, so a neuron firing twice in one step is refused; so are
// more than `max_spikes` spikes (std::runtime_error naming the population).
struct PlayedSpikes {
  std::vector<double> t_ms;
  std::vector<std::int64_t> neuron;
};
PlayedSpikes played_spikes(const ScenarioSpec& spec, const PopulationSpec& p, std::size_t max_spikes);

// Python for an exported script, after `sim` (the PyNN backend) and `args` exist: with Brian2,
// projections between whole populations are made with one connect each (see export_cells.cpp).
const char* brian2_fast_connect_py();

// Python for an exported script with plastic projections, after `sim` and `args` exist: with
// Brian2, STDPMechanism pairs and delivers spikes as NeuroSim does (see export_cells.cpp).
const char* brian2_stdp_py();

}  // namespace neurosim::cli
