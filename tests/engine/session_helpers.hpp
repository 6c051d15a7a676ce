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

}  // namespace neurosim::test
