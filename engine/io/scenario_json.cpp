// Scenario files: JSON <-> ScenarioSpec.
//
// [SECTION] The format
// [SECTION] Paths and messages
// [SECTION] Reading values
// [SECTION] Reading a scenario
// [SECTION] Writing a scenario
// [SECTION] Parsing text and files
// [SECTION] Overrides (--set PATH=VALUE)
//
// ---------------------------------------------------------------------------------------------
// [SECTION] The format
// ---------------------------------------------------------------------------------------------
// One JSON object. Every key is optional unless marked (required); a missing key takes the
// default of spec.hpp. A key the format does not know is an error, so a typo never goes
// unnoticed, and so is a key given twice.
//
//   {
//     "name": "cuba", "description": "first line shown by `neurosim presets`\nmore...",
//     "dt_ms": 0.1, "duration_ms": 1000, "seed": 1,
//     "populations": [
//       { "name": "exc" (required), "model": "lif" (required; the engine's models:
//         model_registry.hpp lists them, e.g. lif, if, izhikevich, poisson),
//         "size": 3200,
//         "params":  { "tau_m": 20, "c": {"base": -65, "scale": 15, "power": 2}, ... },
//         "initial": { "V": {"uniform": [-60, -50]} },
//         "input": { "path": "data/in.csv", "as": "spikes" | "rates", "loop": false }
//                  (models file and images only; images: {"path": IMAGES.idx[.gz],
//                   "labels": LABELS.idx[.gz]}) }
//     ],
//     "projections": [
//       { "name": "ee", "pre": "exc" (required), "post": "exc" (required),
//         "connectivity": {"rule": "fixed_probability", "p": 0.02, "allow_autapses": false}
//                       | {"rule": "fixed_indegree", "indegree": 1000, "allow_autapses": false}
//                       | {"rule": "all_to_all", "allow_autapses": false}
//                         ("skip_same_index": true: between two populations, no pair i -> i)
//                       | {"rule": "one_to_one"}
//                       | {"rule": "list", "pairs": [[0, 1], [3, 2]], "weights": [1.5, -2]},
//         "weight": 1.62, "delay_ms": 0.1, "receptor": "exc" | "inh",
//         "weight_scale": 1 (a gain on every weight at delivery, learned ones too; 0 .. 10000),
//         "enabled": true (false: delivers nothing),
//         "same_step": false (true: a delay_ms that rounds to 0 steps delivers within the step),
//         "plasticity": {"rule": "stdp" (required), "params": {"A_plus": 0.01, "tau_plus": 16.8}} }
//     ],
//     "stimuli": [
//       { "name": "step", "population": "exc" (required), "neurons": [0, 1],
//         "amplitude": 10, "noise_sd": 0, "start_ms": 20, "stop_ms": 900,
//         "input": { "path": "currents.csv", "as": "currents", "loop": false } }
//     ],
//     "monitors": { "rate_bin_ms": 1, "report_interval_ms": 100,
//                   "traces": [ {"population": "exc" (required), "neurons": [0, 1]} ] },
//     "experiment": { "task": "pattern" | "classification", "input": "afferents" (required),
//                     "output": "neuron" (required), "epochs": 10, "epoch_ms": 30000,
//                     "evaluation_ms": 0, "stop_accuracy": 0, "max_latency_ms": 10,
//                     "final_window_ms": 0, "energy_model": "loihi",
//                     "normalise_projection": "input->exc", "normalise_total": 78,
//                     "repeat_below_spikes": 5, "repeat_rate_step_hz": 32, "max_repeats": 10,
//                     "count_rest": true, "assign_from_last_epoch": false, "label_pass": false,
//                     "grow": [ {"after_epoch": 5 (required), "population": "neurons" (required),
//                                "count": 1} ] },
//     "reward": { "projection": "inputs->neuron" (required), "pre": 0, "post": 0,
//                 "window_ms": 20, "delay_ms": {"uniform": [1000, 3000]}, "amount": 0.5 },
//     "timeline": [ {"t_ms": 1000 (required), "set": {"projections.ie.weight_scale": 4}}
//                   | {"t_ms": 1000, "note": "inhibition x4"}
//                   | {"t_ms": 3000, "add_neurons": {"population": "exc" (required), "count": 1}}
//                   | {"t_ms": 3000, "add_population": {a population as in "populations"}}
//                   | {"t_ms": 3000, "add_projection": {...}} | {"t_ms": 3000, "add_stimulus": {...}}
//                   | {"t_ms": 4000, "remove": {"population" | "projection" | "stimulus": NAME,
//                                             "with_connections": false}}
//                   | {"t_ms": 4000, "rename": {"population" | ...: NAME, "to": NEW_NAME}}
//                   | {"t_ms": 5000, "change_population": {a population as in "populations":
//                                    the one of that name rebuilt, e.g. with another model}}
//                   | {"t_ms": 5000, "change_projection": {a projection as in "projections":
//                                    the one of that name (or pre->post) rebuilt}} ]
//   }
//
// "timeline" (timeline.hpp) changes the running network at fixed times: "set" paths as --set
// writes them, for the fields a running network can change; each entry is checked against the
// scenario as the earlier entries leave it (check_timeline), and problems are named per field,
// e.g. timeline[2].set["populations.exc.params.V_th"]: unknown population 'exc'.
//
// "experiment" (absent: a plain run of duration_ms) turns the run into a training schedule
// (experiment.hpp): `epochs` phases of `epoch_ms` with learning on, each followed by an
// evaluation of `evaluation_ms` with learning frozen (0: each epoch is scored as it trains);
// stop early once an evaluation's accuracy reaches `stop_accuracy` (0: never). The schedule sets
// the simulated time, so duration_ms is not used. "task" "pattern" scores how the `output`
// population finds the hidden patterns of the `input` population (a "pattern" source); a pattern
// counts as learned below `max_latency_ms`. "task" "classification" (Diehl & Cook 2015) reads the
// `input` population of model "images" (its images need labels: the built-in digits have them,
// image files need input.labels): each output neuron is assigned the label it responded to most
// in training, each presentation window (present_ms + rest_ms) is predicted as the label whose
// assigned neurons fired most in it, and the accuracy is the fraction of windows predicted
// correctly (max_latency_ms is not used). The final score pools the scored phases (evaluations,
// or the epochs when there are none) of the last `final_window_ms` of the run (0: the last one
// alone), as Masquelier et al. 2008 judge the last 150 s. "energy_model" names the per-operation
// costs of the energy comparison (energy.hpp: loihi, truenorth, horowitz-fp32, horowitz-fp16,
// horowitz-int8). The classification task takes Diehl & Cook 2015's protocol from
// "normalise_projection" (before each training image, the weights onto each neuron of that
// plastic projection are scaled to sum to "normalise_total"), "repeat_below_spikes" (an image
// that draws fewer output spikes is shown again, "repeat_rate_step_hz" brighter, at most
// "max_repeats" times), "count_rest": false (only presentation spikes count) and
// "assign_from_last_epoch" (labels from the latest epoch's responses), "label_pass" (after the
// last epoch, a frozen pass over the training images makes the labels); "epoch_ms": 0
// makes an epoch one pass over the images. "grow" adds `count` neurons to `population` once `after_epoch` epochs have
// ended (0: before the first; at most epochs - 1; entries in epoch order): the population (not
// a spike source, of a model that can grow, e.g. srm) keeps its neurons and learned weights, and
// every projection into or out of it gives the new neurons synapses by its own rule and weight
// distribution (network.hpp's AddNeurons), so that new output neurons can learn what the others
// left over. A running network drops an entry from its scenario once applied and counts the new
// neurons in the population's size, so a scenario saved later builds the network as it then is.
//
// "reward" (absent: none) rewards one synapse of an rstdp projection, Izhikevich 2007 style
// (reward_task.hpp): when neuron `pre` fires and neuron `post` fires within `window_ms` after it,
// `amount` of dopamine arrives `delay_ms` later (a number or a uniform range).
//
// "input" gives a population of model "file" its data (a time series played as spikes or as
// rates in Hz), a population of model "images" its images (IDX files; without an input it shows
// built-in synthetic digits), or a stimulus currents from a file (one column per target neuron,
// starting at start_ms). Paths are relative to the scenario file. The file formats and the
// timing rules are input_files.hpp's and time_series.hpp's. Instead of "path", the data may be
// inline: "data" (rows) with "dt_ms" or "t_ms", or "spikes" (events), plus "duration_ms", as in
// a JSON data file; the writer uses this for data that has no file (the GUI's random input).
// A file or images population without "size" takes the width of its data.
//
// A distribution (params, initial, weight, delay_ms) is one of
//   2.5                                     the same value everywhere
//   {"uniform": [low, high]}                uniform in [low, high)
//   {"normal": [mean, sd]}                  Gaussian
//   {"base": b, "scale": s, "power": p}     b + s r^p with one r ~ U[0,1) per neuron shared by
//                                           the population's parameters (Izhikevich 2003);
//                                           "power" defaults to 1
//
// Defaults worth knowing: "connectivity" is all-to-all; "receptor" follows the sign of the mean
// weight; no "plasticity" means static weights; absent plasticity "params" take the rule's defaults; "neurons" absent means every neuron; "stop_ms" absent means the stimulus never stops
// (the writer omits it for an endless stimulus; the string "inf" is read as well, so that
// `--set stimuli[0].stop_ms=inf` works).
//
// Two passes report problems. This file checks the shape: types, unknown keys, model, rule and
// receptor names, distribution forms. neurosim::check_scenario() then checks the meaning
// (ranges, references between entries, parameter names of each model). Both report every
// problem with its path, e.g. "populations[1].params.tau_m: must be > 0 (got 0)". Where the
// first pass found a problem at a path, the second pass's remarks at or below it are dropped:
// they would only restate it. Problems are listed in the order of the file.
//
// Problems with the file as a whole (missing, a directory, over 64 MiB, NUL bytes, empty,
// malformed JSON) have an empty path and a message that starts with the file's name, and for
// syntax errors its line and column: "cuba.json:12:5: syntax error while parsing ...".
#include "neurosim/io/nir.hpp"
#include "neurosim/io/scenario_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <system_error>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "neurosim/io/input_files.hpp"
#include "neurosim/io/presets.hpp"
#include "neurosim/network.hpp"
#include "neurosim/params.hpp"
#include "neurosim/timeline.hpp"

namespace neurosim::io {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::uintmax_t kMaxFileBytes = 64u << 20;  // 64 MiB
// A scenario nests about six levels (populations[0].initial.V.uniform[1]); inline data one or
// two more. Deeper text is refused before parsing: the steps after the parse walk the document
// recursively, and each level would cost stack and a path string.
constexpr int kMaxNesting = 100;

// The offset of the first [ or { that opens a level past `limit` (outside strings), or npos.
std::size_t too_deep_at(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

std::string too_deep_message() { return "nested deeper than " + std::to_string(kMaxNesting) + " levels (the limit for a scenario)"; }

// ---------------------------------------------------------------------------------------------
// [SECTION] Paths and messages
// ---------------------------------------------------------------------------------------------

std::string join(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string at(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

// "an array of 3" / "a string": what a value was, for "must be ... (got ...)".
std::string shape_of(const Json& j) {
  if (!j.is_array()) return std::string(j.is_object() ? "an " : "a ") + j.type_name();
  return "an array of " + std::to_string(j.size());
}

// True when `inner` is `outer` or lies below it ("a.b" and "a.b[2].c" lie below "a.b").
bool at_or_below(std::string_view inner, std::string_view outer) {
  if (inner.size() < outer.size() || inner.substr(0, outer.size()) != outer) return false;
  if (inner.size() == outer.size() || outer.empty()) return true;
  const char next = inner[outer.size()];
  return next == '.' || next == '[';
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading values
// ---------------------------------------------------------------------------------------------

// Collects problems while reading. Every read_* leaves its output untouched when the value is
// absent or wrong, so the meaning check sees the default instead of garbage (lists keep a
// placeholder in a bad entry's place, so that later entries keep their index).
class Reader {
 public:
  std::vector<SpecError> errors;
  // Paths under which the meaning check's remarks are dropped: every path with a problem here,
  // and whole entries that cannot be judged (a population without a model, a plasticity
  // without a rule).
  std::vector<std::string> muted;

  void error(const std::string& path, std::string message) {
    errors.push_back({path, std::move(message)});
    muted.push_back(path);
  }

  void type_error(const std::string& path, std::string_view expected, const Json& got) {
    error(path, "must be " + std::string(expected) + " (got " + got.type_name() + ")");
  }

  // Reports keys of `obj` that are not in `allowed`.
  void check_keys(const Json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (const auto& item : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) error(join(path, item.key()), "unknown key");
    }
  }

  // `obj[key]` when present, else null (and an error when required).
  const Json* find(const Json& obj, std::string_view key, const std::string& path, bool required = false) {
    const auto it = obj.find(key);
    if (it != obj.end()) return &*it;
    if (required) error(join(path, key), "required but missing");
    return nullptr;
  }

  bool number(const Json& j, const std::string& path, double& out) {
    if (!j.is_number()) {
      type_error(path, "a number", j);
      return false;
    }
    const double v = j.get<double>();
    if (!std::isfinite(v)) {  // not reachable from JSON text, but from a json built in code
      error(path, "must be a finite number (got " + format_number(v) + ")");
      return false;
    }
    out = v;
    return true;
  }

  // An integer in [lo, hi]; integral floating-point values (3.0) are accepted.
  bool integer(const Json& j, const std::string& path, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    if (!j.is_number()) {
      type_error(path, "an integer", j);
      return false;
    }
    // Compared as long double: exact for every int64 and for the doubles that matter here.
    long double v = 0;
    std::string got;
    if (j.is_number_unsigned()) {
      v = static_cast<long double>(j.get<std::uint64_t>());
      got = std::to_string(j.get<std::uint64_t>());
    } else if (j.is_number_integer()) {
      v = static_cast<long double>(j.get<std::int64_t>());
      got = std::to_string(j.get<std::int64_t>());
    } else {
      const double d = j.get<double>();
      got = format_number(d);
      if (d != std::floor(d)) {
        error(path, "must be an integer (got " + got + ")");
        return false;
      }
      v = d;
    }
    if (v < static_cast<long double>(lo)) {
      error(path, "must be >= " + std::to_string(lo) + " (got " + got + ")");
      return false;
    }
    if (v > static_cast<long double>(hi)) {
      error(path, "must be <= " + std::to_string(hi) + " (got " + got + ")");
      return false;
    }
    out = static_cast<std::int64_t>(v);
    return true;
  }

  bool int32(const Json& j, const std::string& path, int lo, int& out) {
    std::int64_t v = 0;
    if (!integer(j, path, lo, std::numeric_limits<int>::max(), v)) return false;
    out = static_cast<int>(v);
    return true;
  }

  bool seed(const Json& j, const std::string& path, std::uint64_t& out) {
    if (j.is_number_unsigned()) {
      out = j.get<std::uint64_t>();
      return true;
    }
    if (j.is_number_integer()) {
      error(path, "must be an integer >= 0 (got " + std::to_string(j.get<std::int64_t>()) + ")");
      return false;
    }
    if (j.is_number_float()) {
      const double d = j.get<double>();
      if (d >= 0 && d == std::floor(d) && d <= 0x1p53) {
        out = static_cast<std::uint64_t>(d);
        return true;
      }
      error(path, "must be an integer between 0 and 18446744073709551615 (got " + format_number(d) + ")");
      return false;
    }
    type_error(path, "an integer", j);
    return false;
  }

  bool string(const Json& j, const std::string& path, std::string& out) {
    if (!j.is_string()) {
      type_error(path, "a string", j);
      return false;
    }
    out = j.get<std::string>();
    return true;
  }

  bool boolean(const Json& j, const std::string& path, bool& out) {
    if (!j.is_boolean()) {
      type_error(path, "true or false", j);
      return false;
    }
    out = j.get<bool>();
    return true;
  }

  // A list of neuron indices (each >= 0; the upper bound is the meaning check's).
  bool indices(const Json& j, const std::string& path, std::vector<int>& out) {
    if (!j.is_array()) {
      type_error(path, "an array of neuron indices", j);
      return false;
    }
    // A bad entry becomes 0 so that the others keep their positions: the meaning check's
    // "neurons[3]" must name the file's fourth entry.
    std::vector<int> values(j.size(), 0);
    bool ok = true;
    for (std::size_t i = 0; i < j.size(); ++i) ok &= int32(j[i], at(path, i), 0, values[i]);
    out = std::move(values);
    return ok;
  }

  // Two numbers, as in {"uniform": [low, high]}.
  bool pair_of_numbers(const Json& j, const std::string& path, std::string_view what, double& first, double& second) {
    if (!j.is_array() || j.size() != 2) {
      error(path, "must be an array of two numbers " + std::string(what) + " (got " + shape_of(j) + ")");
      return false;
    }
    const bool a = number(j[0], at(path, 0), first);
    const bool b = number(j[1], at(path, 1), second);
    return a && b;
  }

  bool distribution(const Json& j, const std::string& path, Distribution& out) {
    if (j.is_number()) {
      double v = 0;
      if (!number(j, path, v)) return false;
      out = Distribution::constant(v);
      return true;
    }
    if (!j.is_object()) {
      type_error(path, "a number or a distribution ({\"uniform\": [low, high]}, {\"normal\": [mean, sd]} or "
                       "{\"base\": b, \"scale\": s, \"power\": p})", j);
      return false;
    }
    if (j.contains("uniform") || j.contains("normal")) {
      const bool uniform = j.contains("uniform");
      if (j.size() != 1) {
        for (const auto& item : j.items()) {
          if (item.key() != (uniform ? "uniform" : "normal")) error(join(path, item.key()), "unknown key");
        }
        return false;
      }
      double a = 0, b = 0;
      const std::string sub = join(path, uniform ? "uniform" : "normal");
      if (!pair_of_numbers(j.front(), sub, uniform ? "[low, high]" : "[mean, sd]", a, b)) return false;
      out = uniform ? Distribution::uniform(a, b) : Distribution::normal(a, b);
      return true;
    }
    if (j.contains("base") || j.contains("scale") || j.contains("power")) {
      check_keys(j, path, {"base", "scale", "power"});
      double base = 0, scale = 0, power = 1;
      bool ok = true;
      if (const Json* v = find(j, "base", path, true)) ok &= number(*v, join(path, "base"), base);
      else ok = false;
      if (const Json* v = find(j, "scale", path, true)) ok &= number(*v, join(path, "scale"), scale);
      else ok = false;
      if (const Json* v = find(j, "power", path)) ok &= number(*v, join(path, "power"), power);
      if (!ok) return false;
      out = Distribution::shared_r(base, scale, power);
      return true;
    }
    error(path, j.empty() ? "empty distribution (expected {\"uniform\": [low, high]}, {\"normal\": [mean, sd]} or "
                            "{\"base\": b, \"scale\": s, \"power\": p})"
                          : "unknown distribution (expected \"uniform\", \"normal\" or \"base\"/\"scale\"/\"power\"; got \"" +
                                j.begin().key() + "\")");
    return false;
  }

  // {"name": distribution, ...}: model parameters or initial state.
  void distribution_map(const Json& j, const std::string& path, std::map<std::string, Distribution>& out) {
    if (!j.is_object()) {
      type_error(path, "an object", j);
      return;
    }
    for (const auto& item : j.items()) {
      Distribution d;
      if (distribution(item.value(), join(path, item.key()), d)) out[item.key()] = d;
    }
  }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading a scenario
// ---------------------------------------------------------------------------------------------

// {"path": "x.csv", "as": "spikes", "loop": false}, or inline data instead of "path".
void read_input(Reader& r, const Json& j, const std::string& path, bool stimulus, std::optional<InputSpec>& out) {
  if (!j.is_object()) {
    r.type_error(path, "an object such as {\"path\": \"data.csv\", \"as\": \"spikes\"}", j);
    return;
  }
  r.check_keys(j, path, {"path", "labels", "as", "loop", "data", "spikes", "dt_ms", "t_ms", "duration_ms", "neurons"});
  InputSpec in;
  in.as = stimulus ? InputKind::Currents : InputKind::Spikes;
  if (const Json* v = r.find(j, "path", path)) r.string(*v, join(path, "path"), in.path);
  if (const Json* v = r.find(j, "labels", path)) r.string(*v, join(path, "labels"), in.labels);
  if (const Json* v = r.find(j, "as", path)) {
    std::string name;
    if (r.string(*v, join(path, "as"), name)) {
      if (const auto kind = parse_input_kind(name)) in.as = *kind;
      else r.error(join(path, "as"), "unknown use " + in_quotes(name) + " (expected spikes, rates or currents)");
    }
  }
  if (const Json* v = r.find(j, "loop", path)) r.boolean(*v, join(path, "loop"), in.loop);
  Json inline_data = Json::object();
  for (const char* key : {"data", "spikes", "dt_ms", "t_ms", "duration_ms", "neurons"})
    if (j.contains(key)) inline_data[key] = j[key];
  if (!inline_data.empty()) {
    if (!in.path.empty()) {
      r.error(path, "give either \"path\" or inline data, not both");
    } else {
      SeriesResult series = parse_time_series_json(inline_data.dump(), path, in.as);
      if (series.series) {
        auto named = std::make_shared<TimeSeries>(*series.series);  // small: inline data
        named->source = "inline data";
        in.series = std::move(named);
      } else {
        r.error(path, series.error.substr(path.size() + 2));  // the message names the field
      }
    }
  }
  out = std::move(in);
}

void read_population(Reader& r, const Json& j, const std::string& path, PopulationSpec& pop) {
  if (!j.is_object()) {
    r.type_error(path, "an object", j);
    return;
  }
  r.check_keys(j, path, {"name", "model", "size", "params", "initial", "input"});
  if (const Json* v = r.find(j, "name", path, true)) r.string(*v, join(path, "name"), pop.name);
  // The model's name, its parameter names and the size's range are check_scenario()'s.
  const Json* model = r.find(j, "model", path, true);
  if (!model || !r.string(*model, join(path, "model"), pop.model)) r.muted.push_back(path);
  if (const Json* v = r.find(j, "size", path)) r.int32(*v, join(path, "size"), std::numeric_limits<int>::min(), pop.size);
  if (const Json* v = r.find(j, "params", path)) r.distribution_map(*v, join(path, "params"), pop.params);
  if (const Json* v = r.find(j, "initial", path)) r.distribution_map(*v, join(path, "initial"), pop.initial);
  if (const Json* v = r.find(j, "input", path)) read_input(r, *v, join(path, "input"), false, pop.input);
  // Data-driven populations take their width from the data unless told (io::load_inputs).
  if (!j.contains("size") && (pop.model == "file" || pop.model == "images")) pop.size = 0;
}

void read_connectivity(Reader& r, const Json& j, const std::string& path, ConnectivitySpec& c) {
  if (!j.is_object()) {
    r.type_error(path, "an object such as {\"rule\": \"fixed_probability\", \"p\": 0.1}", j);
    return;
  }
  r.check_keys(j, path, {"rule", "p", "indegree", "allow_autapses", "skip_same_index", "pairs", "weights"});
  std::string rule;
  const Json* v = r.find(j, "rule", path, true);
  if (!v || !r.string(*v, join(path, "rule"), rule)) return;
  std::vector<std::string_view> used;  // the optional keys this rule reads
  if (rule == "fixed_probability") {
    c.rule = ConnectivitySpec::Rule::FixedProbability;
    used = {"p", "allow_autapses", "skip_same_index"};
  } else if (rule == "fixed_indegree") {
    c.rule = ConnectivitySpec::Rule::FixedIndegree;
    used = {"indegree", "allow_autapses"};
  } else if (rule == "all_to_all") {
    c.rule = ConnectivitySpec::Rule::AllToAll;
    used = {"allow_autapses", "skip_same_index"};
  } else if (rule == "one_to_one") {
    c.rule = ConnectivitySpec::Rule::OneToOne;
    used = {};
  } else if (rule == "list") {
    c.rule = ConnectivitySpec::Rule::List;
    used = {"pairs", "weights"};
  } else {
    r.error(join(path, "rule"), "unknown rule " + in_quotes(rule) + " (expected fixed_probability, fixed_indegree, all_to_all, one_to_one, list)");
    return;
  }
  for (std::string_view key : {"p", "indegree", "allow_autapses", "skip_same_index", "pairs", "weights"}) {
    if (j.contains(key) && std::find(used.begin(), used.end(), key) == used.end()) {
      r.error(join(path, key), "not used by rule " + in_quotes(rule));
    }
  }
  if (c.rule == ConnectivitySpec::Rule::FixedProbability) {
    if (const Json* p = r.find(j, "p", path, true)) r.number(*p, join(path, "p"), c.p);
  }
  if (c.rule == ConnectivitySpec::Rule::FixedIndegree) {
    if (const Json* k = r.find(j, "indegree", path, true)) r.int32(*k, join(path, "indegree"), 0, c.indegree);
  }
  if (const Json* a = r.find(j, "allow_autapses", path); a && std::find(used.begin(), used.end(), "allow_autapses") != used.end()) {
    r.boolean(*a, join(path, "allow_autapses"), c.allow_autapses);
  }
  if (const Json* a = r.find(j, "skip_same_index", path); a && std::find(used.begin(), used.end(), "skip_same_index") != used.end()) {
    r.boolean(*a, join(path, "skip_same_index"), c.skip_same_index);
  }
  if (c.rule != ConnectivitySpec::Rule::List) return;
  const std::string ppath = join(path, "pairs");
  if (const Json* pairs = r.find(j, "pairs", path, true)) {
    if (!pairs->is_array()) {
      r.type_error(ppath, "an array of [pre, post] pairs", *pairs);
    } else {
      c.pairs.reserve(pairs->size());
      for (std::size_t i = 0; i < pairs->size(); ++i) {
        const Json& pair = (*pairs)[i];
        const std::string ipath = at(ppath, i);
        int pre = 0, post = 0;  // a bad pair stays as (0, 0) so that later pairs keep their index
        if (!pair.is_array() || pair.size() != 2) {
          r.error(ipath, "must be a [pre, post] pair of neuron indices (got " + shape_of(pair) + ")");
        } else {
          r.int32(pair[0], at(ipath, 0), 0, pre);
          r.int32(pair[1], at(ipath, 1), 0, post);
        }
        c.pairs.emplace_back(pre, post);
      }
    }
  }
  if (const Json* w = r.find(j, "weights", path)) {
    const std::string wpath = join(path, "weights");
    if (!w->is_array()) {
      r.type_error(wpath, "an array of numbers, one per pair", *w);
    } else {
      for (std::size_t i = 0; i < w->size(); ++i) {  // one per pair: check_scenario() counts them
        double x = 0;
        r.number((*w)[i], at(wpath, i), x);
        c.pair_weights.push_back(x);
      }
    }
  }
}

// {"rule": "stdp", "params": {"A_plus": 0.01}}: the rule's name and its parameter names are
// check_scenario()'s to judge.
void read_plasticity(Reader& r, const Json& j, const std::string& path, std::optional<PlasticitySpec>& out) {
  if (!j.is_object()) {
    r.type_error(path, "an object such as {\"rule\": \"stdp\", \"params\": {\"eta\": 0.01}}", j);
    return;
  }
  r.check_keys(j, path, {"rule", "params"});
  PlasticitySpec pl;
  if (const Json* v = r.find(j, "rule", path, true)) r.string(*v, join(path, "rule"), pl.rule);
  else r.muted.push_back(path);
  if (const Json* v = r.find(j, "params", path)) {
    const std::string ppath = join(path, "params");
    if (!v->is_object()) {
      r.type_error(ppath, "an object of numbers", *v);
    } else {
      for (const auto& item : v->items()) {
        double x = 0;
        if (r.number(item.value(), join(ppath, item.key()), x)) pl.params[item.key()] = x;
      }
    }
  }
  out = std::move(pl);
}

void read_projection(Reader& r, const Json& j, const std::string& path, ProjectionSpec& proj) {
  if (!j.is_object()) {
    r.type_error(path, "an object", j);
    return;
  }
  r.check_keys(j, path, {"name", "pre", "post", "connectivity", "weight", "delay_ms", "same_step", "receptor", "plasticity", "weight_scale", "enabled"});
  if (const Json* v = r.find(j, "name", path)) r.string(*v, join(path, "name"), proj.name);
  if (const Json* v = r.find(j, "pre", path, true)) r.string(*v, join(path, "pre"), proj.pre);
  if (const Json* v = r.find(j, "post", path, true)) r.string(*v, join(path, "post"), proj.post);
  if (const Json* v = r.find(j, "connectivity", path)) read_connectivity(r, *v, join(path, "connectivity"), proj.connectivity);
  if (const Json* v = r.find(j, "weight", path)) r.distribution(*v, join(path, "weight"), proj.weight);
  if (const Json* v = r.find(j, "delay_ms", path)) {
    Distribution d;
    r.distribution(*v, join(path, "delay_ms"), d);
    proj.delay_ms = d;
  }
  if (const Json* v = r.find(j, "receptor", path)) {
    std::string name;
    const std::string rpath = join(path, "receptor");
    if (r.string(*v, rpath, name)) {
      if (name == "exc") proj.receptor = Receptor::Excitatory;
      else if (name == "inh") proj.receptor = Receptor::Inhibitory;
      else r.error(rpath, "unknown receptor " + in_quotes(name) + " (expected exc or inh)");
    }
  }
  if (const Json* v = r.find(j, "plasticity", path)) read_plasticity(r, *v, join(path, "plasticity"), proj.plasticity);
  if (const Json* v = r.find(j, "weight_scale", path)) r.number(*v, join(path, "weight_scale"), proj.weight_scale);
  if (const Json* v = r.find(j, "enabled", path)) r.boolean(*v, join(path, "enabled"), proj.enabled);
  if (const Json* v = r.find(j, "same_step", path)) r.boolean(*v, join(path, "same_step"), proj.same_step);
}

void read_stimulus(Reader& r, const Json& j, const std::string& path, StimulusSpec& stim) {
  if (!j.is_object()) {
    r.type_error(path, "an object", j);
    return;
  }
  r.check_keys(j, path, {"name", "population", "neurons", "amplitude", "noise_sd", "start_ms", "stop_ms", "input"});
  if (const Json* v = r.find(j, "name", path)) r.string(*v, join(path, "name"), stim.name);
  if (const Json* v = r.find(j, "population", path, true)) r.string(*v, join(path, "population"), stim.population);
  if (const Json* v = r.find(j, "neurons", path)) r.indices(*v, join(path, "neurons"), stim.neurons);
  if (const Json* v = r.find(j, "amplitude", path)) r.number(*v, join(path, "amplitude"), stim.amplitude);
  if (const Json* v = r.find(j, "noise_sd", path)) r.number(*v, join(path, "noise_sd"), stim.noise_sd);
  if (const Json* v = r.find(j, "start_ms", path)) r.number(*v, join(path, "start_ms"), stim.start_ms);
  if (const Json* v = r.find(j, "stop_ms", path)) {
    if (v->is_string() && v->get<std::string>() == "inf") stim.stop_ms = std::numeric_limits<double>::infinity();
    else if (v->is_number()) r.number(*v, join(path, "stop_ms"), stim.stop_ms);
    else r.type_error(join(path, "stop_ms"), "a number or \"inf\"", *v);
  }
  if (const Json* v = r.find(j, "input", path)) read_input(r, *v, join(path, "input"), true, stim.input);
}

void read_monitors(Reader& r, const Json& j, const std::string& path, MonitorSpec& mon) {
  if (!j.is_object()) {
    r.type_error(path, "an object", j);
    return;
  }
  r.check_keys(j, path, {"rate_bin_ms", "report_interval_ms", "traces", "spikes"});
  if (const Json* v = r.find(j, "spikes", path)) {
    const std::string spath = join(path, "spikes");
    if (!v->is_array()) {
      r.type_error(spath, "an array of population names", *v);
    } else {
      std::vector<std::string> names(v->size());
      for (std::size_t i = 0; i < v->size(); ++i) r.string((*v)[i], at(spath, i), names[i]);
      mon.spikes = std::move(names);
    }
  }
  if (const Json* v = r.find(j, "rate_bin_ms", path)) r.number(*v, join(path, "rate_bin_ms"), mon.rate_bin_ms);
  if (const Json* v = r.find(j, "report_interval_ms", path)) r.number(*v, join(path, "report_interval_ms"), mon.report_interval_ms);
  if (const Json* v = r.find(j, "traces", path)) {
    const std::string tpath = join(path, "traces");
    if (!v->is_array()) {
      r.type_error(tpath, "an array", *v);
      return;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& t = (*v)[i];
      const std::string ipath = at(tpath, i);
      if (!t.is_object()) {
        r.type_error(ipath, "an object such as {\"population\": \"exc\", \"neurons\": [0, 1]}", t);
        continue;
      }
      r.check_keys(t, ipath, {"population", "neurons"});
      TraceSpec trace;
      if (const Json* p = r.find(t, "population", ipath, true)) r.string(*p, join(ipath, "population"), trace.population);
      if (const Json* n = r.find(t, "neurons", ipath, true)) r.indices(*n, join(ipath, "neurons"), trace.neurons);
      mon.traces.push_back(std::move(trace));
    }
  }
}

// {"task": "pattern", "input": ..., "output": ...}: the task, names and ranges are check_scenario()'s.
void read_experiment(Reader& r, const Json& j, const std::string& path, std::optional<ExperimentSpec>& out) {
  if (!j.is_object()) {
    r.type_error(path, "an object such as {\"task\": \"pattern\", \"input\": \"afferents\", \"output\": \"neuron\"}", j);
    return;
  }
  r.check_keys(j, path, {"task", "input", "output", "epochs", "epoch_ms", "evaluation_ms", "stop_accuracy", "max_latency_ms",
                         "final_window_ms", "energy_model", "normalise_projection", "normalise_total", "repeat_below_spikes",
                         "repeat_rate_step_hz", "max_repeats", "count_rest", "assign_from_last_epoch", "label_pass", "tagged_outputs", "reward", "adaptive_reward", "reward_decay", "silent_decision", "grow"});
  ExperimentSpec x;
  if (const Json* v = r.find(j, "task", path)) r.string(*v, join(path, "task"), x.task);
  if (const Json* v = r.find(j, "input", path, true)) r.string(*v, join(path, "input"), x.input);
  if (const Json* v = r.find(j, "output", path, true)) r.string(*v, join(path, "output"), x.output);
  if (const Json* v = r.find(j, "epochs", path)) r.int32(*v, join(path, "epochs"), std::numeric_limits<int>::min(), x.epochs);
  if (const Json* v = r.find(j, "epoch_ms", path)) r.number(*v, join(path, "epoch_ms"), x.epoch_ms);
  if (const Json* v = r.find(j, "evaluation_ms", path)) r.number(*v, join(path, "evaluation_ms"), x.evaluation_ms);
  if (const Json* v = r.find(j, "stop_accuracy", path)) r.number(*v, join(path, "stop_accuracy"), x.stop_accuracy);
  if (const Json* v = r.find(j, "max_latency_ms", path)) r.number(*v, join(path, "max_latency_ms"), x.max_latency_ms);
  if (const Json* v = r.find(j, "final_window_ms", path)) r.number(*v, join(path, "final_window_ms"), x.final_window_ms);
  if (const Json* v = r.find(j, "energy_model", path)) r.string(*v, join(path, "energy_model"), x.energy_model);
  if (const Json* v = r.find(j, "normalise_projection", path)) r.string(*v, join(path, "normalise_projection"), x.normalise_projection);
  if (const Json* v = r.find(j, "normalise_total", path)) r.number(*v, join(path, "normalise_total"), x.normalise_total);
  if (const Json* v = r.find(j, "repeat_below_spikes", path))
    r.int32(*v, join(path, "repeat_below_spikes"), std::numeric_limits<int>::min(), x.repeat_below_spikes);
  if (const Json* v = r.find(j, "repeat_rate_step_hz", path)) r.number(*v, join(path, "repeat_rate_step_hz"), x.repeat_rate_step_hz);
  if (const Json* v = r.find(j, "max_repeats", path)) r.int32(*v, join(path, "max_repeats"), std::numeric_limits<int>::min(), x.max_repeats);
  if (const Json* v = r.find(j, "count_rest", path)) r.boolean(*v, join(path, "count_rest"), x.count_rest);
  if (const Json* v = r.find(j, "assign_from_last_epoch", path)) r.boolean(*v, join(path, "assign_from_last_epoch"), x.assign_from_last_epoch);
  if (const Json* v = r.find(j, "label_pass", path)) r.boolean(*v, join(path, "label_pass"), x.label_pass);
  if (const Json* v = r.find(j, "tagged_outputs", path)) r.boolean(*v, join(path, "tagged_outputs"), x.tagged_outputs);
  if (const Json* v = r.find(j, "reward", path)) r.number(*v, join(path, "reward"), x.reward);
  if (const Json* v = r.find(j, "adaptive_reward", path)) r.boolean(*v, join(path, "adaptive_reward"), x.adaptive_reward);
  if (const Json* v = r.find(j, "reward_decay", path)) r.number(*v, join(path, "reward_decay"), x.reward_decay);
  if (const Json* v = r.find(j, "silent_decision", path)) r.string(*v, join(path, "silent_decision"), x.silent_decision);
  if (const Json* v = r.find(j, "grow", path)) {
    const std::string gpath = join(path, "grow");
    if (!v->is_array()) {
      r.type_error(gpath, "an array such as [{\"after_epoch\": 5, \"population\": \"neurons\", \"count\": 1}]", *v);
    } else {
      for (std::size_t i = 0; i < v->size(); ++i) {
        const Json& g = (*v)[i];
        const std::string ipath = at(gpath, i);
        GrowSpec grow;
        if (!g.is_object()) {
          r.type_error(ipath, "an object such as {\"after_epoch\": 5, \"population\": \"neurons\", \"count\": 1}", g);
        } else {
          r.check_keys(g, ipath, {"after_epoch", "population", "count"});
          if (const Json* e = r.find(g, "after_epoch", ipath, true)) r.int32(*e, join(ipath, "after_epoch"), 0, grow.after_epoch);
          if (const Json* p = r.find(g, "population", ipath, true)) r.string(*p, join(ipath, "population"), grow.population);
          if (const Json* c = r.find(g, "count", ipath)) r.int32(*c, join(ipath, "count"), 1, grow.count);
        }
        x.grow.push_back(std::move(grow));  // a broken entry keeps its place, so later indices match the file's
      }
    }
  }
  out = std::move(x);
}

// {"projection": ..., "pre": 0, "post": 0, ...}: references and ranges are check_scenario()'s.
void read_reward(Reader& r, const Json& j, const std::string& path, std::optional<RewardSpec>& out) {
  if (!j.is_object()) {
    r.type_error(path, "an object such as {\"projection\": \"inputs->neuron\", \"pre\": 0, \"post\": 0}", j);
    return;
  }
  r.check_keys(j, path, {"projection", "pre", "post", "window_ms", "delay_ms", "amount"});
  RewardSpec x;
  if (const Json* v = r.find(j, "projection", path, true)) r.string(*v, join(path, "projection"), x.projection);
  if (const Json* v = r.find(j, "pre", path)) r.int32(*v, join(path, "pre"), 0, x.pre);
  if (const Json* v = r.find(j, "post", path)) r.int32(*v, join(path, "post"), 0, x.post);
  if (const Json* v = r.find(j, "window_ms", path)) r.number(*v, join(path, "window_ms"), x.window_ms);
  if (const Json* v = r.find(j, "delay_ms", path)) r.distribution(*v, join(path, "delay_ms"), x.delay_ms);
  if (const Json* v = r.find(j, "amount", path)) r.number(*v, join(path, "amount"), x.amount);
  out = std::move(x);
}

// Reads a list of entries; every element, even a broken one, keeps its place so that the
// meaning check's indices ("projections[2]") match the file's.
template <class Spec, class ReadOne>
void read_list(Reader& r, const Json& root, std::string_view key, std::vector<Spec>& out, ReadOne read_one) {
  const Json* v = r.find(root, key, "");
  if (!v) return;
  const std::string path(key);
  if (!v->is_array()) {
    r.type_error(path, "an array", *v);
    return;
  }
  out.resize(v->size());
  for (std::size_t i = 0; i < v->size(); ++i) read_one(r, (*v)[i], at(path, i), out[i]);
}

// "timeline": [{"t_ms": 1000, "set": {"projections.ie.weight_scale": 4}}, {"t_ms": 1000, "note":
// "..."}, {"t_ms": 3000, "add_neurons": {"population": "exc", "count": 10}}]: the shape here;
// paths, names and values are check_timeline()'s (timeline.hpp).
void read_timeline(Reader& r, const Json& j, std::vector<TimelineEntry>& out) {
  if (!j.is_array()) {
    r.type_error("timeline", "an array of entries", j);
    return;
  }
  out.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string path = at("timeline", i);
    const Json& e = j[i];
    TimelineEntry& entry = out[i];
    entry.kind = TimelineEntry::Kind::Note;  // a placeholder until its kind is read
    if (!e.is_object()) {
      r.type_error(path, "an object {\"t_ms\": ..., \"set\" | \"note\" | \"add_neurons\": ...}", e);
      continue;
    }
    r.check_keys(e, path, {"t_ms", "set", "note", "add_neurons", "add_population", "add_projection", "add_stimulus", "remove", "rename",
                           "change_population", "change_projection"});
    if (const Json* v = r.find(e, "t_ms", path, true)) {
      if (r.number(*v, join(path, "t_ms"), entry.t_ms) && entry.t_ms < 0) r.error(join(path, "t_ms"), "must be >= 0 (got " + format_number(entry.t_ms) + ")");
    }
    int kinds = 0;
    // The editor's structure edits: an element as the scenario's own lists write it, or a name.
    if (const Json* v = r.find(e, "add_population", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::AddPopulation;
      entry.added_population.emplace();
      read_population(r, *v, join(path, "add_population"), *entry.added_population);
    }
    if (const Json* v = r.find(e, "add_projection", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::AddProjection;
      entry.added_projection.emplace();
      read_projection(r, *v, join(path, "add_projection"), *entry.added_projection);
    }
    if (const Json* v = r.find(e, "add_stimulus", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::AddStimulus;
      entry.added_stimulus.emplace();
      read_stimulus(r, *v, join(path, "add_stimulus"), *entry.added_stimulus);
    }
    if (const Json* v = r.find(e, "change_population", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::ChangePopulation;
      entry.added_population.emplace();
      read_population(r, *v, join(path, "change_population"), *entry.added_population);
    }
    if (const Json* v = r.find(e, "change_projection", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::ChangeProjection;
      entry.added_projection.emplace();
      read_projection(r, *v, join(path, "change_projection"), *entry.added_projection);
    }
    for (const char* key : {"remove", "rename"}) {
      const Json* v = r.find(e, key, path);
      if (!v) continue;
      ++kinds;
      const bool remove = std::string_view(key) == "remove";
      entry.kind = remove ? TimelineEntry::Kind::Remove : TimelineEntry::Kind::Rename;
      const std::string p = join(path, key);
      const char* shape = remove ? "an object {\"population\" | \"projection\" | \"stimulus\": NAME, \"with_connections\": false}"
                                 : "an object {\"population\" | \"projection\" | \"stimulus\": NAME, \"to\": NEW_NAME}";
      if (!v->is_object()) {
        r.type_error(p, shape, *v);
        continue;
      }
      if (remove) r.check_keys(*v, p, {"population", "projection", "stimulus", "with_connections"});
      else r.check_keys(*v, p, {"population", "projection", "stimulus", "to"});
      int named = 0;
      for (const Element kind : {Element::Population, Element::Projection, Element::Stimulus}) {
        if (const Json* x = r.find(*v, element_name(kind), p)) {
          ++named;
          entry.target_kind = kind;
          r.string(*x, join(p, element_name(kind)), entry.target);
        }
      }
      if (named != 1) r.error(p, std::string("must name exactly one element: ") + shape);
      if (remove) {
        if (const Json* x = r.find(*v, "with_connections", p)) r.boolean(*x, join(p, "with_connections"), entry.with_connections);
      } else if (const Json* x = r.find(*v, "to", p, true)) {
        r.string(*x, join(p, "to"), entry.new_name);
      }
    }
    if (const Json* v = r.find(e, "note", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::Note;
      r.string(*v, join(path, "note"), entry.note);
    }
    if (const Json* v = r.find(e, "add_neurons", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::AddNeurons;
      const std::string p = join(path, "add_neurons");
      if (!v->is_object()) {
        r.type_error(p, "an object {\"population\": ..., \"count\": N}", *v);
      } else {
        r.check_keys(*v, p, {"population", "count"});
        if (const Json* x = r.find(*v, "population", p, true)) r.string(*x, join(p, "population"), entry.population);
        if (const Json* x = r.find(*v, "count", p)) r.int32(*x, join(p, "count"), 1, entry.count);
      }
    }
    if (const Json* v = r.find(e, "set", path)) {
      ++kinds;
      entry.kind = TimelineEntry::Kind::Set;
      const std::string p = join(path, "set");
      if (!v->is_object() || v->empty()) {
        r.error(p, "must be an object of one or more {\"PATH\": VALUE} as for --set (got " + shape_of(*v) + ")");
      } else {
        for (const auto& item : v->items()) {
          const Json& x = item.value();
          const std::string where = p + "[" + in_quotes(item.key()) + "]";
          if (x.is_number()) entry.set.emplace_back(item.key(), format_number(x.get<double>()));
          else if (x.is_boolean()) entry.set.emplace_back(item.key(), x.get<bool>() ? "true" : "false");
          else if (x.is_string()) entry.set.emplace_back(item.key(), x.get<std::string>());
          else r.error(where, std::string("must be a number, true/false or a string (got ") + x.type_name() + ")");
        }
      }
    }
    if (kinds == 0)
      r.error(path, "needs one of \"set\", \"note\", \"add_neurons\", \"add_population\", \"add_projection\", \"add_stimulus\", \"remove\", \"rename\", "
                    "\"change_population\" or \"change_projection\"");
    else if (kinds > 1) r.error(path, "holds more than one of \"set\", \"note\", \"add_neurons\", \"add_population\", ... (one entry each)");
  }
}

// A change's refusal names the field of the entry itself: "populations[1].params.tau_m: must be
// > 0" is reported under timeline[i].change_population.params.tau_m. Other reasons as they are.
std::pair<std::string, std::string> changed_field(const std::string& why, const Command& command) {
  std::string prefix;
  if (const auto* pop = std::get_if<ChangePopulation>(&command)) prefix = at("populations", static_cast<std::size_t>(pop->population)) + ".";
  else if (const auto* proj = std::get_if<ChangeProjection>(&command)) prefix = at("projections", static_cast<std::size_t>(proj->projection)) + ".";
  const std::size_t colon = why.find(": ");
  if (prefix.empty() || why.rfind(prefix, 0) != 0 || colon == std::string::npos) return {"", why};
  return {why.substr(prefix.size(), colon - prefix.size()), why.substr(colon + 2)};
}

// The timeline's meaning, entry by entry against the scenario as the earlier entries leave it:
// every path names a live field of an existing element (timeline_commands), and the values
// pass the scenario check as a --set of them would (values the model refuses).
void check_timeline(Reader& r, const ScenarioSpec& spec) {
  ScenarioSpec now = spec;
  now.timeline.clear();
  for (std::size_t i = 0; i < spec.timeline.size(); ++i) {
    const TimelineEntry& entry = spec.timeline[i];
    const std::string path = at("timeline", i);
    const auto muted = [&r](const std::string& p) { return std::any_of(r.muted.begin(), r.muted.end(), [&](const std::string& m) { return at_or_below(p, m); }); };
    if (muted(path)) continue;
    std::vector<Command> ignored;
    if (entry.kind == TimelineEntry::Kind::AddNeurons) {
      for (const SpecError& e : timeline_commands(now, entry, ignored)) r.error(join(path, "add_neurons.population"), e.message);
      const int p = now.population_index(entry.population);
      if (p >= 0) now.populations[static_cast<std::size_t>(p)].size += entry.count;
      continue;
    }
    if (entry.kind != TimelineEntry::Kind::Set && entry.kind != TimelineEntry::Kind::Note) {
      // A structure edit: as the editor's command would find the scenario then.
      const std::string where = join(path, timeline_kind_name(entry.kind));
      const std::vector<SpecError> errors = timeline_commands(now, entry, ignored);
      for (const SpecError& e : errors) r.error(e.path.empty() ? where : join(where, e.path), e.message);
      ScenarioSpec next;
      if (errors.empty() && !ignored.empty()) {
        if (const std::string why = edited_scenario(now, ignored.front(), next); !why.empty()) {
          const auto [field, message] = changed_field(why, ignored.front());
          r.error(field.empty() ? where : join(where, field), message);
        }
        else now = std::move(next);
      }
      continue;
    }
    if (entry.kind != TimelineEntry::Kind::Set) continue;
    const std::string set_path = join(path, "set");
    ScenarioSpec next = now;
    bool ok = true;
    for (const auto& [key, value] : entry.set) {
      const std::string where = set_path + "[" + in_quotes(key) + "]";
      if (muted(where)) {
        ok = false;
        continue;
      }
      TimelineEntry one;
      one.kind = TimelineEntry::Kind::Set;
      one.set.emplace_back(key, value);
      const std::vector<SpecError> errors = timeline_commands(now, one, ignored);
      for (const SpecError& e : errors) r.error(where, e.message);
      if (!errors.empty()) {
        ok = false;
        continue;
      }
      if (const std::string why = apply_override(next, key, value); !why.empty()) {
        r.error(where, why);
        ok = false;
      }
    }
    if (!ok) continue;
    const std::vector<SpecError> refused = check_scenario(next);
    for (const SpecError& e : refused)
      r.error(entry.set.size() == 1 ? set_path + "[" + in_quotes(entry.set.front().first) + "]" : set_path, e.text());
    if (refused.empty()) now = std::move(next);
  }
}

// The shape pass: a spec plus the problems found (it may be partial when there are some).
ScenarioSpec read_scenario(Reader& r, const Json& root) {
  ScenarioSpec spec;
  if (!root.is_object()) {
    r.error("", std::string("a scenario must be a JSON object {...} (got ") + root.type_name() + ")");
    return spec;
  }
  r.check_keys(root, "", {"name", "description", "dt_ms", "duration_ms", "seed", "populations", "projections", "stimuli", "monitors",
                          "experiment", "reward", "timeline"});
  if (const Json* v = r.find(root, "name", "")) r.string(*v, "name", spec.name);
  if (const Json* v = r.find(root, "description", "")) r.string(*v, "description", spec.description);
  if (const Json* v = r.find(root, "dt_ms", "")) r.number(*v, "dt_ms", spec.dt_ms);
  if (const Json* v = r.find(root, "duration_ms", "")) r.number(*v, "duration_ms", spec.duration_ms);
  if (const Json* v = r.find(root, "seed", "")) r.seed(*v, "seed", spec.seed);
  read_list(r, root, "populations", spec.populations, read_population);
  read_list(r, root, "projections", spec.projections, read_projection);
  read_list(r, root, "stimuli", spec.stimuli, read_stimulus);
  if (const Json* v = r.find(root, "monitors", "")) read_monitors(r, *v, "monitors", spec.monitors);
  if (const Json* v = r.find(root, "experiment", "")) read_experiment(r, *v, "experiment", spec.experiment);
  if (const Json* v = r.find(root, "reward", "")) read_reward(r, *v, "reward", spec.reward);
  if (const Json* v = r.find(root, "timeline", "")) read_timeline(r, *v, spec.timeline);
  return spec;
}

// Adds the meaning check's problems that do not restate one the shape pass found.
void merge_check(Reader& r, const ScenarioSpec& spec) {
  std::vector<SpecError> checked = check_scenario(spec);
  for (SpecError& e : checked) {
    const bool restated = std::any_of(r.muted.begin(), r.muted.end(), [&](const std::string& m) { return at_or_below(e.path, m); });
    const bool duplicate = std::any_of(r.errors.begin(), r.errors.end(), [&](const SpecError& x) { return x.path == e.path && x.message == e.message; });
    if (!restated && !duplicate) r.errors.push_back(std::move(e));
  }
}

// Puts problems in the order of the file: each path ranks where it (or, for a missing key, its
// nearest ancestor that is present) first appears in the document; ties keep their order.
void number_paths(const Json& j, const std::string& path, std::map<std::string, std::size_t>& rank) {
  rank.emplace(path, rank.size());
  if (j.is_object()) {
    for (const auto& item : j.items()) number_paths(item.value(), join(path, item.key()), rank);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) number_paths(j[i], at(path, i), rank);
  }
}

void sort_by_document_order(const Json& root, std::vector<SpecError>& errors) {
  std::map<std::string, std::size_t> rank;
  number_paths(root, "", rank);
  const auto rank_of = [&rank](std::string path) {
    while (true) {
      if (const auto it = rank.find(path); it != rank.end()) return it->second;
      const auto cut = path.find_last_of(".[");
      if (cut == std::string::npos || path.empty()) return std::size_t(0);
      path.resize(cut);
    }
  };
  std::stable_sort(errors.begin(), errors.end(), [&](const SpecError& a, const SpecError& b) { return rank_of(a.path) < rank_of(b.path); });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writing a scenario
// ---------------------------------------------------------------------------------------------

Json distribution_json(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::Constant: return d.a;
    case Distribution::Kind::Uniform: return Json{{"uniform", {d.a, d.b}}};
    case Distribution::Kind::Normal: return Json{{"normal", {d.a, d.b}}};
    case Distribution::Kind::SharedR: return Json{{"base", d.a}, {"scale", d.b}, {"power", d.power}};
  }
  return d.a;
}

Json distribution_map_json(const std::map<std::string, Distribution>& m) {
  Json out = Json::object();
  for (const auto& [name, d] : m) out[name] = distribution_json(d);
  return out;
}

Json connectivity_json(const ConnectivitySpec& c) {
  Json out = Json::object();
  switch (c.rule) {
    case ConnectivitySpec::Rule::FixedProbability:
      out["rule"] = "fixed_probability";
      out["p"] = c.p;
      out["allow_autapses"] = c.allow_autapses;
      if (c.skip_same_index) out["skip_same_index"] = true;
      break;
    case ConnectivitySpec::Rule::FixedIndegree:
      out["rule"] = "fixed_indegree";
      out["indegree"] = c.indegree;
      out["allow_autapses"] = c.allow_autapses;
      break;
    case ConnectivitySpec::Rule::AllToAll:
      out["rule"] = "all_to_all";
      out["allow_autapses"] = c.allow_autapses;
      if (c.skip_same_index) out["skip_same_index"] = true;
      break;
    case ConnectivitySpec::Rule::OneToOne: out["rule"] = "one_to_one"; break;
    case ConnectivitySpec::Rule::List: {
      out["rule"] = "list";
      Json pairs = Json::array();
      for (const auto& [pre, post] : c.pairs) pairs.push_back(Json::array({pre, post}));
      out["pairs"] = std::move(pairs);
      if (!c.pair_weights.empty()) out["weights"] = c.pair_weights;
      break;
    }
  }
  return out;
}

// A file's path as given; data without a file goes inline (the GUI's random input).
Json input_json(const InputSpec& in, bool images) {
  Json j = Json::object();
  if (images) {
    if (!in.path.empty()) j["path"] = in.path;
    if (!in.labels.empty()) j["labels"] = in.labels;
    return j;
  }
  if (!in.path.empty()) j["path"] = in.path;
  j["as"] = std::string(input_kind_name(in.as));
  j["loop"] = in.loop;
  if (in.path.empty() && in.series) {
    const TimeSeries& s = *in.series;
    if (s.dt_ms > 0) j["dt_ms"] = s.dt_ms;
    if (!s.t_ms.empty()) j["t_ms"] = s.t_ms;
    if (s.duration_ms > 0) j["duration_ms"] = s.duration_ms;
    if (s.is_events()) {
      j["neurons"] = s.columns;
      Json events = Json::array();
      for (const TimedSpike& e : s.events) events.push_back(Json{{"t_ms", e.t_ms}, {"neuron", e.neuron}});
      j["spikes"] = std::move(events);
    } else {
      Json rows = Json::array();
      for (std::size_t r = 0; r < s.rows(); ++r)
        rows.push_back(Json(std::vector<float>(s.values.begin() + static_cast<std::ptrdiff_t>(r * static_cast<std::size_t>(s.columns)),
                                               s.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * static_cast<std::size_t>(s.columns)))));
      j["data"] = std::move(rows);
    }
  }
  return j;
}

Json population_json(const PopulationSpec& p) {
  Json j = {{"name", p.name}, {"model", p.model}, {"size", p.size}};
  if (!p.params.empty()) j["params"] = distribution_map_json(p.params);
  if (!p.initial.empty()) j["initial"] = distribution_map_json(p.initial);
  if (p.input && !(p.model == "images" && p.input->path.empty())) j["input"] = input_json(*p.input, p.model == "images");
  return j;
}

Json projection_json(const ProjectionSpec& p) {
  Json j = {{"name", p.name}, {"pre", p.pre}, {"post", p.post}};
  j["connectivity"] = connectivity_json(p.connectivity);
  j["weight"] = distribution_json(p.weight);
  if (p.delay_ms) j["delay_ms"] = distribution_json(*p.delay_ms);
  if (p.receptor) j["receptor"] = *p.receptor == Receptor::Excitatory ? "exc" : "inh";
  if (p.plasticity) {
    Json params = Json::object();
    for (const auto& [name, value] : p.plasticity->params) params[name] = value;
    j["plasticity"] = Json{{"rule", p.plasticity->rule}, {"params", std::move(params)}};
  }
  if (p.weight_scale != 1.0) j["weight_scale"] = p.weight_scale;  // defaults left out: older files stay as they were
  if (!p.enabled) j["enabled"] = false;
  if (p.same_step) j["same_step"] = true;
  return j;
}

Json stimulus_json(const StimulusSpec& s) {
  Json j = {{"name", s.name}, {"population", s.population}};
  if (!s.neurons.empty()) j["neurons"] = s.neurons;
  j["amplitude"] = s.amplitude;
  j["noise_sd"] = s.noise_sd;
  j["start_ms"] = s.start_ms;
  if (std::isfinite(s.stop_ms)) j["stop_ms"] = s.stop_ms;
  else if (std::isnan(s.stop_ms) || s.stop_ms < 0) j["stop_ms"] = s.stop_ms;  // kept visible: the check reports it
  if (s.input) j["input"] = input_json(*s.input, false);
  return j;
}

Json scenario_json(const ScenarioSpec& spec) {
  Json root = Json::object();
  root["name"] = spec.name;
  root["description"] = spec.description;
  root["dt_ms"] = spec.dt_ms;
  root["duration_ms"] = spec.duration_ms;
  root["seed"] = spec.seed;
  Json pops = Json::array();
  for (const PopulationSpec& p : spec.populations) pops.push_back(population_json(p));
  root["populations"] = std::move(pops);
  Json projs = Json::array();
  for (const ProjectionSpec& p : spec.projections) projs.push_back(projection_json(p));
  root["projections"] = std::move(projs);
  Json stims = Json::array();
  for (const StimulusSpec& s : spec.stimuli) stims.push_back(stimulus_json(s));
  root["stimuli"] = std::move(stims);
  Json traces = Json::array();
  for (const TraceSpec& t : spec.monitors.traces) traces.push_back(Json{{"population", t.population}, {"neurons", t.neurons}});
  root["monitors"] = Json{{"rate_bin_ms", spec.monitors.rate_bin_ms},
                          {"report_interval_ms", spec.monitors.report_interval_ms},
                          {"traces", std::move(traces)}};
  if (spec.monitors.spikes) root["monitors"]["spikes"] = *spec.monitors.spikes;
  if (const auto& x = spec.experiment) {
    root["experiment"] = Json{{"task", x->task},
                              {"input", x->input},
                              {"output", x->output},
                              {"epochs", x->epochs},
                              {"epoch_ms", x->epoch_ms},
                              {"evaluation_ms", x->evaluation_ms},
                              {"stop_accuracy", x->stop_accuracy},
                              {"max_latency_ms", x->max_latency_ms},
                              {"final_window_ms", x->final_window_ms},
                              {"energy_model", x->energy_model}};
    // Diehl & Cook's protocol: written when used, so other scenarios round-trip unchanged.
    Json& xj = root["experiment"];
    if (!x->normalise_projection.empty()) {
      xj["normalise_projection"] = x->normalise_projection;
      xj["normalise_total"] = x->normalise_total;
    }
    if (x->repeat_below_spikes > 0) {
      xj["repeat_below_spikes"] = x->repeat_below_spikes;
      xj["repeat_rate_step_hz"] = x->repeat_rate_step_hz;
      xj["max_repeats"] = x->max_repeats;
    }
    if (!x->count_rest) xj["count_rest"] = false;
    if (x->assign_from_last_epoch) xj["assign_from_last_epoch"] = true;
    if (x->label_pass) xj["label_pass"] = true;
    if (x->tagged_outputs) xj["tagged_outputs"] = true;
    if (x->reward != 0.0) xj["reward"] = x->reward;
    if (x->adaptive_reward) xj["adaptive_reward"] = true;
    if (x->reward_decay != 1.0) xj["reward_decay"] = x->reward_decay;
    if (x->silent_decision != "none") xj["silent_decision"] = x->silent_decision;
    if (!x->grow.empty()) {
      Json grow = Json::array();
      for (const GrowSpec& g : x->grow) grow.push_back(Json{{"after_epoch", g.after_epoch}, {"population", g.population}, {"count", g.count}});
      root["experiment"]["grow"] = std::move(grow);
    }
  }
  if (const auto& x = spec.reward) {
    root["reward"] = Json{{"projection", x->projection}, {"pre", x->pre},       {"post", x->post},
                          {"window_ms", x->window_ms},   {"delay_ms", distribution_json(x->delay_ms)}, {"amount", x->amount}};
  }
  if (!spec.timeline.empty()) {
    Json timeline = Json::array();
    for (const TimelineEntry& e : spec.timeline) {
      Json j = {{"t_ms", e.t_ms}};
      switch (e.kind) {
        case TimelineEntry::Kind::Note: j["note"] = e.note; break;
        case TimelineEntry::Kind::AddNeurons: j["add_neurons"] = Json{{"population", e.population}, {"count", e.count}}; break;
        case TimelineEntry::Kind::AddPopulation:
          if (e.added_population) j["add_population"] = population_json(*e.added_population);
          break;
        case TimelineEntry::Kind::AddProjection:
          if (e.added_projection) j["add_projection"] = projection_json(*e.added_projection);
          break;
        case TimelineEntry::Kind::AddStimulus:
          if (e.added_stimulus) j["add_stimulus"] = stimulus_json(*e.added_stimulus);
          break;
        case TimelineEntry::Kind::Remove: {
          Json x = {{element_name(e.target_kind), e.target}};
          if (e.with_connections) x["with_connections"] = true;
          j["remove"] = std::move(x);
          break;
        }
        case TimelineEntry::Kind::Rename: j["rename"] = Json{{element_name(e.target_kind), e.target}, {"to", e.new_name}}; break;
        case TimelineEntry::Kind::ChangePopulation:
          if (e.added_population) j["change_population"] = population_json(*e.added_population);
          break;
        case TimelineEntry::Kind::ChangeProjection:
          if (e.added_projection) j["change_projection"] = projection_json(*e.added_projection);
          break;
        case TimelineEntry::Kind::Set: {
          Json set = Json::object();
          for (const auto& [path, value] : e.set) {  // JSON when it reads as JSON, as for --set
            Json parsed = Json::parse(value, nullptr, false);
            set[path] = parsed.is_discarded() ? Json(value) : std::move(parsed);
          }
          j["set"] = std::move(set);
          break;
        }
      }
      timeline.push_back(std::move(j));
    }
    root["timeline"] = std::move(timeline);
  }
  return root;
}

// Pretty printing that keeps short things on one line: arrays of numbers (neuron lists,
// [low, high]), lists of pairs, and small objects such as {"uniform": [-60, -50]}.
bool is_flat(const Json& j) {
  if (j.is_primitive()) return true;
  if (j.is_array()) return std::all_of(j.begin(), j.end(), [](const Json& e) { return e.is_primitive() || (e.is_array() && is_flat(e)); });
  return false;
}

void write_pretty(const Json& j, int indent, std::string& out) {
  if (is_flat(j)) {
    if (j.is_array()) {  // "[1, 2, 3]" rather than "[1,2,3]"
      out += '[';
      for (std::size_t i = 0; i < j.size(); ++i) {
        if (i) out += ", ";
        write_pretty(j[i], indent, out);
      }
      out += ']';
    } else {
      out += j.dump();
    }
    return;
  }
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  if (j.is_object()) {
    // Small objects of flat values on one line.
    const bool small = !j.empty() && j.size() <= 4 && std::all_of(j.begin(), j.end(), [](const Json& e) { return is_flat(e); }) &&
                       j.dump().size() <= 72;
    if (j.empty()) {
      out += "{}";
      return;
    }
    out += small ? "{" : "{\n";
    bool first = true;
    for (const auto& item : j.items()) {
      if (!first) out += small ? ", " : ",\n";
      first = false;
      if (!small) out += pad;
      out += Json(item.key()).dump();
      out += ": ";
      write_pretty(item.value(), indent + 2, out);
    }
    if (!small) {
      out += '\n';
      out.append(static_cast<std::size_t>(indent), ' ');
    }
    out += '}';
    return;
  }
  out += "[\n";  // an array of objects
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (i) out += ",\n";
    out += pad;
    write_pretty(j[i], indent + 2, out);
  }
  out += '\n';
  out.append(static_cast<std::size_t>(indent), ' ');
  out += ']';
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Parsing text and files
// ---------------------------------------------------------------------------------------------

// 1-based line and column of a byte offset (0-based) in text.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t column = nl == std::string_view::npos ? offset + 1 : offset - nl;
  return {line, column};
}

std::string location(const std::string& source, std::string_view text, std::size_t offset) {
  const auto [line, column] = line_column(text, offset);
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 2: " prefix (we print our own position).
std::string json_reason(const std::exception& e) {
  std::string_view what = e.what();
  if (const auto col = what.find("column "); col != std::string_view::npos) {
    if (const auto colon = what.find(": ", col); colon != std::string_view::npos) return std::string(what.substr(colon + 2));
  }
  if (const auto bracket = what.find("] "); bracket != std::string_view::npos) return std::string(what.substr(bracket + 2));
  return std::string(what);
}

// nlohmann reports the position of a token's last character; an unexpected string or number
// is easier to find from its first ("line 6, column 3" for a missing comma before a key).
std::size_t token_start(std::string_view text, std::size_t offset, std::string_view reason) {
  if (offset >= text.size()) return offset;
  if (reason.find("unexpected string literal") != std::string_view::npos && text[offset] == '"') {
    for (std::size_t i = offset; i-- > 0;) {
      if (text[i] != '"') continue;
      std::size_t backslashes = 0;
      while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
  }
  if (reason.find("unexpected number literal") != std::string_view::npos) {
    while (offset > 0 && std::string_view("0123456789+-.eE").find(text[offset - 1]) != std::string_view::npos) --offset;
  }
  return offset;
}

// Keys given twice in one object: nlohmann keeps the last silently, we report it. The parser
// callback sees start/end/key/value events; a stack of frames rebuilds each key's path.
class DuplicateKeys {
 public:
  std::vector<std::string> paths;

  bool on_event(int /*depth*/, nlohmann::detail::parse_event_t event, Json& parsed) {
    using E = nlohmann::detail::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        count_element();
        frames_.push_back({event == E::object_start, {}, std::size_t(-1), {}});
        break;
      case E::object_end:
      case E::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case E::key:
        if (!frames_.empty()) {
          Frame& f = frames_.back();
          f.key = parsed.get<std::string>();
          if (!f.keys.insert(f.key).second) paths.push_back(path());
        }
        break;
      case E::value: count_element(); break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object;
    std::string key;
    std::size_t index;
    std::unordered_set<std::string> keys;
  };
  void count_element() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }
  std::string path() const {
    std::string out;
    for (const Frame& f : frames_) out = f.object ? join(out, f.key) : at(out, f.index);
    return out;
  }
  std::vector<Frame> frames_;
};

// File-level problems carry no path; their message starts with the source (and the position).
LoadResult file_error(const std::string& source, const std::string& message) {
  LoadResult result;
  result.errors.push_back({"", source + ": " + message});
  return result;
}

std::string read_file(const std::filesystem::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open (" + std::error_code(errno, std::generic_category()).message() + ")";
    return {};
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read";
    return {};
  }
  return std::move(buffer).str();
}

// Inputs of a scenario read from `base_dir`: every relative data path starts there.
void set_base_dir(ScenarioSpec& spec, const std::string& base_dir) {
  for (PopulationSpec& p : spec.populations)
    if (p.input) p.input->base_dir = base_dir;
  for (StimulusSpec& s : spec.stimuli)
    if (s.input) s.input->base_dir = base_dir;
}

LoadResult parse_text(std::string_view text, const std::string& source, const std::string& base_dir, const LoadOptions& options) {
  if (text.size() > kMaxFileBytes) {
    return file_error(source, "too large (" + std::to_string(text.size() >> 20) + " MiB; scenario files are limited to 64 MiB)");
  }
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return file_error(source, "not a text file (NUL byte at offset " + std::to_string(nul) + "); expected a JSON scenario");
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return file_error(source, "empty file (expected a JSON object describing a scenario)");
  }
  if (const std::size_t deep = too_deep_at(text, kMaxNesting); deep != std::string_view::npos) {
    return file_error(location(source, text, deep), too_deep_message());
  }
  DuplicateKeys dups;
  Json root;
  try {
    root = Json::parse(text, [&dups](int depth, nlohmann::detail::parse_event_t event, Json& parsed) {
      return dups.on_event(depth, event, parsed);
    });
  } catch (const Json::parse_error& e) {
    const std::string reason = json_reason(e);
    return file_error(location(source, text, token_start(text, e.byte > 0 ? e.byte - 1 : 0, reason)), reason);
  } catch (const Json::out_of_range& e) {  // a number too large for a double (1e999)
    std::string reason = json_reason(e);
    std::size_t offset = 0;
    if (const auto q = reason.find('\''); q != std::string::npos) {
      const std::string token = reason.substr(q + 1, reason.rfind('\'') - q - 1);
      if (const auto found = text.find(token); found != std::string_view::npos) offset = found;
    }
    return file_error(location(source, text, offset), reason);
  }
  Reader r;
  for (const std::string& p : dups.paths) r.error(p, "duplicate key (given more than once in the same object)");
  ScenarioSpec spec = read_scenario(r, root);
  set_base_dir(spec, base_dir);
  if (root.is_object() && options.read_inputs) {
    // Data files first, so that the meaning check sees the data (widths, values). An input
    // with a problem of its own is not read; one whose file fails leaves its population's
    // size unknown, so remarks on what depends on it (sizes, projections) are dropped.
    const auto input_muted = [&](const std::string& path) {
      return std::any_of(r.muted.begin(), r.muted.end(), [&](const std::string& m) { return at_or_below(m, path); });
    };
    for (std::size_t i = 0; i < spec.populations.size(); ++i)
      if (spec.populations[i].input && input_muted(at("populations", i) + ".input")) {
        spec.populations[i].input.reset();
        r.muted.push_back(at("populations", i));
      }
    for (std::size_t k = 0; k < spec.stimuli.size(); ++k)
      if (spec.stimuli[k].input && input_muted(at("stimuli", k) + ".input")) {
        spec.stimuli[k].input.reset();
        r.muted.push_back(at("stimuli", k));
      }
    for (SpecError& e : load_inputs(spec)) {
      r.muted.push_back(e.path.substr(0, e.path.rfind(".input") + 6));
      const std::string pop = e.path.substr(0, e.path.find(']') + 1);
      if (pop.rfind("populations[", 0) == 0) {
        r.muted.push_back(pop + ".size");
        const std::string& name = spec.populations[std::stoul(pop.substr(12))].name;
        for (std::size_t j = 0; j < spec.projections.size(); ++j)
          if (spec.projections[j].pre == name || spec.projections[j].post == name) r.muted.push_back(at("projections", j) + ".connectivity");
      }
      r.errors.push_back(std::move(e));
    }
    merge_check(r, spec);
    // The timeline is judged against a sound scenario only (its own shape problems are muted).
    if (std::all_of(r.errors.begin(), r.errors.end(), [](const SpecError& e) { return at_or_below(e.path, "timeline"); })) check_timeline(r, spec);
  }
  sort_by_document_order(root, r.errors);
  LoadResult result;
  result.errors = std::move(r.errors);
  if (result.errors.empty()) result.spec = std::move(spec);
  return result;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Overrides (--set PATH=VALUE)
// ---------------------------------------------------------------------------------------------

struct PathToken {
  bool is_index;
  std::size_t index;
  std::string key;
};

// "populations[0].params.tau_m" -> populations, [0], params, tau_m. Empty on a syntax error.
std::optional<std::vector<PathToken>> tokenize(std::string_view path, std::string& error) {
  std::vector<PathToken> tokens;
  std::size_t i = 0;
  if (path.empty()) {
    error = "empty path";
    return std::nullopt;
  }
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const std::string_view digits = close == std::string_view::npos ? std::string_view{} : path.substr(i + 1, close - i - 1);
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
        error = "expected an index such as [0] at character " + std::to_string(i + 1);
        return std::nullopt;
      }
      tokens.push_back({true, index, {}});
      i = close + 1;
      if (i < path.size() && path[i] == '.') {
        ++i;
        if (i == path.size()) {
          error = "path ends with '.'";
          return std::nullopt;
        }
      }
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    const std::string_view key = path.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (key.empty()) {
      error = "empty name at character " + std::to_string(i + 1);
      return std::nullopt;
    }
    tokens.push_back({false, 0, std::string(key)});
    i = end == std::string_view::npos ? path.size() : end;
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size()) {
        error = "path ends with '.'";
        return std::nullopt;
      }
    }
  }
  return tokens;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------------------------

LoadResult parse_scenario(std::string_view json_text, const std::string& source, const LoadOptions& options) {
  try {
    return parse_text(json_text, source, options.base_dir, options);
  } catch (const std::exception& e) {  // bad_alloc and the like: reported, never thrown on
    return file_error(source, std::string("cannot read scenario: ") + e.what());
  }
}

LoadResult load_scenario_file(const std::filesystem::path& path, const LoadOptions& options) {
  const std::string source = path.string();
  try {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return file_error(source, "no such file");
    if (std::filesystem::is_directory(status)) return file_error(source, "is a directory, not a scenario file");
    if (!std::filesystem::is_regular_file(status)) return file_error(source, "not a regular file");
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) {
      return file_error(source, "too large (" + std::to_string(size >> 20) + " MiB; scenario files are limited to 64 MiB)");
    }
    std::string error;
    const std::string text = read_file(path, error);
    if (!error.empty()) return file_error(source, error);
    try {
      return parse_text(text, source, path.parent_path().string(), options);
    } catch (const std::exception& e) {
      return file_error(source, std::string("cannot read scenario: ") + e.what());
    }
  } catch (const std::exception& e) {
    return file_error(source, std::string("cannot read: ") + e.what());
  }
}

LoadResult load_scenario(std::string_view name_or_path, const LoadOptions& options) {
  const std::filesystem::path path{std::string(name_or_path)};
  std::error_code ec;
  if (is_nir_path(name_or_path)) return load_nir(path);  // a NIR graph (nir.hpp)
  if (std::filesystem::exists(path, ec)) return load_scenario_file(path, options);
  if (auto preset = preset_path(name_or_path)) return load_scenario_file(*preset, options);
  std::string list;
  for (const std::string& name : preset_names()) list += (list.empty() ? "" : ", ") + name;
  const bool looks_like_path = name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".json");
  std::string message = looks_like_path ? "no such file" : "no such file or preset";
  message += list.empty() ? " (no presets found in " + (asset_dir() / "scenarios").string() + ")" : " (presets: " + list + ")";
  return file_error(std::string(name_or_path), message);
}

std::string scenario_to_json(const ScenarioSpec& spec) {
  std::string out;
  write_pretty(scenario_json(spec), 0, out);
  out += '\n';
  return out;
}

// Serialises the spec, sets the field in the JSON, and reads it back, so every check of the
// shape pass applies to the new value. Ranges and cross-references (check_scenario) are left
// to the builder: a --set that is only valid together with a later one (V_th then V_reset)
// must not be refused halfway.
std::string apply_override(ScenarioSpec& spec, std::string_view path, std::string_view value) {
  try {
    std::string error;
    const auto tokens = tokenize(path, error);
    if (!tokens) return std::string(path) + ": " + error;

    Json root = scenario_json(spec);
    Json* cur = &root;
    std::string where;  // canonical path walked so far, for messages
    for (std::size_t t = 0; t < tokens->size(); ++t) {
      const PathToken& tok = (*tokens)[t];
      const bool last = t + 1 == tokens->size();
      if (cur->is_array()) {
        std::size_t index = tok.index;
        if (!tok.is_index) {  // an element by its "name"
          const auto it = std::find_if(cur->begin(), cur->end(), [&](const Json& e) {
            return e.is_object() && e.contains("name") && e["name"] == tok.key;
          });
          if (it == cur->end()) return std::string(path) + ": no entry named " + in_quotes(tok.key) + " in " + (where.empty() ? "the scenario" : where);
          index = static_cast<std::size_t>(it - cur->begin());
        } else if (index >= cur->size()) {
          return std::string(path) + ": " + at(where, index) + " does not exist (" + where + " has " + std::to_string(cur->size()) + " entries)";
        }
        where = at(where, index);
        cur = &(*cur)[index];
      } else if (cur->is_object()) {
        if (tok.is_index) return std::string(path) + ": " + (where.empty() ? "the scenario" : where) + " is not a list";
        where = join(where, tok.key);
        if (!cur->contains(tok.key) && !last) (*cur)[tok.key] = Json::object();  // the reader names unknown keys
        cur = &(*cur)[tok.key];
      } else {
        return std::string(path) + ": " + where + " is a single value, it has no field " + in_quotes(tok.is_index ? "[" + std::to_string(tok.index) + "]" : tok.key);
      }
    }
    // The value is JSON when it parses as JSON (10, true, {"uniform": [1, 2]}), else a string.
    if (too_deep_at(value, kMaxNesting) != std::string_view::npos) return std::string(path) + ": the value is " + too_deep_message();
    Json parsed = Json::parse(value, nullptr, false);
    *cur = parsed.is_discarded() ? Json(std::string(value)) : std::move(parsed);

    Reader r;
    ScenarioSpec updated = read_scenario(r, root);
    // Loaded data and the folder paths start from survive the round trip through JSON while
    // the input still names the same file.
    const auto keep = [](const std::optional<InputSpec>& before, std::optional<InputSpec>& after) {
      if (!before || !after) return;
      after->base_dir = before->base_dir;
      if (after->path == before->path && after->labels == before->labels && after->as == before->as && !after->path.empty()) {
        after->series = before->series;
        after->images = before->images;
      }
    };
    for (std::size_t i = 0; i < std::min(spec.populations.size(), updated.populations.size()); ++i)
      keep(spec.populations[i].input, updated.populations[i].input);
    for (std::size_t i = 0; i < std::min(spec.stimuli.size(), updated.stimuli.size()); ++i)
      keep(spec.stimuli[i].input, updated.stimuli[i].input);
    if (!r.errors.empty()) {
      std::string message;
      for (const SpecError& e : r.errors) message += (message.empty() ? "" : "; ") + e.text();
      return message;
    }
    spec = std::move(updated);
    return "";
  } catch (const std::exception& e) {
    return std::string(path) + ": " + e.what();
  }
}

}  // namespace neurosim::io
