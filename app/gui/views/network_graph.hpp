#pragma once
// The Network window's picture of the scenario, laid out without GL or ImGui (tested headless):
// populations as nodes (name, model, size, live rate) on a ring, projections as arrows from pre
// to post coloured by receptor with a width that grows with their total weight, a projection
// onto its own population as a loop, and stimuli as small boxes pointing into their population.
// Two projections between the same pair in opposite directions bend apart so both show.
#include <span>
#include <string>
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct GraphPoint {
  float x = 0.0f, y = 0.0f;
};

struct GraphNode {
  int population = -1;
  GraphPoint centre;
  float radius = 0.0f;
  std::string name, model;
  int size = 0;
  float rate_hz = 0.0f;
  bool source = false;
};

struct GraphEdge {
  int projection = -1;
  int pre = -1, post = -1;
  bool inhibitory = false, enabled = true, plastic = false;
  float width = 1.0f;          // in pixels: 1 .. kMaxEdgeWidth by total weight (log scale)
  // A quadratic curve from `from` through `control` to `to` (the arrow's tip, on the target's
  // rim); a loop is drawn as the same curve leaving and entering the node's top.
  GraphPoint from, control, to;
  bool loop = false;
  std::string name;
};

struct GraphStimulus {
  int stimulus = -1;
  int population = -1;
  GraphPoint centre;  // the box's centre; its arrow ends on the population's rim at `tip`
  GraphPoint tip;
  std::string name;
};

struct NetworkGraph {
  static constexpr float kMaxEdgeWidth = 7.0f;
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  std::vector<GraphStimulus> stimuli;
};

// Lays the facts out in a width x height area (origin top left). `rates_hz` holds one rate per
// population (the latest bin); missing ones read 0.
NetworkGraph layout_network(const ScenarioFacts& facts, std::span<const float> rates_hz, float width, float height);

// A point on an edge's curve, t in [0, 1].
GraphPoint edge_point(const GraphEdge& e, float t);

// What lies under a point: a stimulus box, then a node, then the nearest edge within a few
// pixels of its curve.
struct GraphHit {
  enum class Kind { None, Population, Projection, Stimulus };
  Kind kind = Kind::None;
  int index = -1;
};
GraphHit hit_test(const NetworkGraph& graph, float x, float y);

}  // namespace neurosim::gui
