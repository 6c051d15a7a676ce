#pragma once
// Energy per operation, for the "energy efficiency" metric. An SNN pays per synaptic event
// (an accumulate, SOP); an equivalent dense ANN layer pays a multiply-accumulate (MAC) per weight
// per evaluation. Absolute joules from such tables are order-of-magnitude figures; the ratio and
// the regime matter (SpikingJelly's op_counter and many papers follow the same recipe).
#include <span>
#include <string_view>

namespace neurosim {

struct EnergyModel {
  std::string_view name;
  double joules_per_sop;  // per synaptic event
  double joules_per_mac;  // per multiply-accumulate of the dense ANN comparison
  std::string_view source;
};

// "loihi" (default), "truenorth", "horowitz-fp32", "horowitz-fp16", "horowitz-int8".
std::span<const EnergyModel> energy_models();
const EnergyModel* find_energy_model(std::string_view name);

}  // namespace neurosim
