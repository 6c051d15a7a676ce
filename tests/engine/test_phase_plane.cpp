// Phase plane (nullclines, fixed points) against the simulated models: a neuron left under a
// constant subthreshold current comes to rest where the two nullclines cross, and a spiking
// neuron's trajectory turns (dv/dt = 0) exactly on the v-nullcline. Independent references: the
// quadratic formula for the Izhikevich fixed points (Izhikevich 2007, Dynamical Systems in
// Neuroscience, ch. 8: the RS model's rest at -70 mV and saddle at -50 mV when I = 0, and the
// saddle-node at I = 4), and the engine's own integration of the models.
#include <algorithm>
#include <cmath>

#include "engine/spec_helpers.hpp"
#include "neurosim/adex.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/phase_plane.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

struct Sample {
  double x, y;
};

// Every recorded sample (variables 0 and 1) of the first probe.
std::vector<Sample> trajectory(const Network& net) {
  std::vector<Sample> out;
  REQUIRE_FALSE(net.traces().probes().empty());
  const TraceProbe& p = net.traces().probes().front();
  const std::size_t n = StateRecorder::available(p);
  for (std::size_t i = 0; i < n; ++i) out.push_back({StateRecorder::sample(p, i, 0), StateRecorder::sample(p, i, 1)});
  return out;
}

std::unique_ptr<Network> run_one(const std::string& model, std::map<std::string, Distribution> params, double current,
                                 double dt, double t_ms) {
  auto spec = scenario(dt, {population("n", model, 1, std::move(params))});
  if (current != 0.0) spec.stimuli.push_back(neurosim::test::current("n", current));
  spec.monitors.traces.push_back({"n", {0}});
  auto net = build(spec);
  net->run(static_cast<std::int64_t>(std::lround(t_ms / dt)));
  return net;
}

PhasePlane plane_of(const Network& net, double current) {
  const Population& pop = net.population(0);
  auto plane = PhasePlane::for_model(pop.model(), pop.param_descs(), pop.param_values(), current);
  REQUIRE(plane.has_value());
  return *plane;
}

std::map<std::string, Distribution> naud_params(std::string_view name) {
  const FiringPattern* p = find_firing_pattern(name);
  REQUIRE(p != nullptr);
  return param_map(p->params);
}

}  // namespace

TEST_SUITE("phase plane") {
  TEST_CASE("Izhikevich RS: fixed points from the quadratic formula, with their stability") {
    // v-nullcline meets u = b v where 0.04 v^2 + (5 - b) v + 140 + I = 0.
    for (const double current : {0.0, 2.0, 3.5}) {
      CAPTURE(current);
      const double b = 0.2;
      const double disc = (5.0 - b) * (5.0 - b) - 4.0 * 0.04 * (140.0 + current);
      REQUIRE(disc > 0.0);
      const double v_rest = (-(5.0 - b) - std::sqrt(disc)) / 0.08;
      const double v_saddle = (-(5.0 - b) + std::sqrt(disc)) / 0.08;
      const auto fps = PhasePlane::izhikevich(0.02, b, current).fixed_points(-100.0, 30.0);
      REQUIRE(fps.size() == 2);
      CHECK(fps[0].at.x == doctest::Approx(v_rest).epsilon(1e-9));
      CHECK(fps[0].at.y == doctest::Approx(b * v_rest).epsilon(1e-9));
      CHECK(fps[0].stable());
      CHECK(fps[1].at.x == doctest::Approx(v_saddle).epsilon(1e-9));
      CHECK(fps[1].kind == FixedPoint::Kind::Saddle);
    }
    CHECK((-4.8 - std::sqrt(23.04 - 0.16 * 140.0)) / 0.08 == doctest::Approx(-70.0));
    // The rest point loses stability where the trace 0.08 v + 5 - a turns positive, at
    // v = (a - 5) / 0.08 = -62.25 mV, i.e. for I above 3.8: just before the saddle-node at I = 4.
    const auto near = PhasePlane::izhikevich(0.02, 0.2, 3.9).fixed_points(-100.0, 30.0);
    REQUIRE(near.size() == 2);
    CHECK_FALSE(near[0].stable());
    CHECK(near[0].at.x > -62.25);
    // Past the saddle-node (I = 4 for b = 0.2) the nullclines no longer cross: tonic firing.
    CHECK(PhasePlane::izhikevich(0.02, 0.2, 4.5).fixed_points(-100.0, 30.0).empty());
  }

  TEST_CASE("Izhikevich at rest under a constant current lies on both nullclines") {
    for (const double current : {0.0, 2.0}) {
      CAPTURE(current);
      auto net = run_one("izhikevich",
                         {{"a", Distribution::constant(0.02)}, {"b", Distribution::constant(0.2)},
                          {"c", Distribution::constant(-65)}, {"d", Distribution::constant(8)},
                          {"v_init", Distribution::constant(-66)}, {"scheme", Distribution::constant(0)}},
                         current, 0.1, 3000.0);
      CHECK(net->total_spikes(0) == 0);
      const Sample end = trajectory(*net).back();
      const PhasePlane plane = plane_of(*net, current);
      CHECK(end.y == doctest::Approx(plane.x_nullcline(end.x)).epsilon(1e-4));
      CHECK(end.y == doctest::Approx(plane.y_nullcline(end.x)).epsilon(1e-4));
      const auto fps = plane.fixed_points(-100.0, 30.0);
      REQUIRE_FALSE(fps.empty());
      CHECK(end.x == doctest::Approx(fps.front().at.x).epsilon(1e-4));
    }
  }

  TEST_CASE("AdEx at rest under a subthreshold current lies on both nullclines") {
    // The pattern sets of Naud et al. 2008 under currents below their rheobase; "delayed
    // accelerating" has a < 0, a slow approach (about 2 s), hence the long run.
    struct Case {
      const char* name;
      double current, t_ms;
    };
    for (const Case& k : {Case{"tonic", 60.0, 3000.0}, Case{"adapting", 60.0, 3000.0}, Case{"initial burst", 60.0, 3000.0},
                          Case{"delayed accelerating", 20.0, 30000.0}}) {
      CAPTURE(k.name);
      auto net = run_one("adex", naud_params(k.name), k.current, 0.1, k.t_ms);
      CHECK(net->total_spikes(0) == 0);
      const Sample end = trajectory(*net).back();
      const PhasePlane plane = plane_of(*net, k.current);
      CHECK(plane.model() == PhasePlane::Model::Adex);
      CHECK(plane.y_name() == "w");
      // V is a float: a substep h moves it only when h |dV/dt| exceeds half its last bit, so it
      // settles where C dV/dt = x_nullcline(V) - w is below C ulp(V) / h.
      const auto& pop = net->population(0);
      const double h = net->dt() / static_cast<double>(static_cast<const AdexPopulation&>(pop).substeps());
      const auto vf = static_cast<float>(end.x);
      const double ulp = static_cast<double>(std::nextafter(vf, 0.0f) - vf);
      const double tol = pop.param("C") * std::fabs(ulp) / h + 1e-4;
      CHECK(std::fabs(end.y - plane.x_nullcline(end.x)) < tol);
      CHECK(std::fabs(end.y - plane.y_nullcline(end.x)) < 1e-3);
      const auto fps = plane.fixed_points(-90.0, -30.0);
      REQUIRE_FALSE(fps.empty());
      CHECK(fps.front().stable());
      CHECK(std::fabs(end.x - fps.front().at.x) < tol / (pop.param("g_L") + std::fabs(pop.param("a"))) + 1e-4);
    }
  }

  TEST_CASE("Izhikevich spiking: the trajectory turns on the v-nullcline and the u-nullcline") {
    // Forward Euler (scheme 0): v[k+1] - v[k] = h (x_nullcline(v[k]) - u[k]) exactly, and
    // u[k+1] - u[k] = h a (b v[k+1] - u[k]). At a turn of v the two steps around it have opposite
    // signs, so u[k] is within max|dv| / h of the v-nullcline; likewise for u.
    const double h = 0.01, current = 10.0, a = 0.02;
    auto net = run_one("izhikevich",
                       {{"a", Distribution::constant(a)}, {"b", Distribution::constant(0.2)},
                        {"c", Distribution::constant(-65)}, {"d", Distribution::constant(8)},
                        {"v_init", Distribution::constant(-70)}, {"scheme", Distribution::constant(0)}},
                       current, h, 400.0);
    REQUIRE(net->total_spikes(0) >= 5);
    const PhasePlane plane = plane_of(*net, current);
    const auto s = trajectory(*net);
    int v_turns = 0, u_turns = 0;
    for (std::size_t k = 1; k + 1 < s.size(); ++k) {
      const double dv0 = s[k].x - s[k - 1].x, dv1 = s[k + 1].x - s[k].x;
      const double du0 = s[k].y - s[k - 1].y, du1 = s[k + 1].y - s[k].y;
      if (std::fabs(dv0) > 5.0 || std::fabs(dv1) > 5.0 || std::fabs(du0) > 4.0 || std::fabs(du1) > 4.0) continue;  // a reset
      if (dv0 != 0.0 && (dv0 > 0.0) != (dv1 > 0.0)) {
        INFO("v turn at sample " << k << ", v = " << s[k].x);
        CHECK(std::fabs(s[k].y - plane.x_nullcline(s[k].x)) <= std::max(std::fabs(dv0), std::fabs(dv1)) / h + 1e-2);
        ++v_turns;
      }
      if (du0 != 0.0 && (du0 > 0.0) != (du1 > 0.0)) {
        INFO("u turn at sample " << k << ", u = " << s[k].y);
        CHECK(std::fabs(s[k].y - plane.y_nullcline(s[k + 1].x)) <= std::max(std::fabs(du0), std::fabs(du1)) / (h * a) + 1e-2);
        ++u_turns;
      }
    }
    CHECK(v_turns >= 5);
    CHECK(u_turns >= 1);
  }

  TEST_CASE("AdEx spiking: dV/dt = 0 where the trajectory crosses the V-nullcline") {
    // Naud's regular bursting set: after each burst w is high, so after the reset V first falls,
    // turns, and climbs to the next burst. At the turn, C dV/dt = x_nullcline(V) - w is about 0.
    // The midpoint rule is not Euler, so the bound is twice the neighbouring slopes times C.
    const double dt = 0.01, current = 210.0;
    auto net = run_one("adex", naud_params("regular bursting"), current, dt, 1000.0);
    REQUIRE(net->total_spikes(0) >= 4);
    const PhasePlane plane = plane_of(*net, current);
    const double c = net->population(0).param("C");
    const auto s = trajectory(*net);
    int turns = 0;
    for (std::size_t k = 1; k + 1 < s.size(); ++k) {
      const double dv0 = s[k].x - s[k - 1].x, dv1 = s[k + 1].x - s[k].x;
      if (std::fabs(dv0) > 2.0 || std::fabs(dv1) > 2.0) continue;  // spike upstroke or reset
      if (dv0 < 0.0 && dv1 >= 0.0) {
        INFO("turn at sample " << k << ", V = " << s[k].x << ", w = " << s[k].y);
        const double bound = 2.0 * c * std::max(std::fabs(dv0), std::fabs(dv1)) / dt + 0.05;
        CHECK(std::fabs(s[k].y - plane.x_nullcline(s[k].x)) <= bound);
        // And the bound is tight: a point off the turn would not pass it.
        CHECK(bound < 0.05 * std::fabs(s[k].y) + 1.0);
        ++turns;
      }
    }
    CHECK(turns >= 3);
  }

  TEST_CASE("vector field, nullcline samples and unsupported models") {
    const PhasePlane p = PhasePlane::adex(200, 10, -70, -50, 2, 2, 30, 100);
    const auto field = p.vector_field(-80, -40, -50, 150, 5, 4);
    REQUIRE(field.size() == 20);
    for (const auto& f : field) {
      const PhaseVelocity v = p.velocity(f.at);
      CHECK(f.velocity.dx == v.dx);
      CHECK(f.velocity.dy == v.dy);
    }
    CHECK(field.front().at.x == -80.0);
    CHECK(field.back().at.y == 150.0);
    const auto null = p.nullclines(-80, -40, 41);
    REQUIRE(null.size() == 41);
    for (const auto& n : null) {
      CHECK(p.velocity({n.x, n.x_nullcline}).dx == doctest::Approx(0.0).scale(1.0));
      CHECK(p.velocity({n.x, n.y_nullcline}).dy == doctest::Approx(0.0).scale(1.0));
    }
    // Delta_T = 0: the linear V-nullcline of the adaptive LIF.
    const PhasePlane lin = PhasePlane::adex(200, 10, -70, -50, 0, 2, 30, 100);
    CHECK(lin.x_nullcline(-60.0) == doctest::Approx(-10.0 * 10.0 + 100.0));
    const std::array<ParamDesc, 1> descs{{{"tau_m", "ms", "", 1, 100}}};
    const std::array<double, 1> values{10.0};
    CHECK_FALSE(PhasePlane::for_model("lif", descs, values, 0.0).has_value());
    CHECK_FALSE(PhasePlane::for_model("adex", descs, values, 0.0).has_value());  // parameters missing
  }
}
