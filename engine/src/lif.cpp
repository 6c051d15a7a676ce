#include "neurosim/lif.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "neurosim/synaptic_propagators.hpp"
#include "neurosim/threshold_mask.hpp"

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, LifPopulation::kParamCount> kLifParams{{
    {"tau_m", "ms", "Membrane time constant: how fast V decays back to E_L", 1.0, 100.0},
    {"C_m", "pF", "Membrane capacitance (R = tau_m / C_m)", 1.0, 500.0},
    {"E_L", "mV", "Resting (leak reversal) potential", -90.0, -30.0},
    {"V_th", "mV", "Spike threshold (with an adaptive threshold: its resting value, the threshold is V_th + theta)", -70.0,
     -20.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, -30.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset", 0.0, 20.0},
    {"tau_syn_e", "ms", "Decay time of excitatory synaptic currents", 0.1, 50.0},
    {"tau_syn_i", "ms", "Decay time of inhibitory synaptic currents", 0.1, 50.0},
    {"I_bias", "pA", "Constant current into every neuron", -500.0, 1000.0},
    // The adaptive threshold's two parameters (model lif_adaptive only).
    {"theta_plus", "mV", "Rise of the threshold at each spike (Diehl & Cook 2015: 0.05)", 0.0, 5.0},
    {"tau_theta", "ms", "Time constant of the threshold's return to V_th (Diehl & Cook 2015: 1e7, i.e. homeostatic)", 10.0,
     10000.0},
}};
constexpr std::size_t kFixedParamCount = LifPopulation::theta_plus;  // the plain LIF's parameters come first
// The last two: a threshold that adapts on a time scale visible in a short run.
constexpr std::array<double, LifPopulation::kParamCount> kLifDefaults{10.0, 250.0, -70.0, -55.0, -70.0, 2.0,
                                                                      2.0,  2.0,   0.0,   1.0,   200.0};
constexpr std::array<StateVarDesc, LifPopulation::kVarCount> kLifVars{
    {{"V", "mV"}, {"I_syn_e", "pA"}, {"I_syn_i", "pA"}, {"theta", "mV"}}};
constexpr std::size_t kFixedVarCount = LifPopulation::Theta;

constexpr int kBlock = 64;  // neurons updated as one vector block before looking for spikes
constexpr int kOwnAhead = 512;  // neurons whose lines a part asks to own before its kernel

struct LifKernel {
  float p22, p20, p21e, p21i, p11e, p11i, el, vth, vreset, bias, p_theta;
  std::uint32_t ref_steps;
};

// Phase 1: exact propagation of n neurons, branch-free so that it vectorises (restrict-qualified
// parameters tell the compiler the arrays do not overlap). Who crossed threshold is read back
// afterwards (crossing_mask).
// With kFlags a neuron is refractory when its byte in `held` is set (a RefractoryQueue keeps
// them: one byte read per neuron instead of four, and one test instead of a subtraction and a
// test), otherwise when its refractory end says so; both give the same answer. Without stimuli
// the external-current array is neither read nor cleared; without the adaptive threshold theta
// is neither read nor written (a separate instantiation: the plain LIF's loop is
// exactly what it would be without the option). Without kRing the input ring's slot is neither
// read nor cleared: nothing was written into it (InputRing::holds), which is every step when all
// of a population's input arrives with delay 0 straight into I_syn (cuba: 28 bytes per neuron and
// step instead of 44). Adding a slot of zeros changes no value, so both give the same state.
template <bool kExternal, bool kAdaptive, bool kRing, bool kFlags, bool kCount = false>
[[gnu::always_inline]] inline int lif_propagate_block(int n, float* __restrict v, float* __restrict ie, float* __restrict ii,
                                          float* __restrict theta, const std::uint32_t* __restrict refr_end,
                                          const std::uint8_t* __restrict held, std::uint32_t now, float* __restrict in_e,
                                          float* __restrict in_i, float* __restrict ext, const LifKernel& kernel) {
  const LifKernel k = kernel;
  // One subtraction per neuron: refr_end - (now + 1), not (refr_end - now) - 1, which the
  // compiler kept as two vector operations (the kernel is bound by its vector operations).
  const std::uint32_t next = now + 1u;
  int crossed = 0;
  for (int i = 0; i < n; ++i) {
    // Refractory while 1 <= refr_end - now <= ref_steps, in unsigned arithmetic so that the step
    // counter may wrap; a neuron that never fired (refr_end 0) is never refractory.
    const bool refractory = kFlags ? held[i] != 0 : refr_end[i] - next < k.ref_steps;
    const float drive = kExternal ? ext[i] + k.bias : k.bias;
    const float v_free = k.el + (v[i] - k.el) * k.p22 + ie[i] * k.p21e + ii[i] * k.p21i + drive * k.p20;
    const float vn = refractory ? k.vreset : v_free;
    v[i] = vn;
    if constexpr (kRing) {
      ie[i] = ie[i] * k.p11e + in_e[i];
      ii[i] = ii[i] * k.p11i + in_i[i];
      in_e[i] = 0.0f;
      in_i[i] = 0.0f;
    } else {
      ie[i] = ie[i] * k.p11e;
      ii[i] = ii[i] * k.p11i;
    }
    if constexpr (kExternal) ext[i] = 0.0f;
    if constexpr (kAdaptive) theta[i] = theta[i] * k.p_theta;
    if constexpr (kCount) crossed += vn >= (kAdaptive ? k.vth + theta[i] : k.vth);
  }
  return crossed;
}

template <bool kAdaptive>
[[gnu::always_inline]] inline std::uint64_t lif_crossed(int n, const float* v, const float* theta, float vth) {
  if constexpr (kAdaptive) return crossing_mask(v, n, vth, theta);
  return crossing_mask(v, n, vth);
}

// Up to kChunkBlocks whole blocks in one call (the block loop's trip count is then a constant,
// so it is unrolled without a remainder, and a call is paid per chunk, not per block), or one
// partial block (blocks = 0, n neurons). crossed[b] receives the mask of block b's neurons that
// crossed threshold.
constexpr int kChunkBlocks = 64;
static_assert(kChunkBlocks <= 64, "evolve_range keeps one bit per block of a chunk");
template <bool kExternal, bool kAdaptive, bool kRing, bool kFlags>
[[gnu::noinline]] void lif_propagate_chunk(int blocks, int n, float* __restrict v, float* __restrict ie, float* __restrict ii,
                                           float* __restrict theta, const std::uint32_t* __restrict refr_end,
                                           const std::uint8_t* __restrict held, std::uint32_t now,
                                           float* __restrict in_e, float* __restrict in_i, float* __restrict ext,
                                           const LifKernel& kernel, std::uint64_t* crossed) {
  if (blocks == 0) {  // a partial block: counted in the loop, read back only when one crossed
    const int count =
        lif_propagate_block<kExternal, kAdaptive, kRing, kFlags, true>(n, v, ie, ii, theta, refr_end, held, now, in_e, in_i, ext, kernel);
    crossed[0] = count == 0 ? 0 : lif_crossed<kAdaptive>(n, v, theta, kernel.vth);
    return;
  }
  for (int b = 0; b < blocks; ++b) {
    const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(b) * kBlock;
    float* th = kAdaptive ? theta + o : theta;
    lif_propagate_block<kExternal, kAdaptive, kRing, kFlags>(kBlock, v + o, ie + o, ii + o, th, refr_end + o, kFlags ? held + o : held,
                                                             now, kRing ? in_e + o : in_e, kRing ? in_i + o : in_i,
                                                             kExternal ? ext + o : ext, kernel);
    crossed[b] = lif_crossed<kAdaptive>(kBlock, v + o, th, kernel.vth);
  }
}

using LifPropagate = void (*)(int, int, float*, float*, float*, float*, const std::uint32_t*, const std::uint8_t*, std::uint32_t,
                              float*, float*, float*, const LifKernel&, std::uint64_t*);
template <bool kRing, bool kFlags>
constexpr LifPropagate lif_propagate_with(bool external, bool adaptive) {
  if (adaptive) return external ? lif_propagate_chunk<true, true, kRing, kFlags> : lif_propagate_chunk<false, true, kRing, kFlags>;
  return external ? lif_propagate_chunk<true, false, kRing, kFlags> : lif_propagate_chunk<false, false, kRing, kFlags>;
}
constexpr LifPropagate lif_propagate(bool external, bool adaptive, bool ring, bool flags) {
  if (flags) return ring ? lif_propagate_with<true, true>(external, adaptive) : lif_propagate_with<false, true>(external, adaptive);
  return ring ? lif_propagate_with<true, false>(external, adaptive) : lif_propagate_with<false, false>(external, adaptive);
}

}  // namespace

LifPopulation::LifPopulation(std::string name, int size, double dt_ms, LifThreshold threshold)
    : Population(std::move(name), size, dt_ms),
      adaptive_(threshold == LifThreshold::adaptive),
      v_(static_cast<std::size_t>(size)),
      ie_(static_cast<std::size_t>(size)),
      ii_(static_cast<std::size_t>(size)),
      theta_(adaptive_ ? static_cast<std::size_t>(size) : 0u),
      refractory_(static_cast<std::size_t>(size)),
      held_(static_cast<std::size_t>(size)) {
  init_params(std::span<const double>(kLifDefaults).first(param_descs().size()));
  update_derived();
  reset_model_state();
  const int whole[] = {0, size};
  set_parts(whole);
}

std::span<const ParamDesc> LifPopulation::param_descs() const {
  return std::span<const ParamDesc>(kLifParams).first(adaptive_ ? kLifParams.size() : kFixedParamCount);
}
std::span<const StateVarDesc> LifPopulation::state_descs() const {
  return std::span<const StateVarDesc>(kLifVars).first(adaptive_ ? kLifVars.size() : kFixedVarCount);
}

std::vector<ParamError> LifPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(param_descs(), p);
  if (!errors.empty()) return errors;
  const auto check = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kLifParams[static_cast<std::size_t>(i)].name), *e});
  };
  check(tau_m, require_positive(p[tau_m]));
  check(C_m, require_positive(p[C_m]));
  check(t_ref, require_non_negative(p[t_ref]));
  check(tau_syn_e, require_positive(p[tau_syn_e]));
  check(tau_syn_i, require_positive(p[tau_syn_i]));
  if (adaptive_) {
    check(theta_plus, require_non_negative(p[theta_plus]));
    check(tau_theta, require_positive(p[tau_theta]));
  }
  if (p[V_reset] >= p[V_th])
    errors.push_back({"V_reset", "must be below V_th (got " + format_number(p[V_reset]) + " >= " + format_number(p[V_th]) + ")"});
  return errors;
}

void LifPopulation::update_derived() {
  const double h = dt_;
  const double tm = params_[tau_m], c = params_[C_m];
  p22_ = static_cast<float>(std::exp(-h / tm));
  p20_ = static_cast<float>(tm / c * -std::expm1(-h / tm));
  p11e_ = static_cast<float>(std::exp(-h / params_[tau_syn_e]));
  p11i_ = static_cast<float>(std::exp(-h / params_[tau_syn_i]));
  p21e_ = static_cast<float>(psc_exp_to_membrane(params_[tau_syn_e], tm, c, h));
  p21i_ = static_cast<float>(psc_exp_to_membrane(params_[tau_syn_i], tm, c, h));
  el_ = static_cast<float>(params_[E_L]);
  vth_ = static_cast<float>(params_[V_th]);
  vreset_ = static_cast<float>(params_[V_reset]);
  bias_ = static_cast<float>(params_[I_bias]);
  ref_steps_ = static_cast<int>(std::lround(params_[t_ref] / h));
  invalidate_refractory_lists();  // a new period may break the lists' order of ends
  if (adaptive_) {
    p_theta_ = static_cast<float>(std::exp(-h / params_[tau_theta]));
    theta_plus_ = static_cast<float>(params_[theta_plus]);
  }
}

void LifPopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[E_L]));
  for (auto* x : {&ie_, &ii_, &theta_}) std::fill(x->begin(), x->end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0u);
  std::fill(held_.begin(), held_.end(), std::uint8_t{0});
  invalidate_refractory_lists();
}

void LifPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  // reset_model_state's values; a refractory end of 0 is "never fired", as after a build.
  v_.resize(n, static_cast<float>(params_[E_L]));
  for (auto* x : {&ie_, &ii_}) x->resize(n, 0.0f);
  if (adaptive_) theta_.resize(n, 0.0f);  // theta stays empty without the adaptive threshold
  refractory_.resize(n, 0u);
  held_.resize(n, 0);
  // The parts change with the size: the network tells the new ones (set_parts), and a whole
  // population stepped alone gets its list at its next step.
  invalidate_refractory_lists();
  stepped_whole_ = false;
}

const float* LifPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case I_syn_e: return ie_.data();
    case I_syn_i: return ii_.data();
    case Theta: return adaptive_ ? theta_.data() : nullptr;
    default: return nullptr;
  }
}

float* LifPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void LifPopulation::set_parts(std::span<const int> bounds) {
  refractory_lists_.clear();
  // A part of less than a block reads the ends: the flags would save it nothing, and their
  // bookkeeping costs a few nanoseconds a step (song2000-stdp's one neuron steps a million times).
  for (std::size_t t = 0; t + 1 < bounds.size(); ++t)
    if (bounds[t + 1] - bounds[t] >= kBlock) refractory_lists_.push_back(std::make_unique<RefractoryQueue>(bounds[t], bounds[t + 1]));
  stepped_whole_ = bounds.size() == 2 && bounds[0] == 0 && bounds[1] == size_;
}

RefractoryQueue* LifPopulation::refractory_list(int begin, int end) {
  for (const auto& list : refractory_lists_)
    if (list->begin() == begin && list->end() == end) return list.get();
  return nullptr;
}

bool LifPopulation::refractory_flags_used() const {
  return !refractory_lists_.empty() &&
         std::all_of(refractory_lists_.begin(), refractory_lists_.end(), [](const auto& list) { return list->ready(); });
}

void LifPopulation::invalidate_refractory_lists() {
  for (const auto& list : refractory_lists_) list->invalidate();
}

void LifPopulation::step_whole() {
  const int whole[] = {0, size_};
  set_parts(whole);
}

void LifPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  // Stepped whole (by one thread): the list of the whole population, made here after the
  // population was stepped in parts or changed size (out of line: a million steps of a small
  // population pay for every instruction here).
  if (!stepped_whole_) [[unlikely]]
    step_whole();
  evolve_part(step, 0, size_, spikes, refractory_lists_.empty() ? nullptr : refractory_lists_.front().get());
}

void LifPopulation::evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes) {
  RefractoryQueue* list = refractory_lists_.empty() ? nullptr : refractory_list(begin, end);
  if (list == nullptr)
    for (const auto& other : refractory_lists_)  // this range's spikes go past the lists that overlap it
      if (other->begin() < end && begin < other->end()) other->invalidate();
  evolve_part(step, begin, end, spikes, list);
}

void LifPopulation::evolve_part(std::int64_t step, int begin, int end, std::vector<int>& spikes, RefractoryQueue* list) {
  static_assert(kSplitAlign % kBlock == 0, "a part must start at a block boundary");
  const LifKernel k{p22_, p20_, p21e_, p21i_, p11e_, p11i_, el_, vth_, vreset_, bias_, p_theta_, static_cast<std::uint32_t>(ref_steps_)};
  // The slot is read only when a writer raised its flag (the network lowers it after the step, so
  // every part of a population stepped by several threads sees the same flag).
  const bool ring = input_.holds(step);
  float* in_e = input_.slot_exc(step);
  float* in_i = input_.slot_inh(step);
  float* theta = adaptive_ ? theta_.data() : nullptr;
  // Stepped by several threads, the first lines of a part are often not writable in this core's
  // cache when its kernel starts (another core holds copies: the first blocks of 64 neurons
  // waited 150-800 cycles each). Asking for the first 512 neurons' lines with intent to write
  // first lets those hand-overs overlap (the 64k network on two threads: about 4 % faster; more
  // lines were slower). Stepped by one thread the lines are already this core's, and the
  // requests cost `cuba` 2-3 %.
  const int own_ahead = refractory_lists_.size() > 1 ? std::min(end, begin + kOwnAhead) : begin;
  for (int i = begin; i < own_ahead; i += 16) {
    __builtin_prefetch(v_.data() + i, 1);
    __builtin_prefetch(ie_.data() + i, 1);
    __builtin_prefetch(ii_.data() + i, 1);
  }
  // The kernel reads the refractory flags when this part has an up-to-date list, and the
  // refractory ends otherwise (a range that is not one of the parts, or a list that cannot say
  // yet: see RefractoryQueue::rebuild).
  const bool flags = list != nullptr && list->prepare(refractory_.data(), held_.data(), step, static_cast<std::uint32_t>(ref_steps_));
  const LifPropagate propagate = lif_propagate(external_current_used_, adaptive_, ring, flags);
  const std::uint32_t refractory_end = static_cast<std::uint32_t>(step) + static_cast<std::uint32_t>(ref_steps_) + 1u;
  std::uint64_t crossed[kChunkBlocks];
  for (int start = begin; start < end;) {
    // Whole blocks a chunk at a time, then the partial block at the population's end.
    const int blocks = std::min((end - start) / kBlock, kChunkBlocks);
    const int n = blocks > 0 ? blocks * kBlock : end - start;
    propagate(blocks, n, v_.data() + start, ie_.data() + start, ii_.data() + start, theta != nullptr ? theta + start : nullptr,
              refractory_.data() + start, held_.data() + start, static_cast<std::uint32_t>(step), in_e + start, in_i + start,
              i_ext_.data() + start, k, crossed);
    // Phase 2: reset, refractory countdown (and the threshold's jump) for the few that crossed,
    // in ascending order.
    // Blocks without a crossing are skipped by a summary mask, one bit per block: most have
    // none, and a test per block was a branch taken at random.
    for (std::uint64_t any = nonzero_mask(crossed, std::max(blocks, 1)); any != 0; any &= any - 1) {
      const int b = std::countr_zero(any);
      for (std::uint64_t m = crossed[b]; m != 0; m &= m - 1) {
        const int i = start + b * kBlock + std::countr_zero(m);
        const auto j = static_cast<std::size_t>(i);
        v_[j] = vreset_;
        // Held at V_reset for the next ref_steps_ steps.
        refractory_[j] = refractory_end;
        if (theta != nullptr) theta[j] += theta_plus_;
        spikes.push_back(i);
        if (list != nullptr) list->push(i, refractory_end, held_.data());
      }
    }
    start += n;
  }
}


}  // namespace neurosim
