// traces.csv: t_ms,population,neuron,<every state variable of the traced models>. One row per
// sample, probe after probe; a variable the neuron's model lacks is left empty. Written from
// the samples the network holds (write_traces_csv) or from a run's spill files
// (TraceStreamWriter, traces_writer.hpp).
#include "results/traces_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "results/float_text.hpp"
#include "results/results_writer.hpp"
#include "neurosim/network.hpp"

namespace neurosim::cli {
namespace {

// The header and, per probe, which state variable fills each column.
struct TraceLayout {
  std::vector<std::string> columns;              // union of variable names, in order of first appearance
  std::vector<std::vector<int>> var_of_column;   // per probe: variable index or -1

  explicit TraceLayout(const Network& net) {
    const auto& probes = net.traces().probes();
    for (const TraceProbe& probe : probes)
      for (const StateVarDesc& d : net.population(probe.population).state_descs())
        if (std::find(columns.begin(), columns.end(), d.name) == columns.end()) columns.emplace_back(d.name);
    for (const TraceProbe& probe : probes) {
      const auto descs = net.population(probe.population).state_descs();
      std::vector<int> v(columns.size(), -1);
      for (std::size_t c = 0; c < columns.size(); ++c)
        for (std::size_t k = 0; k < descs.size() && static_cast<int>(k) < probe.variables; ++k)
          if (descs[k].name == columns[c]) v[c] = static_cast<int>(k);
      var_of_column.push_back(std::move(v));
    }
  }

  void header(BufferedFile& out) const {
    out.put("t_ms,population,neuron");
    for (const std::string& c : columns) {
      out.put(',');
      out.put(c);
    }
    out.put('\n');
  }
};

// One row; `put_value(p, v)` writes variable v of the sample at p and returns the end. Room for
// the whole row is asked for once (time 32 bytes, name, neuron 24, per column a comma and 16
// bytes of float, the line end) and the row is written in place: a call per field was a tenth of
// the time spent on traces.csv.
template <class PutValue>
void put_row(BufferedFile& out, const TimeFormatter& time, std::int64_t step, const std::string& name, int neuron,
             const std::vector<int>& var_of_column, PutValue&& put_value, const char* time_text = nullptr, std::size_t time_len = 0) {
  char* p = out.reserve(32 + 1 + name.size() + 1 + 24 + var_of_column.size() * 17 + 1);
  if (time_text != nullptr) {
    std::memcpy(p, time_text, time_len);
    p += time_len;
  } else {
    p = time.write(p, step);
  }
  *p++ = ',';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = ',';
  p = std::to_chars(p, p + 24, neuron).ptr;
  for (const int v : var_of_column) {
    *p++ = ',';
    if (v >= 0) p = put_value(p, v);
  }
  *p++ = '\n';
  out.advance(p);
}

// The time texts of a run of consecutive steps, made once for every probe that was sampled at
// each of them (the probes of a run share their steps: four probes formatted each time four
// times).
class StepTimes {
 public:
  // Steps [first, first + count); nothing is kept for more than kMaxSteps.
  StepTimes(const TimeFormatter& time, std::int64_t first, std::uint64_t count) : first_(first) {
    if (count == 0 || count > kMaxSteps) return;
    offsets_.resize(static_cast<std::size_t>(count) + 1);
    text_.resize(static_cast<std::size_t>(count) * 8);
    std::size_t used = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
      if (text_.size() < used + 32) text_.resize(2 * text_.size() + 32);
      offsets_[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(used);
      used = static_cast<std::size_t>(time.write(text_.data() + used, first + static_cast<std::int64_t>(i)) - text_.data());
    }
    offsets_.back() = static_cast<std::uint32_t>(used);
  }
  // The text of `step`, or null when it is not kept.
  const char* text(std::int64_t step, std::size_t& len) const {
    const std::int64_t i = step - first_;
    if (i < 0 || static_cast<std::size_t>(i) + 1 >= offsets_.size()) return nullptr;
    const auto at = static_cast<std::size_t>(i);
    len = offsets_[at + 1] - offsets_[at];
    return text_.data() + offsets_[at];
  }

 private:
  static constexpr std::uint64_t kMaxSteps = std::uint64_t{1} << 22;  // texts of at most ~32 bytes: 128 MB at most
  std::int64_t first_;
  std::vector<std::uint32_t> offsets_;
  std::vector<char> text_;
};

// The texts of a block of samples' values, made eight at a time (write_shortest_texts), for the
// rows to copy: one at a time, the floats of `cuba`'s traces.csv took about 20 ns each.
class SampleTexts {
 public:
  void format(const float* values, std::size_t count) {
    texts_.resize(count * kFloatTextBytes);
    lengths_.resize(count);
    write_shortest_texts(values, count, texts_.data(), lengths_.data());
  }
  // Writes the text of value k at p (16 bytes: a slot) and returns its end.
  char* put(char* p, std::size_t k) const {
    std::memcpy(p, texts_.data() + k * kFloatTextBytes, kFloatTextBytes);
    return p + lengths_[k];
  }

 private:
  std::vector<char> texts_;
  std::vector<std::uint8_t> lengths_;
};

[[noreturn]] void io_failure(const std::string& what) { throw std::runtime_error("traces.csv: " + what + ": " + std::strerror(errno)); }

}  // namespace

std::uint64_t write_traces_csv(const std::filesystem::path& dir, const Network& net, io::Replace replace) {
  const auto& probes = net.traces().probes();
  const TraceLayout layout(net);
  BufferedFile out(dir / "traces.csv", replace);
  layout.header(out);
  const TimeFormatter time(net.dt());
  std::uint64_t rows = 0;
  for (std::size_t k = 0; k < probes.size(); ++k) {
    const TraceProbe& probe = probes[k];
    const std::string name = csv_field(net.population(probe.population).name());
    const std::size_t n = StateRecorder::available(probe);
    for (std::size_t i = 0; i < n; ++i)
      put_row(out, time, StateRecorder::sample_step(probe, i), name, probe.neuron, layout.var_of_column[k],
              [&](char* p, int v) { return write_shortest(p, StateRecorder::sample(probe, i, v)); });
    rows += n;
  }
  out.commit();
  return rows;
}

// [SECTION] Streamed

TraceStreamWriter::TraceStreamWriter(const std::filesystem::path& dir, const Network& net, io::Replace replace,
                                     std::size_t memory_bytes)
    : dir_(dir), replace_(replace), memory_budget_(memory_bytes) {
  for (std::size_t k = 0; k < net.traces().probes().size(); ++k) spill_of(net, k);
}

TraceStreamWriter::~TraceStreamWriter() {
  for (Spill& s : spills_)
    if (s.file != nullptr) std::fclose(s.file);
}

TraceStreamWriter::Spill& TraceStreamWriter::spill_of(const Network& net, std::size_t k) {
  const TraceProbe& probe = net.traces().probes()[k];
  for (Spill& s : spills_)
    if (s.probe == probe.id) {
      // A renaming shows in its rows (compared first: this runs for every probe at every step).
      const std::string& name = net.population(probe.population).name();
      if (s.population != name) s.population = name;
      return s;
    }
  Spill s;
  s.probe = probe.id;
  s.variables = probe.variables;
  s.neuron = probe.neuron;
  s.population = net.population(probe.population).name();
  const auto descs = net.population(probe.population).state_descs();
  for (std::size_t v = 0; v < descs.size() && static_cast<int>(v) < probe.variables; ++v) s.variable_names.emplace_back(descs[v].name);
  spills_.push_back(std::move(s));
  return spills_.back();
}

void TraceStreamWriter::expect(std::uint64_t samples) {
  for (Spill& s : spills_) {
    const std::uint64_t floats = samples * static_cast<std::uint64_t>(std::max(s.variables, 1));
    if (s.file != nullptr || floats > (memory_budget_ - memory_reserved_) / sizeof(float)) continue;
    s.held.reserve(static_cast<std::size_t>(floats));
    memory_reserved_ += static_cast<std::size_t>(floats) * sizeof(float);
  }
}

void TraceStreamWriter::open_file(Spill& s) {
  const std::size_t index = static_cast<std::size_t>(&s - spills_.data());
  const std::filesystem::path path = dir_ / ("traces.csv.spill" + std::to_string(index) + ".tmp");
  s.file = std::fopen(path.c_str(), "w+b");
  if (s.file == nullptr) io_failure("cannot create " + path.string());
  ::unlink(path.c_str());  // the open file lives on; nothing is left behind whatever happens
  // What was held goes first, and the memory is given back to the budget.
  if (!s.held.empty() && std::fwrite(s.held.data(), sizeof(float), s.held.size(), s.file) != s.held.size())
    io_failure("writing the samples to disk");
  memory_used_ -= s.held.size() * sizeof(float);
  std::vector<float>().swap(s.held);
}

void TraceStreamWriter::keep(Spill& s, const float* samples, std::size_t vars, std::size_t count) {
  const std::size_t floats = vars * count;
  if (s.file == nullptr && memory_used_ + floats * sizeof(float) <= memory_budget_) {
    s.held.insert(s.held.end(), samples, samples + floats);
    memory_used_ += floats * sizeof(float);
    return;
  }
  if (s.file == nullptr) open_file(s);
  if (std::fwrite(samples, sizeof(float) * vars, count, s.file) != count) io_failure("writing the samples to disk");
}

void TraceStreamWriter::drain(const Network& net, bool all) {
  const auto& probes = net.traces().probes();
  for (std::size_t k = 0; k < probes.size(); ++k) {
    const TraceProbe& probe = probes[k];
    const std::uint64_t half_ring = probe.capacity > 0 ? std::max<std::uint64_t>(probe.capacity / 2, 1) : kTraceRingSamples / 2;
    // Most steps move nothing: a probe still at its place among the spills is looked up (and its
    // population's name compared) only when it does.
    if (!all && k < spills_.size() && spills_[k].probe == probe.id && probe.written >= spills_[k].drained &&
        probe.written - spills_[k].drained < half_ring)
      continue;
    Spill& s = spill_of(net, k);
    if (probe.written < s.drained) throw std::runtime_error("traces.csv: the traces were cleared while the run wrote them");
    const std::uint64_t pending = probe.written - s.drained;
    if (pending == 0 || (!all && pending < half_ring)) continue;
    const std::size_t n = StateRecorder::available(probe);
    const std::uint64_t oldest = probe.written - n;
    if (s.drained < oldest)
      throw std::runtime_error("traces.csv: the trace ring overwrote " + std::to_string(oldest - s.drained) + " samples before they were written");
    if (s.drained == 0) s.first_step = probe.first_step;
    const auto vars = static_cast<std::size_t>(std::max(probe.variables, 1));
    if (probe.variables >= 1) {
      // The samples are stored as the spill holds them (sample j in slot j % capacity of a ring,
      // at j otherwise): at most two runs of whole samples, one write each.
      for (std::uint64_t j = s.drained; j < probe.written;) {
        const std::uint64_t slot = probe.capacity > 0 ? j % probe.capacity : j;
        const std::uint64_t end = probe.capacity > 0 ? probe.capacity : probe.written;
        const auto run = static_cast<std::size_t>(std::min<std::uint64_t>(probe.written - j, end - slot));
        keep(s, probe.samples.data() + slot * vars, vars, run);
        j += run;
      }
    } else {
      row_.assign(vars, 0.0f);  // a probe without variables keeps one empty column per sample
      for (std::uint64_t j = s.drained; j < probe.written; ++j) keep(s, row_.data(), vars, 1);
    }
    s.drained = probe.written;
  }
}

std::uint64_t TraceStreamWriter::commit(const Network& net) {
  drain(net, true);
  // The columns: every variable of the models traced during the run, in order of first
  // appearance (as TraceLayout orders those of the probes there are).
  std::vector<std::string> columns;
  for (const Spill& s : spills_)
    for (const std::string& name : s.variable_names)
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  BufferedFile out(dir_ / "traces.csv", replace_);
  out.put("t_ms,population,neuron");
  for (const std::string& c : columns) {
    out.put(',');
    out.put(c);
  }
  out.put('\n');
  const TimeFormatter time(net.dt());
  // The steps of the first probe held in memory; a probe sampled at other steps formats its own.
  std::int64_t first = 0;
  std::uint64_t longest = 0;
  int in_memory = 0;
  for (const Spill& s : spills_) {
    if (s.file != nullptr || s.drained == 0) continue;
    if (in_memory++ == 0) first = s.first_step;
    if (s.first_step == first) longest = std::max(longest, s.drained);
  }
  const StepTimes times(time, first, in_memory > 1 ? longest : 0);
  std::uint64_t rows = 0;
  std::vector<float> block;
  SampleTexts texts;
  constexpr std::size_t kBlockSamples = 8192;
  for (Spill& s : spills_) {
    std::vector<int> var_of_column(columns.size(), -1);
    for (std::size_t c = 0; c < columns.size(); ++c)
      for (std::size_t v = 0; v < s.variable_names.size(); ++v)
        if (s.variable_names[v] == columns[c]) var_of_column[c] = static_cast<int>(v);
    const std::string name = csv_field(s.population);
    const auto vars = static_cast<std::size_t>(std::max(s.variables, 1));
    if (s.file == nullptr) {  // every sample in memory
      for (std::uint64_t j = 0; j < s.drained; j += kBlockSamples) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSamples, s.drained - j));
        texts.format(s.held.data() + static_cast<std::size_t>(j) * vars, want * vars);
        for (std::size_t i = 0; i < want; ++i) {
          const std::int64_t step = s.first_step + static_cast<std::int64_t>(j + i);
          std::size_t len = 0;
          const char* text = times.text(step, len);
          put_row(out, time, step, name, s.neuron, var_of_column,
                  [&](char* p, int v) { return texts.put(p, i * vars + static_cast<std::size_t>(v)); }, text, len);
        }
      }
      rows += s.drained;
      continue;
    }
    if (std::fflush(s.file) != 0 || std::fseek(s.file, 0, SEEK_SET) != 0) io_failure("reading the samples back");
    block.resize(kBlockSamples * vars);
    std::uint64_t j = 0;
    while (j < s.drained) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSamples, s.drained - j));
      if (std::fread(block.data(), sizeof(float) * vars, want, s.file) != want) io_failure("reading the samples back");
      texts.format(block.data(), want * vars);
      for (std::size_t i = 0; i < want; ++i)
        put_row(out, time, s.first_step + static_cast<std::int64_t>(j + i), name, s.neuron, var_of_column,
                [&](char* p, int v) { return texts.put(p, i * vars + static_cast<std::size_t>(v)); });
      j += want;
    }
    rows += s.drained;
  }
  out.commit();
  return rows;
}

}  // namespace neurosim::cli
