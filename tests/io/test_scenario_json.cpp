// Scenario files: the presets round-trip, every malformed input names its problem, --set works.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "results/results_writer.hpp"
#include "neurosim/io/presets.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/model_registry.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;
namespace fs = std::filesystem;

namespace {

// [SECTION] Helpers

// Field-by-field equality of two specs; doubles must be bit-for-bit equal (NaN never occurs).
void check_equal(const Distribution& a, const Distribution& b, const std::string& where) {
  INFO(where);
  CHECK(static_cast<int>(a.kind) == static_cast<int>(b.kind));
  CHECK(a.a == b.a);
  CHECK(a.b == b.b);
  CHECK(a.power == b.power);
}

void check_equal(const std::map<std::string, Distribution>& a, const std::map<std::string, Distribution>& b, const std::string& where) {
  REQUIRE(a.size() == b.size());
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    CHECK(ia->first == ib->first);
    check_equal(ia->second, ib->second, where + "." + ia->first);
  }
}

void check_equal(const ScenarioSpec& a, const ScenarioSpec& b) {
  CHECK(a.name == b.name);
  CHECK(a.description == b.description);
  CHECK(a.dt_ms == b.dt_ms);
  CHECK(a.duration_ms == b.duration_ms);
  CHECK(a.seed == b.seed);
  REQUIRE(a.populations.size() == b.populations.size());
  for (std::size_t i = 0; i < a.populations.size(); ++i) {
    const auto &x = a.populations[i], &y = b.populations[i];
    INFO("populations[" << i << "]");
    CHECK(x.name == y.name);
    CHECK(x.model == y.model);
    CHECK(x.size == y.size);
    check_equal(x.params, y.params, "params");
    check_equal(x.initial, y.initial, "initial");
  }
  REQUIRE(a.projections.size() == b.projections.size());
  for (std::size_t i = 0; i < a.projections.size(); ++i) {
    const auto &x = a.projections[i], &y = b.projections[i];
    INFO("projections[" << i << "]");
    CHECK(x.name == y.name);
    CHECK(x.pre == y.pre);
    CHECK(x.post == y.post);
    CHECK(static_cast<int>(x.connectivity.rule) == static_cast<int>(y.connectivity.rule));
    CHECK(x.connectivity.p == y.connectivity.p);
    CHECK(x.connectivity.allow_autapses == y.connectivity.allow_autapses);
    CHECK(x.connectivity.pairs == y.connectivity.pairs);
    CHECK(x.connectivity.pair_weights == y.connectivity.pair_weights);
    check_equal(x.weight, y.weight, "weight");
    REQUIRE(x.delay_ms.has_value() == y.delay_ms.has_value());  // absent (one step) stays absent
    if (x.delay_ms) check_equal(*x.delay_ms, *y.delay_ms, "delay_ms");
    CHECK(x.same_step == y.same_step);
    CHECK(x.receptor == y.receptor);
    REQUIRE(x.plasticity.has_value() == y.plasticity.has_value());
    if (x.plasticity) {
      CHECK(x.plasticity->rule == y.plasticity->rule);
      CHECK(x.plasticity->params == y.plasticity->params);
    }
  }
  REQUIRE(a.stimuli.size() == b.stimuli.size());
  for (std::size_t i = 0; i < a.stimuli.size(); ++i) {
    const auto &x = a.stimuli[i], &y = b.stimuli[i];
    INFO("stimuli[" << i << "]");
    CHECK(x.name == y.name);
    CHECK(x.population == y.population);
    CHECK(x.neurons == y.neurons);
    CHECK(x.amplitude == y.amplitude);
    CHECK(x.noise_sd == y.noise_sd);
    CHECK(x.start_ms == y.start_ms);
    CHECK(x.stop_ms == y.stop_ms);
  }
  CHECK(a.monitors.rate_bin_ms == b.monitors.rate_bin_ms);
  CHECK(a.monitors.report_interval_ms == b.monitors.report_interval_ms);
  REQUIRE(a.monitors.traces.size() == b.monitors.traces.size());
  for (std::size_t i = 0; i < a.monitors.traces.size(); ++i) {
    CHECK(a.monitors.traces[i].population == b.monitors.traces[i].population);
    CHECK(a.monitors.traces[i].neurons == b.monitors.traces[i].neurons);
  }
  REQUIRE(a.experiment.has_value() == b.experiment.has_value());
  if (a.experiment) {
    const ExperimentSpec &x = *a.experiment, &y = *b.experiment;
    CHECK(x.task == y.task);
    CHECK(x.input == y.input);
    CHECK(x.output == y.output);
    CHECK(x.epochs == y.epochs);
    CHECK(x.epoch_ms == y.epoch_ms);
    CHECK(x.evaluation_ms == y.evaluation_ms);
    CHECK(x.stop_accuracy == y.stop_accuracy);
    CHECK(x.max_latency_ms == y.max_latency_ms);
    CHECK(x.final_window_ms == y.final_window_ms);
    CHECK(x.energy_model == y.energy_model);
    CHECK(x.tagged_outputs == y.tagged_outputs);
    CHECK(x.reward == y.reward);
    CHECK(x.adaptive_reward == y.adaptive_reward);
    CHECK(x.reward_decay == y.reward_decay);
    CHECK(x.silent_decision == y.silent_decision);
  }
  REQUIRE(a.reward.has_value() == b.reward.has_value());
  if (a.reward) {
    CHECK(a.reward->projection == b.reward->projection);
    CHECK(a.reward->pre == b.reward->pre);
    CHECK(a.reward->post == b.reward->post);
    CHECK(a.reward->window_ms == b.reward->window_ms);
    check_equal(a.reward->delay_ms, b.reward->delay_ms, "reward.delay_ms");
    CHECK(a.reward->amount == b.reward->amount);
  }
}

std::vector<std::string> texts(const io::LoadResult& r) {
  std::vector<std::string> out;
  for (const SpecError& e : r.errors) out.push_back(e.text());
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// A scratch directory under the system's temporary directory, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("neurosim-io-test-" + std::to_string(std::rand()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return path / name;
  }
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "lif, if, izhikevich, ...": the engine's models, as its messages list them.
std::string known_models() {
  std::string out;
  for (const std::string& m : model_names()) out += (out.empty() ? "" : ", ") + m;
  return out;
}

// Presets that must exist (others may be added; every preset found is checked).
const std::vector<std::string> kPresets{"coba", "cuba", "default", "izhikevich-patterns", "izhikevich2003", "lif-single", "hh-single", "brunel2000-ai", "brunel2000-sr",
                                        "masquelier2008", "masquelier2009", "rstdp", "rstdp-digits", "song2000-stdp"};

}  // namespace

// [SECTION] Presets and round trips

TEST_SUITE("scenario_json") {
  TEST_CASE("the presets exist, load without problems and round-trip to an equal spec") {
    const std::vector<std::string> names = io::preset_names();
    for (const std::string& name : kPresets) CHECK_MESSAGE(std::count(names.begin(), names.end(), name) == 1, name);
    for (const std::string& name : kPresets) {
      INFO(name);
      const auto first = io::load_scenario(name);
      CHECK(join_lines(texts(first)) == "");
      REQUIRE(first.spec);
      CHECK(first.spec->name == name);
      CHECK(!io::preset_description(name).empty());
      const std::string json = io::scenario_to_json(*first.spec);
      const auto second = io::parse_scenario(json, name + " (written)");
      CHECK(join_lines(texts(second)) == "");
      REQUIRE(second.spec);
      check_equal(*first.spec, *second.spec);
      CHECK(io::scenario_to_json(*second.spec) == json);  // the writer is a fixed point
    }
  }

  TEST_CASE("every field round-trips exactly, including awkward doubles and an endless stimulus") {
    ScenarioSpec s;
    s.name = "all \"fields\" \u00b5";
    s.description = "line one\nline two";
    s.dt_ms = 0.1 + 0.2;  // 0.30000000000000004
    s.duration_ms = 1.0 / 3.0;
    s.seed = std::numeric_limits<std::uint64_t>::max();
    PopulationSpec a{"a", "izhikevich", 3, {}, {}};
    a.params["c"] = Distribution::shared_r(-65, 15, 2);
    a.params["a"] = Distribution::uniform(0.02, 0.1);
    a.params["d"] = Distribution::normal(8, 1e-300);
    a.initial["V"] = Distribution::constant(-65.00000000000001);
    PopulationSpec b{"b", "lif", 2, {{"tau_m", Distribution::constant(20)}}, {}};
    PopulationSpec c{"c", "pattern", 10, {{"patterns", Distribution::constant(2)}}, {}};
    s.populations = {a, b, c};
    ProjectionSpec list;
    list.name = "list";
    list.pre = "a";
    list.post = "b";
    list.connectivity.rule = ConnectivitySpec::Rule::List;
    list.connectivity.pairs = {{2, 0}, {0, 1}};
    list.connectivity.pair_weights = {1.5, -2.25};
    list.delay_ms = Distribution::uniform(1, 2);
    ProjectionSpec fp;
    fp.pre = "a";
    fp.post = "a";
    fp.connectivity.rule = ConnectivitySpec::Rule::FixedProbability;
    fp.connectivity.p = 0.123456789012345678;
    fp.connectivity.allow_autapses = true;
    fp.weight = Distribution::normal(-1, 0.1);
    fp.receptor = Receptor::Inhibitory;
    fp.plasticity = PlasticitySpec{"stdp", {{"A_plus", 0.01}, {"tau_plus", 16.8}}};
    ProjectionSpec one;
    one.pre = "b";
    one.post = "b";
    one.connectivity.rule = ConnectivitySpec::Rule::OneToOne;
    one.receptor = Receptor::Excitatory;
    one.delay_ms = Distribution::constant(0);
    one.same_step = true;
    s.projections = {list, fp, one};
    StimulusSpec endless{"endless", "a", {0, 2}, 10, 0.5, 1, std::numeric_limits<double>::infinity()};
    StimulusSpec window{"window", "b", {}, -3, 0, 100, 200.5};
    s.stimuli = {endless, window};
    s.monitors.rate_bin_ms = 2.5;
    s.monitors.report_interval_ms = 50;
    s.monitors.traces = {{"a", {0, 1}}, {"b", {}}};
    ExperimentSpec x;
    x.input = "c";
    x.output = "b";
    x.epochs = 7;
    x.epoch_ms = 1.0 / 7.0;
    x.evaluation_ms = 250.5;
    x.stop_accuracy = 0.95;
    x.max_latency_ms = 9.75;
    x.final_window_ms = 1e5;
    x.energy_model = "horowitz-int8";
    s.experiment = x;
    s.projections[0].plasticity = PlasticitySpec{"rstdp", {{"tau_c", 500}}};
    s.reward = RewardSpec{"list", 2, 0, 12.5, Distribution::uniform(1000, 3000.5), -0.25};

    const std::string json = io::scenario_to_json(s);
    INFO(json);
    CHECK(json.find("stop_ms\": 200.5") != std::string::npos);
    CHECK(json.find("\"inf") == std::string::npos);  // an endless stimulus omits stop_ms
    const auto back = io::parse_scenario(json, "written");
    CHECK(join_lines(texts(back)) == "");
    REQUIRE(back.spec);
    check_equal(s, *back.spec);
  }

  TEST_CASE("stop_ms may be given as \"inf\"") {
    const auto r = io::parse_scenario(R"({"populations": [{"name": "a", "model": "lif"}],
      "stimuli": [{"population": "a", "amplitude": 1, "stop_ms": "inf"}]})", "t.json");
    REQUIRE(r.spec);
    CHECK(std::isinf(r.spec->stimuli[0].stop_ms));
  }

  // [SECTION] Malformed scenarios: each with the exact messages it must produce

  TEST_CASE("malformed scenarios report every problem with its path") {
    struct Case {
      const char* what;
      std::string json;
      std::vector<std::string> expected;
    };
    // One valid population for the cases to build on.
    const std::string pop = R"({"name": "exc", "model": "lif", "size": 10})";
    const std::vector<Case> cases{
        {"tau_m = 0", R"({"populations": [{"name": "exc", "model": "lif", "params": {"tau_m": 0}}]})",
         {"populations[0].params.tau_m: must be > 0 (got 0)"}},
        {"unknown top-level key", R"({"durations_ms": 5, "populations": [)" + pop + "]}", {"durations_ms: unknown key"}},
        {"unknown nested key", R"({"populations": [{"name": "exc", "model": "lif", "parms": {}}]})", {"populations[0].parms: unknown key"}},
        {"unknown model", R"({"populations": [{"name": "exc", "model": "lifx", "params": {"tau_m": 0}}]})",
         {"populations[0].model: unknown model \"lifx\" (expected " + known_models() + ")"}},
        {"unknown parameter", R"({"populations": [{"name": "p", "model": "poisson", "params": {"rates": 5}}]})",
         {"populations[0].params.rates: unknown parameter for model poisson (expected one of rate)"}},
        {"missing population reference",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc2", "post": "exc", "weight": 1}]})",
         {"projections[0].pre: no population named \"exc2\""}},
        {"wrong type", R"({"dt_ms": "0.1", "populations": [)" + pop + "]}", {"dt_ms: must be a number (got string)"}},
        {"NaN spelled as a string", R"({"populations": [{"name": "exc", "model": "lif", "initial": {"V": "NaN"}}]})",
         {"populations[0].initial.V: must be a number or a distribution ({\"uniform\": [low, high]}, {\"normal\": [mean, sd]} or "
          "{\"base\": b, \"scale\": s, \"power\": p}) (got string)"}},
        {"negative size", R"({"populations": [{"name": "exc", "model": "lif", "size": -5}]})",
         {"populations[0].size: must be between 1 and 50000000 (got -5)"}},
        {"fractional size", R"({"populations": [{"name": "exc", "model": "lif", "size": 2.5}]})",
         {"populations[0].size: must be an integer (got 2.5)"}},
        {"size beyond int", R"({"populations": [{"name": "exc", "model": "lif", "size": 10000000000}]})",
         {"populations[0].size: must be <= 2147483647 (got 10000000000)"}},
        {"p > 1",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc",
            "connectivity": {"rule": "fixed_probability", "p": 1.5}}]})",
         {"projections[0].connectivity.p: must be between 0 and 1 (got 1.5)"}},
        {"p missing",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc",
            "connectivity": {"rule": "fixed_probability"}}]})",
         {"projections[0].connectivity.p: required but missing"}},
        {"a key the rule does not use",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc",
            "connectivity": {"rule": "all_to_all", "p": 0.1}}]})",
         {"projections[0].connectivity.p: not used by rule \"all_to_all\""}},
        {"unknown rule",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc", "connectivity": {"rule": "random"}}]})",
         {"projections[0].connectivity.rule: unknown rule \"random\" (expected fixed_probability, fixed_indegree, all_to_all, one_to_one, list)"}},
        {"list pair of one",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc",
            "connectivity": {"rule": "list", "pairs": [[0, 1], [2]], "weights": [1, 2]}}]})",
         {"projections[0].connectivity.pairs[1]: must be a [pre, post] pair of neuron indices (got an array of 1)"}},
        {"list pair outside the population",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc",
            "connectivity": {"rule": "list", "pairs": [[0, 10]]}}]})",
         {"projections[0].connectivity.pairs[0]: post index 10 is outside 0..9"}},
        {"unknown receptor",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc", "receptor": "excitatory"}]})",
         {"projections[0].receptor: unknown receptor \"excitatory\" (expected exc or inh)"}},
        {"plasticity without a rule",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc", "plasticity": {"params": {"eta": 1}}}]})",
         {"projections[0].plasticity.rule: required but missing"}},
        {"plasticity parameter of the wrong type",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc",
            "plasticity": {"rule": "stdp", "params": {"tau_plus": "16.8"}, "window": 3}}]})",
         {"projections[0].plasticity.params.tau_plus: must be a number (got string)", "projections[0].plasticity.window: unknown key"}},
        {"unknown plasticity rule",
         R"({"populations": [)" + pop + R"(], "projections": [{"pre": "exc", "post": "exc", "plasticity": {"rule": "hebb"}}]})",
         {"projections[0].plasticity.rule: unknown rule \"hebb\" (expected stdp, rstdp, stdp_triplet, rstdp_first_spike)"}},
        {"uniform with three numbers", R"({"populations": [{"name": "exc", "model": "lif", "initial": {"V": {"uniform": [1, 2, 3]}}}]})",
         {"populations[0].initial.V.uniform: must be an array of two numbers [low, high] (got an array of 3)"}},
        {"uniform upside down", R"({"populations": [{"name": "exc", "model": "lif", "initial": {"V": {"uniform": [-50, -60]}}}]})",
         {"populations[0].initial.V: uniform needs low < high (got -50, -60)"}},
        {"unknown distribution", R"({"populations": [{"name": "exc", "model": "lif", "params": {"tau_m": {"gauss": [1, 2]}}}]})",
         {"populations[0].params.tau_m: unknown distribution (expected \"uniform\", \"normal\" or \"base\"/\"scale\"/\"power\"; got \"gauss\")"}},
        {"shared r without scale", R"({"populations": [{"name": "exc", "model": "izhikevich", "params": {"c": {"base": -65}}}]})",
         {"populations[0].params.c.scale: required but missing"}},
        {"duplicate key", R"({"populations": [{"name": "exc", "model": "lif", "size": 3, "size": 4}]})",
         {"populations[0].size: duplicate key (given more than once in the same object)"}},
        {"negative seed", R"({"seed": -1, "populations": [)" + pop + "]}", {"seed: must be an integer >= 0 (got -1)"}},
        {"top level is an array", R"([1, 2])", {"a scenario must be a JSON object {...} (got array)"}},
        {"no populations", R"({"name": "empty"})", {"populations: must list at least one population"}},
        {"missing name and model", R"({"populations": [{"size": 3}]})",
         {"populations[0].name: required but missing", "populations[0].model: required but missing"}},
        {"stimulus stops before it starts",
         R"({"populations": [)" + pop + R"(], "stimuli": [{"population": "exc", "start_ms": 10, "stop_ms": 5}]})",
         {"stimuli[0].stop_ms: must be >= start_ms (got 5)"}},
        {"trace of a neuron that does not exist",
         R"({"populations": [)" + pop + R"(], "monitors": {"traces": [{"population": "exc", "neurons": [3, 10, -1]}]}})",
         {"monitors.traces[0].neurons[1]: neuron 10 is outside 0..9", "monitors.traces[0].neurons[2]: must be >= 0 (got -1)"}},
        {"experiment not an object", R"({"populations": [)" + pop + R"(], "experiment": 10})",
         {"experiment: must be an object such as {\"task\": \"pattern\", \"input\": \"afferents\", \"output\": \"neuron\"} (got number)"}},
        {"experiment with an unknown key and without input and output",
         R"({"populations": [)" + pop + R"(], "experiment": {"task": "pattern", "epoch": 3}})",
         {"experiment.input: required but missing", "experiment.output: required but missing", "experiment.epoch: unknown key"}},
        {"experiment fields of the wrong type",
         R"({"populations": [)" + pop + R"(], "experiment": {"input": "exc", "output": "exc", "epochs": 2.5, "epoch_ms": "long",
            "energy_model": 3}})",
         {"experiment.input: population \"exc\" must be of model pattern for the pattern task",
          "experiment.epochs: must be an integer (got 2.5)", "experiment.epoch_ms: must be a number (got string)",
          "experiment.energy_model: must be a string (got number)"}},
        {"experiment values out of range",
         R"({"populations": [{"name": "in", "model": "pattern", "size": 100}, )" + pop + R"(],
            "experiment": {"task": "words", "input": "exc", "output": "in", "epochs": 0, "epoch_ms": 0, "evaluation_ms": -1,
                           "stop_accuracy": 2, "max_latency_ms": 0, "final_window_ms": -5, "energy_model": "abacus"}})",
         {"experiment.task: unknown task \"words\" (expected pattern, classification)",
          "experiment.input: population \"exc\" must be of model pattern for the pattern task",
          "experiment.output: population \"in\" is a spike source, not a layer that learns",
          "experiment.epochs: must be between 1 and 1000000 (got 0)", "experiment.epoch_ms: must be > 0 (got 0)",
          "experiment.evaluation_ms: must be >= 0 (got -1)", "experiment.stop_accuracy: must be between 0 and 1 (got 2)",
          "experiment.max_latency_ms: must be > 0 (got 0)", "experiment.final_window_ms: must be >= 0 (got -5)",
          "experiment.energy_model: unknown energy model \"abacus\" (expected loihi, truenorth, horowitz-fp32, horowitz-fp16, horowitz-int8)"}},
        {"reward on the pattern task, and a negative reward",
         R"({"populations": [{"name": "in", "model": "pattern", "size": 100}, )" + pop + R"(],
            "experiment": {"input": "in", "output": "exc", "tagged_outputs": true, "reward": -1}})",
         {"experiment.tagged_outputs: applies to the classification task only", "experiment.reward: must be >= 0 (got -1)"}},
        {"same_step that is not true or false, and same_step without a delay",
         R"({"populations": [{"name": "in", "model": "poisson", "size": 2}, {"name": "out", "model": "lif", "size": 2}],
            "projections": [{"pre": "in", "post": "out", "delay_ms": 0, "same_step": 1},
                            {"pre": "in", "post": "out", "same_step": true}]})",
         {"projections[0].same_step: must be true or false (got number)", "projections[1].same_step: needs a delay_ms to deliver within the step (\"delay_ms\": 0)"}},
        {"a reward decay outside (0, 1]",
         R"({"populations": [{"name": "in", "model": "pattern", "size": 100}, )" + pop + R"(],
            "experiment": {"input": "in", "output": "exc", "reward_decay": 1.5}})",
         {"experiment.reward_decay: must be above 0 and at most 1 (got 1.5)"}},
        {"a silent decision that is not one of the two, or without tagged outputs, or not a string",
         R"({"populations": [{"name": "in", "model": "images"}, )" + pop + R"(],
            "experiment": {"task": "classification", "input": "in", "output": "exc", "tagged_outputs": true, "silent_decision": "loudest"}})",
         {"experiment.silent_decision: must be \"none\" or \"peak_potential\" (got \"loudest\")"}},
        {"a silent decision without tagged outputs",
         R"({"populations": [{"name": "in", "model": "images"}, )" + pop + R"(],
            "experiment": {"task": "classification", "input": "in", "output": "exc", "silent_decision": "peak_potential"}})",
         {"experiment.silent_decision: applies to tagged outputs only (set experiment.tagged_outputs)"}},
        {"a silent decision given as a number",
         R"({"populations": [{"name": "in", "model": "images"}, )" + pop + R"(],
            "experiment": {"task": "classification", "input": "in", "output": "exc", "silent_decision": 1}})",
         {"experiment.silent_decision: must be a string (got number)"}},
        {"a reward decay of 0",
         R"({"populations": [{"name": "in", "model": "pattern", "size": 100}, )" + pop + R"(],
            "experiment": {"input": "in", "output": "exc", "reward_decay": 0}})",
         {"experiment.reward_decay: must be above 0 and at most 1 (got 0)"}},
        {"experiment naming populations that do not exist",
         R"({"populations": [)" + pop + R"(], "experiment": {"input": "afferents", "output": "neuron"}})",
         {"experiment.input: no population named \"afferents\"", "experiment.output: no population named \"neuron\""}},
        {"reward on a projection that does not learn from rewards",
         R"({"populations": [)" + pop + R"(], "projections": [{"name": "ee", "pre": "exc", "post": "exc"}],
            "reward": {"projection": "ee", "pre": 10, "post": -1, "delay_ms": {"normal": [1000, 10]}, "window_ms": 0, "color": 1}})",
         {"reward.projection: projection \"ee\" has no reward-modulated plasticity (rule rstdp)", "reward.pre: neuron 10 is outside 0..9",
          "reward.post: must be >= 0 (got -1)", "reward.delay_ms: must be a number or a uniform range", "reward.window_ms: must be > 0 (got 0)",
          "reward.color: unknown key"}},
        {"reward without a projection", R"({"populations": [)" + pop + R"(], "reward": {"pre": 0}})",
         {"reward.projection: required but missing"}},
        {"several problems at once, in the order of the file",
         R"({"dt_ms": 0, "populations": [{"name": "exc", "model": "lif", "params": {"tau_m": -1}, "colour": "red"}],
            "projections": [{"pre": "exc", "post": "nowhere"}]})",
         {"dt_ms: must be > 0 and <= 10 (got 0)", "populations[0].params.tau_m: must be > 0 (got -1)",
          "populations[0].colour: unknown key", "projections[0].post: no population named \"nowhere\""}},
    };
    for (const Case& c : cases) {
      INFO(std::string(c.what));
      INFO(c.json);
      const auto r = io::parse_scenario(c.json, "case.json");
      CHECK(!r.spec);
      CHECK(join_lines(texts(r)) == join_lines(c.expected));
    }
  }

  TEST_CASE("malformed JSON names the file, line and column") {
    struct Case {
      std::string text;
      std::string expected;
    };
    const std::vector<Case> cases{
        {"{\n  \"dt_ms\": 0.1,\n  \"populations\": [\n}\n",
         "bad.json:4:1: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal"},
        {"{\"dt_ms\": 0.1,}", "bad.json:1:15: syntax error while parsing object key - unexpected '}'; expected string literal"},
        {"{\"dt_ms\": NaN}", "bad.json:1:11: syntax error while parsing value - invalid literal; last read: '\"dt_ms\": N'"},
        {"{\"a\": 1\n \"b\": 2}", "bad.json:2:2: syntax error while parsing object - unexpected string literal; expected '}'"},
        {"[1 2]", "bad.json:1:4: syntax error while parsing array - unexpected number literal; expected ']'"},
        {"{\"a\": \"x\\\"y\" \"b\": 2}", "bad.json:1:14: syntax error while parsing object - unexpected string literal; expected '}'"},
        {"{\n \"dt_ms\": 1e999}", "bad.json:2:11: number overflow parsing '1e999'"},
        {"{\"a\": 1} trailing", "bad.json:1:12: syntax error while parsing value - invalid literal; last read: '1} tra'; expected end of input"},
        {"", "bad.json: empty file (expected a JSON object describing a scenario)"},
        {" \n\t \r\n", "bad.json: empty file (expected a JSON object describing a scenario)"},
        {std::string("{\"a\0b\": 1}", 10), "bad.json: not a text file (NUL byte at offset 3); expected a JSON scenario"},
    };
    for (const Case& c : cases) {
      INFO(c.text);
      const auto r = io::parse_scenario(c.text, "bad.json");
      CHECK(!r.spec);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].path == "");
      CHECK(r.errors[0].message == c.expected);
    }
  }

  TEST_CASE("files that are missing, directories, binary or too large are refused with a clear message") {
    TempDir dir;
    SUBCASE("missing") {
      const auto r = io::load_scenario_file(dir.path / "nope.json");
      CHECK(join_lines(texts(r)) == (dir.path / "nope.json").string() + ": no such file\n");
    }
    SUBCASE("a directory") {
      const auto r = io::load_scenario_file(dir.path);
      CHECK(join_lines(texts(r)) == dir.path.string() + ": is a directory, not a scenario file\n");
    }
    SUBCASE("binary") {
      const auto p = dir.write("bin.json", std::string("\x7f" "ELF\0\0\x01", 7));
      const auto r = io::load_scenario_file(p);
      CHECK(join_lines(texts(r)) == p.string() + ": not a text file (NUL byte at offset 4); expected a JSON scenario\n");
    }
    SUBCASE("larger than 64 MiB (sparse, so the test stays fast)") {
      const auto p = dir.write("huge.json", "{}");
      fs::resize_file(p, (64u << 20) + 1);
      const auto r = io::load_scenario_file(p);
      CHECK(join_lines(texts(r)) == p.string() + ": too large (64 MiB; scenario files are limited to 64 MiB)\n");
    }
    SUBCASE("a syntax error in a file carries the file's name") {
      const auto p = dir.write("broken.json", "{\n  \"name\": \"x\",\n  \"populations\": [}\n");
      const auto r = io::load_scenario_file(p);
      CHECK(join_lines(texts(r)) ==
            p.string() + ":3:19: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal\n");
    }
    SUBCASE("the on-disk fixtures") {
      const fs::path data = fs::path(NEUROSIM_TEST_DATA_DIR) / "scenarios";
      const auto bad = io::load_scenario_file(data / "bad_values.json");
      CHECK(texts(bad) == std::vector<std::string>{
                              "populations[0].params.tau_m: must be > 0 (got 0)",
                              "populations[1].model: unknown model \"lifx\" (expected " + known_models() + ")",
                              "projections[0].post: no population named \"exc2\"",
                              "projections[0].connectivity.p: must be between 0 and 1 (got 1.2)"});
      const auto malformed = io::load_scenario_file(data / "malformed.json");
      REQUIRE(malformed.errors.size() == 1);
      CHECK(malformed.errors[0].message == (data / "malformed.json").string() + ":6:3: syntax error while parsing object - unexpected string literal; expected '}'");
    }
  }

  TEST_CASE("load_scenario takes a preset name or a path, and lists the presets when it finds neither") {
    CHECK(io::load_scenario("cuba").spec);
    const auto path = io::preset_path("cuba");
    REQUIRE(path);
    CHECK(io::load_scenario(path->string()).spec);
    const auto r = io::load_scenario("cubaa");
    const std::string message = join_lines(texts(r));
    CHECK(message.rfind("cubaa: no such file or preset (presets: ", 0) == 0);
    CHECK(message.find("cuba, default, ") != std::string::npos);
    CHECK(message.find("lif-single, masquelier2008, masquelier2009, ") != std::string::npos);
    CHECK(!io::preset_path("../scenarios/cuba"));
    CHECK(!io::preset_path(""));
  }
}

// [SECTION] Overrides

TEST_SUITE("overrides") {
  TEST_CASE("--set paths by index and by name reach every kind of field") {
    auto loaded = io::load_scenario("cuba");
    REQUIRE(loaded.spec);
    ScenarioSpec s = *loaded.spec;
    CHECK(io::apply_override(s, "duration_ms", "250") == "");
    CHECK(s.duration_ms == 250);
    CHECK(io::apply_override(s, "seed", "42") == "");
    CHECK(s.seed == 42);
    CHECK(io::apply_override(s, "dt_ms", "0.05") == "");
    CHECK(s.dt_ms == 0.05);
    CHECK(io::apply_override(s, "populations[0].params.tau_m", "15") == "");
    CHECK(s.populations[0].params["tau_m"].a == 15);
    CHECK(io::apply_override(s, "populations.inh.params.tau_m", "12.5") == "");
    CHECK(s.populations[1].params["tau_m"].a == 12.5);
    CHECK(io::apply_override(s, "populations.exc.size", "100") == "");
    CHECK(s.populations[0].size == 100);
    CHECK(io::apply_override(s, "projections.ee.weight", "2") == "");
    CHECK(s.projections[0].weight.a == 2);
    CHECK(io::apply_override(s, "projections.ie.weight", R"({"normal": [-9, 1]})") == "");
    CHECK(s.projections[2].weight.kind == Distribution::Kind::Normal);
    CHECK(io::apply_override(s, "projections.ee.connectivity.p", "0.05") == "");
    CHECK(s.projections[0].connectivity.p == 0.05);
    CHECK(io::apply_override(s, "populations.exc.initial.V", "-55") == "");
    CHECK(s.populations[0].initial["V"].is_constant());
    CHECK(io::apply_override(s, "monitors.report_interval_ms", "20") == "");
    CHECK(s.monitors.report_interval_ms == 20);
    CHECK(io::apply_override(s, "name", "renamed") == "");  // not JSON: taken as a string
    CHECK(s.name == "renamed");
    // A parameter the file did not set is added.
    CHECK(io::apply_override(s, "populations.exc.params.I_bias", "5") == "");
    CHECK(s.populations[0].params["I_bias"].a == 5);
    CHECK(check_scenario(s).empty());
  }

  TEST_CASE("--set reaches the experiment and the reward") {
    auto loaded = io::load_scenario("masquelier2008");
    REQUIRE(loaded.spec);
    ScenarioSpec s = *loaded.spec;
    CHECK(io::apply_override(s, "experiment.epochs", "3") == "");
    CHECK(s.experiment->epochs == 3);
    CHECK(io::apply_override(s, "experiment.epoch_ms", "200") == "");
    CHECK(s.experiment->epoch_ms == 200);
    CHECK(io::apply_override(s, "experiment.energy_model", "truenorth") == "");
    CHECK(s.experiment->energy_model == "truenorth");
    CHECK(io::apply_override(s, "experiment.epochs", "many") == "experiment.epochs: must be an integer (got string)");
    CHECK(io::apply_override(s, "experiment.epoch", "3") == "experiment.epoch: unknown key");
    CHECK(check_scenario(s).empty());
    // A scenario without an experiment gains one, and the checks name what it still lacks.
    auto song = io::load_scenario("song2000-stdp");
    REQUIRE(song.spec);
    ScenarioSpec t = *song.spec;
    CHECK(io::apply_override(t, "experiment.epochs", "2") == "experiment.input: required but missing; experiment.output: required but missing");
    auto rstdp = io::load_scenario("rstdp");
    REQUIRE(rstdp.spec);
    ScenarioSpec r = *rstdp.spec;
    CHECK(io::apply_override(r, "reward.delay_ms", R"({"uniform": [200, 600]})") == "");
    CHECK(r.reward->delay_ms.b == 600);
    CHECK(io::apply_override(r, "reward.pre", "5") == "");
    CHECK(r.reward->pre == 5);
  }

  TEST_CASE("--set on stimuli, including an endless stop") {
    auto loaded = io::load_scenario("lif-single");
    REQUIRE(loaded.spec);
    ScenarioSpec s = *loaded.spec;
    CHECK(io::apply_override(s, "stimuli[0].amplitude", "400") == "");
    CHECK(s.stimuli[0].amplitude == 400);
    CHECK(io::apply_override(s, "stimuli.step.stop_ms", "inf") == "");
    CHECK(std::isinf(s.stimuli[0].stop_ms));
  }

  TEST_CASE("a bad --set names the path and leaves the spec unchanged") {
    auto loaded = io::load_scenario("cuba");
    REQUIRE(loaded.spec);
    ScenarioSpec s = *loaded.spec;
    const std::string before = io::scenario_to_json(s);
    struct Case {
      const char* path;
      const char* value;
      std::string expected;
    };
    const std::vector<Case> cases{
        {"populations.exc2.size", "5", "populations.exc2.size: no entry named \"exc2\" in populations"},
        {"populations[7].size", "5", "populations[7].size: populations[7] does not exist (populations has 2 entries)"},
        {"populations.exc.size", "abc", "populations[0].size: must be an integer (got string)"},
        {"populations.exc.parms.tau_m", "1", "populations[0].parms: unknown key"},
        {"duration", "5", "duration: unknown key"},
        {"populations[x].size", "5", "populations[x].size: expected an index such as [0] at character 12"},
        {"dt_ms.", "1", "dt_ms.: path ends with '.'"},
        {"", "1", ": empty path"},
        {"dt_ms.value", "1", "dt_ms.value: dt_ms is a single value, it has no field \"value\""},
        {"seed", "-3", "seed: must be an integer >= 0 (got -3)"},
    };
    for (const Case& c : cases) {
      INFO(c.path << " = " << c.value);
      CHECK(io::apply_override(s, c.path, c.value) == c.expected);
      CHECK(io::scenario_to_json(s) == before);
    }
  }

  TEST_CASE("ranges are checked when the scenario is built, so --set V_th then V_reset works") {
    auto loaded = io::load_scenario("lif-single");
    REQUIRE(loaded.spec);
    ScenarioSpec s = *loaded.spec;
    CHECK(io::apply_override(s, "populations.neuron.params.V_th", "-75") == "");  // below V_reset for now
    CHECK(io::apply_override(s, "populations.neuron.params.V_reset", "-80") == "");
    CHECK(check_scenario(s).empty());
    CHECK(io::apply_override(s, "populations.neuron.params.tau_m", "0") == "");
    const auto errors = check_scenario(s);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text() == "populations[0].params.tau_m: must be > 0 (got 0)");
  }
}

// [SECTION] Result files

TEST_SUITE("results_writer") {
  TEST_CASE("times on the step grid print as their shortest decimal") {
    CHECK(cli::TimeFormatter(0.1).text(3) == "0.3");
    CHECK(cli::TimeFormatter(0.1).text(0) == "0");
    CHECK(cli::TimeFormatter(0.1).text(10000) == "1000");
    CHECK(cli::TimeFormatter(0.1).text(123456789) == "12345678.9");
    CHECK(cli::TimeFormatter(0.25).text(2) == "0.5");
    CHECK(cli::TimeFormatter(0.25).text(7) == "1.75");
    CHECK(cli::TimeFormatter(1.0).text(42) == "42");
    CHECK(cli::TimeFormatter(0.01).text(7) == "0.07");
    CHECK(cli::TimeFormatter(1.0 / 3.0).text(3) == "1");  // no short decimal: shortest round trip
  }

  TEST_CASE("a headless run writes CSVs that list every spike and add up") {
    auto loaded = io::load_scenario("lif-single");
    REQUIRE(loaded.spec);
    ScenarioSpec spec = *loaded.spec;
    spec.duration_ms = 300;
    auto built = build_network(spec, BuildOptions{RecordMode::Full});
    REQUIRE(built.network);
    Network& net = *built.network;
    net.run(3000);
    TempDir dir;
    const auto spikes = cli::write_spikes_csv(dir.path, net);
    CHECK(spikes == net.total_spikes(0));
    CHECK(spikes > 5);
    const std::string csv = read_text(dir.path / "spikes.csv");
    CHECK(csv.rfind("t_ms,population,neuron\n", 0) == 0);
    CHECK(static_cast<std::uint64_t>(std::count(csv.begin(), csv.end(), '\n')) == spikes + 1);
    // The first spike: 500 pA from 100 ms reaches threshold after tau_m ln(20 / 5) = 13.86 ms.
    CHECK(csv.find("\n113.8,neuron,0\n") != std::string::npos);

    cli::write_metrics_csv(dir.path, net, {{1000, 1000, {0}}, {3000, 2000, {12}}});
    CHECK(read_text(dir.path / "metrics.csv") == "t_ms,neuron_rate_hz,neuron_spikes\n100,0,0\n300,60,12\n");

    const auto samples = cli::write_traces_csv(dir.path, net);
    CHECK(samples == 3000);
    const std::string traces = read_text(dir.path / "traces.csv");
    CHECK(traces.rfind("t_ms,population,neuron,V,I_syn_e,I_syn_i\n0,neuron,0,-70,0,0\n", 0) == 0);

    cli::RunSummary summary;
    summary.version = "test";
    summary.steps = 3000;
    summary.wall_time_s = 0.5;
    cli::write_experiment_json(dir.path, net, summary);
    const auto experiment = read_text(dir.path / "experiment.json");
    CHECK(experiment.find("\"real_time_factor\": 0.6") != std::string::npos);
    CHECK(experiment.find("\"scenario\": {") != std::string::npos);
    for (const auto& entry : fs::directory_iterator(dir.path)) CHECK(entry.path().extension() != ".tmp");
  }
}
