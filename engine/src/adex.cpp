#include "neurosim/adex.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "neurosim/adex_kernel.hpp"
#include "neurosim/vector_math.hpp"

namespace neurosim {
namespace detail {
namespace {

constexpr int kBlock = 64;  // neurons updated as one vector block before looking for spikes

// Phase 1: n neurons advanced one step (adex.hpp: midpoint substeps, exact synaptic decay),
// branch-free so that it vectorises; restrict-qualified parameters tell the compiler the arrays
// do not overlap. Returns how many reached the cap (V_peak, or V_T when Delta_T = 0).
template <bool kExternal>
[[gnu::noinline]] int adex_propagate_block(int n, float* __restrict v, float* __restrict w, float* __restrict v_err,
                                           float* __restrict w_err, float* __restrict ie, float* __restrict ii,
                                           int* __restrict refr, float* __restrict in_e, float* __restrict in_i,
                                           float* __restrict ext, const AdexKernel& kernel) {
  const AdexKernel k = kernel;
  alignas(64) float drive[kBlock];
  for (int i = 0; i < n; ++i) {
    drive[i] = kExternal ? ext[i] + k.bias : k.bias;
    if constexpr (kExternal) ext[i] = 0.0f;
    v[i] = refr[i] > 0 ? k.v_reset : v[i];  // refractory: V held at V_reset for the whole step
    v_err[i] = refr[i] > 0 ? 0.0f : v_err[i];
  }
  const float half = 0.5f * k.hs;
  for (int s = 0; s < k.substeps; ++s) {
    const float t_rest = static_cast<float>(k.substeps - s) * k.hs;  // from this substep's start to the step's end
    for (int i = 0; i < n; ++i) {
      const bool held = refr[i] > 0;
      const float v0 = v[i], w0 = w[i];
      const float se = k.gain_e * ie[i], si = k.gain_i * ii[i];
      const float i0 = se + si + drive[i];                                      // at the substep's start
      const float im = se * k.decay_e_half + si * k.decay_i_half + drive[i];   // at its midpoint
      const float x0 = (v0 - k.v_t) * k.inv_delta_t;
      const float e0 = exp_approx(x0);
      const float f1 = k.inv_c * (k.g_l * (k.e_l - v0) + k.gl_delta_t * e0 - w0 + i0);
      const float g1 = k.inv_tau_w * (k.a * (v0 - k.e_l) - w0);
      const float vm = held ? v0 : std::min(v0 + half * f1, k.v_cap);
      const float wm = w0 + half * g1;
      const float f2 = k.inv_c * (k.g_l * (k.e_l - vm) + k.gl_delta_t * exp_approx((vm - k.v_t) * k.inv_delta_t) - wm + im);
      const float g2 = k.inv_tau_w * (k.a * (vm - k.e_l) - wm);
      // The increments are added with compensated (Kahan) summation: near a fixed point they fall
      // below half a unit in the last place of V or w and would otherwise be lost, leaving the
      // float state stuck up to ~1e-3 mV away from rest. v_err and w_err carry the lost low parts.
      const float yv = k.hs * f2 - v_err[i];
      const float tv = v0 + yv;
      const float yw = k.hs * g2 - w_err[i];
      const float tw = w0 + yw;
      const float v1 = held ? v0 : std::min(tv, k.v_cap);
      const float w1 = tw;
      // Runaway: past V_T + 5 Delta_T the exponential outgrows the other currents and V reaches
      // V_peak within (C / g_L) exp(-(V - V_T) / Delta_T). When that is within the step, the spike
      // is this step's. (An explicit rule lags on this finite-time blow-up and would reach V_peak up
      // to a substep late; the test uses the substep's start, where the rule is still accurate.)
      const float blowup = k.runaway_rate * e0 * t_rest;  // t_rest over the blow-up time
      const bool runaway = !held & (x0 >= 5.0f) & (blowup >= 1.0f);
      const float w_runaway = w0 + g1 * (t_rest / std::max(blowup, 1.0f));  // w moves on until V_peak
      const bool fired = v0 >= k.v_cap;  // reached V_peak in an earlier substep: frozen
      const bool stop = fired | runaway;  // bitwise: no short-circuit branches in the vector loop
      const bool v_exact = held | stop | (tv >= k.v_cap);  // V set, not summed: nothing left over
      v[i] = fired ? v0 : (runaway ? k.v_cap : v1);
      w[i] = fired ? w0 : (runaway ? w_runaway : w1);
      v_err[i] = v_exact ? 0.0f : (tv - v0) - yv;
      w_err[i] = stop ? 0.0f : (tw - w0) - yw;
      ie[i] *= k.decay_e_sub;
      ii[i] *= k.decay_i_sub;
    }
  }
  int crossed = 0;
  for (int i = 0; i < n; ++i) {
    const int r = refr[i];
    refr[i] = r > 0 ? r - 1 : 0;
    ie[i] += in_e[i];
    ii[i] += in_i[i];
    in_e[i] = 0.0f;
    in_i[i] = 0.0f;
    crossed += v[i] >= k.v_cap;
  }
  return crossed;
}

}  // namespace

AdexKernel make_adex_kernel(const AdexConstants& p) {
  AdexKernel k;
  k.substeps = std::max(1, static_cast<int>(std::ceil(p.dt / p.h_max - 1e-9)));
  const double hs = p.dt / k.substeps;
  k.hs = static_cast<float>(hs);
  k.inv_c = static_cast<float>(1.0 / p.c);
  k.g_l = static_cast<float>(p.g_l);
  k.e_l = static_cast<float>(p.e_l);
  k.v_t = static_cast<float>(p.v_t);
  k.gl_delta_t = p.delta_t > 0 ? static_cast<float>(p.g_l * p.delta_t) : 0.0f;
  k.inv_delta_t = p.delta_t > 0 ? static_cast<float>(1.0 / p.delta_t) : 0.0f;
  k.runaway_rate = p.delta_t > 0 ? static_cast<float>(p.g_l / p.c) : 0.0f;
  k.a = static_cast<float>(p.a);
  k.inv_tau_w = static_cast<float>(1.0 / p.tau_w);
  k.v_reset = static_cast<float>(p.v_reset);
  k.v_cap = static_cast<float>(p.delta_t > 0 ? p.v_peak : p.v_t);
  k.bias = static_cast<float>(p.bias);
  k.gain_e = static_cast<float>(p.gain_e);
  k.gain_i = static_cast<float>(p.gain_i);
  k.decay_e_half = static_cast<float>(std::exp(-0.5 * hs / p.tau_e));
  k.decay_i_half = static_cast<float>(std::exp(-0.5 * hs / p.tau_i));
  k.decay_e_sub = static_cast<float>(std::exp(-hs / p.tau_e));
  k.decay_i_sub = static_cast<float>(std::exp(-hs / p.tau_i));
  k.b = static_cast<float>(p.b);
  k.ref_steps = static_cast<int>(std::lround(p.t_ref / p.dt));
  return k;
}

void adex_evolve(const AdexKernel& k, int size, const AdexState& s, float* in_e, float* in_i, float* ext, bool external,
                 std::vector<int>& spikes) {
  const auto propagate = external ? adex_propagate_block<true> : adex_propagate_block<false>;
  for (int start = 0; start < size; start += kBlock) {
    const int n = std::min(kBlock, size - start);
    const int crossed = propagate(n, s.v + start, s.w + start, s.v_err + start, s.w_err + start, s.ie + start,
                                  s.ii + start, s.refractory + start, in_e + start, in_i + start, ext + start, k);
    if (crossed == 0) continue;
    // Phase 2: reset, adaptation jump and refractory countdown for the few that spiked.
    for (int i = start; i < start + n; ++i) {
      if (s.v[i] >= k.v_cap) {
        s.v[i] = k.v_reset;
        s.w[i] += k.b;
        s.v_err[i] = 0.0f;
        s.w_err[i] = 0.0f;
        s.refractory[i] = k.ref_steps;
        spikes.push_back(i);
      }
    }
  }
}

void validate_adex_soma(const AdexConstants& p, double dt, std::vector<ParamError>& errors) {
  const auto add = [&](const char* name, std::optional<std::string> e) {
    if (e) errors.push_back({name, *e});
  };
  add("C", require_positive(p.c));
  add("g_L", require_positive(p.g_l));
  add("Delta_T", require_non_negative(p.delta_t));
  add("tau_w", require_positive(p.tau_w));
  add("t_ref", require_non_negative(p.t_ref));
  add("h_max", require_positive(p.h_max));
  if (p.h_max > 0 && p.h_max * 1000.0 < dt)
    errors.push_back({"h_max", "must be >= dt / 1000 (dt = " + format_number(dt) + "; got " + format_number(p.h_max) + ")"});
  if (p.v_peak <= p.v_t)
    errors.push_back({"V_peak", "must be above V_T (got " + format_number(p.v_peak) + " <= " + format_number(p.v_t) + ")"});
  if (p.v_reset >= p.v_peak)
    errors.push_back({"V_reset", "must be below V_peak (got " + format_number(p.v_reset) + " >= " + format_number(p.v_peak) + ")"});
  else if (p.delta_t == 0 && p.v_reset >= p.v_t)
    errors.push_back({"V_reset", "must be below V_T when Delta_T = 0 (got " + format_number(p.v_reset) + " >= " + format_number(p.v_t) + ")"});
}

}  // namespace detail

namespace {

constexpr std::array<ParamDesc, AdexPopulation::kParamCount> kAdexParams{{
    {"C", "pF", "Membrane capacitance", 10.0, 1000.0},
    {"g_L", "nS", "Leak conductance (tau_m = C / g_L)", 1.0, 100.0},
    {"E_L", "mV", "Leak reversal (resting) potential", -90.0, -40.0},
    {"V_T", "mV", "Threshold slope point: where the exponential spike current takes over", -70.0, -30.0},
    {"Delta_T", "mV", "Slope factor: sharpness of spike initiation (0 = hard threshold at V_T, adaptive LIF)", 0.0, 10.0},
    {"a", "nS", "Subthreshold adaptation: w follows a (V - E_L); negative values give delayed or irregular firing", -20.0, 40.0},
    {"tau_w", "ms", "Adaptation time constant", 1.0, 1000.0},
    {"b", "pA", "Spike-triggered adaptation: jump of w at each spike", -50.0, 500.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, -30.0},
    {"V_peak", "mV", "Spike cut-off: V >= V_peak is a spike", -40.0, 40.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset (w keeps evolving)", 0.0, 10.0},
    {"tau_syn_e", "ms", "Decay time of excitatory synaptic currents", 0.1, 50.0},
    {"tau_syn_i", "ms", "Decay time of inhibitory synaptic currents", 0.1, 50.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 2000.0},
    {"h_max", "ms", "Largest internal integration substep (midpoint rule); dt is split into ceil(dt / h_max) substeps", 0.005, 1.0},
}};
// Brette & Gerstner 2005 regular spiking, as NEST's aeif_* defaults (V_peak = 0 mV), reset to E_L.
constexpr std::array<double, AdexPopulation::kParamCount> kAdexDefaults{281.0, 30.0, -70.6, -50.4, 2.0, 4.0, 144.0, 80.5,
                                                                        -70.6, 0.0,  0.0,  2.0,   2.0,   0.0, 0.05};
constexpr std::array<StateVarDesc, AdexPopulation::kVarCount> kAdexVars{
    {{"V", "mV"}, {"w", "pA"}, {"I_syn_e", "pA"}, {"I_syn_i", "pA"}}};

detail::AdexConstants constants(std::span<const double> p, double dt) {
  using P = AdexPopulation;
  return {dt,         p[P::h_max], p[P::C],     p[P::g_L],     p[P::E_L],       p[P::V_T],    p[P::Delta_T],
          p[P::a],    p[P::tau_w], p[P::b],     p[P::V_reset], p[P::V_peak],    p[P::t_ref],  p[P::I_bias],
          p[P::tau_syn_e], p[P::tau_syn_i], 1.0, 1.0};
}

}  // namespace

AdexPopulation::AdexPopulation(std::string name, int size, double dt_ms)
    : Population(std::move(name), size, dt_ms),
      v_(static_cast<std::size_t>(size)),
      w_(static_cast<std::size_t>(size)),
      v_err_(static_cast<std::size_t>(size)),
      w_err_(static_cast<std::size_t>(size)),
      ie_(static_cast<std::size_t>(size)),
      ii_(static_cast<std::size_t>(size)),
      refractory_(static_cast<std::size_t>(size)) {
  init_params(kAdexDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> AdexPopulation::param_descs() const { return kAdexParams; }
std::span<const StateVarDesc> AdexPopulation::state_descs() const { return kAdexVars; }

std::vector<ParamError> AdexPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kAdexParams, p);
  if (!errors.empty()) return errors;
  detail::validate_adex_soma(constants(p, dt_), dt_, errors);
  if (auto e = require_positive(p[tau_syn_e])) errors.push_back({"tau_syn_e", *e});
  if (auto e = require_positive(p[tau_syn_i])) errors.push_back({"tau_syn_i", *e});
  return errors;
}

void AdexPopulation::update_derived() { kernel_ = detail::make_adex_kernel(constants(params_, dt_)); }

void AdexPopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[E_L]));
  for (auto* x : {&w_, &v_err_, &w_err_, &ie_, &ii_}) std::fill(x->begin(), x->end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0);
}

void AdexPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  v_.resize(n, static_cast<float>(params_[E_L]));  // reset_model_state's values
  for (auto* x : {&w_, &v_err_, &w_err_, &ie_, &ii_}) x->resize(n, 0.0f);
  refractory_.resize(n, 0);
}

const float* AdexPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case W: return w_.data();
    case I_syn_e: return ie_.data();
    case I_syn_i: return ii_.data();
    default: return nullptr;
  }
}

float* AdexPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void AdexPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  detail::adex_evolve(kernel_, size_,
                      {v_.data(), w_.data(), v_err_.data(), w_err_.data(), ie_.data(), ii_.data(), refractory_.data()},
                      input_.exc(step), input_.inh(step), i_ext_.data(), external_current_used_, spikes);
}


}  // namespace neurosim
