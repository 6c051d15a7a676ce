#pragma once
// Internal to the engine: how random streams are numbered and how per-neuron parameter values
// are drawn, shared by the builder (network_build.cpp) and by Network, whose parameter changes
// redraw per-neuron values exactly as a build from the changed scenario would. That is what
// makes a saved running scenario rebuild to the same values, bit for bit.
#include <cstdint>
#include <span>
#include <vector>

#include "neurosim/spec.hpp"

namespace neurosim::detail {

// Random streams per purpose and entity, so that each draw sequence depends only on the seed
// and on what it is for (adding a projection leaves every population's draws unchanged).
enum class Stream : std::uint64_t { SharedR = 1, Param, Initial, Source, Connect, Weight, Delay, Stimulus };
inline std::uint64_t stream_id(Stream kind, std::size_t index) {
  return (static_cast<std::uint64_t>(kind) << 32) | static_cast<std::uint64_t>(index);
}

// The r ~ U[0, 1) per neuron of population `pop` that "base/scale/power" values share; empty
// when none of its parameters or initial values use one.
std::vector<float> shared_r(const ScenarioSpec& spec, std::size_t pop);

// Per-neuron values of the model parameter with index `param_index` drawn from `dist`. The
// stream is numbered by the parameter's place in the model's list, not in the scenario, so
// that adding another parameter to a scenario leaves these draws as they were.
std::vector<float> per_neuron_values(const ScenarioSpec& spec, std::size_t pop, int param_index, const Distribution& dist,
                                     std::span<const float> shared_r);

}  // namespace neurosim::detail
