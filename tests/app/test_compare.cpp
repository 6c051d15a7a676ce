// Two runs side by side (app/gui/compare): the Differences list from two runs' facts, run B's
// scenario from the command line with its refusals, and the lockstep pair, whose two sides each
// spike exactly as their Session run alone (the path `neurosim run` takes).
#include <doctest/doctest.h>

#include <algorithm>
#include <future>
#include <memory>
#include <tuple>

#include "gui/compare/compare_build.hpp"
#include "gui/compare/compare_spec.hpp"
#include "gui/compare/differences.hpp"
#include "gui/compare/lockstep_pair.hpp"
#include "neurosim/checkpoint.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"

namespace neurosim::gui {

namespace {

ScenarioSpec preset(const char* name) {
  io::LoadResult loaded = io::load_scenario(name);
  REQUIRE_MESSAGE(loaded.spec, name);
  return *loaded.spec;
}

std::unique_ptr<Session> session_of(const ScenarioSpec& spec) {
  BuildResult built = build_network(spec);
  REQUIRE(built.errors.empty());
  return std::make_unique<Session>(std::move(built.network));
}

std::shared_ptr<const ScenarioFacts> facts_of(const ScenarioSpec& spec) { return session_of(spec)->facts(); }

// Every spike of `steps` steps of a Session run alone.
std::vector<SpikeEvent> alone(Session& session, std::int64_t steps) {
  const Session::ReaderId reader = session.open_reader();
  std::vector<SpikeEvent> out;
  for (std::int64_t done = 0; done < steps; done += 250) {
    session.advance(std::min<std::int64_t>(250, steps - done));
    Observations seen = session.observe(reader);
    REQUIRE(seen.spikes_lost == 0);
    out.insert(out.end(), seen.spikes.begin(), seen.spikes.end());
  }
  return out;
}

bool same_spikes(const std::vector<SpikeEvent>& a, const std::vector<SpikeEvent>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SpikeEvent& x, const SpikeEvent& y) {
    return std::tie(x.step, x.population, x.neuron) == std::tie(y.step, y.population, y.neuron);
  });
}

const Difference* find(const std::vector<Difference>& list, const std::string& what) {
  for (const Difference& d : list)
    if (d.what == what) return &d;
  return nullptr;
}

}  // namespace

TEST_SUITE("compare") {

TEST_CASE("the differences list names each changed parameter by its set path with both values") {
  const ScenarioSpec a = preset("default");
  SUBCASE("the same scenario: nothing differs") { CHECK(differences(*facts_of(a), *facts_of(a)).empty()); }
  SUBCASE("one neuron parameter") {
    ScenarioSpec b = a;
    REQUIRE(io::apply_override(b, "populations.exc.params.tau_m", "15") == "");
    const std::vector<Difference> list = differences(*facts_of(a), *facts_of(b));
    REQUIRE(list.size() == 1);
    CHECK(list[0].what == "populations.exc.params.tau_m");
    CHECK(list[0].a == "20 ms");
    CHECK(list[0].b == "15 ms");
  }
  SUBCASE("the seed alone") {
    ScenarioSpec b = a;
    REQUIRE(io::apply_override(b, "seed", "7") == "");
    const std::vector<Difference> list = differences(*facts_of(a), *facts_of(b));
    const Difference* seed = find(list, "seed");
    REQUIRE(seed != nullptr);
    CHECK(seed->b == "7");
  }
  SUBCASE("a projection's gain and a population's size") {
    ScenarioSpec b = a;
    REQUIRE(io::apply_override(b, "projections.ie.weight_scale", "1.5") == "");
    REQUIRE(io::apply_override(b, "populations.inh.size", "300") == "");
    const std::vector<Difference> list = differences(*facts_of(a), *facts_of(b));
    const Difference* scale = find(list, "projections.ie.weight_scale");
    REQUIRE(scale != nullptr);
    CHECK(scale->a == "1");
    CHECK(scale->b == "1.5");
    const Difference* size = find(list, "populations.inh.size");
    REQUIRE(size != nullptr);
    CHECK(size->b == "300");
    // Fewer inhibitory neurons: fewer synapses from and to them.
    CHECK(find(list, "projections.ie: synapses") != nullptr);
    CHECK(find(list, "projections.ee: synapses") == nullptr);
    CHECK(find(list, "populations.exc.params.tau_m") == nullptr);
  }
  SUBCASE("another scenario: populations only in one of them") {
    const std::vector<Difference> list = differences(*facts_of(a), *facts_of(preset("cuba")));
    CHECK(find(list, "scenario") != nullptr);
    const Difference* input = find(list, "populations.input");
    REQUIRE(input != nullptr);  // default has an input population, cuba has none
    CHECK(input->b == "absent");
  }
  SUBCASE("a command applied to B shows at once (the applied values, not the file's)") {
    auto session = session_of(a);
    const auto before = session->facts();
    session->submit(SetParam{1, "tau_m", 12.0});
    session->advance(0);
    const std::vector<Difference> list = differences(*before, *session->facts());
    REQUIRE(list.size() == 1);
    CHECK(list[0].what == "populations.exc.params.tau_m");
    CHECK(list[0].b == "12 ms");
  }
}

TEST_CASE("run B is a preset or A with changes and each bad B is refused with its reason") {
  const ScenarioSpec a = preset("default");
  SUBCASE("A with changes keeps A's seed and names the changes") {
    const CompareSpec b = compare_spec(a, CompareChoice{"", {"populations.exc.params.tau_m=15", "projections.ee.weight_scale=2"}});
    REQUIRE(b.error == "");
    REQUIRE(b.spec);
    CHECK(b.spec->seed == a.seed);
    CHECK(b.label == "A with populations.exc.params.tau_m=15, projections.ee.weight_scale=2");
  }
  SUBCASE("another preset runs with A's seed, unless a change sets it") {
    ScenarioSpec a7 = a;
    a7.seed = 7;
    CompareSpec b = compare_spec(a7, CompareChoice{"cuba", {}});
    REQUIRE(b.spec);
    CHECK(b.spec->seed == 7);
    CHECK(b.spec->name == "cuba");
    b = compare_spec(a7, CompareChoice{"cuba", {"seed=9"}});
    REQUIRE(b.spec);
    CHECK(b.spec->seed == 9);
  }
  SUBCASE("an unknown preset") {
    const CompareSpec b = compare_spec(a, CompareChoice{"no-such-preset", {}});
    CHECK_FALSE(b.spec);
    CHECK(b.error.find("--compare no-such-preset") == 0);
  }
  SUBCASE("a path that does not exist") {
    const CompareSpec b = compare_spec(a, CompareChoice{"", {"populations.nope.params.tau_m=15"}});
    CHECK_FALSE(b.spec);
    CHECK(b.error.find("--compare-set populations.nope.params.tau_m=15: ") == 0);
  }
  SUBCASE("a value that is not a number, and one the model refuses") {
    CompareSpec b = compare_spec(a, CompareChoice{"", {"populations.exc.params.tau_m=fast"}});
    CHECK_FALSE(b.spec);
    CHECK(b.error.find("--compare-set populations.exc.params.tau_m=fast") == 0);
    b = compare_spec(a, CompareChoice{"", {"populations.exc.params.tau_m=0"}});
    CHECK_FALSE(b.spec);
    CHECK(b.error.find("tau_m") != std::string::npos);
  }
  SUBCASE("no '='") {
    const CompareSpec b = compare_spec(a, CompareChoice{"", {"tau_m"}});
    CHECK(b.error.find("--compare-set expects PATH=VALUE") == 0);
  }
  SUBCASE("another time step") {
    const CompareSpec b = compare_spec(a, CompareChoice{"", {"dt_ms=0.05"}});
    CHECK_FALSE(b.spec);
    CHECK(b.error.find("dt_ms") != std::string::npos);
  }
}

TEST_CASE("the lockstep pair keeps both sides at one step and each side spikes as its Session alone") {
  const ScenarioSpec a = preset("default");
  ScenarioSpec b = a;
  REQUIRE(io::apply_override(b, "populations.exc.params.tau_m", "12") == "");
  constexpr std::int64_t kSteps = 3000;  // 300 ms
  const std::vector<SpikeEvent> want_a = alone(*session_of(a), kSteps);
  const std::vector<SpikeEvent> want_b = alone(*session_of(b), kSteps);
  REQUIRE(want_a.size() > 100);
  REQUIRE_FALSE(same_spikes(want_a, want_b));  // the change matters, so the test could fail

  SUBCASE("stepped as frames ask (uneven requests)") {
    LockstepPair pair(session_of(a), session_of(b));
    pair.set_lockstep(true);
    std::vector<SpikeEvent> got_a, got_b;
    std::int64_t asked = 0;
    for (int frame = 0; asked < kSteps; ++frame) {
      const std::int64_t n = std::min<std::int64_t>(kSteps - asked, 37 + 113 * (frame % 4));
      pair.request_steps(n);
      asked += n;
      pair.wait_idle();
      std::array<Observations, 2> seen = pair.take();
      INFO("frame " << frame);
      CHECK(seen[0].step == asked);
      CHECK(seen[1].step == asked);
      got_a.insert(got_a.end(), seen[0].spikes.begin(), seen[0].spikes.end());
      got_b.insert(got_b.end(), seen[1].spikes.begin(), seen[1].spikes.end());
    }
    CHECK(same_spikes(got_a, want_a));
    CHECK(same_spikes(got_b, want_b));
  }
  SUBCASE("flat out on its thread: every take has both sides at one step") {
    LockstepPair pair(session_of(a), session_of(b));
    pair.set_speed(std::numeric_limits<double>::infinity());
    pair.set_paused(false);
    std::vector<SpikeEvent> got_a, got_b;
    for (int i = 0; i < 100000 && pair.step_index() < kSteps; ++i) {
      std::array<Observations, 2> seen = pair.take();
      CHECK(seen[0].step == seen[1].step);
      got_a.insert(got_a.end(), seen[0].spikes.begin(), seen[0].spikes.end());
      got_b.insert(got_b.end(), seen[1].spikes.begin(), seen[1].spikes.end());
    }
    pair.set_paused(true);
    pair.wait_idle();
    std::array<Observations, 2> last = pair.take();
    CHECK(last[0].step == last[1].step);
    got_a.insert(got_a.end(), last[0].spikes.begin(), last[0].spikes.end());
    got_b.insert(got_b.end(), last[1].spikes.begin(), last[1].spikes.end());
    // The pair may have run past kSteps: compare the first kSteps steps.
    auto before = [](std::vector<SpikeEvent> v) {
      v.erase(std::remove_if(v.begin(), v.end(), [](const SpikeEvent& e) { return e.step >= kSteps; }), v.end());
      return v;
    };
    CHECK(same_spikes(before(got_a), want_a));
    CHECK(same_spikes(before(got_b), want_b));
  }
}

TEST_CASE("the copy made by the Compare action goes on from the running state as the original does") {
  const ScenarioSpec spec = preset("default");
  auto original = session_of(spec);
  original->advance(1500);
  auto state = std::make_shared<Checkpoint>();
  original->capture_state(*state);
  // Built as the Compare action builds them: on a thread of their own, from the state captured.
  CompareRequest request{spec, spec, "A: default", "B: copy of default", state, {{1, 3}, {2, 0}}, nullptr};
  CompareBuilt built = std::async(std::launch::async, [&] { return build_compare(request); }).get();
  REQUIRE(built.error == "");
  REQUIRE(built.a);
  REQUIRE(built.b);
  CHECK(built.label_b == "B: copy of default");
  for (const Session* side : {built.a.get(), built.b.get()}) {
    CHECK(side->step_index() == 1500);
    // The single run's traced neurons: the scenario's (exc 0-2, inh 0) and exc 3 added.
    const auto& probes = side->network().traces().probes();
    CHECK(std::count_if(probes.begin(), probes.end(), [](const TraceProbe& p) { return p.population == 1 && p.neuron == 3; }) == 1);
    CHECK(std::count_if(probes.begin(), probes.end(), [](const TraceProbe& p) { return p.population == 2 && p.neuron == 0; }) == 1);
  }
  const std::vector<SpikeEvent> want = alone(*original, 1000);
  REQUIRE(want.size() > 50);
  LockstepPair pair(std::move(built.a), std::move(built.b));
  pair.set_lockstep(true);
  pair.request_steps(1000);
  pair.wait_idle();
  std::array<Observations, 2> seen = pair.take();
  CHECK(seen[0].step == 2500);
  CHECK(same_spikes(seen[0].spikes, want));
  CHECK(same_spikes(seen[1].spikes, want));
}

TEST_CASE("a comparison that cannot be built says why and gives no sessions") {
  ScenarioSpec bad = preset("default");
  bad.populations[1].size = -3;
  CompareRequest request{preset("default"), bad, "A", "B", nullptr, {}, nullptr};
  const CompareBuilt built = build_compare(request);
  CHECK_FALSE(built.b);
  CHECK(built.error.find("B") != std::string::npos);
  // A state from another network is refused by name.
  auto state = std::make_shared<Checkpoint>();
  session_of(preset("cuba"))->capture_state(*state);
  const CompareRequest other{preset("default"), preset("default"), "A", "B", state, {}, nullptr};
  const CompareBuilt refused = build_compare(other);
  CHECK_FALSE(refused.a);
  CHECK(refused.error.find("cannot copy the state") == 0);
}

}  // TEST_SUITE

}  // namespace neurosim::gui
