// The PyNN script of a scenario (export_pynn.hpp).
#include "cli/export_pynn.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/export_cells.hpp"
#include "cli/report.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim::cli {
namespace {

// A number as Python reads it, with 12 significant digits: enough for every parameter, and
// a unit conversion (1.62 pA -> 0.00162 nA) shows no binary residue.
std::string num(double v) {
  if (std::isinf(v)) return v > 0 ? "float('inf')" : "-float('inf')";
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 12);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

// A Python string literal.
std::string py(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// A parameter value, scaled (units) and as PyNN takes it: a number or a RandomDistribution; a
// shared-r value (base + scale r^power, one r per neuron) as a NumPy array over `shared_r`, the
// name of the population's array of r (empty where there is none: weights, delays).
std::string value(const Distribution& d, double scale, const std::string& where, std::vector<std::string>& problems, const std::string& shared_r = "") {
  switch (d.kind) {
    case Distribution::Kind::Constant: return num(d.a * scale);
    case Distribution::Kind::Uniform: return "RandomDistribution(\"uniform\", low=" + num(d.a * scale) + ", high=" + num(d.b * scale) + ", rng=rng)";
    case Distribution::Kind::Normal: return "RandomDistribution(\"normal\", mu=" + num(d.a * scale) + ", sigma=" + num(d.b * scale) + ", rng=rng)";
    case Distribution::Kind::SharedR:
      if (shared_r.empty()) {
        problems.push_back(where + ": a shared-r distribution has no PyNN equivalent here");
        return "None";
      }
      return "(" + num(d.a * scale) + " + " + num(d.b * scale) + " * " + shared_r + " ** " + num(d.power) + ")";
  }
  return "None";
}

bool uses_shared_r(const PopulationSpec& p) {
  for (const auto& [name, d] : p.params)
    if (d.kind == Distribution::Kind::SharedR) return true;
  for (const auto& [name, d] : p.initial)
    if (d.kind == Distribution::Kind::SharedR) return true;
  return false;
}

// A parameter as the scenario gives it, else the model's default.
Distribution given_or_default(const PopulationSpec& p, const std::string& name, double dt) {
  const auto it = p.params.find(name);
  return it != p.params.end() ? it->second : Distribution::constant(model_default(p.model, name, dt));
}

// NeuroSim's LIF parameter -> IF_curr_exp's, with the unit factor.
struct Mapping {
  const char* ours;
  const char* pynn;
  double scale;
  double fallback;  // NeuroSim's default
};
constexpr Mapping kLif[] = {{"tau_m", "tau_m", 1.0, 10.0},         {"C_m", "cm", 1e-3, 250.0},         {"E_L", "v_rest", 1.0, -70.0},
                            {"V_th", "v_thresh", 1.0, -55.0},      {"V_reset", "v_reset", 1.0, -70.0}, {"t_ref", "tau_refrac", 1.0, 2.0},
                            {"tau_syn_e", "tau_syn_E", 1.0, 2.0}, {"tau_syn_i", "tau_syn_I", 1.0, 2.0}, {"I_bias", "i_offset", 1e-3, 0.0}};

std::string ident(const std::string& name, std::set<std::string>& used) {
  std::string s;
  for (const char c : name) s += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) != 0) s = "p_" + s;
  s = "pop_" + s;
  std::string unique = s;
  for (int k = 2; used.count(unique); ++k) unique = s + "_" + std::to_string(k);
  used.insert(unique);
  return unique;
}

// Brian2's code generation target, and where STDP sees a delay: Brian2's backend takes delays
// as axonal only, NEST's as dendritic only (PyNN's dendritic_delay_fraction 0 and 1).
constexpr const char* kBrian2Setup = R"PY(if args.simulator == "brian2":
    import brian2
    brian2.prefs.codegen.target = args.codegen
)PY";
constexpr const char* kDelayFraction = R"PY(dendritic_delay_fraction = 0.0 if args.simulator == "brian2" else 1.0
)PY";

// PyNN 0.10's Brian2 Izhikevich resets every neuron with the first neuron's c and d (its reset
// is a text with those two numbers). Its equations already hold v_reset and d per neuron: reset
// with those instead, so that per-neuron c and d (Izhikevich 2003) hold on Brian2 too.
constexpr const char* kBrian2Izhikevich = R"PY(if args.simulator == "brian2":
    brian2_cells = importlib.import_module("pyNN.brian2.cells")  # (pyNN.brian2.cells is another module's name there)

    def _izhikevich_group(self, n, equations, **parameters):
        brian2_cells.BaseNeuronGroup.__init__(self, n, equations, threshold="v >= 30*mV", reset="v = v_reset; u += d",
                                              refractory=0 * brian2.ms, **parameters)

    for _name in ("v_reset", "d"):
        if isinstance(getattr(brian2_cells.IzhikevichNeuronGroup, _name, None), property):
            delattr(brian2_cells.IzhikevichNeuronGroup, _name)
    brian2_cells.IzhikevichNeuronGroup.__init__ = _izhikevich_group
)PY";

// Noise as NeuroSim draws it: a new normal value per neuron and step, held for the step. PyNN's
// NoisyCurrentSource does that, but 0.10's Brian2 backend updates it from Python cell by cell
// every step (minutes per simulated second for a thousand neurons): there, one vectorised update
// per step instead, added to i_inj as PyNN's own sources add theirs.
constexpr const char* kInjectNoise = R"PY(

def inject_noise(target, k, mean, stdev, start, stop):
    if args.simulator != "brian2":
        target.inject(sim.NoisyCurrentSource(mean=mean, stdev=stdev, start=start, stop=stop, dt=DT))
        return
    group = target.brian2_group
    idx = target.index_in_grandparent(np.arange(target.size)) if hasattr(target, "parent") else np.arange(target.size)
    draw = np.random.default_rng([args.seed, 1000 + k])
    held = np.zeros(len(idx))

    def step(t):
        nonlocal held
        now = float(t / brian2.ms)
        amp = mean + stdev * draw.standard_normal(len(idx)) if start <= now < stop else np.zeros(len(idx))
        group.i_inj[idx] = group.i_inj[idx] + (amp - held) * brian2.nA
        held = amp

    sim.simulator.state.network.add(brian2.NetworkOperation(step, dt=DT * brian2.ms, when="start"))

)PY";

// A file population of spikes as a SpikeSourceArray holding the spikes NeuroSim plays (loops
// written out over the scenario's duration), one list of times per neuron that fires. Up to
// kMaxScriptSpikes: the script stays a readable file; the SONATA export takes more.
constexpr std::size_t kMaxScriptSpikes = 200'000;

std::string file_source(const ScenarioSpec& spec, const PopulationSpec& p, const std::string& var, const std::string& where, std::vector<std::string>& problems) {
  if (!p.input || !p.input->series) {
    problems.push_back(where + ": its input file is not loaded");
    return "";
  }
  if (p.input->as != InputKind::Spikes) {
    problems.push_back(where + ".input.as: only spike files map to SpikeSourceArray (got " + std::string(input_kind_name(p.input->as)) + ")");
    return "";
  }
  if (p.input->loop && !std::isfinite(spec.duration_ms)) {
    problems.push_back(where + ".input.loop: a looping file needs a finite duration_ms to be written out");
    return "";
  }
  PlayedSpikes played;
  try {
    played = played_spikes(spec, p, kMaxScriptSpikes);
  } catch (const std::runtime_error& e) {
    problems.push_back(where + ": " + e.what() + " (export with --to sonata, which writes them to a spike file)");
    return "";
  }
  std::vector<std::vector<double>> trains(static_cast<std::size_t>(p.size));
  for (std::size_t k = 0; k < played.t_ms.size(); ++k)
    if (played.neuron[k] >= 0 && played.neuron[k] < p.size) trains[static_cast<std::size_t>(played.neuron[k])].push_back(played.t_ms[k]);
  const std::string times = "spikes_" + var.substr(4);
  std::string s = "# " + p.name + ": the spikes NeuroSim plays from its file (ms, the start of the step; " + (p.input->loop ? "loops written out over " + num(spec.duration_ms) + " ms" : "played once") + "),\n# by neuron (neurons that never fire are left out)\n";
  s += times + " = {";
  bool first = true;
  for (std::size_t i = 0; i < trains.size(); ++i) {
    if (trains[i].empty()) continue;
    s += std::string(first ? "" : ",\n    ") + std::to_string(i) + ": [";
    for (std::size_t k = 0; k < trains[i].size(); ++k) s += (k ? ", " : "") + num(trains[i][k]);
    s += "]";
    first = false;
  }
  s += "}\n";
  s += var + " = sim.Population(" + std::to_string(p.size) + ", sim.SpikeSourceArray(spike_times=[Sequence(" + times + ".get(i, [])) for i in range(" +
       std::to_string(p.size) + ")]), label=" + py(p.name) + ")\n";
  return s;
}

}  // namespace

PynnScript pynn_script(const ScenarioSpec& spec) {
  PynnScript out;
  auto& problems = out.problems;
  std::string s;
  const double dt = spec.dt_ms;
  s += "#!/usr/bin/env python3\n";
  s += "\"\"\"" + spec.name + ": the NeuroSim scenario as a PyNN 0.10 script (neurosim export " + spec.name + " --to pynn).\n\n";
  s += "    python3 THIS.py --simulator brian2|nest|neuron --duration MS --out spikes.h5\n\n";
  s += "Units are PyNN's: ms, mV, nF, nA, Hz. Connectors draw their own synapses with NeuroSim's rules\n";
  s += "and distributions, so a run here matches NeuroSim's statistically, not spike for spike.\n\"\"\"\n";
  s += "import argparse\nimport importlib\n\nimport numpy as np\nfrom pyNN.parameters import Sequence\nfrom pyNN.random import NumpyRNG, RandomDistribution\n\n";
  s += "parser = argparse.ArgumentParser(description=" + py("Runs the NeuroSim scenario " + spec.name + " on a PyNN backend.") + ")\n";
  s += "parser.add_argument(\"--simulator\", default=\"brian2\", choices=[\"brian2\", \"nest\", \"neuron\"])\n";
  s += "parser.add_argument(\"--duration\", type=float, default=" + num(std::isfinite(spec.duration_ms) ? spec.duration_ms : 1000.0) + ", help=\"simulated time in ms\")\n";
  s += "parser.add_argument(\"--out\", default=\"spikes.h5\", help=\"SONATA spike file to write\")\n";
  s += "parser.add_argument(\"--seed\", type=int, default=" + std::to_string(spec.seed) + ")\n";
  s += "parser.add_argument(\"--codegen\", default=\"auto\", choices=[\"auto\", \"numpy\", \"cython\"],\n"
       "                    help=\"Brian2's code generation: numpy needs no compiler and starts at once, cython runs faster once compiled\")\n";
  s += "parser.add_argument(\"--weights\", help=\"CSV of the plastic projections' final weights (projection,pre,post,w in NeuroSim's units)\")\n";
  s += "args = parser.parse_args()\n\n";
  s += "sim = importlib.import_module(\"pyNN.\" + args.simulator)\n";
  s += kBrian2Setup;
  s += brian2_fast_connect_py();
  if (any_pynn_stdp(spec)) s += brian2_stdp_py();
  s += kDelayFraction;
  bool izhikevich = false;
  for (const PopulationSpec& p : spec.populations) izhikevich = izhikevich || p.model == "izhikevich";
  if (izhikevich) s += kBrian2Izhikevich;
  s += "sim.setup(timestep=" + num(dt) + ", min_delay=" + num(dt) + ")\n";
  s += "rng = NumpyRNG(seed=args.seed)\n\n# Populations\n";

  std::set<std::string> used;
  std::vector<std::string> var(spec.populations.size());
  for (std::size_t i = 0; i < spec.populations.size(); ++i) {
    const PopulationSpec& p = spec.populations[i];
    const std::string where = "populations[" + std::to_string(i) + "] (" + p.name + ")";
    var[i] = ident(p.name, used);
    if (p.model == "lif") {
      std::string args;
      for (const Mapping& m : kLif) {
        const auto it = p.params.find(m.ours);
        const Distribution d = it != p.params.end() ? it->second : Distribution::constant(m.fallback);
        args += std::string(args.empty() ? "" : ", ") + m.pynn + "=" + value(d, m.scale, where + ".params." + m.ours, problems);
      }
      for (const auto& [name, d] : p.params) {
        bool known = false;
        for (const Mapping& m : kLif) known = known || name == m.ours;
        if (!known) problems.push_back(where + ".params." + name + ": no IF_curr_exp parameter matches it");
      }
      s += var[i] + " = sim.Population(" + std::to_string(p.size) + ", sim.IF_curr_exp(" + args + "), label=" + py(p.name) + ")\n";
      for (const auto& [v, d] : p.initial) {
        if (v != "V") {
          problems.push_back(where + ".initial." + v + ": only V has a PyNN initial value (v)");
          continue;
        }
        s += var[i] + ".initialize(v=" + value(d, 1.0, where + ".initial.V", problems) + ")\n";
      }
    } else if (p.model == "poisson") {
      std::string rate = "0.0";
      for (const auto& [name, d] : p.params) {
        if (name == "rate") rate = value(d, 1.0, where + ".params.rate", problems);
        else problems.push_back(where + ".params." + name + ": no SpikeSourcePoisson parameter matches it");
      }
      if (!p.params.count("rate")) problems.push_back(where + ": give its rate (the export does not guess the default)");
      s += var[i] + " = sim.Population(" + std::to_string(p.size) + ", sim.SpikeSourcePoisson(rate=" + rate + "), label=" + py(p.name) + ")\n";
    } else if (p.model == "izhikevich" || p.model == "adex") {
      const std::vector<std::string> why = cell_problems(spec, i, where);
      problems.insert(problems.end(), why.begin(), why.end());
      std::string r;
      if (uses_shared_r(p)) {
        // One r ~ U[0, 1) per neuron, shared by the parameters that use it (Izhikevich 2003).
        r = "r_" + var[i].substr(4);
        s += r + " = np.random.default_rng(args.seed + " + std::to_string(i) + ").uniform(0.0, 1.0, " + std::to_string(p.size) + ")\n";
      }
      const bool izh = p.model == "izhikevich";
      std::string args;
      if (!izh) {
        // tau_m = C / g_L (pF / nS = ms): a number, or per neuron when either varies.
        const Distribution c = given_or_default(p, "C", dt), g = given_or_default(p, "g_L", dt);
        if (c.is_constant() && g.is_constant()) args = "tau_m=" + num(c.a / g.a);
        else if ((c.is_constant() || c.kind == Distribution::Kind::SharedR) && (g.is_constant() || g.kind == Distribution::Kind::SharedR))
          args = "tau_m=" + value(c, 1.0, where + ".params.C", problems, r) + " / " + value(g, 1.0, where + ".params.g_L", problems, r);
        else problems.push_back(where + ".params.C, g_L: tau_m = C / g_L of drawn values has no PyNN equivalent (give numbers)");
      }
      for (const CellParam& m : izh ? izhikevich_params() : adex_params())
        args += std::string(args.empty() ? "" : ", ") + m.pynn + "=" + value(given_or_default(p, m.ours, dt), m.scale, where + ".params." + m.ours, problems, r);
      s += var[i] + " = sim.Population(" + std::to_string(p.size) + ", sim." + (izh ? "Izhikevich" : "EIF_cond_exp_isfa_ista") + "(" + args + "), label=" + py(p.name) + ")\n";
      if (izh) {
        // NeuroSim starts v at v_init and u at b v_init, then applies the initial values given.
        const Distribution v_init = given_or_default(p, "v_init", dt);
        if (!v_init.is_constant()) problems.push_back(where + ".params.v_init: give one number (u starts at b v_init)");
        const auto v0 = p.initial.find("V"), u0 = p.initial.find("U");
        s += var[i] + ".initialize(v=" + (v0 != p.initial.end() ? value(v0->second, 1.0, where + ".initial.V", problems, r) : num(v_init.a)) + ", u=" +
             (u0 != p.initial.end() ? value(u0->second, 1.0, where + ".initial.U", problems, r)
                                    : "np.asarray(" + var[i] + ".get(\"b\", gather=True), dtype=float) * " + num(v_init.a)) +
             ")\n";
      } else {
        // NeuroSim starts the AdEx at E_L with w = 0, as PyNN's defaults do not.
        const auto v0 = p.initial.find("V"), w0 = p.initial.find("w");
        s += var[i] + ".initialize(v=" + (v0 != p.initial.end() ? value(v0->second, 1.0, where + ".initial.V", problems, r) : value(given_or_default(p, "E_L", dt), 1.0, where + ".params.E_L", problems, r)) +
             ", w=" + (w0 != p.initial.end() ? value(w0->second, 1e-3, where + ".initial.w", problems, r) : "0.0") + ")\n";
      }
    } else if (p.model == "file") {
      s += file_source(spec, p, var[i], where, problems);
    } else {
      problems.push_back(where + ": model \"" + p.model +
                         "\" has no PyNN standard cell in this export (lif -> IF_curr_exp, izhikevich -> Izhikevich, adex -> EIF_cond_exp_isfa_ista, poisson -> SpikeSourcePoisson, "
                         "file -> SpikeSourceArray)");
    }
  }

  s += "\n# Projections (weights in nA onto current-based cells, in mV onto Izhikevich cells; inhibitory ones\n"
       "# negative, added as NeuroSim adds them)\n";
  std::string plastic;  // (name, projection, weight factor) of each plastic projection
  for (std::size_t j = 0; j < spec.projections.size(); ++j) {
    const ProjectionSpec& pr = spec.projections[j];
    const std::string where = "projections[" + std::to_string(j) + "] (" + pr.name + ")";
    const int a = spec.population_index(pr.pre), b = spec.population_index(pr.post);
    if (a < 0 || b < 0) {
      problems.push_back(where + ": unknown population");
      continue;
    }
    const std::optional<PynnStdp> stdp = pynn_stdp(spec, pr, where, problems);
    if (pr.connectivity.skip_same_index) problems.push_back(where + ".connectivity.skip_same_index: no PyNN connector leaves out the pairs i -> i between two populations");
    const bool self = a == b;
    const std::string autapses = self ? (pr.connectivity.allow_autapses ? "True" : "False") : "True";
    std::string connector;
    switch (pr.connectivity.rule) {
      case ConnectivitySpec::Rule::AllToAll: connector = "sim.AllToAllConnector(allow_self_connections=" + autapses + ")"; break;
      case ConnectivitySpec::Rule::OneToOne: connector = "sim.OneToOneConnector()"; break;
      case ConnectivitySpec::Rule::FixedProbability:
        connector = "sim.FixedProbabilityConnector(" + num(pr.connectivity.p) + ", allow_self_connections=" + autapses + ", rng=rng)";
        break;
      case ConnectivitySpec::Rule::List: {
        connector = "sim.FromListConnector([";
        for (std::size_t k = 0; k < pr.connectivity.pairs.size(); ++k)
          connector += (k ? ", " : "") + std::string("(") + std::to_string(pr.connectivity.pairs[k].first) + ", " + std::to_string(pr.connectivity.pairs[k].second) + ")";
        connector += "])";
        if (!pr.connectivity.pair_weights.empty()) problems.push_back(where + ": per-pair weights are not exported");
        break;
      }
      case ConnectivitySpec::Rule::FixedIndegree:
        connector = "sim.FixedNumberPreConnector(" + std::to_string(pr.connectivity.indegree) + ", allow_self_connections=" + autapses + ", rng=rng)";
        break;
    }
    // NeuroSim rounds a delay to whole steps; PyNN's shortest delay is one step (a same-step
    // delay of 0 becomes one step there).
    Distribution delay = pr.delay_or_step(dt);
    if (delay.is_constant()) delay.a = std::max(dt, std::round(delay.a / dt) * dt);
    const bool inhibitory = pr.receptor ? *pr.receptor == Receptor::Inhibitory : pr.weight.mean() < 0;
    const double scale = weight_scale(spec.populations[static_cast<std::size_t>(b)].model, dt);
    const std::string weight = "weight=" + value(pr.weight, scale, where + ".weight", problems) + ", delay=" + value(delay, 1.0, where + ".delay_ms", problems);
    std::string synapse = "sim.StaticSynapse(" + weight + ")";
    if (stdp) {
      synapse = std::string("sim.STDPMechanism(\n        timing_dependence=sim.SpikePairRule(tau_plus=") + num(stdp->tau_plus) + ", tau_minus=" + num(stdp->tau_minus) +
                ", A_plus=" + num(stdp->A_plus) + ", A_minus=" + num(stdp->A_minus) + "),\n        weight_dependence=sim." +
                (stdp->multiplicative ? "Multiplicative" : "Additive") + "WeightDependence(w_min=" + num(stdp->w_min) + ", w_max=" + num(stdp->w_max) +
                "),\n        " + weight + ", dendritic_delay_fraction=dendritic_delay_fraction)";
      plastic += std::string(plastic.empty() ? "" : ", ") + "(" + py(pr.name) + ", proj_" + std::to_string(j) + ", " + num(scale) + ")";
    }
    s += "proj_" + std::to_string(j) + " = sim.Projection(" + var[static_cast<std::size_t>(a)] + ", " + var[static_cast<std::size_t>(b)] + ", " + connector +
         ",\n    " + synapse + ",\n    receptor_type=" + (inhibitory ? "\"inhibitory\"" : "\"excitatory\"") + ", label=" + py(pr.name) + ")\n";
  }

  s += "plastic = [" + plastic + "]  # (label, projection, PyNN weight per NeuroSim weight unit)\n";
  if (!spec.stimuli.empty()) s += "\n# Stimuli (nA)\n";
  bool noise = false;
  for (const StimulusSpec& st : spec.stimuli) noise = noise || (st.noise_sd > 0 && !st.input);
  if (noise) s += std::string("DT = ") + num(dt) + "\n" + kInjectNoise;
  for (std::size_t k = 0; k < spec.stimuli.size(); ++k) {
    const StimulusSpec& st = spec.stimuli[k];
    const std::string where = "stimuli[" + std::to_string(k) + "]";
    const int p = spec.population_index(st.population);
    if (p < 0) continue;
    if (st.input) {
      problems.push_back(where + ": currents from a file are not exported");
      continue;
    }
    const std::string stop = std::isfinite(st.stop_ms) ? num(st.stop_ms) : "1e12";
    std::string target = var[static_cast<std::size_t>(p)];
    if (!st.neurons.empty()) {
      target += "[[";
      for (std::size_t i = 0; i < st.neurons.size(); ++i) target += (i ? ", " : "") + std::to_string(st.neurons[i]);
      target += "]]";
    }
    if (st.noise_sd > 0) {
      // A noisy source draws its steps up front: it stops with the run at the latest.
      const std::string noise_stop = std::isfinite(st.stop_ms) ? "min(" + num(st.stop_ms) + ", args.duration)" : "args.duration";
      s += "inject_noise(" + target + ", " + std::to_string(k) + ", mean=" + num(st.amplitude * 1e-3) + ", stdev=" + num(st.noise_sd * 1e-3) +
           ", start=" + num(st.start_ms) + ", stop=" + noise_stop + ")\n";
    } else {
      s += target + ".inject(sim.DCSource(amplitude=" + num(st.amplitude * 1e-3) + ", start=" + num(st.start_ms) + ", stop=" + stop + "))\n";
    }
  }

  s += "\n# Recording and run\npopulations = [";
  for (std::size_t i = 0; i < var.size(); ++i) s += (i ? ", " : "") + var[i];
  s += "]\nfor p in populations:\n    p.record(\"spikes\")\n";
  s += "sim.run(args.duration)\n\n";
  s += "# SONATA spikes: /spikes/<population>/timestamps (ms) and node_ids, in time order\n";
  s += "# (under MPI every process gathers the spikes; the first one writes the file)\n";
  s += "import h5py\n\n\n";
  s += "def index_of(p, train):\n";
  s += "    \"\"\"The neuron's index in its population (backends annotate trains differently).\"\"\"\n";
  s += "    a = train.annotations\n";
  s += "    if \"source_index\" in a:\n";
  s += "        return int(a[\"source_index\"])\n";
  s += "    return int(p.id_to_index(int(a.get(\"source_id\", a.get(\"channel_id\")))))\n\n\n";
  s += "trains_of = {p.label: p.get_data(\"spikes\", gather=True).segments[0].spiketrains for p in populations}\n";
  s += "if sim.rank() == 0:\n";
  s += "  with h5py.File(args.out, \"w\") as f:\n";
  s += "    for p in populations:\n";
  s += "        trains = trains_of[p.label]\n";
  s += "        t = np.concatenate([np.asarray(st.rescale(\"ms\").magnitude, dtype=float) for st in trains] or [np.zeros(0)])\n";
  s += "        ids = np.concatenate([np.full(len(st), index_of(p, st), dtype=np.uint64) for st in trains] or [np.zeros(0, np.uint64)])\n";
  s += "        order = np.lexsort((ids, t))\n";
  s += "        g = f.create_group(\"spikes/\" + p.label)\n";
  s += "        g.attrs[\"sorting\"] = \"by_time\"\n";
  s += "        g.create_dataset(\"timestamps\", data=t[order]).attrs[\"units\"] = \"ms\"\n";
  s += "        g.create_dataset(\"node_ids\", data=ids[order])\n";
  s += "        print(\"%-16s %9d neurons %10.3f Hz\" % (p.label, p.size, len(t) / p.size / (args.duration / 1000.0)))\n";
  s += "if args.weights and sim.rank() == 0:\n";
  s += "    with open(args.weights, \"w\") as f:\n";
  s += "        f.write(\"projection,pre,post,w\\n\")\n";
  s += "        for label, projection, scale in plastic:\n";
  s += "            for i, j, w in projection.get(\"weight\", format=\"list\", with_address=True, gather=True):\n";
  s += "                f.write(\"%s,%d,%d,%.9g\\n\" % (label, int(i), int(j), w / scale))\n";
  s += "sim.end()\n";
  out.text = std::move(s);
  return out;
}

int export_command(const std::string& scenario, const std::string& to, const std::string& out, bool overwrite) {
  try {
    io::LoadOptions load;
    load.read_inputs = false;
    io::LoadResult loaded = io::load_scenario(scenario, load);
    // A file population's spikes go into the script: read its file (and only then: other inputs,
    // such as image sets, are not exported).
    bool files = false;
    if (loaded.spec)
      for (const PopulationSpec& p : loaded.spec->populations) files = files || p.model == "file";
    if (files && loaded.errors.empty()) {
      load.read_inputs = true;
      loaded = io::load_scenario(scenario, load);
    }
    if (!loaded.errors.empty()) {
      print_errors(scenario, loaded.errors);
      return kExitBadInput;
    }
    if (to != "pynn") {
      std::cerr << "error: --to " << to << ": this version exports to pynn only\n";
      return kExitBadInput;
    }
    const PynnScript script = pynn_script(*loaded.spec);
    if (!script.problems.empty()) {
      for (const std::string& p : script.problems) std::cerr << scenario << ": " << p << '\n';
      std::cerr << "error: " << scenario << " cannot be exported to PyNN (" << script.problems.size() << " problem" << (script.problems.size() > 1 ? "s" : "") << ")\n";
      return kExitBadInput;
    }
    if (const auto parent = std::filesystem::path(out).parent_path(); !parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        std::cerr << "error: cannot create directory " << parent.string() << ": " << ec.message() << '\n';
        return kExitBadInput;
      }
    }
    io::write_file_atomically(out, script.text, overwrite ? io::Replace::Allowed : io::Replace::Never);
    std::printf("%s: PyNN script in %s (python3 %s --simulator brian2|nest|neuron --duration MS --out spikes.h5)\n", loaded.spec->name.c_str(), out.c_str(),
                out.c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
