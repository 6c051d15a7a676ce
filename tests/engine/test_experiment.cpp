// Experiment schedule and pattern-task scores, checked against a recount from the raw spikes.
#include <cmath>
#include <map>
#include <set>

#include "engine/spec_helpers.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/pattern_source.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

// The shared pattern task with three outputs and an early stop at `stop_accuracy`.
ScenarioSpec three_output_task(int epochs, double epoch_ms, double evaluation_ms, double stop_accuracy) {
  auto spec = test::pattern_task(3, epochs, epoch_ms, evaluation_ms);
  spec.experiment->stop_accuracy = stop_accuracy;
  return spec;
}

}  // namespace

TEST_SUITE("experiment") {
  TEST_CASE("scores agree with a recount from the raw spikes") {
    auto net = build(three_output_task(1, 4000.0, 0.0, 0.0));
    Experiment experiment(*net);
    while (!experiment.done()) experiment.step();
    REQUIRE(experiment.history().size() == 1);
    const PhaseMetrics& m = experiment.history()[0];
    const auto& src = dynamic_cast<const PatternPopulation&>(net->population(0));
    const int w = src.window_steps();
    std::map<std::int64_t, int> onset_pattern;
    for (const auto& o : src.onsets()) onset_pattern[o.step] = o.pattern;
    // Recount: per (pattern, neuron) hits and latencies; per neuron background windows with spikes.
    std::map<std::pair<int, int>, std::set<std::int64_t>> hit_onsets;
    std::map<std::pair<int, int>, double> latency_sum;
    std::map<int, std::set<std::int64_t>> fa_windows;
    std::uint64_t out_spikes = 0;
    for (const auto& e : net->spikes().all()) {
      if (e.population != 1) continue;
      ++out_spikes;
      const std::int64_t window_start = e.step / w * w;
      const auto it = onset_pattern.find(window_start);
      if (it != onset_pattern.end()) {
        auto& seen = hit_onsets[{it->second, e.neuron}];
        if (seen.insert(window_start).second) latency_sum[{it->second, e.neuron}] += static_cast<double>(e.step - window_start) * 0.1;
      } else {
        fa_windows[e.neuron].insert(window_start);
      }
    }
    REQUIRE(out_spikes > 20);
    const double windows = 40000.0 / w;
    const double background = windows - static_cast<double>(onset_pattern.size());
    REQUIRE(m.patterns.size() == 2);
    for (const auto& ps : m.patterns) {
      INFO("pattern " << ps.pattern << " best neuron " << ps.best_neuron);
      std::uint64_t occurrences = 0;
      for (const auto& [step, p] : onset_pattern) occurrences += p == ps.pattern;
      CHECK(ps.occurrences == occurrences);
      const auto key = std::make_pair(ps.pattern, ps.best_neuron);
      CHECK(ps.hits == hit_onsets[key].size());
      CHECK(ps.hit_rate == doctest::Approx(static_cast<double>(hit_onsets[key].size()) / static_cast<double>(occurrences)));
      CHECK(ps.false_alarm_rate == doctest::Approx(static_cast<double>(fa_windows[ps.best_neuron].size()) / background));
      if (ps.hits > 0) CHECK(ps.mean_latency_ms == doctest::Approx(latency_sum[key] / static_cast<double>(ps.hits)).epsilon(1e-5));
      // The best neuron maximises hit rate minus false-alarm rate.
      for (int n = 0; n < 3; ++n) {
        const double hr = static_cast<double>(hit_onsets[{ps.pattern, n}].size()) / static_cast<double>(occurrences);
        const double fr = static_cast<double>(fa_windows[n].size()) / background;
        CHECK(hr - fr <= ps.hit_rate - ps.false_alarm_rate + 1e-12);
      }
    }
    CHECK(m.synaptic_events == net->synaptic_events());
    CHECK(m.energy_ratio > 0.0);
    REQUIRE(net->synaptic_events() > 0);
    // Joules are tiny: compared as a ratio (Approx's default scale of 1 would accept any value near 0).
    CHECK(m.snn_energy_j / (static_cast<double>(net->synaptic_events()) * 23.6e-12) == doctest::Approx(1.0).epsilon(1e-9));
  }

  TEST_CASE("evaluation phases freeze learning; the schedule runs epoch by epoch") {
    auto net = build(three_output_task(2, 500.0, 300.0, 0.0));
    Experiment experiment(*net);
    std::vector<float> before;
    while (!experiment.done()) {
      const bool evaluating = experiment.phase() == ExperimentPhase::Evaluation;
      const auto w = net->projection(0).weights();
      if (evaluating && before.empty()) before.assign(w.begin(), w.end());
      experiment.step();
      if (evaluating && net->plasticity(0)->param("learn") == 0.0) {
        const auto after = net->projection(0).weights();
        CHECK(std::equal(before.begin(), before.end(), after.begin()));
      }
      if (!evaluating) before.clear();
    }
    const auto& h = experiment.history();
    REQUIRE(h.size() == 4);
    CHECK(h[0].phase == ExperimentPhase::Training);
    CHECK(h[1].phase == ExperimentPhase::Evaluation);
    CHECK(h[3].epoch == 1);
    CHECK(h[3].end_ms == doctest::Approx(1600.0));
    CHECK(net->plasticity(0)->param("learn") == 1.0);  // restored afterwards
    CHECK(experiment.progress() == 1.0);
  }

  TEST_CASE("early stopping once an evaluation reaches the accuracy") {
    auto net = build(three_output_task(50, 200.0, 200.0, 1e-9));
    Experiment experiment(*net);
    while (!experiment.done()) experiment.step();
    CHECK(experiment.history().size() < 100);
  }

  TEST_CASE("experiment settings are checked") {
    auto spec = three_output_task(1, 100.0, 0.0, 0.0);
    spec.experiment->input = "out";
    spec.experiment->energy_model = "abacus";
    spec.experiment->epochs = 0;
    const auto errors = check_scenario(spec);
    std::set<std::string> texts;
    for (const auto& e : errors) texts.insert(e.text());
    CHECK(texts.count("experiment.input: population \"out\" must be of model pattern for the pattern task"));
    CHECK(texts.count("experiment.energy_model: unknown energy model \"abacus\" (expected loihi, truenorth, horowitz-fp32, horowitz-fp16, horowitz-int8)"));
    CHECK(texts.count("experiment.epochs: must be between 1 and 1000000 (got 0)"));
  }
}

TEST_SUITE("experiment") {
  TEST_CASE("the final score pools the scored phases of the last final_window_ms (Masquelier 2008 judge the last 150 s)") {
    auto spec = three_output_task(4, 1000.0, 0.0, 0.0);
    spec.populations[1].size = 1;  // one output neuron: the best neuron is the same in every phase
    spec.experiment->final_window_ms = 2000.0;
    auto net = build(spec);
    Experiment experiment(*net);
    while (!experiment.done()) experiment.step();
    const auto& h = experiment.history();
    REQUIRE(h.size() == 4);
    const PhaseMetrics fin = experiment.final_score();
    CHECK(fin.start_ms == doctest::Approx(2000.0));
    CHECK(fin.end_ms == doctest::Approx(4000.0));
    CHECK(fin.epoch == 2);
    CHECK(fin.synaptic_events == h[2].synaptic_events + h[3].synaptic_events);
    CHECK(fin.spikes == h[2].spikes + h[3].spikes);
    REQUIRE(fin.patterns.size() == 2);
    for (std::size_t p = 0; p < 2; ++p) {
      INFO("pattern " << p);
      const PatternScore &a = h[2].patterns[p], &b = h[3].patterns[p], &f = fin.patterns[p];
      CHECK(f.occurrences == a.occurrences + b.occurrences);
      CHECK(f.hits == a.hits + b.hits);
      CHECK(f.false_alarms == a.false_alarms + b.false_alarms);
      CHECK(f.hit_rate == doctest::Approx(static_cast<double>(a.hits + b.hits) / static_cast<double>(a.occurrences + b.occurrences)));
      if (f.hits > 0)
        CHECK(f.mean_latency_ms == doctest::Approx((a.mean_latency_ms * static_cast<double>(a.hits) + b.mean_latency_ms * static_cast<double>(b.hits)) /
                                                   static_cast<double>(f.hits)).epsilon(1e-5));
      CHECK(f.latencies_ms.empty());
    }
    // Without a window the final score is the last phase itself.
    spec.experiment->final_window_ms = 0.0;
    auto again = build(spec);
    Experiment last(*again);
    while (!last.done()) last.step();
    CHECK(last.final_score().start_ms == doctest::Approx(3000.0));
    CHECK(last.final_score().patterns[0].hits == last.history().back().patterns[0].hits);
  }

  TEST_CASE("a pattern in the very first window counts, one that began in the previous phase does not") {
    // Windows are generated one ahead, so the first window's onset exists before the first step.
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
      auto spec = three_output_task(2, 1025.0, 0.0, 0.0);  // the second phase starts mid-window
      spec.seed = seed;
      auto net = build(spec);
      Experiment experiment(*net);
      while (!experiment.done()) experiment.step();
      const auto& src = dynamic_cast<const PatternPopulation&>(net->population(0));
      std::uint64_t first = 0, second = 0;
      for (const auto& o : src.onsets()) {
        if (o.step < 10250) ++first;
        else if (o.step < 20500) ++second;
      }
      INFO("seed " << seed);
      std::uint64_t counted_first = 0, counted_second = 0;
      for (const auto& ps : experiment.history()[0].patterns) counted_first += ps.occurrences;
      for (const auto& ps : experiment.history()[1].patterns) counted_second += ps.occurrences;
      CHECK(counted_first == first);
      CHECK(counted_second == second);
    }
  }
}
