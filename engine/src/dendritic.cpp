#include "neurosim/dendritic.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {
namespace {

using P = DendriticPopulation;

constexpr std::array<ParamDesc, P::kParamCount> kParams{{
    {"C", "pF", "Somatic membrane capacitance", 10.0, 1000.0},
    {"g_L", "nS", "Somatic leak conductance (tau_m = C / g_L)", 1.0, 100.0},
    {"E_L", "mV", "Leak reversal (resting) potential", -90.0, -40.0},
    {"V_T", "mV", "Threshold slope point: where the exponential spike current takes over", -70.0, -30.0},
    {"Delta_T", "mV", "Slope factor (0 = hard threshold at V_T, adaptive LIF soma)", 0.0, 10.0},
    {"a", "nS", "Subthreshold adaptation: w follows a (V - E_L)", -20.0, 40.0},
    {"tau_w", "ms", "Adaptation time constant", 1.0, 1000.0},
    {"b", "pA", "Spike-triggered adaptation: jump of w at each spike", -50.0, 500.0},
    {"V_reset", "mV", "Potential after a spike", -90.0, -30.0},
    {"V_peak", "mV", "Spike cut-off: V >= V_peak is a spike", -40.0, 40.0},
    {"t_ref", "ms", "Refractory period: V is held at V_reset (w keeps evolving)", 0.0, 10.0},
    {"tau_prox", "ms", "Decay time of proximal input (receptor exc)", 0.1, 50.0},
    {"tau_dist", "ms", "Decay time of distal input (receptor inh): dendritic filtering makes it slower", 0.1, 50.0},
    {"att_prox", "", "Share of the proximal current that reaches the soma", 0.0, 1.0},
    {"att_dist", "", "Share of the distal current that reaches the soma (attenuation along the dendrite)", 0.0, 1.0},
    {"I_bias", "pA", "Constant current into every soma", -500.0, 2000.0},
    {"h_max", "ms", "Largest internal integration substep (midpoint rule); dt is split into ceil(dt / h_max) substeps", 0.005, 1.0},
}};
// The soma of adex.cpp (Brette & Gerstner 2005 regular spiking); distal input halved and slower.
constexpr std::array<double, P::kParamCount> kDefaults{281.0, 30.0, -70.6, -50.4, 2.0, 4.0, 144.0, 80.5, -70.6,
                                                       0.0,   0.0,  2.0,   3.0,   1.0, 0.5, 0.0,   0.05};
constexpr std::array<StateVarDesc, P::kVarCount> kVars{{{"V", "mV"}, {"w", "pA"}, {"I_prox", "pA"}, {"I_dist", "pA"}}};

detail::AdexConstants constants(std::span<const double> p, double dt) {
  return {dt,       p[P::h_max],    p[P::C],        p[P::g_L],     p[P::E_L],      p[P::V_T],   p[P::Delta_T],
          p[P::a],  p[P::tau_w],    p[P::b],        p[P::V_reset], p[P::V_peak],   p[P::t_ref], p[P::I_bias],
          p[P::tau_prox], p[P::tau_dist], p[P::att_prox], p[P::att_dist]};
}

std::optional<std::string> require_fraction(double v) {
  if (v < 0.0 || v > 1.0) return "must be between 0 and 1 (got " + format_number(v) + ")";
  return std::nullopt;
}

}  // namespace

DendriticPopulation::DendriticPopulation(std::string name, int size, double dt_ms)
    : Population(std::move(name), size, dt_ms),
      v_(static_cast<std::size_t>(size)),
      w_(static_cast<std::size_t>(size)),
      v_err_(static_cast<std::size_t>(size)),
      w_err_(static_cast<std::size_t>(size)),
      iprox_(static_cast<std::size_t>(size)),
      idist_(static_cast<std::size_t>(size)),
      refractory_(static_cast<std::size_t>(size)) {
  init_params(kDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> DendriticPopulation::param_descs() const { return kParams; }
std::span<const StateVarDesc> DendriticPopulation::state_descs() const { return kVars; }

std::vector<ParamError> DendriticPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kParams, p);
  if (!errors.empty()) return errors;
  detail::validate_adex_soma(constants(p, dt_), dt_, errors);
  if (auto e = require_positive(p[tau_prox])) errors.push_back({"tau_prox", *e});
  if (auto e = require_positive(p[tau_dist])) errors.push_back({"tau_dist", *e});
  if (auto e = require_fraction(p[att_prox])) errors.push_back({"att_prox", *e});
  if (auto e = require_fraction(p[att_dist])) errors.push_back({"att_dist", *e});
  return errors;
}

void DendriticPopulation::update_derived() { kernel_ = detail::make_adex_kernel(constants(params_, dt_)); }

void DendriticPopulation::reset_model_state() {
  std::fill(v_.begin(), v_.end(), static_cast<float>(params_[E_L]));
  for (auto* x : {&w_, &v_err_, &w_err_, &iprox_, &idist_}) std::fill(x->begin(), x->end(), 0.0f);
  std::fill(refractory_.begin(), refractory_.end(), 0);
}

void DendriticPopulation::grow_model_state(int new_size) {
  const auto n = static_cast<std::size_t>(new_size);
  v_.resize(n, static_cast<float>(params_[E_L]));  // reset_model_state's values
  for (auto* x : {&w_, &v_err_, &w_err_, &iprox_, &idist_}) x->resize(n, 0.0f);
  refractory_.resize(n, 0);
}

const float* DendriticPopulation::state(int var) const {
  switch (var) {
    case V: return v_.data();
    case W: return w_.data();
    case I_prox: return iprox_.data();
    case I_dist: return idist_.data();
    default: return nullptr;
  }
}

float* DendriticPopulation::state_mut(int var) { return const_cast<float*>(state(var)); }

void DendriticPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  // Channel exc -> proximal compartment, channel inh -> distal compartment (dendritic.hpp).
  detail::adex_evolve(kernel_, size_,
                      {v_.data(), w_.data(), v_err_.data(), w_err_.data(), iprox_.data(), idist_.data(), refractory_.data()},
                      input_.exc(step), input_.inh(step), i_ext_.data(), external_current_used_, spikes);
}


}  // namespace neurosim
