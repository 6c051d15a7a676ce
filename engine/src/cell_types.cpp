#include "neurosim/cell_types.hpp"

#include <array>

namespace neurosim {
namespace {

// [SECTION] Naud et al. 2008 firing patterns (model "adex")
// Table 1 of Naud, Marcille, Clopath & Gerstner 2008. Read from two public copies that agree on
// all eight sets: brian-team/brian2 examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py
// (which says the values were "adapted by P. Mueller to match figures") and an independent
// single-neuron script. The paper's table itself was not available to check: [verify].
constexpr std::string_view kNaud =
    "Naud, Marcille, Clopath & Gerstner 2008, Biol. Cybern. 99:335, Table 1 (as in Brian2's "
    "examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py; not checked against the paper)";

// Naud's sets share V_T = -50 mV and Delta_T = 2 mV; the spike is cut at 0 mV, no refractory period.
constexpr std::array<ParamValue, 11> naud(double c, double g_l, double e_l, double a, double tau_w, double b,
                                          double v_reset) {
  return {{{"C", c}, {"g_L", g_l}, {"E_L", e_l}, {"V_T", -50.0}, {"Delta_T", 2.0}, {"a", a}, {"tau_w", tau_w},
           {"b", b}, {"V_reset", v_reset}, {"V_peak", 0.0}, {"t_ref", 0.0}}};
}
// naud(C pF, g_L nS, E_L mV, a nS, tau_w ms, b pA, V_reset mV); the current of each pattern is below.
constexpr auto kTonic = naud(200.0, 10.0, -70.0, 2.0, 30.0, 0.0, -58.0);
constexpr auto kAdapting = naud(200.0, 12.0, -70.0, 2.0, 300.0, 60.0, -58.0);
constexpr auto kInitialBurst = naud(130.0, 18.0, -58.0, 4.0, 150.0, 120.0, -50.0);
constexpr auto kRegularBursting = naud(200.0, 10.0, -58.0, 2.0, 120.0, 100.0, -46.0);
constexpr auto kDelayedAccelerating = naud(200.0, 12.0, -70.0, -10.0, 300.0, 0.0, -58.0);
constexpr auto kDelayedRegularBursting = naud(100.0, 10.0, -65.0, -10.0, 90.0, 30.0, -47.0);
constexpr auto kTransient = naud(100.0, 10.0, -65.0, 10.0, 90.0, 100.0, -47.0);
constexpr auto kIrregular = naud(100.0, 12.0, -60.0, -11.0, 130.0, 30.0, -48.0);

constexpr std::array<FiringPattern, 8> kPatterns{{
    {"tonic", "Regular firing at a constant rate after the first interval", kTonic, 500.0, kNaud},
    {"adapting", "Intervals lengthen after the onset and settle at a slower rate (spike-frequency adaptation)", kAdapting,
     500.0, kNaud},
    {"initial burst", "A short burst at the onset, then regular single spikes", kInitialBurst, 400.0, kNaud},
    {"regular bursting", "Bursts of a few spikes separated by long pauses, repeated", kRegularBursting, 210.0, kNaud},
    {"delayed accelerating", "A long delay to the first spike, then intervals that shorten", kDelayedAccelerating, 300.0,
     kNaud},
    {"delayed regular bursting", "A long delay to the first spike, then repeated bursts", kDelayedRegularBursting, 110.0,
     kNaud},
    {"transient", "One or a few spikes at the onset, then silence under the same current", kTransient, 180.0, kNaud},
    {"irregular", "Intervals of many lengths without a burst structure (Naud et al.: deterministic chaos)", kIrregular,
     160.0, kNaud},
}};

// [SECTION] Cell types
// Brette & Gerstner 2005 regular spiking, the values of NEST's aeif_* defaults and of Brian2's
// examples/frompapers/Brette_Gerstner_2005.py ("Regular spiking (as in the paper)").
constexpr std::array<ParamValue, 11> kPyramidal{{{"C", 281.0},
                                                  {"g_L", 30.0},
                                                  {"E_L", -70.6},
                                                  {"V_T", -50.4},
                                                  {"Delta_T", 2.0},
                                                  {"a", 4.0},
                                                  {"tau_w", 144.0},
                                                  {"b", 80.5},
                                                  {"V_reset", -70.6},
                                                  {"V_peak", 0.0},
                                                  {"t_ref", 0.0}}};
// Izhikevich 2003 Fig. 2 FS, as in izhikevich_classes.cpp.
constexpr std::array<ParamValue, 4> kFastSpiking{{{"a", 0.1}, {"b", 0.2}, {"c", -65.0}, {"d", 2.0}}};
// Izhikevich 2004 Fig. 1(A) tonic spiking (figure1.m), as in izhikevich_classes.cpp.
constexpr std::array<ParamValue, 4> kIzhTonic{{{"a", 0.02}, {"b", 0.2}, {"c", -65.0}, {"d", 6.0}}};
// Cerebellar granule cell of trfore/ChATmodel LIF_network.py (Fore et al. 2020): C_m 3.1 pF,
// leak 0.4 nS plus tonic GABA_A 1.0 nS, both reversing at -75 mV, threshold -55 mV, reset -75 mV,
// refractory 2 ms. The tonic conductance shares the leak's reversal, so folding it into the leak
// is exact: g = 1.4 nS, tau_m = C_m / g = 2.214 ms.
constexpr std::array<ParamValue, 6> kGranule{
    {{"tau_m", 3.1 / 1.4}, {"C_m", 3.1}, {"E_L", -75.0}, {"V_th", -55.0}, {"V_reset", -75.0}, {"t_ref", 2.0}}};

constexpr std::array<CellType, 6> kCellTypes{{
    {"Pyramidal", "Cortical excitatory cell, regular spiking with spike-frequency adaptation", "adex", kPyramidal,
     1000.0,
     "Brette & Gerstner 2005, J. Neurophysiol. 94:3637 (regular spiking); values as NEST's aeif_* defaults and Brian2's "
     "examples/frompapers/Brette_Gerstner_2005.py",
     Evidence::Fitted,
     "The paper fits these values to a detailed conductance-based model of a regular-spiking neuron and predicts 96% "
     "of its spikes within 2 ms (abstract, EPFL Infoscience record). "
     "V_peak = 0 mV as NEST (Brian2's example cuts at V_T + 5 Delta_T). 1 nA: rate adapts to about 28 Hz in NeuroSim."},
    {"Interneuron", "Cortical fast-spiking inhibitory cell: high rate, almost no adaptation", "izhikevich",
     kFastSpiking, 10.0, "Izhikevich 2003, IEEE TNN 14:1569, Fig. 2 (FS)", Evidence::FiringClass,
     "Izhikevich's FS class; drive in the model's dimensionless units (I = 10 as in Fig. 2)."},
    {"Sensory", "Tonic, non-adapting firing whose rate follows the stimulus (slowly adapting receptor, relay cell)",
     "izhikevich", kIzhTonic, 14.0, "Izhikevich 2004, IEEE TNN 15:1063, Fig. 1(A) tonic spiking (figure1.m)",
     Evidence::Assigned,
     "A published firing class chosen by NeuroSim to illustrate a sensory neuron; no fit to sensory neurons."},
    {"Purkinje", "Cerebellar output cell: regular simple spikes at tens of Hz", "adex", kTonic, 350.0, kNaud,
     Evidence::Assigned,
     "Naud's tonic class chosen by NeuroSim; the drive (350 pA, about 55 Hz) stands in for the cell's intrinsic "
     "pacemaking. Published Purkinje point models (E-GLIF, Geminiani et al. 2018; AdEx of Buchin et al. 2016) use "
     "other equations or values we could not read, so none is reproduced here."},
    {"Granule", "Cerebellar granule cell: tiny and electrically compact, silent at rest, fast regular firing when driven",
     "lif", kGranule, 30.0,
     "Fore, Taylor, Brunel & Hull 2020, J. Neurosci. (cerebellar granule cell LIF) [verify citation]; values from "
     "trfore/ChATmodel LIF_network.py",
     Evidence::Derived,
     "Conductance-based in the source: the tonic GABA_A conductance (1 nS, reversal -75 mV = E_L) is folded into the "
     "leak, which is exact; synapses become current-based. Rheobase 28 pA; 30 pA gives 125 Hz."},
    {"Motor", "Motor neuron: regular firing with spike-frequency adaptation under sustained drive", "adex", kAdapting,
     500.0, kNaud, Evidence::Assigned,
     "Naud's adapting class chosen by NeuroSim to illustrate a motor neuron; no fit to motor neurons."},
}};

// [SECTION] Regions
constexpr std::string_view kIllustrative =
    "NeuroSim: illustrative mixes and drives, not fitted to data. Cortex uses the 4:1 excitatory to inhibitory ratio "
    "of Brunel 2000 and Vogels & Abbott 2005 (3200 E / 800 I); drive_sd is StimulusSpec::noise_sd (a fresh Gaussian "
    "per neuron per step).";
constexpr std::array<RegionMember, 2> kCortex{{{"Pyramidal", 0.8, 700.0, 200.0}, {"Interneuron", 0.2, 3.0, 2.0}}};
constexpr std::array<RegionMember, 2> kCerebellum{{{"Granule", 0.9, 25.0, 10.0}, {"Purkinje", 0.1, 350.0, 50.0}}};
constexpr std::array<RegionMember, 2> kBrainstem{{{"Sensory", 0.5, 14.0, 2.0}, {"Motor", 0.5, 500.0, 100.0}}};

constexpr std::array<BrainRegion, 3> kRegions{{
    {"Cortex", "Adapting pyramidal cells and fast-spiking interneurons, 4:1", kCortex, kIllustrative},
    {"Cerebellum", "Many granule cells and few Purkinje cells (real ratios are far larger; scaled for display)",
     kCerebellum, kIllustrative},
    {"Brainstem", "Sensory relay and motor neurons", kBrainstem, kIllustrative},
}};

template <class T>
const T* find_by_name(std::span<const T> table, std::string_view name) {
  for (const T& x : table)
    if (x.name == name) return &x;
  return nullptr;
}

}  // namespace

std::string_view evidence_name(Evidence e) {
  switch (e) {
    case Evidence::Fitted: return "fitted";
    case Evidence::FiringClass: return "firing class";
    case Evidence::Derived: return "derived";
    case Evidence::Assigned: return "assigned";
  }
  return "";
}

std::span<const CellType> cell_types() { return kCellTypes; }
const CellType* find_cell_type(std::string_view name) { return find_by_name(cell_types(), name); }
std::span<const FiringPattern> adex_firing_patterns() { return kPatterns; }
const FiringPattern* find_firing_pattern(std::string_view name) { return find_by_name(adex_firing_patterns(), name); }
std::span<const BrainRegion> brain_regions() { return kRegions; }
const BrainRegion* find_brain_region(std::string_view name) { return find_by_name(brain_regions(), name); }

std::map<std::string, Distribution> param_map(std::span<const ParamValue> values) {
  std::map<std::string, Distribution> out;
  for (const auto& v : values) out[std::string(v.name)] = Distribution::constant(v.value);
  return out;
}

}  // namespace neurosim
