// Recorded spikes back in (spike_files.hpp).
//
// [SECTION] Text helpers
// [SECTION] NeuroSim spikes.csv
// [SECTION] NEST ASCII (.dat, .gdf)
// [SECTION] NeuroSim spikes.npy
// [SECTION] SONATA
// [SECTION] By extension
#include "neurosim/io/spike_files.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <new>

#include "neurosim/io/hdf5.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/mapped_file.hpp"
#include "neurosim/params.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim::io {

std::int32_t SpikeRecording::population(const std::string& name, RecordedPopulation::Ids ids) {
  for (std::size_t i = 0; i < populations.size(); ++i)
    if (populations[i].name == name && populations[i].ids == ids) return static_cast<std::int32_t>(i);
  populations.push_back({name, ids});
  return static_cast<std::int32_t>(populations.size() - 1);
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Text helpers
// ---------------------------------------------------------------------------------------------

// Thrown inside this file only, with the whole message.
struct Bad {
  std::string message;
};

std::string shown(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 40)) out += (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) ? c : '?';
  if (s.size() > 40) out += "...";
  return out;
}

class Lines {
 public:
  Lines(std::string_view text, const std::string& source) : text_(text), source_(source) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t nl = text_.find('\n', pos_);
    const std::size_t end = nl == std::string_view::npos ? text_.size() : nl;
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  [[noreturn]] void fail(const std::string& message) const { throw Bad{source_ + ":" + std::to_string(number_) + ": " + message}; }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0, number_ = 0;
};

double time_value(std::string_view field, const Lines& lines) {
  double t = 0;
  const auto r = std::from_chars(field.data(), field.data() + field.size(), t);
  if (field.empty() || r.ec == std::errc::invalid_argument || r.ptr != field.data() + field.size())
    lines.fail("not a time in ms: \"" + shown(field) + "\"");
  if (r.ec == std::errc::result_out_of_range && std::fabs(std::strtod(std::string(field).c_str(), nullptr)) > 1.0)
    lines.fail("time out of range: " + shown(field));
  if (!std::isfinite(t) || t < 0) lines.fail("a spike time must be a finite number >= 0 (got " + shown(field) + ")");
  if (t > kMaxSeriesTimeMs) lines.fail("a spike time must be at most " + format_number(kMaxSeriesTimeMs) + " ms (got " + shown(field) + ")");
  return t;
}

std::int64_t id_value(std::string_view field, const Lines& lines, const char* what) {
  std::int64_t v = 0;
  const auto r = std::from_chars(field.data(), field.data() + field.size(), v);
  if (field.empty() || r.ec != std::errc() || r.ptr != field.data() + field.size() || v < 0)
    lines.fail(std::string("not ") + what + " (a whole number >= 0): \"" + shown(field) + "\"");
  return v;
}

bool blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Splits at blanks and tabs.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

void check_text(std::string_view text, const std::string& source) {
  if (text.find('\0') != std::string_view::npos) throw Bad{source + ": not a text file (NUL byte)"};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] NeuroSim spikes.csv: t_ms,population,neuron (names quoted as RFC 4180 when needed)
// ---------------------------------------------------------------------------------------------

void neurosim_csv(std::string_view text, const std::string& source, SpikeRecording& out) {
  check_text(text, source);
  Lines lines(text, source);
  std::string_view line;
  if (!lines.next(line)) throw Bad{source + ": empty file (expected the header t_ms,population,neuron)"};
  if (line != "t_ms,population,neuron") lines.fail("not a NeuroSim spikes.csv (expected the header t_ms,population,neuron, got \"" + shown(line) + "\")");
  std::string name;
  std::vector<RecordedSpike> spikes;
  while (lines.next(line)) {
    if (line.empty()) continue;
    const std::size_t c1 = line.find(',');
    const std::size_t c2 = line.rfind(',');
    if (c1 == std::string_view::npos || c1 == c2) lines.fail("expected t_ms,population,neuron (got \"" + shown(line) + "\")");
    const double t = time_value(line.substr(0, c1), lines);
    std::string_view pop = line.substr(c1 + 1, c2 - c1 - 1);
    if (pop.size() >= 2 && pop.front() == '"' && pop.back() == '"') {
      name.clear();
      for (std::size_t i = 1; i + 1 < pop.size(); ++i) {
        name += pop[i];
        if (pop[i] == '"' && i + 2 < pop.size() && pop[i + 1] == '"') ++i;
      }
    } else {
      name.assign(pop);
    }
    if (name.empty()) lines.fail("empty population name");
    const std::int64_t neuron = id_value(line.substr(c2 + 1), lines, "a neuron index");
    spikes.push_back({t, out.population(name, RecordedPopulation::Ids::Local), neuron});
  }
  out.spikes.insert(out.spikes.end(), spikes.begin(), spikes.end());
}

// ---------------------------------------------------------------------------------------------
// [SECTION] NEST ASCII. NEST 3 (nestkernel/recording_backend_ascii.cpp): "#" header lines, then
// the column names `sender time_ms` without "#", then one event per line in the order the
// virtual process wrote them. NEST 2's .gdf: `gid time` per line, no header.
// ---------------------------------------------------------------------------------------------

void nest_ascii(std::string_view text, const std::string& source, const std::string& population, SpikeRecording& out) {
  check_text(text, source);
  Lines lines(text, source);
  std::string_view line;
  std::vector<RecordedSpike> spikes;
  std::int32_t pop = -1;
  bool header_seen = false;
  while (lines.next(line)) {
    if (blank(line)) continue;
    std::string_view body = line;
    const bool comment = body.front() == '#';
    if (comment) body.remove_prefix(1);
    const auto w = words(body);
    if (!header_seen && spikes.empty() && !w.empty() && w[0] == "sender") {
      header_seen = true;
      if (w.size() >= 2 && w[1] == "time_step")
        lines.fail("times in steps (time_in_steps) are not supported: record with time_in_steps false (columns sender time_ms)");
      if (w.size() != 2 || w[1] != "time_ms") lines.fail("expected the columns sender time_ms (got \"" + shown(body) + "\")");
      continue;
    }
    if (comment) continue;  // NEST's version lines
    if (w.size() != 2) lines.fail("expected two values, sender and time_ms (got \"" + shown(line) + "\")");
    const std::int64_t sender = id_value(w[0], lines, "a sender id");
    const double t = time_value(w[1], lines);
    if (pop < 0) pop = out.population(population, RecordedPopulation::Ids::Nest);
    spikes.push_back({t, pop, sender});
  }
  if (pop < 0) out.population(population, RecordedPopulation::Ids::Nest);  // a silent recorder is a population too
  out.spikes.insert(out.spikes.end(), spikes.begin(), spikes.end());
}

// ---------------------------------------------------------------------------------------------
// [SECTION] NeuroSim spikes.npy: NPY 1.0, records (t_ms <f8, population <i4, neuron <i4)
// ---------------------------------------------------------------------------------------------

void neurosim_npy(std::span<const std::uint8_t> b, const std::string& source, SpikeRecording& out) {
  const auto fail = [&](const std::string& m) -> void { throw Bad{source + ": " + m}; };
  if (b.size() < 10 || std::memcmp(b.data(), "\x93NUMPY", 6) != 0) fail("not a NumPy .npy file (no \\x93NUMPY magic)");
  if (b[6] != 1) fail("NPY version " + std::to_string(b[6]) + " is not supported (NeuroSim writes 1.0)");
  const std::size_t hlen = b[8] | (b[9] << 8);
  if (b.size() < 10 + hlen) fail("truncated header");
  const std::string header(reinterpret_cast<const char*>(b.data() + 10), hlen);
  if (header.find("'descr': [('t_ms', '<f8'), ('population', '<i4'), ('neuron', '<i4')]") == std::string::npos)
    fail("not a NeuroSim spikes.npy (expected the fields t_ms <f8, population <i4, neuron <i4)");
  if (header.find("'fortran_order': False") == std::string::npos) fail("Fortran order is not supported");
  const std::size_t s = header.find("'shape': (");
  if (s == std::string::npos) fail("no shape in the header");
  std::uint64_t rows = 0;
  const char* p = header.data() + s + 10;
  const auto r = std::from_chars(p, header.data() + header.size(), rows);
  if (r.ec != std::errc() || *r.ptr != ',') fail("not a one-dimensional array");
  const std::size_t data = 10 + hlen;
  if ((b.size() - data) / 16 != rows || (b.size() - data) % 16 != 0)
    fail("the header promises " + std::to_string(rows) + " spikes, the file has " + std::to_string(b.size() - data) + " bytes of data");
  std::vector<RecordedSpike> spikes;
  spikes.reserve(rows);
  for (std::uint64_t i = 0; i < rows; ++i) {
    double t = 0;
    std::int32_t pop = 0, neuron = 0;
    std::memcpy(&t, b.data() + data + 16 * i, 8);
    std::memcpy(&pop, b.data() + data + 16 * i + 8, 4);
    std::memcpy(&neuron, b.data() + data + 16 * i + 12, 4);
    const std::string where = source + ": spike " + std::to_string(i) + ": ";
    if (!std::isfinite(t) || t < 0 || t > kMaxSeriesTimeMs) throw Bad{where + "t_ms must be a finite time from 0 to 1e+10 ms (got " + format_number(t) + ")"};
    if (pop < 0 || neuron < 0) throw Bad{where + "population and neuron must be >= 0"};
    spikes.push_back({t, out.population(std::to_string(pop), RecordedPopulation::Ids::Index), neuron});
  }
  out.spikes.insert(out.spikes.end(), spikes.begin(), spikes.end());
}

// ---------------------------------------------------------------------------------------------
// [SECTION] SONATA: every group under /spikes is a population with 1-D datasets timestamps
// (ms) and node_ids of equal length.
// ---------------------------------------------------------------------------------------------

class H5 {
 public:
  explicit H5(hid_t id = -1) : id_(id) {}
  ~H5() { close(); }
  H5(const H5&) = delete;
  H5& operator=(const H5&) = delete;
  void reset(hid_t id) {
    close();
    id_ = id;
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  void close() {
    if (id_ < 0) return;
    switch (H5Iget_type(id_)) {
      case H5I_FILE: H5Fclose(id_); break;
      case H5I_GROUP: H5Gclose(id_); break;
      case H5I_DATASET: H5Dclose(id_); break;
      case H5I_DATASPACE: H5Sclose(id_); break;
      case H5I_ATTR: H5Aclose(id_); break;
      case H5I_DATATYPE: H5Tclose(id_); break;
      default: break;
    }
    id_ = -1;
  }
  hid_t id_;
};

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->emplace_back(name);
  return 0;
}

template <class T>
std::vector<T> read_1d(hid_t group, const std::string& dataset, hid_t memory_type, const std::string& where) {
  H5 d(H5Dopen2(group, dataset.c_str(), H5P_DEFAULT));
  if (!d.ok()) throw Bad{where + ": missing (a SONATA population needs timestamps and node_ids)"};
  H5 space(H5Dget_space(d.get()));
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw Bad{where + ": must be one-dimensional"};
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  H5 type(H5Dget_type(d.get()));
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) throw Bad{where + ": must hold numbers"};
  if (n > (std::uint64_t{1} << 32)) throw Bad{where + ": " + std::to_string(n) + " values is more than the limit of 2^32"};
  std::vector<T> out(static_cast<std::size_t>(n));
  if (n > 0 && H5Dread(d.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw Bad{where + ": cannot be read as " + (std::is_floating_point_v<T> ? "numbers" : "whole numbers >= 0")};
  return out;
}

// Reads the spike file that `open` opens; `source` names it in messages.
void sonata(const std::function<h5::Handle()>& open, const std::string& source, std::uintmax_t bytes, SpikeRecording& out) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // problems become messages, not HDF5's stack dumps
  // libhdf5 can crash on a damaged file (hdf5.hpp, probe_in_child): a child reads it first.
  const std::string damaged = h5::probe_in_child(open, source, bytes);
  if (!damaged.empty()) throw Bad{damaged};
  h5::Handle file = open();
  if (!file.valid()) throw Bad{source + ": cannot be opened as HDF5"};
  H5 spikes(H5Gopen2(file.get(), "/spikes", H5P_DEFAULT));
  if (!spikes.ok()) throw Bad{source + ": /spikes: missing (not a SONATA spike file)"};
  std::vector<std::string> names;
  if (H5Literate(spikes.get(), H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, collect_name, &names) < 0) throw Bad{source + ": /spikes: cannot be listed"};
  if (names.empty()) throw Bad{source + ": /spikes: no populations"};
  std::vector<RecordedSpike> all;
  for (const std::string& name : names) {
    const std::string where = source + ": /spikes/" + name;
    H5O_info_t info{};
    if (H5Oget_info_by_name2(spikes.get(), name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP)
      throw Bad{where + ": not a group (SONATA 0.1 files with /spikes/timestamps and gids are not supported)"};
    H5 group(H5Gopen2(spikes.get(), name.c_str(), H5P_DEFAULT));
    const auto t = read_1d<double>(group.get(), "timestamps", H5T_NATIVE_DOUBLE, where + "/timestamps");
    const auto ids = read_1d<std::int64_t>(group.get(), "node_ids", H5T_NATIVE_INT64, where + "/node_ids");
    if (t.size() != ids.size())
      throw Bad{where + ": timestamps has " + std::to_string(t.size()) + " values, node_ids " + std::to_string(ids.size())};
    const std::int32_t pop = out.population(name, RecordedPopulation::Ids::Local);
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!std::isfinite(t[i]) || t[i] < 0 || t[i] > kMaxSeriesTimeMs)
        throw Bad{where + "/timestamps[" + std::to_string(i) + "]: must be a finite time from 0 to 1e+10 ms (got " + format_number(t[i]) + ")"};
      if (ids[i] < 0) throw Bad{where + "/node_ids[" + std::to_string(i) + "]: must be >= 0 (got " + std::to_string(ids[i]) + ")"};
      all.push_back({t[i], pop, ids[i]});
    }
  }
  out.spikes.insert(out.spikes.end(), all.begin(), all.end());
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

template <class Fn>
std::string guarded(const std::string& source, SpikeRecording& out, Fn&& fn) {
  const std::size_t pops = out.populations.size();
  try {
    fn();
    return {};
  } catch (const Bad& b) {
    out.populations.resize(pops);  // a failed file adds nothing
    return b.message;
  } catch (const std::bad_alloc&) {
    out.populations.resize(pops);
    return source + ": out of memory while reading";
  }
}

}  // namespace

std::string parse_neurosim_spikes_csv(std::string_view text, const std::string& source, SpikeRecording& out) {
  return guarded(source, out, [&] { neurosim_csv(text, source, out); });
}

std::string parse_nest_spikes(std::string_view text, const std::string& source, const std::string& population, SpikeRecording& out) {
  return guarded(source, out, [&] { nest_ascii(text, source, population, out); });
}

std::string read_sonata_spikes_image(const void* data, std::size_t size, const std::string& source, SpikeRecording& out) {
  return guarded(source, out, [&] {
    // An in-memory file (the core driver, no backing store) holding a copy of the bytes.
    const auto open = [&] {
      h5::Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
      if (fapl.valid() && H5Pset_fapl_core(fapl, 1 << 16, 0) >= 0 && size > 0 && H5Pset_file_image(fapl, const_cast<void*>(data), size) >= 0)
        return h5::Handle(H5Fopen(source.c_str(), H5F_ACC_RDONLY, fapl));
      return h5::Handle();
    };
    sonata(open, source, size, out);
  });
}

std::string nest_recorder_name(const std::filesystem::path& path) {
  std::string stem = path.stem().string();
  const std::size_t dash = stem.rfind('-');
  if (dash != std::string::npos && dash + 1 < stem.size() &&
      std::all_of(stem.begin() + static_cast<std::ptrdiff_t>(dash) + 1, stem.end(), [](unsigned char c) { return std::isdigit(c); }))
    stem.resize(dash);
  return stem;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] By extension
// ---------------------------------------------------------------------------------------------

std::string read_spike_file(const std::filesystem::path& path, SpikeRecording& out) {
  const std::string source = path.string();
  const std::string ext = lower_extension(path);
  const bool hdf5 = ext == ".h5" || ext == ".hdf5" || ext == ".sonata";
  if (ext != ".csv" && ext != ".npy" && ext != ".dat" && ext != ".gdf" && !hdf5)
    return source + ": unknown spike file type \"" + ext + "\" (expected .csv or .npy from NeuroSim, .h5 SONATA, .dat NEST 3, .gdf NEST 2)";
  MappedFile file;
  std::string error;
  if (!file.open(path, std::uint64_t{16} << 30, "spike files", error)) return source + ": " + error;
  if (hdf5)
    return guarded(source, out, [&] {
      H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
      if (H5Fis_hdf5(path.c_str()) <= 0) throw Bad{source + ": not an HDF5 file"};
      sonata([&] { return h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)); }, source, file.bytes().size(), out);
    });
  if (ext == ".npy") return guarded(source, out, [&] { neurosim_npy(file.bytes(), source, out); });
  if (ext == ".csv") return parse_neurosim_spikes_csv(file.text(), source, out);
  return parse_nest_spikes(file.text(), source, nest_recorder_name(path), out);
}

}  // namespace neurosim::io
