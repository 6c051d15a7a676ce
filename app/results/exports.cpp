// Exports shared by the headless run and the window (see exports.hpp).
#include "results/exports.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "neurosim/io/mapped_file.hpp"
#include "neurosim/io/npy.hpp"
#include "neurosim/network.hpp"
#include "results/float_text.hpp"
#include "results/results_writer.hpp"

namespace neurosim::cli {
namespace {

static_assert(std::endian::native == std::endian::little, "NPY records are written in the machine's byte order, declared '<'");

struct SpikeRecord {
  double t_ms;
  std::int32_t population;
  std::int32_t neuron;
};
static_assert(sizeof(SpikeRecord) == 16);
constexpr io::NpyField kSpikeFields[] = {{"t_ms", "<f8"}, {"population", "<i4"}, {"neuron", "<i4"}};

struct WeightRecord {
  std::int32_t projection;
  std::int32_t pre;
  std::int32_t post;
  float w;
};
static_assert(sizeof(WeightRecord) == 16);
constexpr io::NpyField kWeightFields[] = {{"projection", "<i4"}, {"pre", "<i4"}, {"post", "<i4"}, {"w", "<f4"}};

// The time of a step as spikes.csv prints it, and that text read back as a double, so that
// spikes.npy holds exactly the numbers a reader of spikes.csv gets.
class StepTimes {
 public:
  explicit StepTimes(double dt) : format_(dt) {}
  std::string_view text(std::int64_t step) {
    if (step != step_) {
      step_ = step;
      len_ = static_cast<std::size_t>(format_.write(buf_, step) - buf_);
      std::from_chars(buf_, buf_ + len_, value_);
    }
    return {buf_, len_};
  }
  double value(std::int64_t step) {
    text(step);
    return value_;
  }

 private:
  TimeFormatter format_;
  char buf_[32];
  std::size_t len_ = 0;
  std::int64_t step_ = -1;
  double value_ = 0.0;
};

}  // namespace

const std::vector<std::string>& result_file_names() {
  static const std::vector<std::string> names{"spikes.csv",  "spikes.npy",         "metrics.csv",       "traces.csv", "experiment.json",
                                              "weights.csv", "weights.npy",        "weights_final.csv", "stimulus_events.csv",
                                              "scenario.json", "test_predictions.csv", "spikes.h5", "timeline_events.csv"};
  return names;
}

// [SECTION] Spikes

std::uint64_t export_spikes_csv(const std::filesystem::path& file, std::span<const SpikeEvent> spikes, const Network& net, io::Replace replace) {
  io::AtomicFile out(file, replace);
  out.put("t_ms,population,neuron\n");
  std::vector<std::string> names;
  for (int p = 0; p < net.population_count(); ++p) names.push_back(csv_field(net.population(p).name()));
  StepTimes times(net.dt());
  char row[96];
  for (const SpikeEvent& e : spikes) {
    out.put(times.text(e.step));
    out.put(',');
    out.put(names[static_cast<std::size_t>(e.population)]);
    row[0] = ',';
    char* p = std::to_chars(row + 1, row + sizeof row, e.neuron).ptr;
    *p++ = '\n';
    out.write(row, static_cast<std::size_t>(p - row));
  }
  out.commit();
  return spikes.size();
}

std::uint64_t export_spikes_npy(const std::filesystem::path& file, std::span<const SpikeEvent> spikes, const Network& net, io::Replace replace) {
  io::AtomicFile out(file, replace);
  const std::uint64_t shape[] = {spikes.size()};
  out.put(io::npy_header(io::npy_descr(kSpikeFields), shape));
  StepTimes times(net.dt());
  for (const SpikeEvent& e : spikes) {
    const SpikeRecord r{times.value(e.step), e.population, e.neuron};
    out.write(&r, sizeof r);
  }
  out.commit();
  return spikes.size();
}

std::uint64_t spikes_csv_to_npy(const std::filesystem::path& csv, const std::filesystem::path& npy, const Network& net, io::Replace replace,
                                const std::vector<std::pair<std::string, std::uint64_t>>& names) {
  io::MappedFile in;
  std::string error;
  if (!in.open(csv, std::uint64_t{1} << 42, "spike files", error)) throw std::runtime_error(csv.string() + ": " + error);
  std::string_view text = in.text();
  const std::size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos || text.substr(0, header_end) != "t_ms,population,neuron")
    throw std::runtime_error(csv.string() + ": not a spikes.csv (expected the header t_ms,population,neuron)");
  text.remove_prefix(header_end + 1);
  std::unordered_map<std::string, std::int32_t> index;
  // Names as spikes.csv writes them (quoted when they need it).
  if (names.empty())
    for (int p = 0; p < net.population_count(); ++p) index.emplace(csv_field(net.population(p).name()), p);
  for (const auto& [name, id] : names) index[csv_field(name)] = static_cast<std::int32_t>(id);  // the latest of a name reused
  const auto rows = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  io::AtomicFile out(npy, replace);
  const std::uint64_t shape[] = {rows};
  out.put(io::npy_header(io::npy_descr(kSpikeFields), shape));
  std::uint64_t line = 1, written = 0;
  std::string name;
  while (!text.empty()) {
    ++line;
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) break;  // counted rows end with a newline
    const std::string_view row = text.substr(0, end);
    text.remove_prefix(end + 1);
    const std::size_t c1 = row.find(','), c2 = row.rfind(',');
    SpikeRecord r{};
    const auto t = std::from_chars(row.data(), row.data() + c1, r.t_ms);
    const auto n = std::from_chars(row.data() + c2 + 1, row.data() + row.size(), r.neuron);
    name.assign(row.substr(c1 + 1, c2 - c1 - 1));
    const auto it = index.find(name);
    if (c1 == std::string_view::npos || c1 == c2 || t.ec != std::errc() || n.ec != std::errc() || it == index.end())
      throw std::runtime_error(csv.string() + ":" + std::to_string(line) + ": not a spike row: " + std::string(row.substr(0, 80)));
    r.population = it->second;
    out.write(&r, sizeof r);
    ++written;
  }
  out.commit();
  return written;
}

// [SECTION] Weights

std::uint64_t export_weights_csv(const std::filesystem::path& file, const Network& net, io::Replace replace, WeightRows which) {
  // Rows are formatted in place in the writer's buffer: the text "projection,pre," once per
  // presynaptic neuron, then per synapse its target and weight. The weights' texts are made a
  // row's chunk at a time (write_shortest_texts, eight at once), or once for a chunk of equal
  // weights (a static projection's single value).
  BufferedFile out(file, replace);
  out.put("projection,pre,post,w\n");
  std::uint64_t rows = 0;
  std::string prefix;
  constexpr std::size_t kChunk = 1024;
  std::vector<char> texts(kChunk * kFloatTextBytes);
  std::vector<std::uint8_t> lengths(kChunk);
  // The prefix is copied as a whole block of a fixed size, a few vector moves (a copy of a length
  // known only at run time is a call).
  constexpr std::size_t kBlock = 32;
  char prefix_block[kBlock] = {};
  for (int j = 0; j < net.projection_count(); ++j) {
    if (which == WeightRows::Plastic && net.plasticity(j) == nullptr) continue;
    const Projection& proj = net.projection(j);
    const std::string name = csv_field(proj.name());
    const auto row_ptr = proj.row_ptr();
    const auto col = proj.col();
    const auto w = proj.weights();
    for (int pre = 0; pre + 1 < static_cast<int>(row_ptr.size()); ++pre) {
      const auto first = row_ptr[static_cast<std::size_t>(pre)], last = row_ptr[static_cast<std::size_t>(pre) + 1];
      if (first == last) continue;
      char pre_text[16];
      prefix = name;
      prefix += ',';
      prefix.append(pre_text, std::to_chars(pre_text, pre_text + sizeof pre_text, pre).ptr);
      prefix += ',';
      const bool short_prefix = prefix.size() <= kBlock;
      if (short_prefix) std::memcpy(prefix_block, prefix.data(), prefix.size());
      for (auto chunk = first; chunk < last; chunk += static_cast<std::int64_t>(kChunk)) {
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(kChunk), last - chunk));
        const float common = w.common();
        const float* values = w.each() != nullptr ? w.each() + chunk : &common;
        const auto first_bits = std::bit_cast<std::uint32_t>(values[0]);
        const bool equal = w.each() == nullptr ||
                           std::all_of(values, values + n, [&](float v) { return std::bit_cast<std::uint32_t>(v) == first_bits; });
        write_shortest_texts(values, equal ? 1 : n, texts.data(), lengths.data());
        const std::size_t step = equal ? 0 : 1;
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t at = i * step;
          // Room for the prefix (or its block), a target index (at most 11 characters), the
          // weight's text slot and separators.
          char* p = out.reserve(std::max(prefix.size(), kBlock) + 12 + kFloatTextBytes + 1);
          if (short_prefix) std::memcpy(p, prefix_block, kBlock);
          else std::memcpy(p, prefix.data(), prefix.size());
          p += prefix.size();
          p = std::to_chars(p, p + 12, col[static_cast<std::size_t>(chunk) + i]).ptr;
          *p++ = ',';
          std::memcpy(p, texts.data() + at * kFloatTextBytes, kFloatTextBytes);
          p += lengths[at];
          *p++ = '\n';
          out.advance(p);
        }
        rows += n;
      }
    }
  }
  out.commit();
  return rows;
}

std::uint64_t export_weights_npy(const std::filesystem::path& file, const Network& net, io::Replace replace) {
  std::uint64_t total = 0;
  for (int j = 0; j < net.projection_count(); ++j) total += net.projection(j).synapse_count();
  io::AtomicFile out(file, replace);
  const std::uint64_t shape[] = {total};
  out.put(io::npy_header(io::npy_descr(kWeightFields), shape));
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& proj = net.projection(j);
    const auto row_ptr = proj.row_ptr();
    const auto col = proj.col();
    const auto w = proj.weights();
    for (int pre = 0; pre + 1 < static_cast<int>(row_ptr.size()); ++pre) {
      for (auto s = row_ptr[static_cast<std::size_t>(pre)]; s < row_ptr[static_cast<std::size_t>(pre) + 1]; ++s) {
        const WeightRecord r{j, pre, col[static_cast<std::size_t>(s)], w[static_cast<std::size_t>(s)]};
        out.write(&r, sizeof r);
      }
    }
  }
  out.commit();
  return total;
}

// [SECTION] Summaries

nlohmann::ordered_json parameters_json(const Network& net) {
  using Json = nlohmann::ordered_json;
  const auto params_of = [](const Parameterised& p) {
    Json j = Json::object();
    const auto descs = p.param_descs();
    const auto values = p.param_values();
    for (std::size_t i = 0; i < descs.size() && i < values.size(); ++i) j[std::string(descs[i].name)] = values[i];
    return j;
  };
  Json pops = Json::array();
  for (int i = 0; i < net.population_count(); ++i) {
    const Population& p = net.population(i);
    pops.push_back({{"name", p.name()}, {"model", std::string(p.model())}, {"params", params_of(p)}});
  }
  Json projs = Json::array();
  for (int j = 0; j < net.projection_count(); ++j) {
    const Plasticity* rule = net.plasticity(j);
    if (rule == nullptr) continue;
    projs.push_back({{"name", net.projection(j).name()}, {"rule", std::string(rule->rule())}, {"params", params_of(*rule)}});
  }
  return Json{{"populations", std::move(pops)}, {"projections", std::move(projs)}};
}

nlohmann::ordered_json weight_summary_json(const Network& net) {
  using Json = nlohmann::ordered_json;
  Json out = Json::array();
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& p = net.projection(j);
    const auto w = p.weights();
    double sum = 0, sum2 = 0, lo = INFINITY, hi = -INFINITY;
    const double n = static_cast<double>(w.size());
    double mean = 0.0;
    if (p.common_weight() && !w.empty()) {
      // Every synapse weighs the same: its statistics are exact without a pass over millions of
      // copies (a sum of n copies divided by n can miss the weight in its last bits).
      mean = lo = hi = w[0];
    } else {
      for (const float x : w) {
        sum += x;
        sum2 += static_cast<double>(x) * x;
        lo = std::min(lo, static_cast<double>(x));
        hi = std::max(hi, static_cast<double>(x));
      }
      mean = n > 0 ? sum / n : 0.0;
    }
    Json e = {{"projection", p.name()},
              {"pre", net.population(p.pre()).name()},
              {"post", net.population(p.post()).name()},
              {"synapses", w.size()},
              {"plastic", net.plasticity(j) != nullptr}};
    e["w_mean"] = mean;
    e["w_sd"] = n > 0 && !p.common_weight() ? std::sqrt(std::max(0.0, sum2 / n - mean * mean)) : 0.0;
    e["w_min"] = n > 0 ? lo : 0.0;
    e["w_max"] = n > 0 ? hi : 0.0;
    out.push_back(std::move(e));
  }
  return out;
}

// [SECTION] The window's metrics

std::vector<MetricsWindow> metrics_from_rate_bins(const Network& net) {
  const RateMonitor& rates = net.rates();
  const std::size_t n = rates.bins_available();
  const std::uint64_t first = rates.bins_written() - n;
  const double bin_s = rates.bin_ms() / 1000.0;
  std::vector<MetricsWindow> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    MetricsWindow w{static_cast<std::int64_t>(first + i + 1) * rates.steps_per_bin(), rates.steps_per_bin(), {}};
    for (int p = 0; p < net.population_count(); ++p)  // counts back from the bin's rate (exact: counts are small integers)
      w.spikes.push_back(static_cast<std::uint64_t>(std::llround(static_cast<double>(rates.rate(p, i)) * net.population(p).size() * bin_s)));
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace neurosim::cli
