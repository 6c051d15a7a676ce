#include "neurosim/izhikevich.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>
#include <type_traits>

#include "neurosim/threshold_mask.hpp"

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

struct IzhKernel {
  float h, vpeak, bias;
};

// Integrates n neurons one step, branch-free so that it vectorises; returns how many reached
// v_peak when kCount (a population's last, partial block; whole blocks are read back by
// crossing_mask, threshold_mask.hpp). Synaptic input is a one-step current pulse.
template <bool kHalfSteps, bool kExternal, bool kCount>
[[gnu::noinline]] int izh_propagate_block(int n, float* __restrict v, float* __restrict u, const float* __restrict a,
                                          const float* __restrict b, int* __restrict refr, float* __restrict in_e,
                                          float* __restrict in_i, float* __restrict ext, const IzhKernel& kernel) {
  const IzhKernel k = kernel;
  const float half = 0.5f * k.h;
  int crossed = 0;
  for (int i = 0; i < n; ++i) {
    const float current = (kExternal ? ext[i] : 0.0f) + k.bias + in_e[i] + in_i[i];
    in_e[i] = 0.0f;
    in_i[i] = 0.0f;
    if constexpr (kExternal) ext[i] = 0.0f;
    float vn = v[i];
    const float un0 = u[i];
    if constexpr (kHalfSteps) {
      vn += half * (0.04f * vn * vn + 5.0f * vn + 140.0f - un0 + current);
      vn = std::min(vn, kRunawayCap);
      vn += half * (0.04f * vn * vn + 5.0f * vn + 140.0f - un0 + current);
    } else {
      vn += k.h * (0.04f * vn * vn + 5.0f * vn + 140.0f - un0 + current);
    }
    vn = std::min(vn, kRunawayCap);
    const float un = un0 + k.h * a[i] * (b[i] * vn - un0);
    const int r = refr[i];
    v[i] = r > 0 ? v[i] : vn;
    u[i] = r > 0 ? un0 : un;
    refr[i] = r > 0 ? r - 1 : 0;
    if constexpr (kCount) crossed += (r > 0 ? v[i] : vn) >= k.vpeak;
  }
  return crossed;
}

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

void IzhikevichPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  // A population-level a, b, c, d reaches the neurons of a build as the default shifted by
  // set_params (on_param_shift adds the float of the difference); the new neurons get that same
  // float, so they match a build at the new size bit for bit. Per-neuron values are drawn
  // afterwards by the network (set_per_neuron) and replace these.
  const auto built = [&](int p) {
    const double def = kIzhDefaults[static_cast<std::size_t>(p)];
    const double delta = params_[static_cast<std::size_t>(p)] - def;
    return delta != 0.0 ? static_cast<float>(def) + static_cast<float>(delta) : static_cast<float>(def);
  };
  a_.resize(n, built(a));
  b_.resize(n, built(b));
  c_.resize(n, built(c));
  d_.resize(n, built(d));
  v_.resize(n, static_cast<float>(params_[v_init]));  // reset_model_state's values; u in reset_grown_state
  u_.resize(n, 0.0f);
  refractory_.resize(n, 0);
}

void IzhikevichPopulation::reset_grown_state(int first_new) {
  // u = b v_init with the new neurons' final b (it may be a per-neuron value set after the resize).
  const auto v0 = static_cast<float>(params_[v_init]);
  for (auto i = static_cast<std::size_t>(first_new); i < u_.size(); ++i) {
    v_[i] = v0;
    u_[i] = b_[i] * v0;
  }
}

const float* IzhikevichPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case U: return u_.data();
    default: return nullptr;
  }
}

float* IzhikevichPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void IzhikevichPopulation::evolve(std::int64_t step, std::vector<int>& spikes) { evolve_range(step, 0, size_, spikes); }

void IzhikevichPopulation::evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) {
  static_assert(kSplitAlign % kBlock == 0, "a part must start at a block boundary");
  const IzhKernel k{static_cast<float>(dt_), vpeak_, bias_};
  float* in_e = input_.exc(step);
  float* in_i = input_.inh(step);
  using Propagate = int (*)(int, float*, float*, const float*, const float*, int*, float*, float*, float*, const IzhKernel&);
  const auto pick = [&](auto count) -> Propagate {
    constexpr bool kCount = decltype(count)::value;
    if (half_steps_) return external_current_used_ ? izh_propagate_block<true, true, kCount> : izh_propagate_block<true, false, kCount>;
    return external_current_used_ ? izh_propagate_block<false, true, kCount> : izh_propagate_block<false, false, kCount>;
  };
  const Propagate whole_block = pick(std::false_type{}), partial_block = pick(std::true_type{});
  for (int start = begin; start < end; start += kBlock) {
    const int n = std::min(kBlock, end - start);
    const auto at = static_cast<std::size_t>(start);
    std::uint64_t crossed = 0;
    if (n == kBlock) {
      whole_block(n, v_.data() + at, u_.data() + at, a_.data() + at, b_.data() + at, refractory_.data() + at, in_e + start, in_i + start,
                  i_ext_.data() + at, k);
      crossed = crossing_mask(v_.data() + at, n, vpeak_);
    } else if (partial_block(n, v_.data() + at, u_.data() + at, a_.data() + at, b_.data() + at, refractory_.data() + at, in_e + start,
                             in_i + start, i_ext_.data() + at, k) > 0) {
      for (int i = 0; i < n; ++i) crossed |= static_cast<std::uint64_t>(v_[at + static_cast<std::size_t>(i)] >= vpeak_) << i;
    }
    // The neurons that spiked, in order.
    for (; crossed != 0; crossed &= crossed - 1) {
      const int i = start + std::countr_zero(crossed);
      const auto j = static_cast<std::size_t>(i);
      v_[j] = c_[j];
      u_[j] += d_[j];
      refractory_[j] = ref_steps_;
      spikes.push_back(i);
    }
  }
}

}  // namespace neurosim
