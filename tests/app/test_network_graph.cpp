// The Network window's layout (gui/views/network_graph.hpp), from the facts of a real Session:
// one node per population with its live rate, one arrow per projection coloured by receptor and
// as wide as its total weight ranks, loops for recurrent projections, stimuli beside their
// population, and clicks that pick the element under them. The graph follows an edit.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "gui/views/network_graph.hpp"
#include "neurosim/session.hpp"

using namespace neurosim;
using namespace neurosim::gui;

namespace {

std::unique_ptr<Session> small_session() {
  auto spec = test::scenario(0.1, {test::population("in", "poisson", 50, {{"rate", Distribution::constant(20.0)}}),
                                   test::population("exc", "lif", 80), test::population("inh", "lif", 20)});
  const auto fp = ConnectivitySpec::Rule::FixedProbability;
  auto ie = test::projection("in", "exc", fp, Distribution::constant(100.0), Distribution::constant(1.0));
  ie.connectivity.p = 0.2;
  auto ee = test::projection("exc", "exc", fp, Distribution::constant(50.0), Distribution::constant(1.0));
  ee.connectivity.p = 0.1;
  auto ei = test::projection("exc", "inh", fp, Distribution::constant(200.0), Distribution::constant(1.0));
  ei.connectivity.p = 0.5;
  auto iex = test::projection("inh", "exc", fp, Distribution::constant(-400.0), Distribution::constant(1.0));
  iex.connectivity.p = 0.5;
  spec.projections = {ie, ee, ei, iex};
  StimulusSpec s;
  s.name = "drive";
  s.population = "exc";
  s.amplitude = 100.0;
  spec.stimuli = {s};
  BuildResult built = build_network(spec);
  REQUIRE(built.errors.empty());
  return std::make_unique<Session>(std::move(built.network));
}

}  // namespace

TEST_SUITE("network graph") {

TEST_CASE("Every population, projection and stimulus has its shape, and a click picks it") {
  auto session = small_session();
  const auto facts = session->facts();
  const std::vector<float> rates = {20.0f, 4.5f, 12.0f};
  const NetworkGraph g = layout_network(*facts, rates, 800.0f, 500.0f);
  REQUIRE(g.nodes.size() == 3);
  REQUIRE(g.edges.size() == 4);
  REQUIRE(g.stimuli.size() == 1);
  CHECK(g.nodes[1].name == "exc");
  CHECK(g.nodes[1].model == "lif");
  CHECK(g.nodes[1].size == 80);
  CHECK(g.nodes[1].rate_hz == 4.5f);
  CHECK(g.nodes[0].source);
  CHECK(g.nodes[0].centre.x < g.nodes[1].centre.x);  // the first (input) population on the left
  for (const GraphNode& n : g.nodes) {
    CHECK(n.centre.x - n.radius >= 0.0f);
    CHECK(n.centre.x + n.radius <= 800.0f);
    CHECK(n.centre.y - n.radius >= 0.0f);
    CHECK(n.centre.y + n.radius <= 500.0f);
  }
  // Receptors: by sign of the weight; the recurrent one is a loop.
  CHECK(!g.edges[0].inhibitory);
  CHECK(g.edges[1].loop);
  CHECK(g.edges[3].inhibitory);
  // Widths rank with total weight (|w| x synapses): inh->exc (400 x ~800) heaviest, exc->exc
  // (50 x ~640) lightest.
  double heaviest = 0;
  for (const ProjectionFact& p : facts->projections) heaviest = std::max(heaviest, p.total_weight);
  CHECK(g.edges[3].width == doctest::Approx(NetworkGraph::kMaxEdgeWidth));
  CHECK(facts->projections[3].total_weight == doctest::Approx(heaviest));
  CHECK(g.edges[1].width < g.edges[2].width);
  CHECK(g.edges[1].width >= 1.0f);
  // The arrow ends on the target's rim.
  const GraphNode& exc = g.nodes[1];
  CHECK(std::hypot(g.edges[0].to.x - exc.centre.x, g.edges[0].to.y - exc.centre.y) == doctest::Approx(exc.radius + 2.0f).epsilon(0.01));
  // The stimulus points into exc.
  CHECK(std::hypot(g.stimuli[0].tip.x - exc.centre.x, g.stimuli[0].tip.y - exc.centre.y) == doctest::Approx(exc.radius + 2.0f).epsilon(0.01));
  // Clicks.
  const GraphHit on_node = hit_test(g, exc.centre.x + 1.0f, exc.centre.y);
  CHECK(on_node.kind == GraphHit::Kind::Population);
  CHECK(on_node.index == 1);
  const GraphPoint mid = edge_point(g.edges[2], 0.5f);
  const GraphHit on_edge = hit_test(g, mid.x, mid.y + 1.0f);
  CHECK(on_edge.kind == GraphHit::Kind::Projection);
  CHECK(on_edge.index == 2);
  const GraphHit on_box = hit_test(g, g.stimuli[0].centre.x, g.stimuli[0].centre.y);
  CHECK(on_box.kind == GraphHit::Kind::Stimulus);
  CHECK(hit_test(g, 1.0f, 1.0f).kind == GraphHit::Kind::None);
  // Two projections between the same populations in opposite directions bend apart.
  const GraphPoint there = edge_point(g.edges[2], 0.5f), back = edge_point(g.edges[3], 0.5f);
  CHECK(std::hypot(there.x - back.x, there.y - back.y) > 10.0f);
}

TEST_CASE("The graph follows the editor's commands") {
  auto session = small_session();
  const auto reader = session->open_reader();
  PopulationSpec extra;
  extra.name = "extra";
  extra.model = "izhikevich";
  extra.size = 30;
  session->submit(AddPopulation{extra, -1});
  session->advance(10);
  const auto facts = session->observe(reader).facts;
  NetworkGraph g = layout_network(*facts, {}, 640.0f, 480.0f);
  REQUIRE(g.nodes.size() == 4);
  CHECK(g.nodes[3].name == "extra");
  CHECK(g.nodes[3].model == "izhikevich");
  CHECK(g.nodes[3].rate_hz == 0.0f);  // no rate given: 0
  CHECK(facts->undo_label == "AddPopulation extra");
  session->submit(RemoveElement{Element::Population, 1, true});
  session->advance(1);
  g = layout_network(*session->facts(), {}, 640.0f, 480.0f);
  CHECK(g.nodes.size() == 3);
  CHECK(g.edges.empty());    // every projection touched exc
  CHECK(g.stimuli.empty());  // and so did the stimulus
  // An empty area draws nothing rather than dividing by zero.
  CHECK(layout_network(*session->facts(), {}, 0.0f, 0.0f).nodes.empty());
}

}  // TEST_SUITE
