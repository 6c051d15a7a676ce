#include "neurosim/network.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "neurosim/reward_task.hpp"

#include "build_detail.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/lif_cond.hpp"

namespace neurosim {

Network::~Network() = default;

// [SECTION] Running
void Network::step() {
  if (!pending_.empty()) apply_pending_commands();
  if (spike_listener_) spike_listener_->parts(threads());
  for (auto& s : stimuli_) s.apply(step_, spec_.dt_ms, populations_[static_cast<std::size_t>(s.population())]->external_current());

  const std::size_t n = populations_.size();
  mark_same_step_targets();
  if (team_) {
    step_parallel();
  } else {
    for (std::size_t p = 0; p < n; ++p) {
      fired_[p].clear();
      populations_[p]->evolve(step_, fired_[p]);
    }
    // Calls f(projection, spikes) for every projection from a population that fired.
    const auto for_each_delivery = [&](auto&& f) {
      for (std::size_t p = 0; p < n; ++p) {
        if (fired_[p].empty()) continue;
        for (const int j : outgoing_[p]) f(*projections_[static_cast<std::size_t>(j)], std::span<const int>(fired_[p]));
      }
    };
    // Every spiking row's bounds asked for, then the lines of each projection's rows asked for
    // before the projection before it delivers (ask_for_bounds).
    for_each_delivery([&](const Projection& proj, std::span<const int> spikes) { proj.ask_for_bounds(spikes, Projection::kWholeRows); });
    const Projection* asked = nullptr;
    std::span<const int> asked_spikes;
    const auto deliver_asked = [&] {
      if (asked) synaptic_events_ += asked->propagate(asked_spikes, step_, populations_[static_cast<std::size_t>(asked->post())]->input_target());
    };
    for_each_delivery([&](const Projection& proj, std::span<const int> spikes) {
      proj.ask_for_rows(spikes, Projection::kWholeRows);
      deliver_asked();
      asked = &proj;
      asked_spikes = spikes;
    });
    deliver_asked();
    for (std::size_t p = 0; p < n; ++p)
      if (same_step_[p]) populations_[p]->absorb_same_step(0, populations_[p]->size());
  }
  // Every kernel has read and cleared this step's slot of its input ring.
  for (std::size_t p = 0; p < n; ++p) populations_[p]->input().spent(step_);

  for (const int j : plastic_) {
    Projection& proj = *projections_[static_cast<std::size_t>(j)];
    Plasticity& rule = *plasticity_[static_cast<std::size_t>(j)];
    if (!rule.learning()) continue;
    rule.on_pre_spikes(fired_[static_cast<std::size_t>(proj.pre())], step_, proj);
    rule.on_post_spikes(fired_[static_cast<std::size_t>(proj.post())], step_, proj);
    rule.end_step(step_, proj);
  }
  // The reward rule sees this step's spikes; the dopamine it releases acts from the next step.
  if (reward_task_) {
    const RewardTask::Settings& r = reward_task_->settings();
    const double due = reward_task_->step(step_, fired_[static_cast<std::size_t>(r.pre_population)], fired_[static_cast<std::size_t>(r.post_population)]);
    if (due != 0.0)
      for (const int j : plastic_) plasticity_[static_cast<std::size_t>(j)]->reward(due);
  }

  for (std::size_t p = 0; p < n; ++p) {
    spike_totals_[p] += fired_[p].size();
    rate_monitor_.record(static_cast<int>(p), fired_[p].size());
    if (!fired_[p].empty()) spike_recorder_.record(step_, static_cast<int>(p), fired_[p]);
  }
  rate_monitor_.end_step(population_sizes_);
  if (spike_listener_) tell_listener(step_);
  // The variables' arrays are asked for once per run of probes of the same population (the
  // probes of a population are usually listed together).
  const float* vars[8];
  int vars_of = -1, vars_count = 0;
  for (auto& probe : state_recorder_.probes()) {
    const int count = std::min(probe.variables, 8);
    if (probe.population != vars_of || count > vars_count) {
      const Population& pop = *populations_[static_cast<std::size_t>(probe.population)];
      for (int v = 0; v < count; ++v) vars[v] = pop.state(v);
      vars_of = probe.population;
      vars_count = count;
    }
    state_recorder_.record(probe, step_, vars);
  }
  ++step_;
}

// The targets of zero-delay projections that fold a now buffer in after the deliveries (the
// others take zero-delay spikes straight into their synaptic state: Population::same_step_state).
void Network::mark_same_step_targets() {
  same_step_.assign(populations_.size(), 0);  // the same size at every step: no allocation
  for (const auto& proj : projections_) {
    const auto post = static_cast<std::size_t>(proj->post());
    if (proj->min_delay_steps() == 0 && populations_[post]->same_step_state().exc == nullptr) same_step_[post] = 1;
  }
}

void Network::run(std::int64_t steps) {
  if (steps <= 0) return;
  if (team_ && !pending_.empty()) {
    step();  // commands apply at the start of a step, and none can be queued during the run
    --steps;
  }
  if (steps > 1 && runs_in_one_round()) {
    run_parallel(steps);
    return;
  }
  for (std::int64_t i = 0; i < steps; ++i) step();
}

// [SECTION] Between steps, for a task
void Network::normalise_incoming(int projection, float total) {
  projections_[static_cast<std::size_t>(projection)]->normalise_incoming(total, normalise_scratch_);
}

void Network::repeat_image(int population, double extra_rate_hz) {
  if (auto* im = dynamic_cast<ImagePopulation*>(populations_[static_cast<std::size_t>(population)].get()))
    im->repeat_current(extra_rate_hz, step_);
}

void Network::freeze_adaptation(int population, bool frozen) {
  if (auto* lif = dynamic_cast<LifCondPopulation*>(populations_[static_cast<std::size_t>(population)].get()))
    lif->set_theta_frozen(frozen);
}

void Network::show_images(int population, std::shared_ptr<const ImageSet> images) {
  // The scenario keeps its own input: a test set shown after training is not part of it.
  if (auto* im = dynamic_cast<ImagePopulation*>(populations_[static_cast<std::size_t>(population)].get())) im->attach(std::move(images));
}

// [SECTION] Commands
namespace {
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Moves a distribution by `delta`, keeping its spread (as the population shifted every neuron).
void shift_by(Distribution& d, double delta) {
  d.a += delta;
  if (d.kind == Distribution::Kind::Uniform) d.b += delta;
}
}  // namespace

std::string Network::check_command(const Command& command) const {
  return std::visit(
      Overloaded{
          [&](const SetParam& c) -> std::string {
            if (c.population < 0 || c.population >= population_count()) return "no population " + std::to_string(c.population);
            const Population& pop = population(c.population);
            const auto index = pop.param_index(c.param);
            if (!index) return c.param + ": unknown parameter for model " + std::string(pop.model());
            std::vector<double> candidate(pop.param_values().begin(), pop.param_values().end());
            candidate[static_cast<std::size_t>(*index)] = c.value;
            const auto errors = pop.validate(candidate);
            return errors.empty() ? std::string() : errors.front().param + ": " + errors.front().message;
          },
          [&](const SetStimulus& c) -> std::string {
            if (c.stimulus < 0 || c.stimulus >= stimulus_count()) return "no stimulus " + std::to_string(c.stimulus);
            return Stimulus::check(c.params);
          },
          [&](const SetTraced& c) -> std::string {
            if (c.population < 0 || c.population >= population_count()) return "no population " + std::to_string(c.population);
            const Population& pop = population(c.population);
            if (pop.is_source()) return "population " + pop.name() + " has no state to trace";
            if (c.neuron < 0 || c.neuron >= pop.size())
              return "neuron " + std::to_string(c.neuron) + " is outside 0.." + std::to_string(pop.size() - 1);
            // Each live probe holds a ring of samples; a cap keeps a long session's memory flat.
            if (c.record && options_.record == RecordMode::Live &&
                state_recorder_.probes().size() >= kMaxLiveTraces)
              return "at most " + std::to_string(kMaxLiveTraces) + " neurons can be traced at once";
            return {};
          },
          [&](const SetPlasticityParam& c) -> std::string {
            if (c.projection < 0 || c.projection >= projection_count()) return "no projection " + std::to_string(c.projection);
            const Plasticity* rule = plasticity(c.projection);
            if (!rule) return "projection " + projection(c.projection).name() + " has static weights";
            const auto index = rule->param_index(c.param);
            if (!index) return c.param + ": unknown parameter for " + rule->kind_description();
            std::vector<double> candidate(rule->param_values().begin(), rule->param_values().end());
            candidate[static_cast<std::size_t>(*index)] = c.value;
            const auto errors = rule->validate(candidate);
            return errors.empty() ? std::string() : errors.front().param + ": " + errors.front().message;
          },
          [&](const DeliverReward& c) -> std::string {
            if (!std::isfinite(c.amount)) return "reward must be a finite number (got " + format_number(c.amount) + ")";
            if (c.winner < -1) return "reward winner must be a neuron index or -1 (got " + std::to_string(c.winner) + ")";
            return {};
          },
          [&](const ResetNetwork&) -> std::string { return {}; },
          [&](const SetInput& c) -> std::string {
            // The same checks as a scenario with this input: fit, values, kind.
            ScenarioSpec candidate = spec_;
            std::string prefix;
            if (c.population >= 0 && c.population < population_count() && c.stimulus < 0) {
              auto& p = candidate.populations[static_cast<std::size_t>(c.population)];
              if (p.model != "file" && p.model != "images") return "population " + p.name + " is of model " + p.model + ", not file or images";
              if (p.model == "file" && !c.input.series) return "no data to play";
              if (p.model == "images" && !c.input.images) return "no images to show";
              p.input = c.input;
              prefix = "populations[" + std::to_string(c.population) + "]";
            } else if (c.stimulus >= 0 && c.stimulus < stimulus_count() && c.population < 0) {
              if (!c.input.series) return "no data to play";
              candidate.stimuli[static_cast<std::size_t>(c.stimulus)].input = c.input;
              prefix = "stimuli[" + std::to_string(c.stimulus) + "]";
            } else {
              return "SetInput needs one population or one stimulus";
            }
            std::vector<SpecError> errors;
            check_inputs(candidate, errors);
            for (const SpecError& e : errors)
              if (e.path.rfind(prefix + ".", 0) == 0) return e.text().substr(prefix.size() + 1);
            return {};
          },
          [&](const AddNeurons& c) -> std::string { return detail::growth_problem(spec_, c.population, c.count); },
          [&](const SetParams& c) -> std::string { return check_params(c); },
          [&](const UndoEdit&) -> std::string { return "undo is applied by a Session (it keeps the edit history)"; },
          [&](const RedoEdit&) -> std::string { return "redo is applied by a Session (it keeps the edit history)"; },
          [&](const auto& edit) -> std::string {
            ScenarioSpec ignored;
            return edited_spec(Command(edit), ignored);
          },
          [&](const SetProjection& c) -> std::string {
            if (c.projection < 0 || c.projection >= projection_count()) return "no projection " + std::to_string(c.projection);
            const std::string& name = projection(c.projection).name();
            if (c.weight_scale)
              if (const std::string e = detail::weight_scale_problem(*c.weight_scale); !e.empty()) return name + ": weight_scale " + e;
            if (c.delay_ms) {
              if (!std::isfinite(*c.delay_ms) || *c.delay_ms < 0)
                return name + ": delay_ms must be a finite number >= 0 (got " + format_number(*c.delay_ms) + ")";
              if (*c.delay_ms / spec_.dt_ms > detail::kMaxDelaySteps)
                return name + ": delay_ms is more than " + std::to_string(detail::kMaxDelaySteps) + " steps of dt (got " + format_number(*c.delay_ms) + ")";
              const Population& post = population(projection(c.projection).post());
              if (!c.same_step && detail::delay_steps(*c.delay_ms, spec_.dt_ms, spec_.projections[static_cast<std::size_t>(c.projection)].same_step) == 0 &&
                  !post.takes_same_step_input())
                return name + ": delay_ms " + format_number(*c.delay_ms) + " rounds to 0 steps (same-step delivery), which model " +
                       std::string(post.model()) + " cannot take";
            }
            if (c.same_step) {
              // The projection as the command leaves it, checked as a build of the scenario
              // checks it, so that the scenario saved afterwards builds.
              ProjectionSpec candidate = spec_.projections[static_cast<std::size_t>(c.projection)];
              candidate.same_step = *c.same_step;
              if (c.delay_ms) candidate.delay_ms = Distribution::constant(*c.delay_ms);
              const std::string& post_model = spec_.populations[static_cast<std::size_t>(projection(c.projection).post())].model;
              if (const std::string e = detail::same_step_problem(candidate, post_model, spec_.dt_ms); !e.empty()) return name + ": same_step: " + e;
              // Per-synapse delays keep only their steps: the ones drawn below dt / 2 cannot be
              // told from those drawn at one step, and switching would move just the former.
              const Distribution d = candidate.delay_or_step(spec_.dt_ms);
              if (!c.delay_ms && !d.is_constant() && d.a < spec_.dt_ms / 2 &&
                  *c.same_step != spec_.projections[static_cast<std::size_t>(c.projection)].same_step)
                return name + ": same_step: the per-synapse delays, drawn from " + d.describe() + " ms, reach below half a step (" +
                       format_number(spec_.dt_ms / 2) + " ms) and cannot switch while the network runs; set one delay_ms with it";
            }
            return {};
          },
      },
      command);
}

std::string Network::submit(const Command& command) {
  std::string error = check_command(command);
  if (error.empty()) pending_.push_back(command);
  return error;
}

void Network::apply_pending_commands() {
  // Commands queued earlier were checked against the state of their time; check again, and
  // keep the reason of any that no longer passes: nothing is dropped unseen.
  for (const auto& c : pending_) {
    if (std::string why = check_command(c); why.empty()) apply_command(c);
    else rejected_.push_back(std::string(command_name(c)) + ": " + why);
  }
  pending_.clear();
}

std::vector<std::string> Network::take_rejected() {
  std::vector<std::string> out;
  out.swap(rejected_);
  return out;
}

std::string Network::apply_now(const Command& command) {
  std::string why = check_command(command);
  if (why.empty()) apply_command(command);
  return why;
}

void Network::apply_command(const Command& command) {
  std::visit(Overloaded{
                 [&](const SetParam& c) {
                   auto& pop = *populations_[static_cast<std::size_t>(c.population)];
                   const double before = pop.param(c.param);
                   pop.set_param(c.param, c.value);
                   sync_population_param(c.population, c.param, before, c.value);
                 },
                 [&](const SetStimulus& c) {
                   stimuli_[static_cast<std::size_t>(c.stimulus)].set_params(c.params);
                   auto& s = spec_.stimuli[static_cast<std::size_t>(c.stimulus)];
                   s.amplitude = c.params.amplitude;
                   s.noise_sd = c.params.noise_sd;
                   s.start_ms = c.params.start_ms;
                   s.stop_ms = c.params.stop_ms;
                 },
                 [&](const SetTraced& c) {
                   auto& probes = state_recorder_.probes();
                   const auto same = [&](const TraceProbe& p) { return p.population == c.population && p.neuron == c.neuron; };
                   if (c.record) {
                     const int vars = static_cast<int>(population(c.population).state_descs().size());
                     state_recorder_.add(c.population, c.neuron, vars);
                   } else {
                     std::erase_if(probes, same);
                   }
                   // Keep the scenario's trace list in step, so a saved scenario records the same.
                   auto& traces = spec_.monitors.traces;
                   const std::string& pop_name = population(c.population).name();
                   for (auto& t : traces)
                     if (t.population == pop_name) std::erase(t.neurons, c.neuron);
                   std::erase_if(traces, [](const TraceSpec& t) { return t.neurons.empty(); });
                   if (c.record) traces.push_back({pop_name, {c.neuron}});
                 },
                 [&](const SetPlasticityParam& c) {
                   plasticity_[static_cast<std::size_t>(c.projection)]->set_param(c.param, c.value);
                   spec_.projections[static_cast<std::size_t>(c.projection)].plasticity->params[c.param] = c.value;
                 },
                 [&](const DeliverReward& c) {
                   for (const int j : plastic_) {
                     auto& rule = *plasticity_[static_cast<std::size_t>(j)];
                     if (c.end_window) rule.end_window(c.amount, c.winner, c.winner_silent, *projections_[static_cast<std::size_t>(j)]);
                     else rule.reward(c.amount);
                   }
                 },
                 [&](const ResetNetwork&) { reset(); },
                 [&](const SetInput& c) {
                   if (c.population >= 0) {
                     Population& pop = *populations_[static_cast<std::size_t>(c.population)];
                     if (auto* f = dynamic_cast<FilePopulation*>(&pop)) f->attach(c.input.series, c.input.as, c.input.loop);
                     if (auto* im = dynamic_cast<ImagePopulation*>(&pop)) im->attach(c.input.images);
                     spec_.populations[static_cast<std::size_t>(c.population)].input = c.input;
                   } else {
                     stimuli_[static_cast<std::size_t>(c.stimulus)].set_series(c.input.series, c.input.loop, spec_.dt_ms, step_);
                     spec_.stimuli[static_cast<std::size_t>(c.stimulus)].input = c.input;
                   }
                 },
                 [&](const AddNeurons& c) { grow_population(c); },
                 [&](const SetProjection& c) { set_projection(c); },
                 [&](const SetParams& c) { apply_params(c); },
                 [&](const UndoEdit&) {},
                 [&](const RedoEdit&) {},
                 [&](const auto& edit) { apply_edit(Command(edit)); },
             },
             command);
  ++commands_applied_;
}

void Network::sync_population_param(int population, const std::string& name, double before, double value) {
  auto& pop = *populations_[static_cast<std::size_t>(population)];
  auto& params = spec_.populations[static_cast<std::size_t>(population)].params;
  auto it = params.find(name);
  if (it == params.end() || it->second.is_constant()) {
    params[name] = Distribution::constant(value);
  } else {
    // Per-neuron values: drawn again from the shifted distribution as a build would draw
    // them, not shifted in float, so a saved scenario rebuilds to the same values bit for bit.
    shift_by(it->second, value - before);
    const auto p = static_cast<std::size_t>(population);
    pop.set_per_neuron(*pop.param_index(name), detail::per_neuron_values(spec_, p, *pop.param_index(name), it->second, detail::shared_r(spec_, p)));
  }
}

// The current values of the target with the command's values in place, or the reason not.
namespace {
std::string params_candidate(const Parameterised& target, const SetParams& c, std::vector<double>& candidate) {
  candidate.assign(target.param_values().begin(), target.param_values().end());
  if (c.values.empty()) return "no parameter given";
  for (const auto& [name, value] : c.values) {
    const auto index = target.param_index(name);
    if (!index) return name + ": unknown parameter for " + target.kind_description();
    candidate[static_cast<std::size_t>(*index)] = value;
  }
  const auto errors = target.validate(candidate);
  return errors.empty() ? std::string() : errors.front().param + ": " + errors.front().message;
}
}  // namespace

std::string Network::check_params(const SetParams& c) const {
  std::vector<double> candidate;
  if (c.target.kind == ParamTarget::Kind::Population) {
    if (c.target.index < 0 || c.target.index >= population_count()) return "no population " + std::to_string(c.target.index);
    return params_candidate(population(c.target.index), c, candidate);
  }
  if (c.target.index < 0 || c.target.index >= projection_count()) return "no projection " + std::to_string(c.target.index);
  const Plasticity* rule = plasticity(c.target.index);
  if (!rule) return "projection " + projection(c.target.index).name() + " has static weights";
  return params_candidate(*rule, c, candidate);
}

void Network::apply_params(const SetParams& c) {
  std::vector<double> candidate;
  const auto index = static_cast<std::size_t>(c.target.index);
  if (c.target.kind == ParamTarget::Kind::Population) {
    Population& pop = *populations_[index];
    const std::vector<double> before(pop.param_values().begin(), pop.param_values().end());
    if (!params_candidate(pop, c, candidate).empty()) return;  // checked just before: cannot happen
    pop.set_params(candidate);
    const auto descs = pop.param_descs();
    for (std::size_t i = 0; i < descs.size(); ++i)
      if (candidate[i] != before[i]) sync_population_param(c.target.index, std::string(descs[i].name), before[i], candidate[i]);
    if (c.scenario_params) {
      // The scenario's own entries back, and per-neuron values as a build draws them from those.
      auto& params = spec_.populations[index].params;
      params = *c.scenario_params;
      const std::vector<float> shared = detail::shared_r(spec_, index);
      for (const auto& [name, dist] : params)
        if (!dist.is_constant())
          if (const auto i = pop.param_index(name)) pop.set_per_neuron(*i, detail::per_neuron_values(spec_, index, *i, dist, shared));
    }
    return;
  }
  Plasticity& rule = *plasticity_[index];
  if (!params_candidate(rule, c, candidate).empty()) return;
  rule.set_params(candidate);
  for (const auto& [name, value] : c.values) spec_.projections[index].plasticity->params[name] = value;
  if (c.scenario_rule_params) spec_.projections[index].plasticity->params = *c.scenario_rule_params;
}

const char* command_name(const Command& command) {
  return std::visit(Overloaded{
                        [](const SetParam&) { return "SetParam"; },
                        [](const SetStimulus&) { return "SetStimulus"; },
                        [](const SetTraced&) { return "SetTraced"; },
                        [](const SetPlasticityParam&) { return "SetPlasticityParam"; },
                        [](const DeliverReward&) { return "DeliverReward"; },
                        [](const ResetNetwork&) { return "ResetNetwork"; },
                        [](const SetInput&) { return "SetInput"; },
                        [](const AddNeurons&) { return "AddNeurons"; },
                        [](const SetProjection&) { return "SetProjection"; },
                        [](const SetParams&) { return "SetParams"; },
                        [](const AddPopulation&) { return "AddPopulation"; },
                        [](const AddProjection&) { return "AddProjection"; },
                        [](const AddStimulus&) { return "AddStimulus"; },
                        [](const RemoveElement&) { return "RemoveElement"; },
                        [](const RenameElement&) { return "RenameElement"; },
                        [](const DuplicateElement&) { return "DuplicateElement"; },
                        [](const UndoEdit&) { return "UndoEdit"; },
                        [](const RedoEdit&) { return "RedoEdit"; },
                        [](const ChangePopulation&) { return "ChangePopulation"; },
                        [](const ChangeProjection&) { return "ChangeProjection"; },
                    },
                    command);
}

void Network::grow_population(const AddNeurons& c) {
  const auto sp = static_cast<std::size_t>(c.population);
  Population& pop = *populations_[sp];
  const int old_size = pop.size();
  const std::uint64_t event = growth_events_++;
  PopulationSpec& ps = spec_.populations[sp];
  ps.size = old_size + c.count;
  // A stimulus of "every neuron" was built for the neurons there were; name them, so that a
  // saved scenario gives the stimulus to the same neurons (its noise draws stay as they are).
  for (std::size_t k = 0; k < stimuli_.size(); ++k)
    if (stimuli_[k].population() == c.population && spec_.stimuli[k].neurons.empty()) spec_.stimuli[k].neurons = stimuli_[k].neurons();

  // Synapses to and from the new neurons; old synapses keep their weights, delays and
  // per-synapse learning state at their new places.
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    Projection& proj = *projections_[j];
    if (proj.pre() != c.population && proj.post() != c.population) continue;
    Plasticity* rule = plasticity_[j].get();
    detail::GrownSynapses g = detail::grow_synapses(spec_, j, proj, event, rule);
    if (rule) {
      const std::vector<float>& w0 = initial_weights_[j];
      std::vector<float> initial(g.weight);  // a new synapse starts (and resets) at its drawn weight
      for (std::size_t k = 0; k < g.old_to_new.size(); ++k) initial[static_cast<std::size_t>(g.old_to_new[k])] = w0[k];
      initial_weights_[j] = std::move(initial);
    }
    const int n_pre = spec_.populations[static_cast<std::size_t>(proj.pre())].size;
    const int n_post = spec_.populations[static_cast<std::size_t>(proj.post())].size;
    proj.regrow(n_pre, n_post, std::move(g.row_ptr), std::move(g.col), std::move(g.weight), std::move(g.delay));
    if (rule) rule->grow(proj, g.old_to_new);
  }

  // Input rings: a slot for now and for every delay that can be pending (new synapses may
  // draw a longer one); what is waiting stays.
  const auto slots_for = [&](int q) {
    int slots = 2;
    for (const auto& proj : projections_)
      if (proj->post() == q) slots = std::max(slots, proj->max_delay_steps() + 1);
    return slots;
  };
  pop.grow(c.count, slots_for(c.population), step_);
  for (int q = 0; q < population_count(); ++q) {
    Population& other = *populations_[static_cast<std::size_t>(q)];
    if (q != c.population && slots_for(q) > other.input().slots()) other.input().regrow(other.size(), slots_for(q), step_);
  }

  // Parameters and initial state of the new neurons: what a build at the new size gives them
  // (the same streams, drawn further).
  const std::vector<float> shared_r = detail::shared_r(spec_, sp);
  for (const auto& [name, dist] : ps.params) {
    if (dist.is_constant()) continue;
    const int index = *pop.param_index(name);
    pop.set_per_neuron(index, detail::per_neuron_values(spec_, sp, index, dist, shared_r));
  }
  pop.settle_grown(old_size);
  std::size_t k = 0;
  for (const auto& [var, dist] : ps.initial)
    pop.extend_initial(var, dist, spec_.seed, detail::stream_id(detail::Stream::Initial, sp * 64 + k++), shared_r, old_size);

  fired_[sp].reserve(static_cast<std::size_t>(pop.size()));
  size_parts();
  population_sizes_[sp] = pop.size();
  if (c.from_schedule && spec_.experiment) {
    auto& grow = spec_.experiment->grow;
    const auto it = std::find_if(grow.begin(), grow.end(), [&](const GrowSpec& g) { return g.population == ps.name && g.count == c.count; });
    if (it != grow.end()) grow.erase(it);
  }
  ++structure_version_;
}

void Network::set_projection(const SetProjection& c) {
  Projection& proj = *projections_[static_cast<std::size_t>(c.projection)];
  ProjectionSpec& ps = spec_.projections[static_cast<std::size_t>(c.projection)];
  if (c.weight_scale) {
    proj.set_weight_scale(static_cast<float>(*c.weight_scale));
    ps.weight_scale = *c.weight_scale;
  }
  if (c.enabled) {
    proj.set_enabled(*c.enabled);
    ps.enabled = *c.enabled;
  }
  if (c.receptor) {
    proj.set_receptor(*c.receptor);
    ps.receptor = *c.receptor;
  }
  if (c.receptor_by_sign) ps.receptor.reset();
  // same_step changes what a delay below dt / 2 rounds to: a constant delay takes its steps
  // again (a range that reaches below dt / 2 was refused; any other keeps its steps).
  std::optional<double> delay_ms = c.delay_ms;
  if (c.same_step) {
    ps.same_step = *c.same_step;
    if (!delay_ms && ps.delay_ms && ps.delay_ms->is_constant()) delay_ms = ps.delay_ms->a;
  }
  if (delay_ms) {
    proj.set_uniform_delay(detail::delay_steps(*delay_ms, spec_.dt_ms, ps.same_step));
    ps.delay_ms = Distribution::constant(*delay_ms);
    // The target's ring needs a slot for the new delay; inputs already waiting keep theirs.
    Population& post = *populations_[static_cast<std::size_t>(proj.post())];
    if (proj.max_delay_steps() + 1 > post.input().slots()) post.input().regrow(post.size(), proj.max_delay_steps() + 1, step_);
  }
}

void Network::reset() {
  for (auto& pop : populations_) pop->reset();
  for (auto& s : stimuli_) s.reset();
  for (const int j : plastic_) {
    const auto& w0 = initial_weights_[static_cast<std::size_t>(j)];
    auto w = projections_[static_cast<std::size_t>(j)]->weights();
    std::copy(w0.begin(), w0.end(), w.begin());
    plasticity_[static_cast<std::size_t>(j)]->reset();
  }
  for (auto& f : fired_) f.clear();
  std::fill(spike_totals_.begin(), spike_totals_.end(), 0);
  synaptic_events_ = 0;
  step_ = 0;
  spike_recorder_.clear();
  state_recorder_.clear();
  rate_monitor_.clear();
  if (reward_task_) reward_task_->reset();
}

}  // namespace neurosim
