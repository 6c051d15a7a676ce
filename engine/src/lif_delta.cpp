#include "neurosim/lif_delta.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, LifDeltaPopulation::kParamCount> kParams{{
    {"tau_m", "ms", "Membrane time constant: how fast V decays back to E_L", 1.0, 100.0},
    {"C_m", "pF", "Membrane capacitance (for I_bias and stimuli only: synaptic weights are jumps in mV)", 1.0, 500.0},
    {"E_L", "mV", "Resting (leak reversal) potential", -90.0, 30.0},
    {"V_th", "mV", "Spike threshold", -70.0, 50.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, 30.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset and input is ignored", 0.0, 20.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 1000.0},
    {"nu_ext", "Hz", "Rate of each neuron's own external Poisson train (Brunel 2000: nu_ext C_E)", 0.0, 50000.0},
    {"J_ext", "mV", "Jump of V per external spike", 0.0, 1.0},
}};
// NEST iaf_psc_delta's defaults, without external drive.
constexpr std::array<double, LifDeltaPopulation::kParamCount> kDefaults{10.0, 250.0, -70.0, -55.0, -70.0, 2.0, 0.0, 0.0, 0.1};
constexpr std::array<StateVarDesc, LifDeltaPopulation::kVarCount> kVars{{{"V", "mV"}}};
// Above this mean count per step the inversion loop gets long; 1e4 external spikes per 0.1 ms
// step (100 MHz) is far beyond any network's input.
constexpr double kMaxExternalPerStep = 1e4;

}  // namespace

LifDeltaPopulation::LifDeltaPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream)
    : Population(std::move(name), size, dt_ms),
      seed_(seed),
      stream_(stream),
      rng_(seed, stream),
      v_(static_cast<std::size_t>(size)),
      refractory_(static_cast<std::size_t>(size)) {
  init_params(kDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> LifDeltaPopulation::param_descs() const { return kParams; }
std::span<const StateVarDesc> LifDeltaPopulation::state_descs() const { return kVars; }

std::vector<ParamError> LifDeltaPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kParams, p);
  if (!errors.empty()) return errors;
  const auto check = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kParams[static_cast<std::size_t>(i)].name), *e});
  };
  check(tau_m, require_positive(p[tau_m]));
  check(C_m, require_positive(p[C_m]));
  check(t_ref, require_non_negative(p[t_ref]));
  check(nu_ext, require_non_negative(p[nu_ext]));
  if (p[nu_ext] * dt_ / 1000.0 > kMaxExternalPerStep)
    errors.push_back({"nu_ext", "must be at most " + format_number(kMaxExternalPerStep * 1000.0 / dt_) + " Hz at dt = " +
                                    format_number(dt_) + " ms (got " + format_number(p[nu_ext]) + ")"});
  if (p[V_reset] >= p[V_th])
    errors.push_back({"V_reset", "must be below V_th (got " + format_number(p[V_reset]) + " >= " + format_number(p[V_th]) + ")"});
  return errors;
}

void LifDeltaPopulation::update_derived() {
  const double h = dt_, tm = params_[tau_m];
  p22_ = static_cast<float>(std::exp(-h / tm));
  p20_ = static_cast<float>(tm / params_[C_m] * -std::expm1(-h / tm));
  el_ = static_cast<float>(params_[E_L]);
  vth_ = static_cast<float>(params_[V_th]);
  vreset_ = static_cast<float>(params_[V_reset]);
  bias_ = static_cast<float>(params_[I_bias]);
  j_ext_ = static_cast<float>(params_[J_ext]);
  ext_mean_ = params_[nu_ext] * h / 1000.0;
  ext_p0_ = std::exp(-ext_mean_);
  ref_steps_ = static_cast<std::uint32_t>(std::lround(params_[t_ref] / h));
}

void LifDeltaPopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[E_L]));
  std::fill(refractory_.begin(), refractory_.end(), 0u);
  rng_ = Rng(seed_, stream_);  // a reset repeats the external trains
}

void LifDeltaPopulation::grow_model_state(int new_size) {
  v_.resize(static_cast<std::size_t>(new_size), static_cast<float>(params_[E_L]));
  refractory_.resize(static_cast<std::size_t>(new_size), 0u);
}

const float* LifDeltaPopulation::state(int var) const { return var == V ? v_.data() : nullptr; }
float* LifDeltaPopulation::state_mut(int var) { return var == V ? v_.data() : nullptr; }

int LifDeltaPopulation::external_count() {
  // Inversion of the Poisson distribution function with one uniform draw. For a large mean the
  // start value exp(-mean) underflows; the normal approximation is then exact to well below the
  // spread of the count.
  if (ext_mean_ > 500.0) return std::max(0, static_cast<int>(std::lround(rng_.normal(ext_mean_, std::sqrt(ext_mean_)))));
  const double u = rng_.uniform();
  int k = 0;
  double p = ext_p0_, cumulative = p;
  while (u > cumulative && k < 100000) {
    ++k;
    p *= ext_mean_ / k;
    cumulative += p;
  }
  return k;
}

void LifDeltaPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  float* ext = i_ext_.data();
  const auto now = static_cast<std::uint32_t>(step);
  const bool external = ext_mean_ > 0.0;
  for (int idx = 0; idx < size_; ++idx) {
    const auto i = static_cast<std::size_t>(idx);
    const float jumps = in_e[i] + in_i[i];
    in_e[i] = 0.0f;
    in_i[i] = 0.0f;
    const float drive = external_current_used_ ? ext[i] + bias_ : bias_;
    if (external_current_used_) ext[i] = 0.0f;
    // The external train is drawn every step, refractory or not, so that a neuron's stream of
    // draws does not depend on its own spikes.
    const float external_jump = external ? static_cast<float>(external_count()) * j_ext_ : 0.0f;
    if (refractory_[i] - now - 1u < ref_steps_) {  // refractory: held, input ignored (the LIF's test)
      v_[i] = vreset_;
      continue;
    }
    const float v = el_ + (v_[i] - el_) * p22_ + drive * p20_ + jumps + external_jump;
    if (v >= vth_) {
      v_[i] = vreset_;
      refractory_[i] = now + ref_steps_ + 1u;
      spikes.push_back(idx);
    } else {
      v_[i] = v;
    }
  }
}

}  // namespace neurosim
