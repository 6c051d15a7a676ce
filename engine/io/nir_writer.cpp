// A scenario written as a NIR graph (mapping in nir.hpp).
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "neurosim/io/hdf5.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/nir.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/lif_delta.hpp"
#include "neurosim/network.hpp"

namespace neurosim::io {
namespace {

namespace fs = std::filesystem;

// NIR's version string as nir.version of the 1.0 release.
constexpr const char* kNirVersion = "1.0.0";

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// A node name HDF5 accepts (no '/') that no other node has.
std::string unique_name(std::string name, std::set<std::string>& taken) {
  for (char& ch : name)
    if (ch == '/' || ch == '.') ch = '_';
  if (const auto p = name.find("->"); p != std::string::npos) name.replace(p, 2, "_to_");
  std::string candidate = name;
  for (int i = 2; taken.count(candidate); ++i) candidate = name + "_" + std::to_string(i);
  taken.insert(candidate);
  return candidate;
}

// Refuses what NIR cannot express: recurrence, rules other than all-to-all, models without a node.
void check_exportable(const ScenarioSpec& spec) {
  const int n = static_cast<int>(spec.populations.size());
  std::vector<std::vector<int>> next(static_cast<std::size_t>(n));
  for (const ProjectionSpec& pr : spec.projections) {
    const std::string name = pr.name.empty() ? pr.pre + "->" + pr.post : pr.name;
    if (pr.pre == pr.post) throw NirExportError("projection " + name + " is recurrent (" + pr.pre + " onto itself); NIR export takes feedforward networks only");
    const auto& c = pr.connectivity;
    const bool full_list = c.rule == ConnectivitySpec::Rule::List;  // checked as built
    if (c.rule != ConnectivitySpec::Rule::AllToAll && !full_list)
      throw NirExportError("projection " + name + " is not all-to-all; NIR export takes all-to-all projections only (an Affine node is a full matrix)");
    if (c.rule == ConnectivitySpec::Rule::AllToAll && c.skip_same_index)
      throw NirExportError("projection " + name + " skips pairs i -> i (skip_same_index), so it is not all-to-all");
    next[static_cast<std::size_t>(spec.population_index(pr.pre))].push_back(spec.population_index(pr.post));
  }
  // Feedforward: no cycle through several populations either (depth-first search, colours).
  std::vector<int> colour(static_cast<std::size_t>(n), 0);
  std::vector<std::pair<int, std::size_t>> stack;
  for (int s = 0; s < n; ++s) {
    if (colour[static_cast<std::size_t>(s)]) continue;
    stack.push_back({s, 0});
    colour[static_cast<std::size_t>(s)] = 1;
    while (!stack.empty()) {
      auto& [v, k] = stack.back();
      const auto& out = next[static_cast<std::size_t>(v)];
      if (k == out.size()) {
        colour[static_cast<std::size_t>(v)] = 2;
        stack.pop_back();
        continue;
      }
      const int w = out[k++];
      if (colour[static_cast<std::size_t>(w)] == 1)
        throw NirExportError("projection from " + spec.populations[static_cast<std::size_t>(v)].name + " to " + spec.populations[static_cast<std::size_t>(w)].name +
                             " closes a loop; NIR export takes feedforward networks only");
      if (colour[static_cast<std::size_t>(w)] == 0) {
        colour[static_cast<std::size_t>(w)] = 1;
        stack.push_back({w, 0});
      }
    }
  }
}

}  // namespace

std::vector<std::string> write_nir(const ScenarioSpec& spec, const fs::path& path, bool replace) {
  check_exportable(spec);
  BuildResult built = build_network(spec);
  if (!built.network) throw NirExportError("the scenario does not build: " + built.errors.front().text());
  const Network& net = *built.network;
  std::vector<std::string> notes;
  const int pops = net.population_count();
  std::vector<bool> receives(static_cast<std::size_t>(pops), false), sends(static_cast<std::size_t>(pops), false);
  for (int j = 0; j < net.projection_count(); ++j) {
    receives[static_cast<std::size_t>(net.projection(j).post())] = true;
    sends[static_cast<std::size_t>(net.projection(j).pre())] = true;
  }
  for (int p = 0; p < pops; ++p) {
    const Population& pop = net.population(p);
    const std::string model(pop.model());
    if (pop.is_source()) {
      if (receives[static_cast<std::size_t>(p)]) throw NirExportError("population " + pop.name() + " (" + model + ") is a source but receives a projection");
      continue;
    }
    if (model != "lif" && model != "lif_delta")
      throw NirExportError("population " + pop.name() + ": model " + model + " has no NIR node (exported: lif as CubaLIF, lif_delta as LIF, sources as Input)");
    if (pop.param("t_ref") > 0) notes.push_back("population " + pop.name() + ": t_ref = " + fmt(pop.param("t_ref")) + " ms is not carried (NIR has no refractory period)");
  }
  for (const StimulusSpec& s : spec.stimuli) notes.push_back("stimulus " + s.name + " on " + s.population + " is not carried (NIR has no current injection)");
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& pr = net.projection(j);
    if (pr.synapse_count() != static_cast<std::size_t>(net.population(pr.pre()).size()) * static_cast<std::size_t>(net.population(pr.post()).size()))
      throw NirExportError("projection " + pr.name() + " is not all-to-all (" + std::to_string(pr.synapse_count()) + " synapses)");
    if (net.plasticity(j)) notes.push_back("projection " + pr.name() + ": its learning rule is not carried (weights written as built)");
    const Distribution d = spec.projections[static_cast<std::size_t>(j)].delay_or_step(spec.dt_ms);
    if (!d.is_constant() || std::lround(d.a / spec.dt_ms) > 1)
      notes.push_back("projection " + pr.name() + ": its delays are not carried (NIR 1.0 edges have none)");
  }

  // Synaptic time constant of each lif population: one per population in CubaLIF.
  std::vector<double> tau_syn(static_cast<std::size_t>(pops), 0.0);
  for (int j = 0; j < net.projection_count(); ++j) {
    const Projection& pr = net.projection(j);
    const Population& post = net.population(pr.post());
    if (post.model() != "lif") continue;
    const double tau = post.param(pr.receptor() == Receptor::Inhibitory ? "tau_syn_i" : "tau_syn_e");
    double& held = tau_syn[static_cast<std::size_t>(pr.post())];
    if (held != 0 && held != tau)
      throw NirExportError("population " + post.name() + ": receives excitatory and inhibitory projections with different tau_syn_e and tau_syn_i (" + fmt(post.param("tau_syn_e")) +
                           ", " + fmt(post.param("tau_syn_i")) + " ms); a CubaLIF node has one synaptic time constant");
    held = tau;
  }

  const fs::path tmp = path.string() + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  h5::silence_errors();
  try {
    h5::Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!file.valid()) throw NirExportError(path.string() + ": cannot be created");
    h5::write_string(file, "version", kNirVersion);
    h5::Handle node = h5::create_group(file, "node");
    h5::write_string(node, "type", "NIRGraph");
    h5::Handle nodes = h5::create_group(node, "nodes");
    std::set<std::string> taken;
    std::vector<std::string> pop_node(static_cast<std::size_t>(pops));
    for (int p = 0; p < pops; ++p) pop_node[static_cast<std::size_t>(p)] = unique_name(net.population(p).name(), taken);
    std::vector<std::string> edges;
    auto edge = [&](const std::string& a, const std::string& b) {
      edges.push_back(a);
      edges.push_back(b);
    };
    std::vector<bool> bias_written(static_cast<std::size_t>(pops), false);
    for (int p = 0; p < pops; ++p) {
      const Population& pop = net.population(p);
      const auto n = static_cast<hsize_t>(pop.size());
      h5::Handle g = h5::create_group(nodes, pop_node[static_cast<std::size_t>(p)]);
      // Parameters in float64, so that an import gets NeuroSim's values back exactly.
      auto per_neuron = [&](const std::string& name, double v) { h5::write_doubles(g, name, std::vector<double>(n, v), {n}); };
      if (pop.is_source()) {
        h5::write_string(g, "type", "Input");
        h5::write_ints(g, "shape", {pop.size()});
        continue;
      }
      const double tau_m_s = pop.param("tau_m") / 1000.0;
      if (pop.model() == "lif") {
        double ts = tau_syn[static_cast<std::size_t>(p)];
        if (ts == 0) ts = pop.param("tau_syn_e");
        h5::write_string(g, "type", "CubaLIF");
        per_neuron("tau_syn", ts / 1000.0);
        per_neuron("tau_mem", tau_m_s);
        per_neuron("r", pop.param("tau_m") / pop.param("C_m"));
        per_neuron("v_leak", pop.param("E_L"));
        per_neuron("v_threshold", pop.param("V_th"));
        per_neuron("v_reset", pop.param("V_reset"));
        per_neuron("w_in", ts / 1000.0);
      } else {
        h5::write_string(g, "type", "LIF");
        per_neuron("tau", tau_m_s);
        per_neuron("r", tau_m_s);
        per_neuron("v_leak", pop.param("E_L"));
        per_neuron("v_threshold", pop.param("V_th"));
        per_neuron("v_reset", pop.param("V_reset"));
      }
      if (!sends[static_cast<std::size_t>(p)]) {
        const std::string out = unique_name(pop_node[static_cast<std::size_t>(p)] + "_output", taken);
        h5::Handle o = h5::create_group(nodes, out);
        h5::write_string(o, "type", "Output");
        h5::write_ints(o, "shape", {pop.size()});
        edge(pop_node[static_cast<std::size_t>(p)], out);
      }
    }
    for (int j = 0; j < net.projection_count(); ++j) {
      const Projection& pr = net.projection(j);
      const Population& pre = net.population(pr.pre());
      const Population& post = net.population(pr.post());
      const auto rows = static_cast<std::size_t>(post.size()), cols = static_cast<std::size_t>(pre.size());
      std::vector<float> w(rows * cols, 0.0f);
      const float gain = pr.enabled() ? pr.weight_scale() : 0.0f;
      const auto row_ptr = pr.row_ptr();
      const auto col = pr.col();
      const auto weights = pr.weights();
      for (std::size_t i = 0; i < cols; ++i)
        for (auto s = row_ptr[i]; s < row_ptr[i + 1]; ++s)
          w[static_cast<std::size_t>(col[static_cast<std::size_t>(s)]) * cols + i] = gain * weights[static_cast<std::size_t>(s)];
      // The post population's I_bias rides on the first projection into it.
      std::vector<float> bias(rows, 0.0f);
      const auto post_index = static_cast<std::size_t>(pr.post());
      if (!bias_written[post_index]) {
        bias_written[post_index] = true;
        double b = 0;
        if (post.model() == "lif") b = post.param("I_bias") / (tau_syn[post_index] / 1000.0);  // steady I = w_in b
        else b = post.param("I_bias") * (post.param("tau_m") / post.param("C_m")) / (post.param("tau_m") / 1000.0);  // r b = (tau_m / C_m) I_bias
        std::fill(bias.begin(), bias.end(), static_cast<float>(b));
      }
      const std::string name = unique_name(pr.name(), taken);
      h5::Handle g = h5::create_group(nodes, name);
      h5::write_string(g, "type", "Affine");
      h5::write_floats(g, "weight", w, {rows, cols});
      h5::write_floats(g, "bias", bias, {rows});
      edge(pop_node[static_cast<std::size_t>(pr.pre())], name);
      edge(name, pop_node[post_index]);
    }
    for (int p = 0; p < pops; ++p) {
      const Population& pop = net.population(p);
      if (!pop.is_source() && !bias_written[static_cast<std::size_t>(p)] && pop.param("I_bias") != 0)
        notes.push_back("population " + pop.name() + ": I_bias is not carried (no projection into it holds a bias)");
    }
    h5::write_strings(node, "edges", edges, {edges.size() / 2, 2});
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  try {
    publish(tmp, path, replace ? Replace::Allowed : Replace::Never);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  return notes;
}

}  // namespace neurosim::io
