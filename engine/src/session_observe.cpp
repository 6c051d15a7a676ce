// Session::observe and the scenario facts (see session.hpp, observations.hpp).
#include <algorithm>

#include <cmath>

#include "neurosim/model_registry.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/session.hpp"

namespace neurosim {

namespace {

// `scenario` holds the values the scenario gave (filled from the present ones when empty: the
// first time the element is seen).
std::vector<ParamFact> param_facts(const Parameterised& p, std::vector<double>& scenario) {
  std::vector<ParamFact> out;
  const auto descs = p.param_descs();
  if (scenario.size() != descs.size()) scenario.assign(p.param_values().begin(), p.param_values().end());
  out.reserve(descs.size());
  for (std::size_t i = 0; i < descs.size(); ++i)
    out.push_back({std::string(descs[i].name), std::string(descs[i].unit), std::string(descs[i].help), p.param(static_cast<int>(i)),
                   descs[i].slider_min, descs[i].slider_max, scenario[i]});
  return out;
}

}  // namespace

std::shared_ptr<const ScenarioFacts> Session::facts() {
  const Network& net = *network_;
  // Every applied command (user's, experiment's, reset, growth) counts in commands_applied().
  const std::uint64_t version = net.commands_applied() + resets_;
  if (facts_ && facts_->version == version && facts_->structure_version == net.structure_version() && facts_->undo_label == undo_label() &&
      facts_->redo_label == redo_label())
    return facts_;
  auto f = std::make_shared<ScenarioFacts>();
  f->version = version;
  f->structure_version = net.structure_version();
  f->name = net.spec().name;
  f->description = net.spec().description;
  f->dt_ms = net.dt();
  f->seed = net.spec().seed;
  for (int p = 0; p < net.population_count(); ++p) {
    const Population& pop = net.population(p);
    PopulationFact pf;
    pf.name = pop.name();
    pf.model = std::string(pop.model());
    pf.size = pop.size();
    pf.source = pop.is_source();
    for (const StateVarDesc& d : pop.state_descs()) {
      pf.state_names.emplace_back(d.name);
      pf.state_units.emplace_back(d.unit);
    }
    pf.params = param_facts(pop, scenario_values_["population " + pop.name() + " " + pf.model]);
    f->populations.push_back(std::move(pf));
  }
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& proj = net.projection(j);
    ProjectionFact jf;
    jf.name = proj.name();
    jf.pre = proj.pre();
    jf.post = proj.post();
    jf.pre_size = proj.pre_size();
    jf.post_size = proj.post_size();
    jf.synapses = proj.synapse_count();
    jf.weight_scale = proj.weight_scale();
    jf.enabled = proj.enabled();
    jf.inhibitory = proj.receptor() == Receptor::Inhibitory;
    const ProjectionSpec& ps = net.spec().projections[static_cast<std::size_t>(j)];
    jf.delay_ms = ps.delay_ms.mean();
    switch (ps.connectivity.rule) {
      case ConnectivitySpec::Rule::AllToAll: jf.connectivity = "all_to_all"; break;
      case ConnectivitySpec::Rule::OneToOne: jf.connectivity = "one_to_one"; break;
      case ConnectivitySpec::Rule::FixedProbability: jf.connectivity = "fixed_probability p=" + format_number(ps.connectivity.p); break;
      case ConnectivitySpec::Rule::FixedIndegree: jf.connectivity = "fixed_indegree " + std::to_string(ps.connectivity.indegree); break;
      case ConnectivitySpec::Rule::List: jf.connectivity = "list of " + std::to_string(ps.connectivity.pairs.size()) + " pairs"; break;
    }
    double total = 0.0;
    for (const float w : proj.weights()) total += std::fabs(static_cast<double>(w));
    jf.total_weight = total * proj.weight_scale();
    if (const Plasticity* rule = net.plasticity(j)) {
      jf.rule = rule->kind_description();
      jf.rule_id = std::string(rule->rule());
      jf.rule_params = param_facts(*rule, scenario_values_["rule " + proj.name() + " " + jf.rule_id]);
    }
    f->projections.push_back(std::move(jf));
  }
  for (int s = 0; s < net.stimulus_count(); ++s) {
    const Stimulus& stim = net.stimulus(s);
    f->stimuli.push_back({stim.name(), stim.population(), stim.neurons().size(), stim.params()});
  }
  for (const TimelineEntry& e : timeline_)
    if (e.kind == TimelineEntry::Kind::Note) f->notes.push_back({e.t_ms, e.note});
  f->undo_label = undo_label();
  f->redo_label = redo_label();
  f->models = model_names();
  f->rules = plasticity_rules();
  facts_ = std::move(f);
  return facts_;
}

Observations Session::observe(ReaderId reader) {
  Observations o;
  const auto found = readers_.find(reader);
  if (found == readers_.end()) return o;
  Cursor& c = found->second;
  const Network& net = *network_;
  if (c.resets != resets_) {
    // A reset started every count again at 0: read from the start.
    c.spikes = 0;
    c.traces.clear();
    c.rate_bins = 0;
    c.pattern_onsets.clear();
    c.resets = resets_;
  }
  o.step = net.step_index();
  o.t_ms = net.time_ms();

  // Spikes: each once.
  const SpikeRecorder& spikes = net.spikes();
  o.spikes.reserve(static_cast<std::size_t>(spikes.next_sequence() - std::min(c.spikes, spikes.next_sequence())));
  o.spikes_lost = spikes.for_each_since(c.spikes, [&](const SpikeEvent& e) { o.spikes.push_back(e); });
  c.spikes = spikes.next_sequence();

  // Trace samples of every probe since this reader's last look (a new probe: what it holds).
  std::map<std::pair<int, int>, std::uint64_t> seen;
  for (const TraceProbe& p : net.traces().probes()) {
    const std::pair<int, int> key{p.population, p.neuron};
    const auto it = c.traces.find(key);
    std::uint64_t from = it == c.traces.end() ? 0 : it->second;
    const std::size_t available = StateRecorder::available(p);
    const std::uint64_t oldest = p.written - available;
    TraceSamples t;
    t.population = p.population;
    t.neuron = p.neuron;
    t.variables = p.variables;
    if (from < oldest) {
      t.lost = oldest - from;
      from = oldest;
    }
    if (from > p.written) from = p.written;
    const std::size_t first = static_cast<std::size_t>(from - oldest);
    t.first_step = available > 0 ? StateRecorder::sample_step(p, first) : net.step_index();
    t.samples.reserve((available - first) * static_cast<std::size_t>(std::max(p.variables, 0)));
    for (std::size_t i = first; i < available; ++i)
      for (int v = 0; v < p.variables; ++v) t.samples.push_back(StateRecorder::sample(p, i, v));
    seen[key] = p.written;
    o.traces.push_back(std::move(t));
  }
  c.traces = std::move(seen);

  // Rate bins closed since the last look.
  const RateMonitor& rates = net.rates();
  o.rates.bin_ms = rates.bin_ms();
  o.rates.populations = net.population_count();
  const std::uint64_t written = rates.bins_written();
  const std::uint64_t oldest_bin = written - rates.bins_available();
  std::uint64_t from = std::min(c.rate_bins, written);
  if (from < oldest_bin) {
    o.rates.lost = oldest_bin - from;
    from = oldest_bin;
  }
  o.rates.first_bin = from;
  for (std::uint64_t b = from; b < written; ++b)
    for (int p = 0; p < net.population_count(); ++p) o.rates.hz.push_back(rates.rate(p, static_cast<std::size_t>(b - oldest_bin)));
  c.rate_bins = written;

  // Verdicts since the last look.
  const std::uint64_t end = verdict_base_ + verdicts_.size();
  for (std::uint64_t v = std::max(c.verdicts, verdict_base_); v < end; ++v) o.verdicts.push_back(verdicts_[static_cast<std::size_t>(v - verdict_base_)]);
  c.verdicts = end;
  trim_verdicts();

  // Pattern windows scheduled since the last look (their list only grows within a run).
  for (int p = 0; p < net.population_count(); ++p) {
    const auto* source = dynamic_cast<const PatternPopulation*>(&net.population(p));
    if (source == nullptr) continue;
    const auto& onsets = source->onsets();
    std::size_t& seen_onsets = c.pattern_onsets[p];
    if (seen_onsets > onsets.size()) seen_onsets = 0;  // the source started again
    for (std::size_t i = seen_onsets; i < onsets.size(); ++i)
      o.pattern_onsets.push_back({p, onsets[i].pattern, onsets[i].step, source->window_steps()});
    seen_onsets = onsets.size();
  }

  // Experiment progress.
  if (experiment_) {
    ExperimentProgress& x = o.experiment;
    x.present = true;
    x.done = experiment_->done();
    x.phase = experiment_->phase();
    x.epoch = experiment_->epoch();
    x.epochs = experiment_->spec().epochs;
    x.progress = experiment_->progress();
    x.phases_done = experiment_->history().size();
    x.generation = generation_;
  }
  o.facts = facts();
  return o;
}

void Observations::append(Observations&& later) {
  step = later.step;
  t_ms = later.t_ms;
  spikes.insert(spikes.end(), later.spikes.begin(), later.spikes.end());
  spikes_lost += later.spikes_lost;
  // Traces: samples of the same neuron join when they follow on; otherwise the later wins.
  for (TraceSamples& t : later.traces) {
    auto it = std::find_if(traces.begin(), traces.end(), [&](const TraceSamples& e) { return e.population == t.population && e.neuron == t.neuron; });
    if (it == traces.end()) {
      traces.push_back(std::move(t));
      continue;
    }
    const std::int64_t next = it->first_step + static_cast<std::int64_t>(it->variables > 0 ? it->samples.size() / static_cast<std::size_t>(it->variables) : 0);
    if (t.first_step == next && t.variables == it->variables) {
      it->samples.insert(it->samples.end(), t.samples.begin(), t.samples.end());
      it->lost += t.lost;
    } else {
      *it = std::move(t);
    }
  }
  // Probes no longer recorded are gone from the later observation: drop them here too.
  std::erase_if(traces, [&](const TraceSamples& e) {
    return std::none_of(later.traces.begin(), later.traces.end(), [&](const TraceSamples& t) { return t.population == e.population && t.neuron == e.neuron; });
  });
  if (later.rates.first_bin == rates.first_bin + (rates.populations > 0 ? rates.hz.size() / static_cast<std::size_t>(rates.populations) : 0) &&
      later.rates.populations == rates.populations) {
    rates.hz.insert(rates.hz.end(), later.rates.hz.begin(), later.rates.hz.end());
    rates.lost += later.rates.lost;
    rates.bin_ms = later.rates.bin_ms;
  } else {
    rates = std::move(later.rates);
  }
  verdicts.insert(verdicts.end(), std::make_move_iterator(later.verdicts.begin()), std::make_move_iterator(later.verdicts.end()));
  pattern_onsets.insert(pattern_onsets.end(), later.pattern_onsets.begin(), later.pattern_onsets.end());
  experiment = later.experiment;
  facts = std::move(later.facts);
}

}  // namespace neurosim
