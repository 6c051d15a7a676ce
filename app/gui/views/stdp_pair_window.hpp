#pragma once
// The pair window of an STDP rule (Bi & Poo 1998; Song, Miller & Abbott 2000) computed from the
// rule's applied parameters as the Session reports them (ProjectionFact::rule_params), so the
// STDP window panel draws it without reaching into the engine. It must equal
// StdpPlasticity::window() for the same parameters (tests/app/test_pair_window.cpp).
#include <optional>

namespace neurosim {
struct ProjectionFact;
}

namespace neurosim::gui {

struct StdpPairWindow {
  double eta = 1.0;
  double a_plus = 0.0, a_minus = 0.0;      // amplitudes of potentiation and depression
  double tau_plus = 1.0, tau_minus = 1.0;  // ms
  double w_min = 0.0, w_max = 1.0;
  bool soft = false;                       // multiplicative (soft) bounds
  bool eligibility = false;                // R-STDP: the change feeds the eligibility trace

  // The weight change for one pair at dt = t_post - t_pre (ms) and weight w.
  double operator()(double dt_ms, double w) const;
  // Area under depression over area under potentiation (Song et al. 2000 need > 1).
  double balance() const { return a_plus * tau_plus > 0.0 ? (a_minus * tau_minus) / (a_plus * tau_plus) : 0.0; }
};

// The window of a projection whose rule is pair-based STDP ("stdp", "rstdp"), else nothing.
std::optional<StdpPairWindow> stdp_pair_window(const ProjectionFact& projection);

}  // namespace neurosim::gui
