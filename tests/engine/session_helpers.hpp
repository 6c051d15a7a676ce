#pragma once
// What the Session tests share: a network built or the test fails, spikes as comparable rows,
// and a Session's whole state as bytes.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "neurosim/checkpoint.hpp"
#include "neurosim/network.hpp"
#include "neurosim/session.hpp"

namespace neurosim::test {

// Built with live recording and a spike ring large enough for a test's whole run.
inline std::unique_ptr<Network> build_or_fail(const ScenarioSpec& spec) {
  BuildOptions options;
  options.record = RecordMode::Live;
  options.spike_ring_capacity = 1u << 20;
  BuildResult built = build_network(spec, options);
  for (const SpecError& e : built.errors) INFO(e.text());
  REQUIRE(built.errors.empty());
  return std::move(built.network);
}

struct Spike {
  std::int64_t step;
  int population, neuron;
  bool operator==(const Spike&) const = default;
};

inline std::vector<Spike> spikes_of(const Observations& o) {
  std::vector<Spike> out;
  for (const SpikeEvent& e : o.spikes) out.push_back({e.step, e.population, e.neuron});
  return out;
}

inline std::vector<std::byte> state_of(const Session& s) {
  Checkpoint c;
  s.capture_state(c);
  return c.state;
}

// Steps `reference` one step at a time up to `end` and returns its state at each of `targets`
// (the uninterrupted run a seek or a restore is compared with).
inline std::vector<std::vector<std::byte>> states_at_steps(Session& reference, const std::vector<std::int64_t>& targets, std::int64_t end) {
  std::vector<std::vector<std::byte>> states(targets.size());
  for (std::int64_t step = reference.step_index(); step <= end; ++step) {
    for (std::size_t i = 0; i < targets.size(); ++i)
      if (targets[i] == step) states[i] = state_of(reference);
    if (step < end) reference.advance(1);
  }
  return states;
}

}  // namespace neurosim::test
