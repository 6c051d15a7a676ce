#include "neurosim/lif_cond.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "neurosim/vector_math.hpp"

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, LifCondPopulation::kParamCount> kParams{{
    {"C_m", "pF", "Membrane capacitance (tau_m = C_m / g_L)", 10.0, 500.0},
    {"g_L", "nS", "Leak conductance", 0.5, 50.0},
    {"E_L", "mV", "Resting (leak reversal) potential", -90.0, -30.0},
    {"E_exc", "mV", "Reversal potential of excitatory synapses", -20.0, 20.0},
    {"E_inh", "mV", "Reversal potential of inhibitory synapses", -110.0, -50.0},
    {"V_th", "mV", "Spike threshold (with theta_plus > 0 the threshold is V_th + theta)", -80.0, -20.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, -30.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset", 0.0, 20.0},
    {"tau_syn_e", "ms", "Decay time of excitatory conductances", 0.1, 50.0},
    {"tau_syn_i", "ms", "Decay time of inhibitory conductances", 0.1, 50.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 1000.0},
    {"theta_plus", "mV", "Rise of the threshold at each spike (0: fixed threshold; Diehl & Cook 2015: 0.05)", 0.0, 1.0},
    {"tau_theta", "ms", "Time constant of theta's decay (Diehl & Cook 2015: 1e7, homeostatic)", 100.0, 1e8},
    {"t_lock", "ms", "No spike within this time of the last one (0: only t_ref; Diehl & Cook's excitatory timer: 50)", 0.0, 100.0},
    {"integrator", "", "0: exact under the step's mean conductance; 1: forward Euler, as Brian 1 ran Diehl & Cook's code", 0.0, 1.0},
}};
// NEST iaf_cond_exp's defaults (C_m 250 pF, g_L 16.67 nS: tau_m 15 ms; E_ex 0, E_in -85,
// V_th -55, V_reset -60, t_ref 2, tau_syn_ex 0.2, tau_syn_in 2), with a fixed threshold.
constexpr std::array<double, LifCondPopulation::kParamCount> kDefaults{250.0, 16.6667, -70.0, 0.0,  -85.0, -55.0, -60.0,
                                                                       2.0,   0.2,     2.0,   0.0,  0.0,   1e7, 0.0, 0.0};
constexpr std::array<StateVarDesc, LifCondPopulation::kVarCount> kVars{
    {{"V", "mV"}, {"g_e", "nS"}, {"g_i", "nS"}, {"theta", "mV"}}};

constexpr int kBlock = 64;  // neurons updated as one vector block before looking for spikes

struct Kernel {
  float p_ge, p_gi, mean_ge, mean_gi, gl, el_gl_bias, eexc, einh, h_over_c, vreset, vth, p_theta;
  std::uint32_t ref_steps, lock_steps;
};

// Phase 1: the step of n neurons, branch-free so that it vectorises. Returns how many crossed
// threshold. kExternal: add this step's external current (and clear it). kTheta: decay theta
// (false when the threshold is fixed or frozen; theta is still read for the test). kEuler: the
// forward Euler step (lif_cond.hpp) instead of the exact one; the kernel's factors then hold
// Euler's conductance decay 1 - h / tau and a mean factor of 1.
template <bool kExternal, bool kTheta, bool kEuler>
[[gnu::noinline]] int propagate_block(int n, float* __restrict v, float* __restrict ge, float* __restrict gi,
                                      float* __restrict theta, const std::uint32_t* __restrict refr_end,
                                      const std::uint32_t* __restrict last_spike, std::uint32_t now, float* __restrict in_e,
                                      float* __restrict in_i, float* __restrict ext, const Kernel& kernel) {
  const Kernel k = kernel;
  int crossed = 0;
  for (int i = 0; i < n; ++i) {
    const bool refractory = refr_end[i] - now - 1u < k.ref_steps;
    const float ge_bar = ge[i] * k.mean_ge;
    const float gi_bar = gi[i] * k.mean_gi;
    const float g_total = k.gl + ge_bar + gi_bar;
    const float drive = kExternal ? k.el_gl_bias + ext[i] : k.el_gl_bias;
    const float v_inf = (drive + ge_bar * k.eexc + gi_bar * k.einh) / g_total;
    // Euler: V + (h / C_m) G (V_inf - V), never past V_inf (see lif_cond.hpp).
    const float decay = kEuler ? std::max(1.0f - k.h_over_c * g_total, 0.0f) : exp_approx(-k.h_over_c * g_total);
    const float v_free = v_inf + (v[i] - v_inf) * decay;
    const float vn = refractory ? k.vreset : v_free;
    v[i] = vn;
    ge[i] = ge[i] * k.p_ge + in_e[i];
    gi[i] = gi[i] * k.p_gi + std::abs(in_i[i]);
    in_e[i] = 0.0f;
    in_i[i] = 0.0f;
    if constexpr (kExternal) ext[i] = 0.0f;
    float th = theta[i];
    if constexpr (kTheta) {
      th *= k.p_theta;
      theta[i] = th;
    }
    // Locked while 1 <= now + 1 - last_spike <= lock_steps (last_spike 0: never fired).
    const bool locked = last_spike[i] != 0u && now + 1u - last_spike[i] < k.lock_steps + 1u && k.lock_steps > 0u;
    crossed += vn >= k.vth + th && !locked;
  }
  return crossed;
}

using Propagate = int (*)(int, float*, float*, float*, float*, const std::uint32_t*, const std::uint32_t*, std::uint32_t, float*,
                          float*, float*, const Kernel&);
template <bool kEuler>
Propagate pick_scheme(bool external, bool theta) {
  if (theta) return external ? propagate_block<true, true, kEuler> : propagate_block<false, true, kEuler>;
  return external ? propagate_block<true, false, kEuler> : propagate_block<false, false, kEuler>;
}

Propagate pick(bool euler, bool external, bool theta) {
  return euler ? pick_scheme<true>(external, theta) : pick_scheme<false>(external, theta);
}

}  // namespace

LifCondPopulation::LifCondPopulation(std::string name, int size, double dt_ms)
    : Population(std::move(name), size, dt_ms),
      v_(static_cast<std::size_t>(size)),
      ge_(static_cast<std::size_t>(size)),
      gi_(static_cast<std::size_t>(size)),
      theta_(static_cast<std::size_t>(size)),
      refractory_(static_cast<std::size_t>(size)),
      last_spike_(static_cast<std::size_t>(size)) {
  init_params(kDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> LifCondPopulation::param_descs() const { return kParams; }
std::span<const StateVarDesc> LifCondPopulation::state_descs() const { return kVars; }

std::vector<ParamError> LifCondPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(param_descs(), p);
  if (!errors.empty()) return errors;
  const auto check = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kParams[static_cast<std::size_t>(i)].name), *e});
  };
  check(C_m, require_positive(p[C_m]));
  check(g_L, require_positive(p[g_L]));
  check(t_ref, require_non_negative(p[t_ref]));
  check(tau_syn_e, require_positive(p[tau_syn_e]));
  check(tau_syn_i, require_positive(p[tau_syn_i]));
  check(theta_plus, require_non_negative(p[theta_plus]));
  check(tau_theta, require_positive(p[tau_theta]));
  check(t_lock, require_non_negative(p[t_lock]));
  if (p[integrator] != 0.0 && p[integrator] != 1.0)
    errors.push_back({"integrator", "must be 0 (exact) or 1 (forward Euler) (got " + format_number(p[integrator]) + ")"});
  // Euler's conductance factor 1 - h / tau turns negative (an oscillating, then growing g) for a
  // time constant below the step.
  for (const int i : {tau_syn_e, tau_syn_i})
    if (p[integrator] == 1.0 && p[static_cast<std::size_t>(i)] < dt_)
      errors.push_back({std::string(kParams[static_cast<std::size_t>(i)].name),
                        "must be at least dt (" + format_number(dt_) + " ms) with integrator 1 (forward Euler) (got " +
                            format_number(p[static_cast<std::size_t>(i)]) + ")"});
  // A fixed threshold at or below V_reset would fire again as soon as t_ref is over. An adaptive
  // one is V_th + theta: Diehl & Cook's code writes it theta - 72 mV with theta starting at 20 mV
  // and decaying toward 0, so that V_th (-72) lies below V_reset (-65) and each spike's theta_plus
  // keeps the threshold above it.
  if (p[V_reset] >= p[V_th] && p[theta_plus] == 0.0)
    errors.push_back({"V_reset", "must be below V_th with a fixed threshold (theta_plus 0) (got " + format_number(p[V_reset]) + " >= " +
                                     format_number(p[V_th]) + ")"});
  if (p[E_inh] >= p[E_exc])
    errors.push_back({"E_inh", "must be below E_exc (got " + format_number(p[E_inh]) + " >= " + format_number(p[E_exc]) + ")"});
  // Reversal potentials and V within a physiological range keep V_inf bounded; the range is
  // generous, a value outside it is a unit mistake (V in volts, say).
  for (const int i : {E_L, E_exc, E_inh, V_th, V_reset})
    if (std::abs(p[static_cast<std::size_t>(i)]) > 1000.0)
      errors.push_back({std::string(kParams[static_cast<std::size_t>(i)].name),
                        "must be within -1000..1000 mV (got " + format_number(p[static_cast<std::size_t>(i)]) + ")"});
  return errors;
}

void LifCondPopulation::update_derived() {
  const double h = dt_;
  const auto mean_factor = [h](double tau) { return tau / h * -std::expm1(-h / tau); };
  euler_ = params_[integrator] == 1.0;
  const auto decay_factor = [h, this](double tau) { return euler_ ? 1.0 - h / tau : std::exp(-h / tau); };
  p_ge_ = static_cast<float>(decay_factor(params_[tau_syn_e]));
  p_gi_ = static_cast<float>(decay_factor(params_[tau_syn_i]));
  mean_ge_ = euler_ ? 1.0f : static_cast<float>(mean_factor(params_[tau_syn_e]));
  mean_gi_ = euler_ ? 1.0f : static_cast<float>(mean_factor(params_[tau_syn_i]));
  // Fewest steps whose decay, 1 - exp(-n h / tau_theta), is at least 1e-4 (n = 1 for any
  // tau_theta below 5,000 steps), so that float32 resolves the factor to 0.1 % of its decay.
  const double per_step = h / params_[tau_theta];
  theta_every_ = per_step >= 1e-4 ? 1 : static_cast<int>(std::min(1e9, std::ceil(-std::log1p(-1e-4) / per_step)));
  p_theta_ = static_cast<float>(std::exp(-per_step * theta_every_));
  gl_ = static_cast<float>(params_[g_L]);
  el_ = static_cast<float>(params_[E_L]);
  eexc_ = static_cast<float>(params_[E_exc]);
  einh_ = static_cast<float>(params_[E_inh]);
  vth_ = static_cast<float>(params_[V_th]);
  vreset_ = static_cast<float>(params_[V_reset]);
  bias_ = static_cast<float>(params_[I_bias]);
  theta_plus_ = static_cast<float>(params_[theta_plus]);
  h_over_c_ = static_cast<float>(h / params_[C_m]);
  ref_steps_ = static_cast<int>(std::lround(params_[t_ref] / h));
  lock_steps_ = static_cast<int>(std::lround(params_[t_lock] / h));
}

void LifCondPopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[E_L]));
  for (auto* x : {&ge_, &gi_, &theta_}) std::fill(x->begin(), x->end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0u);
  std::fill(last_spike_.begin(), last_spike_.end(), 0u);
}

void LifCondPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  v_.resize(n, static_cast<float>(params_[E_L]));
  for (auto* x : {&ge_, &gi_, &theta_}) x->resize(n, 0.0f);
  refractory_.resize(n, 0u);
  last_spike_.resize(n, 0u);
}

const float* LifCondPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case g_e: return ge_.data();
    case g_i: return gi_.data();
    case Theta: return theta_.data();
    default: return nullptr;
  }
}

float* LifCondPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void LifCondPopulation::evolve(std::int64_t step, std::vector<int>& spikes) { evolve_range(step, 0, size_, spikes); }

void LifCondPopulation::evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) {
  static_assert(kSplitAlign % kBlock == 0, "a part must start at a block boundary");
  const Kernel k{p_ge_, p_gi_, mean_ge_, mean_gi_, gl_, gl_ * el_ + bias_, eexc_, einh_, h_over_c_, vreset_, vth_, p_theta_,
                 static_cast<std::uint32_t>(ref_steps_), static_cast<std::uint32_t>(lock_steps_)};
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  const bool adapting = !theta_frozen_;
  const bool decay_theta = adapting && p_theta_ < 1.0f && (step + 1) % theta_every_ == 0;
  const Propagate propagate = pick(euler_, external_current_used_, decay_theta);
  for (int start = begin; start < end; start += kBlock) {
    const int n = std::min(kBlock, end - start);
    const int crossed = propagate(n, v_.data() + start, ge_.data() + start, gi_.data() + start, theta_.data() + start,
                                  refractory_.data() + start, last_spike_.data() + start, static_cast<std::uint32_t>(step),
                                  in_e + start, in_i + start,
                                  i_ext_.data() + start, k);
    if (crossed == 0) continue;
    // Phase 2: threshold, reset, refractory countdown and theta's jump for the few that crossed.
    for (int i = start; i < start + n; ++i) {
      const auto j = static_cast<std::size_t>(i);
      const std::uint32_t now = static_cast<std::uint32_t>(step);
      const bool locked = last_spike_[j] != 0u && lock_steps_ > 0 && now + 1u - last_spike_[j] < static_cast<std::uint32_t>(lock_steps_) + 1u;
      if (v_[j] >= vth_ + theta_[j] && !locked) {
        v_[j] = vreset_;
        refractory_[j] = now + static_cast<std::uint32_t>(ref_steps_) + 1u;
        last_spike_[j] = now + 1u;
        if (adapting) theta_[j] += theta_plus_;
        spikes.push_back(i);
      }
    }
  }
}

// Same-step input joins the conductances as the kernel adds a slot: g_i takes the magnitude of
// the inhibitory input (an inhibitory weight may be written negative).
void LifCondPopulation::absorb_same_step(int begin, int end) { fold_now(ge_.data(), gi_.data(), begin, end, true); }

}  // namespace neurosim
