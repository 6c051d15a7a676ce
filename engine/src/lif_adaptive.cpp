#include "neurosim/lif_adaptive.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "neurosim/synaptic_propagators.hpp"

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, LifAdaptivePopulation::kParamCount> kParams{{
    {"tau_m", "ms", "Membrane time constant: how fast V decays back to E_L", 1.0, 100.0},
    {"C_m", "pF", "Membrane capacitance (R = tau_m / C_m)", 1.0, 500.0},
    {"E_L", "mV", "Resting (leak reversal) potential", -90.0, -30.0},
    {"V_th", "mV", "Resting spike threshold (the threshold is V_th + theta)", -70.0, -20.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, -30.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset", 0.0, 20.0},
    {"tau_syn_e", "ms", "Decay time of excitatory synaptic currents", 0.1, 50.0},
    {"tau_syn_i", "ms", "Decay time of inhibitory synaptic currents", 0.1, 50.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 1000.0},
    {"theta_plus", "mV", "Rise of the threshold at each spike (Diehl & Cook 2015: 0.05)", 0.0, 5.0},
    {"tau_theta", "ms", "Time constant of the threshold's return to V_th (Diehl & Cook 2015: 1e7, i.e. homeostatic)", 10.0,
     10000.0},
}};
// The LIF defaults of lif.cpp plus a threshold that adapts on a time scale visible in a short run.
constexpr std::array<double, LifAdaptivePopulation::kParamCount> kDefaults{10.0, 250.0, -70.0, -55.0, -70.0, 2.0,
                                                                           2.0,  2.0,   0.0,   1.0,   200.0};
constexpr std::array<StateVarDesc, LifAdaptivePopulation::kVarCount> kVars{
    {{"V", "mV"}, {"theta", "mV"}, {"I_syn_e", "pA"}, {"I_syn_i", "pA"}}};

constexpr int kBlock = 64;  // neurons updated as one vector block before looking for spikes

struct Kernel {
  float p22, p20, p21e, p21i, p11e, p11i, p_theta, el, vth, vreset, bias;
};

// Phase 1: exact propagation of n neurons, branch-free so that it vectorises (restrict-qualified
// parameters tell the compiler the arrays do not overlap). Returns how many crossed their threshold.
template <bool kExternal>
[[gnu::noinline]] int propagate_block(int n, float* __restrict v, float* __restrict theta, float* __restrict ie,
                                      float* __restrict ii, int* __restrict refr, float* __restrict in_e,
                                      float* __restrict in_i, float* __restrict ext, const Kernel& kernel) {
  const Kernel k = kernel;
  int crossed = 0;
  for (int i = 0; i < n; ++i) {
    const int r = refr[i];
    const float drive = kExternal ? ext[i] + k.bias : k.bias;
    const float v_free = k.el + (v[i] - k.el) * k.p22 + ie[i] * k.p21e + ii[i] * k.p21i + drive * k.p20;
    const float vn = r > 0 ? k.vreset : v_free;
    const float th = theta[i] * k.p_theta;
    v[i] = vn;
    theta[i] = th;
    refr[i] = r > 0 ? r - 1 : 0;
    ie[i] = ie[i] * k.p11e + in_e[i];
    ii[i] = ii[i] * k.p11i + in_i[i];
    in_e[i] = 0.0f;
    in_i[i] = 0.0f;
    if constexpr (kExternal) ext[i] = 0.0f;
    crossed += vn >= k.vth + th;
  }
  return crossed;
}

}  // namespace

LifAdaptivePopulation::LifAdaptivePopulation(std::string name, int size, double dt_ms)
    : Population(std::move(name), size, dt_ms),
      v_(static_cast<std::size_t>(size)),
      theta_(static_cast<std::size_t>(size)),
      ie_(static_cast<std::size_t>(size)),
      ii_(static_cast<std::size_t>(size)),
      refractory_(static_cast<std::size_t>(size)) {
  init_params(kDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> LifAdaptivePopulation::param_descs() const { return kParams; }
std::span<const StateVarDesc> LifAdaptivePopulation::state_descs() const { return kVars; }

std::vector<ParamError> LifAdaptivePopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kParams, p);
  if (!errors.empty()) return errors;
  const auto check = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kParams[static_cast<std::size_t>(i)].name), *e});
  };
  check(tau_m, require_positive(p[tau_m]));
  check(C_m, require_positive(p[C_m]));
  check(t_ref, require_non_negative(p[t_ref]));
  check(tau_syn_e, require_positive(p[tau_syn_e]));
  check(tau_syn_i, require_positive(p[tau_syn_i]));
  check(theta_plus, require_non_negative(p[theta_plus]));
  check(tau_theta, require_positive(p[tau_theta]));
  if (p[V_reset] >= p[V_th])
    errors.push_back({"V_reset", "must be below V_th (got " + format_number(p[V_reset]) + " >= " + format_number(p[V_th]) + ")"});
  return errors;
}

void LifAdaptivePopulation::update_derived() {
  const double h = dt_;
  const double tm = params_[tau_m], c = params_[C_m];
  p22_ = static_cast<float>(std::exp(-h / tm));
  p20_ = static_cast<float>(tm / c * -std::expm1(-h / tm));
  p11e_ = static_cast<float>(std::exp(-h / params_[tau_syn_e]));
  p11i_ = static_cast<float>(std::exp(-h / params_[tau_syn_i]));
  p21e_ = static_cast<float>(psc_exp_to_membrane(params_[tau_syn_e], tm, c, h));
  p21i_ = static_cast<float>(psc_exp_to_membrane(params_[tau_syn_i], tm, c, h));
  p_theta_ = static_cast<float>(std::exp(-h / params_[tau_theta]));
  el_ = static_cast<float>(params_[E_L]);
  vth_ = static_cast<float>(params_[V_th]);
  vreset_ = static_cast<float>(params_[V_reset]);
  bias_ = static_cast<float>(params_[I_bias]);
  theta_plus_ = static_cast<float>(params_[theta_plus]);
  ref_steps_ = static_cast<int>(std::lround(params_[t_ref] / h));
}

void LifAdaptivePopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[E_L]));
  for (auto* x : {&theta_, &ie_, &ii_}) std::fill(x->begin(), x->end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0);
}

const float* LifAdaptivePopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case Theta: return theta_.data();
    case I_syn_e: return ie_.data();
    case I_syn_i: return ii_.data();
    default: return nullptr;
  }
}

float* LifAdaptivePopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void LifAdaptivePopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  const Kernel k{p22_, p20_, p21e_, p21i_, p11e_, p11i_, p_theta_, el_, vth_, vreset_, bias_};
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  const auto propagate = external_current_used_ ? propagate_block<true> : propagate_block<false>;
  for (int start = 0; start < size_; start += kBlock) {
    const int n = std::min(kBlock, size_ - start);
    const int crossed = propagate(n, v_.data() + start, theta_.data() + start, ie_.data() + start, ii_.data() + start,
                                  refractory_.data() + start, in_e + start, in_i + start, i_ext_.data() + start, k);
    if (crossed == 0) continue;
    // Phase 2: threshold, reset, threshold jump and refractory countdown for the few that crossed.
    for (int i = start; i < start + n; ++i) {
      const auto j = static_cast<std::size_t>(i);
      if (v_[j] >= vth_ + theta_[j]) {
        v_[j] = vreset_;
        theta_[j] += theta_plus_;
        refractory_[j] = ref_steps_;
        spikes.push_back(i);
      }
    }
  }
}

}  // namespace neurosim
