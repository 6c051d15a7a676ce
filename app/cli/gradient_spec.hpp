#pragma once
// Gradient-training presets (assets/gradient/<name>.json): a network trained by surrogate
// gradients on images, for supervised classification or few-shot prototypes. Read into plain
// data with errors that name the field ("training.epochs: must be a whole number from 1 to
// 100000 (got 0)"); `--set PATH=VALUE` changes a field before it is checked. The short names
// epochs, learning_rate, T, beta, threshold, surrogate, slope, ways, shots, queries, neuron,
// encoding, distance_scale stand for their full paths (training.epochs, network.steps,
// fewshot.ways, ...).
//
// {
//   "name": "sg-digits", "description": "...", "kind": "gradient-training",
//   "task": "classification" | "fewshot", "seed": 1,
//   "data": {"images": F, "labels": F, "test_images": F, "test_labels": F},   relative to the file
//   "network": {"architecture": "12C5-P2-32C5-P2-10", "neuron": "lif" | "relu",
//               "steps": 25, "encoding": "rate" | "latency" | "direct",
//               "dt_ms": 1, "beta": 0.9, "threshold": 1, "learn_beta": false,
//               "learn_threshold": false, "reset": "subtract", "detach_reset": true,
//               "surrogate": "fast_sigmoid", "slope": 25, "readout": false, "readout_beta": 0.9},
//   "training": {"epochs": 4, "batch_size": 64, "learning_rate": 0.002, "beta1": 0.9,
//                "beta2": 0.999, "weight_decay": 0, "clip_norm": 1, "loss": "ce_count",
//                "correct_rate": 0.8, "incorrect_rate": 0.2, "train_limit": 0, "threads": 0,
//                "lr_decay": 1, "max_shift": 0, "init_from": ""},
//   "fewshot": {"ways": 5, "shots": 5, "queries": 15, "train_classes": [0,1,2,3,4],
//               "test_classes": [5,6,7,8,9], "episodes_per_epoch": 200,
//               "test_episodes": 600, "test_shots": [1, 5], "distance_scale": 1,
//               "train_ways": 0, "class_turns": 0}
//
// network.neuron "relu" replaces every LIF layer by a ReLU: with "steps": 1 and "encoding":
// "direct" it is the non-spiking network of the same shape. fewshot.distance_scale multiplies
// the squared distances before the softmax of the prototypical loss (losses.hpp).
// fewshot.train_ways: ways of a training episode (0: fewshot.ways, which the test uses).
// fewshot.class_turns 1..3: every training class turned by a quarter (up to three quarters) is a
// class of its own in training (augment.hpp): 5 classes with 3 turns give 20.
// }
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "neurosim/gradient/adam.hpp"
#include "neurosim/gradient/network.hpp"
#include "neurosim/gradient/trainer.hpp"

namespace neurosim::cli {

struct GradientSpec {
  std::string name, description;
  bool fewshot = false;
  std::uint64_t seed = 1;
  std::filesystem::path images, labels, test_images, test_labels;
  gradient::NetworkSpec network;  // input shape comes from the images
  double dt_ms = 1.0;
  int epochs = 1, batch_size = 64, train_limit = 0, threads = 0, max_shift = 0;
  double lr_decay = 1.0;  // the learning rate is multiplied by this after every epoch
  gradient::AdamOptions adam;
  gradient::LossOptions loss;
  std::filesystem::path init_from;  // a model.json to start from
  int ways = 5, shots = 5, queries = 15, episodes_per_epoch = 200, test_episodes = 600;
  double distance_scale = 1.0;
  int train_ways = 0;   // ways of a training episode; 0: as many as the test's
  int class_turns = 0;  // training classes also turned by 1..class_turns quarter turns, as new classes
  std::vector<int> train_classes, test_classes, test_shots;
};

struct GradientSpecResult {
  std::optional<GradientSpec> spec;
  std::vector<std::string> errors;  // "field: message"
};

// The preset's file for a name, or the path itself when it is a gradient-training file.
std::optional<std::filesystem::path> gradient_preset_path(const std::string& name_or_path);
std::vector<std::string> gradient_preset_names();
GradientSpecResult load_gradient_spec(const std::filesystem::path& file, const std::vector<std::string>& overrides);

}  // namespace neurosim::cli
