// visit_state of the population base class and of every neuron model: the one list of what a
// checkpoint (checkpoint.hpp) saves and restores for them. Parameters come first, so that the
// derived constants are recomputed before the state they act on is read back.
#include <cstring>

#include "neurosim/adex.hpp"
#include "neurosim/dendritic.hpp"
#include "neurosim/hh.hpp"
#include "neurosim/izhikevich.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/lif_cond.hpp"
#include "neurosim/lif_delta.hpp"
#include "neurosim/population.hpp"
#include "neurosim/srm.hpp"

namespace neurosim {

namespace {
// Bit for bit: a NaN parameter (none is valid, but) must not count as changed on every restore.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}
}  // namespace

void Population::visit_state(StateVisitor& v) {
  v.section("population");
  v.section(name_);
  std::string model_name(model());
  v.string(model_name);
  if (v.loading() && model_name != model())
    throw StateError("population " + name_ + " is of model " + std::string(model()) + " here, of model " + model_name + " in the state");
  int size = size_;
  v.value(size);
  if (v.loading() && (size < 0 || (size != size_ && !can_grow())))
    throw StateError("population " + name_ + " has " + std::to_string(size_) + " neurons, the state " + std::to_string(size));
  // Parameters as applied (commands and experiments change them while a network runs). The
  // derived constants are recomputed only when a value differs: some models redraw their
  // schedules then (Poisson), and those schedules are read back below.
  if (v.loading()) {
    std::vector<double> stored;
    v.array(stored);
    if (stored.size() != params_.size())
      throw StateError("population " + name_ + " (model " + std::string(model()) + ") has " + std::to_string(params_.size()) +
                       " parameters, the state " + std::to_string(stored.size()));
    if (!same_bits(stored, params_)) {
      params_ = std::move(stored);
      update_derived();
    }
  } else {
    v.array(params_);
  }
  if (v.loading()) size_ = size;  // capturing writes nothing: a capture may read a network others read too
  v.value(external_current_used_);
  v.array(i_ext_);
  input_.visit_state(v);
  v.list(initial_, [&](InitialState& s) {
    v.value(s.var);
    v.array(s.values);
  });
  if (v.loading() && i_ext_.size() != static_cast<std::size_t>(size_))
    throw StateError("population " + name_ + ": external current for " + std::to_string(i_ext_.size()) + " neurons, not " + std::to_string(size_));
  v.section(model());
  visit_model_state(v);
}

void LifPopulation::visit_model_state(StateVisitor& v) {
  v.array(v_);
  v.array(ie_);
  v.array(ii_);
  v.array(theta_);
  v.array(refractory_);
  if (v.loading()) invalidate_refractory_lists();  // the flags follow refractory_ (not saved)
}

void IfPopulation::visit_model_state(StateVisitor& v) {
  v.array(v_);
  v.array(ie_);
  v.array(ii_);
  v.array(refractory_);
}

void LifCondPopulation::visit_model_state(StateVisitor& v) {
  v.value(theta_frozen_);  // the experiment freezes it for evaluation and test
  v.array(v_);
  v.array(ge_);
  v.array(gi_);
  v.array(theta_);
  v.array(refractory_);
  v.array(last_spike_);
}

void LifDeltaPopulation::visit_model_state(StateVisitor& v) {
  v.value(rng_);  // external Poisson drive
  v.array(v_);
  v.array(refractory_);
}

void IzhikevichPopulation::visit_model_state(StateVisitor& v) {
  v.array(a_);  // per-neuron parameters (heterogeneous, Izhikevich 2003)
  v.array(b_);
  v.array(c_);
  v.array(d_);
  v.array(v_);
  v.array(u_);
  v.array(refractory_);
}

void AdexPopulation::visit_model_state(StateVisitor& v) {
  v.array(v_);
  v.array(w_);
  v.array(v_err_);  // compensated-summation remainders: part of the exact trajectory
  v.array(w_err_);
  v.array(ie_);
  v.array(ii_);
  v.array(refractory_);
}

void DendriticPopulation::visit_model_state(StateVisitor& v) {
  v.array(v_);
  v.array(w_);
  v.array(v_err_);
  v.array(w_err_);
  v.array(iprox_);
  v.array(idist_);
  v.array(refractory_);
}

void HhPopulation::visit_model_state(StateVisitor& v) {
  // The double state integrates; the float copies are what traces read (and what a write from
  // outside changes until the next step pulls it in).
  v.array(v_);
  v.array(m_);
  v.array(h_);
  v.array(n_);
  v.array(ie_);
  v.array(ii_);
  v.array(vf_);
  v.array(mf_);
  v.array(hf_);
  v.array(nf_);
  v.array(ief_);
  v.array(iif_);
  v.value(state_dirty_);
}

void SrmPopulation::visit_model_state(StateVisitor& v) {
  v.array(u_);
  v.array(epsp_);
  v.array(a_);
  v.array(b_);
  v.array(eta_m_);
  v.array(eta_s_);
  v.array(refractory_);
}

}  // namespace neurosim
