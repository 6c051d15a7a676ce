// NeuroSim's models and rules as PyNN standard types (export_cells.hpp).
#include "cli/export_cells.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "neurosim/model_registry.hpp"
#include "neurosim/params.hpp"
#include "neurosim/plasticity.hpp"
#include "neurosim/projection.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim::cli {
namespace {

constexpr CellParam kIzhikevich[] = {{"a", "a", 1.0}, {"b", "b", 1.0}, {"c", "c", 1.0}, {"d", "d", 1.0}, {"I_bias", "i_offset", 1e-3}};
constexpr CellParam kAdex[] = {{"C", "cm", 1e-3},          {"E_L", "v_rest", 1.0},    {"V_T", "v_thresh", 1.0},  {"Delta_T", "delta_T", 1.0},
                               {"a", "a", 1e-3},           {"tau_w", "tau_w", 1.0},   {"b", "b", 1e-3},          {"V_reset", "v_reset", 1.0},
                               {"V_peak", "v_spike", 1.0}, {"t_ref", "tau_refrac", 1.0}, {"I_bias", "i_offset", 1e-3}};
// Parameters that change nothing PyNN's cell models: adex's integration substep, and the
// synaptic time constants of a population that no projection targets.
constexpr const char* kAdexIgnored[] = {"g_L", "h_max", "tau_syn_e", "tau_syn_i"};

// The parameters of STDP as a scenario gives them, the rule's defaults filled in.
std::map<std::string, double> stdp_params(const ProjectionSpec& pr) {
  Projection probe("defaults", 0, 0, 1, 1, Receptor::Excitatory);
  const auto rule = make_plasticity("stdp", probe, 0.1);
  std::map<std::string, double> out;
  for (const ParamDesc& d : rule->param_descs()) out[std::string(d.name)] = rule->param(std::string_view(d.name));
  for (const auto& [name, v] : pr.plasticity->params) out[name] = v;
  return out;
}

}  // namespace

std::span<const CellParam> izhikevich_params() { return kIzhikevich; }
std::span<const CellParam> adex_params() { return kAdex; }

double model_default(const std::string& model, const std::string& param, double dt_ms) {
  const auto p = make_population(model, "defaults", 1, dt_ms, 0, 0);
  return p ? p->param(std::string_view(param)) : std::numeric_limits<double>::quiet_NaN();
}

std::optional<double> constant_param(const PopulationSpec& p, const std::string& name, double dt_ms) {
  const auto it = p.params.find(name);
  if (it == p.params.end()) return model_default(p.model, name, dt_ms);
  if (!it->second.is_constant()) return std::nullopt;
  return it->second.a;
}

std::vector<std::string> cell_problems(const ScenarioSpec& spec, std::size_t index, const std::string& where) {
  std::vector<std::string> problems;
  const PopulationSpec& p = spec.populations[index];
  const double dt = spec.dt_ms;
  const auto must_be = [&](const char* name, double wanted, const std::string& why) {
    const auto v = constant_param(p, name, dt);
    if (!v || *v != wanted) problems.push_back(where + ".params." + name + ": " + why + " (export it with " + name + " = " + format_number(wanted) + ")");
  };
  if (p.model == "izhikevich") {
    must_be("v_peak", 30.0, "PyNN's Izhikevich fires at v >= 30 mV");
    must_be("t_ref", 0.0, "PyNN's Izhikevich has no refractory period");
    for (const auto& [name, d] : p.params) {
      bool known = name == "v_peak" || name == "t_ref" || name == "v_init" || name == "scheme";
      for (const CellParam& m : kIzhikevich) known = known || name == m.ours;
      if (!known) problems.push_back(where + ".params." + name + ": no Izhikevich parameter matches it");
    }
    for (const auto& [v, d] : p.initial)
      if (v != "V" && v != "U") problems.push_back(where + ".initial." + v + ": no Izhikevich state variable matches it");
  } else if (p.model == "adex") {
    for (const ProjectionSpec& pr : spec.projections)
      if (pr.post == p.name)
        problems.push_back(where + ": model \"adex\" is not exported when a projection targets it (" + pr.name +
                           "): its synapses are current-based, PyNN's EIF_cond_exp_isfa_ista's conductance-based");
    const auto delta = constant_param(p, "Delta_T", dt);
    if (delta && *delta == 0.0)
      problems.push_back(where + ".params.Delta_T: 0 (the adaptive LIF) has no EIF_cond_exp_isfa_ista equivalent, which divides by delta_T");
    for (const auto& [name, d] : p.params) {
      bool known = false;
      for (const CellParam& m : kAdex) known = known || name == m.ours;
      for (const char* n : kAdexIgnored) known = known || name == n;
      if (!known) problems.push_back(where + ".params." + name + ": no EIF_cond_exp_isfa_ista parameter matches it");
    }
    for (const auto& [v, d] : p.initial)
      if (v != "V" && v != "w") problems.push_back(where + ".initial." + v + ": no EIF_cond_exp_isfa_ista state variable matches it");
  }
  return problems;
}

double weight_scale(const std::string& post_model, double dt_ms) {
  if (post_model == "izhikevich") return dt_ms;
  return 1e-3;  // pA -> nA, nS -> uS
}

std::optional<PynnStdp> pynn_stdp(const ScenarioSpec& spec, const ProjectionSpec& pr, const std::string& where, std::vector<std::string>& problems) {
  if (!pr.plasticity) return std::nullopt;
  const std::string& rule = pr.plasticity->rule;
  if (rule != "stdp") {
    const char* why = rule == "stdp_triplet"        ? "the triplet rule has no PyNN standard STDP type"
                      : rule == "rstdp"             ? "reward-modulated STDP has no PyNN standard STDP type"
                      : rule == "rstdp_first_spike" ? "first-spike reward learning has no PyNN standard STDP type"
                                                    : "no PyNN standard STDP type matches it";
    problems.push_back(where + ": learning rule \"" + rule + "\" is not exported to PyNN: " + why);
    return std::nullopt;
  }
  const auto params = stdp_params(pr);
  if (params.at("learn") == 0.0) return std::nullopt;  // frozen: a static synapse
  const std::string rule_where = where + ": learning rule \"stdp\"";
  const std::size_t before = problems.size();
  const int pairing = static_cast<int>(params.at("pairing"));
  if (pairing != StdpPlasticity::AllToAll)
    problems.push_back(rule_where + " with pairing " + std::to_string(pairing) + (pairing == 1 ? " (nearest)" : " (restricted nearest)") +
                       " is not exported: PyNN's SpikePairRule pairs all-to-all (pairing 0)");
  const bool inhibitory = pr.receptor ? *pr.receptor == Receptor::Inhibitory : pr.weight.mean() < 0;
  if (inhibitory || params.at("w_min") < 0)
    problems.push_back(rule_where + " on inhibitory or negative weights is not exported: PyNN's STDP weights lie in [w_min, w_max] with w_min >= 0");
  const int post = spec.population_index(pr.post);
  if (post < 0 || problems.size() != before) return std::nullopt;
  const double scale = weight_scale(spec.populations[static_cast<std::size_t>(post)].model, spec.dt_ms);
  PynnStdp s{};
  s.tau_plus = params.at("tau_plus");
  s.tau_minus = params.at("tau_minus");
  s.multiplicative = params.at("multiplicative") != 0.0;
  s.w_min = params.at("w_min") * scale;
  s.w_max = params.at("w_max") * scale;
  const double eta = params.at("eta");
  // Additive: NeuroSim's amplitudes are in weight units, PyNN's a fraction of w_max.
  const double per = s.multiplicative ? 1.0 : 1.0 / params.at("w_max");
  s.A_plus = eta * params.at("A_plus") * per;
  s.A_minus = eta * params.at("A_minus") * per;
  return s;
}

PlayedSpikes played_spikes(const ScenarioSpec& spec, const PopulationSpec& p, std::size_t max_spikes) {
  if (!p.input || !p.input->series) throw std::runtime_error(p.name + ": its input file is not loaded");
  const TimeSeries& series = *p.input->series;
  const double dt = spec.dt_ms;
  const auto step_of = [&](double t) { return static_cast<std::int64_t>(std::floor(t / dt + 1e-6)); };
  std::vector<std::pair<std::int64_t, std::int64_t>> once;  // (step, neuron) in one pass of the file
  if (series.is_events()) {
    for (const TimedSpike& e : series.events) once.emplace_back(step_of(e.t_ms), e.neuron);
  } else {
    for (std::size_t r = 0; r < series.rows(); ++r)
      for (int c = 0; c < series.columns; ++c) {
        const float count = series.at(r, c);
        for (int k = 0; k < static_cast<int>(count); ++k) once.emplace_back(step_of(series.row_time(r, dt)), c);
      }
  }
  std::sort(once.begin(), once.end());
  if (const auto dup = std::adjacent_find(once.begin(), once.end()); dup != once.end())
    throw std::runtime_error(p.name + ": neuron " + std::to_string(dup->second) + " fires more than once in the step at " +
                             format_number(static_cast<double>(dup->first) * dt) + " ms, which a PyNN spike train cannot hold");
  const std::int64_t total = std::isfinite(spec.duration_ms) ? std::llround(spec.duration_ms / dt) : std::numeric_limits<std::int64_t>::max();
  const std::int64_t period = std::max<std::int64_t>(1, std::llround(series.length_ms(dt) / dt));
  PlayedSpikes out;
  for (std::int64_t start = 0; start < total; start += period) {
    for (const auto& [step, neuron] : once) {
      if (step >= period && p.input->loop) continue;
      if (start + step >= total) continue;
      out.t_ms.push_back(static_cast<double>(start + step) * dt);
      out.neuron.push_back(neuron);
      if (out.t_ms.size() > max_spikes) throw std::runtime_error(p.name + ": more than " + std::to_string(max_spikes) + " input spikes to write");
    }
    if (!p.input->loop) break;
  }
  return out;
}

bool any_pynn_stdp(const ScenarioSpec& spec) {
  for (const ProjectionSpec& pr : spec.projections) {
    std::vector<std::string> ignored;
    if (pynn_stdp(spec, pr, "", ignored)) return true;
  }
  return false;
}

// PyNN 0.10's Brian2 backend connects one postsynaptic neuron at a time and then sets each
// synapse's weight and delay by looking the synapse up among all made so far: the time grows
// with the square of the synapse count (hours for izhikevich2003's million synapses, minutes
// for cuba's 320,000). Between two whole populations the script gathers a projection's synapses
// and makes them with one connect and one assignment per parameter, in the same order; anything
// else goes the backend's own way.
const char* brian2_fast_connect_py() {
  return R"PY(if args.simulator == "brian2":
    _projections = importlib.import_module("pyNN.brian2.projections")
    _connect_one = _projections.Projection._convergent_connect
    _make_projection = _projections.Projection.__init__

    def _whole(p):  # a population, or an assembly of one (PyNN's SONATA importer makes those)
        if isinstance(p, sim.Assembly) and len(p.populations) == 1:
            p = p.populations[0]
        return isinstance(p, sim.Population)

    def _gather(self, presynaptic_indices, postsynaptic_index, **parameters):
        if not (_whole(self.pre) and _whole(self.post)):
            return _connect_one(self, presynaptic_indices, postsynaptic_index, **parameters)
        parameters.pop("dendritic_delay_fraction", None)
        pre = np.asarray(presynaptic_indices, dtype=int)
        self.__dict__.setdefault("_gathered", []).append((pre, int(postsynaptic_index), parameters))

    def _projection(self, *a, **k):
        _make_projection(self, *a, **k)
        gathered = self.__dict__.pop("_gathered", None)
        if not gathered:
            return
        synapses = self._brian2_synapses[0][0]
        first = len(synapses)
        i = np.concatenate([pre for pre, _, _ in gathered])
        j = np.concatenate([np.full(len(pre), post) for pre, post, _ in gathered])
        synapses.connect(i=i, j=j)
        self._n_connections += len(i)
        names = list(gathered[0][2]) + list(self.synapse_type.initial_conditions)
        for name in names:
            view = getattr(synapses, name)
            parts = []
            for pre, _, parameters in gathered:
                value = parameters[name] if name in parameters else self.synapse_type.initial_conditions[name]
                parts.append(np.broadcast_to(np.asarray(value, dtype=float), (len(pre),)))
            values = np.concatenate(parts)
            if name == "delay":  # to the nearest step, as the backend rounds them
                step = float(sim.get_time_step()) * 1e-3
                values = np.round(values / step) * step
            view[first:first + len(i)] = brian2.Quantity(values, dim=view.dim)

    _projections.Projection._convergent_connect = _gather
    _projections.Projection.__init__ = _projection
)PY";
}


// pyNN.brian2's STDPMechanism and NeuroSim's rule differ in two things that change a plastic run
// (the pair-by-pair test, tests/app/scripts/check_brian2_stdp.py, shows both):
// - PyNN's pre-synaptic code depresses the weight and then delivers it, so each spike carries a
//   weight its own pairing has just lowered (by A_minus w_max M, 4-5 pA per spike in
//   song2000-small, a tenth of the mean weight). NeuroSim delivers the weight the synapse had
//   when the neuron fired and then learns, as Song, Miller & Abbott 2000 and Brian2's STDP
//   example (`ge += w` first) do. Under the rule the output fired at half NeuroSim's rate.
// - It runs that code when the spike arrives, one delay after NeuroSim pairs it (NeuroSim pairs
//   a spike when the neuron fires: delays are axonal for delivery, not for learning).
// On Brian2 the exported synapse therefore has two pre-synaptic pathways: "stdp", without delay,
// pairs the spike when it is emitted and keeps the weight it found (w_sent); "pre", after the
// delay, delivers w_sent. Brian2 runs same-step pathways by name, so "pre" delivers before "stdp"
// keeps a later spike's weight. A synapse whose spikes come closer together than its delay
// delivers the later weight for both. The weight dependence is written out as NeuroSim's (both
// clips on every change), so the multiplicative rule runs on Brian2 too, which PyNN 0.10's
// backend applies additively. NEST keeps its stdp_synapse: see the README.
const char* brian2_stdp_py() {
  return R"PY(if args.simulator == "brian2":
    _synapse_types = importlib.import_module("pyNN.brian2.standardmodels.synapses")

    class _Pathways(str):
        """Pre-synaptic code of several Brian2 pathways, filled in as PyNN fills in one."""

        def __new__(cls, pathways):
            text = str.__new__(cls, pathways["pre"])
            text.pathways = pathways
            return text

        def __mod__(self, context):
            return {name: code % context for name, code in self.pathways.items()}

    _stdp_init = _synapse_types.STDPMechanism.__init__

    def _neurosim_stdp(self, *a, **k):
        _stdp_init(self, *a, **k)
        soft = isinstance(self.weight_dependence, _synapse_types.MultiplicativeWeightDependence)
        self.eqs = _synapse_types.STDPMechanism.eqs + "\n             w_sent : %(weight_units)s"
        self.pre = _Pathways({"pre": "%(syn_var)s += w_sent",
                              "stdp": "w_sent = weight\nP += A_plus\nweight = clip(weight + M * "
                                      + ("(weight - w_min)" if soft else "w_max") + ", w_min, w_max)"})
        self.post = "M -= A_minus\nweight = clip(weight + P * " + ("(w_max - weight)" if soft else "w_max") + ", w_min, w_max)"

    _synapse_types.STDPMechanism.__init__ = _neurosim_stdp
)PY";
}

}  // namespace neurosim::cli
