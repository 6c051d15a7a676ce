#pragma once
// Named cell types, the AdEx firing patterns of Naud et al. 2008 and typical cell mixes of brain
// regions, as plain data that the GUI and scenarios can use: each entry names a model of the
// registry (model_registry.hpp), the parameter values it sets (the rest keep the model's
// defaults), a constant current that shows its firing, and where the numbers come from.
//
// How far each entry is backed by its source is stated per entry (Evidence): a fit to this cell
// type, a published firing class, parameters derived from a richer published model, or a
// published firing class that NeuroSim assigns to a cell type as an illustration.
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/distribution.hpp"

namespace neurosim {

struct ParamValue {
  std::string_view name;
  double value;
};

enum class Evidence {
  Fitted,       // the source fitted these parameters to recordings (or a detailed model) of this cell type
  FiringClass,  // the source gives these parameters for the firing class that this cell type shows
  Derived,      // reduced from a published fit of a richer model (the entry says what was dropped)
  Assigned,     // a published firing class chosen by NeuroSim to illustrate this cell type
};
std::string_view evidence_name(Evidence e);

struct CellType {
  std::string_view name;         // "Pyramidal"
  std::string_view description;  // firing behaviour in a sentence
  std::string_view model;        // a model of the registry: "adex", "izhikevich", ...
  std::span<const ParamValue> params;
  double drive;                  // constant current that shows the behaviour (pA; Izhikevich: its units)
  std::string_view source;       // publication, and the public copy the numbers were read from
  Evidence evidence;
  std::string_view note;         // what was verified, what was changed
};

// Pyramidal, Interneuron, Sensory, Purkinje, Granule, Motor, Golgi.
std::span<const CellType> cell_types();
const CellType* find_cell_type(std::string_view name);  // null when unknown

// The eight firing patterns of Naud, Marcille, Clopath & Gerstner 2008 (Biol. Cybern. 99:335,
// Table 1 / Fig. 4): AdEx parameters and the step current that shows the pattern (from rest,
// V_peak = 0 mV, no refractory period).
struct FiringPattern {
  std::string_view name;         // "tonic", "adapting", ...
  std::string_view description;
  std::span<const ParamValue> params;  // model "adex"
  double current;                // pA
  std::string_view source;
};
std::span<const FiringPattern> adex_firing_patterns();
const FiringPattern* find_firing_pattern(std::string_view name);

// A brain region as a mix of cell types with a typical drive for each, and the preset that builds
// it as a recurrent E/I network (its populations are named region_population_name(cell_type)).
struct RegionMember {
  std::string_view cell_type;  // a name from cell_types()
  double fraction;             // share of the region's neurons (the members' shares add up to 1)
  double drive_mean;           // constant input current (the cell type's units)
  double drive_sd;             // standard deviation of a noisy drive around it (0: none)
};
struct BrainRegion {
  std::string_view name;  // "Cortex", "Cerebellum", "Brainstem"
  std::string_view description;
  std::span<const RegionMember> members;
  std::string_view source;
  std::string_view preset;  // "brain-regions" (Cortex), "brain-regions-cerebellum", ...
};
std::span<const BrainRegion> brain_regions();
const BrainRegion* find_brain_region(std::string_view name);
const BrainRegion* find_brain_region_by_preset(std::string_view preset);  // null when none
std::string region_population_name(std::string_view cell_type);  // "Granule" -> "granule"

// The parameter values as a population spec's `params` map (constant distributions).
std::map<std::string, Distribution> param_map(std::span<const ParamValue> values);

// [SECTION] Recognising a parameter set
// Which cell type or firing pattern a population is, from its model and its present parameter
// values: the GUI shows it, and "custom" once a slider has moved a value away from every entry.
struct NamedParamSet {
  std::string_view name;   // "Purkinje", "tonic"
  std::string_view model;  // "adex", ...
  std::span<const ParamValue> params;
};

// The cell types, then Naud's firing patterns (the order of the GUI's list).
std::vector<NamedParamSet> cell_type_and_pattern_sets();

// Equal as parameter values: within a relative 1e-9 (values pass through JSON text and sums).
bool same_param_value(double a, double b);

struct ParamSetMatch {
  int index = -1;    // the candidate whose model and every listed value the population has; -1: none
  int nearest = -1;  // without an exact match: the same-model candidate with fewest differing values
  std::vector<std::string_view> differing;  // the parameters in which `nearest` differs
};

// Candidates are compared on the parameters they list; the population's other parameters (I_bias,
// v_init, synaptic time constants) do not count. When several match (the Purkinje cell type is
// Naud's tonic set), the one named like the population wins (letters and digits, any case), else
// the first. `value` returns the population's value of a parameter, NaN when it has none.
ParamSetMatch match_param_set(std::span<const NamedParamSet> candidates, std::string_view model,
                              const std::function<double(std::string_view)>& value,
                              std::string_view population_name);

}  // namespace neurosim
