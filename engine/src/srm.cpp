#include "neurosim/srm.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, SrmPopulation::kParamCount> kSrmParams{{
    {"T", "", "Threshold (arbitrary units; Masquelier 2008: 500)", 10.0, 2000.0},
    {"tau_m", "ms", "Membrane time constant of the EPSP and after-potential kernels", 1.0, 50.0},
    {"tau_s", "ms", "Synaptic time constant of the EPSP kernel (rise)", 0.1, 20.0},
    {"K1", "", "After-potential: size of the spike itself, in units of T", 0.0, 5.0},
    {"K2", "", "After-potential: depth of the negative spike after-potential, in units of T", 0.0, 10.0},
    {"t_ref", "ms", "Absolute refractory period (it must outlast the spike itself, eta > T)", 0.0, 20.0},
    {"reset_inputs", "", "1 = a spike discards the EPSPs of earlier inputs and the refractory period ignores inputs (Masquelier 2008), 0 = keep them", 0.0, 1.0},
}};
constexpr std::array<double, SrmPopulation::kParamCount> kSrmDefaults{500.0, 10.0, 2.5, 2.0, 4.0, 1.0, 1.0};
constexpr std::array<StateVarDesc, SrmPopulation::kVarCount> kSrmVars{{{"V", ""}, {"EPSP", ""}}};

}  // namespace

SrmPopulation::SrmPopulation(std::string name, int size, double dt_ms) : Population(std::move(name), size, dt_ms) {
  const auto n = static_cast<std::size_t>(size);
  for (auto* v : {&u_, &epsp_, &a_, &b_, &eta_m_, &eta_s_}) v->assign(n, 0.0f);
  refractory_.assign(n, 0);
  init_params(kSrmDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> SrmPopulation::param_descs() const { return kSrmParams; }
std::span<const StateVarDesc> SrmPopulation::state_descs() const { return kSrmVars; }

std::vector<ParamError> SrmPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kSrmParams, p);
  if (!errors.empty()) return errors;
  const auto add = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kSrmParams[static_cast<std::size_t>(i)].name), *e});
  };
  add(T, require_positive(p[T]));
  add(tau_m, require_positive(p[tau_m]));
  add(tau_s, require_positive(p[tau_s]));
  add(K1, require_non_negative(p[K1]));
  add(K2, require_non_negative(p[K2]));
  add(t_ref, require_non_negative(p[t_ref]));
  if (errors.empty() && p[tau_s] >= p[tau_m])
    errors.push_back({"tau_s", "must be below tau_m (got " + format_number(p[tau_s]) + " >= " + format_number(p[tau_m]) + ")"});
  if (p[reset_inputs] != 0.0 && p[reset_inputs] != 1.0)
    errors.push_back({"reset_inputs", "must be 0 or 1 (got " + format_number(p[reset_inputs]) + ")"});
  return errors;
}

void SrmPopulation::update_derived() {
  const double tm = params_[tau_m], ts = params_[tau_s];
  // eps peaks where its derivative vanishes: s* = tau_m tau_s / (tau_m - tau_s) ln(tau_m / tau_s).
  const double s_peak = tm * ts / (tm - ts) * std::log(tm / ts);
  k_ = 1.0 / (std::exp(-s_peak / tm) - std::exp(-s_peak / ts));
  decay_m_ = static_cast<float>(std::exp(-dt_ / tm));
  decay_s_ = static_cast<float>(std::exp(-dt_ / ts));
  threshold_ = static_cast<float>(params_[T]);
  // eta = T (K1 - K2) exp(-s/tau_m) + T K2 exp(-s/tau_s)
  eta_m0_ = static_cast<float>(params_[T] * (params_[K1] - params_[K2]));
  eta_s0_ = static_cast<float>(params_[T] * params_[K2]);
  ref_steps_ = static_cast<int>(std::lround(params_[t_ref] / dt_));
  discard_ = params_[reset_inputs] != 0.0;
}

void SrmPopulation::reset_model_state() {
  for (auto* v : {&u_, &epsp_, &a_, &b_, &eta_m_, &eta_s_}) std::fill(v->begin(), v->end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0);
}

void SrmPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  for (auto* v : {&u_, &epsp_, &a_, &b_, &eta_m_, &eta_s_}) v->resize(n, 0.0f);  // reset_model_state's values
  refractory_.resize(n, 0);
}

const float* SrmPopulation::state(int var) const {
  switch (var) {
    case U: return u_.data();
    case EPSP: return epsp_.data();
    default: return nullptr;
  }
}

float* SrmPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void SrmPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  const auto k = static_cast<float>(k_);
  for (int i = 0; i < size_; ++i) {
    const auto j = static_cast<std::size_t>(i);
    // Inputs arriving now start their EPSP (eps(0) = 0, so u does not jump). Masquelier's code
    // gives inputs that arrive less than t_ref after a spike no EPSP ("clamping during the
    // refractory period"); refractory_ counts ref_steps_ down to 1 over that time.
    const bool clamped = discard_ && refractory_[j] > 1;
    const float input = clamped ? 0.0f : k * (in_e[j] + in_i[j]);
    in_e[j] = in_i[j] = 0.0f;
    a_[j] = a_[j] * decay_m_ + input;
    b_[j] = b_[j] * decay_s_ + input;
    eta_m_[j] *= decay_m_;
    eta_s_[j] *= decay_s_;
    epsp_[j] = a_[j] - b_[j];
    u_[j] = eta_m_[j] + eta_s_[j] + epsp_[j];
    if (refractory_[j] > 0) {  // the spike's own after-potential starts above T: no refiring
      --refractory_[j];
      continue;
    }
    if (u_[j] >= threshold_) {
      spikes.push_back(i);
      refractory_[j] = ref_steps_;
      if (discard_) a_[j] = b_[j] = epsp_[j] = 0.0f;
      eta_m_[j] = eta_m0_;
      eta_s_[j] = eta_s0_;
      u_[j] = eta_m_[j] + eta_s_[j] + epsp_[j];  // the spike: T K1 above the EPSPs
    }
  }
}

}  // namespace neurosim
