// Adding neurons to a running network (AddNeurons): what was there stays bit for bit, the new
// neurons get the synapses their projections' rules give them, spikes travel to and from them
// with the right delays, they learn, bad requests are refused by name, and a growth schedule
// repeats exactly. The learning result (a third neuron learns the pattern two trained neurons
// left over) is in tests/io/test_learning_presets.cpp, on the masquelier2009-grow preset.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "engine/spec_helpers.hpp"
#include "neurosim/experiment.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.1;

// Weight of every synapse by its (pre, post) pair.
std::map<std::pair<int, int>, float> weights_by_pair(const Projection& p) {
  std::map<std::pair<int, int>, float> out;
  for (int i = 0; i < p.pre_size(); ++i)
    for (std::int64_t k = p.row_ptr()[static_cast<std::size_t>(i)]; k < p.row_ptr()[static_cast<std::size_t>(i) + 1]; ++k)
      out[{i, p.col()[static_cast<std::size_t>(k)]}] = p.weights()[static_cast<std::size_t>(k)];
  return out;
}

// Poisson afferents onto SRM neurons through plastic all-to-all synapses with per-synapse
// delays: each output neuron's fate depends only on the afferents and its own synapses.
ScenarioSpec feed_forward() {
  auto spec = scenario(kDt, {population("in", "poisson", 60, {{"rate", Distribution::constant(40.0)}}),
                             population("out", "srm", 3, {{"T", Distribution::constant(8.0)}})});
  spec.seed = 11;
  auto p = projection("in", "out", ConnectivitySpec::Rule::AllToAll, Distribution::uniform(0.2, 0.8), Distribution::uniform(0.5, 3.0));
  p.plasticity = PlasticitySpec{"stdp", {{"A_plus", 0.02}, {"A_minus", 0.021}, {"pairing", 2.0}}};
  spec.projections.push_back(p);
  return spec;
}

std::vector<SpikeEvent> spikes_of(const Network& net, int population, int below_neuron) {
  std::vector<SpikeEvent> out;
  for (const SpikeEvent& e : net.spikes().all())
    if (e.population == population && e.neuron < below_neuron) out.push_back(e);
  return out;
}

bool same_events(const std::vector<SpikeEvent>& a, const std::vector<SpikeEvent>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const SpikeEvent& x, const SpikeEvent& y) {
           return x.step == y.step && x.population == y.population && x.neuron == y.neuron;
         });
}

// One neuron model as the per-model growth tests use it: parameters that make it fire on its
// bias, a per-neuron initial V (so each new neuron's draw is checked), input weights in its
// units, and parameter changes made while it runs, before the growth.
struct ModelCase {
  std::string model;
  std::map<std::string, Distribution> params;
  std::string initial_var;
  Distribution initial;
  Distribution weight;
  std::vector<std::pair<std::string, double>> changes;
};

std::vector<ModelCase> model_cases() {
  const auto c = [](double v) { return Distribution::constant(v); };
  return {
      {"lif", {{"I_bias", c(380.0)}}, "V", Distribution::uniform(-70.0, -56.0), Distribution::uniform(20.0, 80.0),
       {{"I_bias", 450.0}, {"tau_syn_e", 3.0}}},
      {"lif_adaptive", {{"I_bias", c(400.0)}, {"theta_plus", c(2.0)}, {"tau_theta", c(100.0)}}, "V", Distribution::uniform(-70.0, -56.0),
       Distribution::uniform(20.0, 80.0), {{"I_bias", 480.0}, {"theta_plus", 1.0}}},
      {"lif_cond", {{"I_bias", c(400.0)}, {"theta_plus", c(1.0)}, {"tau_theta", c(100.0)}}, "V", Distribution::uniform(-70.0, -56.0),
       Distribution::uniform(1.0, 5.0), {{"I_bias", 450.0}, {"E_inh", -80.0}}},
      {"if", {{"I_bias", c(150.0)}, {"t_ref", c(2.0)}}, "V", Distribution::uniform(0.0, 12.0), Distribution::uniform(20.0, 80.0),
       {{"I_bias", 220.0}, {"V_rest", -5.0}}},
      // a per neuron (Izhikevich 2003's heterogeneity), b changed live: u starts at b v_init with the new b.
      {"izhikevich", {{"I_bias", c(8.0)}, {"a", Distribution::uniform(0.02, 0.1)}, {"b", c(0.2)}}, "V",
       Distribution::uniform(-70.0, -60.0), Distribution::uniform(0.5, 3.0), {{"I_bias", 10.0}, {"b", 0.23}, {"d", 6.0}, {"a", 0.07}}},
      {"adex", {{"I_bias", c(700.0)}}, "V", Distribution::uniform(-70.6, -60.0), Distribution::uniform(50.0, 200.0),
       {{"I_bias", 800.0}, {"b", 40.0}, {"E_L", -68.0}}},
      {"dendritic", {{"I_bias", c(700.0)}}, "V", Distribution::uniform(-70.6, -60.0), Distribution::uniform(50.0, 200.0),
       {{"I_bias", 800.0}, {"att_dist", 0.3}, {"E_L", -68.0}}},
      {"hh", {{"I_bias", c(300.0)}}, "V", Distribution::uniform(-70.0, -60.0), Distribution::uniform(50.0, 200.0),
       {{"I_bias", 700.0}, {"g_K", 3000.0}}},
      {"lif_delta", {{"I_bias", c(380.0)}}, "V", Distribution::uniform(-70.0, -56.0), Distribution::uniform(0.5, 3.0),
       {{"I_bias", 450.0}, {"tau_m", 12.0}}},
  };
}

// Poisson afferents (plain, all-to-all, per-synapse delays, excitatory and inhibitory) and a
// noisy current onto three neurons of the model, whose state is traced.
ScenarioSpec driven(const ModelCase& m) {
  auto out = population("out", m.model, 3, m.params);
  out.initial[m.initial_var] = m.initial;
  auto spec = scenario(kDt, {population("in", "poisson", 40, {{"rate", Distribution::constant(20.0)}}), out});
  spec.seed = 23;
  auto exc = projection("in", "out", ConnectivitySpec::Rule::AllToAll, m.weight, Distribution::uniform(0.5, 3.0));
  exc.receptor = Receptor::Excitatory;
  spec.projections.push_back(exc);
  auto inh = projection("in", "out", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(-0.5 * m.weight.a),
                        Distribution::constant(1.0));
  inh.connectivity.p = 0.3;
  inh.receptor = Receptor::Inhibitory;
  spec.projections.push_back(inh);
  auto noise = current("out", 0.1 * m.weight.b);
  noise.noise_sd = 0.2 * m.weight.b;
  spec.stimuli.push_back(noise);
  spec.monitors.traces.push_back({"out", {0, 1, 2}});
  return spec;
}

void apply_changes(Network& net, int population, const ModelCase& m) {
  for (const auto& [name, value] : m.changes) REQUIRE(net.submit(SetParam{population, name, value}) == "");
  net.apply_pending_commands();
}

std::vector<std::int64_t> spike_steps(const Network& net, int population, int neuron) {
  std::vector<std::int64_t> out;
  for (const SpikeEvent& e : net.spikes().all())
    if (e.population == population && e.neuron == neuron) out.push_back(e.step);
  return out;
}

}  // namespace

TEST_SUITE("grow") {
  TEST_CASE("grow: existing neurons and synapses are untouched, and neurons that do not see the new ones run on as without them") {
    const ScenarioSpec spec = feed_forward();
    auto plain = build(spec);
    auto grown = build(spec);
    plain->run(3000);
    grown->run(3000);
    const auto state_u = std::vector<float>(grown->population(1).state(0), grown->population(1).state(0) + 3);
    const auto state_e = std::vector<float>(grown->population(1).state(1), grown->population(1).state(1) + 3);
    const auto before = weights_by_pair(grown->projection(0));

    REQUIRE(grown->submit(AddNeurons{1, 2}) == "");
    grown->apply_pending_commands();
    CHECK(grown->population(1).size() == 5);
    CHECK(grown->spec().populations[1].size == 5);
    CHECK(grown->structure_version() == 1);
    // State: the old neurons' values are the same floats.
    for (int v = 0; v < 2; ++v)
      for (int n = 0; n < 3; ++n) CHECK(grown->population(1).state(v)[n] == (v == 0 ? state_u : state_e)[static_cast<std::size_t>(n)]);
    // Synapses: every old pair keeps its weight exactly; all-to-all adds every new pair.
    const auto after = weights_by_pair(grown->projection(0));
    CHECK(after.size() == 60u * 5u);
    for (const auto& [pair, w] : before) {
      INFO("pre " << pair.first << " post " << pair.second);
      REQUIRE(after.count(pair) == 1);
      CHECK(after.at(pair) == w);
    }

    // The old neurons see only the afferents and their own synapses: from here on they must
    // fire and learn exactly as in the network that did not grow (pending inputs included).
    plain->run(20000);
    grown->run(20000);
    CHECK(same_events(spikes_of(*plain, 1, 3), spikes_of(*grown, 1, 3)));
    CHECK(spikes_of(*plain, 1, 3).size() > 50);
    const auto plain_w = weights_by_pair(plain->projection(0));
    const auto grown_w = weights_by_pair(grown->projection(0));
    int moved = 0;
    for (const auto& [pair, w] : plain_w) {
      REQUIRE(grown_w.count(pair) == 1);
      CHECK(grown_w.at(pair) == w);
      moved += w != before.at(pair);
    }
    CHECK(moved > 30);  // learning went on: the comparison is not of frozen weights

    // The new neurons fire, and STDP moves their synapses too (the transpose index has them).
    CHECK(spikes_of(*grown, 1, 5).size() > spikes_of(*grown, 1, 3).size());
    const Projection& p = grown->projection(0);
    REQUIRE(p.has_transpose());
    CHECK(p.col_ptr().size() == 6u);
    CHECK(p.col_ptr()[5] - p.col_ptr()[3] == 120);
    int new_moved = 0;
    auto grown_again = build(spec);
    grown_again->run(3000);
    REQUIRE(grown_again->submit(AddNeurons{1, 2}) == "");
    grown_again->apply_pending_commands();
    const auto start = weights_by_pair(grown_again->projection(0));
    for (const auto& [pair, w] : grown_w)
      if (pair.second >= 3) new_moved += w != start.at(pair);
    CHECK(new_moved > 20);
    // New weights come from the projection's distribution, clipped into the rule's bounds.
    for (const auto& [pair, w] : start)
      if (pair.second >= 3) CHECK((w >= 0.2f && w <= 0.8f));
  }

  TEST_CASE("grow: the same scenario, seed and growth repeat bit for bit, and a reset keeps the grown size") {
    const ScenarioSpec spec = feed_forward();
    const auto run = [&](std::unique_ptr<Network>& net) {
      net = build(spec);
      net->run(2000);
      REQUIRE(net->submit(AddNeurons{1, 1}) == "");
      net->run(2000);
      REQUIRE(net->submit(AddNeurons{1, 2}) == "");
      net->run(4000);
    };
    std::unique_ptr<Network> a, b;
    run(a);
    run(b);
    CHECK(a->growth_count() == 2);
    CHECK(same_events(spikes_of(*a, 1, 6), spikes_of(*b, 1, 6)));
    const auto wa = a->projection(0).weights(), wb = b->projection(0).weights();
    REQUIRE(wa.size() == wb.size());
    CHECK(std::equal(wa.begin(), wa.end(), wb.begin()));
    // Two growths draw from different streams: the neurons added second do not copy the first's.
    const auto w = weights_by_pair(a->projection(0));
    int differ = 0;
    for (int i = 0; i < 60; ++i) differ += w.at({i, 3}) != w.at({i, 4});
    CHECK(differ > 50);

    // Reset: back to t = 0 with the grown network; two runs from there are the same.
    a->submit(ResetNetwork{});
    a->run(3000);
    const auto first = spikes_of(*a, 1, 6);
    a->submit(ResetNetwork{});
    a->run(3000);
    CHECK(a->population(1).size() == 6);
    CHECK(same_events(first, spikes_of(*a, 1, 6)));
    CHECK(!first.empty());
  }

  TEST_CASE("grow: new synapses follow each projection's rule (all_to_all, fixed_probability, one_to_one, list)") {
    auto spec = scenario(kDt, {population("a", "srm", 50), population("b", "srm", 40), population("src", "poisson", 30)});
    auto fp = projection("a", "b", ConnectivitySpec::Rule::FixedProbability, Distribution::normal(2.0, 0.5));
    fp.connectivity.p = 0.2;
    spec.projections.push_back(fp);
    spec.projections.push_back(projection("b", "b", ConnectivitySpec::Rule::AllToAll, Distribution::constant(-1.0)));  // no autapses
    spec.projections.push_back(projection("b", "b", ConnectivitySpec::Rule::OneToOne, Distribution::constant(0.5)));
    auto list = projection("src", "b", ConnectivitySpec::Rule::List);
    list.connectivity.pairs = {{0, 0}, {3, 39}};
    spec.projections.push_back(list);
    auto net = build(spec);
    const std::size_t fp_before = net->projection(0).synapse_count();
    REQUIRE(net->submit(AddNeurons{1, 400}) == "");
    net->apply_pending_commands();
    const Projection& p = net->projection(0);
    // 50 x 400 new pairs at p = 0.2: 4000 expected, sd sqrt(4000 * 0.8) = 57.
    const double added = static_cast<double>(p.synapse_count() - fp_before);
    CHECK(std::abs(added - 4000.0) < 5 * 57.0);
    // Every new column is reached at the rule's rate, none of the old ones gained a synapse.
    std::vector<int> per_col(440, 0);
    std::vector<double> new_w;
    for (int i = 0; i < 50; ++i)
      for (std::int64_t k = p.row_ptr()[static_cast<std::size_t>(i)]; k < p.row_ptr()[static_cast<std::size_t>(i) + 1]; ++k) {
        const int c = p.col()[static_cast<std::size_t>(k)];
        ++per_col[static_cast<std::size_t>(c)];
        if (c >= 40) new_w.push_back(p.weights()[static_cast<std::size_t>(k)]);
        if (k > p.row_ptr()[static_cast<std::size_t>(i)]) CHECK(c > p.col()[static_cast<std::size_t>(k) - 1]);  // rows stay sorted
      }
    const double mean_w = std::accumulate(new_w.begin(), new_w.end(), 0.0) / static_cast<double>(new_w.size());
    double var = 0;
    for (const double w : new_w) var += (w - mean_w) * (w - mean_w);
    const double sd_w = std::sqrt(var / static_cast<double>(new_w.size() - 1));
    CHECK(mean_w == doctest::Approx(2.0).epsilon(0.02));  // 5 sd of the mean is 0.04
    CHECK(sd_w == doctest::Approx(0.5).epsilon(0.06));
    const int old_cols = std::accumulate(per_col.begin(), per_col.begin() + 40, 0);
    CHECK(static_cast<std::size_t>(old_cols) == fp_before);

    // all_to_all onto itself without autapses: n (n - 1); one_to_one onto itself: n.
    CHECK(net->projection(1).synapse_count() == 440u * 439u);
    CHECK(net->projection(2).synapse_count() == 440u);
    for (int i = 0; i < 440; ++i) CHECK(net->projection(2).col()[static_cast<std::size_t>(i)] == i);
    // A list names its pairs: none are added.
    CHECK(net->projection(3).synapse_count() == 2u);
    CHECK(net->projection(3).post_size() == 440);

    // The pre side grows too: new rows of a reach all 440 columns at the rate p.
    REQUIRE(net->submit(AddNeurons{0, 100}) == "");
    net->apply_pending_commands();
    const Projection& q = net->projection(0);
    const double new_rows = static_cast<double>(q.row_ptr()[150] - q.row_ptr()[50]);
    CHECK(std::abs(new_rows - 100 * 440 * 0.2) < 5 * std::sqrt(100 * 440 * 0.2 * 0.8));
    CHECK(q.pre_size() == 150);
  }

  TEST_CASE("grow: spikes of new neurons reach their targets after each synapse's delay, and inputs reach them") {
    // A driver fires the SRM layer; the layer feeds an IF neuron whose synaptic current adds
    // each arriving weight at the end of its arrival step, I(k) = I(k-1) exp(-dt/tau) + sum w.
    auto spec = scenario(kDt, {population("drive", "poisson", 1, {{"rate", Distribution::constant(80.0)}}),
                               population("layer", "srm", 1, {{"T", Distribution::constant(50.0)}}),
                               population("target", "if", 1, {{"V_th", Distribution::constant(1e9)}})});
    spec.seed = 5;
    spec.projections.push_back(projection("drive", "layer", ConnectivitySpec::Rule::AllToAll, Distribution::constant(200.0), Distribution::constant(0.1)));
    auto out = projection("layer", "target", ConnectivitySpec::Rule::AllToAll, Distribution::uniform(10.0, 20.0), Distribution::uniform(0.5, 4.0));
    out.receptor = Receptor::Excitatory;
    spec.projections.push_back(out);
    spec.monitors.traces.push_back({"target", {0}});
    auto net = build(spec);
    net->run(1000);
    REQUIRE(net->submit(AddNeurons{1, 3}) == "");
    net->run(9000);
    const Projection& p = net->projection(1);
    REQUIRE(p.synapse_count() == 4u);
    REQUIRE(p.has_per_synapse_delays());

    // Expected input per step from the recorded spikes and each synapse's own delay.
    std::vector<double> arriving(10000 + 100, 0.0);
    int new_spikes = 0;
    for (const SpikeEvent& e : net->spikes().all()) {
      if (e.population != 1) continue;
      new_spikes += e.neuron >= 1;
      const auto k = static_cast<std::size_t>(e.neuron);  // one synapse per layer neuron, in row order
      arriving[static_cast<std::size_t>(e.step + p.delay_steps(k))] += p.weights()[k];
    }
    CHECK(new_spikes > 100);
    const TraceProbe& probe = net->traces().probes().at(0);
    const double decay = std::exp(-kDt / net->population(2).param("tau_syn_e"));
    double expected = 0.0, worst = 0.0;
    for (std::size_t i = 0; i < StateRecorder::available(probe); ++i) {
      const auto step = static_cast<std::size_t>(StateRecorder::sample_step(probe, i));
      expected = expected * decay + arriving[step];
      worst = std::max(worst, std::abs(StateRecorder::sample(probe, i, 1) - expected));
    }
    CHECK(worst < 1e-3 * 20.0 * 4);  // float state against a double recurrence over 10^4 steps
  }

  TEST_CASE("grow: bad requests are refused with the reason, and nothing changes") {
    auto spec = scenario(kDt, {population("in", "poisson", 10), population("out", "srm", 2), population("lif", "lif", 2),
                               population("mirror", "srm", 2)});
    spec.projections.push_back(projection("in", "out", ConnectivitySpec::Rule::AllToAll));
    spec.projections.push_back(projection("out", "mirror", ConnectivitySpec::Rule::OneToOne));
    auto net = build(spec);
    CHECK(net->submit(AddNeurons{7, 1}) == "no population 7");
    CHECK(net->submit(AddNeurons{-1, 1}) == "no population -1");
    CHECK(net->submit(AddNeurons{1, 0}) == "the number of neurons to add must be at least 1 (got 0)");
    CHECK(net->submit(AddNeurons{1, -3}) == "the number of neurons to add must be at least 1 (got -3)");
    CHECK(net->submit(AddNeurons{1, 5'000'000}) == "at most 100000 neurons can be added at once (got 5000000)");
    CHECK(net->submit(AddNeurons{0, 1}) == "population in is a spike source (model poisson) and cannot grow");
    CHECK(net->submit(AddNeurons{2, 1}) == "");  // every neuron model grows (see "grow: every neuron model")
    const std::string one = net->submit(AddNeurons{1, 1});
    CHECK(one == "projection out->mirror connects out one_to_one to mirror, which would no longer have the same size: grow both or use another rule");
    CHECK(net->has_pending_commands());  // only the lif's
    net->apply_pending_commands();
    CHECK(net->population(1).size() == 2);
    CHECK(net->population(2).size() == 3);
    CHECK(net->submit(AddNeurons{3, 1}).find("one_to_one") != std::string::npos);

    // Every kind of spike source is refused with its own message (a file population without
    // data cannot be built, so the sources are checked as a growth schedule's entries).
    auto sources = scenario(kDt, {population("p", "pattern", 20), population("f", "file", 2), population("im", "images", 4),
                                  population("out", "srm", 1)});
    ExperimentSpec x;
    x.input = "p";
    x.output = "out";
    x.epochs = 2;
    x.grow = {{0, "p", 1}, {0, "f", 1}, {0, "im", 1}};
    sources.experiment = x;
    std::vector<std::string> texts;
    for (const auto& e : check_scenario(sources)) texts.push_back(e.text());
    for (int i = 0; i < 3; ++i) {
      const PopulationSpec& ps = sources.populations[static_cast<std::size_t>(i)];
      const std::string expected = "experiment.grow[" + std::to_string(i) + "].population: population " + ps.name +
                                   " is a spike source (model " + ps.model + ") and cannot grow";
      INFO(expected);
      CHECK(std::find(texts.begin(), texts.end(), expected) != texts.end());
    }
  }

  TEST_CASE("grow: an experiment's schedule adds the neurons when their epoch begins, scores them, and drops the entry") {
    auto spec = scenario(kDt, {population("in", "pattern", 200, {{"patterns", Distribution::constant(2)}}),
                               population("out", "srm", 1, {{"T", Distribution::constant(100.0)}})});
    auto p = projection("in", "out", ConnectivitySpec::Rule::AllToAll, Distribution::uniform(0.3, 0.6));
    p.plasticity = PlasticitySpec{"stdp", {{"pairing", 2.0}}};
    spec.projections.push_back(p);
    spec.projections.push_back(projection("out", "out", ConnectivitySpec::Rule::AllToAll, Distribution::constant(-100.0)));
    ExperimentSpec x;
    x.input = "in";
    x.output = "out";
    x.epochs = 3;
    x.epoch_ms = 500;
    x.grow = {{1, "out", 2}, {2, "out", 1}};
    spec.experiment = x;
    CHECK(check_scenario(spec).empty());
    auto net = build(spec);
    Experiment experiment(*net);
    std::vector<int> sizes;
    int last_epoch = -1;
    while (!experiment.done()) {
      experiment.step();
      if (experiment.epoch() != last_epoch && !experiment.done()) {
        last_epoch = experiment.epoch();
        sizes.push_back(net->population(1).size());
      }
    }
    // Epoch 0 ran with 1 neuron; the growth is applied at the first step of its epoch.
    CHECK(sizes == std::vector<int>{1, 1, 3});
    CHECK(net->population(1).size() == 4);
    CHECK(net->spec().populations[1].size == 4);
    CHECK(net->spec().experiment->grow.empty());  // a saved scenario builds this network, without growing it again
    CHECK(experiment.spec().grow.size() == 2);
    CHECK(net->projection(1).synapse_count() == 12u);
    // The new neurons are candidates for every pattern's best neuron: the scores cover 4.
    bool saw_new = false;
    for (const PhaseMetrics& m : experiment.history())
      for (const PatternScore& ps : m.patterns) {
        CHECK(ps.best_neuron < net->population(1).size());
        saw_new = saw_new || ps.best_neuron >= 1;
      }
    CHECK(saw_new);

    // Schedule problems are the scenario check's.
    auto bad = spec;
    bad.experiment->grow = {{3, "out", 1}, {1, "nobody", 1}, {0, "in", 1}, {0, "out", 0}};
    const auto errors = check_scenario(bad);
    std::vector<std::string> texts;
    for (const auto& e : errors) texts.push_back(e.text());
    const auto has = [&](const std::string& t) { return std::find(texts.begin(), texts.end(), t) != texts.end(); };
    CHECK(has("experiment.grow[0].after_epoch: must be between 0 and epochs - 1 = 2 (got 3)"));
    CHECK(has("experiment.grow[1].population: no population named \"nobody\""));
    CHECK(has("experiment.grow[2].population: population in is a spike source (model pattern) and cannot grow"));
    CHECK(has("experiment.grow[3].count: the number of neurons to add must be at least 1 (got 0)"));
    CHECK(has("experiment.grow[1].after_epoch: must not come before the previous entry's (3)"));
  }
  TEST_CASE("grow: every neuron model keeps its old neurons bit for bit, and its new neurons are those of a build at the new size") {
    for (const ModelCase& m : model_cases()) {
      SUBCASE(m.model.c_str()) {
        // Old neurons: the new ones send no synapses, so the old ones must run on exactly as in
        // a network that never grew: the same spike steps and the same traced floats.
        const ScenarioSpec spec = driven(m);
        auto plain = build(spec);
        auto grown = build(spec);
        for (auto* net : {plain.get(), grown.get()}) {
          net->run(1000);
          apply_changes(*net, 1, m);
          net->run(1000);
        }
        REQUIRE(grown->submit(AddNeurons{1, 2}) == "");
        grown->apply_pending_commands();
        REQUIRE(grown->population(1).size() == 5);
        plain->run(6000);
        grown->run(6000);
        const auto old_plain = spikes_of(*plain, 1, 3), old_grown = spikes_of(*grown, 1, 3);
        CHECK(old_plain.size() > 30);
        CHECK(same_events(old_plain, old_grown));
        const auto& pp = plain->traces().probes();
        const auto& gp = grown->traces().probes();
        REQUIRE(pp.size() == 3);
        REQUIRE(gp.size() == 3);
        const int vars = static_cast<int>(plain->population(1).state_descs().size());
        for (std::size_t k = 0; k < 3; ++k) {
          REQUIRE(StateRecorder::available(pp[k]) == 8000);
          REQUIRE(StateRecorder::available(gp[k]) == 8000);
          int differing = 0;
          for (std::size_t i = 0; i < 8000; ++i)
            for (int v = 0; v < vars; ++v) differing += StateRecorder::sample(pp[k], i, v) != StateRecorder::sample(gp[k], i, v);
          INFO("neuron " << k);
          CHECK(differing == 0);
        }
        // The new neurons took their synapses and fire.
        CHECK(spikes_of(*grown, 1, 5).size() > old_grown.size());
        CHECK(grown->projection(0).synapse_count() == 40u * 5u);
      }
    }
  }

  TEST_CASE("grow: a new neuron of every model starts and runs as the same neuron of a network built at the new size") {
    for (const ModelCase& m : model_cases()) {
      SUBCASE(m.model.c_str()) {
        // On its bias alone (no synapses, no stimulus), a neuron's run depends only on its
        // parameters and initial state: a neuron added at step 2000 must fire at the steps of
        // the same neuron of a fresh build, 2000 steps later.
        auto out = population("out", m.model, 3, m.params);
        out.initial[m.initial_var] = m.initial;
        auto spec = scenario(kDt, {out});
        spec.seed = 31;
        constexpr std::int64_t kGrowAt = 2000;
        auto grown = build(spec);
        grown->run(1000);
        apply_changes(*grown, 0, m);
        grown->run(kGrowAt - 1000);
        REQUIRE(grown->submit(AddNeurons{0, 2}) == "");
        grown->apply_pending_commands();

        // The scenario as it now stands (changed parameters, five neurons), built afresh.
        const ScenarioSpec now = grown->spec();
        REQUIRE(now.populations[0].size == 5);
        for (const auto& [name, value] : m.changes) {
          const Distribution& d = now.populations[0].params.at(name);
          INFO(name);
          if (d.is_constant()) CHECK(d.mean() == value);  // a per-neuron one is shifted, checked through the run below
        }
        auto fresh = build(now);
        const Population& g = grown->population(0);
        const Population& f = fresh->population(0);
        const int vars = static_cast<int>(g.state_descs().size());
        for (int v = 0; v < vars; ++v)
          for (int n = 3; n < 5; ++n) {
            INFO(g.state_descs()[static_cast<std::size_t>(v)].name << " of neuron " << n);
            CHECK(g.state(v)[n] == f.state(v)[n]);
          }
        for (const ParamDesc& d : g.param_descs()) {
          INFO(d.name);
          CHECK(g.param(d.name) == doctest::Approx(f.param(d.name)).epsilon(1e-6));
        }

        grown->run(5000);
        fresh->run(5000);
        for (int n = 3; n < 5; ++n) {
          INFO("neuron " << n);
          std::vector<std::int64_t> shifted;
          for (const std::int64_t s : spike_steps(*grown, 0, n)) shifted.push_back(s - kGrowAt);
          const auto expected = spike_steps(*fresh, 0, n);
          CHECK(expected.size() > 5);
          CHECK(shifted == expected);
          for (int v = 0; v < vars; ++v) CHECK(g.state(v)[n] == f.state(v)[n]);
        }
        // Each new neuron got its own initial draw, not a copy of another's.
        CHECK(spike_steps(*fresh, 0, 3) != spike_steps(*fresh, 0, 4));
      }
    }
  }
}
