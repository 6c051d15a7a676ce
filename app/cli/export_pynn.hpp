#pragma once
// `neurosim export SCENARIO --to pynn --out FILE.py`: the scenario as a standalone, readable PyNN
// (0.10) script that runs on any PyNN backend:
//   python3 FILE.py --simulator brian2|nest|neuron --duration MS --out spikes.h5
// It builds the populations, projections (with PyNN's connectors for NeuroSim's rules, so a
// backend draws its own synapses with the same statistics), stimuli and recording, runs, writes
// the spikes as SONATA (/spikes/<population>/timestamps and node_ids, with h5py) and prints each
// population's rate.
//
// Models map to PyNN standard cells with units converted (pF -> nF, pA -> nA):
//   lif -> IF_curr_exp (tau_m, C_m, E_L, V_th, V_reset, t_ref, tau_syn_e/i, I_bias)
//   izhikevich -> Izhikevich, adex -> EIF_cond_exp_isfa_ista where it fits, stdp (pair rule,
//   all-to-all) -> STDPMechanism: units and refusals in export_cells.hpp
//   poisson -> SpikeSourcePoisson (rate)
//   file (spikes) -> SpikeSourceArray with the spikes NeuroSim plays, in the script (up to 200,000)
// Weights are currents (pA -> nA), inhibitory ones negative as NeuroSim has them (PyNN's
// current-based synapses add them the same way), or voltage jumps onto Izhikevich cells; delays
// are at least one step, as NeuroSim rounds them. Shared-r parameters (Izhikevich 2003's c =
// -65 + 15 r^2) become NumPy arrays over one r per neuron. Anything else (another model, another
// rule, rates or current files) is refused with a message that names it. Options of the script besides
// the three above: --seed, --codegen auto|numpy|cython (Brian2), --weights FILE.csv (the
// plastic projections' final weights in NeuroSim's units).
#include <string>
#include <vector>

#include "neurosim/spec.hpp"

namespace neurosim::cli {

struct PynnScript {
  std::string text;                 // the script, when problems is empty
  std::vector<std::string> problems;
};

PynnScript pynn_script(const ScenarioSpec& spec);

// The command: loads SCENARIO, writes FILE (atomically); exit status as the other commands.
int export_command(const std::string& scenario, const std::string& to, const std::string& out, bool overwrite);

}  // namespace neurosim::cli
