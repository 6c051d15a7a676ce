#pragma once
// Small scenario builders shared by the engine tests.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "neurosim/network.hpp"

namespace neurosim::test {

inline PopulationSpec population(const std::string& name, const std::string& model, int size,
                                 std::map<std::string, Distribution> params = {}) {
  PopulationSpec p;
  p.name = name;
  p.model = model;
  p.size = size;
  p.params = std::move(params);
  return p;
}

inline StimulusSpec current(const std::string& pop, double amplitude, double start_ms = 0.0,
                            double stop_ms = std::numeric_limits<double>::infinity()) {
  StimulusSpec s;
  s.population = pop;
  s.amplitude = amplitude;
  s.start_ms = start_ms;
  s.stop_ms = stop_ms;
  return s;
}

inline ProjectionSpec projection(std::string pre, std::string post, ConnectivitySpec::Rule rule,
                                 Distribution weight = Distribution::constant(1.0),
                                 Distribution delay = Distribution::constant(0.0)) {
  ProjectionSpec p;
  p.pre = std::move(pre);
  p.post = std::move(post);
  p.connectivity.rule = rule;
  p.weight = weight;
  p.delay_ms = delay;
  return p;
}

inline ScenarioSpec scenario(double dt_ms, std::vector<PopulationSpec> pops) {
  ScenarioSpec s;
  s.name = "test";
  s.dt_ms = dt_ms;
  s.populations = std::move(pops);
  return s;
}

inline std::unique_ptr<Network> build(const ScenarioSpec& spec, RecordMode mode = RecordMode::Full) {
  BuildOptions options;
  options.record = mode;
  auto result = build_network(spec, options);
  for (const auto& e : result.errors) FAIL_CHECK(e.text());
  REQUIRE(result.network);
  return std::move(result.network);
}

// Spike times (ms) of one neuron from a Full recording.
inline std::vector<double> spike_times(const Network& net, int population, int neuron) {
  std::vector<double> t;
  for (const auto& e : net.spikes().all())
    if (e.population == population && e.neuron == neuron) t.push_back(static_cast<double>(e.step) * net.dt());
  return t;
}

}  // namespace neurosim::test
