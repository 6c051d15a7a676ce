#include "neurosim/hh.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, HhPopulation::kParamCount> kHhParams{{
    {"C_m", "pF", "Membrane capacitance", 10.0, 500.0},
    {"g_Na", "nS", "Peak sodium conductance (all m and h gates open)", 0.0, 30000.0},
    {"g_K", "nS", "Peak potassium conductance (all n gates open)", 0.0, 10000.0},
    {"g_L", "nS", "Leak conductance", 0.0, 200.0},
    {"E_Na", "mV", "Sodium reversal potential", 0.0, 100.0},
    {"E_K", "mV", "Potassium reversal potential", -120.0, -50.0},
    {"E_L", "mV", "Leak reversal potential", -90.0, -30.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 2000.0},
    {"tau_syn_e", "ms", "Decay time of excitatory synaptic currents", 0.1, 50.0},
    {"tau_syn_i", "ms", "Decay time of inhibitory synaptic currents", 0.1, 50.0},
    {"V_spike", "mV", "A spike is counted where V crosses this level upwards", -40.0, 30.0},
    {"h_max", "ms", "Largest Runge-Kutta substep; dt is split into ceil(dt / h_max) substeps", 0.001, 0.05},
}};
// NEST hh_psc_alpha (models/hh_psc_alpha.h): C_m 100 pF, g_Na 12000 nS, g_K 3600 nS, g_L 30 nS,
// E_Na 50 mV, E_K -77 mV, E_L -54.402 mV, I_e 0, tau_syn 0.2 ms.
constexpr std::array<double, HhPopulation::kParamCount> kHhDefaults{100.0, 12000.0, 3600.0, 30.0, 50.0, -77.0, -54.402,
                                                                    0.0,   0.2,     0.2,    0.0,  0.01};
constexpr std::array<StateVarDesc, HhPopulation::kVarCount> kHhVars{
    {{"V", "mV"}, {"m", ""}, {"h", ""}, {"n", ""}, {"I_syn_e", "pA"}, {"I_syn_i", "pA"}}};

// x / (1 - exp(-x / 10)) with its limit 10 at x = 0 (alpha_m and alpha_n share this form).
double linoid(double x) {
  if (std::fabs(x) < 1e-6) return 10.0 + 0.5 * x;
  return x / -std::expm1(-x / 10.0);
}

// Right-hand side of the membrane and gate equations at (v, m, h, n) with input current i (pA).
struct Deriv {
  double v, m, h, n;
};
struct Conductances {
  double inv_c, g_na, g_k, g_l, e_na, e_k, e_l;
};
Deriv rhs(const Conductances& k, double v, double m, double h, double n, double i) {
  const HhRates r = hh_rates(v);
  const double m3 = m * m * m, n2 = n * n;
  const double i_ion = k.g_na * m3 * h * (v - k.e_na) + k.g_k * n2 * n2 * (v - k.e_k) + k.g_l * (v - k.e_l);
  return {k.inv_c * (i - i_ion), r.alpha_m * (1.0 - m) - r.beta_m * m, r.alpha_h * (1.0 - h) - r.beta_h * h,
          r.alpha_n * (1.0 - n) - r.beta_n * n};
}

// The fallback for a substep that fourth-order Runge-Kutta cannot take (extreme currents drive V
// where the rates are so fast that an explicit rule diverges): exponential Euler with the rates
// and conductances of the substep's start, stable at any rate. Each gate relaxes exactly towards
// its steady state, V exactly towards the conductance-weighted reversal potential; V is kept
// within +-kVLimit mV, far outside the model's range, so the rates stay finite.
constexpr double kVLimit = 1000.0;
void exponential_euler(const Conductances& k, double hs, double i, double& v, double& m, double& h, double& n) {
  const HhRates r = hh_rates(v);
  const double g_na = k.g_na * m * m * m * h, g_k = k.g_k * n * n * n * n;
  const double g = g_na + g_k + k.g_l;
  const auto relax = [hs](double x, double alpha, double beta) {
    const double inf = alpha / (alpha + beta);
    return inf + (x - inf) * std::exp(-hs * (alpha + beta));
  };
  if (g > 0.0) {
    const double e = (g_na * k.e_na + g_k * k.e_k + k.g_l * k.e_l + i) / g;
    v = e + (v - e) * std::exp(-hs * g * k.inv_c);
  } else {
    v += hs * k.inv_c * i;
  }
  v = std::clamp(v, -kVLimit, kVLimit);
  m = relax(m, r.alpha_m, r.beta_m);
  h = relax(h, r.alpha_h, r.beta_h);
  n = relax(n, r.alpha_n, r.beta_n);
}

// A Runge-Kutta result that is trustworthy: finite, V in range, gates (nearly) in [0, 1].
bool plausible(double v, double m, double h, double n) {
  const auto gate = [](double x) { return x >= -1e-3 && x <= 1.0 + 1e-3; };
  return std::fabs(v) <= kVLimit && gate(m) && gate(h) && gate(n);  // NaN fails every comparison
}

}  // namespace

HhRates hh_rates(double v) {
  return {0.1 * linoid(v + 40.0), 4.0 * std::exp(-(v + 65.0) / 18.0),        0.07 * std::exp(-(v + 65.0) / 20.0),
          1.0 / (1.0 + std::exp(-(v + 35.0) / 10.0)), 0.01 * linoid(v + 55.0), 0.125 * std::exp(-(v + 65.0) / 80.0)};
}
double hh_m_inf(double v) {
  const HhRates r = hh_rates(v);
  return r.alpha_m / (r.alpha_m + r.beta_m);
}
double hh_h_inf(double v) {
  const HhRates r = hh_rates(v);
  return r.alpha_h / (r.alpha_h + r.beta_h);
}
double hh_n_inf(double v) {
  const HhRates r = hh_rates(v);
  return r.alpha_n / (r.alpha_n + r.beta_n);
}

HhPopulation::HhPopulation(std::string name, int size, double dt_ms) : Population(std::move(name), size, dt_ms) {
  const auto n = static_cast<std::size_t>(size);
  for (auto* x : {&v_, &m_, &h_, &n_, &ie_, &ii_}) x->resize(n);
  for (auto* x : {&vf_, &mf_, &hf_, &nf_, &ief_, &iif_}) x->resize(n);
  init_params(kHhDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> HhPopulation::param_descs() const { return kHhParams; }
std::span<const StateVarDesc> HhPopulation::state_descs() const { return kHhVars; }

std::vector<ParamError> HhPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kHhParams, p);
  if (!errors.empty()) return errors;
  const auto check = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kHhParams[static_cast<std::size_t>(i)].name), *e});
  };
  check(C_m, require_positive(p[C_m]));
  check(g_Na, require_non_negative(p[g_Na]));
  check(g_K, require_non_negative(p[g_K]));
  check(g_L, require_non_negative(p[g_L]));
  check(tau_syn_e, require_positive(p[tau_syn_e]));
  check(tau_syn_i, require_positive(p[tau_syn_i]));
  check(h_max, require_positive(p[h_max]));
  if (p[E_Na] <= p[E_K])
    errors.push_back({"E_Na", "must be above E_K (got " + format_number(p[E_Na]) + " <= " + format_number(p[E_K]) + ")"});
  // Fourth-order Runge-Kutta is stable for h |lambda| < 2.8; at the peak of a spike the sodium
  // conductance gives |lambda| up to ~40 /ms with the squid values, so 0.05 ms keeps a margin.
  if (p[h_max] > 0.05)
    errors.push_back({"h_max", "must be <= 0.05 ms: the Runge-Kutta substeps become unstable during a spike (got " +
                                   format_number(p[h_max]) + ")"});
  else if (p[h_max] > 0 && p[h_max] * 1000.0 < dt_)
    errors.push_back({"h_max", "must be >= dt / 1000 (dt = " + format_number(dt_) + "; got " + format_number(p[h_max]) + ")"});
  return errors;
}

void HhPopulation::update_derived() {
  substeps_ = std::max(1, static_cast<int>(std::ceil(dt_ / params_[h_max] - 1e-9)));
  hs_ = dt_ / substeps_;
  decay_e_half_ = std::exp(-0.5 * hs_ / params_[tau_syn_e]);
  decay_i_half_ = std::exp(-0.5 * hs_ / params_[tau_syn_i]);
}

void HhPopulation::reset_model_state() {
  const double v0 = kRestV;
  std::fill(v_.begin(), v_.end(), v0);
  std::fill(m_.begin(), m_.end(), hh_m_inf(v0));
  std::fill(h_.begin(), h_.end(), hh_h_inf(v0));
  std::fill(n_.begin(), n_.end(), hh_n_inf(v0));
  std::fill(ie_.begin(), ie_.end(), 0.0);
  std::fill(ii_.begin(), ii_.end(), 0.0);
  const auto copy = [](const std::vector<double>& from, std::vector<float>& to) {
    for (std::size_t i = 0; i < from.size(); ++i) to[i] = static_cast<float>(from[i]);
  };
  copy(v_, vf_), copy(m_, mf_), copy(h_, hf_), copy(n_, nf_), copy(ie_, ief_), copy(ii_, iif_);
}

void HhPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  const double v0 = kRestV;  // reset_model_state's values
  v_.resize(n, v0);
  m_.resize(n, hh_m_inf(v0));
  h_.resize(n, hh_h_inf(v0));
  n_.resize(n, hh_n_inf(v0));
  ie_.resize(n, 0.0);
  ii_.resize(n, 0.0);
  vf_.resize(n, static_cast<float>(v0));
  mf_.resize(n, static_cast<float>(hh_m_inf(v0)));
  hf_.resize(n, static_cast<float>(hh_h_inf(v0)));
  nf_.resize(n, static_cast<float>(hh_n_inf(v0)));
  ief_.resize(n, 0.0f);
  iif_.resize(n, 0.0f);
}

const float* HhPopulation::state(int var) const {
  switch (var) {
    case V: return vf_.data();
    case M: return mf_.data();
    case H: return hf_.data();
    case N: return nf_.data();
    case I_syn_e: return ief_.data();
    case I_syn_i: return iif_.data();
    default: return nullptr;
  }
}

float* HhPopulation::state_mut(int var) {
  state_dirty_ = true;  // set_initial, reset and growth write the float copies
  return const_cast<float*>(state(var));
}

void HhPopulation::pull_state() {
  // Only values written from outside differ from the rounded double; the others keep their
  // full precision (a growth leaves the existing neurons' state exactly as it was).
  const auto pull = [](const std::vector<float>& from, std::vector<double>& to) {
    for (std::size_t i = 0; i < from.size(); ++i)
      if (from[i] != static_cast<float>(to[i])) to[i] = from[i];
  };
  pull(vf_, v_), pull(mf_, m_), pull(hf_, h_), pull(nf_, n_), pull(ief_, ie_), pull(iif_, ii_);
  state_dirty_ = false;
}

void HhPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  if (state_dirty_) pull_state();
  const Conductances k{1.0 / params_[C_m], params_[g_Na], params_[g_K], params_[g_L],
                       params_[E_Na],      params_[E_K],  params_[E_L]};
  const double bias = params_[I_bias], v_spike = params_[V_spike];
  const double hs = hs_, half = 0.5 * hs_;
  const double de = decay_e_half_, di = decay_i_half_;
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  float* ext = i_ext_.data();
  for (int idx = 0; idx < size_; ++idx) {
    const auto i = static_cast<std::size_t>(idx);
    double v = v_[i], m = m_[i], h = h_[i], n = n_[i], ie = ie_[i], ii = ii_[i];
    const double drive = bias + (external_current_used_ ? static_cast<double>(ext[i]) : 0.0);
    const double v_before = v;
    for (int s = 0; s < substeps_; ++s) {
      // The synaptic current at the substep's start, midpoint and end (exact exponentials).
      const double i0 = ie + ii + drive;
      const double ie_mid = ie * de, ii_mid = ii * di;
      const double im = ie_mid + ii_mid + drive;
      const double ie_end = ie_mid * de, ii_end = ii_mid * di;
      const double i1 = ie_end + ii_end + drive;
      const Deriv k1 = rhs(k, v, m, h, n, i0);
      const Deriv k2 = rhs(k, v + half * k1.v, m + half * k1.m, h + half * k1.h, n + half * k1.n, im);
      const Deriv k3 = rhs(k, v + half * k2.v, m + half * k2.m, h + half * k2.h, n + half * k2.n, im);
      const Deriv k4 = rhs(k, v + hs * k3.v, m + hs * k3.m, h + hs * k3.h, n + hs * k3.n, i1);
      const double v1 = v + hs / 6.0 * (k1.v + 2.0 * k2.v + 2.0 * k3.v + k4.v);
      const double m1 = m + hs / 6.0 * (k1.m + 2.0 * k2.m + 2.0 * k3.m + k4.m);
      const double h1 = h + hs / 6.0 * (k1.h + 2.0 * k2.h + 2.0 * k3.h + k4.h);
      const double n1 = n + hs / 6.0 * (k1.n + 2.0 * k2.n + 2.0 * k3.n + k4.n);
      if (plausible(v1, m1, h1, n1)) {
        v = v1, m = m1, h = h1, n = n1;
      } else {
        exponential_euler(k, hs, im, v, m, h, n);
      }
      ie = ie_end;
      ii = ii_end;
    }
    // Arriving spikes join the currents at the end of the step (as in the LIF).
    ie += in_e[i];
    ii += in_i[i];
    in_e[i] = 0.0f;
    in_i[i] = 0.0f;
    if (external_current_used_) ext[i] = 0.0f;
    v_[i] = v, m_[i] = m, h_[i] = h, n_[i] = n, ie_[i] = ie, ii_[i] = ii;
    vf_[i] = static_cast<float>(v), mf_[i] = static_cast<float>(m), hf_[i] = static_cast<float>(h);
    nf_[i] = static_cast<float>(n), ief_[i] = static_cast<float>(ie), iif_[i] = static_cast<float>(ii);
    if (v_before < v_spike && v >= v_spike) spikes.push_back(idx);
  }
}

// Same-step input joins the synaptic currents as the kernel adds a slot (ie += in_e).
void HhPopulation::absorb_same_step(int begin, int end) { fold_now(ie_.data(), ii_.data(), begin, end, false); }

}  // namespace neurosim
