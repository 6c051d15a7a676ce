// STDP pair window from the rule's facts (see stdp_pair_window.hpp).
#include "gui/views/stdp_pair_window.hpp"

#include <cmath>
#include <string>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

double StdpPairWindow::operator()(double dt_ms, double w) const {
  double term = dt_ms >= 0 ? a_plus * std::exp(-dt_ms / tau_plus) : -a_minus * std::exp(dt_ms / tau_minus);
  if (soft) term *= term > 0 ? w_max - w : w - w_min;
  return eta * term;
}

std::optional<StdpPairWindow> stdp_pair_window(const ProjectionFact& projection) {
  if (projection.rule_id != "stdp" && projection.rule_id != "rstdp") return std::nullopt;
  StdpPairWindow out;
  out.eligibility = projection.rule_id == "rstdp";
  int found = 0;
  for (const ParamFact& p : projection.rule_params) {
    double* into = nullptr;
    if (p.name == "eta") into = &out.eta;
    else if (p.name == "A_plus") into = &out.a_plus;
    else if (p.name == "A_minus") into = &out.a_minus;
    else if (p.name == "tau_plus") into = &out.tau_plus;
    else if (p.name == "tau_minus") into = &out.tau_minus;
    else if (p.name == "w_min") into = &out.w_min;
    else if (p.name == "w_max") into = &out.w_max;
    else if (p.name == "multiplicative") {
      out.soft = p.value != 0.0;
      ++found;
    }
    if (into != nullptr) {
      *into = p.value;
      ++found;
    }
  }
  if (found != 8) return std::nullopt;  // not the parameters a pair window is made of
  return out;
}

}  // namespace neurosim::gui
