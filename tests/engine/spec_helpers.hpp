#pragma once
// Small scenario builders and checks shared by the engine, io and learning-view tests.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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
                                 std::optional<Distribution> delay = std::nullopt) {  // absent: one step
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

// An experiment of the default task ("pattern") reading `input` and scoring `output`.
inline ExperimentSpec experiment_spec(std::string input, std::string output, int epochs, double epoch_ms,
                                      double evaluation_ms) {
  ExperimentSpec x;
  x.input = std::move(input);
  x.output = std::move(output);
  x.epochs = epochs;
  x.epoch_ms = epoch_ms;
  x.evaluation_ms = evaluation_ms;
  return x;
}

// Two hidden patterns in 300 inputs onto `outputs` LIF neurons through STDP synapses, with an
// experiment that scores how the outputs come to answer them.
inline ScenarioSpec pattern_task(int outputs, int epochs, double epoch_ms, double evaluation_ms) {
  auto spec = scenario(0.1, {population("in", "pattern", 300, {{"patterns", Distribution::constant(2)}}),
                             population("out", "lif", outputs, {{"tau_m", Distribution::constant(20.0)}})});
  auto p = projection("in", "out", ConnectivitySpec::Rule::AllToAll, Distribution::uniform(0.0, 12.0), Distribution::constant(1.0));
  p.plasticity = PlasticitySpec{"stdp", {{"w_max", 12.0}, {"A_plus", 0.05}, {"A_minus", 0.06}}};
  spec.projections.push_back(p);
  spec.experiment = experiment_spec("in", "out", epochs, epoch_ms, evaluation_ms);
  return spec;
}

// threads 0: the process default (BuildOptions::threads).
inline std::unique_ptr<Network> build(const ScenarioSpec& spec, RecordMode mode = RecordMode::Full, int threads = 0) {
  BuildOptions options;
  options.record = mode;
  options.threads = threads;
  auto result = build_network(spec, options);
  for (const auto& e : result.errors) FAIL_CHECK(e.text());
  REQUIRE(result.network);
  return std::move(result.network);
}

// Built on exactly `threads` threads and run `steps` steps: one side of a thread-invariance check.
inline std::unique_ptr<Network> run_on_threads(const ScenarioSpec& spec, int threads, std::int64_t steps) {
  auto net = build(spec, RecordMode::Full, threads);
  REQUIRE(net->threads() == threads);
  net->run(steps);
  return net;
}

// Spike times (ms) of one neuron from a Full recording.
inline std::vector<double> spike_times(const Network& net, int population, int neuron) {
  std::vector<double> t;
  for (const auto& e : net.spikes().all())
    if (e.population == population && e.neuron == neuron) t.push_back(static_cast<double>(e.step) * net.dt());
  return t;
}

// Runs `spec` for `steps` steps and checks that neuron 0 of population 0 spikes on exactly the
// steps neuron 0 of population 1 does, the reference, which must spike at least `min_spikes`
// times so that two silent neurons do not pass.
inline void check_same_spike_steps(const ScenarioSpec& spec, std::int64_t steps, std::size_t min_spikes) {
  auto net = build(spec);
  net->run(steps);
  const auto tested = spike_times(*net, 0, 0), reference = spike_times(*net, 1, 0);
  REQUIRE(reference.size() >= min_spikes);
  CHECK(tested == reference);
}

}  // namespace neurosim::test
