// A NIR graph read as a scenario (mapping in nir.hpp).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "neurosim/io/hdf5.hpp"
#include "neurosim/io/nir.hpp"
#include "neurosim/network.hpp"

namespace neurosim::io {
namespace {

namespace fs = std::filesystem;

struct Bad {
  std::string message;
};

// Rate given to the Poisson population that stands for a NIR Input (change with --set).
constexpr double kInputRateHz = 20.0;
// Largest population or weight matrix an import builds.
constexpr double kMaxNeurons = 1e7;
constexpr double kMaxSynapses = 1e8;

struct Array {
  std::vector<double> values;
  std::vector<hsize_t> dims;
};

struct Node {
  std::string name;
  std::string type;
  std::map<std::string, Array> params;
  int size = 0;  // neurons, for spiking nodes and Input/Output
};

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool spiking(const std::string& type) { return type == "Input" || type == "LIF" || type == "CubaLIF" || type == "IF"; }
bool weighted(const std::string& type) { return type == "Affine" || type == "Linear"; }

// The datasets each supported node type needs; optional ones are read when present.
const std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>>& node_fields() {
  static const std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> fields{
      {"Input", {{"shape"}, {}}},
      {"Output", {{"shape"}, {}}},
      {"Affine", {{"weight", "bias"}, {}}},
      {"Linear", {{"weight"}, {}}},
      {"LIF", {{"tau", "r", "v_leak", "v_threshold"}, {"v_reset"}}},
      {"CubaLIF", {{"tau_syn", "tau_mem", "r", "v_leak", "v_threshold"}, {"v_reset", "w_in"}}},
      {"IF", {{"r", "v_threshold"}, {"v_reset"}}},
  };
  return fields;
}

Node read_node(hid_t nodes, const std::string& name, const std::string& file) {
  const std::string where = file + ": /node/nodes/" + name;
  if (!h5::is_group(nodes, name)) throw Bad{where + ": must be a group"};
  h5::Handle g(H5Gopen2(nodes, name.c_str(), H5P_DEFAULT));
  if (!g.valid()) throw Bad{where + ": cannot be opened"};
  Node node;
  node.name = name;
  std::vector<hsize_t> dims;
  const auto type = h5::read_strings(g, "type", where + "/type", dims);
  if (type.size() != 1) throw Bad{where + "/type: must be one string"};
  node.type = type[0];
  const auto& fields = node_fields();
  const auto it = fields.find(node.type);
  if (it == fields.end())
    throw Bad{where + ": node type " + node.type + " is not supported (supported: Input, Affine, Linear, LIF, CubaLIF, IF, Output)"};
  auto read = [&](const std::string& field) {
    Array a;
    a.values = h5::read_numbers(g, field, where + "/" + field, a.dims);
    for (std::size_t i = 0; i < a.values.size(); ++i)
      if (!std::isfinite(a.values[i])) throw Bad{where + "/" + field + ": element " + std::to_string(i) + " is " + fmt(a.values[i]) + " (must be finite)"};
    node.params[field] = std::move(a);
  };
  for (const std::string& f : it->second.first) read(f);
  for (const std::string& f : it->second.second)
    if (h5::has_link(g, f)) read(f);
  if (node.type == "Input" || node.type == "Output") {
    const Array& shape = node.params["shape"];
    if (shape.dims.size() > 1 || shape.values.empty()) throw Bad{where + "/shape: must be a list of dimensions"};
    double n = 1;
    for (double d : shape.values) {
      if (d < 1 || d != std::floor(d)) throw Bad{where + "/shape: dimensions must be whole numbers >= 1 (got " + fmt(d) + ")"};
      n *= d;
    }
    if (n > kMaxNeurons) throw Bad{where + "/shape: " + fmt(n) + " neurons exceed the limit of " + fmt(kMaxNeurons)};
    node.size = static_cast<int>(n);
  } else if (!weighted(node.type)) {
    // Neurons: every parameter holds one value per neuron (or one for all).
    std::size_t n = 1;
    for (const auto& [field, a] : node.params) n = std::max(n, a.values.size());
    if (static_cast<double>(n) > kMaxNeurons) throw Bad{where + ": " + std::to_string(n) + " neurons exceed the limit of " + fmt(kMaxNeurons)};
    for (const auto& [field, a] : node.params)
      if (a.values.size() != n && a.values.size() != 1)
        throw Bad{where + "/" + field + ": has " + std::to_string(a.values.size()) + " values, the node's other parameters " + std::to_string(n)};
    node.size = static_cast<int>(n);
  } else {
    const Array& w = node.params["weight"];
    if (w.dims.size() != 2 || w.dims[0] == 0 || w.dims[1] == 0)
      throw Bad{where + "/weight: must be a two-dimensional (post x pre) matrix"};
    if (static_cast<double>(w.values.size()) > kMaxSynapses) throw Bad{where + "/weight: more than " + fmt(kMaxSynapses) + " synapses"};
    if (node.type == "Affine") {
      const Array& b = node.params["bias"];
      if (b.values.size() != w.dims[0] || b.dims.size() > 1)
        throw Bad{where + "/bias: has " + std::to_string(b.values.size()) + " values, weight has " + std::to_string(w.dims[0]) + " rows"};
    }
  }
  return node;
}

// One value for the whole population: NeuroSim's neuron parameters are per population.
double uniform(const Node& n, const std::string& field, const std::string& file, double fallback) {
  const auto it = n.params.find(field);
  if (it == n.params.end()) return fallback;
  const auto& v = it->second.values;
  for (double x : v)
    if (x != v[0])
      throw Bad{file + ": /node/nodes/" + n.name + "/" + field + ": values differ between neurons (" + fmt(v[0]) + ", " + fmt(x) +
                "); NeuroSim keeps one value per population"};
  return v[0];
}

double positive(const Node& n, const std::string& field, const std::string& file) {
  const double v = uniform(n, field, file, 0.0);
  if (!(v > 0)) throw Bad{file + ": /node/nodes/" + n.name + "/" + field + ": must be > 0 (got " + fmt(v) + ")"};
  return v;
}

// The population for a spiking node, and the factor that turns a NIR weight into a NeuroSim
// weight for it (the jump one unit spike causes, nir.hpp).
struct Target {
  int population = -1;
  double weight_factor = 1.0;
  double bias_factor = 1.0;  // Affine bias -> I_bias (pA)
};

ScenarioSpec build(const std::vector<Node>& nodes, const std::vector<std::pair<std::string, std::string>>& edges, const std::string& file,
                   const std::string& scenario_name, double dt_ms) {
  ScenarioSpec spec;
  spec.name = scenario_name;
  spec.description = "Imported from the NIR graph " + file;
  spec.dt_ms = dt_ms;
  spec.duration_ms = 1000.0;
  std::map<std::string, const Node*> by_name;
  for (const Node& n : nodes) by_name[n.name] = &n;
  std::map<std::string, Target> targets;
  auto c = [](double v) { return Distribution::constant(v); };
  for (const Node& n : nodes) {
    if (!spiking(n.type)) continue;
    PopulationSpec p;
    p.name = n.name;
    p.size = n.size;
    Target t;
    if (n.type == "Input") {
      p.model = "poisson";
      p.params["rate"] = c(kInputRateHz);
    } else if (n.type == "LIF") {
      const double tau_s = positive(n, "tau", file);
      const double r = positive(n, "r", file);
      p.model = "lif_delta";
      const double tau_ms = tau_s * 1000.0;
      const double c_m = 250.0;  // pF; only I_bias depends on it
      p.params = {{"tau_m", c(tau_ms)}, {"C_m", c(c_m)}, {"E_L", c(uniform(n, "v_leak", file, 0))}, {"V_th", c(uniform(n, "v_threshold", file, 0))},
                  {"V_reset", c(uniform(n, "v_reset", file, 0))}, {"t_ref", c(0.0)}};
      t.weight_factor = r / tau_s;
      t.bias_factor = r * c_m / tau_ms;  // (tau_m / C_m) I_bias = r b
    } else if (n.type == "CubaLIF") {
      const double tau_syn_s = positive(n, "tau_syn", file);
      const double tau_mem_ms = positive(n, "tau_mem", file) * 1000.0;
      const double r = positive(n, "r", file);
      const double w_in = uniform(n, "w_in", file, 1.0);
      p.model = "lif";
      p.params = {{"tau_m", c(tau_mem_ms)}, {"C_m", c(tau_mem_ms / r)}, {"E_L", c(uniform(n, "v_leak", file, 0))},
                  {"V_th", c(uniform(n, "v_threshold", file, 0))}, {"V_reset", c(uniform(n, "v_reset", file, 0))}, {"t_ref", c(0.0)},
                  {"tau_syn_e", c(tau_syn_s * 1000.0)}, {"tau_syn_i", c(tau_syn_s * 1000.0)}};
      t.weight_factor = w_in / tau_syn_s;
      t.bias_factor = w_in;
    } else {  // IF
      const double r = positive(n, "r", file);
      p.model = "if";
      const double c_m = 1.0, tau_syn_ms = dt_ms;
      p.params = {{"C_m", c(c_m)}, {"V_th", c(uniform(n, "v_threshold", file, 0))}, {"V_reset", c(uniform(n, "v_reset", file, 0))},
                  {"V_rest", c(uniform(n, "v_reset", file, 0))}, {"t_ref", c(0.0)}, {"tau_syn_e", c(tau_syn_ms)}, {"tau_syn_i", c(tau_syn_ms)}};
      // The charge of one exponential synaptic current, w tau_syn, raises V by w tau_syn / C_m.
      t.weight_factor = r * c_m / tau_syn_ms;
      t.bias_factor = r * c_m / tau_syn_ms;
    }
    t.population = static_cast<int>(spec.populations.size());
    targets[n.name] = t;
    spec.populations.push_back(std::move(p));
  }
  std::map<std::string, std::vector<std::string>> in, out;
  for (const auto& [src, dst] : edges) {
    out[src].push_back(dst);
    in[dst].push_back(src);
  }
  std::vector<double> bias_sum(spec.populations.size(), 0.0);
  std::vector<bool> has_bias(spec.populations.size(), false);
  const std::string edges_where = file + ": /node/edges";
  auto projection = [&](const std::string& name, const Node& pre, const Node& post, const Node* w) {
    const Target& t = targets.at(post.name);
    ProjectionSpec pr;
    pr.name = name;
    pr.pre = pre.name;
    pr.post = post.name;
    pr.connectivity.rule = ConnectivitySpec::Rule::List;
    if (w) {
      const Array& m = w->params.at("weight");
      if (m.dims[1] != static_cast<hsize_t>(pre.size) || m.dims[0] != static_cast<hsize_t>(post.size))
        throw Bad{file + ": /node/nodes/" + w->name + "/weight: shape " + std::to_string(m.dims[0]) + " x " + std::to_string(m.dims[1]) + " does not match " +
                  post.name + " (" + std::to_string(post.size) + ") x " + pre.name + " (" + std::to_string(pre.size) + ")"};
      pr.connectivity.pairs.reserve(m.values.size());
      pr.connectivity.pair_weights.reserve(m.values.size());
      for (int i = 0; i < pre.size; ++i)
        for (int j = 0; j < post.size; ++j) {
          pr.connectivity.pairs.emplace_back(i, j);
          pr.connectivity.pair_weights.push_back(m.values[static_cast<std::size_t>(j) * static_cast<std::size_t>(pre.size) + static_cast<std::size_t>(i)] *
                                                 t.weight_factor);
        }
      if (w->type == "Affine") {
        const auto& b = w->params.at("bias").values;
        for (double x : b)
          if (x != b[0]) throw Bad{file + ": /node/nodes/" + w->name + "/bias: values differ between neurons; NeuroSim's I_bias is one per population"};
        bias_sum[static_cast<std::size_t>(t.population)] += b[0];
        has_bias[static_cast<std::size_t>(t.population)] = true;
      }
    } else {
      if (pre.size != post.size)
        throw Bad{edges_where + ": " + pre.name + " (" + std::to_string(pre.size) + ") -> " + post.name + " (" + std::to_string(post.size) + ") connects nodes of different sizes"};
      pr.connectivity.rule = ConnectivitySpec::Rule::OneToOne;
      pr.weight = Distribution::constant(t.weight_factor);
    }
    spec.projections.push_back(std::move(pr));
  };
  for (const auto& [src, dst] : edges) {
    const Node& a = *by_name.at(src);
    const Node& b = *by_name.at(dst);
    if (b.type == "Input") throw Bad{edges_where + ": " + src + " -> " + dst + ": an Input node takes no edges in"};
    if (a.type == "Output") throw Bad{edges_where + ": " + src + " -> " + dst + ": an Output node sends no edges out"};
    if (b.type == "Output") {
      if (!spiking(a.type)) throw Bad{edges_where + ": " + src + " -> " + dst + ": an Output must follow a neuron or Input node (NeuroSim records spikes)"};
      if (a.size != b.size) throw Bad{file + ": /node/nodes/" + dst + "/shape: " + std::to_string(b.size) + " neurons, but " + src + " has " + std::to_string(a.size)};
      continue;
    }
    if (spiking(a.type) && spiking(b.type)) {
      projection(src + "->" + dst, a, b, nullptr);
    } else if (spiking(a.type) && weighted(b.type)) {
      continue;  // handled from the weight node
    } else if (weighted(a.type) && spiking(b.type)) {
      const auto& sources = in[a.name];
      if (sources.size() != 1 || !spiking(by_name.at(sources[0])->type))
        throw Bad{edges_where + ": " + a.name + " must have exactly one input, from an Input or neuron node (has " + std::to_string(sources.size()) + ")"};
      projection(out[a.name].size() == 1 ? a.name : a.name + "->" + dst, *by_name.at(sources[0]), b, &a);
    } else {
      throw Bad{edges_where + ": " + src + " (" + a.type + ") -> " + dst + " (" + b.type + "): NeuroSim needs weights between neurons (Input or neuron -> Affine/Linear -> neuron)"};
    }
  }
  for (const Node& n : nodes)
    if (weighted(n.type) && out[n.name].empty()) throw Bad{edges_where + ": " + n.name + " (" + n.type + ") has no edge out"};
  for (std::size_t p = 0; p < spec.populations.size(); ++p) {
    if (!has_bias[p] || bias_sum[p] == 0.0) continue;
    const Target& t = targets.at(spec.populations[p].name);
    if (spec.populations[p].model == "poisson") continue;
    spec.populations[p].params["I_bias"] = Distribution::constant(bias_sum[p] * t.bias_factor);
  }
  return spec;
}

// Reads the graph of an open file; `file` names it in messages, `stem` names the scenario.
std::vector<SpecError> read_graph(hid_t f, const std::string& file, const std::string& stem, LoadResult& result) {
  try {
    std::vector<hsize_t> dims;
    if (!h5::has_link(f, "version")) throw Bad{file + ": /version: missing (not a NIR file?)"};
    h5::read_strings(f, "version", file + ": /version", dims);
    if (!h5::is_group(f, "node")) throw Bad{file + ": /node: missing or not a group"};
    h5::Handle graph(H5Gopen2(f, "node", H5P_DEFAULT));
    const auto type = h5::read_strings(graph, "type", file + ": /node/type", dims);
    if (type.size() != 1 || type[0] != "NIRGraph") throw Bad{file + ": /node/type: must be \"NIRGraph\""};
    if (!h5::is_group(graph, "nodes")) throw Bad{file + ": /node/nodes: missing or not a group"};
    h5::Handle nodes_group(H5Gopen2(graph, "nodes", H5P_DEFAULT));
    std::vector<Node> nodes;
    for (const std::string& name : h5::member_names(nodes_group, file + ": /node/nodes")) nodes.push_back(read_node(nodes_group, name, file));
    if (nodes.empty()) throw Bad{file + ": /node/nodes: the graph has no nodes"};
    const auto flat = h5::read_strings(graph, "edges", file + ": /node/edges", dims);
    if (!flat.empty() && (dims.size() != 2 || dims[1] != 2)) throw Bad{file + ": /node/edges: must be an N x 2 array of node names"};
    std::set<std::string> names;
    for (const Node& n : nodes) names.insert(n.name);
    std::vector<std::pair<std::string, std::string>> edges;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
      for (std::size_t k = i; k < i + 2; ++k)
        if (!names.count(flat[k])) throw Bad{file + ": /node/edges: row " + std::to_string(i / 2) + " names " + flat[k] + ", which is not a node"};
      if (!seen.insert({flat[i], flat[i + 1]}).second) throw Bad{file + ": /node/edges: " + flat[i] + " -> " + flat[i + 1] + " appears twice"};
      edges.emplace_back(flat[i], flat[i + 1]);
    }
    ScenarioSpec spec = build(nodes, edges, file, stem, 0.1);
    std::vector<SpecError> errors = check_scenario(spec);
    // "populations[1].params.V_reset" -> "/node/nodes/<node>: V_reset", in the file's terms.
    for (SpecError& e : errors) {
      const std::string prefix = "populations[";
      if (e.path.rfind(prefix, 0) != 0) continue;
      const auto close = e.path.find(']');
      const std::size_t index = std::stoul(e.path.substr(prefix.size(), close - prefix.size()));
      if (index >= spec.populations.size()) continue;
      std::string rest = e.path.substr(close + 1);
      if (rest.rfind(".params.", 0) == 0) rest = " (NeuroSim " + spec.populations[index].model + " " + rest.substr(8) + ")";
      e.path = "/node/nodes/" + spec.populations[index].name + rest;
    }
    if (errors.empty()) result.spec = std::move(spec);
    return errors;
  } catch (const Bad& b) {
    return {{"", b.message}};
  } catch (const std::bad_alloc&) {
    return {{"", file + ": out of memory while reading"}};
  } catch (const std::exception& e) {
    return {{"", e.what()}};
  }
}

std::vector<SpecError> load(const fs::path& path, LoadResult& result) {
  const std::string file = path.string();
  h5::silence_errors();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {{"", file + ": no such file"}};
  if (H5Fis_hdf5(file.c_str()) <= 0) return {{"", file + ": not an HDF5 file (NIR files are HDF5)"}};
  const auto open = [&] { return h5::Handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)); };
  // libhdf5 can crash on a damaged file (hdf5.hpp, probe_in_child): a child reads it first.
  std::uintmax_t bytes = fs::file_size(path, ec);
  if (ec) bytes = 0;
  if (std::string damaged = h5::probe_in_child(open, file, bytes); !damaged.empty()) return {{"", damaged}};
  h5::Handle f = open();
  if (!f.valid()) return {{"", file + ": cannot be opened as HDF5 (damaged file?)"}};
  return read_graph(f, file, path.stem().string(), result);
}

}  // namespace

LoadResult load_nir_image(const void* data, std::size_t size, const std::string& source) {
  LoadResult result;
  h5::silence_errors();
  // An in-memory file (the core driver, no backing store) holding a copy of the bytes.
  const auto open = [&] {
    h5::Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
    if (fapl.valid() && H5Pset_fapl_core(fapl, 1 << 16, 0) >= 0 && size > 0 && H5Pset_file_image(fapl, const_cast<void*>(data), size) >= 0)
      return h5::Handle(H5Fopen(source.c_str(), H5F_ACC_RDONLY, fapl));
    return h5::Handle();
  };
  // libhdf5 can crash on a damaged file (hdf5.hpp, probe_in_child): a child reads it first.
  if (std::string damaged = h5::probe_in_child(open, source, size); !damaged.empty()) {
    result.errors = {{"", damaged}};
    result.spec.reset();
    return result;
  }
  h5::Handle f = open();
  if (!f.valid()) {
    result.errors = {{"", source + ": cannot be opened as HDF5 (damaged file?)"}};
    return result;
  }
  result.errors = read_graph(f, source, "graph", result);
  if (!result.errors.empty()) result.spec.reset();
  return result;
}

bool is_nir_path(std::string_view path) {
  if (path.size() < 4) return false;
  std::string ext(path.substr(path.size() - 4));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return ext == ".nir";
}

LoadResult load_nir(const fs::path& path) {
  LoadResult result;
  result.errors = load(path, result);
  if (!result.errors.empty()) result.spec.reset();
  return result;
}

}  // namespace neurosim::io
