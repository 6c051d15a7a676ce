#pragma once
// `neurosim export SCENARIO --to sonata --out DIR`: the network exactly as NeuroSim builds it (the
// same synapses, weights and delays, read from the built projections) in SONATA
// (AllenInstitute/sonata, docs/SONATA_DEVELOPER_GUIDE.md):
//   DIR/network/<pop>_nodes.h5          /nodes/<pop>/{node_id, node_type_id, node_group_id,
//                                       node_group_index, 0/}
//   DIR/network/<pre>_<post>_edges.h5   /edges/<pre>_<post>/{source_node_id, target_node_id (with
//                                       node_population), edge_type_id, edge_group_id,
//                                       edge_group_index, 0/{syn_weight, delay}}
//   DIR/node_types.csv, DIR/edge_types.csv (space-separated; model_type, model_template, and the
//                                       PyNN parameters as columns)
//   DIR/circuit_config.json, DIR/simulation_config.json (dt, duration, inputs), DIR/node_sets.json
//   DIR/inputs/<pop>_spikes.h5          a file population's spikes (/spikes/<pop>/timestamps, node_ids)
//   DIR/run_pynn.py                     loads it with pyNN.serialization.sonata and runs it
// Units are PyNN's: ms, mV, nF, nA, Hz. Models map to PyNN standard cells:
//   lif -> IF_curr_exp; lif_cond -> IF_cond_exp (tau_m = C_m / g_L, weights nS -> uS, positive);
//   poisson -> SpikeSourcePoisson (virtual nodes whose rates are inputs); file (spikes) ->
//   SpikeSourceArray (virtual nodes fed from DIR/inputs/<pop>_spikes.h5, loops written out);
//   izhikevich -> Izhikevich; adex -> EIF_cond_exp_isfa_ista where no projection targets it;
//   stdp (pair rule, all-to-all) -> edge type pyNN:STDPMechanism with the rule's parameters as
//   edge_types.csv columns (tau_plus tau_minus A_plus A_minus w_min w_max multiplicative), which
//   run_pynn.py turns into PyNN's STDPMechanism (export_cells.hpp has the units and refusals)
// Anything else is refused with a message naming it.
#include <filesystem>
#include <string>
#include <vector>

#include "neurosim/network.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::cli {

// What keeps `spec` from being exported to SONATA (empty: it can be), each naming the field.
std::vector<std::string> sonata_problems(const ScenarioSpec& spec);

// Writes the export of `spec`, built as `net`, into `dir` (which must exist and be empty of
// these files unless `overwrite`). Throws std::runtime_error naming the file on failure.
void write_sonata(const ScenarioSpec& spec, const Network& net, const std::filesystem::path& dir, bool overwrite);

// The command: loads SCENARIO, applies --set, builds, writes DIR; exit status as the others.
int export_sonata_command(const std::string& scenario, const std::vector<std::string>& overrides, const std::string& out, bool overwrite);

}  // namespace neurosim::cli
