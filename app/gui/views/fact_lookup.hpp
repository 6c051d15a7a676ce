#pragma once
// Look-ups on the scenario facts (observations.hpp) that the panels share: a population's
// parameter or state variable by name, the constant current a neuron receives. GL-free.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "neurosim/observations.hpp"
#include "neurosim/params.hpp"

namespace neurosim::gui {

inline const ParamFact* param_fact(const PopulationFact& pop, std::string_view name) {
  for (const ParamFact& p : pop.params)
    if (p.name == name) return &p;
  return nullptr;
}

// The applied value of a parameter; NaN when the model has none of that name (as Population::param).
inline double param_value(const PopulationFact& pop, std::string_view name) {
  const ParamFact* p = param_fact(pop, name);
  return p != nullptr ? p->value : std::numeric_limits<double>::quiet_NaN();
}

// Index of a state variable, -1 when the model has none of that name.
inline int state_var(const PopulationFact& pop, std::string_view name) {
  for (std::size_t i = 0; i < pop.state_names.size(); ++i)
    if (pop.state_names[i] == name) return static_cast<int>(i);
  return -1;
}

// ParamDescs pointing into the facts' strings (valid while `pop` lives) and the values, in the
// model's order: what PhasePlane::for_model and measure_fi_curve take.
inline std::vector<ParamDesc> param_descs(const PopulationFact& pop) {
  std::vector<ParamDesc> out;
  out.reserve(pop.params.size());
  for (const ParamFact& p : pop.params) out.push_back({p.name, p.unit, p.help, p.slider_min, p.slider_max});
  return out;
}
inline std::vector<double> param_values(const PopulationFact& pop) {
  std::vector<double> out;
  out.reserve(pop.params.size());
  for (const ParamFact& p : pop.params) out.push_back(p.value);
  return out;
}

// Whether stimulus `s` reaches neuron `neuron` of its population.
inline bool stimulus_reaches(const StimulusFact& s, int neuron) {
  return s.targets.empty() || std::find(s.targets.begin(), s.targets.end(), neuron) != s.targets.end();
}

// The constant current a neuron receives at t_ms: its population's I_bias plus the amplitudes of
// the stimuli that reach it and are on then (means of noisy ones).
inline double constant_drive(const ScenarioFacts& facts, double t_ms, int population, int neuron) {
  if (population < 0 || population >= static_cast<int>(facts.populations.size())) return 0.0;
  double drive = 0.0;
  if (const double bias = param_value(facts.populations[static_cast<std::size_t>(population)], "I_bias"); !std::isnan(bias))
    drive += bias;
  for (const StimulusFact& s : facts.stimuli) {
    if (s.population != population || !stimulus_reaches(s, neuron)) continue;
    if (t_ms >= s.params.start_ms && t_ms < s.params.stop_ms) drive += s.params.amplitude;
  }
  return drive;
}

}  // namespace neurosim::gui
