#pragma once
// Spikes handed over as they are made, part by part, on the thread that evolved each part
// (Network::set_spike_listener): a writer that formats them there costs no step its time, where
// the threads would otherwise wait while one of them formats every spike after the round.
#include <cstdint>
#include <span>

namespace neurosim {

// At every step the network calls spikes(part, step, population, neurons) once for each of its
// populations (ascending) and each part of its threads (Network::threads(); one part when it
// steps alone):
// - `neurons` are the part's spikes of that population at that step, ascending, possibly none.
//   The parts of a population, in part order, list the step's spikes in the order of
//   Network::fired().
// - The calls for one part come from one thread at a time, in order of step and population.
//   Calls for different parts may come at the same time from different threads (while the
//   threads step in rounds, each calls during its wait at the step's barrier): a listener keeps
//   what it makes per part, and reads it on the stepping thread once Network::step() or run()
//   has returned.
// - parts(count) comes first, on the thread that calls step() or run(), at each call.
class SpikeListener {
 public:
  virtual ~SpikeListener() = default;
  virtual void parts(int count) = 0;
  virtual void spikes(int part, std::int64_t step, int population, std::span<const int> neurons) = 0;
};

}  // namespace neurosim
