#pragma once
// The neuron models a scenario can name, and how to make a population of each.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/population.hpp"

namespace neurosim {

// Every model a scenario can name (error messages list them in this order): the neuron models
// lif, if, izhikevich, srm, adex, lif_adaptive (the LIF with its adaptive-threshold option,
// lif.hpp), dendritic, hh (Hodgkin-Huxley) and lif_delta (delta synapses,
// lif_delta.hpp), then the spike sources poisson, pattern, file and images.
const std::vector<std::string>& model_names();
// Null when the model is unknown. seed/stream feed models with their own randomness.
std::unique_ptr<Population> make_population(std::string_view model, std::string name, int size, double dt_ms,
                                            std::uint64_t seed, std::uint64_t stream);

// Whether a population of the model takes same-step input (Population::takes_same_step_input);
// false for an unknown model and for spike sources.
bool takes_same_step_input(std::string_view model);

}  // namespace neurosim
