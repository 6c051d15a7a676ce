#pragma once
// The small E/I network the editor, timeline and state tests run (as scenario JSON, so that
// timelines splice in), with the helpers those tests share: parse or fail, submit one command
// and take its verdict, and element entries to add.
#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "engine/session_helpers.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"

namespace neurosim::test {

// 100 Poisson inputs onto 40 excitatory and 10 inhibitory LIF neurons with a step current of
// `amplitude` pA: a few hundred spikes in 100 ms. `timeline` is spliced in as JSON.
inline std::string ei_network_json(const std::string& name, int seed, double amplitude, const std::string& timeline = "") {
  std::string j = R"({"name": ")" + name + R"(", "dt_ms": 0.1, "duration_ms": 100, "seed": )" + std::to_string(seed) + R"(,
    "populations": [
      {"name": "in", "model": "poisson", "size": 100, "params": {"rate": 40}},
      {"name": "exc", "model": "lif", "size": 40},
      {"name": "inh", "model": "lif", "size": 10}],
    "projections": [
      {"name": "ie", "pre": "in", "post": "exc", "connectivity": {"rule": "fixed_probability", "p": 0.3}, "weight": 170, "delay_ms": 1},
      {"name": "ei", "pre": "exc", "post": "inh", "connectivity": {"rule": "fixed_probability", "p": 0.3}, "weight": 300, "delay_ms": 1},
      {"name": "ii", "pre": "inh", "post": "exc", "connectivity": {"rule": "fixed_probability", "p": 0.5}, "weight": -400, "delay_ms": 1}],
    "stimuli": [{"name": "step", "population": "exc", "amplitude": )" + format_number(amplitude) + R"(, "start_ms": 0}])";
  if (!timeline.empty()) j += ", \"timeline\": " + timeline;
  return j + "}";
}

inline ScenarioSpec parse_ok(const std::string& text, const std::string& file = "test.json") {
  io::LoadResult r = io::parse_scenario(text, file);
  for (const SpecError& e : r.errors) INFO(e.text());
  REQUIRE(r.errors.empty());
  return std::move(*r.spec);
}

// Submits one command, applies it, and returns its verdict.
inline CommandVerdict apply(Session& s, Session::ReaderId reader, Command c) {
  s.submit(std::move(c));
  s.advance(0);
  const std::vector<CommandVerdict> v = s.observe(reader).verdicts;
  REQUIRE(v.size() == 1);
  return v.front();
}

inline PopulationSpec lif(const std::string& name, int size) {
  PopulationSpec p;
  p.name = name;
  p.model = "lif";
  p.size = size;
  return p;
}

inline ProjectionSpec sparse_projection(const std::string& name, const std::string& pre, const std::string& post, double weight, double p) {
  ProjectionSpec x;
  x.name = name;
  x.pre = pre;
  x.post = post;
  x.connectivity.rule = ConnectivitySpec::Rule::FixedProbability;
  x.connectivity.p = p;
  x.weight = Distribution::constant(weight);
  x.delay_ms = Distribution::constant(1.5);
  return x;
}

inline StimulusSpec step_current(const std::string& name, const std::string& population, double amplitude) {
  StimulusSpec s;
  s.name = name;
  s.population = population;
  s.amplitude = amplitude;
  return s;
}

}  // namespace neurosim::test
