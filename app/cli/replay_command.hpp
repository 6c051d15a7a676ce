#pragma once
// `neurosim replay FILE... [--scenario S] [--out DIR] [--overwrite]`: spikes recorded by
// NeuroSim, a SONATA simulator or NEST (io/spike_files.hpp) written as a run writes them:
// spikes.csv (t_ms,population,neuron, in time order) and metrics.csv (t_ms, then
// <pop>_rate_hz,<pop>_spikes per population, one row per reporting window).
//
// With --scenario, populations map onto the scenario's: NeuroSim and SONATA populations by name,
// spikes.npy populations by index, NEST senders by global id (NEST numbers the neurons of every
// population it creates from 1, in creation order: the scenario's population order), and rates
// use the scenario's sizes and report interval. Without it, each file's or SONATA group's
// population is a population, NEST senders keep their ids, and a population's size is the
// number of neurons that fired. Exit status 2 names the file and line or dataset that fails.
#include <string>
#include <vector>

namespace neurosim::cli {

struct ReplayOptions {
  std::vector<std::string> files;
  std::string scenario;         // "" : none
  std::string out_dir = "out";
  bool overwrite = false;
};

int replay_command(const ReplayOptions& options);

}  // namespace neurosim::cli
