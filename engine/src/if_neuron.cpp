#include <algorithm>
#include <array>
#include <cmath>

#include "neurosim/lif.hpp"

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, IfPopulation::kParamCount> kIfParams{{
    {"C_m", "pF", "Membrane capacitance: V rises by I*dt/C_m (no leak)", 1.0, 500.0},
    {"V_th", "mV", "Spike threshold", -70.0, 50.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, 0.0},
    {"V_rest", "mV", "Initial potential", -90.0, 0.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset", 0.0, 20.0},
    {"tau_syn_e", "ms", "Decay time of excitatory synaptic currents", 0.1, 50.0},
    {"tau_syn_i", "ms", "Decay time of inhibitory synaptic currents", 0.1, 50.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 1000.0},
}};
constexpr std::array<double, IfPopulation::kParamCount> kIfDefaults{250.0, 15.0, 0.0, 0.0, 0.0, 2.0, 2.0, 0.0};
constexpr std::array<StateVarDesc, IfPopulation::kVarCount> kIfVars{{{"V", "mV"}, {"I_syn_e", "pA"}, {"I_syn_i", "pA"}}};

}  // namespace

IfPopulation::IfPopulation(std::string name, int size, double dt_ms)
    : Population(std::move(name), size, dt_ms),
      v_(static_cast<std::size_t>(size)),
      ie_(static_cast<std::size_t>(size)),
      ii_(static_cast<std::size_t>(size)),
      refractory_(static_cast<std::size_t>(size)) {
  init_params(kIfDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> IfPopulation::param_descs() const { return kIfParams; }
std::span<const StateVarDesc> IfPopulation::state_descs() const { return kIfVars; }

std::vector<ParamError> IfPopulation::validate(std::span<const double> p) const {
  std::vector<ParamError> errors;
  const auto check = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kIfParams[static_cast<std::size_t>(i)].name), *e});
  };
  for (int i = 0; i < kParamCount; ++i) check(i, require_finite(p[static_cast<std::size_t>(i)]));
  if (!errors.empty()) return errors;
  check(C_m, require_positive(p[C_m]));
  check(t_ref, require_non_negative(p[t_ref]));
  check(tau_syn_e, require_positive(p[tau_syn_e]));
  check(tau_syn_i, require_positive(p[tau_syn_i]));
  if (p[V_reset] >= p[V_th])
    errors.push_back({"V_reset", "must be below V_th (got " + format_number(p[V_reset]) + " >= " + format_number(p[V_th]) + ")"});
  return errors;
}

void IfPopulation::update_derived() {
  const double h = dt_, c = params_[C_m];
  // Exact integral over one step of a constant current and of a decaying exponential one.
  gain_ext_ = static_cast<float>(h / c);
  gain_e_ = static_cast<float>(params_[tau_syn_e] * -std::expm1(-h / params_[tau_syn_e]) / c);
  gain_i_ = static_cast<float>(params_[tau_syn_i] * -std::expm1(-h / params_[tau_syn_i]) / c);
  p11e_ = static_cast<float>(std::exp(-h / params_[tau_syn_e]));
  p11i_ = static_cast<float>(std::exp(-h / params_[tau_syn_i]));
  vth_ = static_cast<float>(params_[V_th]);
  vreset_ = static_cast<float>(params_[V_reset]);
  bias_ = static_cast<float>(params_[I_bias]);
  ref_steps_ = static_cast<int>(std::lround(params_[t_ref] / h));
}

void IfPopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[V_rest]));
  std::fill(ie_.begin(), ie_.end(), 0.0f);
  std::fill(ii_.begin(), ii_.end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0);
}

void IfPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  v_.resize(n, static_cast<float>(params_[V_rest]));  // reset_model_state's values
  ie_.resize(n, 0.0f);
  ii_.resize(n, 0.0f);
  refractory_.resize(n, 0);
}

const float* IfPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case I_syn_e: return ie_.data();
    case I_syn_i: return ii_.data();
    default: return nullptr;
  }
}

float* IfPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void IfPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  for (int i = 0; i < size_; ++i) {
    if (refractory_[i] > 0) {
      --refractory_[i];
      v_[i] = vreset_;
    } else {
      v_[i] += (i_ext_[i] + bias_) * gain_ext_ + ie_[i] * gain_e_ + ii_[i] * gain_i_;
    }
    ie_[i] = ie_[i] * p11e_ + in_e[i];
    ii_[i] = ii_[i] * p11i_ + in_i[i];
    in_e[i] = in_i[i] = i_ext_[i] = 0.0f;
    if (v_[i] >= vth_) {
      v_[i] = vreset_;
      refractory_[i] = ref_steps_;
      spikes.push_back(i);
    }
  }
}


}  // namespace neurosim
