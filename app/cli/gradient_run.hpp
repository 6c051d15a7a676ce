#pragma once
// `neurosim run PRESET` for gradient-training presets (assets/gradient/*.json): trains a spiking
// network by surrogate gradients, tests it, and writes metrics.csv, experiment.json (with the
// "test" block), test_predictions.csv (classification), model.json with its .npy weights and
// model.nir into --out.
#include <filesystem>

#include "cli/commands.hpp"

namespace neurosim::cli {

// True when SCENARIO names a gradient-training preset or file: run_command() hands it here.
bool is_gradient_training(const std::string& scenario);
int run_gradient(const RunOptions& options);

}  // namespace neurosim::cli
