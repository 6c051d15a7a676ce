// masquelier2009-grow: two SRM neurons with lateral inhibition learn two of three patterns; a
// third neuron added to the trained network learns the pattern left over while the first two
// keep theirs. Also the "grow" field of the scenario format.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "neurosim/experiment.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "sanitizer.hpp"

using namespace neurosim;

namespace {

using test::kSanitized;

bool learned(const PatternScore& ps) { return ps.hit_rate >= 0.9 && ps.false_alarm_rate < 0.05; }

}  // namespace

TEST_SUITE("learning presets") {
  TEST_CASE("masquelier2009-grow: a neuron added after training learns the pattern left over, the old two keep theirs" *
            doctest::skip(kSanitized)) {
    auto loaded = io::load_scenario("masquelier2009-grow");
    for (const auto& e : loaded.errors) FAIL_CHECK(e.text());
    REQUIRE(loaded.spec);
    REQUIRE(loaded.spec->experiment);
    REQUIRE(loaded.spec->experiment->grow.size() == 1);
    const int grow_after = loaded.spec->experiment->grow[0].after_epoch;
    CHECK(loaded.spec->populations[1].size == 2);
    // The preset's growth point, then 4 epochs (120 s) for the new neuron instead of the
    // preset's 6: about 3 s of CPU per seed in a release build. Over the preset's own schedule,
    // 7 of seeds 1-10 end with three neurons on three patterns; these are four of them (the
    // others: seeds 2 and 9 learn a single pattern with two neurons, seed 1's new neuron falls
    // silent).
    for (const std::uint64_t seed : {3u, 4u, 5u, 6u}) {
      ScenarioSpec spec = *loaded.spec;
      spec.seed = seed;
      spec.experiment->epochs = grow_after + 4;
      auto built = build_network(spec);
      REQUIRE(built.network);
      Network& net = *built.network;
      Experiment experiment(net);
      while (!experiment.done()) experiment.step();
      const auto& history = experiment.history();
      REQUIRE(history.size() == static_cast<std::size_t>(grow_after + 4));
      CHECK(net.population(1).size() == 3);
      const PhaseMetrics& before = history[static_cast<std::size_t>(grow_after - 1)];
      const PhaseMetrics& after = history.back();
      REQUIRE(before.patterns.size() == 3);
      REQUIRE(after.patterns.size() == 3);
      // Before: two patterns each with their own old neuron, the third with none.
      std::map<int, int> owner;  // pattern -> old neuron
      int unlearned = -1;
      for (const PatternScore& ps : before.patterns) {
        INFO("seed " << seed << " before growth: pattern " << ps.pattern << " neuron " << ps.best_neuron << " hit rate " << ps.hit_rate
                     << " false alarms " << ps.false_alarm_rate);
        if (learned(ps)) owner[ps.pattern] = ps.best_neuron;
        else unlearned = ps.pattern;
        MESSAGE("seed " << seed << " epoch " << before.epoch << ": pattern " << ps.pattern << " neuron " << ps.best_neuron << " hit "
                        << ps.hit_rate << " fa " << ps.false_alarm_rate << " latency " << ps.mean_latency_ms << " ms");
      }
      REQUIRE(owner.size() == 2);
      CHECK(std::set<int>{owner.begin()->second, owner.rbegin()->second}.size() == 2);
      // After: the same two neurons on the same patterns, the new neuron 2 on the third.
      for (const PatternScore& ps : after.patterns) {
        INFO("seed " << seed << " after growth: pattern " << ps.pattern << " neuron " << ps.best_neuron << " hit rate " << ps.hit_rate
                     << " false alarms " << ps.false_alarm_rate);
        MESSAGE("seed " << seed << " epoch " << after.epoch << ": pattern " << ps.pattern << " neuron " << ps.best_neuron << " hit "
                        << ps.hit_rate << " fa " << ps.false_alarm_rate << " latency " << ps.mean_latency_ms << " ms");
        CHECK(learned(ps));
        CHECK(ps.best_neuron == (ps.pattern == unlearned ? 2 : owner[ps.pattern]));
      }
    }
  }
}

TEST_SUITE("scenario_json") {
  TEST_CASE("experiment.grow: read, written back, and its problems named") {
    const std::string base = R"({"name": "g", "populations": [
        {"name": "in", "model": "pattern", "size": 50, "params": {"patterns": 1}},
        {"name": "out", "model": "srm", "size": 2}],
      "projections": [{"pre": "in", "post": "out", "connectivity": {"rule": "all_to_all"}, "weight": 0.5}],
      "experiment": {"input": "in", "output": "out", "epochs": 4, "epoch_ms": 100, )";
    const auto ok = io::parse_scenario(base + R"("grow": [{"after_epoch": 1, "population": "out", "count": 2}, {"after_epoch": 3, "population": "out"}]}})", "test");
    for (const auto& e : ok.errors) FAIL_CHECK(e.text());
    REQUIRE(ok.spec);
    REQUIRE(ok.spec->experiment->grow.size() == 2);
    CHECK(ok.spec->experiment->grow[0].after_epoch == 1);
    CHECK(ok.spec->experiment->grow[0].count == 2);
    CHECK(ok.spec->experiment->grow[1].count == 1);  // the default
    const auto again = io::parse_scenario(io::scenario_to_json(*ok.spec), "test");
    REQUIRE(again.spec);
    REQUIRE(again.spec->experiment->grow.size() == 2);
    CHECK(again.spec->experiment->grow[1].after_epoch == 3);
    CHECK(again.spec->experiment->grow[1].population == "out");

    const auto texts = [&](const std::string& grow) {
      std::string all;
      for (const auto& e : io::parse_scenario(base + R"("grow": )" + grow + "}}", "test").errors) all += e.text() + "\n";
      return all;
    };
    CHECK(texts(R"([{"after_epoch": 1, "population": "out", "cout": 2}])").find("experiment.grow[0].cout: unknown key") != std::string::npos);
    CHECK(texts(R"([{"population": "out"}])").find("experiment.grow[0].after_epoch: required but missing") != std::string::npos);
    CHECK(texts(R"([{"after_epoch": 1, "population": "out", "count": 0}])").find("experiment.grow[0].count: must be >= 1 (got 0)") != std::string::npos);
    CHECK(texts(R"([{"after_epoch": 4, "population": "out"}])").find("experiment.grow[0].after_epoch: must be between 0 and epochs - 1 = 3 (got 4)") != std::string::npos);
    CHECK(texts(R"([{"after_epoch": 1, "population": "in"}])").find("experiment.grow[0].population: population in is a spike source") != std::string::npos);
    CHECK(texts(R"({"after_epoch": 1})").find("experiment.grow: must be an array") != std::string::npos);
  }
}
