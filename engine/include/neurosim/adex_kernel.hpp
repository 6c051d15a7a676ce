#pragma once
// The AdEx step shared by the "adex" and "dendritic" models (adex.hpp states the equations and
// the integration scheme). Derived constants are computed once per parameter change.
#include <cstdint>
#include <vector>

#include "neurosim/params.hpp"

namespace neurosim::detail {

struct AdexKernel {
  int substeps = 1;
  float hs = 0;                          // substep length (ms)
  float inv_c = 0, g_l = 0, e_l = 0, v_t = 0;
  float gl_delta_t = 0, inv_delta_t = 0;  // g_L Delta_T and 1 / Delta_T; both 0 when Delta_T = 0
  float runaway_rate = 0;                 // g_L / C; 0 when Delta_T = 0 (no runaway look-ahead)
  float a = 0, inv_tau_w = 0;
  float v_reset = 0, v_cap = 0;           // v_cap: V_peak, or V_T when Delta_T = 0
  float bias = 0;
  float gain_e = 1, gain_i = 1;           // share of each synaptic current that reaches the soma
  float decay_e_half = 1, decay_i_half = 1, decay_e_sub = 1, decay_i_sub = 1;
  float b = 0;
  int ref_steps = 0;
};

struct AdexConstants {
  double dt, h_max;
  double c, g_l, e_l, v_t, delta_t, a, tau_w, b, v_reset, v_peak, t_ref, bias;
  double tau_e, tau_i, gain_e, gain_i;
};

AdexKernel make_adex_kernel(const AdexConstants& p);
// Checks of the soma parameters (C, g_L, Delta_T, tau_w, t_ref, h_max, V_T/V_peak/V_reset order),
// appended to `errors` under the parameter names the AdEx models share.
void validate_adex_soma(const AdexConstants& p, double dt, std::vector<ParamError>& errors);

struct AdexState {
  float* v;
  float* w;
  float* v_err;  // compensated-summation remainders of V and w (not state variables of the model)
  float* w_err;
  float* ie;
  float* ii;
  int* refractory;
};

// Advances `size` neurons one step, consumes (and clears) the inputs, and appends the indices of
// the neurons that spiked. ext is read and cleared only when `external` is true.
void adex_evolve(const AdexKernel& k, int size, const AdexState& s, float* in_e, float* in_i, float* ext, bool external,
                 std::vector<int>& spikes);

}  // namespace neurosim::detail
