// Scenario entries as state bytes (state_specs.hpp): field by field, in the order of spec.hpp.
#include "state_specs.hpp"

#include <map>
#include <string>

namespace neurosim::detail {

void visit_distribution(StateVisitor& v, Distribution& d) {
  v.value(d.kind);
  v.value(d.a);
  v.value(d.b);
  v.value(d.power);
}

void visit_optional_distribution(StateVisitor& v, std::optional<Distribution>& d) {
  bool given = d.has_value();
  v.value(given);
  if (v.loading()) {
    if (given) d.emplace(); else d.reset();
  }
  if (d) visit_distribution(v, *d);
}

namespace {

template <class Value, class Visit>
void visit_map(StateVisitor& v, std::map<std::string, Value>& map, Visit&& each) {
  std::vector<std::pair<std::string, Value>> items(map.begin(), map.end());
  v.list(items, [&](std::pair<std::string, Value>& item) {
    v.string(item.first);
    each(item.second);
  });
  if (v.loading()) map = {items.begin(), items.end()};
}

// Only whether there is an input: its data are not state.
void visit_input(StateVisitor& v, std::optional<InputSpec>& input, bool inputs_kept, const std::string& what) {
  bool has = input.has_value();
  if (has && !inputs_kept) throw StateError(what + " reads its input from data, which are not state");
  v.value(has);
  if (v.loading()) {
    if (has && !inputs_kept) throw StateError(what + " reads its input from data, which are not state");
    if (has && !input) input.emplace();
    if (!has) input.reset();
  }
}

void visit_timeline_entry(StateVisitor& v, TimelineEntry& e, bool inputs_kept) {
  v.value(e.t_ms);
  v.value(e.kind);
  v.list(e.set, [&](std::pair<std::string, std::string>& kv) {
    v.string(kv.first);
    v.string(kv.second);
  });
  v.string(e.note);
  v.string(e.population);
  v.value(e.count);
  bool has[3] = {e.added_population.has_value(), e.added_projection.has_value(), e.added_stimulus.has_value()};
  for (bool& h : has) v.value(h);
  if (v.loading()) {
    if (has[0]) e.added_population.emplace(); else e.added_population.reset();
    if (has[1]) e.added_projection.emplace(); else e.added_projection.reset();
    if (has[2]) e.added_stimulus.emplace(); else e.added_stimulus.reset();
  }
  if (e.added_population) visit_population_spec(v, *e.added_population, inputs_kept);
  if (e.added_projection) visit_projection_spec(v, *e.added_projection);
  if (e.added_stimulus) visit_stimulus_spec(v, *e.added_stimulus, inputs_kept);
  v.value(e.target_kind);
  v.string(e.target);
  v.string(e.new_name);
  v.value(e.with_connections);
}

void visit_structure(StateVisitor& v, ScenarioSpec& s) {
  v.section("structure");
  v.list(s.populations, [&](PopulationSpec& p) { visit_population_spec(v, p, true); });
  v.list(s.projections, [&](ProjectionSpec& p) { visit_projection_spec(v, p); });
  v.list(s.stimuli, [&](StimulusSpec& st) { visit_stimulus_spec(v, st, true); });
  MonitorSpec& m = s.monitors;
  v.list(m.traces, [&](TraceSpec& t) {
    v.string(t.population);
    v.array(t.neurons);
  });
  bool spikes = m.spikes.has_value();
  v.value(spikes);
  if (v.loading()) {
    if (spikes) m.spikes.emplace(); else m.spikes.reset();
  }
  if (m.spikes) v.list(*m.spikes, [&](std::string& n) { v.string(n); });
  // The names the experiment and the reward rule refer to (a renaming changes them).
  bool experiment = s.experiment.has_value();
  v.value(experiment);
  if (experiment != s.experiment.has_value()) throw StateError("the state was saved from a network with another experiment");
  if (s.experiment) {
    v.string(s.experiment->input);
    v.string(s.experiment->output);
    v.string(s.experiment->normalise_projection);
    v.list(s.experiment->grow, [&](GrowSpec& g) {
      v.value(g.after_epoch);
      v.string(g.population);
      v.value(g.count);
    });
  }
  bool reward = s.reward.has_value();
  v.value(reward);
  if (reward != s.reward.has_value()) throw StateError("the state was saved from a network with another reward rule");
  if (s.reward) v.string(s.reward->projection);
  v.list(s.timeline, [&](TimelineEntry& e) { visit_timeline_entry(v, e, true); });
}

}  // namespace

void visit_population_spec(StateVisitor& v, PopulationSpec& p, bool inputs_kept) {
  v.string(p.name);
  v.string(p.model);
  v.value(p.size);
  visit_map(v, p.params, [&](Distribution& d) { visit_distribution(v, d); });
  visit_map(v, p.initial, [&](Distribution& d) { visit_distribution(v, d); });
  visit_input(v, p.input, inputs_kept, "population " + p.name);
}

void visit_projection_spec(StateVisitor& v, ProjectionSpec& p) {
  v.string(p.name);
  v.string(p.pre);
  v.string(p.post);
  ConnectivitySpec& c = p.connectivity;
  v.value(c.rule);
  v.value(c.p);
  v.value(c.indegree);
  v.value(c.allow_autapses);
  v.value(c.skip_same_index);
  v.list(c.pairs, [&](std::pair<int, int>& pair) {
    v.value(pair.first);
    v.value(pair.second);
  });
  v.array(c.pair_weights);
  visit_distribution(v, p.weight);
  visit_optional_distribution(v, p.delay_ms);
  v.optional(p.receptor);
  bool plastic = p.plasticity.has_value();
  v.value(plastic);
  if (v.loading()) {
    if (plastic) p.plasticity.emplace(); else p.plasticity.reset();
  }
  if (p.plasticity) {
    v.string(p.plasticity->rule);
    visit_map(v, p.plasticity->params, [&](double& x) { v.value(x); });
  }
  v.value(p.weight_scale);
  v.value(p.enabled);
  v.value(p.same_step);
}

void visit_stimulus_spec(StateVisitor& v, StimulusSpec& s, bool inputs_kept) {
  v.string(s.name);
  v.string(s.population);
  v.array(s.neurons);
  v.value(s.amplitude);
  v.value(s.noise_sd);
  v.value(s.start_ms);
  v.value(s.stop_ms);
  visit_input(v, s.input, inputs_kept, "stimulus " + s.name);
}

void visit_saved_elements(StateVisitor& v, SavedElements& s) {
  const auto each = [&](std::pair<int, std::vector<std::byte>>& item) {
    v.value(item.first);
    v.array(item.second);
  };
  v.list(s.populations, each);
  v.list(s.projections, each);
  v.list(s.stimuli, each);
}

std::vector<std::byte> structure_bytes(const ScenarioSpec& spec) {
  std::vector<std::byte> out;
  StateVisitor v = StateVisitor::writer(out);
  // The writer only reads what it visits.
  visit_structure(v, const_cast<ScenarioSpec&>(spec));
  return out;
}

std::vector<std::byte> shape_bytes(const ScenarioSpec& spec) {
  // Without what the rest of a checkpoint restores into any network of this shape (sizes after
  // growth, parameters, projection controls, stimuli, traces, the growth schedule left).
  ScenarioSpec shape;
  shape.populations = spec.populations;
  shape.projections = spec.projections;
  shape.stimuli = spec.stimuli;
  for (PopulationSpec& p : shape.populations) {
    p.size = 0;
    p.params.clear();
  }
  for (ProjectionSpec& p : shape.projections) {
    p.weight_scale = 1.0;
    p.enabled = true;
    p.same_step = false;
    p.receptor.reset();
    p.delay_ms.reset();
    if (p.plasticity) p.plasticity->params.clear();
  }
  for (StimulusSpec& st : shape.stimuli) st = StimulusSpec{st.name, st.population, {}, 0.0, 0.0, 0.0, 0.0, st.input};
  shape.monitors.spikes = spec.monitors.spikes;
  if (spec.experiment) {
    shape.experiment.emplace();
    shape.experiment->input = spec.experiment->input;
    shape.experiment->output = spec.experiment->output;
    shape.experiment->normalise_projection = spec.experiment->normalise_projection;
  }
  if (spec.reward) shape.reward = RewardSpec{.projection = spec.reward->projection};
  for (const TimelineEntry& e : spec.timeline) {
    // Only names: a renaming changes them.
    TimelineEntry names;
    names.kind = e.kind;
    names.set = e.set;
    names.population = e.population;
    names.target = e.target;
    shape.timeline.push_back(std::move(names));
  }
  return structure_bytes(shape);
}

std::uint64_t shape_hash(const ScenarioSpec& spec) {
  std::uint64_t h = 14695981039346656037ull;
  for (const std::byte b : shape_bytes(spec)) h = (h ^ static_cast<std::uint64_t>(b)) * 1099511628211ull;
  return h;
}

void read_structure(const std::vector<std::byte>& bytes, ScenarioSpec& into) {
  ScenarioSpec read = into;
  StateVisitor v = StateVisitor::reader(bytes);
  visit_structure(v, read);
  if (v.remaining() != 0) throw StateError("the stored structure runs on past its end");
  // Input data from the entries of the same name here.
  const auto find_input = [](const auto& list, const std::string& name, const std::string& what) -> std::optional<InputSpec> {
    for (const auto& x : list)
      if (x.name == name && x.input) return x.input;
    throw StateError(what + " " + name + " reads its input from data this network does not have");
  };
  for (PopulationSpec& p : read.populations)
    if (p.input) p.input = find_input(into.populations, p.name, "population");
  for (StimulusSpec& s : read.stimuli)
    if (s.input) s.input = find_input(into.stimuli, s.name, "stimulus");
  // A timeline entry's element: the data of the entry at the same place here.
  for (std::size_t i = 0; i < read.timeline.size(); ++i) {
    TimelineEntry& e = read.timeline[i];
    const TimelineEntry* here = i < into.timeline.size() ? &into.timeline[i] : nullptr;
    if (e.added_population && e.added_population->input) {
      if (!here || !here->added_population || !here->added_population->input) throw StateError("timeline entry " + std::to_string(i) + " reads its input from data this network does not have");
      e.added_population->input = here->added_population->input;
    }
    if (e.added_stimulus && e.added_stimulus->input) {
      if (!here || !here->added_stimulus || !here->added_stimulus->input) throw StateError("timeline entry " + std::to_string(i) + " reads its input from data this network does not have");
      e.added_stimulus->input = here->added_stimulus->input;
    }
  }
  into = std::move(read);
}

}  // namespace neurosim::detail
