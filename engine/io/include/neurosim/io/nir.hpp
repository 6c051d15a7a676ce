#pragma once
// NIR (Neuromorphic Intermediate Representation, neuromorphs/NIR 1.0) graphs to and from
// scenarios. The file is HDF5: root dataset `version`; group `node` with `type` = "NIRGraph",
// `nodes/<name>/` (dataset `type` and one dataset per parameter) and `edges` (src, dst) names.
//
// Units: NIR times are in seconds, NeuroSim's in ms; voltages stay in mV and currents in pA, so
// a resistance r is in mV/pA (GOhm). A spike reaching a NIR neuron is a Dirac delta of unit
// area (time in s), so the jump it causes is (weight x w_in / tau_syn) in a CubaLIF's current
// and (weight x r / tau) in a LIF's voltage. The mapping (README "NIR"):
//   lif        <-> CubaLIF  tau_mem = tau_m, tau_syn = tau_syn_e (or _i), r = tau_m / C_m,
//                           v_leak = E_L, v_threshold = V_th, v_reset = V_reset,
//                           w_in = tau_syn (s): a spike of weight w adds w pA, as in NeuroSim
//   lif_delta  <-> LIF      tau = tau_m, r = tau (s): a spike of weight w adds w mV, as in NeuroSim
//   IF          -> if       the perfect integrator, synaptic time constant one step
//   sources    <-> Input    (poisson, file, images, pattern); imported Inputs are Poisson
//   projection <-> Affine   weight (post x pre) as built (x weight_scale), bias from I_bias
//   Linear      -> projection without bias
// NIR has no refractory period, delay or plasticity: an export leaves them out (and says so on
// `notes`); an import sets t_ref = 0, one-step delays and static weights.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurosim/io/scenario_json.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::io {

// A scenario that NIR cannot express, or a file that cannot be written; what() names the
// projection or population and why.
struct NirExportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `spec` as built (weights drawn as a run draws them) to `path`, atomically; refuses an
// existing file unless `replace`. Returns notes about what NIR does not carry (refractory
// periods, delays, plasticity), one line each.
std::vector<std::string> write_nir(const ScenarioSpec& spec, const std::filesystem::path& path, bool replace);

// Reads a NIR graph as a scenario (named after the file, dt 0.1 ms, 1000 ms). Problems come
// back in `errors`, each naming the file and the dataset.
LoadResult load_nir(const std::filesystem::path& path);
// The same from the bytes of a file held in memory (the fuzz harness); `source` names them.
LoadResult load_nir_image(const void* data, std::size_t size, const std::string& source);

// True for a path ending in .nir (case-insensitive).
bool is_nir_path(std::string_view path);

}  // namespace neurosim::io
