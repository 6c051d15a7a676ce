// Time series from JSON text (format: input_files.hpp). nlohmann's SAX interface hands over
// one value at a time, and each goes straight into the series: no document tree is built, so
// a large file costs its values and nothing more.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <new>
#include <set>

#include <nlohmann/json.hpp>

#include "neurosim/io/mapped_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/params.hpp"

namespace neurosim::io {
namespace {

using Json = nlohmann::json;

class SeriesSax : public nlohmann::json_sax<Json> {
 public:
  SeriesSax(std::string_view text, const std::string& source, InputKind kind) : text_(text), source_(source), kind_(kind) {
    series_.source = source;
  }

  std::string error;
  TimeSeries series_;
  bool saw_data = false, saw_spikes = false;
  int neurons = -1;

  bool null() override { return wrong("null"); }
  bool boolean(bool) override { return wrong("a boolean"); }
  bool string(string_t&) override { return wrong("a string"); }
  bool binary(binary_t&) override { return wrong("binary data"); }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v), true); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v), true); }
  bool number_float(number_float_t v, const string_t&) override { return number(v, false); }

  bool start_object(std::size_t) override {
    if (stack_.empty()) {
      stack_.push_back(At::Root);
      return true;
    }
    if (stack_.back() == At::Spikes) {
      stack_.push_back(At::Spike);
      spike_keys_.clear();
      spike_ = {0.0, -1};
      return true;
    }
    return wrong("an object");
  }

  bool end_object() override {
    const At at = stack_.back();
    stack_.pop_back();
    if (at == At::Spike) {
      for (const char* k : {"t_ms", "neuron"})
        if (!spike_keys_.count(k)) return fail(spike_path() + "." + k + ": required but missing");
      series_.events.push_back(spike_);
      ++spike_index_;
    }
    return true;
  }

  bool start_array(std::size_t) override {
    if (stack_.empty()) return fail("the top level must be an object {\"data\": [[...]]} or {\"spikes\": [...]} (got an array)");
    const At at = stack_.back();
    if (at == At::Root && key_ == "data") {
      stack_.push_back(At::Data);
      saw_data = true;
      return true;
    }
    if (at == At::Root && key_ == "t_ms") {
      stack_.push_back(At::Times);
      return true;
    }
    if (at == At::Root && key_ == "spikes") {
      stack_.push_back(At::Spikes);
      saw_spikes = true;
      return true;
    }
    if (at == At::Data) {
      stack_.push_back(At::Row);
      column_ = 0;
      return true;
    }
    return wrong("an array");
  }

  bool end_array() override {
    const At at = stack_.back();
    stack_.pop_back();
    if (at == At::Row) {
      if (row_ == 0) {
        if (column_ == 0) return fail("data[0]: an empty row (expected one value per input neuron)");
        series_.columns = column_;
        // At most one value per comma (plus one): the vector is sized once and never grows by
        // copying.
        const auto commas = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), ','));
        series_.values.reserve(std::max(series_.values.size(), commas + 1));
      } else if (column_ != series_.columns) {
        return fail(row_path() + ": has " + std::to_string(column_) + " values, expected " + std::to_string(series_.columns) + " (as data[0])");
      }
      ++row_;
    }
    return true;
  }

  bool key(string_t& k) override {
    const At at = stack_.back();
    if (at == At::Root) {
      static const std::set<std::string, std::less<>> known{"dt_ms", "t_ms", "duration_ms", "data", "spikes", "neurons"};
      if (!known.count(k)) return fail(k + ": unknown key (expected data, spikes, dt_ms, t_ms, duration_ms, neurons)");
      if (!root_keys_.insert(k).second) return fail(k + ": duplicate key (given more than once)");
      key_ = k;
      return true;
    }
    if (at == At::Spike) {
      if (k != "t_ms" && k != "neuron") return fail(spike_path() + "." + k + ": unknown key (expected t_ms and neuron)");
      if (!spike_keys_.insert(k).second) return fail(spike_path() + "." + k + ": duplicate key");
      key_ = k;
      return true;
    }
    return fail("unexpected key \"" + k + "\"");
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    std::string reason = e.what();
    if (const auto col = reason.find("column "); col != std::string::npos)
      if (const auto colon = reason.find(": ", col); colon != std::string::npos) reason = reason.substr(colon + 2);
    const auto [line, column] = line_and_column(text_, position > 0 ? position - 1 : 0);
    error = source_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason;
    return false;
  }

  std::string kind_checks() const {
    if (saw_data && saw_spikes) return "give either \"data\" (rows) or \"spikes\" (events), not both";
    if (!saw_data && !saw_spikes) return "no input: expected \"data\": [[...], ...] or \"spikes\": [{\"t_ms\": ..., \"neuron\": ...}, ...]";
    if (saw_data && row_ == 0) return "data: no rows";
    if (saw_spikes && series_.events.empty()) return "spikes: no events";
    if (saw_spikes && kind_ != InputKind::Spikes)
      return "spikes: an event list can only be played as spikes (the input is used as " + std::string(input_kind_name(kind_)) + ")";
    if (!series_.t_ms.empty() && series_.t_ms.size() != static_cast<std::size_t>(row_))
      return "t_ms: " + std::to_string(series_.t_ms.size()) + " times for " + std::to_string(row_) + " rows of data";
    if (root_keys_.count("t_ms") && saw_spikes) return "t_ms: row times go with \"data\", not with \"spikes\"";
    if (root_keys_.count("t_ms") && root_keys_.count("dt_ms")) return "give either dt_ms or t_ms, not both";
    if (neurons >= 0 && saw_data) return "neurons: only for \"spikes\" (rows give their width)";
    return {};
  }

  int max_neuron() const { return max_neuron_; }

 private:
  enum class At { Root, Data, Row, Times, Spikes, Spike };

  bool fail(const std::string& message) {
    error = source_ + ": " + message;
    return false;
  }
  std::string row_path() const { return "data[" + std::to_string(row_) + "]"; }
  std::string spike_path() const { return "spikes[" + std::to_string(spike_index_) + "]"; }
  std::string here() const {
    if (stack_.empty()) return "the top level";
    switch (stack_.back()) {
      case At::Root: return key_;
      case At::Data: return row_path();
      case At::Row: return row_path() + "[" + std::to_string(column_) + "]";
      case At::Times: return "t_ms[" + std::to_string(series_.t_ms.size()) + "]";
      case At::Spikes: return spike_path();
      case At::Spike: return spike_path() + "." + key_;
    }
    return {};
  }

  bool too_late(double v) {
    return fail(here() + ": must be at most " + format_number(kMaxSeriesTimeMs) + " ms (got " + format_number(v) + ")");
  }

  bool wrong(const char* got) {
    if (stack_.empty()) return fail(std::string("the top level must be an object {\"data\": [[...]]} or {\"spikes\": [...]} (got ") + got + ")");
    const At at = stack_.back();
    const char* expected = at == At::Data ? "an array of numbers (one row)"
                         : at == At::Spikes ? "an object {\"t_ms\": ..., \"neuron\": ...}"
                         : at == At::Root && (key_ == "data" || key_ == "spikes" || key_ == "t_ms") ? "an array"
                         : at == At::Spike && key_ == "neuron" ? "an integer >= 0"
                                                               : "a number";
    return fail(here() + ": must be " + expected + " (got " + got + ")");
  }

  bool number(double v, bool integral) {
    if (stack_.empty()) return wrong("a number");
    const At at = stack_.back();
    if (!std::isfinite(v)) return fail(here() + ": must be a finite number");
    switch (at) {
      case At::Row: {
        if (row_ > 0 && column_ >= series_.columns)
          return fail(row_path() + ": has more than " + std::to_string(series_.columns) + " values (as data[0])");
        if (std::fabs(v) > static_cast<double>(FLT_MAX)) return fail(here() + ": out of range for 32-bit float");
        if (kind_ == InputKind::Spikes && (v < 0 || v != std::floor(v)))
          return fail(here() + ": a spike count must be a whole number >= 0 (got " + format_number(v) + ")");
        if (kind_ == InputKind::Spikes && v > kMaxSpikeCount)
          return fail(here() + ": a spike count must be at most " + format_number(kMaxSpikeCount) + " per row (got " + format_number(v) + ")");
        if (kind_ == InputKind::Rates && v < 0) return fail(here() + ": a rate must be >= 0 Hz (got " + format_number(v) + ")");
        series_.values.push_back(static_cast<float>(v));
        ++column_;
        return true;
      }
      case At::Times:
        if (v < 0) return fail(here() + ": must be >= 0 (got " + format_number(v) + ")");
        if (v > kMaxSeriesTimeMs) return too_late(v);
        if (!series_.t_ms.empty() && !(v > series_.t_ms.back()))
          return fail(here() + ": times must increase (" + format_number(v) + " after " + format_number(series_.t_ms.back()) + ")");
        series_.t_ms.push_back(v);
        return true;
      case At::Spike:
        if (key_ == "t_ms") {
          if (v < 0) return fail(here() + ": must be >= 0 (got " + format_number(v) + ")");
          if (v > kMaxSeriesTimeMs) return too_late(v);
          spike_.t_ms = v;
        } else {
          if (!integral || v < 0 || v > 16777215.0) return fail(here() + ": must be a neuron index from 0 to 16777215 (got " + format_number(v) + ")");
          spike_.neuron = static_cast<std::int32_t>(v);
          max_neuron_ = std::max(max_neuron_, spike_.neuron);
        }
        return true;
      case At::Root:
        if (key_ == "dt_ms" || key_ == "duration_ms") {
          if (v < 0) return fail(key_ + ": must be >= 0 (got " + format_number(v) + ")");
          if (v > kMaxSeriesTimeMs) return too_late(v);
          (key_ == "dt_ms" ? series_.dt_ms : series_.duration_ms) = v;
          return true;
        }
        if (key_ == "neurons") {
          if (!integral || v < 1 || v > 16777216.0) return fail("neurons: must be an integer from 1 to 16777216 (got " + format_number(v) + ")");
          neurons = static_cast<int>(v);
          return true;
        }
        return wrong("a number");
      default: return wrong("a number");
    }
  }

  std::string_view text_;
  const std::string& source_;
  InputKind kind_;
  std::vector<At> stack_;
  std::string key_;
  std::set<std::string, std::less<>> root_keys_, spike_keys_;
  int row_ = 0, column_ = 0, spike_index_ = 0, max_neuron_ = -1;
  TimedSpike spike_{0.0, -1};
};

}  // namespace

SeriesResult parse_time_series_json(std::string_view text, const std::string& source, InputKind kind) {
  SeriesResult result;
  try {
    const auto* u = reinterpret_cast<const unsigned char*>(text.data());
    if (text.size() >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
      result.error = source + ": UTF-16 text is not supported: save the file as UTF-8 JSON";
      return result;
    }
    if (text.size() >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) text.remove_prefix(3);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      result.error = source + ": empty file (expected {\"dt_ms\": 1, \"data\": [[...], ...]} or {\"spikes\": [...]})";
      return result;
    }
    SeriesSax sax(text, source, kind);
    const bool ok = Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true);
    if (!ok || !sax.error.empty()) {
      result.error = sax.error.empty() ? source + ": not valid JSON" : sax.error;
      return result;
    }
    if (const std::string e = sax.kind_checks(); !e.empty()) {
      result.error = source + ": " + e;
      return result;
    }
    TimeSeries s = std::move(sax.series_);
    if (!s.events.empty()) {
      const int width = sax.neurons > 0 ? sax.neurons : sax.max_neuron() + 1;
      if (sax.max_neuron() >= width) {
        result.error = source + ": neurons: " + std::to_string(width) + ", but a spike names neuron " + std::to_string(sax.max_neuron());
        return result;
      }
      s.columns = width;
      std::stable_sort(s.events.begin(), s.events.end(), [](const TimedSpike& a, const TimedSpike& b) {
        return a.t_ms != b.t_ms ? a.t_ms < b.t_ms : a.neuron < b.neuron;
      });
    }
    result.series = std::make_shared<const TimeSeries>(std::move(s));
  } catch (const std::bad_alloc&) {
    result.error = source + ": out of memory while reading";
  } catch (const std::exception& e) {
    result.error = source + ": " + e.what();
  }
  return result;
}

}  // namespace neurosim::io
