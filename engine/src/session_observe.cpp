// Session::observe and the scenario facts (see session.hpp, observations.hpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "neurosim/file_source.hpp"
#include "neurosim/model_registry.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/reward_task.hpp"
#include "neurosim/session.hpp"
#include "neurosim/timeline.hpp"

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
  const std::uint64_t version = net.commands_applied() + resets_ + facts_shift_;
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
    if (const auto* images = dynamic_cast<const ImagePopulation*>(&pop)) pf.images = images->shared_images();
    if (const auto* source = dynamic_cast<const PatternPopulation*>(&pop)) {
      pf.patterns = static_cast<int>(source->param("patterns"));
      pf.pattern_window_steps = source->window_steps();
      if (pf.patterns >= 1) pf.first_pattern_afferents = source->pattern_afferents(0);
    }
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
    jf.delay_ms = ps.delay_or_step(net.spec().dt_ms).mean();
    jf.same_step = ps.same_step;
    jf.delay_min_steps = proj.min_delay_steps();
    jf.delay_max_steps = proj.max_delay_steps();
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
    const bool input = static_cast<std::size_t>(s) < net.spec().stimuli.size() && net.spec().stimuli[static_cast<std::size_t>(s)].input.has_value();
    f->stimuli.push_back({stim.name(), stim.population(), stim.neurons().size(), stim.params(), stim.neurons(), input});
  }
  for (const TimelineEntry& e : timeline_)
    if (e.kind == TimelineEntry::Kind::Note) f->notes.push_back({e.t_ms, e.note});
  // What a save writes: the timeline's applied structure entries are in the lists already.
  f->spec = scenario_to_save(net.spec(), next_entry_);
  if (const RewardTask* task = net.reward_task()) {
    const RewardTask::Settings& s = task->settings();
    f->reward = RewardFact{s.projection, s.pre, s.post, s.window_steps, s.delay_min_steps, s.delay_max_steps, s.amount};
  }
  f->undo_label = undo_label();
  f->redo_label = redo_label();
  f->models = model_names();
  f->rules = plasticity_rules();
  facts_ = std::move(f);
  return facts_;
}

std::uint64_t Session::weight_version(int projection) const {
  const Network& net = *network_;
  // Weights change through commands (counted, with resets, in the facts' version), through
  // growth, and, under a plasticity rule, in every step.
  std::uint64_t v = (net.commands_applied() + resets_) * 0x9E3779B97F4A7C15ull ^ (net.structure_version() << 1);
  if (projection >= 0 && projection < net.projection_count() && net.plasticity(projection) != nullptr)
    v ^= static_cast<std::uint64_t>(net.step_index()) * 0xC2B2AE3D27D4EB4Full + 1;
  return v;
}

void Session::observe_wants(Cursor& cursor, const ObserveWants& wants, Observations& o) {
  const Network& net = *network_;
  // A neuron's state and the plastic weights onto it.
  if (wants.neuron_population >= 0 && wants.neuron_population < net.population_count()) {
    const Population& pop = net.population(wants.neuron_population);
    if (wants.neuron >= 0 && wants.neuron < pop.size() && !pop.is_source()) {
      NeuronState n;
      n.population = wants.neuron_population;
      n.neuron = wants.neuron;
      n.step = net.step_index();
      const auto n_vars = pop.state_descs().size();
      for (std::size_t v = 0; v < n_vars; ++v) n.values.push_back(pop.state(static_cast<int>(v))[wants.neuron]);
      double sum = 0.0;
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      for (int j = 0; j < net.projection_count(); ++j) {
        const Projection& p = net.projection(j);
        if (p.post() != n.population || net.plasticity(j) == nullptr) continue;
        const auto w = p.weights();
        const auto visit = [&](std::size_t k) {
          sum += w[k];
          ++n.plastic_inputs;
          lo = std::min(lo, w[k]);
          hi = std::max(hi, w[k]);
        };
        if (p.has_transpose()) {
          const auto ptr = p.col_ptr();
          const auto syn = p.transpose_synapse();
          for (auto k = ptr[static_cast<std::size_t>(n.neuron)]; k < ptr[static_cast<std::size_t>(n.neuron) + 1]; ++k)
            visit(static_cast<std::size_t>(syn[static_cast<std::size_t>(k)]));
        } else {
          const auto col = p.col();
          for (std::size_t k = 0; k < col.size(); ++k)
            if (col[k] == n.neuron) visit(k);
        }
      }
      if (n.plastic_inputs > 0) {
        n.weight_mean = static_cast<float>(sum / static_cast<double>(n.plastic_inputs));
        n.weight_min = lo;
        n.weight_max = hi;
      }
      o.neuron = std::move(n);
    }
  }
  // Weights: only those that changed since this reader's last copy.
  for (const int j : wants.weights) {
    if (j < 0 || j >= net.projection_count()) continue;
    const std::uint64_t version = weight_version(j);
    const auto seen = cursor.weights.find(j);
    if (seen != cursor.weights.end() && seen->second == version) continue;
    cursor.weights[j] = version;
    const Projection& p = net.projection(j);
    auto& [structure_version, structure] = weight_structures_[j];
    if (!structure || structure_version != net.structure_version() || structure->col.size() != p.col().size()) {
      auto s = std::make_shared<WeightStructure>();
      s->pre_size = p.pre_size();
      s->post_size = p.post_size();
      s->row_ptr.assign(p.row_ptr().begin(), p.row_ptr().end());
      s->col.assign(p.col().begin(), p.col().end());
      // The incoming view: counting sort of the synapses by postsynaptic neuron.
      s->col_ptr.assign(static_cast<std::size_t>(s->post_size) + 1, 0);
      for (const std::int32_t post : s->col) ++s->col_ptr[static_cast<std::size_t>(post) + 1];
      for (std::size_t i = 1; i < s->col_ptr.size(); ++i) s->col_ptr[i] += s->col_ptr[i - 1];
      s->by_post.resize(s->col.size());
      std::vector<std::int64_t> next(s->col_ptr.begin(), s->col_ptr.end() - 1);
      for (std::size_t k = 0; k < s->col.size(); ++k) s->by_post[static_cast<std::size_t>(next[static_cast<std::size_t>(s->col[k])]++)] = static_cast<std::int64_t>(k);
      structure = std::move(s);
      structure_version = net.structure_version();
    }
    WeightSnapshot w;
    w.projection = j;
    w.step = net.step_index();
    w.version = version;
    w.structure = structure;
    w.weights.assign(p.weights().begin(), p.weights().end());
    o.weights.push_back(std::move(w));
  }
  if (wants.weight_sums) {
    std::vector<double> sums;
    for (int j = 0; j < net.projection_count(); ++j) {
      double sum = 0.0;
      for (const float w : net.projection(j).weights()) sum += w;
      sums.push_back(sum);
    }
    o.weight_sums = std::move(sums);
  }
  if (!wants.synapses.empty()) {
    o.synapse_weights.reserve(wants.synapses.size());
    for (const auto& [j, k] : wants.synapses) {
      const bool ok = j >= 0 && j < net.projection_count() && k >= 0 && static_cast<std::size_t>(k) < net.projection(j).weights().size();
      o.synapse_weights.push_back(ok ? net.projection(j).weights()[static_cast<std::size_t>(k)] : std::numeric_limits<float>::quiet_NaN());
    }
  }
  if (wants.learning_projection >= 0 && wants.learning_projection < net.projection_count()) {
    LearningReadout r;
    r.projection = wants.learning_projection;
    if (const auto* rstdp = dynamic_cast<const RstdpPlasticity*>(net.plasticity(r.projection))) {
      r.rstdp = true;
      r.dopamine = rstdp->dopamine();
      if (wants.eligibility) {
        r.has_eligibility = true;
        double sum = 0.0, biggest = 0.0;
        const auto c = rstdp->eligibility();
        for (const double v : c) {
          sum += std::abs(v);
          biggest = std::max(biggest, std::abs(v));
        }
        r.eligibility_mean = c.empty() ? 0.0 : sum / static_cast<double>(c.size());
        r.eligibility_max = biggest;
      }
    }
    if (const RewardTask* task = net.reward_task()) {
      r.earned = task->earned();
      r.delivered = task->delivered();
      const auto& steps = task->delivered_steps();
      const auto from = net.step_index() - static_cast<std::int64_t>(6000.0 / net.dt());
      r.delivered_steps.assign(std::lower_bound(steps.begin(), steps.end(), from), steps.end());
    }
    o.learning = std::move(r);
  }
  if (wants.classification && experiment_ && experiment_->classification()) {
    ClassificationSeen k;
    const Experiment& x = *experiment_;
    const int input = net.spec().population_index(x.spec().input);
    const auto* source = input >= 0 ? dynamic_cast<const ImagePopulation*>(&net.population(input)) : nullptr;
    if (source != nullptr) k.images = source->shared_images();
    k.image = source != nullptr ? source->current_image() : x.current_image();
    k.label = x.current_label();
    k.counts = x.output_counts();
    k.assignments = x.assignments();
    k.last_label = x.last_label();
    k.last_prediction = x.last_prediction();
    // The test result grows row by row: a new copy when it changed (its rows or done).
    const TestResult& t = x.test_result();
    if (!cursor.test || cursor.test->predictions.size() != t.predictions.size() || cursor.test->done != t.done)
      cursor.test = std::make_shared<const TestResult>(t);
    k.test = cursor.test;
    k.synaptic_events = net.synaptic_events();
    o.classification = std::move(k);
  }
  if (wants.images_shown)
    for (int p = 0; p < net.population_count(); ++p)
      if (const auto* images = dynamic_cast<const ImagePopulation*>(&net.population(p))) o.images_shown.emplace_back(p, images->current_image());
  if (wants.experiment_record && experiment_) {
    auto r = std::make_shared<ExperimentRecord>();
    r->spec = experiment_->spec();
    r->classification = experiment_->classification();
    r->history = experiment_->history();
    r->current = experiment_->current();
    r->final_score = experiment_->final_score();
    r->synaptic_events = net.synaptic_events();
    o.experiment_record = std::move(r);
  }
}

Observations Session::observe(ReaderId reader, const ObserveWants& wants) {
  Observations o;
  const auto found = readers_.find(reader);
  if (found == readers_.end()) return o;
  Cursor& c = found->second;
  const Network& net = *network_;
  if (c.resets != resets_ || c.rewinds != rewinds_) {
    // A reset started every count again at 0, a restore at what the restored recorders hold:
    // read from the start.
    c.spikes = 0;
    c.traces.clear();
    c.rate_bins = 0;
    c.pattern_onsets.clear();
    c.weights.clear();
    c.test.reset();
    c.resets = resets_;
    o.restarted = c.rewinds != rewinds_;
    c.rewinds = rewinds_;
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
  if (!wants.empty()) observe_wants(c, wants, o);
  return o;
}

void WeightSnapshot::block_average(int rows, int cols, std::vector<float>& out, float& w_min, float& w_max) const {
  out.clear();
  w_min = w_max = 0.0f;
  if (!structure || structure->pre_size <= 0 || structure->post_size <= 0) return;
  const WeightStructure& s = *structure;
  rows = std::max(1, std::min(rows, s.pre_size));
  cols = std::max(1, std::min(cols, s.post_size));
  out.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols), 0.0f);
  w_min = std::numeric_limits<float>::infinity();
  w_max = -std::numeric_limits<float>::infinity();
  for (int pre = 0; pre < s.pre_size; ++pre) {
    const int r = static_cast<int>(static_cast<std::int64_t>(pre) * rows / s.pre_size);
    for (std::int64_t k = s.row_ptr[static_cast<std::size_t>(pre)]; k < s.row_ptr[static_cast<std::size_t>(pre) + 1]; ++k) {
      const int c = static_cast<int>(static_cast<std::int64_t>(s.col[static_cast<std::size_t>(k)]) * cols / s.post_size);
      const float w = weights[static_cast<std::size_t>(k)];
      out[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c)] += w;
      w_min = std::min(w_min, w);
      w_max = std::max(w_max, w);
    }
  }
  // Each block covers (pre_size/rows) x (post_size/cols) possible synapses.
  for (int r = 0; r < rows; ++r) {
    const std::int64_t r0 = (static_cast<std::int64_t>(r) * s.pre_size + rows - 1) / rows;
    const std::int64_t r1 = (static_cast<std::int64_t>(r + 1) * s.pre_size + rows - 1) / rows;
    for (int c = 0; c < cols; ++c) {
      const std::int64_t c0 = (static_cast<std::int64_t>(c) * s.post_size + cols - 1) / cols;
      const std::int64_t c1 = (static_cast<std::int64_t>(c + 1) * s.post_size + cols - 1) / cols;
      const auto cells = static_cast<float>(std::max<std::int64_t>(1, (r1 - r0) * (c1 - c0)));
      out[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c)] /= cells;
    }
  }
  if (s.col.empty()) w_min = w_max = 0.0f;
}

void Observations::append(Observations&& later) {
  if (later.restarted) {
    // The session went back in time: what was seen before is another history. Verdicts stay
    // (each is news once).
    std::vector<CommandVerdict> kept = std::move(verdicts);
    kept.insert(kept.end(), std::make_move_iterator(later.verdicts.begin()), std::make_move_iterator(later.verdicts.end()));
    *this = std::move(later);
    verdicts = std::move(kept);
    return;
  }
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
  if (later.neuron) neuron = std::move(later.neuron);
  // Weights: the latest copy of each projection.
  for (WeightSnapshot& w : later.weights) {
    auto it = std::find_if(weights.begin(), weights.end(), [&](const WeightSnapshot& e) { return e.projection == w.projection; });
    if (it == weights.end()) weights.push_back(std::move(w));
    else *it = std::move(w);
  }
  if (later.weight_sums) weight_sums = std::move(later.weight_sums);
  if (later.experiment_record) experiment_record = std::move(later.experiment_record);
  if (!later.synapse_weights.empty()) synapse_weights = std::move(later.synapse_weights);
  if (later.classification) classification = std::move(later.classification);
  if (!later.images_shown.empty()) images_shown = std::move(later.images_shown);
  if (later.learning) {
    // Eligibility statistics are asked for a few times a second: an observation without them
    // keeps the last ones.
    if (!later.learning->has_eligibility && learning && learning->has_eligibility && learning->projection == later.learning->projection) {
      later.learning->has_eligibility = true;
      later.learning->eligibility_mean = learning->eligibility_mean;
      later.learning->eligibility_max = learning->eligibility_max;
    }
    learning = std::move(later.learning);
  }
}

}  // namespace neurosim
