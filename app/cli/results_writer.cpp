#include "cli/results_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>

#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"

namespace neurosim::cli {
namespace {

constexpr std::size_t kBufferBytes = 1u << 20;

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

// Drops trailing zeros of a fixed-point number ("12.500" -> "12.5", "3.0" -> "3").
char* trim_zeros(char* begin, char* end) {
  if (std::find(begin, end, '.') == end) return end;
  while (end > begin && end[-1] == '0') --end;
  if (end > begin && end[-1] == '.') --end;
  return end;
}

}  // namespace

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
}

char* TimeFormatter::write(char* out, std::int64_t step) const {
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

BufferedFile::BufferedFile(std::filesystem::path path) : path_(std::move(path)), buffer_(kBufferBytes) {
  tmp_ = path_;
  tmp_ += ".tmp";
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot create " + tmp_.string() + ": " + errno_text());
}

BufferedFile::~BufferedFile() {
  if (committed_) return;
  if (file_) std::fclose(file_);
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
}

char* BufferedFile::reserve(std::size_t n) {
  if (used_ + n > buffer_.size()) {
    flush();
    if (n > buffer_.size()) buffer_.resize(n);
  }
  return buffer_.data() + used_;
}

void BufferedFile::flush() {
  if (used_ == 0) return;
  if (std::fwrite(buffer_.data(), 1, used_, file_) != used_) throw std::runtime_error("cannot write " + tmp_.string() + ": " + errno_text());
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
  advance(std::to_chars(p, p + 32, v).ptr);
}

void BufferedFile::put_general(double v, int significant) {
  char* p = reserve(40);
  advance(std::to_chars(p, p + 40, v, std::chars_format::general, significant).ptr);
}

void BufferedFile::commit() {
  flush();
  const bool failed = std::ferror(file_) != 0;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (failed || closed != 0) throw std::runtime_error("cannot write " + tmp_.string() + ": " + errno_text());
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw std::runtime_error("cannot rename " + tmp_.string() + " to " + path_.string() + ": " + ec.message());
  committed_ = true;
}

// [SECTION] spikes.csv: t_ms,population,neuron (every spike, in time order)

std::uint64_t write_spikes_csv(const std::filesystem::path& dir, const Network& net) {
  BufferedFile out(dir / "spikes.csv");
  out.put("t_ms,population,neuron\n");
  const TimeFormatter time(net.dt());
  std::vector<std::string> names;
  std::size_t longest = 0;
  for (int p = 0; p < net.population_count(); ++p) {
    names.push_back(net.population(p).name());
    longest = std::max(longest, names.back().size());
  }
  // A row is at most time + name + neuron + separators; the time text is made once per step.
  char time_text[32];
  std::size_t time_len = 0;
  std::int64_t time_step = -1;
  const std::size_t row_max = 32 + longest + 24;
  const auto& spikes = net.spikes().all();
  for (const SpikeEvent& e : spikes) {
    if (e.step != time_step) {
      time_step = e.step;
      time_len = static_cast<std::size_t>(time.write(time_text, e.step) - time_text);
    }
    char* p = out.reserve(row_max);
    std::memcpy(p, time_text, time_len);
    p += time_len;
    *p++ = ',';
    const std::string& name = names[static_cast<std::size_t>(e.population)];
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = ',';
    p = std::to_chars(p, p + 24, e.neuron).ptr;
    *p++ = '\n';
    out.advance(p);
  }
  out.commit();
  return spikes.size();
}

// [SECTION] metrics.csv: t_ms,<pop>_rate_hz,<pop>_spikes,... (one row per reporting window)

std::uint64_t write_metrics_csv(const std::filesystem::path& dir, const Network& net, const std::vector<MetricsWindow>& windows) {
  BufferedFile out(dir / "metrics.csv");
  out.put("t_ms");
  for (int p = 0; p < net.population_count(); ++p) {
    const std::string& name = net.population(p).name();
    out.put(',');
    out.put(name);
    out.put("_rate_hz,");
    out.put(name);
    out.put("_spikes");
  }
  out.put('\n');
  const TimeFormatter time(net.dt());
  for (const MetricsWindow& w : windows) {
    char* p = out.reserve(32);
    out.advance(time.write(p, w.end_step));
    const double seconds = static_cast<double>(w.steps) * net.dt() / 1000.0;
    for (int i = 0; i < net.population_count(); ++i) {
      const std::uint64_t n = w.spikes[static_cast<std::size_t>(i)];
      const double rate = seconds > 0 ? static_cast<double>(n) / net.population(i).size() / seconds : 0.0;
      out.put(',');
      out.put_general(rate, 6);
      out.put(',');
      out.put_int(static_cast<std::int64_t>(n));
    }
    out.put('\n');
  }
  out.commit();
  return windows.size();
}

// [SECTION] traces.csv: t_ms,population,neuron,<every state variable of the traced models>
// One row per sample, probe after probe. A variable the neuron's model lacks is left empty.

std::uint64_t write_traces_csv(const std::filesystem::path& dir, const Network& net) {
  const auto& probes = net.traces().probes();
  std::vector<std::string> columns;  // union of variable names, in order of first appearance
  for (const TraceProbe& probe : probes) {
    for (const StateVarDesc& d : net.population(probe.population).state_descs()) {
      if (std::find(columns.begin(), columns.end(), d.name) == columns.end()) columns.emplace_back(d.name);
    }
  }
  BufferedFile out(dir / "traces.csv");
  out.put("t_ms,population,neuron");
  for (const std::string& c : columns) {
    out.put(',');
    out.put(c);
  }
  out.put('\n');
  const TimeFormatter time(net.dt());
  std::uint64_t rows = 0;
  for (const TraceProbe& probe : probes) {
    const Population& pop = net.population(probe.population);
    const auto descs = pop.state_descs();
    std::vector<int> var_of_column(columns.size(), -1);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      for (std::size_t v = 0; v < descs.size() && static_cast<int>(v) < probe.variables; ++v) {
        if (descs[v].name == columns[c]) var_of_column[c] = static_cast<int>(v);
      }
    }
    const std::size_t n = StateRecorder::available(probe);
    for (std::size_t i = 0; i < n; ++i) {
      char* p = out.reserve(32);
      out.advance(time.write(p, StateRecorder::sample_step(probe, i)));
      out.put(',');
      out.put(pop.name());
      out.put(',');
      out.put_int(probe.neuron);
      for (const int v : var_of_column) {
        out.put(',');
        if (v >= 0) out.put_float(StateRecorder::sample(probe, i, v));
      }
      out.put('\n');
    }
    rows += n;
  }
  out.commit();
  return rows;
}

// [SECTION] experiment.json: the scenario as run, and what the run cost and produced

void write_experiment_json(const std::filesystem::path& dir, const Network& net, const RunSummary& summary) {
  using Json = nlohmann::ordered_json;
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
  j["scenario"] = Json::parse(io::scenario_to_json(spec));

  BufferedFile out(dir / "experiment.json");
  out.put(j.dump(2));
  out.put('\n');
  out.commit();
}

}  // namespace neurosim::cli
