// visit_state of the network and of what it holds besides populations: projections, learning
// rules, stimuli, the reward task, the rate monitor, the commands waiting, and the parts of the
// scenario copy that commands change. Together with state_populations.cpp and
// state_sources.cpp this is the list of what a checkpoint (checkpoint.hpp) holds.
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>

#include "neurosim/checkpoint.hpp"
#include "neurosim/monitors.hpp"
#include "neurosim/network.hpp"
#include "neurosim/plasticity.hpp"
#include "neurosim/reward_task.hpp"
#include "neurosim/stimulus.hpp"
#include "state_specs.hpp"

namespace neurosim {

// [SECTION] Projections and learning rules
void Projection::visit_state(StateVisitor& v) {
  // A checkpoint holds the full form (4-byte targets, a weight per synapse) whatever the storage,
  // so a compact projection saves the same bytes as before; a restore compacts again.
  if (v.loading()) {
    std::vector<std::uint16_t>().swap(col16_);
    narrow_ = false;
    weight_common_ = false;
  }
  v.section("projection");
  v.section(name_);
  v.value(weight_scale_);
  v.value(enabled_);
  v.value(receptor_);
  v.value(pre_size_);
  v.value(post_size_);
  v.array(row_ptr_);
  if (narrow_) {
    std::vector<std::int32_t> wide(col16_.begin(), col16_.end());
    v.array(wide);
  } else {
    v.array(col_);
  }
  if (weight_common_) {
    std::vector<float> each(synapse_count(), common_weight_);
    v.array(each);
  } else {
    v.array(weight_);
  }
  v.array(delay_);
  v.value(uniform_delay_);
  v.value(max_delay_);
  v.array(col_ptr_);
  v.array(t_pre_);
  v.array(t_syn_);
  if (v.loading()) {
    const std::size_t n = col_.size();
    const bool ok = pre_size_ >= 0 && post_size_ >= 0 && row_ptr_.size() == static_cast<std::size_t>(pre_size_) + 1 &&
                    weight_.size() == n && (delay_.empty() || delay_.size() == n) && row_ptr_.front() == 0 &&
                    row_ptr_.back() == static_cast<std::int64_t>(n) &&
                    (col_ptr_.empty() || (col_ptr_.size() == static_cast<std::size_t>(post_size_) + 1 && t_pre_.size() == n && t_syn_.size() == n));
    if (!ok) throw StateError("projection " + name_ + ": the stored connectivity is inconsistent");
    check_rows_sorted();  // delivery takes the fast path only for rows in ascending order
    find_delay_range();
    if (static_) compact();
  }
}

void Plasticity::visit_state(StateVisitor& v) {
  v.section("plasticity");
  v.section(rule());
  if (v.loading()) {
    std::vector<double> stored;
    v.array(stored);
    if (stored.size() != params_.size())
      throw StateError("rule " + std::string(rule()) + " has " + std::to_string(params_.size()) + " parameters, the state " +
                       std::to_string(stored.size()));
    if (stored.size() != params_.size() || std::memcmp(stored.data(), params_.data(), stored.size() * sizeof(double)) != 0) {
      params_ = std::move(stored);
      update_derived();
    }
  } else {
    v.array(params_);
  }
  visit_rule_state(v);
}

void StdpPlasticity::visit_rule_state(StateVisitor& v) {
  v.array(last_pre_);
  v.array(last_post_);
  v.array(x_);
  v.array(y_);
}

void RstdpPlasticity::visit_rule_state(StateVisitor& v) {
  StdpPlasticity::visit_rule_state(v);
  v.array(eligibility_);
  v.value(dopamine_);
}

void TripletStdpPlasticity::visit_rule_state(StateVisitor& v) {
  v.array(x_pre_);
  v.array(x_post1_);
  v.array(x_post2_);
  v.value(history_);
  v.array(fired_at_);
  v.array(fired_head_);
  if (v.loading()) {
    // The ring is indexed by these: a state that does not fit them is refused, not read past.
    bool fits = history_ >= 0 && (history_ == 0 ? fired_at_.empty() && fired_head_.empty()
                                                : fired_head_.size() == x_pre_.size() &&
                                                      fired_at_.size() == x_pre_.size() * static_cast<std::size_t>(history_));
    for (const std::int32_t h : fired_head_) fits = fits && h >= 0 && h < history_;
    if (!fits) throw StateError("the triplet rule's spike history does not fit its " + std::to_string(x_pre_.size()) + " presynaptic neurons");
  }
}

void FirstSpikeRstdpPlasticity::visit_rule_state(StateVisitor& v) {
  v.array(first_pre_);
  v.array(first_post_);
}

// [SECTION] Stimuli, reward, rates
void Stimulus::visit_state(StateVisitor& v) {
  v.section("stimulus");
  v.section(name_);
  v.value(params_.amplitude);
  v.value(params_.noise_sd);
  v.value(params_.start_ms);
  v.value(params_.stop_ms);
  v.array(neurons_);
  if (v.loading()) note_neurons();
  v.value(noise_);
  player_.visit_state(v);
  v.value(last_local_);
  v.value(series_from_);
}

void RewardTask::visit_state(StateVisitor& v) {
  v.section("reward task");
  v.value(rng_);
  v.value(last_pre_);
  v.value(pre_rewarded_);
  v.array(pending_);
  v.value(earned_);
  v.array(earned_steps_);
  v.array(delivered_steps_);
}

void RateMonitor::visit_state(StateVisitor& v) {
  v.section("rate monitor");
  v.value(steps_in_bin_);
  v.value(bins_written_);
  v.array(current_);
  v.array(ring_);
  if (v.loading() && (current_.size() != static_cast<std::size_t>(populations_) || ring_.size() != bins_kept_ * static_cast<std::size_t>(populations_)))
    throw StateError("the rate monitor's bins do not match the network");
}

// [SECTION] The network
namespace {

// The command type at `kind` in the Command variant, default-made (the index is stored).
template <std::size_t I = 0>
Command command_of_kind(std::size_t kind) {
  if constexpr (I < std::variant_size_v<Command>) {
    if (kind == I) return Command(std::in_place_index<I>);
    return command_of_kind<I + 1>(kind);
  } else {
    throw StateError("unknown pending command " + std::to_string(kind));
  }
}

}  // namespace

// A command waiting to be applied (the experiment submits some at the end of a step). Input
// data are not state, so a pending SetInput cannot be saved.
void visit_command(StateVisitor& v, Command& c) {
  std::size_t kind = c.index();
  v.value(kind);
  if (v.loading()) c = command_of_kind(kind);
  std::visit(
      [&](auto& cmd) {
        using T = std::decay_t<decltype(cmd)>;
        if constexpr (std::is_same_v<T, SetParam> || std::is_same_v<T, SetPlasticityParam>) {
          if constexpr (std::is_same_v<T, SetParam>) v.value(cmd.population);
          else v.value(cmd.projection);
          v.string(cmd.param);
          v.value(cmd.value);
        } else if constexpr (std::is_same_v<T, SetInput>) {
          throw StateError("a change of input is waiting to be applied; its data cannot be saved (step once before saving)");
        } else if constexpr (std::is_same_v<T, SetStimulus>) {
          v.value(cmd.stimulus);
          v.value(cmd.params.amplitude);
          v.value(cmd.params.noise_sd);
          v.value(cmd.params.start_ms);
          v.value(cmd.params.stop_ms);
        } else if constexpr (std::is_same_v<T, SetTraced>) {
          v.value(cmd.population);
          v.value(cmd.neuron);
          v.value(cmd.record);
        } else if constexpr (std::is_same_v<T, DeliverReward>) {
          v.value(cmd.amount);
          v.value(cmd.winner);
          v.value(cmd.end_window);
          v.value(cmd.winner_silent);
        } else if constexpr (std::is_same_v<T, AddNeurons>) {
          v.value(cmd.population);
          v.value(cmd.count);
          v.value(cmd.from_schedule);
        } else if constexpr (std::is_same_v<T, SetParams>) {
          v.value(cmd.target.kind);
          v.value(cmd.target.index);
          v.list(cmd.values, [&](std::pair<std::string, double>& kv) {
            v.string(kv.first);
            v.value(kv.second);
          });
        } else if constexpr (std::is_same_v<T, SetProjection>) {
          v.value(cmd.projection);
          v.optional(cmd.weight_scale);
          v.optional(cmd.delay_ms);
          v.optional(cmd.receptor);
          v.optional(cmd.enabled);
          v.value(cmd.receptor_by_sign);
          v.optional(cmd.same_step);
        } else if constexpr (std::is_same_v<T, ResetNetwork> || std::is_same_v<T, UndoEdit> || std::is_same_v<T, RedoEdit>) {
        } else if constexpr (std::is_same_v<T, AddPopulation>) {
          // Structure edits: a lesson timeline's entries leave their inverses in its undo list.
          detail::visit_population_spec(v, cmd.spec, false);
          v.value(cmd.at);
        } else if constexpr (std::is_same_v<T, AddProjection>) {
          detail::visit_projection_spec(v, cmd.spec);
          v.value(cmd.at);
          v.array(cmd.weights);
        } else if constexpr (std::is_same_v<T, AddStimulus>) {
          detail::visit_stimulus_spec(v, cmd.spec, false);
          v.value(cmd.at);
        } else if constexpr (std::is_same_v<T, RemoveElement>) {
          v.value(cmd.kind);
          v.value(cmd.index);
          v.value(cmd.with_connections);
        } else if constexpr (std::is_same_v<T, RenameElement> || std::is_same_v<T, DuplicateElement>) {
          v.value(cmd.kind);
          v.value(cmd.index);
          v.string(cmd.name);
        } else if constexpr (std::is_same_v<T, ChangePopulation> || std::is_same_v<T, ChangeProjection>) {
          if constexpr (std::is_same_v<T, ChangePopulation>) {
            v.value(cmd.population);
            detail::visit_population_spec(v, cmd.spec, false);
          } else {
            v.value(cmd.projection);
            detail::visit_projection_spec(v, cmd.spec);
          }
          bool saved = cmd.saved != nullptr;
          v.value(saved);
          if (saved) {
            SavedElements copy = cmd.saved ? *cmd.saved : SavedElements{};
            detail::visit_saved_elements(v, copy);
            if (v.loading()) cmd.saved = std::make_shared<const SavedElements>(std::move(copy));
          } else if (v.loading()) {
            cmd.saved = nullptr;
          }
        } else {
          static_assert(std::is_same_v<T, void>, "every command is visited");
        }
      },
      c);
}

namespace {

// The scenario copy as commands change it (sizes after growth, parameters, stimuli, traces,
// the growth schedule left), so that a restored network reports and saves what it runs.
void visit_changed_spec(StateVisitor& v, ScenarioSpec& spec) {
  v.section("scenario changes");
  const auto visit_map = [&](auto& map) {
    std::vector<std::pair<std::string, typename std::decay_t<decltype(map)>::mapped_type>> items(map.begin(), map.end());
    v.list(items, [&](auto& item) {
      v.string(item.first);
      if constexpr (std::is_same_v<std::decay_t<decltype(item.second)>, Distribution>) detail::visit_distribution(v, item.second);
      else v.value(item.second);
    });
    if (v.loading()) map = {items.begin(), items.end()};
  };
  for (PopulationSpec& p : spec.populations) {
    v.value(p.size);
    visit_map(p.params);
  }
  for (ProjectionSpec& p : spec.projections) {
    v.value(p.weight_scale);
    v.value(p.enabled);
    v.optional(p.receptor);
    detail::visit_optional_distribution(v, p.delay_ms);
    v.value(p.same_step);  // what the delay rounds to follows it (SetProjection same_step)
    if (p.plasticity) visit_map(p.plasticity->params);
  }
  for (StimulusSpec& s : spec.stimuli) {
    v.array(s.neurons);
    v.value(s.amplitude);
    v.value(s.noise_sd);
    v.value(s.start_ms);
    v.value(s.stop_ms);
  }
  v.list(spec.monitors.traces, [&](TraceSpec& t) {
    v.string(t.population);
    v.array(t.neurons);
  });
  bool experiment = spec.experiment.has_value();
  v.value(experiment);
  if (experiment != spec.experiment.has_value()) throw StateError("the state was saved from a network with another experiment");
  if (experiment)
    v.list(spec.experiment->grow, [&](GrowSpec& g) {
      v.value(g.after_epoch);
      v.string(g.population);
      v.value(g.count);
    });
}

}  // namespace

void Network::visit_state(StateVisitor& v) {
  v.section("network");
  // The structure (the scenario's lists as edits leave them): a state saved before or after a
  // structure edit restores into this network by building that structure first.
  // A state from a network built from another scenario is not rebuilt: the checks below refuse it.
  std::uint64_t origin = origin_, shape = detail::shape_hash(spec_);
  const std::uint64_t mine = shape;
  std::vector<std::byte> structure;
  if (!v.loading()) structure = detail::structure_bytes(spec_);
  v.value(origin);
  v.value(shape);
  v.array(structure);
  if (v.loading() && shape != mine && origin == origin_) restructure(structure);
  // The shape first: a state from another network stops here, before anything changes.
  int counts[3] = {population_count(), projection_count(), stimulus_count()};
  for (int& c : counts) {
    const int here = c;
    v.value(c);
    if (v.loading() && c != here)
      throw StateError("the state holds " + std::to_string(counts[0]) + " populations, " + std::to_string(counts[1]) + " projections and " +
                       std::to_string(counts[2]) + " stimuli; this network has others");
  }
  v.value(step_);
  v.value(synaptic_events_);
  v.value(structure_version_);
  v.value(growth_events_);
  v.array(spike_totals_);
  v.array(population_sizes_);
  v.array(population_ids_);
  v.value(next_population_id_);
  v.list(fired_, [&](std::vector<int>& f) { v.array(f); });
  v.list(initial_weights_, [&](std::vector<float>& w) { v.array(w); });
  v.list(pending_, [&](Command& c) { visit_command(v, c); });
  if (v.loading() && (spike_totals_.size() != populations_.size() || population_sizes_.size() != populations_.size() ||
                      population_ids_.size() != populations_.size() ||
                      fired_.size() != populations_.size() || initial_weights_.size() != projections_.size()))
    throw StateError("the state's per-population counts do not match the network");
  visit_changed_spec(v, spec_);
  for (auto& p : populations_) p->visit_state(v);
  for (auto& p : projections_) p->visit_state(v);
  v.section("rules");
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    bool plastic = plasticity_[j] != nullptr;
    v.value(plastic);
    if (plastic != (plasticity_[j] != nullptr)) throw StateError("projection " + projections_[j]->name() + ": learning differs from the state's");
    if (plastic) plasticity_[j]->visit_state(v);
  }
  for (auto& s : stimuli_) s.visit_state(v);
  bool reward = reward_task_ != nullptr;
  v.value(reward);
  if (reward != (reward_task_ != nullptr)) throw StateError("the state was saved from a network with another reward rule");
  if (reward_task_) reward_task_->visit_state(v);
  rate_monitor_.visit_state(v);
  if (v.loading()) {
    for (std::size_t p = 0; p < populations_.size(); ++p) {
      if (population_sizes_[p] != populations_[p]->size()) throw StateError("population " + populations_[p]->name() + ": sizes disagree in the state");
      fired_[p].reserve(static_cast<std::size_t>(populations_[p]->size()));
    }
    spike_recorder_.clear();
    state_recorder_.clear();
    size_parts();  // the threads' spike lists, for populations a restore has grown
  }
}

// Builds the structure of `bytes` in place of this one: the populations, projections, stimuli,
// monitors and reward rule of a network built from the scenario with those lists (their state
// then comes from the rest of the checkpoint). The step, threads and options stay.
void Network::restructure(const std::vector<std::byte>& bytes) {
  ScenarioSpec spec = spec_;
  detail::read_structure(bytes, spec);
  BuildOptions options = options_;
  options.threads = 1;  // the built network's own team is not kept
  BuildResult built = build_network(spec, options);
  if (!built.errors.empty()) throw StateError("the state's network cannot be built here: " + built.errors.front().text());
  Network& n = *built.network;  // its origin_ is the rebuilt scenario's: this one keeps its own
  spec_ = std::move(n.spec_);
  populations_ = std::move(n.populations_);
  projections_ = std::move(n.projections_);
  outgoing_ = std::move(n.outgoing_);
  plasticity_ = std::move(n.plasticity_);
  plastic_ = std::move(n.plastic_);
  initial_weights_ = std::move(n.initial_weights_);
  stimuli_ = std::move(n.stimuli_);
  fired_ = std::move(n.fired_);
  population_sizes_ = std::move(n.population_sizes_);
  population_ids_ = std::move(n.population_ids_);
  spike_totals_ = std::move(n.spike_totals_);
  spike_recorder_ = std::move(n.spike_recorder_);
  state_recorder_ = std::move(n.state_recorder_);
  rate_monitor_ = std::move(n.rate_monitor_);
  reward_task_ = std::move(n.reward_task_);
  for (auto& lists : part_spikes_) lists.clear();
  size_parts();
}

}  // namespace neurosim
