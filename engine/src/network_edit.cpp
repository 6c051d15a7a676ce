// The network editor's commands (commands.hpp [SECTION] Structure edits): add, remove, rename
// and duplicate populations, projections and stimuli between two steps.
//
// Every edit is first made on a copy of the scenario and that copy is checked as a build would
// check it, so a refused edit names the field and changes nothing. The edit then touches only
// the elements it concerns: an added element is built exactly as a build of the edited scenario
// builds the element at that place (build_detail.hpp), every other element keeps its state,
// weights, pending inputs and the time. Removing or inserting before the end renumbers the
// elements after it; every index the network holds (projections' populations, stimuli, traced
// neurons, recorded spikes, rate bins) follows.
#include <algorithm>
#include <limits>
#include <numeric>

#include "build_detail.hpp"
#include "neurosim/network.hpp"
#include "neurosim/reward_task.hpp"
#include "neurosim/state_visitor.hpp"
#include "neurosim/timeline.hpp"  // rename_in_timeline

namespace neurosim {

const char* element_name(Element kind) {
  switch (kind) {
    case Element::Population: return "population";
    case Element::Projection: return "projection";
    case Element::Stimulus: return "stimulus";
  }
  return "element";
}

namespace {

// Neurons one edit may add: far above a lesson's use, below what would stall a running window.
constexpr int kMaxAddedNeurons = 1'000'000;

const char* list_name(Element kind) {
  switch (kind) {
    case Element::Population: return "populations";
    case Element::Projection: return "projections";
    case Element::Stimulus: return "stimuli";
  }
  return "";
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// A projection's name as the network shows it (an unnamed one is "pre->post").
std::string shown_name(const ProjectionSpec& p) { return p.name.empty() ? p.pre + "->" + p.post : p.name; }
std::string shown_name(const StimulusSpec& s, std::size_t k) { return s.name.empty() ? "stimulus " + std::to_string(k) : s.name; }

// "" or why `name` cannot name an element: it is part of --set and timeline paths.
std::string name_problem(const std::string& name) {
  if (name.empty()) return "a name must not be empty";
  if (name.find_first_of(".[]") != std::string::npos) return "name " + quoted(name) + " must not contain '.', '[' or ']' (names are part of --set paths)";
  return {};
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

// Every reference to a renamed element in the scenario follows it.
void rename_references(ScenarioSpec& s, Element kind, const std::string& from, const std::string& to) {
  const auto swap_name = [&](std::string& n) {
    if (n == from) n = to;
  };
  if (kind == Element::Population) {
    for (ProjectionSpec& p : s.projections) {
      if (p.name.empty() && (p.pre == from || p.post == from)) p.name = shown_name(p);  // keeps the name it is shown by
      swap_name(p.pre);
      swap_name(p.post);
    }
    for (StimulusSpec& st : s.stimuli) swap_name(st.population);
    for (TraceSpec& t : s.monitors.traces) swap_name(t.population);
    if (s.monitors.spikes)
      for (std::string& n : *s.monitors.spikes) swap_name(n);
    if (s.experiment) {
      swap_name(s.experiment->input);
      swap_name(s.experiment->output);
      for (GrowSpec& g : s.experiment->grow) swap_name(g.population);
    }
  } else if (kind == Element::Projection) {
    if (s.experiment) swap_name(s.experiment->normalise_projection);
    if (s.reward) swap_name(s.reward->projection);
  }
  rename_in_timeline(s.timeline, kind, from, to);
}

}  // namespace

// [SECTION] The edited scenario
std::string edited_scenario(const ScenarioSpec& spec_, const Command& command, ScenarioSpec& out) {
  out = spec_;
  const bool holds_indices = spec_.experiment.has_value() || spec_.reward.has_value();
  const char* holder = spec_.experiment ? "the scenario's experiment" : "the scenario's reward rule";
  const auto place_problem = [&](int at, std::size_t n, Element kind) -> std::string {
    if (at < -1 || at > static_cast<int>(n)) return std::string("no place ") + std::to_string(at) + " in " + list_name(kind) + " (0.." + std::to_string(n) + ")";
    if (at >= 0 && at < static_cast<int>(n) && holds_indices && kind != Element::Stimulus)
      return std::string(holder) + " holds " + list_name(kind) + " by their place: a new one can only go at the end";
    return {};
  };
  const auto check_all = [&]() -> std::string {
    const std::vector<SpecError> errors = check_scenario(out);
    return errors.empty() ? std::string() : errors.front().text();
  };

  if (const auto* c = std::get_if<AddPopulation>(&command)) {
    if (std::string e = place_problem(c->at, out.populations.size(), Element::Population); !e.empty()) return e;
    if (std::string e = name_problem(c->spec.name); !e.empty()) return e;
    if (c->spec.size > kMaxAddedNeurons)
      return "size: at most " + std::to_string(kMaxAddedNeurons) + " neurons can be added while the network runs (got " + std::to_string(c->spec.size) + ")";
    const auto at = c->at < 0 ? out.populations.size() : static_cast<std::size_t>(c->at);
    out.populations.insert(out.populations.begin() + static_cast<std::ptrdiff_t>(at), c->spec);
    return check_all();
  }
  if (const auto* c = std::get_if<AddProjection>(&command)) {
    if (std::string e = place_problem(c->at, out.projections.size(), Element::Projection); !e.empty()) return e;
    if (!c->spec.name.empty())
      if (std::string e = name_problem(c->spec.name); !e.empty()) return e;
    const auto at = c->at < 0 ? out.projections.size() : static_cast<std::size_t>(c->at);
    // Unnamed ones are shown as "pre->post": that name must be free too.
    for (std::size_t j = 0; j < out.projections.size(); ++j)
      if (shown_name(out.projections[j]) == shown_name(c->spec))
        return "a projection named " + quoted(shown_name(c->spec)) + " exists already (projections[" + std::to_string(j) + "])";
    out.projections.insert(out.projections.begin() + static_cast<std::ptrdiff_t>(at), c->spec);
    return check_all();
  }
  if (const auto* c = std::get_if<AddStimulus>(&command)) {
    if (std::string e = place_problem(c->at, out.stimuli.size(), Element::Stimulus); !e.empty()) return e;
    const auto at = c->at < 0 ? out.stimuli.size() : static_cast<std::size_t>(c->at);
    for (std::size_t k = 0; k < out.stimuli.size(); ++k)
      if (!c->spec.name.empty() && out.stimuli[k].name == c->spec.name)
        return "a stimulus named " + quoted(c->spec.name) + " exists already (stimuli[" + std::to_string(k) + "])";
    out.stimuli.insert(out.stimuli.begin() + static_cast<std::ptrdiff_t>(at), c->spec);
    return check_all();
  }
  if (const auto* c = std::get_if<RemoveElement>(&command)) {
    const std::size_t count = c->kind == Element::Population ? out.populations.size() : c->kind == Element::Projection ? out.projections.size() : out.stimuli.size();
    if (c->index < 0 || static_cast<std::size_t>(c->index) >= count) return std::string("no ") + element_name(c->kind) + " " + std::to_string(c->index);
    const auto i = static_cast<std::size_t>(c->index);
    const std::string name = c->kind == Element::Population ? out.populations[i].name
                             : c->kind == Element::Projection ? shown_name(out.projections[i])
                                                              : shown_name(out.stimuli[i], i);
    if (holds_indices && c->kind != Element::Stimulus)
      return std::string(holder) + " holds " + list_name(c->kind) + " by their place: " + quoted(name) + " cannot be removed while it runs";
    std::vector<std::string> users;  // projections and stimuli that go with a population
    if (c->kind == Element::Population) {
      if (out.populations.size() == 1) return "population " + quoted(name) + " is the only one: a network needs at least one";
      for (const ProjectionSpec& p : out.projections)
        if (p.pre == name || p.post == name) users.push_back("projection " + shown_name(p));
      for (std::size_t k = 0; k < out.stimuli.size(); ++k)
        if (out.stimuli[k].population == name) users.push_back("stimulus " + shown_name(out.stimuli[k], k));
      if (!users.empty() && !c->with_connections)
        return "population " + quoted(name) + " is used by " + join_names(users) + ": remove them first, or remove it with its connections";
    }
    if (c->kind == Element::Population) {
      std::erase_if(out.projections, [&](const ProjectionSpec& p) { return p.pre == name || p.post == name; });
      std::erase_if(out.stimuli, [&](const StimulusSpec& s) { return s.population == name; });
      std::erase_if(out.monitors.traces, [&](const TraceSpec& t) { return t.population == name; });
      if (out.monitors.spikes) std::erase(*out.monitors.spikes, name);
      out.populations.erase(out.populations.begin() + c->index);
    } else if (c->kind == Element::Projection) {
      out.projections.erase(out.projections.begin() + c->index);
    } else {
      out.stimuli.erase(out.stimuli.begin() + c->index);
    }
    return check_all();
  }
  if (const auto* c = std::get_if<RenameElement>(&command)) {
    const std::size_t count = c->kind == Element::Population ? out.populations.size() : c->kind == Element::Projection ? out.projections.size() : out.stimuli.size();
    if (c->index < 0 || static_cast<std::size_t>(c->index) >= count) return std::string("no ") + element_name(c->kind) + " " + std::to_string(c->index);
    if (std::string e = name_problem(c->name); !e.empty()) return e;
    const auto i = static_cast<std::size_t>(c->index);
    if (c->kind == Element::Population) {
      const std::string from = out.populations[i].name;
      if (const int other = out.population_index(c->name); other >= 0 && other != c->index)
        return "a population named " + quoted(c->name) + " exists already (populations[" + std::to_string(other) + "])";
      rename_references(out, Element::Population, from, c->name);
      out.populations[i].name = c->name;
    } else if (c->kind == Element::Projection) {
      const std::string from = shown_name(out.projections[i]);
      for (std::size_t j = 0; j < out.projections.size(); ++j)
        if (j != i && shown_name(out.projections[j]) == c->name)
          return "a projection named " + quoted(c->name) + " exists already (projections[" + std::to_string(j) + "])";
      rename_references(out, Element::Projection, from, c->name);
      out.projections[i].name = c->name;
    } else {
      const std::string from = shown_name(out.stimuli[i], i);
      for (std::size_t k = 0; k < out.stimuli.size(); ++k)
        if (k != i && shown_name(out.stimuli[k], k) == c->name)
          return "a stimulus named " + quoted(c->name) + " exists already (stimuli[" + std::to_string(k) + "])";
      rename_references(out, Element::Stimulus, from, c->name);
      out.stimuli[i].name = c->name;
    }
    return check_all();
  }
  if (const auto* c = std::get_if<DuplicateElement>(&command)) {
    const std::size_t count = c->kind == Element::Population ? out.populations.size() : c->kind == Element::Projection ? out.projections.size() : out.stimuli.size();
    if (c->index < 0 || static_cast<std::size_t>(c->index) >= count) return std::string("no ") + element_name(c->kind) + " " + std::to_string(c->index);
    const auto i = static_cast<std::size_t>(c->index);
    if (c->kind == Element::Population) {
      PopulationSpec copy = out.populations[i];
      copy.name = c->name;
      return edited_scenario(spec_, AddPopulation{std::move(copy), -1}, out);
    }
    if (c->kind == Element::Projection) {
      ProjectionSpec copy = out.projections[i];
      copy.name = c->name;
      if (std::string e = name_problem(c->name); !e.empty()) return e;
      return edited_scenario(spec_, AddProjection{std::move(copy), -1, {}}, out);
    }
    StimulusSpec copy = out.stimuli[i];
    copy.name = c->name;
    if (std::string e = name_problem(c->name); !e.empty()) return e;
    return edited_scenario(spec_, AddStimulus{std::move(copy), -1}, out);
  }
  if (const auto* c = std::get_if<ChangePopulation>(&command)) {
    if (c->population < 0 || c->population >= static_cast<int>(out.populations.size())) return "no population " + std::to_string(c->population);
    const auto i = static_cast<std::size_t>(c->population);
    const std::string& name = out.populations[i].name;
    if (c->spec.name != name) return "name: a change keeps the name " + quoted(name) + " (got " + quoted(c->spec.name) + "; rename it instead)";
    if (c->spec.size > kMaxAddedNeurons)
      return "size: at most " + std::to_string(kMaxAddedNeurons) + " neurons can be built while the network runs (got " + std::to_string(c->spec.size) + ")";
    if (const ExperimentSpec* x = out.experiment ? &*out.experiment : nullptr) {
      bool named = x->input == name || x->output == name;
      for (const GrowSpec& g : x->grow) named = named || g.population == name;
      if (named) return "the scenario's experiment uses population " + quoted(name) + ": its model and size cannot change while it runs";
    }
    if (out.reward)
      for (const ProjectionSpec& p : out.projections)
        if (shown_name(p) == out.reward->projection && (p.pre == name || p.post == name))
          return "the scenario's reward rule uses population " + quoted(name) + " (projection " + quoted(shown_name(p)) + "): it cannot change while it runs";
    out.populations[i] = c->spec;
    return check_all();
  }
  if (const auto* c = std::get_if<ChangeProjection>(&command)) {
    if (c->projection < 0 || c->projection >= static_cast<int>(out.projections.size())) return "no projection " + std::to_string(c->projection);
    const auto j = static_cast<std::size_t>(c->projection);
    const ProjectionSpec& old = out.projections[j];
    if (c->spec.pre != old.pre || c->spec.post != old.post)
      return "pre/post: a change keeps the populations (" + old.pre + " -> " + old.post + "); remove the projection and add another instead";
    if (shown_name(c->spec) != shown_name(old))
      return "name: a change keeps the name " + quoted(shown_name(old)) + " (got " + quoted(shown_name(c->spec)) + "; rename it instead)";
    if (out.reward && out.reward->projection == shown_name(old))
      return "the scenario's reward rule uses projection " + quoted(shown_name(old)) + ": its rule cannot change while it runs";
    out.projections[j] = c->spec;
    return check_all();
  }
  return "not a structure edit";
}

std::string Network::edited_spec(const Command& command, ScenarioSpec& out) const { return edited_scenario(spec_, command, out); }

// [SECTION] Applying
void Network::apply_edit(const Command& command) {
  ScenarioSpec edited;
  if (!edited_spec(command, edited).empty()) return;  // checked just before: cannot happen
  if (const auto* d = std::get_if<DuplicateElement>(&command)) {
    // A duplicate is an addition at the end of its list.
    if (d->kind == Element::Population) insert_population(edited, edited.populations.size() - 1);
    else if (d->kind == Element::Projection) insert_projection(edited, edited.projections.size() - 1, {});
    else insert_stimulus(edited, edited.stimuli.size() - 1);
  } else if (const auto* add_population = std::get_if<AddPopulation>(&command)) {
    insert_population(edited, add_population->at < 0 ? edited.populations.size() - 1 : static_cast<std::size_t>(add_population->at));
  } else if (const auto* add_projection = std::get_if<AddProjection>(&command)) {
    insert_projection(edited, add_projection->at < 0 ? edited.projections.size() - 1 : static_cast<std::size_t>(add_projection->at),
                      add_projection->weights);
  } else if (const auto* add_stimulus = std::get_if<AddStimulus>(&command)) {
    insert_stimulus(edited, add_stimulus->at < 0 ? edited.stimuli.size() - 1 : static_cast<std::size_t>(add_stimulus->at));
  } else if (const auto* removal = std::get_if<RemoveElement>(&command)) {
    if (removal->kind == Element::Population) {
      // Its projections and stimuli first (from the last, so the indices stay valid).
      for (int j = projection_count() - 1; j >= 0; --j)
        if (projection(j).pre() == removal->index || projection(j).post() == removal->index) erase_projection(static_cast<std::size_t>(j));
      for (int k = stimulus_count() - 1; k >= 0; --k)
        if (stimulus(k).population() == removal->index) stimuli_.erase(stimuli_.begin() + k);
      erase_population(static_cast<std::size_t>(removal->index));
    } else if (removal->kind == Element::Projection) {
      erase_projection(static_cast<std::size_t>(removal->index));
    } else {
      stimuli_.erase(stimuli_.begin() + removal->index);
    }
  } else if (const auto* change_pop = std::get_if<ChangePopulation>(&command)) {
    change_population(edited, static_cast<std::size_t>(change_pop->population), change_pop->saved.get());
  } else if (const auto* change_proj = std::get_if<ChangeProjection>(&command)) {
    change_projection(edited, static_cast<std::size_t>(change_proj->projection), change_proj->saved.get());
  } else if (const auto* renaming = std::get_if<RenameElement>(&command)) {
    if (renaming->kind == Element::Population) {
      populations_[static_cast<std::size_t>(renaming->index)]->rename(renaming->name);
    } else if (renaming->kind == Element::Projection) {
      projections_[static_cast<std::size_t>(renaming->index)]->rename(renaming->name);
    } else {
      stimuli_[static_cast<std::size_t>(renaming->index)].rename(renaming->name);
    }
  }
  // Unnamed projections renamed to the name they are shown by keep it (rename_references).
  spec_ = std::move(edited);
  ++structure_version_;
}

void Network::insert_population(const ScenarioSpec& edited, std::size_t at) {
  const std::size_t n = populations_.size();
  std::vector<int> new_of_old(n), old_of_new(n + 1, -1);
  for (std::size_t p = 0; p < n; ++p) {
    new_of_old[p] = static_cast<int>(p < at ? p : p + 1);
    old_of_new[static_cast<std::size_t>(new_of_old[p])] = static_cast<int>(p);
  }
  std::unique_ptr<Population> pop = detail::build_population(edited, at);
  pop->input().resize(pop->size(), 2);  // nothing projects onto it yet: a slot for now and the next step
  const int size = pop->size();
  populations_.insert(populations_.begin() + static_cast<std::ptrdiff_t>(at), std::move(pop));
  fired_.insert(fired_.begin() + static_cast<std::ptrdiff_t>(at), std::vector<int>());
  fired_[at].reserve(static_cast<std::size_t>(size));
  spike_totals_.insert(spike_totals_.begin() + static_cast<std::ptrdiff_t>(at), 0);
  population_sizes_.insert(population_sizes_.begin() + static_cast<std::ptrdiff_t>(at), size);
  population_ids_.insert(population_ids_.begin() + static_cast<std::ptrdiff_t>(at), next_population_id_++);
  renumber_populations(new_of_old, old_of_new);
}

void Network::erase_population(std::size_t index) {
  const std::size_t n = populations_.size();
  std::vector<int> new_of_old(n, -1), old_of_new;
  for (std::size_t p = 0; p < n; ++p) {
    if (p == index) continue;
    new_of_old[p] = static_cast<int>(old_of_new.size());
    old_of_new.push_back(static_cast<int>(p));
  }
  populations_.erase(populations_.begin() + static_cast<std::ptrdiff_t>(index));
  fired_.erase(fired_.begin() + static_cast<std::ptrdiff_t>(index));
  spike_totals_.erase(spike_totals_.begin() + static_cast<std::ptrdiff_t>(index));
  population_sizes_.erase(population_sizes_.begin() + static_cast<std::ptrdiff_t>(index));
  population_ids_.erase(population_ids_.begin() + static_cast<std::ptrdiff_t>(index));
  renumber_populations(new_of_old, old_of_new);
}

void Network::renumber_populations(const std::vector<int>& new_of_old, const std::vector<int>& old_of_new) {
  const auto moved = [&](int p) { return new_of_old[static_cast<std::size_t>(p)]; };
  for (auto& proj : projections_) proj->renumber(moved(proj->pre()), moved(proj->post()));
  for (Stimulus& s : stimuli_) s.renumber(moved(s.population()));
  auto& probes = state_recorder_.probes();
  std::erase_if(probes, [&](const TraceProbe& t) { return moved(t.population) < 0; });
  for (TraceProbe& t : probes) t.population = moved(t.population);
  spike_recorder_.renumber(new_of_old);
  rate_monitor_.renumber(old_of_new);
  if (reward_task_) {
    // Only additions at the end reach here while a reward rule runs: its indices stay.
  }
  rebuild_outgoing();
  for (auto& lists : part_spikes_) lists.clear();
  size_parts();
}

void Network::rebuild_outgoing() {
  outgoing_.assign(populations_.size(), {});
  plastic_.clear();
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    outgoing_[static_cast<std::size_t>(projections_[j]->pre())].push_back(static_cast<int>(j));
    if (plasticity_[j]) plastic_.push_back(static_cast<int>(j));
  }
}

void Network::insert_projection(const ScenarioSpec& edited, std::size_t at, const std::vector<float>& weights) {
  detail::BuiltProjection built = detail::build_projection(edited, at);
  Projection& proj = *built.projection;
  std::vector<float> initial;
  if (built.plasticity) initial.assign(proj.weights().begin(), proj.weights().end());
  // Weights it had before (an undone removal), when the rebuilt synapses are as many.
  if (weights.size() == proj.synapse_count() && !weights.empty()) {
    std::copy(weights.begin(), weights.end(), proj.weights().begin());
    if (!built.plasticity) proj.compact();  // the weights it had may all be equal
  }
  Population& post = *populations_[static_cast<std::size_t>(proj.post())];
  if (proj.max_delay_steps() + 1 > post.input().slots()) post.input().regrow(post.size(), proj.max_delay_steps() + 1, step_);
  const auto place = static_cast<std::ptrdiff_t>(at);
  projections_.insert(projections_.begin() + place, std::move(built.projection));
  plasticity_.insert(plasticity_.begin() + place, std::move(built.plasticity));
  initial_weights_.insert(initial_weights_.begin() + place, std::move(initial));
  rebuild_outgoing();
}

void Network::erase_projection(std::size_t index) {
  const auto place = static_cast<std::ptrdiff_t>(index);
  projections_.erase(projections_.begin() + place);
  plasticity_.erase(plasticity_.begin() + place);
  initial_weights_.erase(initial_weights_.begin() + place);
  rebuild_outgoing();
}

void Network::insert_stimulus(const ScenarioSpec& edited, std::size_t at) {
  Stimulus s = detail::build_stimulus(edited, at);
  populations_[static_cast<std::size_t>(s.population())]->enable_external_current();
  stimuli_.insert(stimuli_.begin() + static_cast<std::ptrdiff_t>(at), std::move(s));
}

// [SECTION] Changing an element in place
namespace {

// A projection's bytes: its visit_state, its rule's, and the weights a reset gives back.
void visit_projection_whole(StateVisitor& v, Projection& proj, Plasticity* rule, std::vector<float>& initial) {
  proj.visit_state(v);
  bool plastic = rule != nullptr;
  v.value(plastic);
  if (plastic != (rule != nullptr)) throw StateError("projection " + proj.name() + ": learning differs from the saved state's");
  if (rule) rule->visit_state(v);
  v.array(initial);
}

}  // namespace

SavedElements Network::saved_elements(const Command& change) const {
  // The writer only reads what it visits (as capture() does).
  auto& self = const_cast<Network&>(*this);
  SavedElements out;
  const auto save_projection = [&](std::size_t j) {
    std::vector<std::byte> bytes;
    StateVisitor v = StateVisitor::writer(bytes);
    visit_projection_whole(v, *self.projections_[j], self.plasticity_[j].get(), self.initial_weights_[j]);
    out.projections.emplace_back(static_cast<int>(j), std::move(bytes));
  };
  if (const auto* c = std::get_if<ChangePopulation>(&change)) {
    if (c->population < 0 || c->population >= population_count()) return out;
    const auto i = static_cast<std::size_t>(c->population);
    std::vector<std::byte> bytes;
    StateVisitor v = StateVisitor::writer(bytes);
    self.populations_[i]->visit_state(v);
    out.populations.emplace_back(c->population, std::move(bytes));
    // A new size rebuilds what touches it: its undo gives back their synapses and state too.
    if (c->spec.size != populations_[i]->size()) {
      for (std::size_t j = 0; j < projections_.size(); ++j)
        if (projections_[j]->pre() == c->population || projections_[j]->post() == c->population) save_projection(j);
      for (std::size_t k = 0; k < stimuli_.size(); ++k)
        if (stimuli_[k].population() == c->population) {
          std::vector<std::byte> sb;
          StateVisitor sv = StateVisitor::writer(sb);
          self.stimuli_[k].visit_state(sv);
          out.stimuli.emplace_back(static_cast<int>(k), std::move(sb));
        }
    }
  } else if (const auto* p = std::get_if<ChangeProjection>(&change)) {
    if (p->projection >= 0 && p->projection < projection_count()) save_projection(static_cast<std::size_t>(p->projection));
  }
  return out;
}

void Network::load_saved(const SavedElements& saved) {
  // Bytes saved from these very elements as they were (an undo): a mismatch cannot happen, and
  // would leave the element as the rebuild made it.
  for (const auto& [i, bytes] : saved.populations) {
    if (i < 0 || i >= population_count()) continue;
    Population& pop = *populations_[static_cast<std::size_t>(i)];
    // The inputs on their way are the present ones, not those of the time it was saved.
    InputRing present = pop.input();
    try {
      StateVisitor v = StateVisitor::reader(bytes);
      pop.visit_state(v);
    } catch (const std::exception&) {
    }
    pop.input() = std::move(present);
  }
  for (const auto& [j, bytes] : saved.projections) {
    if (j < 0 || j >= projection_count()) continue;
    const auto sj = static_cast<std::size_t>(j);
    try {
      StateVisitor v = StateVisitor::reader(bytes);
      visit_projection_whole(v, *projections_[sj], plasticity_[sj].get(), initial_weights_[sj]);
    } catch (const std::exception&) {
    }
  }
  for (const auto& [k, bytes] : saved.stimuli) {
    if (k < 0 || k >= stimulus_count()) continue;
    try {
      StateVisitor v = StateVisitor::reader(bytes);
      stimuli_[static_cast<std::size_t>(k)].visit_state(v);
    } catch (const std::exception&) {
    }
  }
}

void Network::fit_input_ring(int population) {
  Population& pop = *populations_[static_cast<std::size_t>(population)];
  int slots = 2;  // now and the next step, as for a population nothing projects onto
  for (const auto& proj : projections_)
    if (proj->post() == population) slots = std::max(slots, proj->max_delay_steps() + 1);
  pop.input().regrow(pop.size(), slots, step_);
}

void Network::change_population(const ScenarioSpec& edited, std::size_t i, const SavedElements* saved) {
  const int index = static_cast<int>(i);
  const bool resized = edited.populations[i].size != populations_[i]->size();
  std::unique_ptr<Population> pop = detail::build_population(edited, i);
  // Inputs already on their way arrive (to the neurons that remain).
  pop->input() = populations_[i]->input();
  for (const Stimulus& s : stimuli_)
    if (s.population() == index) pop->enable_external_current();
  const int size = pop->size();
  populations_[i] = std::move(pop);
  if (resized) {
    for (std::size_t j = 0; j < projections_.size(); ++j) {
      if (projections_[j]->pre() != index && projections_[j]->post() != index) continue;
      detail::BuiltProjection built = detail::build_projection(edited, j);
      initial_weights_[j].clear();
      if (built.plasticity) initial_weights_[j].assign(built.projection->weights().begin(), built.projection->weights().end());
      projections_[j] = std::move(built.projection);
      plasticity_[j] = std::move(built.plasticity);
    }
    for (std::size_t k = 0; k < stimuli_.size(); ++k)
      if (stimuli_[k].population() == index) stimuli_[k] = detail::build_stimulus(edited, k);
  }
  for (int p = 0; p < population_count(); ++p) fit_input_ring(p);
  fired_[i].clear();
  fired_[i].reserve(static_cast<std::size_t>(size));
  population_sizes_[i] = size;
  // Its traces start again, with the variables of its model.
  auto& probes = state_recorder_.probes();
  std::erase_if(probes, [&](const TraceProbe& t) { return t.population == index; });
  const int vars = static_cast<int>(populations_[i]->state_descs().size());
  for (const TraceSpec& t : edited.monitors.traces)
    if (t.population == edited.populations[i].name)
      for (const int n : t.neurons) state_recorder_.add(index, n, vars);
  if (saved) load_saved(*saved);
  rebuild_outgoing();
  for (auto& lists : part_spikes_) lists.clear();
  size_parts();
}

void Network::change_projection(const ScenarioSpec& edited, std::size_t j, const SavedElements* saved) {
  detail::BuiltProjection built = detail::build_projection(edited, j);
  const Projection& old = *projections_[j];
  Projection& now = *built.projection;
  std::vector<float> initial;
  if (built.plasticity) initial.assign(now.weights().begin(), now.weights().end());
  const bool same_synapses = old.synapse_count() == now.synapse_count() && std::ranges::equal(old.row_ptr(), now.row_ptr()) &&
                             std::ranges::equal(old.col(), now.col());
  if (same_synapses) {
    // The learned weights stay, inside the bounds of the rule that now learns them.
    const double lo = built.plasticity ? built.plasticity->param("w_min") : -std::numeric_limits<double>::infinity();
    const double hi = built.plasticity ? built.plasticity->param("w_max") : std::numeric_limits<double>::infinity();
    const auto from = old.weights();
    auto to = now.weights();
    for (std::size_t k = 0; k < to.size(); ++k) to[k] = static_cast<float>(std::clamp(static_cast<double>(from[k]), lo, hi));
    if (built.plasticity && initial_weights_[j].size() == initial.size()) initial = initial_weights_[j];
  }
  projections_[j] = std::move(built.projection);
  plasticity_[j] = std::move(built.plasticity);
  initial_weights_[j] = std::move(initial);
  if (!plasticity_[j]) projections_[j]->compact();  // the weights kept may all be equal again, or no longer
  if (saved) load_saved(*saved);
  fit_input_ring(projections_[j]->post());
  rebuild_outgoing();
}

}  // namespace neurosim
