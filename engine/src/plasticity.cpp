#include "neurosim/plasticity.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, StdpPlasticity::kStdpParamCount> kStdpParams{{
    {"eta", "", "Learning rate: scales both potentiation and depression", 0.0, 5.0},
    {"A_plus", "", "Potentiation amplitude (pre before post)", 0.0, 0.1},
    {"A_minus", "", "Depression amplitude (post before pre), as a positive number", 0.0, 0.1},
    {"tau_plus", "ms", "Decay of the presynaptic trace (potentiation window)", 1.0, 100.0},
    {"tau_minus", "ms", "Decay of the postsynaptic trace (depression window)", 1.0, 100.0},
    {"w_min", "", "Lower weight bound", -10.0, 10.0},
    {"w_max", "", "Upper weight bound", 0.0, 100.0},
    {"multiplicative", "", "0 = additive, 1 = weight-dependent (soft bounds)", 0.0, 1.0},
    {"pairing", "", "0 = all-to-all, 1 = nearest, 2 = restricted nearest (Masquelier 2008)", 0.0, 2.0},
    {"learn", "", "1 = learning, 0 = frozen (evaluation)", 0.0, 1.0},
}};
constexpr std::array<double, StdpPlasticity::kStdpParamCount> kStdpDefaults{1.0, 0.01, 0.0105, 20.0, 20.0, 0.0, 1.0, 0.0, 0.0, 1.0};

constexpr std::array<ParamDesc, RstdpPlasticity::kRstdpParamCount> kRstdpParams = [] {
  std::array<ParamDesc, RstdpPlasticity::kRstdpParamCount> all{};
  for (std::size_t i = 0; i < kStdpParams.size(); ++i) all[i] = kStdpParams[i];
  all[RstdpPlasticity::tau_c] = {"tau_c", "ms", "Decay of the eligibility trace", 10.0, 5000.0};
  all[RstdpPlasticity::tau_d] = {"tau_d", "ms", "Decay of the dopamine (reward) signal", 10.0, 2000.0};
  return all;
}();
constexpr std::array<double, RstdpPlasticity::kRstdpParamCount> kRstdpDefaults{1.0, 1.0, 1.5, 20.0, 20.0, 0.0, 4.0, 0.0, 0.0, 1.0, 1000.0, 200.0};

bool is_flag(double v) { return v == 0.0 || v == 1.0; }

}  // namespace

// [SECTION] STDP
StdpPlasticity::StdpPlasticity(const Projection& projection, double dt_ms)
    : StdpPlasticity(projection, dt_ms, kStdpParams, kStdpDefaults) {}

StdpPlasticity::StdpPlasticity(const Projection& projection, double dt_ms, std::span<const ParamDesc>,
                               std::span<const double> defaults)
    : dt_(dt_ms),
      last_pre_(static_cast<std::size_t>(projection.pre_size()), kNever),
      last_post_(static_cast<std::size_t>(projection.post_size()), kNever),
      x_(static_cast<std::size_t>(projection.pre_size()), 0.0),
      y_(static_cast<std::size_t>(projection.post_size()), 0.0) {
  init_params(defaults);
}

std::span<const ParamDesc> StdpPlasticity::param_descs() const { return kStdpParams; }

std::vector<ParamError> StdpPlasticity::validate_stdp(std::span<const double> p) const {
  auto errors = check_finite(kStdpParams, p.first(kStdpParamCount));
  if (!errors.empty()) return errors;
  const auto add = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kStdpParams[static_cast<std::size_t>(i)].name), *e});
  };
  add(eta, require_non_negative(p[eta]));
  add(A_plus, require_non_negative(p[A_plus]));
  add(A_minus, require_non_negative(p[A_minus]));
  add(tau_plus, require_positive(p[tau_plus]));
  add(tau_minus, require_positive(p[tau_minus]));
  if (!(p[w_min] < p[w_max]))
    errors.push_back({"w_max", "must be above w_min (got " + format_number(p[w_max]) + " <= " + format_number(p[w_min]) + ")"});
  if (!is_flag(p[multiplicative])) errors.push_back({"multiplicative", "must be 0 or 1 (got " + format_number(p[multiplicative]) + ")"});
  if (p[pairing] != 0.0 && p[pairing] != 1.0 && p[pairing] != 2.0)
    errors.push_back({"pairing", "must be 0, 1 or 2 (got " + format_number(p[pairing]) + ")"});
  if (!is_flag(p[learn])) errors.push_back({"learn", "must be 0 or 1 (got " + format_number(p[learn]) + ")"});
  return errors;
}

std::vector<ParamError> StdpPlasticity::validate(std::span<const double> p) const { return validate_stdp(p); }

void StdpPlasticity::update_derived() {}

double StdpPlasticity::clip(double w) const { return std::clamp(w, params_[w_min], params_[w_max]); }

void StdpPlasticity::apply_term(std::int64_t k, double term, Projection& projection) {
  auto w = projection.weights();
  const auto s = static_cast<std::size_t>(k);
  const double wk = w[s];
  const double scaled = params_[multiplicative] != 0.0
                            ? term * (term > 0 ? params_[w_max] - wk : wk - params_[w_min])
                            : term;
  w[s] = static_cast<float>(clip(wk + params_[eta] * scaled));
}

double StdpPlasticity::window(double dt_ms, double w) const {
  double term = dt_ms >= 0 ? params_[A_plus] * std::exp(-dt_ms / params_[tau_plus])
                           : -params_[A_minus] * std::exp(dt_ms / params_[tau_minus]);
  if (params_[multiplicative] != 0.0) term *= term > 0 ? params_[w_max] - w : w - params_[w_min];
  return params_[eta] * term;
}

void StdpPlasticity::on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection& projection) {
  const auto row_ptr = projection.row_ptr();
  const auto col = projection.wide_col();
  const int mode = static_cast<int>(params_[pairing]);
  const double a_minus = params_[A_minus], tau_m = params_[tau_minus], tau_p = params_[tau_plus];
  for (const int i : pre) {
    const auto si = static_cast<std::size_t>(i);
    // Depression by each postsynaptic neuron's trace.
    for (std::int64_t k = row_ptr[si]; k < row_ptr[si + 1]; ++k) {
      const auto j = static_cast<std::size_t>(col[static_cast<std::size_t>(k)]);
      const std::int64_t t_post = last_post_[j];
      if (t_post == kNever) continue;
      // Restricted: the postsynaptic spike is used by the first presynaptic spike after it only.
      if (mode == RestrictedNearest && t_post < last_pre_[si]) continue;
      const double y = y_[j] * std::exp(-static_cast<double>(step - t_post) * dt_ / tau_m);
      apply_term(k, -a_minus * y, projection);
    }
    // This spike's own trace.
    const double decayed = last_pre_[si] == kNever ? 0.0 : x_[si] * std::exp(-static_cast<double>(step - last_pre_[si]) * dt_ / tau_p);
    x_[si] = mode == AllToAll ? decayed + 1.0 : 1.0;
    last_pre_[si] = step;
  }
}

void StdpPlasticity::on_post_spikes(std::span<const int> post, std::int64_t step, Projection& projection) {
  const auto col_ptr = projection.col_ptr();
  const auto t_pre = projection.transpose_pre();
  const auto t_syn = projection.transpose_synapse();
  const int mode = static_cast<int>(params_[pairing]);
  const double a_plus = params_[A_plus], tau_p = params_[tau_plus], tau_m = params_[tau_minus];
  for (const int j : post) {
    const auto sj = static_cast<std::size_t>(j);
    for (std::int64_t m = col_ptr[sj]; m < col_ptr[sj + 1]; ++m) {
      const auto i = static_cast<std::size_t>(t_pre[static_cast<std::size_t>(m)]);
      const std::int64_t t_pre_spike = last_pre_[i];
      if (t_pre_spike == kNever) continue;
      // Restricted: the presynaptic spike is used by the first postsynaptic spike after it only.
      if (mode == RestrictedNearest && t_pre_spike <= last_post_[sj]) continue;
      const double x = x_[i] * std::exp(-static_cast<double>(step - t_pre_spike) * dt_ / tau_p);
      apply_term(t_syn[static_cast<std::size_t>(m)], a_plus * x, projection);
    }
    const double decayed = last_post_[sj] == kNever ? 0.0 : y_[sj] * std::exp(-static_cast<double>(step - last_post_[sj]) * dt_ / tau_m);
    y_[sj] = mode == AllToAll ? decayed + 1.0 : 1.0;
    last_post_[sj] = step;
  }
}

void StdpPlasticity::reset() {
  std::fill(last_pre_.begin(), last_pre_.end(), kNever);
  std::fill(last_post_.begin(), last_post_.end(), kNever);
  std::fill(x_.begin(), x_.end(), 0.0);
  std::fill(y_.begin(), y_.end(), 0.0);
}

void StdpPlasticity::grow(const Projection& grown, std::span<const std::int64_t>) {
  last_pre_.resize(static_cast<std::size_t>(grown.pre_size()), kNever);
  x_.resize(static_cast<std::size_t>(grown.pre_size()), 0.0);
  last_post_.resize(static_cast<std::size_t>(grown.post_size()), kNever);
  y_.resize(static_cast<std::size_t>(grown.post_size()), 0.0);
}

// [SECTION] Reward-modulated STDP
RstdpPlasticity::RstdpPlasticity(const Projection& projection, double dt_ms)
    : StdpPlasticity(projection, dt_ms, kRstdpParams, kRstdpDefaults), eligibility_(projection.synapse_count(), 0.0) {
  update_derived();
}

std::span<const ParamDesc> RstdpPlasticity::param_descs() const { return kRstdpParams; }

std::vector<ParamError> RstdpPlasticity::validate(std::span<const double> p) const {
  auto errors = validate_stdp(p);
  for (const int i : {tau_c, tau_d})
    if (auto e = require_positive(p[static_cast<std::size_t>(i)]))
      errors.push_back({std::string(kRstdpParams[static_cast<std::size_t>(i)].name), *e});
  return errors;
}

void RstdpPlasticity::update_derived() {
  c_decay_ = std::exp(-dt_ / params_[tau_c]);
  d_decay_ = std::exp(-dt_ / params_[tau_d]);
}

void RstdpPlasticity::apply_term(std::int64_t k, double term, Projection&) {
  eligibility_[static_cast<std::size_t>(k)] += term;
}

void RstdpPlasticity::end_step(std::int64_t, Projection& projection) {
  auto w = projection.weights();
  const double gain = params_[eta] * dopamine_ * dt_;
  const double lo = params_[w_min], hi = params_[w_max];
  if (gain != 0.0) {
    for (std::size_t k = 0; k < eligibility_.size(); ++k)
      w[k] = static_cast<float>(std::clamp(w[k] + gain * eligibility_[k], lo, hi));
  }
  for (double& c : eligibility_) c *= c_decay_;
  dopamine_ *= d_decay_;
  // A trace of dopamine this small can no longer move a weight (its whole remaining integral,
  // tau_d |d|, is far below float resolution): zero, so that the weight loop above is skipped
  // between rewards.
  if (std::abs(dopamine_) < 1e-12) dopamine_ = 0.0;
}

void RstdpPlasticity::reset() {
  StdpPlasticity::reset();
  std::fill(eligibility_.begin(), eligibility_.end(), 0.0);
  dopamine_ = 0.0;
}

void RstdpPlasticity::grow(const Projection& grown, std::span<const std::int64_t> old_to_new) {
  StdpPlasticity::grow(grown, old_to_new);
  std::vector<double> moved(grown.synapse_count(), 0.0);
  for (std::size_t k = 0; k < old_to_new.size(); ++k) moved[static_cast<std::size_t>(old_to_new[k])] = eligibility_[k];
  eligibility_ = std::move(moved);
}

// [SECTION] Triplet STDP (Diehl & Cook 2015)
namespace {
constexpr std::array<ParamDesc, TripletStdpPlasticity::kParamCount> kTripletParams{{
    {"nu_pre", "", "Depression at a presynaptic spike, times the post1 trace (Diehl & Cook: 0.0001)", 0.0, 0.01},
    {"nu_post", "", "Potentiation at a postsynaptic spike, times pre trace x post2 trace (Diehl & Cook: 0.01)", 0.0, 0.1},
    {"tau_pre", "ms", "Decay of the presynaptic trace", 1.0, 100.0},
    {"tau_post1", "ms", "Decay of the postsynaptic trace that depresses", 1.0, 100.0},
    {"tau_post2", "ms", "Decay of the slower postsynaptic trace that gates potentiation", 1.0, 200.0},
    {"w_min", "", "Lower weight bound", -10.0, 10.0},
    {"w_max", "", "Upper weight bound", 0.0, 100.0},
    {"learn", "", "1 = learning, 0 = frozen (evaluation)", 0.0, 1.0},
    {"pre_at_arrival", "", "1 = potentiate with the presynaptic trace of the spike's arrival (after its delay), as Brian; 0 = of its emission", 0.0, 1.0},
}};
constexpr std::array<double, TripletStdpPlasticity::kParamCount> kTripletDefaults{0.0001, 0.01, 20.0, 20.0, 40.0, 0.0, 1.0, 1.0, 0.0};
}  // namespace

TripletStdpPlasticity::TripletStdpPlasticity(const Projection& projection, double dt_ms)
    : dt_(dt_ms),
      x_pre_(static_cast<std::size_t>(projection.pre_size()), 0.0f),
      x_post1_(static_cast<std::size_t>(projection.post_size()), 0.0f),
      x_post2_(static_cast<std::size_t>(projection.post_size()), 0.0f) {
  init_params(kTripletDefaults);
  update_derived();
}

std::span<const ParamDesc> TripletStdpPlasticity::param_descs() const { return kTripletParams; }

std::vector<ParamError> TripletStdpPlasticity::validate(std::span<const double> p) const {
  auto errors = check_finite(kTripletParams, p);
  if (!errors.empty()) return errors;
  const auto add = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kTripletParams[static_cast<std::size_t>(i)].name), *e});
  };
  add(nu_pre, require_non_negative(p[nu_pre]));
  add(nu_post, require_non_negative(p[nu_post]));
  for (const int i : {tau_pre, tau_post1, tau_post2}) add(i, require_positive(p[static_cast<std::size_t>(i)]));
  if (!(p[w_min] < p[w_max]))
    errors.push_back({"w_max", "must be above w_min (got " + format_number(p[w_max]) + " <= " + format_number(p[w_min]) + ")"});
  if (!is_flag(p[learn])) errors.push_back({"learn", "must be 0 or 1 (got " + format_number(p[learn]) + ")"});
  if (!is_flag(p[pre_at_arrival]))
    errors.push_back({"pre_at_arrival", "must be 0 or 1 (got " + format_number(p[pre_at_arrival]) + ")"});
  return errors;
}

void TripletStdpPlasticity::fit_history(const Projection& projection) {
  // One spike per step at most: the latest spike that has arrived through a delay of d steps is
  // among the last d + 1, so max_delay + 1 spike steps always hold it.
  const int history = projection.max_delay_steps() + 1;
  const auto pre = static_cast<std::size_t>(projection.pre_size());
  if (history == history_ && fired_head_.size() == pre) return;
  history_ = history;
  fired_at_.assign(pre * static_cast<std::size_t>(history), kNoSpike);
  fired_head_.assign(pre, 0);
}

float TripletStdpPlasticity::arrived_trace(int i, int delay, std::int64_t step) const {
  const std::int64_t latest_emission = step - delay;
  const std::size_t base = static_cast<std::size_t>(i) * static_cast<std::size_t>(history_);
  int h = fired_head_[static_cast<std::size_t>(i)];
  for (int n = 0; n < history_; ++n) {
    const std::int64_t e = fired_at_[base + static_cast<std::size_t>(h)];
    if (e == kNoSpike) return 0.0f;
    if (e <= latest_emission) return static_cast<float>(std::exp(-static_cast<double>(latest_emission - e) * dt_ / params_[tau_pre]));
    h = h == 0 ? history_ - 1 : h - 1;
  }
  return 0.0f;  // not reached: the ring holds the latest arrived spike (see fit_history)
}

void TripletStdpPlasticity::update_derived() {
  d_pre_ = static_cast<float>(std::exp(-dt_ / params_[tau_pre]));
  d_post1_ = static_cast<float>(std::exp(-dt_ / params_[tau_post1]));
  d_post2_ = static_cast<float>(std::exp(-dt_ / params_[tau_post2]));
}

void TripletStdpPlasticity::on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection& projection) {
  const auto row_ptr = projection.row_ptr();
  const std::int32_t* __restrict col = projection.wide_col().data();
  float* __restrict w = projection.weights().data();
  const float* __restrict post1 = x_post1_.data();
  const auto nu = static_cast<float>(params_[nu_pre]), lo = static_cast<float>(params_[w_min]);
  const bool arrival = params_[pre_at_arrival] != 0.0;
  if (arrival) fit_history(projection);
  for (const int i : pre) {
    const auto si = static_cast<std::size_t>(i);
    for (std::int64_t k = row_ptr[si]; k < row_ptr[si + 1]; ++k) w[k] = std::max(w[k] - nu * post1[col[k]], lo);
    x_pre_[si] = 1.0f;
    if (arrival) {
      int& head = fired_head_[si];
      head = head + 1 == history_ ? 0 : head + 1;
      fired_at_[si * static_cast<std::size_t>(history_) + static_cast<std::size_t>(head)] = step;
    }
  }
}

void TripletStdpPlasticity::on_post_spikes(std::span<const int> post, std::int64_t step, Projection& projection) {
  const auto col_ptr = projection.col_ptr();
  const auto t_pre = projection.transpose_pre();
  const auto t_syn = projection.transpose_synapse();
  auto w = projection.weights();
  const auto nu = static_cast<float>(params_[nu_post]), hi = static_cast<float>(params_[w_max]);
  const bool arrival = params_[pre_at_arrival] != 0.0;
  if (arrival) fit_history(projection);
  for (const int j : post) {
    const auto sj = static_cast<std::size_t>(j);
    const float gate = nu * x_post2_[sj];  // post2 before this spike
    if (gate > 0.0f && arrival)
      for (std::int64_t m = col_ptr[sj]; m < col_ptr[sj + 1]; ++m) {
        const auto k = static_cast<std::size_t>(t_syn[static_cast<std::size_t>(m)]);
        const float x = arrived_trace(t_pre[static_cast<std::size_t>(m)], projection.delay_steps(k), step);
        w[k] = std::min(w[k] + gate * x, hi);
      }
    else if (gate > 0.0f)
      for (std::int64_t m = col_ptr[sj]; m < col_ptr[sj + 1]; ++m) {
        const auto k = static_cast<std::size_t>(t_syn[static_cast<std::size_t>(m)]);
        w[k] = std::min(w[k] + gate * x_pre_[static_cast<std::size_t>(t_pre[static_cast<std::size_t>(m)])], hi);
      }
    x_post1_[sj] = 1.0f;
    x_post2_[sj] = 1.0f;
  }
}

void TripletStdpPlasticity::end_step(std::int64_t, Projection&) {
  // The traces after this step's spikes, one step on.
  for (float& x : x_pre_) x *= d_pre_;
  for (float& x : x_post1_) x *= d_post1_;
  for (float& x : x_post2_) x *= d_post2_;
}

void TripletStdpPlasticity::reset() {
  for (auto* v : {&x_pre_, &x_post1_, &x_post2_}) std::fill(v->begin(), v->end(), 0.0f);
  std::fill(fired_at_.begin(), fired_at_.end(), kNoSpike);
  std::fill(fired_head_.begin(), fired_head_.end(), 0);
}

void TripletStdpPlasticity::grow(const Projection& grown, std::span<const std::int64_t>) {
  x_pre_.resize(static_cast<std::size_t>(grown.pre_size()), 0.0f);
  if (history_ > 0) {
    // New presynaptic neurons come last and have not fired.
    fired_at_.resize(static_cast<std::size_t>(grown.pre_size()) * static_cast<std::size_t>(history_), kNoSpike);
    fired_head_.resize(static_cast<std::size_t>(grown.pre_size()), 0);
  }
  x_post1_.resize(static_cast<std::size_t>(grown.post_size()), 0.0f);
  x_post2_.resize(static_cast<std::size_t>(grown.post_size()), 0.0f);
}

// [SECTION] First-spike R-STDP (Mozafari et al. 2018)
namespace {
constexpr std::array<ParamDesc, FirstSpikeRstdpPlasticity::kParamCount> kFirstSpikeParams{{
    {"a_r_plus", "", "Reward: potentiation of inputs that fired by the winner's first spike", 0.0, 0.1},
    {"a_r_minus", "", "Reward: depression of the other inputs, as a positive number", 0.0, 0.1},
    {"a_p_plus", "", "Punishment: potentiation of inputs that fired after the winner or not at all", 0.0, 0.1},
    {"a_p_minus", "", "Punishment: depression of inputs that fired by the winner's first spike, positive", 0.0, 0.1},
    {"w_min", "", "Lower weight bound", -10.0, 10.0},
    {"w_max", "", "Upper weight bound", 0.0, 100.0},
    {"learn", "", "1 = learning, 0 = frozen (evaluation)", 0.0, 1.0},
}};
// Mozafari et al. 2018's values for their last layer (a_r+ 0.004, a_r- 0.003, a_p+ 0.0005, a_p- 0.004).
constexpr std::array<double, FirstSpikeRstdpPlasticity::kParamCount> kFirstSpikeDefaults{0.004, 0.003, 0.0005, 0.004, 0.0, 1.0, 1.0};
}  // namespace

FirstSpikeRstdpPlasticity::FirstSpikeRstdpPlasticity(const Projection& projection, double)
    : first_pre_(static_cast<std::size_t>(projection.pre_size()), kNever),
      first_post_(static_cast<std::size_t>(projection.post_size()), kNever) {
  init_params(kFirstSpikeDefaults);
}

std::span<const ParamDesc> FirstSpikeRstdpPlasticity::param_descs() const { return kFirstSpikeParams; }

std::vector<ParamError> FirstSpikeRstdpPlasticity::validate(std::span<const double> p) const {
  auto errors = check_finite(kFirstSpikeParams, p);
  if (!errors.empty()) return errors;
  for (const int i : {a_r_plus, a_r_minus, a_p_plus, a_p_minus})
    if (auto e = require_non_negative(p[static_cast<std::size_t>(i)]))
      errors.push_back({std::string(kFirstSpikeParams[static_cast<std::size_t>(i)].name), *e});
  if (!(p[w_min] < p[w_max]))
    errors.push_back({"w_max", "must be above w_min (got " + format_number(p[w_max]) + " <= " + format_number(p[w_min]) + ")"});
  if (!is_flag(p[learn])) errors.push_back({"learn", "must be 0 or 1 (got " + format_number(p[learn]) + ")"});
  return errors;
}

void FirstSpikeRstdpPlasticity::on_pre_spikes(std::span<const int> pre, std::int64_t step, Projection&) {
  for (const int i : pre) first_pre_[static_cast<std::size_t>(i)] = std::min(first_pre_[static_cast<std::size_t>(i)], step);
}

void FirstSpikeRstdpPlasticity::on_post_spikes(std::span<const int> post, std::int64_t step, Projection&) {
  for (const int j : post) first_post_[static_cast<std::size_t>(j)] = std::min(first_post_[static_cast<std::size_t>(j)], step);
}

void FirstSpikeRstdpPlasticity::end_window(double amount, int winner, bool winner_silent, Projection& projection) {
  if (learning() && amount != 0.0 && winner >= 0 && winner < projection.post_size() &&
      (winner_silent || first_post_[static_cast<std::size_t>(winner)] != kNever)) {
    // A silent winner decided at the window's end: every input that fired came before it.
    const std::int64_t t_post = std::min(first_post_[static_cast<std::size_t>(winner)], kNever - 1);
    const double lo = params_[w_min], hi = params_[w_max], span = hi - lo;
    const double r = std::abs(amount);
    // Causal inputs (fired by the winner's first spike) and the rest, per outcome.
    const double causal = amount > 0 ? r * params_[a_r_plus] : -r * params_[a_p_minus];
    const double other = amount > 0 ? -r * params_[a_r_minus] : r * params_[a_p_plus];
    const auto col_ptr = projection.col_ptr();
    const auto t_pre = projection.transpose_pre();
    const auto t_syn = projection.transpose_synapse();
    auto w = projection.weights();
    const auto sj = static_cast<std::size_t>(winner);
    for (std::int64_t m = col_ptr[sj]; m < col_ptr[sj + 1]; ++m) {
      const auto k = static_cast<std::size_t>(t_syn[static_cast<std::size_t>(m)]);
      const std::int64_t t_i = first_pre_[static_cast<std::size_t>(t_pre[static_cast<std::size_t>(m)])];
      const double wk = w[k];
      const double soft = (wk - lo) * (hi - wk) / span;
      w[k] = static_cast<float>(std::clamp(wk + (t_i <= t_post ? causal : other) * soft, lo, hi));
    }
  }
  std::fill(first_pre_.begin(), first_pre_.end(), kNever);
  std::fill(first_post_.begin(), first_post_.end(), kNever);
}

void FirstSpikeRstdpPlasticity::reset() {
  std::fill(first_pre_.begin(), first_pre_.end(), kNever);
  std::fill(first_post_.begin(), first_post_.end(), kNever);
}

void FirstSpikeRstdpPlasticity::grow(const Projection& grown, std::span<const std::int64_t>) {
  first_pre_.resize(static_cast<std::size_t>(grown.pre_size()), kNever);
  first_post_.resize(static_cast<std::size_t>(grown.post_size()), kNever);
}

// [SECTION] Registry
const std::vector<std::string>& plasticity_rules() {
  static const std::vector<std::string> rules{"stdp", "rstdp", "stdp_triplet", "rstdp_first_spike"};
  return rules;
}

std::unique_ptr<Plasticity> make_plasticity(std::string_view rule, Projection& projection, double dt_ms) {
  if (rule != "stdp" && rule != "rstdp" && rule != "stdp_triplet" && rule != "rstdp_first_spike") return nullptr;
  if (!projection.has_transpose()) projection.build_transpose();
  if (rule == "stdp") return std::make_unique<StdpPlasticity>(projection, dt_ms);
  if (rule == "stdp_triplet") return std::make_unique<TripletStdpPlasticity>(projection, dt_ms);
  if (rule == "rstdp_first_spike") return std::make_unique<FirstSpikeRstdpPlasticity>(projection, dt_ms);
  return std::make_unique<RstdpPlasticity>(projection, dt_ms);
}

}  // namespace neurosim
