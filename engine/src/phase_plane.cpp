// Phase plane of the two-variable models (see phase_plane.hpp).
#include "neurosim/phase_plane.hpp"

#include <algorithm>
#include <cmath>

#include "neurosim/hh.hpp"

namespace neurosim {
namespace {

// exp() with its argument capped so that far right of V_T the nullcline stays finite (the GUI
// clips it to the plot anyway).
double exp_capped(double x) { return std::exp(std::min(x, 600.0)); }

std::optional<double> lookup(std::span<const ParamDesc> descs, std::span<const double> values, std::string_view name) {
  for (std::size_t i = 0; i < descs.size() && i < values.size(); ++i)
    if (descs[i].name == name) return values[i];
  return std::nullopt;
}

}  // namespace

std::string_view fixed_point_kind_name(FixedPoint::Kind kind) {
  switch (kind) {
    case FixedPoint::Kind::StableNode: return "stable node";
    case FixedPoint::Kind::StableFocus: return "stable focus";
    case FixedPoint::Kind::UnstableNode: return "unstable node";
    case FixedPoint::Kind::UnstableFocus: return "unstable focus";
    case FixedPoint::Kind::Saddle: return "saddle";
  }
  return "";
}

std::optional<PhasePlane> PhasePlane::for_model(std::string_view model, std::span<const ParamDesc> descs,
                                                std::span<const double> values, double current) {
  const auto get = [&](std::string_view name) { return lookup(descs, values, name); };
  if (model == "izhikevich") {
    const auto a = get("a"), b = get("b");
    if (!a || !b) return std::nullopt;
    return izhikevich(*a, *b, current);
  }
  if (model == "adex" || model == "dendritic") {
    const auto c = get("C"), g_l = get("g_L"), e_l = get("E_L"), v_t = get("V_T"), delta_t = get("Delta_T"),
               a = get("a"), tau_w = get("tau_w");
    if (!c || !g_l || !e_l || !v_t || !delta_t || !a || !tau_w) return std::nullopt;
    return adex(*c, *g_l, *e_l, *v_t, *delta_t, *a, *tau_w, current);
  }
  if (model == "hh") {
    const auto c = get("C_m"), g_na = get("g_Na"), g_k = get("g_K"), g_l = get("g_L"), e_na = get("E_Na"), e_k = get("E_K"),
               e_l = get("E_L");
    if (!c || !g_na || !g_k || !g_l || !e_na || !e_k || !e_l) return std::nullopt;
    return hodgkin_huxley(*c, *g_na, *g_k, *g_l, *e_na, *e_k, *e_l, current);
  }
  return std::nullopt;
}

PhasePlane PhasePlane::izhikevich(double a, double b, double current) {
  PhasePlane p;
  p.model_ = Model::Izhikevich;
  p.a_ = a;
  p.b_ = b;
  p.current_ = current;
  return p;
}

PhasePlane PhasePlane::adex(double c, double g_l, double e_l, double v_t, double delta_t, double a, double tau_w,
                            double current) {
  PhasePlane p;
  p.model_ = Model::Adex;
  p.c_ = c;
  p.g_l_ = g_l;
  p.e_l_ = e_l;
  p.v_t_ = v_t;
  p.delta_t_ = delta_t;
  p.a_ = a;
  p.tau_w_ = tau_w;
  p.current_ = current;
  return p;
}

PhasePlane PhasePlane::hodgkin_huxley(double c, double g_na, double g_k, double g_l, double e_na, double e_k, double e_l,
                                      double current) {
  PhasePlane p;
  p.model_ = Model::HodgkinHuxley;
  p.c_ = c;
  p.g_na_ = g_na;
  p.g_k_ = g_k;
  p.g_l_ = g_l;
  p.e_na_ = e_na;
  p.e_k_ = e_k;
  p.e_l_ = e_l;
  p.current_ = current;
  return p;
}

double PhasePlane::hh_dv(double v, double n) const {
  const double m = hh_m_inf(v);
  const double h = std::clamp(0.89 - 1.1 * n, 0.0, 1.0);
  const double n2 = n * n;
  return (current_ - g_na_ * m * m * m * h * (v - e_na_) - g_k_ * n2 * n2 * (v - e_k_) - g_l_ * (v - e_l_)) / c_;
}

std::string_view PhasePlane::x_name() const { return model_ == Model::Izhikevich ? "v" : "V"; }
std::string_view PhasePlane::x_unit() const { return "mV"; }
std::string_view PhasePlane::y_name() const {
  return model_ == Model::Izhikevich ? "u" : model_ == Model::HodgkinHuxley ? "n" : "w";
}
std::string_view PhasePlane::y_unit() const { return model_ == Model::Adex ? "pA" : ""; }

double PhasePlane::x_nullcline(double x) const {
  if (model_ == Model::HodgkinHuxley) {
    double lo = 0.0, hi = 1.0;
    if (!(hh_dv(x, lo) >= 0.0)) return -0.5;  // falling for every n
    if (!(hh_dv(x, hi) <= 0.0)) return 1.5;   // rising for every n
    for (int k = 0; k < 50; ++k) {
      const double mid = 0.5 * (lo + hi);
      (hh_dv(x, mid) > 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  }
  if (model_ == Model::Izhikevich) return 0.04 * x * x + 5.0 * x + 140.0 + current_;
  const double spike = delta_t_ > 0.0 ? g_l_ * delta_t_ * exp_capped((x - v_t_) / delta_t_) : 0.0;
  return -g_l_ * (x - e_l_) + spike + current_;
}

double PhasePlane::y_nullcline(double x) const {
  if (model_ == Model::Izhikevich) return b_ * x;
  if (model_ == Model::HodgkinHuxley) return hh_n_inf(x);
  return a_ * (x - e_l_);
}

PhaseVelocity PhasePlane::velocity(PhasePoint p) const {
  if (model_ == Model::Izhikevich) return {x_nullcline(p.x) - p.y, a_ * (b_ * p.x - p.y)};
  if (model_ == Model::HodgkinHuxley) {
    const HhRates r = hh_rates(p.x);
    return {hh_dv(p.x, p.y), r.alpha_n * (1.0 - p.y) - r.beta_n * p.y};
  }
  return {(x_nullcline(p.x) - p.y) / c_, (a_ * (p.x - e_l_) - p.y) / tau_w_};
}

void PhasePlane::jacobian(PhasePoint p, double j[4]) const {
  if (model_ == Model::Izhikevich) {
    j[0] = 0.08 * p.x + 5.0;
    j[1] = -1.0;
    j[2] = a_ * b_;
    j[3] = -a_;
    return;
  }
  if (model_ == Model::HodgkinHuxley) {  // central differences (the rates have no tidy derivative)
    const double dx = 1e-4, dy = 1e-6;
    const PhaseVelocity xp = velocity({p.x + dx, p.y}), xm = velocity({p.x - dx, p.y});
    const PhaseVelocity yp = velocity({p.x, p.y + dy}), ym = velocity({p.x, p.y - dy});
    j[0] = (xp.dx - xm.dx) / (2 * dx);
    j[1] = (yp.dx - ym.dx) / (2 * dy);
    j[2] = (xp.dy - xm.dy) / (2 * dx);
    j[3] = (yp.dy - ym.dy) / (2 * dy);
    return;
  }
  const double spike = delta_t_ > 0.0 ? g_l_ * exp_capped((p.x - v_t_) / delta_t_) : 0.0;
  j[0] = (-g_l_ + spike) / c_;
  j[1] = -1.0 / c_;
  j[2] = a_ / tau_w_;
  j[3] = -1.0 / tau_w_;
}

std::vector<NullclineSample> PhasePlane::nullclines(double x_lo, double x_hi, int n) const {
  n = std::max(n, 2);
  std::vector<NullclineSample> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double x = x_lo + (x_hi - x_lo) * i / (n - 1);
    out.push_back({x, x_nullcline(x), y_nullcline(x)});
  }
  return out;
}

std::vector<VectorSample> PhasePlane::vector_field(double x_lo, double x_hi, double y_lo, double y_hi, int nx,
                                                   int ny) const {
  std::vector<VectorSample> out;
  if (nx < 1 || ny < 1) return out;
  out.reserve(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  for (int r = 0; r < ny; ++r) {
    const double y = ny == 1 ? 0.5 * (y_lo + y_hi) : y_lo + (y_hi - y_lo) * r / (ny - 1);
    for (int c = 0; c < nx; ++c) {
      const double x = nx == 1 ? 0.5 * (x_lo + x_hi) : x_lo + (x_hi - x_lo) * c / (nx - 1);
      out.push_back({{x, y}, velocity({x, y})});
    }
  }
  return out;
}

std::vector<FixedPoint> PhasePlane::fixed_points(double x_lo, double x_hi) const {
  std::vector<FixedPoint> out;
  if (!(x_hi > x_lo)) return out;
  const auto gap = [&](double x) { return x_nullcline(x) - y_nullcline(x); };
  constexpr int kGrid = 4000;
  double x0 = x_lo, g0 = gap(x0);
  for (int i = 1; i <= kGrid; ++i) {
    const double x1 = x_lo + (x_hi - x_lo) * i / kGrid;
    const double g1 = gap(x1);
    if (g0 == 0.0 || (g0 < 0.0) != (g1 < 0.0)) {
      double lo = x0, hi = x1, glo = g0;
      if (g0 != 0.0) {
        for (int k = 0; k < 80; ++k) {
          const double mid = 0.5 * (lo + hi);
          const double gm = gap(mid);
          if ((gm < 0.0) == (glo < 0.0)) {
            lo = mid;
            glo = gm;
          } else {
            hi = mid;
          }
        }
      } else {
        hi = lo;
      }
      const double x = 0.5 * (lo + hi);
      const PhasePoint p{x, y_nullcline(x)};
      // The HH V-nullcline's off-plot stand-ins (-0.5, 1.5) can change sides without crossing.
      const double xn = x_nullcline(x);
      if (model_ == Model::HodgkinHuxley && (xn < 0.0 || xn > 1.0 || std::fabs(xn - p.y) > 1e-6)) {
        x0 = x1;
        g0 = g1;
        continue;
      }
      double j[4];
      jacobian(p, j);
      const double trace = j[0] + j[3];
      const double det = j[0] * j[3] - j[1] * j[2];
      const double disc = trace * trace - 4.0 * det;
      FixedPoint::Kind kind;
      if (det < 0.0) kind = FixedPoint::Kind::Saddle;
      else if (trace < 0.0) kind = disc < 0.0 ? FixedPoint::Kind::StableFocus : FixedPoint::Kind::StableNode;
      else kind = disc < 0.0 ? FixedPoint::Kind::UnstableFocus : FixedPoint::Kind::UnstableNode;
      if (out.empty() || std::fabs(out.back().at.x - x) > 1e-9 * std::max(1.0, std::fabs(x))) out.push_back({p, kind});
    }
    x0 = x1;
    g0 = g1;
  }
  return out;
}

PhaseRange PhasePlane::view_range(double reset_x, double spike_x, std::span<const PhasePoint> trajectory) const {
  if (model_ == Model::HodgkinHuxley) return {e_k_ + 1.0, e_na_ - 5.0, -0.05, 1.05};  // the whole physiological range
  const bool izh = model_ == Model::Izhikevich;
  const double rest_x = izh ? -75.0 : e_l_;
  PhaseRange r;
  if (izh) {
    r.x_lo = std::min(reset_x, rest_x) - 5.0;
    r.x_hi = spike_x;
  } else {
    r.x_lo = std::min(reset_x, rest_x) - 8.0;
    r.x_hi = std::min(spike_x, v_t_ + std::max(4.0 * delta_t_, 4.0) + 6.0);
  }
  for (const PhasePoint& p : trajectory)
    if (std::isfinite(p.x)) r.x_lo = std::min(r.x_lo, p.x - 2.0);
  if (!(r.x_hi > r.x_lo + 1.0)) r.x_hi = r.x_lo + 20.0;  // a spike cut below the reset: still a readable strip

  // The knee: the x-nullcline's minimum over the x range (sampled; the nullcline is smooth and
  // has one minimum, or none for Delta_T = 0, where the right end is taken).
  constexpr int kSamples = 400;
  double knee_x = r.x_lo, knee_y = INFINITY;
  for (int i = 0; i <= kSamples; ++i) {
    const double x = r.x_lo + (r.x_hi - r.x_lo) * i / kSamples;
    const double y = x_nullcline(x);
    if (y < knee_y) {
      knee_x = x;
      knee_y = y;
    }
  }
  double y_lo = INFINITY, y_hi = -INFINITY;
  const auto take = [&](double y) {
    if (!std::isfinite(y)) return;
    y_lo = std::min(y_lo, y);
    y_hi = std::max(y_hi, y);
  };
  // Left of the knee both nullclines are monotonic (the x-nullcline falls, the y-nullcline is a
  // line), so their ends bound that stretch.
  const double from_x = std::clamp(std::min(reset_x, rest_x), r.x_lo, knee_x);
  take(knee_y);
  take(x_nullcline(from_x));
  take(y_nullcline(from_x));
  take(y_nullcline(knee_x));
  for (const FixedPoint& f : fixed_points(r.x_lo, r.x_hi)) take(f.at.y);
  for (const PhasePoint& p : trajectory)
    if (p.x >= r.x_lo && p.x <= r.x_hi) take(p.y);
  if (!(y_hi >= y_lo)) {
    y_lo = -1.0;
    y_hi = 1.0;
  }
  // Margin: a share of the span, and at least a little in the variable's units (u is of order
  // 1-10, w of order 10-1000 pA) so that a flat trajectory does not fill the plot edge to edge.
  const double pad = 0.08 * (y_hi - y_lo) + (izh ? 0.5 : 5.0);
  r.y_lo = y_lo - pad;
  r.y_hi = y_hi + pad;
  return r;
}

namespace {

// One axis of settle_range.
void settle_axis(double& lo, double& hi, double target_lo, double target_hi) {
  const double span = target_hi - target_lo;
  const bool holds = lo <= target_lo && hi >= target_hi;
  const bool too_big = hi - lo > span / 0.6;
  if (holds && !too_big && hi > lo) return;
  lo = target_lo - 0.1 * span;
  hi = target_hi + 0.1 * span;
}

}  // namespace

PhaseRange settle_range(const PhaseRange& shown, const PhaseRange& target) {
  if (!target.valid()) return shown;
  PhaseRange out = shown;
  settle_axis(out.x_lo, out.x_hi, target.x_lo, target.x_hi);
  settle_axis(out.y_lo, out.y_hi, target.y_lo, target.y_hi);
  return out;
}

}  // namespace neurosim
