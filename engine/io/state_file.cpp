#include "neurosim/io/state_file.hpp"

#include <cstring>
#include <fstream>
#include <span>
#include <stdexcept>
#include <vector>

#include "neurosim/io/inflate.hpp"
#include "neurosim/io/scenario_json.hpp"

namespace neurosim::io {

namespace {

constexpr char kMagic[8] = {'N', 'S', 'I', 'M', 'S', 'T', 'A', 'T'};
constexpr std::size_t kFixed = 8 + 4 + 4;  // magic, format, header size
// Longest program version or scenario name read back: a damaged length stops here.
constexpr std::uint32_t kMaxText = 4096;

template <class T>
void append(std::vector<std::uint8_t>& out, T v) {
  const auto at = out.size();
  out.resize(at + sizeof v);
  std::memcpy(out.data() + at, &v, sizeof v);
}
void append_text(std::vector<std::uint8_t>& out, std::string_view s) {
  append(out, static_cast<std::uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

std::string hex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string scenario_label(const ScenarioSpec& spec) { return spec.name.empty() ? std::string("(unnamed)") : spec.name; }

// Reads fields in order from the file's bytes; `ok` turns false at the first that does not fit.
struct Cursor {
  std::span<const std::uint8_t> bytes;
  std::size_t pos = 0;
  bool ok = true;
  template <class T>
  T get() {
    T v{};
    if (!ok || bytes.size() - pos < sizeof v) {
      ok = false;
      return v;
    }
    std::memcpy(&v, bytes.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::string text() {
    const auto n = get<std::uint32_t>();
    if (!ok || n > kMaxText || bytes.size() - pos < n) {
      ok = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(bytes.data() + pos), n);
    pos += n;
    return s;
  }
};

}  // namespace

std::uint64_t scenario_hash(const ScenarioSpec& spec) {
  ScenarioSpec built = spec;
  built.duration_ms = 0.0;
  // What is written, not what runs: --record and traces may differ between the two parts.
  built.monitors = MonitorSpec{};
  built.monitors.rate_bin_ms = spec.monitors.rate_bin_ms;
  const std::string text = scenario_to_json(built);
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

void write_state_file(const std::filesystem::path& path, const Checkpoint& checkpoint, const ScenarioSpec& spec,
                      std::string_view program_version, Replace replace) {
  std::vector<std::uint8_t> header;
  append_text(header, program_version);
  append_text(header, spec.name);
  append(header, scenario_hash(spec));
  append(header, static_cast<std::int64_t>(checkpoint.step));
  append(header, static_cast<std::uint8_t>(checkpoint.has_experiment ? 1 : 0));

  std::vector<std::uint8_t> head(kMagic, kMagic + 8);
  append(head, kStateFormatVersion);
  append(head, static_cast<std::uint32_t>(header.size()));
  head.insert(head.end(), header.begin(), header.end());
  append(head, static_cast<std::uint64_t>(checkpoint.state.size()));

  const std::span<const std::uint8_t> state(reinterpret_cast<const std::uint8_t*>(checkpoint.state.data()), checkpoint.state.size());
  const std::uint32_t crc = crc32(state, crc32(head));
  AtomicFile file(path, replace);
  file.write(head.data(), head.size());
  file.write(state.data(), state.size());
  file.write(&crc, sizeof crc);
  file.commit();
}

StateFileRead read_state_file(const std::filesystem::path& path, const ScenarioSpec& spec, std::string_view program_version) {
  StateFileRead r;
  const std::string name = "state file " + path.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    r.error = name + ": " + (std::filesystem::exists(path) ? ec.message() : "no such file");
    return r;
  }
  std::vector<std::uint8_t> bytes;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      r.error = name + ": cannot be opened";
      return r;
    }
    bytes.resize(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (static_cast<std::uint64_t>(in.gcount()) != size) {
      r.error = name + ": cannot be read";
      return r;
    }
  }
  const std::string truncated = name + " is truncated at byte " + std::to_string(size);
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    r.error = bytes.size() < 8 && std::memcmp(bytes.data(), kMagic, bytes.size()) == 0 ? truncated : name + " is not a NeuroSim state file";
    return r;
  }
  Cursor c{bytes};
  c.pos = 8;
  const auto format = c.get<std::uint32_t>();
  const auto header_size = c.get<std::uint32_t>();
  if (!c.ok) {
    r.error = truncated;
    return r;
  }
  if (format != kStateFormatVersion) {
    r.error = name + " has state format version " + std::to_string(format) + "; this neurosim reads version " + std::to_string(kStateFormatVersion);
    return r;
  }
  // Sizes are checked against the file before anything is allocated for them.
  if (header_size > bytes.size() - kFixed) {
    r.error = truncated;
    return r;
  }
  const std::size_t state_at = kFixed + header_size + 8;
  Cursor h{std::span<const std::uint8_t>(bytes).subspan(kFixed, header_size)};
  const std::string version = h.text();
  const std::string scenario = h.text();
  const auto hash = h.get<std::uint64_t>();
  const auto step = h.get<std::int64_t>();
  const auto experiment = h.get<std::uint8_t>();
  c.pos = kFixed + header_size;
  const auto state_size = c.get<std::uint64_t>();
  if (!c.ok) {
    r.error = truncated;
    return r;
  }
  if (state_size > bytes.size() - state_at || bytes.size() - state_at - state_size < 4) {
    r.error = truncated + " (its header gives " + std::to_string(state_at + state_size + 4) + " bytes)";
    // A damaged size field looks the same as a cut file; the checksum cannot tell them apart.
    return r;
  }
  const std::size_t crc_at = state_at + static_cast<std::size_t>(state_size);
  if (bytes.size() != crc_at + 4) {
    r.error = name + " is damaged: " + std::to_string(bytes.size() - crc_at - 4) + " bytes follow its end";
    return r;
  }
  std::uint32_t stored_crc = 0;
  std::memcpy(&stored_crc, bytes.data() + crc_at, 4);
  if (crc32(std::span<const std::uint8_t>(bytes).first(crc_at)) != stored_crc) {
    r.error = name + " is damaged: checksum mismatch";
    return r;
  }
  if (!h.ok || h.pos != header_size) {
    r.error = name + " is damaged: its header does not parse";
    return r;
  }
  if (version != program_version) {
    r.error = name + " was written by neurosim " + version + "; this is neurosim " + std::string(program_version) +
              " (a state file is read by the version that wrote it)";
    return r;
  }
  const std::uint64_t expected = scenario_hash(spec);
  if (hash != expected) {
    if (scenario == spec.name)
      r.error = name + " was written for scenario '" + scenario + "' with other settings (hash " + hex(hash) + "), not this one (hash " +
                hex(expected) + "): the scenario file, the seed or a --set value differ";
    else
      r.error = name + " was written for scenario '" + scenario + "' (hash " + hex(hash) + "), not '" + scenario_label(spec) + "' (hash " +
                hex(expected) + ")";
    return r;
  }
  r.checkpoint.step = step;
  r.checkpoint.has_experiment = experiment != 0;
  r.checkpoint.state.resize(static_cast<std::size_t>(state_size));
  std::memcpy(r.checkpoint.state.data(), bytes.data() + state_at, static_cast<std::size_t>(state_size));
  return r;
}

}  // namespace neurosim::io
