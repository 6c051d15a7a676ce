#pragma once
// Exact propagators for current-based exponential synapses (Rotter & Diesmann 1999).
#include <cmath>

namespace neurosim {

// Change of V after h (ms) caused by a synaptic current I0 = 1 pA decaying with tau_s into a
// membrane with tau_m and C_m (pF), V measured in mV:
//   (1/C) * tau_m tau_s / (tau_s - tau_m) * (exp(-h/tau_s) - exp(-h/tau_m)),
// and its limit h/C * exp(-h/tau_m) when the two time constants coincide.
inline double psc_exp_to_membrane(double tau_s, double tau_m, double c_m, double h) {
  if (std::fabs(tau_s - tau_m) <= 1e-9 * tau_m) return h / c_m * std::exp(-h / tau_m);
  return tau_m * tau_s / (tau_s - tau_m) * (std::exp(-h / tau_s) - std::exp(-h / tau_m)) / c_m;
}

}  // namespace neurosim
