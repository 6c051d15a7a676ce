#include "neurosim/izhikevich.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, IzhikevichPopulation::kParamCount> kIzhParams{{
    {"a", "1/ms", "Recovery rate of u (the model's membrane time scale: small = slow recovery)", -0.05, 0.2},
    {"b", "", "Sensitivity of u to v below threshold", -1.0, 1.0},
    {"c", "mV", "Reset potential after a spike", -80.0, -40.0},
    {"d", "", "Jump of u after a spike (adaptation)", -2.0, 10.0},
    {"v_peak", "mV", "Spike cut-off: v >= v_peak is a spike", 0.0, 40.0},
    {"v_init", "mV", "Initial (resting) potential; u starts at b*v_init", -90.0, -40.0},
    {"t_ref", "ms", "Refractory period after the reset (0 in the published model)", 0.0, 10.0},
    {"scheme", "", "Integration: 0 = Euler (Izhikevich 2004), 1 = two half steps for v (Izhikevich 2003)", 0.0, 1.0},
    {"I_bias", "", "Constant input current (dimensionless, mV/ms)", -20.0, 40.0},
}};
constexpr std::array<double, IzhikevichPopulation::kParamCount> kIzhDefaults{0.02, 0.2, -65.0, 8.0, 30.0, -65.0, 0.0, 1.0, 0.0};
constexpr std::array<StateVarDesc, IzhikevichPopulation::kVarCount> kIzhVars{{{"V", "mV"}, {"U", ""}}};

constexpr int kBlock = 64;
// v runs away towards infinity between grid points just before a spike; the cap keeps v^2
// finite (no inf - inf) and is far above any v_peak.
constexpr float kRunawayCap = 1.0e6f;

}  // namespace

IzhikevichPopulation::IzhikevichPopulation(std::string name, int size, double dt_ms)
    : Population(std::move(name), size, dt_ms) {
  const auto n = static_cast<std::size_t>(size);
  a_.assign(n, static_cast<float>(kIzhDefaults[a]));
  b_.assign(n, static_cast<float>(kIzhDefaults[b]));
  c_.assign(n, static_cast<float>(kIzhDefaults[c]));
  d_.assign(n, static_cast<float>(kIzhDefaults[d]));
  v_.assign(n, 0.0f);
  u_.assign(n, 0.0f);
  refractory_.assign(n, 0);
  init_params(kIzhDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> IzhikevichPopulation::param_descs() const { return kIzhParams; }
std::span<const StateVarDesc> IzhikevichPopulation::state_descs() const { return kIzhVars; }

std::vector<ParamError> IzhikevichPopulation::validate(std::span<const double> p) const {
  std::vector<ParamError> errors;
  for (int i = 0; i < kParamCount; ++i)
    if (auto e = require_finite(p[static_cast<std::size_t>(i)]))
      errors.push_back({std::string(kIzhParams[static_cast<std::size_t>(i)].name), *e});
  if (!errors.empty()) return errors;
  if (auto e = require_non_negative(p[t_ref])) errors.push_back({"t_ref", *e});
  if (p[scheme] != 0.0 && p[scheme] != 1.0)
    errors.push_back({"scheme", "must be 0 (Euler) or 1 (half steps) (got " + format_number(p[scheme]) + ")"});
  if (p[c] >= p[v_peak])
    errors.push_back({"c", "must be below v_peak (got " + format_number(p[c]) + " >= " + format_number(p[v_peak]) + ")"});
  return errors;
}

bool IzhikevichPopulation::set_per_neuron(int param_index, std::span<const float> values) {
  std::vector<float>* target = nullptr;
  switch (param_index) {
    case a: target = &a_; break;
    case b: target = &b_; break;
    case c: target = &c_; break;
    case d: target = &d_; break;
    default: return false;
  }
  if (values.size() != target->size()) return false;
  target->assign(values.begin(), values.end());
  // The population-level value is the mean, so a slider moves every neuron by the same amount.
  params_[static_cast<std::size_t>(param_index)] =
      std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(std::max<std::size_t>(values.size(), 1));
  return true;
}

void IzhikevichPopulation::on_param_shift(int param_index, double delta) {
  std::vector<float>* target = nullptr;
  switch (param_index) {
    case a: target = &a_; break;
    case b: target = &b_; break;
    case c: target = &c_; break;
    case d: target = &d_; break;
    default: return;
  }
  for (float& x : *target) x += static_cast<float>(delta);
}

void IzhikevichPopulation::update_derived() {
  vpeak_ = static_cast<float>(params_[v_peak]);
  bias_ = static_cast<float>(params_[I_bias]);
  ref_steps_ = static_cast<int>(std::lround(params_[t_ref] / dt_));
  half_steps_ = params_[scheme] == 1.0;
}

void IzhikevichPopulation::reset_model_state() {
  const auto v0 = static_cast<float>(params_[v_init]);
  std::fill(v_.begin(), v_.end(), v0);
  for (std::size_t i = 0; i < u_.size(); ++i) u_[i] = b_[i] * v0;
  std::fill(refractory_.begin(), refractory_.end(), 0);
}

const float* IzhikevichPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case U: return u_.data();
    default: return nullptr;
  }
}

float* IzhikevichPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void IzhikevichPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  float* __restrict v = v_.data();
  float* __restrict u = u_.data();
  const float* __restrict pa = a_.data();
  const float* __restrict pb = b_.data();
  int* __restrict refr = refractory_.data();
  float* __restrict in_e = input_.exc(step);
  float* __restrict in_i = input_.inh(step);
  float* __restrict ext = i_ext_.data();
  const float h = static_cast<float>(dt_);
  const float half = 0.5f * h;
  const float vpeak = vpeak_, bias = bias_;
  const bool half_steps = half_steps_;

  for (int start = 0; start < size_; start += kBlock) {
    const int end = std::min(size_, start + kBlock);
    int crossed = 0;
    for (int i = start; i < end; ++i) {
      const float current = ext[i] + bias + in_e[i] + in_i[i];
      in_e[i] = 0.0f;
      in_i[i] = 0.0f;
      ext[i] = 0.0f;
      float vn = v[i];
      if (half_steps) {
        vn += half * (0.04f * vn * vn + 5.0f * vn + 140.0f - u[i] + current);
        vn = std::min(vn, kRunawayCap);
        vn += half * (0.04f * vn * vn + 5.0f * vn + 140.0f - u[i] + current);
      } else {
        vn += h * (0.04f * vn * vn + 5.0f * vn + 140.0f - u[i] + current);
      }
      vn = std::min(vn, kRunawayCap);
      const float un = u[i] + h * pa[i] * (pb[i] * vn - u[i]);
      const bool refractory = refr[i] > 0;
      v[i] = refractory ? v[i] : vn;
      u[i] = refractory ? u[i] : un;
      refr[i] = refractory ? refr[i] - 1 : refr[i];
      crossed |= v[i] >= vpeak;
    }
    if (!crossed) continue;
    for (int i = start; i < end; ++i) {
      if (v[i] >= vpeak) {
        v[i] = c_[static_cast<std::size_t>(i)];
        u[i] += d_[static_cast<std::size_t>(i)];
        refr[i] = ref_steps_;
        spikes.push_back(i);
      }
    }
  }
}

}  // namespace neurosim
