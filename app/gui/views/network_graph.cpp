#include "gui/views/network_graph.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neurosim::gui {

namespace {

constexpr float kStimulusBox = 9.0f;  // half the side of a stimulus box
constexpr float kHitSlack = 5.0f;     // pixels around an edge's curve that still pick it

GraphPoint on_rim(GraphPoint centre, float radius, GraphPoint towards) {
  const float dx = towards.x - centre.x, dy = towards.y - centre.y;
  const float d = std::max(std::hypot(dx, dy), 1e-3f);
  return {centre.x + dx / d * radius, centre.y + dy / d * radius};
}

}  // namespace

GraphPoint edge_point(const GraphEdge& e, float t) {
  const float u = 1.0f - t;
  return {u * u * e.from.x + 2 * u * t * e.control.x + t * t * e.to.x, u * u * e.from.y + 2 * u * t * e.control.y + t * t * e.to.y};
}

NetworkGraph layout_network(const ScenarioFacts& facts, std::span<const float> rates_hz, float width, float height) {
  NetworkGraph g;
  const auto n = facts.populations.size();
  if (n == 0 || width <= 0 || height <= 0) return g;
  const GraphPoint mid{width * 0.5f, height * 0.5f};
  // Nodes on an ellipse, the first on the left (inputs usually come first), leaving room for the
  // stimuli outside and the loops above.
  // Room above and below for a node's loop, label and stimulus box (about 70 px).
  const float ring_x = n == 1 ? 0.0f : width * 0.32f, ring_y = n <= 2 ? 0.0f : std::clamp(height * 0.5f - 75.0f, 0.0f, height * 0.3f);
  const float largest = std::min(width, height) / static_cast<float>(std::max<std::size_t>(n, 3)) * 0.45f;
  for (std::size_t p = 0; p < n; ++p) {
    const PopulationFact& pf = facts.populations[p];
    GraphNode node;
    node.population = static_cast<int>(p);
    const double angle = std::numbers::pi + 2.0 * std::numbers::pi * static_cast<double>(p) / static_cast<double>(n);
    node.centre = {mid.x + ring_x * static_cast<float>(std::cos(angle)), mid.y + ring_y * static_cast<float>(std::sin(angle))};
    node.radius = std::clamp(12.0f + 7.0f * static_cast<float>(std::log10(std::max(pf.size, 1))), 12.0f, std::max(largest, 12.0f));
    node.name = pf.name;
    node.model = pf.model;
    node.size = pf.size;
    node.source = pf.source;
    node.rate_hz = p < rates_hz.size() ? rates_hz[p] : 0.0f;
    g.nodes.push_back(std::move(node));
  }

  double heaviest = 0.0;
  for (const ProjectionFact& j : facts.projections) heaviest = std::max(heaviest, j.total_weight);
  for (std::size_t j = 0; j < facts.projections.size(); ++j) {
    const ProjectionFact& pj = facts.projections[j];
    if (pj.pre < 0 || pj.post < 0 || static_cast<std::size_t>(pj.pre) >= n || static_cast<std::size_t>(pj.post) >= n) continue;
    GraphEdge e;
    e.projection = static_cast<int>(j);
    e.pre = pj.pre;
    e.post = pj.post;
    e.inhibitory = pj.inhibitory;
    e.enabled = pj.enabled;
    e.plastic = !pj.rule_id.empty();
    e.name = pj.name;
    e.width = heaviest > 0.0 ? 1.0f + (NetworkGraph::kMaxEdgeWidth - 1.0f) * static_cast<float>(std::log1p(pj.total_weight) / std::log1p(heaviest)) : 1.0f;
    const GraphNode& a = g.nodes[static_cast<std::size_t>(pj.pre)];
    const GraphNode& b = g.nodes[static_cast<std::size_t>(pj.post)];
    // Projections between the same two populations fan out by their rank among them.
    int rank = 0;
    for (std::size_t k = 0; k < j; ++k) {
      const ProjectionFact& o = facts.projections[k];
      if ((o.pre == pj.pre && o.post == pj.post) || (o.pre == pj.post && o.post == pj.pre)) ++rank;
    }
    if (pj.pre == pj.post) {
      e.loop = true;
      // Outwards, away from the middle of the ring, where no other arrow runs (up for a lone node).
      const float r = a.radius;
      float ux = a.centre.x - mid.x, uy = a.centre.y - mid.y;
      const float len = std::hypot(ux, uy);
      if (len < 1.0f) ux = 0.0f, uy = -1.0f;
      else ux /= len, uy /= len;
      const float spread = 0.55f + 0.25f * static_cast<float>(rank);
      const float c = std::cos(spread), sn = std::sin(spread);
      e.from = {a.centre.x + r * (ux * c - uy * sn), a.centre.y + r * (uy * c + ux * sn)};
      e.to = {a.centre.x + r * (ux * c + uy * sn), a.centre.y + r * (uy * c - ux * sn)};
      e.control = {a.centre.x + ux * r * (2.2f + 0.7f * static_cast<float>(rank)), a.centre.y + uy * r * (2.2f + 0.7f * static_cast<float>(rank))};
    } else {
      const float dx = b.centre.x - a.centre.x, dy = b.centre.y - a.centre.y;
      const float d = std::max(std::hypot(dx, dy), 1e-3f);
      // Bend to the left of the direction of travel: the two directions of a pair part.
      const float bend = 0.12f * d * (1.0f + static_cast<float>(rank / 2));
      const GraphPoint normal{dy / d, -dx / d};
      e.control = {(a.centre.x + b.centre.x) * 0.5f + normal.x * bend, (a.centre.y + b.centre.y) * 0.5f + normal.y * bend};
      e.from = on_rim(a.centre, a.radius, e.control);
      e.to = on_rim(b.centre, b.radius + 2.0f, e.control);
    }
    g.edges.push_back(std::move(e));
  }

  // Stimuli: outside their population, away from the middle; several fan out.
  std::vector<int> per_population(n, 0);
  for (std::size_t k = 0; k < facts.stimuli.size(); ++k) {
    const StimulusFact& s = facts.stimuli[k];
    if (s.population < 0 || static_cast<std::size_t>(s.population) >= n) continue;
    const GraphNode& node = g.nodes[static_cast<std::size_t>(s.population)];
    float dx = node.centre.x - mid.x, dy = node.centre.y - mid.y;
    if (std::hypot(dx, dy) < 1.0f) dx = 0.0f, dy = 1.0f;  // a lone node: below it
    const double base = std::atan2(dy, dx) + 0.45 * per_population[static_cast<std::size_t>(s.population)]++;
    GraphStimulus st;
    st.stimulus = static_cast<int>(k);
    st.population = s.population;
    st.name = s.name;
    const float reach = node.radius + 34.0f;
    st.centre = {node.centre.x + reach * static_cast<float>(std::cos(base)), node.centre.y + reach * static_cast<float>(std::sin(base))};
    st.centre.x = std::clamp(st.centre.x, kStimulusBox, width - kStimulusBox);
    st.centre.y = std::clamp(st.centre.y, kStimulusBox, height - kStimulusBox);
    st.tip = on_rim(node.centre, node.radius + 2.0f, st.centre);
    g.stimuli.push_back(std::move(st));
  }
  return g;
}

GraphHit hit_test(const NetworkGraph& g, float x, float y) {
  for (const GraphStimulus& s : g.stimuli)
    if (std::fabs(x - s.centre.x) <= kStimulusBox && std::fabs(y - s.centre.y) <= kStimulusBox) return {GraphHit::Kind::Stimulus, s.stimulus};
  for (const GraphNode& node : g.nodes)
    if (std::hypot(x - node.centre.x, y - node.centre.y) <= node.radius) return {GraphHit::Kind::Population, node.population};
  GraphHit best;
  float nearest = 1e30f;
  for (const GraphEdge& e : g.edges) {
    // The curve as 24 segments: the distance to the nearest one.
    GraphPoint prev = edge_point(e, 0.0f);
    for (int s = 1; s <= 24; ++s) {
      const GraphPoint next = edge_point(e, static_cast<float>(s) / 24.0f);
      const float vx = next.x - prev.x, vy = next.y - prev.y;
      const float len2 = std::max(vx * vx + vy * vy, 1e-6f);
      const float t = std::clamp(((x - prev.x) * vx + (y - prev.y) * vy) / len2, 0.0f, 1.0f);
      const float d = std::hypot(x - (prev.x + t * vx), y - (prev.y + t * vy));
      if (d <= e.width * 0.5f + kHitSlack && d < nearest) {
        nearest = d;
        best = {GraphHit::Kind::Projection, e.projection};
      }
      prev = next;
    }
  }
  return best;
}

}  // namespace neurosim::gui
