#include "neurosim/energy.hpp"

#include <array>

namespace neurosim {
namespace {

// The dense-ANN side is always a 45 nm float MAC, so ratios compare like with like.
constexpr double kMacFp32 = 4.6e-12;  // Horowitz, ISSCC 2014
constexpr std::array<EnergyModel, 5> kModels{{
    {"loihi", 23.6e-12, kMacFp32, "Intel Loihi, 23.6 pJ per synaptic spike operation (Davies et al. 2018, IEEE Micro 38(1):82); MAC: Horowitz 2014, 4.6 pJ (FP32, 45 nm)"},
    {"truenorth", 26e-12, kMacFp32, "IBM TrueNorth, about 26 pJ per synaptic event (Merolla et al. 2014, Science 345:668, as commonly quoted); MAC: Horowitz 2014"},
    {"horowitz-fp32", 0.9e-12, kMacFp32, "Horowitz 2014 (ISSCC), 45 nm FP32: add 0.9 pJ per SOP, MAC 4.6 pJ"},
    {"horowitz-fp16", 0.4e-12, 1.5e-12, "Horowitz 2014 (ISSCC), 45 nm FP16: add 0.4 pJ, MAC 1.5 pJ"},
    {"horowitz-int8", 0.03e-12, 0.23e-12, "Horowitz 2014 (ISSCC), 45 nm INT8: add 0.03 pJ, MAC 0.23 pJ"},
}};

}  // namespace

std::span<const EnergyModel> energy_models() { return kModels; }

const EnergyModel* find_energy_model(std::string_view name) {
  for (const auto& m : kModels)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace neurosim
