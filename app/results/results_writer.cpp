#include "results/results_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "results/exports.hpp"
#include "results/float_text.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/reward_task.hpp"

namespace neurosim::cli {
namespace {

constexpr std::size_t kBufferBytes = 1u << 20;


// Drops trailing zeros of a fixed-point number ("12.500" -> "12.5", "3.0" -> "3").
char* trim_zeros(char* begin, char* end) {
  if (std::find(begin, end, '.') == end) return end;
  while (end > begin && end[-1] == '0') --end;
  if (end > begin && end[-1] == '.') --end;
  return end;
}

}  // namespace

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// [SECTION] TimeFormatter

TimeFormatter::TimeFormatter(double dt_ms) : dt_(dt_ms), decimals_(-1) {
  char buf[64];
  for (int p = 0; p <= 9; ++p) {
    const auto r = std::to_chars(buf, buf + sizeof buf, dt_ms, std::chars_format::fixed, p);
    double back = 0;
    std::from_chars(buf, r.ptr, back);
    if (r.ec == std::errc() && back == dt_ms) {
      decimals_ = p;
      break;
    }
  }
  // The integer path: dt's decimal text without its point is units_ (0.1 -> 1, 0.025 -> 25).
  // step * dt differs from step * units_ / 10^d by at most about t * 2^-52 (dt's own rounding
  // and the product's), far below the half unit of the last decimal printed, 10^-d / 2, as long
  // as step * units_ < 2^50.
  if (decimals_ >= 0 && dt_ms > 0) {
    const auto r = std::to_chars(buf, buf + sizeof buf, dt_ms, std::chars_format::fixed, decimals_);
    std::int64_t units = 0;
    bool digits_only = true;
    for (const char* c = buf; c < r.ptr; ++c) {
      if (*c == '.') continue;
      if (*c < '0' || *c > '9' || units > (std::int64_t{1} << 40)) {
        digits_only = false;
        break;
      }
      units = units * 10 + (*c - '0');
    }
    if (digits_only && units > 0) {
      units_ = units;
      max_exact_step_ = (std::int64_t{1} << 50) / units;
    }
  }
}

char* TimeFormatter::write(char* out, std::int64_t step) const {
  if (step >= 0 && step < max_exact_step_) {
    static constexpr std::int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
    const std::int64_t scaled = step * units_;
    const std::int64_t whole = scaled / kPow10[decimals_];
    std::int64_t fraction = scaled - whole * kPow10[decimals_];
    char* p = std::to_chars(out, out + 24, whole).ptr;
    if (fraction == 0) return p;
    int digits = decimals_;
    while (fraction % 10 == 0) {  // trailing zeros dropped
      fraction /= 10;
      --digits;
    }
    *p++ = '.';
    for (int i = digits - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    return p + digits;
  }
  const double t = static_cast<double>(step) * dt_;
  if (decimals_ < 0) return std::to_chars(out, out + 32, t).ptr;
  char* end = std::to_chars(out, out + 32, t, std::chars_format::fixed, decimals_).ptr;
  return trim_zeros(out, end);
}

std::string TimeFormatter::text(std::int64_t step) const {
  char buf[32];
  return std::string(buf, write(buf, step));
}

// [SECTION] BufferedFile

BufferedFile::BufferedFile(std::filesystem::path path, io::Replace replace)
    : file_(std::move(path), replace), buffer_(new char[kBufferBytes]), capacity_(kBufferBytes) {}

void BufferedFile::make_room(std::size_t n) {
  flush();
  if (n > capacity_) {  // flushed: nothing to keep
    buffer_.reset(new char[n]);
    capacity_ = n;
  }
}

void BufferedFile::flush() {
  if (used_ == 0) return;
  file_.write_through(buffer_.get(), used_);
  used_ = 0;
}

void BufferedFile::put_int(std::int64_t v) {
  char* p = reserve(24);
  advance(std::to_chars(p, p + 24, v).ptr);
}

void BufferedFile::put_double(double v) {
  char* p = reserve(32);
  advance(std::to_chars(p, p + 32, v).ptr);
}

void BufferedFile::put_float(float v) {
  char* p = reserve(32);
  advance(write_shortest(p, v));
}

void BufferedFile::put_general(double v, int significant) {
  char* p = reserve(40);
  advance(std::to_chars(p, p + 40, v, std::chars_format::general, significant).ptr);
}

void BufferedFile::commit() {
  flush();
  file_.commit();
}

// [SECTION] spikes.csv: t_ms,population,neuron (every spike, in time order)

void SpikeRowText::set_names(std::vector<std::string> names) {
  names_ = std::move(names);
  std::size_t longest = 0;
  name_blocks_.assign(names_.size(), {});
  for (std::size_t p = 0; p < names_.size(); ++p) {
    longest = std::max(longest, names_[p].size());
    if (names_[p].size() <= kNameBlock) std::memcpy(name_blocks_[p].data(), names_[p].data(), names_[p].size());
  }
  // A row is at most time + name + neuron + separators.
  row_max_ = 32 + std::max(longest, kNameBlock) + 24;
}

char* SpikeRowText::write(char* out, std::int64_t step, int population, int neuron) {
  if (static_cast<std::size_t>(population) >= names_.size()) return out;  // no name for it (yet)
  if (step != time_step_) {
    time_step_ = step;
    time_len_ = static_cast<std::size_t>(time_.write(time_text_, step) - time_text_);
  }
  char* p = out;
  std::memcpy(p, time_text_, sizeof time_text_);
  p += time_len_;
  *p++ = ',';
  const std::string& name = names_[static_cast<std::size_t>(population)];
  if (name.size() <= kNameBlock) std::memcpy(p, name_blocks_[static_cast<std::size_t>(population)].data(), kNameBlock);
  else std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = ',';
  p = std::to_chars(p, p + 24, neuron).ptr;
  *p++ = '\n';
  return p;
}

SpikeCsvWriter::SpikeCsvWriter(const std::filesystem::path& dir, const Network& net, io::Replace replace)
    : out_(dir / "spikes.csv", replace), row_text_(net.dt()), next_(net.spikes().next_sequence()) {
  out_.put("t_ms,population,neuron\n");
  structure_version_ = net.structure_version() + 1;
  follow(net);
}

void SpikeCsvWriter::follow(const Network& net) {
  if (net.structure_version() == structure_version_) return;
  structure_version_ = net.structure_version();
  std::vector<std::string> names;
  for (int p = 0; p < net.population_count(); ++p) {
    names.push_back(csv_field(net.population(p).name()));
    const std::pair<std::string, std::uint64_t> named{net.population(p).name(), net.population_id(p)};
    if (std::find(seen_.begin(), seen_.end(), named) == seen_.end()) seen_.push_back(named);
  }
  row_text_.set_names(std::move(names));
}

void SpikeCsvWriter::add(const SpikeEvent& e) {
  char* p = out_.reserve(row_text_.row_max());
  char* end = row_text_.write(p, e.step, e.population, e.neuron);
  if (end == p) return;  // follow() was not told of a new population
  out_.advance(end);
  ++rows_;
}

void SpikeCsvWriter::drain(const Network& net) {
  follow(net);
  const std::uint64_t lost = net.spikes().for_each_since(next_, [this](const SpikeEvent& e) { add(e); });
  if (lost > 0) throw std::runtime_error("the spike ring overwrote " + std::to_string(lost) + " spikes before they were written");
  next_ = net.spikes().next_sequence();
}

std::uint64_t write_spikes_csv(const std::filesystem::path& dir, const Network& net, io::Replace replace) {
  SpikeCsvWriter out(dir, net, replace);
  for (const SpikeEvent& e : net.spikes().all()) out.add(e);
  out.commit();
  return out.rows();
}

// [SECTION] metrics.csv: t_ms,<pop>_rate_hz,<pop>_spikes,... (one row per reporting window)

namespace {

// One population's pair of header columns, and its cells for a window of `seconds`.
void put_metrics_header(BufferedFile& out, const std::string& name) {
  out.put(',');
  out.put(csv_field(name + "_rate_hz"));
  out.put(',');
  out.put(csv_field(name + "_spikes"));
}

void put_metrics_cells(BufferedFile& out, std::uint64_t spikes, double size, double seconds) {
  const double rate = seconds > 0 && size > 0 ? static_cast<double>(spikes) / size / seconds : 0.0;
  out.put(',');
  out.put_general(rate, 6);
  out.put(',');
  out.put_int(static_cast<std::int64_t>(spikes));
}

// A row's t_ms (the window's end); returns the window's length in seconds.
double put_window_start(BufferedFile& out, const TimeFormatter& time, const MetricsWindow& w, double dt_ms) {
  char* p = out.reserve(32);
  out.advance(time.write(p, w.end_step));
  return static_cast<double>(w.steps) * dt_ms / 1000.0;
}

// metrics.csv of a run whose populations came and went: a column pair per population the run
// had (by Network::population_id), in order of appearance (those of the start first, in their
// order), named as it was last called; its cells are empty in windows when it did not exist.
std::uint64_t write_keyed_metrics_csv(BufferedFile& out, const Network& net, const std::vector<MetricsWindow>& windows) {
  struct Column {
    std::uint64_t id;
    std::string name;
  };
  std::vector<Column> columns;
  const auto note = [&columns](std::uint64_t id, const std::string& name) {
    for (Column& c : columns)
      if (c.id == id) {
        c.name = name;
        return;
      }
    columns.push_back({id, name});
  };
  for (const MetricsWindow& w : windows)
    for (std::size_t i = 0; i < w.ids.size() && i < w.names.size(); ++i) note(w.ids[i], w.names[i]);
  for (int p = 0; p < net.population_count(); ++p) note(net.population_id(p), net.population(p).name());
  out.put("t_ms");
  for (const Column& c : columns) put_metrics_header(out, c.name);
  out.put('\n');
  const TimeFormatter time(net.dt());
  for (const MetricsWindow& w : windows) {
    const double seconds = put_window_start(out, time, w, net.dt());
    for (const Column& c : columns) {
      const auto at = std::find(w.ids.begin(), w.ids.end(), c.id);
      const auto i = static_cast<std::size_t>(at - w.ids.begin());
      if (at == w.ids.end() || i >= w.spikes.size() || i >= w.sizes.size()) {
        out.put(",,");
        continue;
      }
      put_metrics_cells(out, w.spikes[i], static_cast<double>(w.sizes[i]), seconds);
    }
    out.put('\n');
  }
  return windows.size();
}

}  // namespace

std::uint64_t write_metrics_csv(const std::filesystem::path& dir, const Network& net, const std::vector<MetricsWindow>& windows,
                                io::Replace replace) {
  BufferedFile out(dir / "metrics.csv", replace);
  if (std::any_of(windows.begin(), windows.end(), [](const MetricsWindow& w) { return !w.ids.empty(); })) {
    const std::uint64_t rows = write_keyed_metrics_csv(out, net, windows);
    out.commit();
    return rows;
  }
  out.put("t_ms");
  for (int p = 0; p < net.population_count(); ++p) put_metrics_header(out, net.population(p).name());
  out.put('\n');
  const TimeFormatter time(net.dt());
  for (const MetricsWindow& w : windows) {
    const double seconds = put_window_start(out, time, w, net.dt());
    for (int i = 0; i < net.population_count(); ++i) {
      const std::uint64_t n = static_cast<std::size_t>(i) < w.spikes.size() ? w.spikes[static_cast<std::size_t>(i)] : 0;
      put_metrics_cells(out, n, static_cast<double>(net.population(i).size()), seconds);
    }
    out.put('\n');
  }
  out.commit();
  return windows.size();
}

// [SECTION] traces.csv: see traces_writer.cpp

// [SECTION] experiment.json: the scenario as run, and what the run cost and produced

namespace {

using Json = nlohmann::ordered_json;

// The weight of the synapse a reward rule reinforces.
double chosen_weight(const Network& net, const RewardTask& task) {
  const RewardTask::Settings& r = task.settings();
  const Projection& proj = net.projection(r.projection);
  const auto row = proj.row_ptr();
  const auto col = proj.col();
  for (auto k = static_cast<std::size_t>(row[static_cast<std::size_t>(r.pre)]); k < static_cast<std::size_t>(row[static_cast<std::size_t>(r.pre) + 1]); ++k)
    if (col[k] == r.post) return proj.weights()[k];
  return 0.0;
}

Json run_json(const Network& net, const RunSummary& summary) {
  const ScenarioSpec& spec = net.spec();
  const double simulated_ms = static_cast<double>(summary.steps) * net.dt();
  Json j;
  j["neurosim_version"] = summary.version;
  j["started_utc"] = summary.started_utc;
  j["scenario_name"] = spec.name;
  j["seed"] = spec.seed;
  j["dt_ms"] = spec.dt_ms;
  j["duration_ms"] = simulated_ms;
  j["steps"] = summary.steps;
  j["build_time_s"] = summary.build_time_s;
  j["wall_time_s"] = summary.wall_time_s;
  j["steps_per_s"] = summary.wall_time_s > 0 ? static_cast<double>(summary.steps) / summary.wall_time_s : 0.0;
  j["real_time_factor"] = summary.wall_time_s > 0 ? simulated_ms / 1000.0 / summary.wall_time_s : 0.0;
  j["synaptic_events"] = net.synaptic_events();
  std::uint64_t synapses = 0, synapse_bytes = 0;
  for (int i = 0; i < net.projection_count(); ++i) {
    synapses += net.projection(i).synapse_count();
    // Per-synapse storage only: the row index costs per presynaptic neuron, not per synapse.
    synapse_bytes += net.projection(i).memory_bytes() - net.projection(i).row_ptr().size_bytes();
  }
  j["synapses"] = synapses;
  j["synapse_bytes"] = synapse_bytes;
  Json pops = Json::array();
  std::uint64_t total = 0;
  for (int i = 0; i < net.population_count(); ++i) {
    const Population& p = net.population(i);
    const std::uint64_t spikes = net.total_spikes(i);
    total += spikes;
    pops.push_back({{"name", p.name()},
                    {"model", std::string(p.model())},
                    {"size", p.size()},
                    {"spikes", spikes},
                    {"mean_rate_hz", simulated_ms > 0 ? static_cast<double>(spikes) / p.size() / (simulated_ms / 1000.0) : 0.0}});
  }
  j["total_spikes"] = total;
  j["populations"] = std::move(pops);
  j["parameters"] = parameters_json(net);    // as applied (exports.hpp)
  j["weights"] = weight_summary_json(net);   // per projection: synapses, mean, sd, min, max
  if (const RewardTask* task = net.reward_task()) {
    const RewardTask::Settings& r = task->settings();
    j["rewards"] = Json{{"earned", task->earned()},
                        {"delivered", task->delivered()},
                        {"projection", net.projection(r.projection).name()},
                        {"pre", r.pre},
                        {"post", r.post},
                        {"weight", chosen_weight(net, *task)}};
  }
  j["scenario"] = Json::parse(io::scenario_to_json(spec));
  return j;
}

void commit_json(const std::filesystem::path& dir, const Json& j, io::Replace replace) {
  BufferedFile out(dir / "experiment.json", replace);
  out.put(j.dump(2));
  out.put('\n');
  out.commit();
}

const char* phase_name(ExperimentPhase phase) {
  switch (phase) {
    case ExperimentPhase::Training: return "training";
    case ExperimentPhase::Evaluation: return "evaluation";
    case ExperimentPhase::Test: return "test";
    case ExperimentPhase::Done: return "done";
  }
  return "";
}

Json patterns_json(const PhaseMetrics& m) {
  Json out = Json::array();
  for (const PatternScore& ps : m.patterns) {
    out.push_back({{"pattern", ps.pattern},
                   {"best_neuron", ps.best_neuron},
                   {"occurrences", ps.occurrences},
                   {"hits", ps.hits},
                   {"hit_rate", ps.hit_rate},
                   {"false_alarms", ps.false_alarms},
                   {"false_alarm_rate", ps.false_alarm_rate},
                   {"mean_latency_ms", ps.mean_latency_ms},
                   {"success", ps.success}});
  }
  return out;
}

Json labels_json(const PhaseMetrics& m) {
  Json out = Json::array();
  for (const LabelScore& ls : m.labels)
    out.push_back({{"label", ls.label}, {"windows", ls.windows}, {"correct", ls.correct}, {"accuracy", ls.accuracy}, {"neurons", ls.neurons}});
  return out;
}

// The fields a phase and the final evaluation share.
Json phase_json(const PhaseMetrics& m, bool classification) {
  if (classification) {
    Json j = phase_json(m, false);
    j.erase("patterns");
    j["windows"] = m.windows;
    j["correct"] = m.correct;
    j["labels"] = labels_json(m);
    return j;
  }
  return Json{{"epoch", m.epoch},
              {"phase", phase_name(m.phase)},
              {"start_ms", m.start_ms},
              {"end_ms", m.end_ms},
              {"accuracy", m.accuracy},
              {"success", m.success},
              {"spikes", m.spikes},
              {"synaptic_events", m.synaptic_events},
              {"snn_energy_j", m.snn_energy_j},
              {"ann_energy_j", m.ann_energy_j},
              {"energy_ratio", m.energy_ratio},
              {"patterns", patterns_json(m)}};
}

// Rate in Hz of each population during phase k.
std::vector<double> phase_rates(const Network& net, const Experiment& experiment, const PhaseSpikeTotals& totals, std::size_t k) {
  const PhaseMetrics& m = experiment.history()[k];
  const double seconds = (m.end_ms - m.start_ms) / 1000.0;
  std::vector<double> rates;
  for (int p = 0; p < net.population_count(); ++p) {
    const auto sp = static_cast<std::size_t>(p);
    const std::uint64_t before = k == 0 ? 0 : totals[k - 1][sp];
    const std::uint64_t n = k < totals.size() ? totals[k][sp] - before : 0;
    rates.push_back(seconds > 0 ? static_cast<double>(n) / net.population(p).size() / seconds : 0.0);
  }
  return rates;
}

}  // namespace

void write_experiment_json(const std::filesystem::path& dir, const Network& net, const RunSummary& summary, io::Replace replace) {
  commit_json(dir, run_json(net, summary), replace);
}

void write_experiment_json(const std::filesystem::path& dir, const Network& net, const RunSummary& summary,
                           const Experiment& experiment, const PhaseSpikeTotals& totals, io::Replace replace) {
  Json j = run_json(net, summary);
  const ExperimentSpec& x = experiment.spec();
  const auto& history = experiment.history();
  const std::size_t epochs_run = history.empty() ? 0 : static_cast<std::size_t>(history.back().epoch) + 1;
  j["epochs_run"] = epochs_run;
  j["stopped_early"] = epochs_run < static_cast<std::size_t>(x.epochs);
  Json phases = Json::array();
  for (std::size_t k = 0; k < history.size(); ++k) {
    Json ph = phase_json(history[k], experiment.classification());
    Json rates = Json::object();
    const auto r = phase_rates(net, experiment, totals, k);
    for (int p = 0; p < net.population_count(); ++p) rates[net.population(p).name()] = r[static_cast<std::size_t>(p)];
    ph["rates_hz"] = std::move(rates);
    phases.push_back(std::move(ph));
  }
  j["epochs"] = std::move(phases);
  const PhaseMetrics final_score = experiment.final_score();
  Json fin = phase_json(final_score, experiment.classification());
  fin["window_ms"] = final_score.end_ms - final_score.start_ms;
  fin["energy_model"] = x.energy_model;
  j["final_evaluation"] = std::move(fin);
  if (const TestResult& t = experiment.test_result(); t.done) {
    Json confusion = Json::array();
    for (int r = 0; r < t.labels; ++r) {
      Json row = Json::array();
      for (int c = 0; c < t.labels; ++c) row.push_back(t.confusion[static_cast<std::size_t>(r) * static_cast<std::size_t>(t.labels) + static_cast<std::size_t>(c)]);
      confusion.push_back(std::move(row));
    }
    Json per_label = Json::array();
    for (const LabelScore& ls : t.per_label)
      per_label.push_back({{"label", ls.label}, {"images", ls.windows}, {"correct", ls.correct}, {"accuracy", ls.accuracy}, {"neurons", ls.neurons}});
    j["test"] = Json{{"images", t.images},
                     {"correct", t.correct},
                     {"accuracy", t.accuracy},
                     {"unanswered", t.unanswered},
                     {"confusion", std::move(confusion)},
                     {"per_label", std::move(per_label)},
                     {"latency_ms", t.latency_ms},
                     {"start_ms", t.start_ms},
                     {"end_ms", t.end_ms},
                     {"spikes", t.spikes},
                     {"synaptic_events", t.synaptic_events},
                     {"snn_energy_j", t.snn_energy_j},
                     {"ann_energy_j", t.ann_energy_j},
                     {"energy_ratio", t.energy_ratio},
                     {"energy_model", x.energy_model}};
  }
  commit_json(dir, j, replace);
}

// [SECTION] test_predictions.csv: index,label,predicted,winner_spikes,latency_ms

std::uint64_t write_test_predictions_csv(const std::filesystem::path& dir, const Experiment& experiment, io::Replace replace) {
  BufferedFile out(dir / "test_predictions.csv", replace);
  out.put("index,label,predicted,winner_spikes,latency_ms\n");
  for (const TestPrediction& r : experiment.test_result().predictions) {
    out.put_int(r.index);
    out.put(',');
    out.put_int(r.label);
    out.put(',');
    out.put_int(r.predicted);
    out.put(',');
    out.put_int(r.winner_spikes);
    out.put(',');
    if (r.latency_ms >= 0.0) out.put_general(r.latency_ms, 6);
    out.put('\n');
  }
  out.commit();
  return experiment.test_result().predictions.size();
}

// [SECTION] weights_final.csv: projection,pre,post,w (every synapse of every plastic projection)

std::uint64_t write_weights_csv(const std::filesystem::path& dir, const Network& net, io::Replace replace) {
  return export_weights_csv(dir / "weights_final.csv", net, replace, WeightRows::Plastic);
}

// [SECTION] stimulus_events.csv: t_ms,pattern (every onset of the experiment's input patterns)

std::uint64_t write_stimulus_events_csv(const std::filesystem::path& dir, const Network& net, const Experiment& experiment,
                                        io::Replace replace) {
  BufferedFile out(dir / "stimulus_events.csv", replace);
  out.put("t_ms,pattern\n");
  const int input = net.spec().population_index(experiment.spec().input);
  const auto& source = dynamic_cast<const PatternPopulation&>(net.population(input));
  const TimeFormatter time(net.dt());
  std::uint64_t rows = 0;
  for (const PatternOnset& o : source.onsets()) {
    if (o.step >= net.step_index()) break;  // a window generated ahead of the last step
    char* p = out.reserve(32);
    out.advance(time.write(p, o.step));
    out.put(',');
    out.put_int(o.pattern);
    out.put('\n');
    ++rows;
  }
  out.commit();
  return rows;
}

// [SECTION] metrics.csv of an experiment: one row per phase

std::uint64_t write_experiment_metrics_csv(const std::filesystem::path& dir, const Network& net, const Experiment& experiment,
                                           const PhaseSpikeTotals& totals, io::Replace replace) {
  BufferedFile out(dir / "metrics.csv", replace);
  out.put("epoch,phase,start_ms,end_ms,accuracy,success,spikes,synaptic_events,snn_energy_j,ann_energy_j,energy_ratio");
  const auto& history = experiment.history();
  const std::size_t patterns = history.empty() ? 0 : history.front().patterns.size();
  const std::size_t labels = history.empty() ? 0 : history.front().labels.size();
  if (experiment.classification()) out.put(",windows,correct");
  for (std::size_t k = 0; k < labels; ++k) {
    std::string l = ",label";
    l += std::to_string(k);
    l += "_accuracy";
    out.put(l);
  }
  for (std::size_t k = 0; k < patterns; ++k) {
    std::string p = ",p";  // built in steps: GCC 12 warns (-Wrestrict) on "literal" + std::string
    p += std::to_string(k);
    for (const char* column : {"_hit_rate", "_false_alarm_rate", "_mean_latency_ms", "_best_neuron"}) {
      out.put(p);
      out.put(column);
    }
  }
  for (int p = 0; p < net.population_count(); ++p) {
    out.put(',');
    out.put(csv_field(net.population(p).name() + "_rate_hz"));
  }
  out.put('\n');
  const TimeFormatter time(net.dt());
  for (std::size_t k = 0; k < history.size(); ++k) {
    const PhaseMetrics& m = history[k];
    out.put_int(m.epoch);
    out.put(',');
    out.put(phase_name(m.phase));
    out.put(',');
    char* p = out.reserve(32);
    out.advance(time.write(p, std::llround(m.start_ms / net.dt())));
    out.put(',');
    p = out.reserve(32);
    out.advance(time.write(p, std::llround(m.end_ms / net.dt())));
    out.put(',');
    out.put_general(m.accuracy, 6);
    out.put(m.success ? ",1," : ",0,");
    out.put_int(static_cast<std::int64_t>(m.spikes));
    out.put(',');
    out.put_int(static_cast<std::int64_t>(m.synaptic_events));
    out.put(',');
    out.put_general(m.snn_energy_j, 6);
    out.put(',');
    out.put_general(m.ann_energy_j, 6);
    out.put(',');
    out.put_general(m.energy_ratio, 6);
    if (experiment.classification()) {
      out.put(',');
      out.put_int(static_cast<std::int64_t>(m.windows));
      out.put(',');
      out.put_int(static_cast<std::int64_t>(m.correct));
    }
    for (std::size_t q = 0; q < labels; ++q) {
      out.put(',');
      out.put_general(m.labels[q].accuracy, 6);
    }
    for (std::size_t q = 0; q < patterns; ++q) {
      const PatternScore& ps = m.patterns[q];
      out.put(',');
      out.put_general(ps.hit_rate, 6);
      out.put(',');
      out.put_general(ps.false_alarm_rate, 6);
      out.put(',');
      out.put_general(ps.mean_latency_ms, 6);
      out.put(',');
      out.put_int(ps.best_neuron);
    }
    for (const double rate : phase_rates(net, experiment, totals, k)) {
      out.put(',');
      out.put_general(rate, 6);
    }
    out.put('\n');
  }
  out.commit();
  return history.size();
}

}  // namespace neurosim::cli
