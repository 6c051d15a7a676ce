#pragma once
// Phase plane of the two-variable neuron models: nullclines, vector field and fixed points for
// given parameters and a constant input current. Pure computation for the GUI and the tests;
// the equations are those the models integrate (izhikevich.hpp, adex.hpp), written out again
// here in double precision:
//
//   Izhikevich (v in mV, u and I dimensionless):
//     dv/dt = 0.04 v^2 + 5 v + 140 - u + I        v-nullcline  u = 0.04 v^2 + 5 v + 140 + I
//     du/dt = a (b v - u)                          u-nullcline  u = b v
//   AdEx, and the soma of the dendritic model (V in mV, w and I in pA, C in pF, g_L and a in nS):
//     C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w + I
//                                V-nullcline  w = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) + I
//     tau_w dw/dt = a (V - E_L) - w              w-nullcline  w = a (V - E_L)
//   (Delta_T = 0 drops the exponential term: the adaptive LIF limit.)
//   Hodgkin-Huxley reduced to (V, n) (hh.hpp; Rinzel 1985's reduction as in Izhikevich 2007,
//   ch. 5): sodium activation is instantaneous, m = m_inf(V), and inactivation follows the
//   potassium gate, h = 0.89 - 1.1 n (clamped to [0, 1]):
//     C dV/dt = -g_Na m_inf(V)^3 h(n) (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L) + I
//                                V-nullcline  the n in [0, 1] where dV/dt = 0 (dV/dt falls with n
//                                between E_K and E_Na, so there is at most one; -0.5 or 1.5, off
//                                the plot, where dV/dt < 0 or > 0 for every n)
//     dn/dt = alpha_n(V) (1 - n) - beta_n(V) n   n-nullcline  n = n_inf(V)
//   The x range is E_K + 1 mV to E_Na - 5 mV, the y range [0, 1].
//
// The reset (v <- c, u <- u + d; V <- V_reset, w <- w + b) is not part of the flow: a trajectory
// leaves the plane at the spike cut-off and re-enters on the reset line.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/params.hpp"

namespace neurosim {

struct PhasePoint {
  double x;  // v or V (mV)
  double y;  // u or w
};

struct PhaseVelocity {
  double dx;  // dv/dt or dV/dt (mV/ms)
  double dy;  // du/dt or dw/dt (units of y per ms)
};

struct NullclineSample {
  double x;
  double x_nullcline;  // y where dx/dt = 0
  double y_nullcline;  // y where dy/dt = 0
};

struct FixedPoint {
  enum class Kind { StableNode, StableFocus, UnstableNode, UnstableFocus, Saddle };
  PhasePoint at;
  Kind kind;
  bool stable() const { return kind == Kind::StableNode || kind == Kind::StableFocus; }
};
std::string_view fixed_point_kind_name(FixedPoint::Kind kind);  // "stable focus", "saddle", ...

struct VectorSample {
  PhasePoint at;
  PhaseVelocity velocity;
};

// A rectangle of the plane: x (v or V, mV) by y (u or w).
struct PhaseRange {
  double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  bool valid() const { return x_hi > x_lo && y_hi > y_lo; }
  bool contains(const PhaseRange& r) const {
    return x_lo <= r.x_lo && x_hi >= r.x_hi && y_lo <= r.y_lo && y_hi >= r.y_hi;
  }
};

// The shown range of a live plot, kept still while the target moves inside it: an axis jumps to
// the target plus a headroom of 10% of its span on each side when the target leaves it, or when
// the target has shrunk to less than 60% of it; otherwise it stays as it is. A range that follows
// the data smoothly every frame never stops moving under a spiking neuron (each spike and each
// sample that ages out of the trail shifts the extremes), which reads as jitter.
PhaseRange settle_range(const PhaseRange& shown, const PhaseRange& target);

class PhasePlane {
 public:
  enum class Model { Izhikevich, Adex, HodgkinHuxley };

  // From a population's model name and parameter values (Population::param_descs/param_values).
  // Models: "izhikevich", "adex", "dendritic" (its AdEx soma), "hh" (reduced to V, n). Empty for any other model or when a
  // parameter it needs is missing. `current` is the constant input I in the model's units.
  static std::optional<PhasePlane> for_model(std::string_view model, std::span<const ParamDesc> descs,
                                             std::span<const double> values, double current);
  static PhasePlane izhikevich(double a, double b, double current);
  static PhasePlane adex(double c, double g_l, double e_l, double v_t, double delta_t, double a, double tau_w,
                         double current);
  static PhasePlane hodgkin_huxley(double c, double g_na, double g_k, double g_l, double e_na, double e_k, double e_l,
                                   double current);

  Model model() const { return model_; }
  double current() const { return current_; }
  // Axis names and units: ("v", "mV") and ("u", "") for Izhikevich, ("V", "mV"), ("w", "pA") for AdEx.
  std::string_view x_name() const;
  std::string_view x_unit() const;
  std::string_view y_name() const;
  std::string_view y_unit() const;

  PhaseVelocity velocity(PhasePoint p) const;
  double x_nullcline(double x) const;  // y at which dx/dt = 0
  double y_nullcline(double x) const;  // y at which dy/dt = 0
  // n >= 2 points evenly spaced over [x_lo, x_hi].
  std::vector<NullclineSample> nullclines(double x_lo, double x_hi, int n) const;
  // nx by ny grid over the rectangle, row by row from (x_lo, y_lo).
  std::vector<VectorSample> vector_field(double x_lo, double x_hi, double y_lo, double y_hi, int nx, int ny) const;
  // Intersections of the nullclines in [x_lo, x_hi] (sign changes on a fine grid, refined by
  // bisection), classified by the Jacobian's trace and determinant.
  std::vector<FixedPoint> fixed_points(double x_lo, double x_hi) const;

  // The part of the plane that explains the neuron, for a neuron that resets to `reset_x` and
  // whose spike is cut at `spike_x` (c and v_peak; V_reset and V_peak), with its recent
  // `trajectory`:
  //   x: from below the reset and the rest (AdEx E_L; Izhikevich -75 mV) to the spike cut
  //      (Izhikevich) or to V_T + max(4 Delta_T, 4 mV) + 6 mV (AdEx: past the knee the
  //      exponential takes the nullcline out of view within a few Delta_T anyway), widened to
  //      the trajectory's lowest x;
  //   y: the x-nullcline from the reset or the rest, whichever is lower, down to its knee (its
  //      minimum in the x range, V_T for AdEx, -62.5 mV for Izhikevich), the y-nullcline over the
  //      same stretch, the fixed points, and the trajectory's points inside the x range,
  // with a margin, so that both nullclines, the place where they cross or fail to cross, and
  // the live state are all on screen.
  PhaseRange view_range(double reset_x, double spike_x, std::span<const PhasePoint> trajectory) const;

 private:
  PhasePlane() = default;
  // d(dx/dt)/dx, d(dx/dt)/dy, d(dy/dt)/dx, d(dy/dt)/dy at p.
  void jacobian(PhasePoint p, double j[4]) const;

  Model model_ = Model::Izhikevich;
  double current_ = 0;
  double a_ = 0, b_ = 0;                                        // Izhikevich
  double c_ = 1, g_l_ = 0, e_l_ = 0, v_t_ = 0, delta_t_ = 0, tau_w_ = 1;  // AdEx (a_ is the AdEx a)
  double g_na_ = 0, g_k_ = 0, e_na_ = 0, e_k_ = 0;                        // Hodgkin-Huxley (with c_, g_l_, e_l_)
  double hh_dv(double v, double n) const;  // dV/dt of the reduced HH system
};

}  // namespace neurosim
