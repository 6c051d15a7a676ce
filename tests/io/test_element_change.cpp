// Changing an element in place (commands.hpp [SECTION] Changing an element in place): a
// population's model and size, a projection's connectivity and learning rule, while the network
// runs; each applied, undone (the state, synapses and weights from before come back bit for
// bit), redone and refused; as timeline entries, checked by `validate` per field. The reference
// for a changed element is a build of the edited scenario: the change must give what a fresh
// build gives that element.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/edit_network.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"
#include "neurosim/timeline.hpp"

using namespace neurosim;
using test::apply;
using test::Spike;

namespace {

std::string network_json(const std::string& timeline = "") { return test::ei_network_json("change", 7, 100, timeline); }
ScenarioSpec parse_ok(const std::string& text) { return test::parse_ok(text, "change.json"); }
std::unique_ptr<Network> build(const ScenarioSpec& spec) { return test::build_or_fail(spec); }

std::vector<float> values(const Population& p, int var) {
  const float* v = p.state(var);
  return {v, v + p.size()};
}
template <class Span>
std::vector<typename Span::value_type> copy(Span s) {
  return {s.begin(), s.end()};
}

// Every state variable of a population, concatenated.
std::vector<float> all_state(const Population& p) {
  std::vector<float> out;
  for (std::size_t v = 0; v < p.state_descs().size(); ++v) {
    const auto one = values(p, static_cast<int>(v));
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

PopulationSpec izhikevich(const std::string& name, int size) {
  PopulationSpec p;
  p.name = name;
  p.model = "izhikevich";
  p.size = size;
  return p;
}

}  // namespace

TEST_SUITE("element change") {

TEST_CASE("A population changes model while the network runs: as a fresh build of the edited scenario, the rest keeps its state; undo gives it back") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  s.advance(300);
  const Network& net = s.network();
  const std::vector<float> exc_before = all_state(net.population(1));
  const std::vector<float> inh_before = all_state(net.population(2));
  const auto ie_weights = copy(net.projection(0).weights());
  const std::uint64_t structure = net.structure_version();

  CHECK(apply(s, reader, ChangePopulation{1, izhikevich("exc", 40), nullptr}).applied);
  REQUIRE(net.population(1).model() == std::string("izhikevich"));
  CHECK(net.spec().populations[1].model == "izhikevich");
  CHECK(net.structure_version() > structure);
  // The reference: population 1 of a build of the edited scenario.
  ScenarioSpec edited = parse_ok(network_json());
  edited.populations[1] = izhikevich("exc", 40);
  const std::unique_ptr<Network> fresh = build(edited);
  CHECK(all_state(net.population(1)) == all_state(fresh->population(1)));
  // The rest as it was: another population's state, the weights onto the changed one, the time.
  CHECK(all_state(net.population(2)) == inh_before);
  CHECK(copy(net.projection(0).weights()) == ie_weights);
  CHECK(net.step_index() == 300);
  const std::uint64_t fired = net.total_spikes(1);
  s.advance(200);  // it runs, and its neurons fire as Izhikevich neurons under the same drive
  CHECK(net.total_spikes(1) > fired);

  // Undo: the LIF population with the state it had when it was changed.
  CHECK(apply(s, reader, UndoEdit{}).applied);
  REQUIRE(net.population(1).model() == std::string("lif"));
  CHECK(net.spec().populations[1].model == "lif");
  CHECK(all_state(net.population(1)) == exc_before);
  // Redo: Izhikevich again, from the state a build gives it.
  CHECK(apply(s, reader, RedoEdit{}).applied);
  CHECK(net.population(1).model() == std::string("izhikevich"));
  CHECK(all_state(net.population(1)) == all_state(fresh->population(1)));
}

TEST_CASE("A population changes size: its projections and stimuli are drawn as a build of the edited scenario draws them; undo brings back the learned weights") {
  // STDP onto exc, so that the weights carry history the undo must give back.
  ScenarioSpec spec = parse_ok(network_json());
  spec.projections[0].plasticity = PlasticitySpec{"stdp", {{"w_max", 400.0}}};
  Session s(build(spec));
  const Session::ReaderId reader = s.open_reader();
  s.advance(400);
  const Network& net = s.network();
  std::vector<std::vector<float>> weights_before;
  std::vector<std::vector<std::int32_t>> cols_before;
  for (int j = 0; j < net.projection_count(); ++j) {
    weights_before.push_back(copy(net.projection(j).weights()));
    cols_before.push_back(copy(net.projection(j).col()));
  }
  REQUIRE(weights_before[0] != copy(build(spec)->projection(0).weights()));  // it has learned

  PopulationSpec bigger = spec.populations[1];
  bigger.size = 60;
  CHECK(apply(s, reader, ChangePopulation{1, bigger, nullptr}).applied);
  CHECK(net.population(1).size() == 60);
  ScenarioSpec edited = spec;
  edited.populations[1] = bigger;
  const std::unique_ptr<Network> fresh = build(edited);
  for (int j = 0; j < net.projection_count(); ++j) {
    INFO("projection " << net.projection(j).name());
    CHECK(copy(net.projection(j).col()) == copy(fresh->projection(j).col()));
    CHECK(copy(net.projection(j).row_ptr()) == copy(fresh->projection(j).row_ptr()));
    CHECK(copy(net.projection(j).weights()) == copy(fresh->projection(j).weights()));
  }
  CHECK(net.stimulus(0).neurons().size() == 60);
  s.advance(100);

  CHECK(apply(s, reader, UndoEdit{}).applied);
  CHECK(net.population(1).size() == 40);
  for (int j = 0; j < net.projection_count(); ++j) {
    INFO("projection " << net.projection(j).name());
    CHECK(copy(net.projection(j).col()) == cols_before[static_cast<std::size_t>(j)]);
    CHECK(copy(net.projection(j).weights()) == weights_before[static_cast<std::size_t>(j)]);
  }
  CHECK(net.stimulus(0).neurons().size() == 40);
  s.advance(100);  // and it runs on
  CHECK(net.step_index() == 600);
}

TEST_CASE("A projection changes its learning rule and connectivity: same synapses keep the learned weights, new ones are drawn from its stream") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  s.advance(200);
  const Network& net = s.network();
  const auto cols = copy(net.projection(0).col());
  REQUIRE(net.plasticity(0) == nullptr);

  // Static -> STDP with w_max below the weights: the same synapses, clipped into the new bounds.
  ScenarioSpec spec = net.spec();
  ProjectionSpec learning = spec.projections[0];
  learning.plasticity = PlasticitySpec{"stdp", {{"w_max", 150.0}}};
  CHECK(apply(s, reader, ChangeProjection{0, learning, nullptr}).applied);
  REQUIRE(net.plasticity(0) != nullptr);
  CHECK(net.plasticity(0)->rule() == std::string("stdp"));
  CHECK(copy(net.projection(0).col()) == cols);
  for (const float w : net.projection(0).weights()) CHECK(w == doctest::Approx(150.0));
  s.advance(300);
  const auto learned = copy(net.projection(0).weights());
  CHECK(*std::min_element(learned.begin(), learned.end()) < 150.0f);  // STDP has moved some

  // STDP -> another rule keeps what was learned (within its bounds).
  ProjectionSpec triplet = learning;
  triplet.plasticity = PlasticitySpec{"stdp_triplet", {{"w_max", 150.0}}};
  CHECK(apply(s, reader, ChangeProjection{0, triplet, nullptr}).applied);
  CHECK(net.plasticity(0)->rule() == std::string("stdp_triplet"));
  CHECK(copy(net.projection(0).weights()) == learned);

  // Another connectivity: the synapses a build of the edited scenario draws.
  ProjectionSpec sparser = triplet;
  sparser.connectivity.p = 0.1;
  CHECK(apply(s, reader, ChangeProjection{0, sparser, nullptr}).applied);
  ScenarioSpec edited = parse_ok(network_json());
  edited.projections[0] = sparser;
  const std::unique_ptr<Network> fresh = build(edited);
  CHECK(copy(net.projection(0).col()) == copy(fresh->projection(0).col()));
  CHECK(copy(net.projection(0).weights()) == copy(fresh->projection(0).weights()));
  CHECK(net.projection(0).synapse_count() < cols.size());

  // Three undos: the learned weights of the STDP rule, then the static weights of the start.
  CHECK(apply(s, reader, UndoEdit{}).applied);
  CHECK(copy(net.projection(0).col()) == cols);
  CHECK(copy(net.projection(0).weights()) == learned);
  CHECK(apply(s, reader, UndoEdit{}).applied);
  CHECK(net.plasticity(0)->rule() == std::string("stdp"));
  CHECK(apply(s, reader, UndoEdit{}).applied);
  CHECK(net.plasticity(0) == nullptr);
  for (const float w : net.projection(0).weights()) CHECK(w == doctest::Approx(170.0));
  CHECK(!net.spec().projections[0].plasticity.has_value());
}

TEST_CASE("Changes that cannot be made are refused with the field and change nothing") {
  Session s(build(parse_ok(network_json())));
  const Session::ReaderId reader = s.open_reader();
  s.advance(10);
  const std::string before = io::scenario_to_json(s.network().spec());
  const auto refused = [&](Command c) {
    const CommandVerdict v = apply(s, reader, std::move(c));
    CHECK_FALSE(v.applied);
    CHECK(io::scenario_to_json(s.network().spec()) == before);
    return v.reason;
  };
  PopulationSpec unknown = test::lif("exc", 40);
  unknown.model = "nope";
  CHECK(refused(ChangePopulation{1, unknown, nullptr}).find("populations[1].model") == 0);
  CHECK(refused(ChangePopulation{1, izhikevich("other", 40), nullptr}) == "name: a change keeps the name 'exc' (got 'other'; rename it instead)");
  CHECK(refused(ChangePopulation{7, izhikevich("exc", 40), nullptr}) == "no population 7");
  PopulationSpec empty = test::lif("exc", 0);
  CHECK(refused(ChangePopulation{1, empty, nullptr}).find("populations[1].size") == 0);
  // A stimulus naming neuron 30 cannot stay on a population of 20.
  ScenarioSpec listed = parse_ok(network_json());
  listed.stimuli[0].neurons = {0, 30};
  Session t(build(listed));
  const Session::ReaderId treader = t.open_reader();
  const CommandVerdict shrink = apply(t, treader, ChangePopulation{1, test::lif("exc", 20), nullptr});
  CHECK_FALSE(shrink.applied);
  CHECK(shrink.reason.find("stimuli[0].neurons") == 0);

  ProjectionSpec moved = s.network().spec().projections[0];
  moved.post = "inh";
  CHECK(refused(ChangeProjection{0, moved, nullptr}).find("pre/post: a change keeps the populations (in -> exc)") == 0);
  ProjectionSpec bad_rule = s.network().spec().projections[0];
  bad_rule.plasticity = PlasticitySpec{"nope", {}};
  CHECK(refused(ChangeProjection{0, bad_rule, nullptr}).find("projections[0].plasticity") == 0);
  ProjectionSpec bad_p = s.network().spec().projections[0];
  bad_p.connectivity.p = 1.5;
  CHECK(refused(ChangeProjection{0, bad_p, nullptr}).find("projections[0].connectivity.p") == 0);
}

TEST_CASE("Timeline change entries apply at their step as the same commands by hand; validate names the field") {
  const std::string timeline = R"([
    {"t_ms": 10, "change_population": {"name": "inh", "model": "izhikevich", "size": 10, "params": {"a": 0.1, "d": 2}}},
    {"t_ms": 20, "change_projection": {"name": "ie", "pre": "in", "post": "exc", "connectivity": {"rule": "fixed_probability", "p": 0.3},
                                       "weight": 170, "delay_ms": 1, "plasticity": {"rule": "stdp", "params": {"w_max": 300}}}}
  ])";
  const ScenarioSpec with = parse_ok(network_json(timeline));
  REQUIRE(with.timeline.size() == 2);
  CHECK(with.timeline[0].kind == TimelineEntry::Kind::ChangePopulation);
  CHECK(with.timeline[1].kind == TimelineEntry::Kind::ChangeProjection);
  // Written back and read again: the same entries.
  CHECK(io::scenario_to_json(parse_ok(io::scenario_to_json(with))) == io::scenario_to_json(with));

  Session by_timeline(build(with));
  const Session::ReaderId r1 = by_timeline.open_reader();
  by_timeline.advance(500);
  const std::vector<Spike> a = test::spikes_of(by_timeline.observe(r1));
  CHECK(by_timeline.network().population(2).model() == std::string("izhikevich"));
  REQUIRE(by_timeline.network().plasticity(0) != nullptr);

  Session by_hand(build(parse_ok(network_json())));
  const Session::ReaderId r2 = by_hand.open_reader();
  std::vector<Spike> b;
  const auto to = [&](std::int64_t step) {
    by_hand.advance(step - by_hand.step_index());
    const auto more = test::spikes_of(by_hand.observe(r2));
    b.insert(b.end(), more.begin(), more.end());
  };
  to(100);
  PopulationSpec inh = izhikevich("inh", 10);
  inh.params = {{"a", Distribution::constant(0.1)}, {"d", Distribution::constant(2.0)}};
  by_hand.submit(ChangePopulation{2, inh, nullptr});
  to(200);
  by_hand.submit(ChangeProjection{0, with.timeline[1].added_projection.value(), nullptr});
  to(500);
  REQUIRE(!a.empty());
  CHECK(a == b);
  CHECK(by_timeline.timeline_events().size() == 2);
  for (const TimelineEvent& e : by_timeline.timeline_events()) CHECK_MESSAGE(e.applied, e.reason);
  CHECK(timeline_entry_text(with.timeline[0]) == "inh to 10 izhikevich");

  // validate: each bad entry names its field.
  const auto errors_of = [](const std::string& text) {
    std::vector<std::string> out;
    for (const SpecError& e : io::parse_scenario(text, "change.json").errors) out.push_back(e.text());
    return out;
  };
  const auto has = [](const std::vector<std::string>& errors, const std::string& text) {
    const bool found = std::find(errors.begin(), errors.end(), text) != errors.end();
    if (!found)
      for (const std::string& e : errors) MESSAGE(e);
    return found;
  };
  const auto bad = errors_of(network_json(R"([
    {"t_ms": 10, "change_population": {"name": "ghost", "model": "lif", "size": 3}},
    {"t_ms": 10, "change_population": {"name": "exc", "model": "lif", "size": 40, "params": {"tau_m": 0}}},
    {"t_ms": 20, "change_projection": {"name": "nothing", "pre": "in", "post": "exc"}},
    {"t_ms": 20, "change_projection": {"name": "ie", "pre": "in", "post": "inh"}},
    {"t_ms": 30, "change_population": {"name": "inh", "size": 3}}
  ])"));
  CHECK(has(bad, "timeline[0].change_population.name: unknown population 'ghost'"));
  CHECK(has(bad, "timeline[1].change_population.params.tau_m: must be > 0 (got 0)"));
  CHECK(has(bad, "timeline[2].change_projection.name: unknown projection 'nothing'"));
  CHECK(has(bad, "timeline[3].change_projection: pre/post: a change keeps the populations (in -> exc); remove the projection and add another instead"));
  CHECK(has(bad, "timeline[4].change_population.model: required but missing"));
}

}  // TEST_SUITE
