// Checking a scenario and building a Network from it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "build_detail.hpp"
#include "state_specs.hpp"
#include "neurosim/connectivity.hpp"
#include "neurosim/energy.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/model_registry.hpp"
#include "neurosim/network.hpp"
#include "neurosim/reward_task.hpp"

namespace neurosim {

// [SECTION] Streams and per-neuron values (build_detail.hpp)
namespace detail {

std::vector<float> shared_r(const ScenarioSpec& spec, std::size_t i) {
  const PopulationSpec& ps = spec.populations[i];
  const auto uses_shared_r = [](const std::map<std::string, Distribution>& m) {
    return std::any_of(m.begin(), m.end(), [](const auto& kv) { return kv.second.kind == Distribution::Kind::SharedR; });
  };
  std::vector<float> r;
  if (uses_shared_r(ps.params) || uses_shared_r(ps.initial)) {
    Rng rng(spec.seed, stream_id(Stream::SharedR, i));
    r.resize(static_cast<std::size_t>(ps.size));
    for (auto& x : r) x = static_cast<float>(rng.uniform());
  }
  return r;
}

std::vector<float> per_neuron_values(const ScenarioSpec& spec, std::size_t i, int param_index, const Distribution& dist,
                                     std::span<const float> shared_r) {
  Rng rng(spec.seed, stream_id(Stream::Param, i * 64 + static_cast<std::size_t>(param_index) + 1));
  std::vector<float> values(static_cast<std::size_t>(spec.populations[i].size));
  dist.fill(values, rng, shared_r);
  return values;
}

}  // namespace detail

namespace {

using detail::Stream;
using detail::stream_id;

constexpr double kMaxDtMs = 10.0;
constexpr std::int64_t kMaxPopulationSize = 50'000'000;
constexpr double kMaxSynapses = 1.5e9;          // 12 GB at 8 bytes each
using detail::kMaxDelaySteps;

std::string idx(const char* list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

// Checks that do not need the other parts of the scenario.
void check_population(const ScenarioSpec& spec, std::size_t i, std::vector<SpecError>& errors) {
  const PopulationSpec& p = spec.populations[i];
  const std::string path = idx("populations", i);
  if (p.name.empty()) errors.push_back({path + ".name", "must not be empty"});
  for (std::size_t j = 0; j < i; ++j)
    if (!p.name.empty() && spec.populations[j].name == p.name)
      errors.push_back({path + ".name", "duplicate population name \"" + p.name + "\" (also populations[" + std::to_string(j) + "])"});
  if (p.size < 1 || p.size > kMaxPopulationSize)
    errors.push_back({path + ".size", "must be between 1 and " + std::to_string(kMaxPopulationSize) + " (got " + std::to_string(p.size) + ")"});
  auto probe = make_population(p.model, p.name, 1, std::max(spec.dt_ms, 1e-6), 0, 0);
  if (!probe) {
    std::string known;
    for (const auto& m : model_names()) known += (known.empty() ? "" : ", ") + m;
    errors.push_back({path + ".model", "unknown model \"" + p.model + "\" (expected " + known + ")"});
    return;
  }
  // Parameters: known names, valid distributions, and a valid set at the mean values.
  std::vector<double> candidate(probe->param_values().begin(), probe->param_values().end());
  bool all_known = true;
  for (const auto& [name, dist] : p.params) {
    const std::string ppath = path + ".params." + name;
    const auto index = probe->param_index(name);
    if (!index) {
      std::string known;
      for (const auto& d : probe->param_descs()) known += (known.empty() ? "" : ", ") + std::string(d.name);
      errors.push_back({ppath, "unknown parameter for model " + p.model + " (expected one of " + known + ")"});
      all_known = false;
      continue;
    }
    if (const auto e = dist.check(); !e.empty()) {
      errors.push_back({ppath, e});
      all_known = false;
      continue;
    }
    if (!dist.is_constant() && !probe->set_per_neuron(*index, std::vector<float>{0.0f})) {
      errors.push_back({ppath, "model " + p.model + " takes one value per population for " + name + " (got " + dist.describe() + ")"});
      all_known = false;
      continue;
    }
    candidate[static_cast<std::size_t>(*index)] = dist.mean();
  }
  if (all_known)
    for (const auto& e : probe->validate(candidate)) errors.push_back({path + ".params." + e.param, e.message});
  for (const auto& [var, dist] : p.initial) {
    const std::string vpath = path + ".initial." + var;
    if (!probe->state_index(var)) {
      std::string known;
      for (const auto& d : probe->state_descs()) known += (known.empty() ? "" : ", ") + std::string(d.name);
      errors.push_back({vpath, "unknown state variable for model " + p.model + (known.empty() ? " (it has none)" : " (expected one of " + known + ")")});
    } else if (const auto e = dist.check(); !e.empty()) {
      errors.push_back({vpath, e});
    }
  }
}

bool is_source_model(const std::string& model) {
  return model == "poisson" || model == "pattern" || model == "file" || model == "images" || model == "replay";
}

void check_plasticity(const PlasticitySpec& pl, const std::string& path, double dt, std::vector<SpecError>& errors) {
  Projection probe_projection("probe", 0, 0, 1, 1, Receptor::Excitatory);
  auto probe = make_plasticity(pl.rule, probe_projection, std::max(dt, 1e-6));
  if (!probe) {
    std::string known;
    for (const auto& r : plasticity_rules()) known += (known.empty() ? "" : ", ") + r;
    errors.push_back({path + ".rule", "unknown rule \"" + pl.rule + "\" (expected " + known + ")"});
    return;
  }
  std::vector<double> candidate(probe->param_values().begin(), probe->param_values().end());
  bool all_known = true;
  for (const auto& [name, value] : pl.params) {
    const auto index = probe->param_index(name);
    if (!index) {
      std::string known;
      for (const auto& d : probe->param_descs()) known += (known.empty() ? "" : ", ") + std::string(d.name);
      errors.push_back({path + ".params." + name, "unknown parameter for rule " + pl.rule + " (expected one of " + known + ")"});
      all_known = false;
      continue;
    }
    candidate[static_cast<std::size_t>(*index)] = value;
  }
  if (all_known)
    for (const auto& e : probe->validate(candidate)) errors.push_back({path + ".params." + e.param, e.message});
}

void check_projection(const ScenarioSpec& spec, std::size_t i, std::vector<SpecError>& errors) {
  const ProjectionSpec& pr = spec.projections[i];
  const std::string path = idx("projections", i);
  for (std::size_t j = 0; j < i; ++j)
    if (!pr.name.empty() && spec.projections[j].name == pr.name)
      errors.push_back({path + ".name", "duplicate projection name \"" + pr.name + "\" (also projections[" + std::to_string(j) + "])"});
  const int pre = spec.population_index(pr.pre);
  const int post = spec.population_index(pr.post);
  if (pre < 0) errors.push_back({path + ".pre", "no population named \"" + pr.pre + "\""});
  if (post < 0) errors.push_back({path + ".post", "no population named \"" + pr.post + "\""});
  if (post >= 0 && is_source_model(spec.populations[static_cast<std::size_t>(post)].model))
    errors.push_back({path + ".post", "population \"" + pr.post + "\" is a spike source and takes no synaptic input"});
  const auto& c = pr.connectivity;
  const double n_pre = pre >= 0 ? spec.populations[static_cast<std::size_t>(pre)].size : 0;
  const double n_post = post >= 0 ? spec.populations[static_cast<std::size_t>(post)].size : 0;
  double expected_synapses = 0;
  switch (c.rule) {
    case ConnectivitySpec::Rule::FixedProbability:
      if (!(c.p >= 0.0 && c.p <= 1.0)) errors.push_back({path + ".connectivity.p", "must be between 0 and 1 (got " + format_number(c.p) + ")"});
      expected_synapses = n_pre * n_post * std::clamp(c.p, 0.0, 1.0);
      break;
    case ConnectivitySpec::Rule::FixedIndegree: {
      const double sources = n_pre - (pre == post && !c.allow_autapses ? 1 : 0);
      if (c.indegree < 0 || (pre >= 0 && c.indegree > sources))
        errors.push_back({path + ".connectivity.indegree", "must be between 0 and the " + format_number(std::max(sources, 0.0)) +
                                                              " possible sources (got " + std::to_string(c.indegree) + ")"});
      expected_synapses = n_post * std::max(c.indegree, 0);
      break;
    }
    case ConnectivitySpec::Rule::AllToAll: expected_synapses = n_pre * n_post; break;
    case ConnectivitySpec::Rule::OneToOne:
      if (pre >= 0 && post >= 0 && n_pre != n_post)
        errors.push_back({path + ".connectivity.rule", "one_to_one needs equal sizes (got " + format_number(n_pre) + " and " + format_number(n_post) + ")"});
      expected_synapses = n_pre;
      break;
    case ConnectivitySpec::Rule::List:
      for (std::size_t k = 0; k < c.pairs.size(); ++k) {
        const auto [a, b] = c.pairs[k];
        if (pre >= 0 && (a < 0 || a >= n_pre))
          errors.push_back({path + ".connectivity.pairs[" + std::to_string(k) + "]", "pre index " + std::to_string(a) + " is outside 0.." + format_number(n_pre - 1)});
        if (post >= 0 && (b < 0 || b >= n_post))
          errors.push_back({path + ".connectivity.pairs[" + std::to_string(k) + "]", "post index " + std::to_string(b) + " is outside 0.." + format_number(n_post - 1)});
      }
      if (!c.pair_weights.empty() && c.pair_weights.size() != c.pairs.size())
        errors.push_back({path + ".connectivity.weights", "needs one weight per pair (got " + std::to_string(c.pair_weights.size()) + " for " + std::to_string(c.pairs.size()) + " pairs)"});
      for (std::size_t k = 0; k < c.pair_weights.size(); ++k)
        if (!std::isfinite(c.pair_weights[k]))
          errors.push_back({path + ".connectivity.weights[" + std::to_string(k) + "]", "must be a finite number (got " + format_number(c.pair_weights[k]) + ")"});
      expected_synapses = static_cast<double>(c.pairs.size());
      break;
  }
  if (expected_synapses > kMaxSynapses)
    errors.push_back({path + ".connectivity", "would create about " + format_number(expected_synapses) + " synapses (the limit is " + format_number(kMaxSynapses) + ")"});
  if (const auto e = pr.weight.check(); !e.empty()) errors.push_back({path + ".weight", e});
  const std::string post_model = post >= 0 ? spec.populations[static_cast<std::size_t>(post)].model : std::string();
  if (!pr.delay_ms) {
    if (const std::string e = detail::same_step_problem(pr, post_model, spec.dt_ms); !e.empty()) errors.push_back({path + ".same_step", e});
  } else if (const auto e = pr.delay_ms->check(); !e.empty()) {
    errors.push_back({path + ".delay_ms", e});
  } else if (spec.dt_ms > 0) {
    const Distribution& d = *pr.delay_ms;
    const double lo = d.kind == Distribution::Kind::Uniform ? d.a : d.mean();
    const double hi = d.kind == Distribution::Kind::Uniform ? d.b : d.mean();
    if (lo < 0) errors.push_back({path + ".delay_ms", "must be >= 0 (got " + d.describe() + ")"});
    if (d.kind == Distribution::Kind::Normal || d.kind == Distribution::Kind::SharedR)
      errors.push_back({path + ".delay_ms", "must be a number or a uniform range"});
    if (hi / spec.dt_ms > kMaxDelaySteps)
      errors.push_back({path + ".delay_ms", "is more than " + std::to_string(kMaxDelaySteps) + " steps of dt"});
    if (lo >= 0 && post >= 0)
      if (const std::string why = detail::same_step_problem(pr, post_model, spec.dt_ms); !why.empty()) errors.push_back({path + ".same_step", why});
  }
  if (pr.plasticity) check_plasticity(*pr.plasticity, path + ".plasticity", spec.dt_ms, errors);
  if (const std::string e = detail::weight_scale_problem(pr.weight_scale); !e.empty()) errors.push_back({path + ".weight_scale", e});
}

void check_neuron_list(const ScenarioSpec& spec, const std::string& path, const std::string& population,
                       const std::vector<int>& neurons, bool allow_source, std::vector<SpecError>& errors) {
  const int p = spec.population_index(population);
  if (p < 0) {
    errors.push_back({path + ".population", "no population named \"" + population + "\""});
    return;
  }
  const auto& pop = spec.populations[static_cast<std::size_t>(p)];
  if (!allow_source && is_source_model(pop.model))
    errors.push_back({path + ".population", "population \"" + population + "\" is a spike source and takes no current"});
  for (std::size_t k = 0; k < neurons.size(); ++k)
    if (neurons[k] < 0 || neurons[k] >= pop.size)
      errors.push_back({path + ".neurons[" + std::to_string(k) + "]", "neuron " + std::to_string(neurons[k]) + " is outside 0.." + std::to_string(pop.size - 1)});
}

void check_experiment(const ScenarioSpec& spec, std::vector<SpecError>& errors) {
  const ExperimentSpec& x = *spec.experiment;
  const bool classification = x.task == "classification";
  if (x.task != "pattern" && !classification)
    errors.push_back({"experiment.task", "unknown task \"" + x.task + "\" (expected pattern, classification)"});
  const int in = spec.population_index(x.input);
  if (in < 0) {
    errors.push_back({"experiment.input", "no population named \"" + x.input + "\""});
  } else if (classification) {
    const PopulationSpec& p = spec.populations[static_cast<std::size_t>(in)];
    if (p.model != "images") {
      errors.push_back({"experiment.input", "population \"" + x.input + "\" must be of model images for the classification task"});
    } else if (p.input && (p.input->images ? p.input->images->labels.empty() : p.input->labels.empty())) {
      // Without an input the population shows the built-in digits, which are labelled.
      errors.push_back({"experiment.input", "population \"" + x.input + "\" shows images without labels: the classification task needs "
                                            "a labels file (input.labels)"});
    }
  } else if (spec.populations[static_cast<std::size_t>(in)].model != "pattern") {
    errors.push_back({"experiment.input", "population \"" + x.input + "\" must be of model pattern for the pattern task"});
  }
  const int out = spec.population_index(x.output);
  if (out < 0) errors.push_back({"experiment.output", "no population named \"" + x.output + "\""});
  else if (is_source_model(spec.populations[static_cast<std::size_t>(out)].model))
    errors.push_back({"experiment.output", "population \"" + x.output + "\" is a spike source, not a layer that learns"});
  if (x.epochs < 1 || x.epochs > 1000000) errors.push_back({"experiment.epochs", "must be between 1 and 1000000 (got " + std::to_string(x.epochs) + ")"});
  if (classification && x.epoch_ms == 0.0) {
    // one pass over the training images
  } else if (auto e = require_positive(x.epoch_ms)) {
    errors.push_back({"experiment.epoch_ms", classification ? *e + " (or 0: one pass over the images)" : *e});
  }
  if (!x.normalise_projection.empty()) {
    const auto& projs = spec.projections;
    const auto it = std::find_if(projs.begin(), projs.end(), [&](const ProjectionSpec& pr) {
      return (pr.name.empty() ? pr.pre + "->" + pr.post : pr.name) == x.normalise_projection;
    });
    if (!classification) errors.push_back({"experiment.normalise_projection", "applies to the classification task only"});
    else if (it == projs.end()) errors.push_back({"experiment.normalise_projection", "no projection named \"" + x.normalise_projection + "\""});
    else if (!it->plasticity) errors.push_back({"experiment.normalise_projection", "projection \"" + x.normalise_projection + "\" has static weights"});
  }
  if (auto e = require_positive(x.normalise_total)) errors.push_back({"experiment.normalise_total", *e});
  if (x.tagged_outputs && !classification) errors.push_back({"experiment.tagged_outputs", "applies to the classification task only"});
  if (x.label_pass && !classification) errors.push_back({"experiment.label_pass", "applies to the classification task only"});
  if (x.label_pass && x.tagged_outputs)
    errors.push_back({"experiment.label_pass", "cannot remake the labels of tagged outputs (experiment.tagged_outputs fixes them)"});
  if (auto e = require_non_negative(x.reward)) errors.push_back({"experiment.reward", *e});
  else if (x.reward > 1000.0) errors.push_back({"experiment.reward", "must be at most 1000 (got " + format_number(x.reward) + ")"});
  if (x.reward > 0.0 && !classification) errors.push_back({"experiment.reward", "applies to the classification task only"});
  if (x.silent_decision != "none" && x.silent_decision != "peak_potential")
    errors.push_back({"experiment.silent_decision", "must be \"none\" or \"peak_potential\" (got \"" + x.silent_decision + "\")"});
  else if (x.silent_decision != "none" && !x.tagged_outputs)
    errors.push_back({"experiment.silent_decision", "applies to tagged outputs only (set experiment.tagged_outputs)"});
  if (!(x.reward_decay > 0.0 && x.reward_decay <= 1.0))
    errors.push_back({"experiment.reward_decay", "must be above 0 and at most 1 (got " + format_number(x.reward_decay) + ")"});
  if (x.repeat_below_spikes < 0 || x.repeat_below_spikes > 1000000)
    errors.push_back({"experiment.repeat_below_spikes", "must be between 0 and 1000000 (got " + std::to_string(x.repeat_below_spikes) + ")"});
  if (x.repeat_below_spikes > 0 && !classification) errors.push_back({"experiment.repeat_below_spikes", "applies to the classification task only"});
  if (auto e = require_non_negative(x.repeat_rate_step_hz)) errors.push_back({"experiment.repeat_rate_step_hz", *e});
  else if (x.repeat_rate_step_hz > 10000.0)
    errors.push_back({"experiment.repeat_rate_step_hz", "must be at most 10000 Hz (got " + format_number(x.repeat_rate_step_hz) + ")"});
  if (x.max_repeats < 0 || x.max_repeats > 100)
    errors.push_back({"experiment.max_repeats", "must be between 0 and 100 (got " + std::to_string(x.max_repeats) + ")"});
  if (auto e = require_non_negative(x.evaluation_ms)) errors.push_back({"experiment.evaluation_ms", *e});
  if (!(x.stop_accuracy >= 0.0 && x.stop_accuracy <= 1.0))
    errors.push_back({"experiment.stop_accuracy", "must be between 0 and 1 (got " + format_number(x.stop_accuracy) + ")"});
  if (auto e = require_positive(x.max_latency_ms)) errors.push_back({"experiment.max_latency_ms", *e});
  if (auto e = require_non_negative(x.final_window_ms)) errors.push_back({"experiment.final_window_ms", *e});
  for (std::size_t k = 0; k < x.grow.size(); ++k) {
    const GrowSpec& g = x.grow[k];
    const std::string path = "experiment." + idx("grow", k);
    if (g.after_epoch < 0 || (x.epochs >= 1 && g.after_epoch >= x.epochs))
      errors.push_back({path + ".after_epoch", "must be between 0 and epochs - 1 = " + std::to_string(x.epochs - 1) + " (got " +
                                                   std::to_string(g.after_epoch) + ")"});
    if (k > 0 && g.after_epoch < x.grow[k - 1].after_epoch)
      errors.push_back({path + ".after_epoch", "must not come before the previous entry's (" + std::to_string(x.grow[k - 1].after_epoch) + ")"});
    const int p = spec.population_index(g.population);
    if (p < 0) {
      errors.push_back({path + ".population", "no population named \"" + g.population + "\""});
      continue;
    }
    // Checked against the scenario as it will be by then: the earlier entries applied.
    ScenarioSpec by_then = spec;
    for (std::size_t e = 0; e < k; ++e) {
      const int q = spec.population_index(x.grow[e].population);
      if (q >= 0 && x.grow[e].count > 0) by_then.populations[static_cast<std::size_t>(q)].size += std::min(x.grow[e].count, detail::kMaxGrowth);
    }
    const std::string problem = detail::growth_problem(by_then, p, g.count);
    if (!problem.empty())
      errors.push_back({path + (g.count < 1 || g.count > detail::kMaxGrowth ? ".count" : ".population"), problem});
  }
  if (!find_energy_model(x.energy_model)) {
    std::string known;
    for (const auto& m : energy_models()) known += (known.empty() ? "" : ", ") + std::string(m.name);
    errors.push_back({"experiment.energy_model", "unknown energy model \"" + x.energy_model + "\" (expected " + known + ")"});
  }
}

}  // namespace

// [SECTION] Growth (build_detail.hpp)
namespace detail {

std::string same_step_problem(const ProjectionSpec& pr, const std::string& post_model, double dt_ms) {
  if (!pr.same_step) return {};
  if (!pr.delay_ms) return "needs a delay_ms to deliver within the step (\"delay_ms\": 0)";
  // With same_step, a delay that rounds to 0 steps joins the target's synaptic state within the
  // step: only a model that keeps its input in a synaptic state can take it.
  const Distribution& d = *pr.delay_ms;
  const double lo = d.kind == Distribution::Kind::Uniform ? d.a : d.mean();
  if (!(dt_ms > 0) || !(lo >= 0) || delay_steps(lo, dt_ms, true) != 0) return {};
  if (post_model.empty() || is_source_model(post_model) || takes_same_step_input(post_model)) return {};
  return "delay_ms rounds to 0 steps (same-step delivery), which model " + post_model +
         " cannot take: its kernel spends its input within the step; leave same_step off or use a delay of at least " +
         format_number(dt_ms / 2) + " ms";
}

std::string weight_scale_problem(double scale) {
  if (!std::isfinite(scale) || scale < 0 || scale > kMaxWeightScale)
    return "must be between 0 and " + format_number(kMaxWeightScale) + " (got " + format_number(scale) + ")";
  return {};
}

std::string growth_problem(const ScenarioSpec& spec, int pop, int count) {
  if (pop < 0 || pop >= static_cast<int>(spec.populations.size())) return "no population " + std::to_string(pop);
  const PopulationSpec& ps = spec.populations[static_cast<std::size_t>(pop)];
  if (count < 1) return "the number of neurons to add must be at least 1 (got " + std::to_string(count) + ")";
  if (count > kMaxGrowth)
    return "at most " + std::to_string(kMaxGrowth) + " neurons can be added at once (got " + std::to_string(count) + ")";
  if (static_cast<std::int64_t>(ps.size) + count > kMaxPopulationSize)
    return "population " + ps.name + " would exceed " + std::to_string(kMaxPopulationSize) + " neurons";
  // A source's size is its data's or its pattern's (the afferents of a pattern are drawn for
  // the size it was built with): it has nothing to give new neurons.
  if (is_source_model(ps.model)) return "population " + ps.name + " is a spike source (model " + ps.model + ") and cannot grow";
  const auto probe = make_population(ps.model, ps.name, 1, std::max(spec.dt_ms, 1e-6), 0, 0);
  if (!probe || !probe->can_grow()) {
    std::string can;
    for (const auto& m : model_names()) {
      const auto p = make_population(m, "probe", 1, 0.1, 0, 0);
      if (p && p->can_grow()) can += (can.empty() ? "" : ", ") + m;
    }
    return "population " + ps.name + " is of model " + ps.model + ", which cannot add neurons while it runs (models that can: " + can + ")";
  }
  double synapses = 0, added = 0;
  for (std::size_t j = 0; j < spec.projections.size(); ++j) {
    const ProjectionSpec& pr = spec.projections[j];
    const int pre = spec.population_index(pr.pre), post = spec.population_index(pr.post);
    if (pre < 0 || post < 0) continue;
    const double n_pre = spec.populations[static_cast<std::size_t>(pre)].size;
    const double n_post = spec.populations[static_cast<std::size_t>(post)].size;
    const auto& c = pr.connectivity;
    const double density = c.rule == ConnectivitySpec::Rule::FixedProbability ? c.p
                           : c.rule == ConnectivitySpec::Rule::AllToAll         ? 1.0
                           : c.rule == ConnectivitySpec::Rule::FixedIndegree    ? std::max(c.indegree, 0) / std::max(n_pre, 1.0)
                                                                                : 0.0;
    synapses += n_pre * n_post * density;
    if (pre != pop && post != pop) continue;
    const std::string name = pr.name.empty() ? pr.pre + "->" + pr.post : pr.name;
    if (c.rule == ConnectivitySpec::Rule::FixedIndegree)
      return "projection " + name + " has a fixed in-degree, which new neurons would change: use fixed_probability to grow";
    if (c.rule == ConnectivitySpec::Rule::OneToOne && pre != post)
      return "projection " + name + " connects " + pr.pre + " one_to_one to " + pr.post + ", which would no longer have " +
             "the same size: grow both or use another rule";
    const double g_pre = pre == pop ? n_pre + count : n_pre, g_post = post == pop ? n_post + count : n_post;
    added += (g_pre * g_post - n_pre * n_post) * density;
  }
  if (synapses + added > kMaxSynapses)
    return "the network would have about " + format_number(synapses + added) + " synapses (the limit is " + format_number(kMaxSynapses) + ")";
  return {};
}

GrownSynapses grow_synapses(const ScenarioSpec& grown, std::size_t j, const Projection& old, std::uint64_t event, const Plasticity* rule) {
  const ProjectionSpec& pr = grown.projections[j];
  const int pre = grown.population_index(pr.pre), post = grown.population_index(pr.post);
  const int n_pre = grown.populations[static_cast<std::size_t>(pre)].size;
  const int n_post = grown.populations[static_cast<std::size_t>(post)].size;
  const int old_pre = old.pre_size(), old_post = old.post_size();
  const auto& c = pr.connectivity;
  const bool allow_self = pre != post ? !c.skip_same_index : c.allow_autapses;
  Rng connect_rng(grown.seed, growth_stream_id(Stream::GrowConnect, event, j));
  const auto old_row = old.row_ptr();
  const auto old_col = old.col();

  GrownSynapses g;
  g.row_ptr.assign(static_cast<std::size_t>(n_pre) + 1, 0);
  g.col.reserve(old_col.size());
  g.old_to_new.resize(old_col.size());
  std::vector<char> is_new;
  is_new.reserve(old_col.size());
  // A new pair (i, k) by the rule; the old pairs were decided at build or at an earlier growth.
  const auto consider = [&](int i, int k) {
    // one_to_one's pairs are all i == k, which a build makes whatever allow_autapses says.
    if (!allow_self && i == k && c.rule != ConnectivitySpec::Rule::OneToOne) return;
    bool make = false;
    switch (c.rule) {
      case ConnectivitySpec::Rule::AllToAll: make = true; break;
      case ConnectivitySpec::Rule::FixedProbability: make = connect_rng.uniform() < c.p; break;
      case ConnectivitySpec::Rule::OneToOne: make = i == k; break;
      case ConnectivitySpec::Rule::List: make = false; break;  // the list names every pair there is
      case ConnectivitySpec::Rule::FixedIndegree: make = false; break;  // refused by growth_problem
    }
    if (!make) return;
    g.col.push_back(k);
    is_new.push_back(1);
  };
  for (int i = 0; i < n_pre; ++i) {
    const auto si = static_cast<std::size_t>(i);
    int first_new_col = 0;
    if (i < old_pre) {
      for (std::int64_t k = old_row[si]; k < old_row[si + 1]; ++k) {
        g.old_to_new[static_cast<std::size_t>(k)] = static_cast<std::int64_t>(g.col.size());
        g.col.push_back(old_col[static_cast<std::size_t>(k)]);
        is_new.push_back(0);
      }
      first_new_col = old_post;  // an old row gains only the new columns
    }
    if (c.rule == ConnectivitySpec::Rule::OneToOne) {
      if (i >= first_new_col && i < n_post) consider(i, i);
    } else if (c.rule != ConnectivitySpec::Rule::List) {
      for (int k = first_new_col; k < n_post; ++k) consider(i, k);
    }
    g.row_ptr[si + 1] = static_cast<std::int64_t>(g.col.size());
  }
  g.added = g.col.size() - old_col.size();

  g.weight.resize(g.col.size());
  const auto old_w = old.weights();
  Rng weight_rng(grown.seed, growth_stream_id(Stream::GrowWeight, event, j));
  const double lo = rule ? rule->param("w_min") : -std::numeric_limits<double>::infinity();
  const double hi = rule ? rule->param("w_max") : std::numeric_limits<double>::infinity();
  for (std::size_t k = 0, o = 0; k < g.col.size(); ++k) {
    if (is_new[k]) g.weight[k] = static_cast<float>(std::clamp(pr.weight.draw(weight_rng, 0.0), lo, hi));
    else g.weight[k] = old_w[o++];
  }
  if (old.has_per_synapse_delays()) {
    const double dt = grown.dt_ms;
    Rng delay_rng(grown.seed, growth_stream_id(Stream::GrowDelay, event, j));
    g.delay.resize(g.col.size());
    for (std::size_t k = 0, o = 0; k < g.col.size(); ++k) {
      if (is_new[k]) g.delay[k] = static_cast<std::uint16_t>(delay_steps(pr.delay_or_step(dt).draw(delay_rng, 0.0), dt, pr.same_step));
      else g.delay[k] = static_cast<std::uint16_t>(old.delay_steps(o++));
    }
  }
  return g;
}

}  // namespace detail

// [SECTION] Elements as a build makes them (build_detail.hpp)
namespace detail {

std::unique_ptr<Population> build_population(const ScenarioSpec& spec, std::size_t i) {
  const double dt = spec.dt_ms;
  const std::uint64_t seed = spec.seed;
  const PopulationSpec& ps = spec.populations[i];
  auto pop = make_population(ps.model, ps.name, ps.size, dt, seed, stream_id(Stream::Source, i));
  const std::vector<float> shared_r = detail::shared_r(spec, i);
  std::vector<double> values(pop->param_values().begin(), pop->param_values().end());
  for (const auto& [name, dist] : ps.params) values[static_cast<std::size_t>(*pop->param_index(name))] = dist.mean();
  pop->set_params(values);  // checked before
  for (const auto& [name, dist] : ps.params) {
    if (dist.is_constant()) continue;
    const int index = *pop->param_index(name);
    pop->set_per_neuron(index, detail::per_neuron_values(spec, i, index, dist, shared_r));
  }
  pop->reset();  // defaults that depend on parameters (Izhikevich u = b v) before explicit initial values
  std::size_t k = 0;
  for (const auto& [var, dist] : ps.initial) pop->set_initial(var, dist, seed, stream_id(Stream::Initial, i * 64 + k++), shared_r);
  // Loaded input data (checked before); an images population without data shows the built-in digits.
  if (auto* f = dynamic_cast<FilePopulation*>(pop.get()); f != nullptr && ps.input && ps.input->series)
    f->attach(ps.input->series, ps.input->as, ps.input->loop);
  if (auto* im = dynamic_cast<ImagePopulation*>(pop.get()))
    im->attach(ps.input && ps.input->images ? ps.input->images : std::make_shared<const ImageSet>(synthetic_digits()));
  return pop;
}

BuiltProjection build_projection(const ScenarioSpec& spec, std::size_t j) {
  const double dt = spec.dt_ms;
  const std::uint64_t seed = spec.seed;
  const ProjectionSpec& pr = spec.projections[j];
  const int pre = spec.population_index(pr.pre), post = spec.population_index(pr.post);
  const int n_pre = spec.populations[static_cast<std::size_t>(pre)].size;
  const int n_post = spec.populations[static_cast<std::size_t>(post)].size;
  const bool same = pre == post;
  const auto& c = pr.connectivity;
  Rng connect_rng(seed, stream_id(Stream::Connect, j));
  CsrStructure csr;
  std::vector<std::size_t> order;
  switch (c.rule) {
    case ConnectivitySpec::Rule::AllToAll: csr = connect_all_to_all(n_pre, n_post, same ? c.allow_autapses : !c.skip_same_index); break;
    case ConnectivitySpec::Rule::OneToOne: csr = connect_one_to_one(n_pre); break;
    case ConnectivitySpec::Rule::FixedProbability:
      csr = connect_fixed_probability(n_pre, n_post, c.p, same ? c.allow_autapses : !c.skip_same_index, connect_rng);
      break;
    case ConnectivitySpec::Rule::FixedIndegree:
      csr = connect_fixed_indegree(n_pre, n_post, c.indegree, !same || c.allow_autapses, connect_rng);
      break;
    case ConnectivitySpec::Rule::List: csr = connect_list(n_pre, c.pairs, order); break;
  }
  const Receptor receptor = pr.receptor.value_or(
      (c.rule == ConnectivitySpec::Rule::List && !c.pair_weights.empty()
           ? (c.pair_weights.empty() ? 0.0 : c.pair_weights[0])
           : pr.weight.mean()) < 0 ? Receptor::Inhibitory : Receptor::Excitatory);
  const std::string name = pr.name.empty() ? pr.pre + "->" + pr.post : pr.name;
  BuiltProjection out;
  out.projection = std::make_unique<Projection>(name, pre, post, n_pre, n_post, receptor);
  Projection* proj = out.projection.get();
  proj->set_structure(std::move(csr.row_ptr), std::move(csr.col));
  proj->set_weight_scale(static_cast<float>(pr.weight_scale));
  proj->set_enabled(pr.enabled);
  if (c.rule == ConnectivitySpec::Rule::List && !c.pair_weights.empty()) {
    auto w = proj->weights();
    for (std::size_t s = 0; s < w.size(); ++s) w[s] = static_cast<float>(c.pair_weights[order[s]]);
  } else if (pr.weight.is_constant()) {
    // The value fill() would write into every synapse (a constant draws nothing from the weight
    // stream), without an array of copies of it.
    proj->set_equal_weights(static_cast<float>(pr.weight.a));
  } else {
    Rng weight_rng(seed, stream_id(Stream::Weight, j));
    pr.weight.fill(proj->weights(), weight_rng, {});
  }
  const Distribution delay = pr.delay_or_step(dt);
  if (delay.is_constant()) {
    proj->set_uniform_delay(delay_steps(delay.a, dt, pr.same_step));
  } else {
    Rng delay_rng(seed, stream_id(Stream::Delay, j));
    std::vector<std::uint16_t> steps(proj->synapse_count());
    for (auto& s : steps) s = static_cast<std::uint16_t>(delay_steps(delay.draw(delay_rng, 0.0), dt, pr.same_step));
    proj->set_delays(std::move(steps));
  }
  if (pr.plasticity) {
    out.plasticity = make_plasticity(pr.plasticity->rule, *proj, dt);
    for (const auto& [param, value] : pr.plasticity->params) out.plasticity->set_param(param, value);  // checked before
    // Weights start inside the rule's bounds.
    const double lo = out.plasticity->param("w_min"), hi = out.plasticity->param("w_max");
    for (float& x : proj->weights()) x = static_cast<float>(std::clamp(static_cast<double>(x), lo, hi));
  } else {
    proj->compact();  // a static projection: 2-byte targets and one weight where they suffice
  }
  return out;
}

Stimulus build_stimulus(const ScenarioSpec& spec, std::size_t k) {
  const StimulusSpec& s = spec.stimuli[k];
  const int p = spec.population_index(s.population);
  std::vector<int> neurons = s.neurons;
  if (neurons.empty()) {
    neurons.resize(static_cast<std::size_t>(spec.populations[static_cast<std::size_t>(p)].size));
    for (std::size_t n = 0; n < neurons.size(); ++n) neurons[n] = static_cast<int>(n);
  }
  const std::string name = s.name.empty() ? "stimulus " + std::to_string(k) : s.name;
  Stimulus out(name, p, std::move(neurons), StimulusParams{s.amplitude, s.noise_sd, s.start_ms, s.stop_ms}, spec.seed,
               stream_id(Stream::Stimulus, k));
  if (s.input && s.input->series) out.set_series(s.input->series, s.input->loop, spec.dt_ms);
  return out;
}

}  // namespace detail

std::vector<SpecError> check_scenario(const ScenarioSpec& spec) {
  std::vector<SpecError> errors;
  if (!std::isfinite(spec.dt_ms) || !(spec.dt_ms > 0) || spec.dt_ms > kMaxDtMs)
    errors.push_back({"dt_ms", "must be > 0 and <= " + format_number(kMaxDtMs) + " (got " + format_number(spec.dt_ms) + ")"});
  if (!std::isfinite(spec.duration_ms) || spec.duration_ms < 0)
    errors.push_back({"duration_ms", "must be >= 0 (got " + format_number(spec.duration_ms) + ")"});
  if (spec.populations.empty()) errors.push_back({"populations", "must list at least one population"});
  for (std::size_t i = 0; i < spec.populations.size(); ++i) check_population(spec, i, errors);
  for (std::size_t i = 0; i < spec.projections.size(); ++i) check_projection(spec, i, errors);
  for (std::size_t i = 0; i < spec.stimuli.size(); ++i) {
    const auto& s = spec.stimuli[i];
    const std::string path = idx("stimuli", i);
    check_neuron_list(spec, path, s.population, s.neurons, false, errors);
    const std::string e = Stimulus::check({s.amplitude, s.noise_sd, s.start_ms, s.stop_ms});
    if (!e.empty()) {
      const auto colon = e.find(": ");
      errors.push_back({path + "." + e.substr(0, colon), e.substr(colon + 2)});
    }
  }
  check_inputs(spec, errors);
  const auto& m = spec.monitors;
  if (!std::isfinite(m.rate_bin_ms) || !(m.rate_bin_ms > 0))
    errors.push_back({"monitors.rate_bin_ms", "must be > 0 (got " + format_number(m.rate_bin_ms) + ")"});
  if (!std::isfinite(m.report_interval_ms) || !(m.report_interval_ms > 0))
    errors.push_back({"monitors.report_interval_ms", "must be > 0 (got " + format_number(m.report_interval_ms) + ")"});
  for (std::size_t i = 0; i < m.traces.size(); ++i)
    check_neuron_list(spec, "monitors." + idx("traces", i), m.traces[i].population, m.traces[i].neurons, false, errors);
  if (m.spikes)
    for (std::size_t i = 0; i < m.spikes->size(); ++i)
      if (spec.population_index((*m.spikes)[i]) < 0)
        errors.push_back({"monitors." + idx("spikes", i), "no population named \"" + (*m.spikes)[i] + "\""});
  if (spec.experiment) check_experiment(spec, errors);
  check_reward(spec, errors);
  return errors;
}

BuildResult build_network(const ScenarioSpec& spec, const BuildOptions& options) {
  BuildResult result;
  result.errors = check_scenario(spec);
  if (!result.errors.empty()) return result;

  std::unique_ptr<Network> net(new Network());
  net->spec_ = spec;
  net->options_ = options;
  const double dt = spec.dt_ms;

  // [SECTION] Populations
  for (std::size_t i = 0; i < spec.populations.size(); ++i) net->populations_.push_back(detail::build_population(spec, i));

  // [SECTION] Projections
  const auto n_pops = spec.populations.size();
  net->outgoing_.assign(n_pops, {});
  std::vector<int> max_delay(n_pops, 1);
  std::int64_t neurons = 0;
  for (const auto& pop : net->populations_) neurons += pop->size();
  std::vector<detail::BuiltProjection> projections = detail::build_projections(spec, Network::resolve_threads(options.threads, neurons));
  for (std::size_t j = 0; j < spec.projections.size(); ++j) {
    detail::BuiltProjection& built = projections[j];
    const int pre = built.projection->pre(), post = built.projection->post();
    max_delay[static_cast<std::size_t>(post)] = std::max(max_delay[static_cast<std::size_t>(post)], built.projection->max_delay_steps());
    if (built.plasticity) {
      net->plastic_.push_back(static_cast<int>(j));
      net->initial_weights_.emplace_back(built.projection->weights().begin(), built.projection->weights().end());
    } else {
      net->initial_weights_.emplace_back();
    }
    net->plasticity_.push_back(std::move(built.plasticity));
    net->outgoing_[static_cast<std::size_t>(pre)].push_back(static_cast<int>(j));
    net->projections_.push_back(std::move(built.projection));
  }
  for (std::size_t i = 0; i < n_pops; ++i) {
    auto& pop = *net->populations_[i];
    pop.input().resize(pop.size(), max_delay[i] + 1);  // slots for "now" and every pending delay
  }

  // [SECTION] Reward rule (needs the projections: the chosen synapse must exist)
  net->reward_task_ = build_reward_task(spec, *net, result.errors);
  if (!result.errors.empty()) return result;

  // [SECTION] Stimuli
  for (std::size_t k = 0; k < spec.stimuli.size(); ++k) {
    net->stimuli_.push_back(detail::build_stimulus(spec, k));
    net->populations_[static_cast<std::size_t>(net->stimuli_.back().population())]->enable_external_current();
  }

  // [SECTION] Monitors
  net->fired_.assign(n_pops, {});
  for (std::size_t i = 0; i < n_pops; ++i) {
    net->fired_[i].reserve(static_cast<std::size_t>(net->populations_[i]->size()));
    net->population_sizes_.push_back(net->populations_[i]->size());
    net->population_ids_.push_back(i);
  }
  net->spike_totals_.assign(n_pops, 0);
  net->next_population_id_ = n_pops;
  net->origin_ = detail::shape_hash(spec);
  net->spike_recorder_.configure(options.record, options.spike_ring_capacity);
  net->state_recorder_.configure(options.record, options.trace_capacity_samples);
  for (const auto& t : spec.monitors.traces) {
    const int p = spec.population_index(t.population);
    const int vars = static_cast<int>(net->populations_[static_cast<std::size_t>(p)]->state_descs().size());
    for (const int n : t.neurons) net->state_recorder_.add(p, n, vars);
  }
  net->rate_monitor_.configure(static_cast<int>(n_pops), std::max(1, static_cast<int>(std::lround(spec.monitors.rate_bin_ms / dt))),
                               dt, options.rate_bins_kept);
  net->set_threads(options.threads);
  result.network = std::move(net);
  return result;
}

}  // namespace neurosim
