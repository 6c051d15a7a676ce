// Whole-network behaviour: determinism, commands between steps, scenario checks, Poisson input.
#include <cmath>

#include "engine/spec_helpers.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

// A small E/I network under Poisson drive with heterogeneous initial state and delays.
ScenarioSpec ei_network(std::uint64_t seed) {
  auto spec = scenario(0.1, {population("in", "poisson", 100, {{"rate", Distribution::constant(20.0)}}),
                             population("exc", "lif", 200, {{"tau_m", Distribution::constant(20.0)}}),
                             population("inh", "lif", 50)});
  spec.seed = seed;
  spec.populations[1].initial["V"] = Distribution::uniform(-70, -56);
  const auto connect = [&](const char* pre, const char* post, double p, Distribution w, Distribution delay) {
    auto pr = projection(pre, post, ConnectivitySpec::Rule::FixedProbability, w, delay);
    pr.connectivity.p = p;
    spec.projections.push_back(pr);
  };
  connect("in", "exc", 0.3, Distribution::normal(120, 20), Distribution::constant(1.0));
  connect("in", "inh", 0.3, Distribution::constant(100), Distribution::constant(1.0));
  connect("exc", "exc", 0.1, Distribution::constant(40), Distribution::uniform(0.5, 2.0));
  connect("exc", "inh", 0.1, Distribution::constant(40), Distribution::constant(1.0));
  connect("inh", "exc", 0.2, Distribution::constant(-150), Distribution::constant(1.0));
  spec.stimuli.push_back(StimulusSpec{"noise", "exc", {}, 50.0, 30.0, 0.0, std::numeric_limits<double>::infinity()});
  return spec;
}

std::vector<SpikeEvent> run_spikes(const ScenarioSpec& spec, std::int64_t steps) {
  auto net = build(spec);
  net->run(steps);
  return net->spikes().all();
}

bool same(const std::vector<SpikeEvent>& a, const std::vector<SpikeEvent>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].step != b[i].step || a[i].population != b[i].population || a[i].neuron != b[i].neuron) return false;
  return true;
}

}  // namespace

TEST_SUITE("network") {
  TEST_CASE("a scenario and seed give bit-identical spikes; another seed gives others") {
    const auto a = run_spikes(ei_network(7), 3000);
    const auto b = run_spikes(ei_network(7), 3000);
    const auto c = run_spikes(ei_network(8), 3000);
    REQUIRE(a.size() > 500);
    CHECK(same(a, b));
    CHECK_FALSE(same(a, c));
  }

  TEST_CASE("reset repeats the run exactly") {
    auto net = build(ei_network(3));
    net->run(2000);
    const auto first = net->spikes().all();
    CHECK(net->submit(ResetNetwork{}).empty());
    net->run(2000);  // the reset is applied before the first of these steps
    CHECK(net->step_index() == 2000);
    CHECK(same(first, net->spikes().all()));
  }

  TEST_CASE("commands apply between steps and show in the spec") {
    auto net = build(ei_network(1));
    net->run(10);
    CHECK(net->submit(SetParam{1, "tau_m", 15.0}).empty());
    CHECK(net->population(1).param("tau_m") == 20.0);  // not yet: applied before the next step
    net->step();
    CHECK(net->population(1).param("tau_m") == 15.0);
    CHECK(net->spec().populations[1].params.at("tau_m").a == 15.0);
  }

  TEST_CASE("rejected commands leave everything unchanged") {
    auto net = build(ei_network(1));
    CHECK(net->submit(SetParam{1, "tau_m", 0.0}) == "tau_m: must be > 0 (got 0)");
    CHECK(net->submit(SetParam{1, "tau_m", std::nan("")}) == "tau_m: must be a finite number (got NaN)");
    CHECK(net->submit(SetParam{1, "V_reset", -40.0}) == "V_reset: must be below V_th (got -40 >= -55)");
    CHECK(net->submit(SetParam{1, "nope", 1.0}) == "nope: unknown parameter for model lif");
    CHECK(net->submit(SetParam{9, "tau_m", 1.0}) == "no population 9");
    CHECK(net->submit(SetParam{0, "rate", -5.0}) == "rate: must be >= 0 (got -5)");
    CHECK(net->submit(SetStimulus{0, {1.0, -1.0, 0.0, 10.0}}) == "noise_sd: must be >= 0 (got -1)");
    // Currents are single precision: a value beyond its range is refused, not made infinite.
    CHECK(net->submit(SetStimulus{0, {1.0, 1e39, 0.0, 10.0}}).rfind("noise_sd: must be at most 3.40282", 0) == 0);
    CHECK(net->submit(SetStimulus{0, {-1e39, 1.0, 0.0, 10.0}}).rfind("amplitude: must be within +-3.40282", 0) == 0);
    CHECK(net->submit(SetTraced{1, 200}) == "neuron 200 is outside 0..199");
    CHECK(net->submit(SetTraced{0, 0}) == "population in has no state to trace");
    CHECK_FALSE(net->has_pending_commands());
    net->step();
    CHECK(net->population(1).param("tau_m") == 20.0);
    CHECK(net->population(1).param("V_reset") == -70.0);
    CHECK(net->population(0).param("rate") == 20.0);
  }

  TEST_CASE("a changed parameter changes the dynamics from the next step on") {
    auto a = build(ei_network(5));
    auto b = build(ei_network(5));
    a->run(1000);
    b->run(1000);
    CHECK(same(a->spikes().all(), b->spikes().all()));
    b->submit(SetParam{0, "rate", 60.0});
    a->run(1000);
    b->run(1000);
    CHECK(b->total_spikes(0) > a->total_spikes(0) * 2);
  }

  TEST_CASE("Poisson sources fire at their rate with exponential intervals") {
    auto spec = scenario(0.1, {population("in", "poisson", 2000, {{"rate", Distribution::constant(25.0)}})});
    auto net = build(spec);
    net->run(10000);  // 1 s
    const double expected = 2000 * 25.0;
    CHECK(std::fabs(static_cast<double>(net->total_spikes(0)) - expected) < 4 * std::sqrt(expected));
    // Coefficient of variation of one neuron's intervals pooled over neurons: 1 for Poisson.
    std::vector<std::int64_t> last(2000, -1);
    double sum = 0, sum2 = 0;
    int n = 0;
    for (const auto& e : net->spikes().all()) {
      if (last[e.neuron] >= 0) {
        const double isi = static_cast<double>(e.step - last[e.neuron]) * 0.1;
        sum += isi;
        sum2 += isi * isi;
        ++n;
      }
      last[e.neuron] = e.step;
    }
    const double mean = sum / n, cv = std::sqrt(sum2 / n - mean * mean) / mean;
    CHECK(mean == doctest::Approx(40.0).epsilon(0.05));
    CHECK(cv == doctest::Approx(1.0).epsilon(0.05));
  }

  TEST_CASE("the rate monitor reports Hz per bin") {
    auto spec = scenario(0.1, {population("in", "poisson", 1000, {{"rate", Distribution::constant(50.0)}})});
    spec.monitors.rate_bin_ms = 100.0;
    auto net = build(spec);
    net->run(10000);
    REQUIRE(net->rates().bins_available() == 10);
    double mean = 0;
    for (std::size_t i = 0; i < 10; ++i) mean += net->rates().rate(0, i) / 10.0;
    CHECK(mean == doctest::Approx(50.0).epsilon(0.05));
  }

  TEST_CASE("the first trace sample at or after a step, in a full trace and in a wrapped ring") {
    for (const RecordMode mode : {RecordMode::Full, RecordMode::Live}) {
      BuildOptions options;
      options.record = mode;
      options.trace_capacity_samples = 300;
      auto spec = ei_network(2);
      spec.monitors.traces.push_back({"exc", {0}});
      auto result = build_network(spec, options);
      REQUIRE(result.network);
      auto& net = *result.network;
      net.run(1000);
      const TraceProbe& probe = net.traces().probes().at(0);
      const std::size_t n = StateRecorder::available(probe);
      const std::int64_t oldest = StateRecorder::sample_step(probe, 0);
      CHECK(oldest == (mode == RecordMode::Live ? 700 : 0));
      CHECK(StateRecorder::first_sample_at(probe, -5) == 0);
      CHECK(StateRecorder::first_sample_at(probe, oldest) == 0);
      for (const std::size_t i : {std::size_t{1}, n / 2, n - 1}) {
        const std::int64_t step = StateRecorder::sample_step(probe, i);
        CHECK(StateRecorder::first_sample_at(probe, step) == i);
      }
      CHECK(StateRecorder::first_sample_at(probe, 5000) == n);
    }
  }

  TEST_CASE("live recording keeps memory bounded") {
    BuildOptions options;
    options.record = RecordMode::Live;
    options.spike_ring_capacity = 1000;
    options.trace_capacity_samples = 500;
    auto spec = ei_network(2);
    spec.monitors.traces.push_back({"exc", {0, 1}});
    auto result = build_network(spec, options);
    REQUIRE(result.network);
    auto& net = *result.network;
    net.run(5000);
    CHECK(net.spikes().all().empty());
    std::uint64_t seen = 0;
    const auto lost = net.spikes().for_each_since(0, [&](const SpikeEvent&) { ++seen; });
    CHECK(seen == 1000);
    CHECK(lost == net.spikes().next_sequence() - 1000);
    const auto& probe = net.traces().probes().at(0);
    CHECK(StateRecorder::available(probe) == 500);
    CHECK(probe.samples.size() == 500 * 3);
    CHECK(StateRecorder::sample_step(probe, 499) == 4999);
  }

  TEST_CASE("live tracing is capped so that memory stays flat") {
    auto result = build_network(ei_network(2), BuildOptions{});
    auto& net = *result.network;
    for (int n = 0; n < static_cast<int>(Network::kMaxLiveTraces); ++n) {
      CHECK(net.submit(SetTraced{1, n}).empty());
      net.step();
    }
    CHECK(net.submit(SetTraced{1, 150}) == "at most 32 neurons can be traced at once");
    CHECK(net.submit(SetTraced{1, 0, false}).empty());
    net.step();
    CHECK(net.submit(SetTraced{1, 150}).empty());
  }
}

TEST_SUITE("scenario checks") {
  TEST_CASE("every problem is reported with its path") {
    struct Case {
      const char* what;
      void (*edit)(ScenarioSpec&);
      const char* expected;
    };
    const Case cases[] = {
        {"tau_m zero", [](ScenarioSpec& s) { s.populations[1].params["tau_m"] = Distribution::constant(0); },
         "populations[1].params.tau_m: must be > 0 (got 0)"},
        {"dt zero", [](ScenarioSpec& s) { s.dt_ms = 0; }, "dt_ms: must be > 0 and <= 10 (got 0)"},
        {"NaN duration", [](ScenarioSpec& s) { s.duration_ms = std::nan(""); }, "duration_ms: must be >= 0 (got NaN)"},
        {"unknown model", [](ScenarioSpec& s) { s.populations[2].model = "lifx"; },
         "populations[2].model: unknown model \"lifx\" (expected lif, if, izhikevich, srm, adex, lif_adaptive, lif_cond, dendritic, hh, lif_delta, poisson, pattern, file, images)"},
        {"unknown parameter", [](ScenarioSpec& s) { s.populations[1].params["tau"] = Distribution::constant(1); },
         "populations[1].params.tau: unknown parameter for model lif (expected one of tau_m, C_m, E_L, V_th, V_reset, t_ref, tau_syn_e, tau_syn_i, I_bias)"},
        {"zero size", [](ScenarioSpec& s) { s.populations[0].size = 0; }, "populations[0].size: must be between 1 and 50000000 (got 0)"},
        {"duplicate name", [](ScenarioSpec& s) { s.populations[2].name = "exc"; },
         "populations[2].name: duplicate population name \"exc\" (also populations[1])"},
        {"missing pre", [](ScenarioSpec& s) { s.projections[0].pre = "input"; }, "projections[0].pre: no population named \"input\""},
        {"into a source", [](ScenarioSpec& s) { s.projections[0].post = "in"; },
         "projections[0].post: population \"in\" is a spike source and takes no synaptic input"},
        {"p above 1", [](ScenarioSpec& s) { s.projections[1].connectivity.p = 1.5; }, "projections[1].connectivity.p: must be between 0 and 1 (got 1.5)"},
        {"bad uniform", [](ScenarioSpec& s) { s.projections[2].weight = Distribution::uniform(2, 1); },
         "projections[2].weight: uniform needs low < high (got 2, 1)"},
        {"negative delay", [](ScenarioSpec& s) { s.projections[3].delay_ms = Distribution::constant(-1); },
         "projections[3].delay_ms: must be >= 0 (got -1)"},
        {"heterogeneous LIF parameter", [](ScenarioSpec& s) { s.populations[1].params["tau_m"] = Distribution::uniform(10, 20); },
         "populations[1].params.tau_m: model lif takes one value per population for tau_m (got uniform[10, 20))"},
        {"unknown initial variable", [](ScenarioSpec& s) { s.populations[1].initial["u"] = Distribution::constant(0); },
         "populations[1].initial.u: unknown state variable for model lif (expected one of V, I_syn_e, I_syn_i)"},
        {"stimulus neuron out of range", [](ScenarioSpec& s) { s.stimuli[0].neurons = {0, 200}; },
         "stimuli[0].neurons[1]: neuron 200 is outside 0..199"},
        {"stimulus stop before start", [](ScenarioSpec& s) { s.stimuli[0].start_ms = 10; s.stimuli[0].stop_ms = 5; },
         "stimuli[0].stop_ms: must be >= start_ms (got 5)"},
        {"trace of a source", [](ScenarioSpec& s) { s.monitors.traces.push_back({"in", {0}}); },
         "monitors.traces[0].population: population \"in\" is a spike source and takes no current"},
        {"no populations", [](ScenarioSpec& s) { s.populations.clear(); s.projections.clear(); s.stimuli.clear(); },
         "populations: must list at least one population"},
    };
    for (const auto& c : cases) {
      auto spec = ei_network(1);
      c.edit(spec);
      const auto errors = check_scenario(spec);
      std::string all;
      for (const auto& e : errors) all += e.text() + "\n";
      INFO(std::string(c.what) << ":\n" << all);
      REQUIRE_FALSE(errors.empty());
      CHECK(errors[0].text() == c.expected);
      CHECK_FALSE(build_network(spec).network);
    }
  }

  TEST_CASE("all problems at once, not just the first") {
    auto spec = ei_network(1);
    spec.dt_ms = -1;
    spec.populations[1].params["C_m"] = Distribution::constant(-3);
    spec.projections[4].post = "nowhere";
    CHECK(check_scenario(spec).size() == 3);
  }
}
