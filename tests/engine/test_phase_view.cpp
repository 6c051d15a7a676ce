// The phase plane's view range (PhasePlane::view_range) and its steadying (settle_range), on
// trajectories simulated by the engine. What a student must see: both nullclines from the reset
// to the knee of the x-nullcline, the fixed points, and the live state, with the x-nullcline's
// knee inside the plot rather than on its edge (the Purkinje cell's V-nullcline used to sit on
// the top edge). The knee is placed independently of the sampling in view_range: for AdEx
// d/dV [-g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T)] = 0 at V = V_T; for Izhikevich
// d/dv [0.04 v^2 + 5 v + 140] = 0 at v = -62.5 mV.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/spec_helpers.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/phase_plane.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

struct Run {
  std::unique_ptr<Network> net;
  PhasePlane plane;
};

Run run_cell(std::string_view model, std::span<const ParamValue> params, double current, double t_ms) {
  auto spec = scenario(0.1, {population("n", std::string(model), 1, param_map(params))});
  spec.stimuli.push_back(neurosim::test::current("n", current));
  spec.monitors.traces.push_back({"n", {0}});
  auto net = build(spec);
  net->run(static_cast<std::int64_t>(std::lround(t_ms / 0.1)));
  const Population& pop = net->population(0);
  auto plane = PhasePlane::for_model(pop.model(), pop.param_descs(), pop.param_values(), current);
  REQUIRE(plane.has_value());
  return {std::move(net), *plane};
}

// The recorded (x, y) samples from step `from_step` to `to_step` (exclusive).
std::vector<PhasePoint> trail(const Network& net, std::int64_t from_step, std::int64_t to_step) {
  std::vector<PhasePoint> out;
  const TraceProbe& p = net.traces().probes().front();
  for (std::size_t i = 0; i < StateRecorder::available(p); ++i) {
    const std::int64_t s = StateRecorder::sample_step(p, i);
    if (s >= from_step && s < to_step) out.push_back({StateRecorder::sample(p, i, 0), StateRecorder::sample(p, i, 1)});
  }
  return out;
}

// Where y sits in the range: 0 at the bottom, 1 at the top.
double height_share(const PhaseRange& r, double y) { return (y - r.y_lo) / (r.y_hi - r.y_lo); }

void check_in_view(const PhaseRange& r, const PhasePlane& plane, double knee_x, double reset_x, double rest_x,
                   const std::vector<PhasePoint>& points) {
  REQUIRE(r.valid());
  CHECK(r.x_lo < std::min(reset_x, rest_x));
  CHECK(r.x_hi > knee_x);
  // The knee well inside, not on an edge.
  const double knee = height_share(r, plane.x_nullcline(knee_x));
  INFO("knee at ", knee, " of the height; y ", r.y_lo, "..", r.y_hi);
  CHECK(knee > 0.03);
  CHECK(knee < 0.97);
  // The x-nullcline from the reset (and the rest) to the knee, and the y-nullcline there.
  for (const double x : {reset_x, rest_x, 0.5 * (std::min(reset_x, rest_x) + knee_x), knee_x}) {
    if (x < r.x_lo || x > knee_x) continue;
    INFO("x = ", x);
    CHECK(plane.x_nullcline(x) >= r.y_lo);
    CHECK(plane.x_nullcline(x) <= r.y_hi);
    CHECK(plane.y_nullcline(x) >= r.y_lo);
    CHECK(plane.y_nullcline(x) <= r.y_hi);
  }
  for (const FixedPoint& f : plane.fixed_points(r.x_lo, r.x_hi)) {
    CHECK(f.at.y >= r.y_lo);
    CHECK(f.at.y <= r.y_hi);
  }
  std::size_t inside = 0, in_x = 0;
  for (const PhasePoint& p : points) {
    if (p.x < r.x_lo || p.x > r.x_hi) continue;
    ++in_x;
    if (p.y >= r.y_lo && p.y <= r.y_hi) ++inside;
  }
  CHECK(in_x > 0);
  CHECK(inside == in_x);
}

}  // namespace

TEST_SUITE("phase plane view") {
  TEST_CASE("AdEx cell types: both nullclines from the reset to the knee, and the trajectory, in view") {
    for (const char* name : {"Purkinje", "Pyramidal", "Motor"}) {
      INFO(name);
      const CellType* c = find_cell_type(name);
      REQUIRE(c != nullptr);
      REQUIRE(c->model == "adex");
      Run run = run_cell("adex", c->params, c->drive, 600.0);
      const Population& pop = run.net->population(0);
      const auto points = trail(*run.net, 2000, 6000);  // the last 400 ms
      const PhaseRange r = run.plane.view_range(pop.param("V_reset"), pop.param("V_peak"), points);
      check_in_view(r, run.plane, pop.param("V_T"), pop.param("V_reset"), pop.param("E_L"), points);
      // The spike initiation region: a few Delta_T past V_T, but not the whole upstroke to V_peak.
      CHECK(r.x_hi >= pop.param("V_T") + 2.0 * pop.param("Delta_T"));
      CHECK(r.x_hi < pop.param("V_peak"));
    }
  }

  TEST_CASE("AdEx at rest: the fixed points are in view") {
    // Naud's tonic set under a subthreshold 100 pA: a stable node near E_L + I / (g_L + a) and a
    // saddle near V_T (Naud et al. 2008, Fig. 2).
    const FiringPattern* tonic = find_firing_pattern("tonic");
    REQUIRE(tonic != nullptr);
    Run run = run_cell("adex", tonic->params, 100.0, 400.0);
    const Population& pop = run.net->population(0);
    const auto points = trail(*run.net, 0, 4000);
    const PhaseRange r = run.plane.view_range(pop.param("V_reset"), pop.param("V_peak"), points);
    const auto fixed = run.plane.fixed_points(r.x_lo, r.x_hi);
    REQUIRE(fixed.size() == 2);
    CHECK(fixed[0].at.x == doctest::Approx(-70.0 + 100.0 / 12.0).epsilon(0.01));
    check_in_view(r, run.plane, pop.param("V_T"), pop.param("V_reset"), pop.param("E_L"), points);
  }

  TEST_CASE("Izhikevich cell types: the parabola's bottom, the reset and the trajectory in view") {
    for (const char* name : {"Interneuron", "Sensory"}) {
      INFO(name);
      const CellType* c = find_cell_type(name);
      REQUIRE(c != nullptr);
      REQUIRE(c->model == "izhikevich");
      Run run = run_cell("izhikevich", c->params, c->drive, 600.0);
      const Population& pop = run.net->population(0);
      const auto points = trail(*run.net, 2000, 6000);
      const PhaseRange r = run.plane.view_range(pop.param("c"), pop.param("v_peak"), points);
      check_in_view(r, run.plane, -62.5, pop.param("c"), -70.0, points);
      CHECK(r.x_hi == doctest::Approx(pop.param("v_peak")));
    }
  }

  TEST_CASE("settle_range: still while the target moves inside, jumps when it leaves or shrinks") {
    const PhaseRange target{-80.0, -30.0, 0.0, 100.0};
    const PhaseRange first = settle_range(PhaseRange{}, target);
    CHECK(first.contains(target));
    CHECK(first.y_lo == doctest::Approx(-10.0));
    CHECK(first.y_hi == doctest::Approx(110.0));
    CHECK(first.x_lo == doctest::Approx(-85.0));

    SUBCASE("small moves inside: unchanged") {
      PhaseRange shown = first;
      for (int k = 0; k < 100; ++k) {
        const double wobble = 5.0 * std::sin(0.3 * k);
        shown = settle_range(shown, {-80.0, -30.0, wobble, 100.0 + wobble});
        CHECK(shown.y_lo == first.y_lo);
        CHECK(shown.y_hi == first.y_hi);
        CHECK(shown.x_lo == first.x_lo);
      }
    }
    SUBCASE("the target leaves: the shown range holds it again, with headroom") {
      const PhaseRange out{-80.0, -30.0, 0.0, 150.0};
      const PhaseRange shown = settle_range(first, out);
      CHECK(shown.contains(out));
      CHECK(shown.y_hi == doctest::Approx(165.0));
      CHECK(shown.x_lo == first.x_lo);  // the x axis did not need to move
    }
    SUBCASE("the target shrinks to under 60%: the shown range follows it down") {
      const PhaseRange small{-80.0, -30.0, 40.0, 80.0};
      const PhaseRange shown = settle_range(first, small);
      CHECK(shown.y_lo == doctest::Approx(36.0));
      CHECK(shown.y_hi == doctest::Approx(84.0));
      const PhaseRange medium{-80.0, -30.0, 10.0, 90.0};  // 80 of 120: kept
      CHECK(settle_range(first, medium).y_lo == first.y_lo);
    }
    SUBCASE("an invalid target leaves the range as it is") {
      CHECK(settle_range(first, PhaseRange{}).y_hi == first.y_hi);
    }
  }

  TEST_CASE("a live view of a spiking cell settles and stops moving") {
    // Frame by frame as the panel does it (one frame per 2 ms of simulated time, a 400 ms trail):
    // the adapting pyramidal cell's range may grow while w builds up, then stays put.
    const CellType* c = find_cell_type("Pyramidal");
    REQUIRE(c != nullptr);
    Run run = run_cell("adex", c->params, c->drive, 2000.0);
    const Population& pop = run.net->population(0);
    PhaseRange shown;
    int changes = 0, late_changes = 0;
    for (std::int64_t step = 20; step <= 20000; step += 20) {
      const auto points = trail(*run.net, std::max<std::int64_t>(0, step - 4000), step);
      const PhaseRange next =
          settle_range(shown, run.plane.view_range(pop.param("V_reset"), pop.param("V_peak"), points));
      const bool changed = next.x_lo != shown.x_lo || next.x_hi != shown.x_hi || next.y_lo != shown.y_lo ||
                           next.y_hi != shown.y_hi;
      if (changed && step > 20) {
        ++changes;
        if (step > 10000) ++late_changes;
      }
      shown = next;
    }
    CHECK(changes <= 8);
    CHECK(late_changes == 0);
  }
}
