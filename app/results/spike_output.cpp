// Spike outputs of a run (spike_output.hpp): CSV, NPY and SONATA, each streamed.
//
// [SECTION] Choices
// [SECTION] CSV
// [SECTION] NPY
// [SECTION] SONATA
#include "results/spike_output.hpp"
#include "results/spike_csv_parts.hpp"

#include <hdf5.h>

#include <algorithm>
#include <deque>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <unistd.h>

#include "results/results_writer.hpp"
#include "neurosim/io/npy.hpp"
#include "neurosim/network.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::cli {

// ---------------------------------------------------------------------------------------------
// [SECTION] Choices
// ---------------------------------------------------------------------------------------------

std::optional<SpikeFormat> parse_spike_format(std::string_view name) {
  if (name == "csv") return SpikeFormat::Csv;
  if (name == "npy") return SpikeFormat::Npy;
  if (name == "sonata") return SpikeFormat::Sonata;
  return std::nullopt;
}

std::string_view spike_file_name(SpikeFormat format) {
  switch (format) {
    case SpikeFormat::Csv: return "spikes.csv";
    case SpikeFormat::Npy: return "spikes.npy";
    case SpikeFormat::Sonata: return "spikes.h5";
  }
  return "spikes.csv";
}

std::string set_recorded_populations(ScenarioSpec& spec, std::string_view list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name(list.substr(start, comma - start));
    if (name.empty()) return "--record: an empty population name in \"" + std::string(list) + "\" (expected POP[,POP...])";
    if (spec.population_index(name) < 0) {
      std::string known;
      for (const PopulationSpec& p : spec.populations) known += (known.empty() ? "" : ", ") + p.name;
      return "--record: no population named \"" + name + "\" (populations: " + known + ")";
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    start = comma + 1;
  }
  spec.monitors.spikes = std::move(names);
  return {};
}

namespace {

// Which of the network's populations are written, by name: the scenario's monitors.spikes (or
// --record) as the network's scenario now has it (a renaming follows there, a removed population
// leaves it), every population when it names none (those added while the run goes on too).
// Made again whenever the structure changes.
class RecordedMask {
 public:
  bool operator()(const Network& net, int population) {
    if (version_ != net.structure_version() || mask_.size() != static_cast<std::size_t>(net.population_count())) {
      version_ = net.structure_version();
      const auto& recorded = net.spec().monitors.spikes;
      mask_.assign(static_cast<std::size_t>(net.population_count()), recorded ? 0 : 1);
      if (recorded)
        for (int p = 0; p < net.population_count(); ++p)
          if (std::find(recorded->begin(), recorded->end(), net.population(p).name()) != recorded->end()) mask_[static_cast<std::size_t>(p)] = 1;
    }
    return population >= 0 && static_cast<std::size_t>(population) < mask_.size() && mask_[static_cast<std::size_t>(population)] != 0;
  }

 private:
  std::uint64_t version_ = ~std::uint64_t{0};
  std::vector<char> mask_;
};

// A step's time as results print it (0.3, not 0.30000000000000004), as a number.
class StepTime {
 public:
  explicit StepTime(double dt) : format_(dt) {}
  double operator()(std::int64_t step) {
    if (step != step_) {
      step_ = step;
      char buf[40];
      std::from_chars(buf, format_.write(buf, step), value_);
    }
    return value_;
  }

 private:
  TimeFormatter format_;
  std::int64_t step_ = -1;
  double value_ = 0.0;
};

// Calls fn for every recorded spike the ring holds since `next`, then moves `next` on. The ring
// holds the spikes of the last step only (drain() after every step): their population indices
// are those of the present structure.
template <class Fn>
void for_each_new(const Network& net, std::uint64_t& next, RecordedMask& recorded, Fn&& fn) {
  const std::uint64_t lost = net.spikes().for_each_since(next, [&](const SpikeEvent& e) {
    if (recorded(net, e.population)) fn(e);
  });
  if (lost > 0) throw std::runtime_error("the spike ring overwrote " + std::to_string(lost) + " spikes before they were written");
  next = net.spikes().next_sequence();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] CSV
// ---------------------------------------------------------------------------------------------

class CsvOutput final : public SpikeOutput {
 public:
  CsvOutput(const std::filesystem::path& dir, const Network& net, io::Replace replace)
      : csv_(dir, net, replace), next_(net.spikes().next_sequence()) {}
  void drain(const Network& net) override {
    csv_.follow(net);
    if (parts_) parts_->move_to(csv_);
    else for_each_new(net, next_, mask_, [this](const SpikeEvent& e) { csv_.add(e); });
    rows_ = csv_.rows();
  }
  SpikeListener* listener(const Network& net) override {
    csv_.follow(net);
    std::vector<char> recorded(static_cast<std::size_t>(net.population_count()));
    for (int p = 0; p < net.population_count(); ++p) recorded[static_cast<std::size_t>(p)] = mask_(net, p) ? 1 : 0;
    parts_ = std::make_unique<SpikeCsvParts>(csv_, std::move(recorded));
    return parts_.get();
  }
  void commit() override { csv_.commit(); }
  std::vector<std::pair<std::string, std::uint64_t>> names_written() const override { return csv_.names_written(); }

 private:
  SpikeCsvWriter csv_;
  RecordedMask mask_;
  std::uint64_t next_;
  std::unique_ptr<SpikeCsvParts> parts_;  // the rows made by the stepping threads (listener())
};

// ---------------------------------------------------------------------------------------------
// [SECTION] NPY: the header states the row count, known only at the end, so rows go to an
// unlinked spill file first and are copied behind the header on commit.
// ---------------------------------------------------------------------------------------------

struct SpikeRecord {
  double t_ms;
  std::int32_t population;
  std::int32_t neuron;
};
static_assert(sizeof(SpikeRecord) == 16);
constexpr io::NpyField kSpikeFields[] = {{"t_ms", "<f8"}, {"population", "<i4"}, {"neuron", "<i4"}};

[[noreturn]] void spill_failure(const std::filesystem::path& file, const char* what) {
  throw std::runtime_error(file.string() + ": " + what + ": " + std::strerror(errno));
}

class NpyOutput final : public SpikeOutput {
 public:
  NpyOutput(const std::filesystem::path& dir, const Network& net, io::Replace replace)
      : file_(dir / "spikes.npy"), replace_(replace), next_(net.spikes().next_sequence()), time_(net.dt()) {
    const std::filesystem::path spill = dir / "spikes.npy.spill.tmp";
    spill_ = std::fopen(spill.c_str(), "w+b");
    if (spill_ == nullptr) spill_failure(spill, "cannot create");
    ::unlink(spill.c_str());
    pending_.reserve(kPendingRecords);
  }
  ~NpyOutput() override {
    if (spill_ != nullptr) std::fclose(spill_);
  }
  void drain(const Network& net) override {
    for_each_new(net, next_, mask_, [&](const SpikeEvent& e) {
      // The population's number in the run (Network::population_id): its index in the scenario
      // while the structure is that of the start.
      pending_.push_back(SpikeRecord{time_(e.step), static_cast<std::int32_t>(net.population_id(e.population)), e.neuron});
      if (pending_.size() == kPendingRecords) spill_pending();
      ++rows_;
    });
  }
  void commit() override {
    spill_pending();
    if (std::fflush(spill_) != 0 || std::fseek(spill_, 0, SEEK_SET) != 0) spill_failure(file_, "reading the spikes back");
    io::AtomicFile out(file_, replace_);
    const std::uint64_t shape[] = {rows_};
    out.put(io::npy_header(io::npy_descr(kSpikeFields), shape));
    std::vector<char> block(std::size_t{1} << 20);
    std::uint64_t left = rows_ * sizeof(SpikeRecord);
    while (left > 0) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
      if (std::fread(block.data(), 1, want, spill_) != want) spill_failure(file_, "reading the spikes back");
      out.write(block.data(), want);
      left -= want;
    }
    out.commit();
  }

 private:
  std::filesystem::path file_;
  io::Replace replace_;
  RecordedMask mask_;
  std::uint64_t next_;
  StepTime time_;
  std::FILE* spill_ = nullptr;
  // Records gathered before they go to the spill file a block at a time: one fwrite per record
  // (its lock and checks) cost more than formatting the same spike as CSV text.
  static constexpr std::size_t kPendingRecords = 4096;
  std::vector<SpikeRecord> pending_;

  void spill_pending() {
    if (pending_.empty()) return;
    if (std::fwrite(pending_.data(), sizeof(SpikeRecord), pending_.size(), spill_) != pending_.size())
      spill_failure(file_, "writing the spikes to disk");
    pending_.clear();
  }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] SONATA: one group per recorded population with two 1-D datasets, extendible and
// chunked, appended a block at a time. The file is written as spikes.h5.tmp and published
// (io::publish) once closed, like every other result file.
// ---------------------------------------------------------------------------------------------

class Hdf5Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void h5_check(herr_t status, const std::filesystem::path& file, const char* what) {
  if (status < 0) throw Hdf5Error(file.string() + ": HDF5 could not " + what);
}
hid_t h5_id(hid_t id, const std::filesystem::path& file, const char* what) {
  if (id < 0) throw Hdf5Error(file.string() + ": HDF5 could not " + what);
  return id;
}

void write_string_attribute(hid_t object, const char* name, const std::string& value, const std::filesystem::path& file) {
  const hid_t type = h5_id(H5Tcopy(H5T_C_S1), file, "make a string type");
  H5Tset_size(type, value.size());
  H5Tset_strpad(type, H5T_STR_NULLTERM);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = h5_id(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), file, "write an attribute");
  h5_check(H5Awrite(attr, type, value.data()), file, "write an attribute");
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
}

class SonataOutput final : public SpikeOutput {
 public:
  SonataOutput(const std::filesystem::path& dir, const Network& net, io::Replace replace)
      : file_(dir / "spikes.h5"), tmp_(dir / "spikes.h5.tmp"), replace_(replace), next_(net.spikes().next_sequence()), time_(net.dt()) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions with the file's name, not stack dumps
    h5_ = h5_id(H5Fcreate(tmp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), tmp_, "create the file");
    root_ = h5_id(H5Gcreate2(h5_, "/spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), tmp_, "create /spikes");
    // The recorded populations of the start have their groups from the beginning, even those
    // that never fire.
    for (int p = 0; p < net.population_count(); ++p)
      if (mask_(net, p)) group_of(net, p);
  }
  ~SonataOutput() override {
    close();
    if (!committed_) std::filesystem::remove(tmp_);
  }
  void drain(const Network& net) override {
    for_each_new(net, next_, mask_, [&](const SpikeEvent& e) {
      Pop& pop = group_of(net, e.population);
      pop.t.push_back(time_(e.step));
      pop.id.push_back(static_cast<std::uint64_t>(e.neuron));
      if (pop.t.size() >= kBlock) append(pop);
      ++rows_;
    });
  }
  void commit() override {
    for (Pop& pop : pops_)
      if (pop.group >= 0) append(pop);
    if (root_ >= 0) H5Gclose(root_);
    root_ = -1;
    close();
    io::publish(tmp_, file_, replace_);
    committed_ = true;
  }

 private:
  static constexpr std::size_t kBlock = 1u << 16;
  struct Pop {
    std::uint64_t population = 0;  // Network::population_id
    hid_t group = -1, timestamps = -1, node_ids = -1;
    std::uint64_t written = 0;
    std::vector<double> t;
    std::vector<std::uint64_t> id;
  };

  // The group of a population: made when it is first needed, named as the population is then
  // called. A population keeps its group when renamed or changed; one added under the name of
  // a removed one gets "NAME.ID" (its population_id), so that no group holds two populations.
  Pop& group_of(const Network& net, int population) {
    const std::uint64_t id = net.population_id(population);
    for (Pop& pop : pops_)
      if (pop.population == id) return pop;
    std::string name = net.population(population).name();
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
      name += '.';
      name += std::to_string(id);
    }
    names_.push_back(name);
    Pop& pop = pops_.emplace_back();
    pop.population = id;
    pop.group = h5_id(H5Gcreate2(root_, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), tmp_, "create a population group");
    write_string_attribute(pop.group, "sorting", "by_time", tmp_);
    pop.timestamps = make_dataset(pop.group, "timestamps", H5T_IEEE_F64LE);
    write_string_attribute(pop.timestamps, "units", "ms", tmp_);
    pop.node_ids = make_dataset(pop.group, "node_ids", H5T_STD_U64LE);
    return pop;
  }

  hid_t make_dataset(hid_t group, const char* name, hid_t type) {
    const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = kBlock;
    const hid_t space = H5Screate_simple(1, &zero, &unlimited);
    const hid_t props = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(props, 1, &chunk);
    const hid_t d = h5_id(H5Dcreate2(group, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT), tmp_, "create a dataset");
    H5Pclose(props);
    H5Sclose(space);
    return d;
  }

  void append(Pop& pop) {
    if (pop.t.empty()) return;
    const hsize_t n = pop.t.size(), start = pop.written, total = pop.written + n;
    for (const auto& [dataset, type, data] : {std::tuple{pop.timestamps, H5T_NATIVE_DOUBLE, static_cast<const void*>(pop.t.data())},
                                              std::tuple{pop.node_ids, H5T_NATIVE_UINT64, static_cast<const void*>(pop.id.data())}}) {
      h5_check(H5Dset_extent(dataset, &total), tmp_, "extend a dataset");
      const hid_t file_space = H5Dget_space(dataset);
      h5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &n, nullptr), tmp_, "select where to append");
      const hid_t memory = H5Screate_simple(1, &n, nullptr);
      h5_check(H5Dwrite(dataset, type, memory, file_space, H5P_DEFAULT, data), tmp_, "append spikes (is the disk full?)");
      H5Sclose(memory);
      H5Sclose(file_space);
    }
    pop.written = total;
    pop.t.clear();
    pop.id.clear();
  }

  void close() {
    if (root_ >= 0) H5Gclose(root_);
    root_ = -1;
    for (Pop& pop : pops_) {
      for (hid_t* id : {&pop.timestamps, &pop.node_ids}) {
        if (*id >= 0) H5Dclose(*id);
        *id = -1;
      }
      if (pop.group >= 0) H5Gclose(pop.group);
      pop.group = -1;
    }
    if (h5_ >= 0 && H5Fclose(h5_) < 0 && !committed_) {
      h5_ = -1;
      throw Hdf5Error(tmp_.string() + ": HDF5 could not close the file (is the disk full?)");
    }
    h5_ = -1;
  }

  std::filesystem::path file_, tmp_;
  io::Replace replace_;
  RecordedMask mask_;
  std::uint64_t next_;
  StepTime time_;
  hid_t h5_ = -1, root_ = -1;
  std::deque<Pop> pops_;  // a deque: group_of() hands out references that must stay valid
  std::vector<std::string> names_;
  bool committed_ = false;
};

}  // namespace

std::unique_ptr<SpikeOutput> SpikeOutput::open(SpikeFormat format, const std::filesystem::path& dir, const Network& net,
                                               const std::optional<std::vector<std::string>>& recorded, io::Replace replace) {
  // The network's scenario holds the list (set_recorded_populations before the build) and keeps
  // it up to date with renamings and removals; `recorded` is what it was at the start.
  (void)recorded;
  switch (format) {
    case SpikeFormat::Csv: return std::make_unique<CsvOutput>(dir, net, replace);
    case SpikeFormat::Npy: return std::make_unique<NpyOutput>(dir, net, replace);
    case SpikeFormat::Sonata: return std::make_unique<SonataOutput>(dir, net, replace);
  }
  return nullptr;
}

}  // namespace neurosim::cli
