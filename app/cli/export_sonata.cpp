// The SONATA export of a scenario (export_sonata.hpp).
#include "cli/export_sonata.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>

#include "cli/export_cells.hpp"
#include "cli/report.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/hdf5.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/population.hpp"
#include "neurosim/projection.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim::cli {
namespace {

namespace fs = std::filesystem;
using io::h5::Handle;

// SONATA's file signature (developer guide, "Representing nodes"): root attributes magic and version.
constexpr std::uint32_t kMagic = 0x0A7A;
constexpr std::uint32_t kVersion[2] = {0, 1};

// A NeuroSim parameter -> a PyNN standard cell's, with the unit factor (pF -> nF, pA -> nA,
// nS -> uS). The values are read from the built population, so defaults are NeuroSim's own.
using Mapping = CellParam;
constexpr Mapping kLif[] = {{"tau_m", "tau_m", 1.0},   {"C_m", "cm", 1e-3},           {"E_L", "v_rest", 1.0},
                            {"V_th", "v_thresh", 1.0}, {"V_reset", "v_reset", 1.0},   {"t_ref", "tau_refrac", 1.0},
                            {"tau_syn_e", "tau_syn_E", 1.0}, {"tau_syn_i", "tau_syn_I", 1.0}, {"I_bias", "i_offset", 1e-3}};
// lif_cond -> IF_cond_exp; its tau_m is C_m / g_L (pF / nS = ms), written separately.
constexpr Mapping kLifCond[] = {{"C_m", "cm", 1e-3},         {"E_L", "v_rest", 1.0},          {"V_th", "v_thresh", 1.0},
                                {"V_reset", "v_reset", 1.0}, {"t_ref", "tau_refrac", 1.0},    {"tau_syn_e", "tau_syn_E", 1.0},
                                {"tau_syn_i", "tau_syn_I", 1.0}, {"E_exc", "e_rev_E", 1.0}, {"E_inh", "e_rev_I", 1.0},
                                {"I_bias", "i_offset", 1e-3}};
// lif_cond features IF_cond_exp lacks: refused unless off (0).
constexpr const char* kLifCondOff[] = {"theta_plus", "t_lock", "integrator"};

std::span<const Mapping> mapping_of(const std::string& model) {
  if (model == "lif") return kLif;
  if (model == "lif_cond") return kLifCond;
  if (model == "izhikevich") return izhikevich_params();
  if (model == "adex") return adex_params();
  return {};
}

// A state variable's PyNN initial value, with the unit factor; null when there is none.
const Mapping* initial_of(const std::string& model, const std::string& variable) {
  static constexpr Mapping kV{"V", "v", 1.0}, kGe{"g_e", "gsyn_exc", 1e-3}, kGi{"g_i", "gsyn_inh", 1e-3}, kU{"U", "u", 1.0}, kW{"w", "w", 1e-3};
  if (model == "poisson" || model == "file") return nullptr;
  if (model == "izhikevich" && variable == "U") return &kU;
  if (model == "adex" && variable == "w") return &kW;
  if (variable == "V") return &kV;
  if (model == "lif_cond" && variable == "g_e") return &kGe;
  if (model == "lif_cond" && variable == "g_i") return &kGi;
  return nullptr;
}

const char* cell_of(const std::string& model) {
  if (model == "lif") return "pyNN:IF_curr_exp";
  if (model == "lif_cond") return "pyNN:IF_cond_exp";
  if (model == "file") return "pyNN:SpikeSourceArray";
  if (model == "izhikevich") return "pyNN:Izhikevich";
  if (model == "adex") return "pyNN:EIF_cond_exp_isfa_ista";
  return "pyNN:SpikeSourcePoisson";
}

// A number with 12 significant digits: enough for every parameter, no binary residue after a
// unit conversion (1.62 pA -> 0.00162 nA).
std::string num(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 12);
  return std::string(buf, r.ptr);
}

// Population and edge population names become HDF5 group and file names.
bool plain_name(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') return false;
  return true;
}

// [SECTION] HDF5 pieces the shared helpers do not have: attributes and unsigned ids.

void write_attribute_u32(hid_t object, const char* name, const std::uint32_t* values, hsize_t count, bool scalar, const std::string& where) {
  Handle space(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, nullptr));
  Handle attr(H5Acreate2(object, name, H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT));
  if (!attr.valid() || H5Awrite(attr, H5T_NATIVE_UINT32, values) < 0) throw std::runtime_error(where + ": cannot write attribute " + name);
}

void write_attribute_string(hid_t object, const char* name, const std::string& value, const std::string& where) {
  Handle type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR));
  Handle attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
  const char* text = value.c_str();
  if (!attr.valid() || H5Awrite(attr, type, &text) < 0) throw std::runtime_error(where + ": cannot write attribute " + name);
}

Handle write_u64(hid_t parent, const std::string& name, const std::vector<std::uint64_t>& values) {
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr));
  Handle set(H5Dcreate2(parent, name.c_str(), H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!set.valid() || (n > 0 && H5Dwrite(set, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0))
    throw std::runtime_error("cannot write dataset " + name);
  return set;
}

// A new HDF5 file with SONATA's root attributes, written under a temporary name and renamed
// into place by commit(), so that a failed export leaves no half-written file.
struct H5Output {
  fs::path path, temp;
  Handle file;
  H5Output(fs::path p, bool overwrite) : path(std::move(p)), temp(path.string() + ".part") {
    if (!overwrite && fs::exists(path)) throw std::runtime_error(path.string() + ": exists (--overwrite replaces it)");
    file = Handle(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!file.valid()) throw std::runtime_error(path.string() + ": cannot create the file");
    write_attribute_u32(file, "magic", &kMagic, 1, true, path.string());
    write_attribute_u32(file, "version", kVersion, 2, false, path.string());
  }
  void commit() {
    // Flushing reports a failed write (a full disk); the file closes once the caller's groups
    // and datasets close too.
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) throw std::runtime_error(path.string() + ": cannot write the file");
    file.reset();
    fs::rename(temp, path);
  }
  ~H5Output() {
    if (file.valid()) {
      file.reset();
      std::error_code ec;
      fs::remove(temp, ec);
    }
  }
};

// [SECTION] Types tables

std::string edge_population_name(const ScenarioSpec& spec, const ProjectionSpec& pr) {
  int same = 0;
  for (const ProjectionSpec& other : spec.projections) same += other.pre == pr.pre && other.post == pr.post;
  // Two projections between the same populations keep their names apart.
  return pr.pre + "_" + pr.post + (same > 1 ? "_" + pr.name : "");
}

std::string run_pynn_script(const ScenarioSpec& spec);

constexpr std::size_t kMaxExportedSpikes = 100'000'000;

// A file population's spikes as NeuroSim plays them (played_spikes) in a SONATA spike file:
// /spikes/<pop>/timestamps (ms, the step's start, where NeuroSim emits them) and node_ids, by time.
void write_spike_file(const ScenarioSpec& spec, const PopulationSpec& p, const fs::path& path, bool overwrite) {
  const PlayedSpikes played = played_spikes(spec, p, kMaxExportedSpikes);
  const std::vector<double>& times = played.t_ms;
  std::vector<std::uint64_t> ids(played.neuron.begin(), played.neuron.end());
  fs::create_directories(path.parent_path());
  H5Output out(path, overwrite);
  Handle spikes = io::h5::create_group(out.file, "spikes");
  Handle pop = io::h5::create_group(spikes, p.name);
  write_attribute_string(pop, "sorting", "by_time", path.string());
  io::h5::write_doubles(pop, "timestamps", times, {times.size()});
  write_u64(pop, "node_ids", ids);
  out.commit();
}

}  // namespace

std::vector<std::string> sonata_problems(const ScenarioSpec& spec) {
  std::vector<std::string> problems;
  std::map<std::string, int> edge_names;
  for (std::size_t i = 0; i < spec.populations.size(); ++i) {
    const PopulationSpec& p = spec.populations[i];
    const std::string where = "populations[" + std::to_string(i) + "] (" + p.name + ")";
    if (p.model == "izhikevich" || p.model == "adex") {
      const std::vector<std::string> why = cell_problems(spec, i, where);
      problems.insert(problems.end(), why.begin(), why.end());
    }
    if (p.model == "file") {
      if (!p.input || !p.input->series) problems.push_back(where + ": its input file is not loaded");
      else if (p.input->as != InputKind::Spikes) problems.push_back(where + ".input.as: only spike files are exported to SONATA (got " + std::string(input_kind_name(p.input->as)) + ")");
      else if (p.input->loop && !std::isfinite(spec.duration_ms)) problems.push_back(where + ".input.loop: a looping file needs a finite duration_ms to be written out");
      continue;
    }
    if (p.model != "lif" && p.model != "lif_cond" && p.model != "poisson" && p.model != "izhikevich" && p.model != "adex") {
      problems.push_back(where + ": model \"" + p.model +
                         "\" is not exported to SONATA (lif -> IF_curr_exp, lif_cond -> IF_cond_exp, izhikevich -> Izhikevich, adex -> "
                         "EIF_cond_exp_isfa_ista, poisson -> SpikeSourcePoisson, file -> SpikeSourceArray)");
      continue;
    }
    if (!plain_name(p.name)) problems.push_back(where + ": a SONATA population name takes letters, digits, '_' and '-' only");
    for (const auto& [name, d] : p.params)
      if (!d.is_constant()) problems.push_back(where + ".params." + name + ": per-neuron values are not exported to SONATA (give one value)");
    for (const auto& [v, d] : p.initial) {
      if (!initial_of(p.model, v)) problems.push_back(where + ".initial." + v + ": no PyNN initial value matches it");
      else if (d.kind == Distribution::Kind::SharedR) problems.push_back(where + ".initial." + v + ": a shared-r distribution has no PyNN equivalent");
    }
    if (p.model == "lif" || p.model == "lif_cond") {
      for (const auto& [name, d] : p.params) {
        bool known = p.model == "lif_cond" && name == "g_L";
        for (const Mapping& m : mapping_of(p.model)) known = known || name == m.ours;
        bool off = false;
        for (const char* f : kLifCondOff) off = off || (p.model == "lif_cond" && name == f);
        if (off && d.a != 0.0) problems.push_back(where + ".params." + name + ": IF_cond_exp has no such feature (export it with " + name + " = 0)");
        else if (!known && !off) problems.push_back(where + ".params." + name + ": no " + std::string(cell_of(p.model) + 5) + " parameter matches it");
      }
    } else if (p.model == "poisson") {
      for (const auto& [name, d] : p.params)
        if (name != "rate") problems.push_back(where + ".params." + name + ": no SpikeSourcePoisson parameter matches it");
      if (!p.params.count("rate")) problems.push_back(where + ": give its rate (the export does not guess the default)");
      if (!p.initial.empty()) problems.push_back(where + ".initial: a spike source has no initial state");
    }
  }
  for (std::size_t j = 0; j < spec.projections.size(); ++j) {
    const ProjectionSpec& pr = spec.projections[j];
    const std::string where = "projections[" + std::to_string(j) + "] (" + pr.name + ")";
    pynn_stdp(spec, pr, where, problems);
    if (!plain_name(pr.name)) problems.push_back(where + ": a SONATA edge population name takes letters, digits, '_' and '-' only");
    if (++edge_names[edge_population_name(spec, pr)] > 1) problems.push_back(where + ": its edge population name is taken");
  }
  for (std::size_t k = 0; k < spec.stimuli.size(); ++k) {
    const StimulusSpec& st = spec.stimuli[k];
    const std::string where = "stimuli[" + std::to_string(k) + "]";
    if (st.input) problems.push_back(where + ": currents from a file are not exported to SONATA");
    else if (st.noise_sd > 0) problems.push_back(where + ": noisy currents are not exported to SONATA (current_clamp is constant)");
  }
  return problems;
}

void write_sonata(const ScenarioSpec& spec, const Network& net, const fs::path& dir, bool overwrite) {
  io::h5::silence_errors();
  const io::Replace replace = overwrite ? io::Replace::Allowed : io::Replace::Never;
  fs::create_directories(dir / "network");
  nlohmann::ordered_json circuit;
  circuit["manifest"] = {{"$BASE_DIR", "."}, {"$NETWORK_DIR", "$BASE_DIR/network"}};
  circuit["target_simulator"] = "PyNN";
  circuit["components"] = nlohmann::ordered_json::object();
  circuit["networks"]["nodes"] = nlohmann::ordered_json::array();
  circuit["networks"]["edges"] = nlohmann::ordered_json::array();

  // Nodes: one population per NeuroSim population, one node type each (its id is the index + 100,
  // as the guide's examples number them), one group without per-node attributes.
  // One column per PyNN parameter any population has; NULL where a cell has no such parameter.
  std::vector<std::string> columns{"rate"};
  std::vector<std::map<std::string, double>> values(static_cast<std::size_t>(net.population_count()));
  for (int i = 0; i < net.population_count(); ++i) {
    const PopulationSpec& p = spec.populations[static_cast<std::size_t>(i)];
    const Population& built = net.population(i);
    auto& v = values[static_cast<std::size_t>(i)];
    if (p.model == "poisson") v["rate"] = p.params.at("rate").a;
    if (p.model == "lif_cond") v["tau_m"] = built.param("C_m") / built.param("g_L");
    if (p.model == "adex") v["tau_m"] = built.param("C") / built.param("g_L");
    for (const Mapping& m : mapping_of(p.model)) v[m.pynn] = built.param(m.ours) * m.scale;
    for (const auto& [name, value] : v)
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  }
  std::string node_types = "node_type_id model_type model_template pop_name";
  for (const std::string& c : columns) node_types += ' ' + c;
  node_types += '\n';
  for (int i = 0; i < net.population_count(); ++i) {
    const PopulationSpec& p = spec.populations[static_cast<std::size_t>(i)];
    const std::int64_t type_id = 100 + i;
    const bool source = p.model == "poisson" || p.model == "file";
    std::string row = std::to_string(type_id) + (source ? " virtual " : " point_neuron ") + cell_of(p.model) + ' ' + p.name;
    for (const std::string& c : columns) {
      const auto it = values[static_cast<std::size_t>(i)].find(c);
      row += ' ';
      row += it != values[static_cast<std::size_t>(i)].end() ? num(it->second) : "NULL";
    }
    node_types += row + '\n';

    const auto n = static_cast<std::size_t>(net.population(i).size());
    H5Output out(dir / "network" / (p.name + "_nodes.h5"), overwrite);
    Handle nodes = io::h5::create_group(out.file, "nodes");
    Handle pop = io::h5::create_group(nodes, p.name);
    std::vector<std::uint64_t> ids(n);
    std::vector<std::int64_t> index(n);
    for (std::size_t k = 0; k < n; ++k) ids[k] = k, index[k] = static_cast<std::int64_t>(k);
    write_u64(pop, "node_id", ids);
    io::h5::write_ints(pop, "node_type_id", std::vector<std::int64_t>(n, type_id));
    io::h5::write_ints(pop, "node_group_id", std::vector<std::int64_t>(n, 0));
    io::h5::write_ints(pop, "node_group_index", index);
    io::h5::create_group(pop, "0");
    out.commit();
    circuit["networks"]["nodes"].push_back({{"nodes_file", "$NETWORK_DIR/" + p.name + "_nodes.h5"}, {"node_types_file", "$BASE_DIR/node_types.csv"}});
  }

  // Edges: the built synapses, pre-synaptic rows in order, with their weights and delays.
  // A plastic projection's edge type is pyNN:STDPMechanism with the rule's parameters as columns
  // (PyNN's names and units, export_cells.hpp); run_pynn.py builds the mechanism from them.
  std::string edge_types = "edge_type_id model_template receptor_type projection tau_plus tau_minus A_plus A_minus w_min w_max multiplicative\n";
  nlohmann::ordered_json plastic_edges = nlohmann::ordered_json::object();
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& proj = net.projection(j);
    const ProjectionSpec& pr = spec.projections[static_cast<std::size_t>(j)];
    const std::string name = edge_population_name(spec, pr);
    const std::int64_t type_id = 100 + j;
    std::vector<std::string> ignored;
    const std::optional<PynnStdp> stdp = pynn_stdp(spec, pr, "", ignored);
    edge_types += std::to_string(type_id) + (stdp ? " pyNN:STDPMechanism " : " pyNN:StaticSynapse ") +
                  (proj.receptor() == Receptor::Inhibitory ? "inhibitory" : "excitatory") + " " + pr.name;
    if (stdp) {
      edge_types += ' ' + num(stdp->tau_plus) + ' ' + num(stdp->tau_minus) + ' ' + num(stdp->A_plus) + ' ' + num(stdp->A_minus) + ' ' + num(stdp->w_min) + ' ' +
                    num(stdp->w_max) + (stdp->multiplicative ? " 1" : " 0");
      plastic_edges[name] = {{"projection", pr.name}, {"weight_scale", weight_scale(spec.populations[static_cast<std::size_t>(proj.post())].model, spec.dt_ms)}};
    } else {
      edge_types += " NULL NULL NULL NULL NULL NULL NULL";
    }
    edge_types += '\n';
    const auto row_ptr = proj.row_ptr();
    const auto col = proj.col();
    const auto w = proj.weights();
    const std::size_t m = proj.synapse_count();
    const std::string& post_model = spec.populations[static_cast<std::size_t>(proj.post())].model;
    const bool conductance = post_model == "lif_cond";
    const double scale = weight_scale(post_model, spec.dt_ms);
    std::vector<std::uint64_t> source(m), target(m);
    std::vector<std::int64_t> index(m);
    std::vector<double> weight(m), delay(m);
    for (std::size_t pre = 0; pre + 1 < row_ptr.size(); ++pre) {
      for (auto s = static_cast<std::size_t>(row_ptr[pre]); s < static_cast<std::size_t>(row_ptr[pre + 1]); ++s) {
        source[s] = pre;
        target[s] = static_cast<std::uint64_t>(col[s]);
        index[s] = static_cast<std::int64_t>(s);
        // pA -> nA (current-based, the sign kept as NeuroSim adds it); nS -> uS (conductance-
        // based: NeuroSim adds the magnitude to g_e or g_i, PyNN takes positive weights); a
        // one-step input in mV/ms -> a jump of w dt mV (Izhikevich, export_cells.hpp).
        weight[s] = conductance ? std::abs(static_cast<double>(w[s])) * scale : static_cast<double>(w[s]) * scale;
        // PyNN's shortest delay is one step (min_delay = dt): a same-step synapse (0 steps)
        // takes one step there, as in the PyNN export.
        delay[s] = std::max(1, proj.delay_steps(s)) * spec.dt_ms;
      }
    }
    H5Output out(dir / "network" / (name + "_edges.h5"), overwrite);
    Handle edges = io::h5::create_group(out.file, "edges");
    Handle pop = io::h5::create_group(edges, name);
    Handle src = write_u64(pop, "source_node_id", source);
    write_attribute_string(src, "node_population", pr.pre, name + "/source_node_id");
    Handle dst = write_u64(pop, "target_node_id", target);
    write_attribute_string(dst, "node_population", pr.post, name + "/target_node_id");
    io::h5::write_ints(pop, "edge_type_id", std::vector<std::int64_t>(m, type_id));
    io::h5::write_ints(pop, "edge_group_id", std::vector<std::int64_t>(m, 0));
    io::h5::write_ints(pop, "edge_group_index", index);
    Handle group = io::h5::create_group(pop, "0");
    io::h5::write_doubles(group, "syn_weight", weight, {m});
    io::h5::write_doubles(group, "delay", delay, {m});
    // PyNN's importer takes per-edge synapse parameters from dynamics_params/ only: the same
    // delay dataset is linked there rather than stored twice.
    Handle params = io::h5::create_group(group, "dynamics_params");
    if (H5Lcreate_hard(group, "delay", params, "delay", H5P_DEFAULT, H5P_DEFAULT) < 0) throw std::runtime_error(name + ": cannot link 0/dynamics_params/delay");
    out.commit();
    circuit["networks"]["edges"].push_back({{"edges_file", "$NETWORK_DIR/" + name + "_edges.h5"}, {"edge_types_file", "$BASE_DIR/edge_types.csv"}});
  }

  // Inputs: rates of the Poisson sources, constant currents (nA) as current clamps.
  nlohmann::ordered_json simulation;
  simulation["manifest"] = {{"$BASE_DIR", "."}, {"$OUTPUT_DIR", "$BASE_DIR/output"}};
  simulation["target_simulator"] = "PyNN";
  simulation["run"] = {{"dt", spec.dt_ms}, {"tstop", std::isfinite(spec.duration_ms) ? spec.duration_ms : 1000.0}, {"seed", spec.seed}};
  simulation["network"] = "$BASE_DIR/circuit_config.json";
  simulation["node_sets_file"] = "$BASE_DIR/node_sets.json";
  nlohmann::ordered_json inputs = nlohmann::ordered_json::object(), node_sets = nlohmann::ordered_json::object();
  for (const PopulationSpec& p : spec.populations) {
    node_sets[p.name] = {{"population", p.name}};
    if (p.model == "file") {
      write_spike_file(spec, p, dir / "inputs" / (p.name + "_spikes.h5"), overwrite);
      inputs[p.name + "_spikes"] = {{"input_type", "spikes"}, {"module", "h5"}, {"input_file", "$BASE_DIR/inputs/" + p.name + "_spikes.h5"}, {"node_set", p.name}};
    }
    if (p.model == "poisson")
      inputs[p.name + "_poisson"] = {{"input_type", "spikes"}, {"module", "poisson"}, {"node_set", p.name}, {"rate", p.params.at("rate").a}, {"units", "Hz"}};
  }
  for (std::size_t k = 0; k < spec.stimuli.size(); ++k) {
    const StimulusSpec& st = spec.stimuli[k];
    std::string set = st.population;
    if (!st.neurons.empty()) {
      set = "stimulus_" + std::to_string(k);
      node_sets[set] = {{"population", st.population}, {"node_id", st.neurons}};
    }
    const double stop = std::isfinite(st.stop_ms) ? st.stop_ms : simulation["run"]["tstop"].get<double>();
    inputs["stimulus_" + std::to_string(k)] = {{"input_type", "current_clamp"}, {"module", "IClamp"},   {"node_set", set},
                                               {"amp", st.amplitude * 1e-3},     {"delay", st.start_ms}, {"duration", stop - st.start_ms}};
  }
  simulation["inputs"] = inputs;
  simulation["output"] = {{"output_dir", "$OUTPUT_DIR"}, {"spikes_file", "spikes.h5"}, {"spikes_sort_order", "time"}};
  // Initial values (not part of SONATA's circuit), in PyNN's names and units: drawn by run_pynn.py.
  nlohmann::ordered_json initial = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < spec.populations.size(); ++i) {
    const PopulationSpec& p = spec.populations[i];
    const Population& built = net.population(static_cast<int>(i));
    // Where NeuroSim starts these models, which PyNN's defaults do not: Izhikevich at v_init with
    // u = b v_init, AdEx at E_L with w = 0. Initial values given in the scenario replace them.
    if (p.model == "izhikevich") initial[p.name] = {{"v", built.param("v_init")}, {"u", built.param("b") * built.param("v_init")}};
    if (p.model == "adex") initial[p.name] = {{"v", built.param("E_L")}, {"w", 0.0}};
    for (const auto& [variable, d] : p.initial) {
      const Mapping* m = initial_of(p.model, variable);
      if (d.kind == Distribution::Kind::Constant) initial[p.name][m->pynn] = d.a * m->scale;
      else if (d.kind == Distribution::Kind::Uniform) initial[p.name][m->pynn] = {{"uniform", {d.a * m->scale, d.b * m->scale}}};
      else initial[p.name][m->pynn] = {{"normal", {d.a * m->scale, d.b * m->scale}}};
    }
  }
  simulation["initial_values"] = initial;
  simulation["plastic_edges"] = plastic_edges;

  io::write_file_atomically(dir / "node_types.csv", node_types, replace);
  io::write_file_atomically(dir / "edge_types.csv", edge_types, replace);
  io::write_file_atomically(dir / "circuit_config.json", circuit.dump(2) + "\n", replace);
  io::write_file_atomically(dir / "node_sets.json", node_sets.dump(2) + "\n", replace);
  io::write_file_atomically(dir / "simulation_config.json", simulation.dump(2) + "\n", replace);
  io::write_file_atomically(dir / "run_pynn.py", run_pynn_script(spec), replace);
}

int export_sonata_command(const std::string& scenario, const std::vector<std::string>& overrides, const std::string& out, bool overwrite) {
  try {
    io::LoadResult loaded = io::load_scenario(scenario);
    if (!loaded.errors.empty()) {
      print_errors(scenario, loaded.errors);
      return kExitBadInput;
    }
    ScenarioSpec spec = std::move(*loaded.spec);
    for (const std::string& o : overrides) {
      const auto eq = o.find('=');
      const std::string why = eq == std::string::npos ? "expected PATH=VALUE" : io::apply_override(spec, o.substr(0, eq), o.substr(eq + 1));
      if (!why.empty()) {
        std::cerr << "error: --set " << o << ": " << why << '\n';
        return kExitBadInput;
      }
    }
    const std::vector<std::string> problems = sonata_problems(spec);
    if (!problems.empty()) {
      for (const std::string& p : problems) std::cerr << scenario << ": " << p << '\n';
      std::cerr << "error: " << scenario << " cannot be exported to SONATA (" << problems.size() << " problem" << (problems.size() > 1 ? "s" : "") << ")\n";
      return kExitBadInput;
    }
    BuildResult built = build_network(spec);
    if (!built.errors.empty()) {
      print_errors(scenario, built.errors);
      return kExitBadInput;
    }
    try {
      write_sonata(spec, *built.network, out, overwrite);
    } catch (const std::exception& e) {
      std::cerr << "error: " << out << ": " << e.what() << '\n';
      return kExitBadInput;
    }
    std::printf("%s: SONATA in %s (python3 %s/run_pynn.py --simulator brian2|nest|neuron --duration MS --out spikes.h5)\n", spec.name.c_str(), out.c_str(),
                out.c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

namespace {

std::string run_pynn_script(const ScenarioSpec& spec) {
  std::string s = R"PY(#!/usr/bin/env python3
"""The SONATA export of the NeuroSim scenario )PY" + spec.name + R"PY(, run on a PyNN 0.10 backend.

    python3 run_pynn.py --simulator brian2|nest|neuron --duration MS --out spikes.h5

The network (every synapse, weight and delay as NeuroSim built it) comes from
pyNN.serialization.sonata's importer; simulation_config.json gives dt, the Poisson sources'
rates, constant currents and the initial membrane potentials. Under MPI with NEST
(mpirun -n N python3 run_pynn.py --simulator nest ...) the first process writes the spikes.
"""
import argparse
import importlib
import json
import os

import h5py
import numpy as np
from pyNN.parameters import Sequence
from pyNN.random import NumpyRNG, RandomDistribution
from pyNN.serialization import import_from_sonata

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "simulation_config.json")) as f:
    config = json.load(f)

parser = argparse.ArgumentParser(description="Runs a NeuroSim SONATA export on a PyNN backend.")
parser.add_argument("--simulator", default="brian2", choices=["brian2", "nest", "neuron"])
parser.add_argument("--duration", type=float, default=config["run"]["tstop"], help="simulated time in ms")
parser.add_argument("--out", default="spikes.h5", help="SONATA spike file to write")
parser.add_argument("--seed", type=int, default=config["run"]["seed"])
parser.add_argument("--codegen", default="auto", choices=["auto", "numpy", "cython"],
                    help="Brian2's code generation: numpy needs no compiler and starts at once, cython runs faster once compiled")
parser.add_argument("--weights", help="CSV of the plastic projections' final weights (projection,pre,post,w in NeuroSim's units)")
args = parser.parse_args()
# Output paths are the caller's, not this directory's (the configs' paths are read from here).
args.out = os.path.abspath(args.out)
args.weights = os.path.abspath(args.weights) if args.weights else None

sim = importlib.import_module("pyNN." + args.simulator)
if args.simulator == "brian2":
    import brian2
    brian2.prefs.codegen.target = args.codegen
)PY" + std::string(brian2_fast_connect_py()) + (any_pynn_stdp(spec) ? brian2_stdp_py() : "") + R"PY(dt = config["run"]["dt"]
sim.setup(timestep=dt, min_delay=dt)
os.chdir(here)  # the configs' paths are relative to this directory

# Plastic edges (edge type pyNN:STDPMechanism): PyNN's importer passes a synapse type only the
# parameters it declares, and an STDPMechanism is made of a timing and a weight dependence. For
# the import, STDPMechanism is a maker that takes the rule's columns of edge_types.csv.
# Brian2's backend takes delays as axonal only, NEST's as dendritic only.
STDPMechanism = sim.STDPMechanism
rule_columns = ("tau_plus", "tau_minus", "A_plus", "A_minus", "w_min", "w_max", "multiplicative")


def stdp_mechanism(tau_plus, tau_minus, A_plus, A_minus, w_min, w_max, multiplicative, weight=0.0, delay=None, **_):
    dependence = sim.MultiplicativeWeightDependence if multiplicative else sim.AdditiveWeightDependence
    return STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=tau_plus, tau_minus=tau_minus, A_plus=A_plus, A_minus=A_minus),
                         weight_dependence=dependence(w_min=w_min, w_max=w_max), weight=weight, delay=delay,
                         dendritic_delay_fraction=0.0 if args.simulator == "brian2" else 1.0)


stdp_mechanism.default_parameters = dict.fromkeys(rule_columns + ("weight", "delay"), 0.0)
sim.STDPMechanism = stdp_mechanism
try:
    net = import_from_sonata("circuit_config.json", sim)
finally:
    sim.STDPMechanism = STDPMechanism
assemblies = {a.label: a for a in net.assemblies}
rng = NumpyRNG(seed=args.seed)
draw = np.random.default_rng(args.seed)
with open("node_sets.json") as f:
    node_sets = json.load(f)


def target_of(name):
    node_set = node_sets[name]
    a = assemblies[node_set["population"]]
    return a[node_set["node_id"]] if "node_id" in node_set else a


def poisson_train(rate_hz, duration_ms):
    """Spike times of a Poisson process, on the time grid and after the first step."""
    n = draw.poisson(rate_hz * duration_ms / 1000.0)
    t = np.unique(np.round(np.sort(draw.uniform(0.0, duration_ms, n)) / dt) * dt)
    return Sequence(t[t >= dt])


for name, values in config.get("initial_values", {}).items():
    for variable, v in values.items():
        if isinstance(v, dict):
            kind, (a, b) = next(iter(v.items()))
            v = RandomDistribution("uniform", low=a, high=b, rng=rng) if kind == "uniform" else RandomDistribution("normal", mu=a, sigma=b, rng=rng)
        assemblies[name].initialize(**{variable: v})

for name, source in config["inputs"].items():
    if source["input_type"] == "spikes" and source["module"] == "poisson":
        target = target_of(source["node_set"])
        target.set(spike_times=[poisson_train(source["rate"], args.duration) for _ in range(target.size)])
    elif source["input_type"] == "spikes" and source["module"] == "h5":
        target = target_of(source["node_set"])
        with h5py.File(source["input_file"].replace("$BASE_DIR", "."), "r") as f:
            g = f["spikes"][source["node_set"]]
            t, ids = g["timestamps"][()], g["node_ids"][()]
        target.set(spike_times=[Sequence(np.sort(t[(ids == i) & (t < args.duration)])) for i in range(target.size)])
    elif source["input_type"] == "current_clamp":
        target_of(source["node_set"]).inject(sim.DCSource(amplitude=source["amp"], start=source["delay"], stop=source["delay"] + source["duration"]))
    else:
        raise SystemExit("%s: input %s/%s is not supported here" % (name, source["input_type"], source["module"]))

for a in net.assemblies:
    a.record("spikes")
sim.run(args.duration)

# SONATA spikes: /spikes/<population>/timestamps (ms) and node_ids, in time order.

def index_of(a, train):
    """The neuron's index in its population (backends annotate trains differently)."""
    ann = train.annotations
    if "source_index" in ann:
        return int(ann["source_index"])
    return int(a.id_to_index(int(ann.get("source_id", ann.get("channel_id")))))


trains_of = {a.label: a.get_data("spikes", gather=True).segments[0].spiketrains for a in net.assemblies}
if sim.rank() == 0:
    with h5py.File(args.out, "w") as f:
        for a in net.assemblies:
            trains = trains_of[a.label]
            t = np.concatenate([np.asarray(st.rescale("ms").magnitude, dtype=float) for st in trains] or [np.zeros(0)])
            ids = np.concatenate([np.full(len(st), index_of(a, st), dtype=np.uint64) for st in trains] or [np.zeros(0, np.uint64)])
            order = np.lexsort((ids, t))
            g = f.create_group("spikes/" + a.label)
            g.attrs["sorting"] = "by_time"
            g.create_dataset("timestamps", data=t[order]).attrs["units"] = "ms"
            g.create_dataset("node_ids", data=ids[order])
            print("%-16s %9d neurons %10.3f Hz" % (a.label, a.size, len(t) / a.size / (args.duration / 1000.0)))
# The importer names a projection "<edge population>-<group>".
plastic = config.get("plastic_edges", {})
learned = [(plastic[p.label.rsplit("-", 1)[0]], p) for p in net.projections if p.label.rsplit("-", 1)[0] in plastic]


def weight_rows(p):
    """(pre, post, weight in PyNN's units) of every synapse of a projection."""
    try:
        return p.get("weight", format="list", with_address=True, gather=True)
    except NotImplementedError:  # Brian2's backend between assemblies: read its Synapses object
        synapses = p._brian2_synapses[0][0]
        w = synapses.weight[:]
        unit = {brian2.amp.dim: brian2.nA, brian2.siemens.dim: brian2.uS, brian2.volt.dim: brian2.mV}[w.dim]
        return zip(synapses.i[:], synapses.j[:], np.asarray(w / unit))


learned = [(edge["projection"], edge["weight_scale"], weight_rows(p)) for edge, p in learned]
if args.weights and sim.rank() == 0:
    with open(args.weights, "w") as f:
        f.write("projection,pre,post,w\n")
        for name, scale, rows in learned:
            for i, j, w in rows:
                f.write("%s,%d,%d,%.9g\n" % (name, int(i), int(j), w / scale))
sim.end()
)PY";
  return s;
}

}  // namespace
}  // namespace neurosim::cli
