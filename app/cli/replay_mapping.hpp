#pragma once
// Recorded spikes (io/spike_files.hpp) mapped onto populations: a scenario's, or one per recorded
// population. Shared by `neurosim replay` and the window's replay (`neurosim gui --replay`).
#include <cstdint>
#include <string>
#include <vector>

#include "neurosim/io/spike_files.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::cli {

struct OutPopulation {
  std::string name;
  std::int64_t size = 0;
};

struct Mapped {
  std::vector<OutPopulation> populations;
  struct Spike {
    double t_ms;
    std::int32_t population;
    std::int64_t neuron;
  };
  std::vector<Spike> spikes;
};

// Onto the scenario's populations: NeuroSim and SONATA populations by name, spikes.npy ones by
// index, NEST senders by global id. `source_of[i]` is the file recorded population i came from.
// Returns "" or the problem, naming the file.
std::string map_to_scenario(const io::SpikeRecording& rec, const std::vector<std::string>& source_of, const ScenarioSpec& spec, Mapped& out);
// Each recorded population on its own; sizes from the neurons that fired; ids kept.
void map_alone(const io::SpikeRecording& rec, Mapped& out);

}  // namespace neurosim::cli
