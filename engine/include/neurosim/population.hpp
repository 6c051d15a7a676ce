#pragma once
// A group of neurons of one model, stored as structure-of-arrays.
//
// Subclasses follow one pattern (NEST's models/iaf_psc_exp.h): parameters are listed once as
// ParamDesc and kept as doubles in that order; validate() checks a whole candidate set;
// update_derived() recomputes propagators when parameters change (never per step); evolve()
// advances one step and appends the indices of neurons that fired.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/distribution.hpp"
#include "neurosim/input_ring.hpp"
#include "neurosim/params.hpp"
#include "neurosim/rng.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim {

struct StateVarDesc {
  std::string_view name;
  std::string_view unit;
};

class Population : public Parameterised {
 public:
  Population(std::string name, int size, double dt_ms);
  virtual ~Population() = default;
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  const std::string& name() const { return name_; }
  void rename(std::string name) { name_ = std::move(name); }  // the editor's RenameElement
  int size() const { return size_; }
  double dt() const { return dt_; }
  virtual std::string_view model() const = 0;
  // True for spike generators (Poisson): no membrane, no synaptic input.
  virtual bool is_source() const { return false; }

  // [SECTION] Parameters (see Parameterised)
  std::string kind_description() const override { return "model " + std::string(model()); }
  // Per-neuron values for a parameter (Izhikevich 2003's heterogeneous a, b, c, d). Models
  // that keep one value per population return false. The population-level value becomes the
  // mean, and later set_param calls shift every neuron's value by the same amount.
  virtual bool set_per_neuron(int param_index, std::span<const float> values);

  // [SECTION] State
  virtual std::span<const StateVarDesc> state_descs() const = 0;
  std::optional<int> state_index(std::string_view name) const;
  virtual const float* state(int var) const = 0;
  // Initial value of a state variable per neuron; reset() restores it. Unknown names: false.
  bool set_initial(std::string_view var, const Distribution& dist, std::uint64_t seed,
                   std::uint64_t stream, std::span<const float> shared_r);
  // Back to the initial state (same random draws as at build), clears inputs and refractoriness.
  void reset();

  // [SECTION] Inputs
  InputRing& input() { return input_; }
  // External current for the current step (stimuli add to it; cleared after each step).
  // Populations without stimuli skip reading it, so a stimulus must announce itself first.
  std::span<float> external_current() { return i_ext_; }
  void enable_external_current() { external_current_used_ = true; }

  // [SECTION] Same-step input (projections with a delay of 0 steps, input_ring.hpp)
  // Whether the model keeps its synaptic input in a state variable that V reads from the next
  // step on, so that a spike can join it at the end of the step it was sent (Brian2's delay 0).
  // Models whose kernel spends a slot within the step (a current pulse, a jump of V) cannot.
  virtual bool takes_same_step_input() const { return false; }
  // Adds the input delivered this step with delay 0 to neurons [begin, end) the way the kernel
  // adds a slot (after every delivery of the step), and clears it. Only for models whose
  // takes_same_step_input() is true and whose same_step_state() is empty.
  virtual void absorb_same_step(int /*begin*/, int /*end*/) {}
  // For a model whose fold is a plain add (syn += now), the two float arrays it adds to: then
  // zero-delay spikes are added straight into them as they are delivered (all populations have
  // stepped by then, as for the fold), with no now buffer and no absorb pass. The sums differ
  // from the fold's only in rounding (each weight joins the state in turn, as Brian2 adds them),
  // and every target still receives its inputs in one order for any thread count. Empty for the
  // others (a conductance takes |w|, a double state).
  struct SameStepState {
    float* exc = nullptr;
    float* inh = nullptr;
  };
  virtual SameStepState same_step_state() { return {}; }
  // Where projections deliver into this population (input_ring.hpp); valid until the population
  // changes shape.
  InputTarget input_target() {
    const SameStepState direct = same_step_state();
    return direct.exc != nullptr ? InputTarget(input_, direct.exc, direct.inh) : InputTarget(input_);
  }

  // [SECTION] Growth (Network's AddNeurons, between steps)
  // Whether this model can take more neurons while it runs.
  virtual bool can_grow() const { return false; }
  // Adds `count` neurons in the model's reset state. Existing neurons keep their state, their
  // initial values and the inputs waiting for them; the input ring takes `ring_slots` slots
  // (at least as many as before), its contents kept as of step `now`.
  void grow(int count, int ring_slots, std::int64_t now);
  // After grow(): the initial values of `var` drawn as set_initial() would draw them for the
  // population at its new size (the same stream, so the first values are the ones already
  // held); the neurons from `first_new` on start from them.
  bool extend_initial(std::string_view var, const Distribution& dist, std::uint64_t seed, std::uint64_t stream,
                      std::span<const float> shared_r, int first_new);
  // After grow() and after the new neurons' per-neuron parameter values are in place, before
  // extend_initial(): the reset state that a model derives from per-neuron parameters
  // (Izhikevich's u = b v_init) for the neurons from `first_new` on, the order a build follows.
  void settle_grown(int first_new) { reset_grown_state(first_new); }

  // [SECTION] Step
  // Advances one step of dt and appends the indices of the neurons that spiked.
  virtual void evolve(std::int64_t step, std::vector<int>& spikes) = 0;

  // [SECTION] Checkpoints (state_visitor.hpp): size, parameters, inputs waiting, initial
  // values, then the model's own state (visit_model_state).
  void visit_state(StateVisitor& v);

  // Models whose neurons evolve independently of each other (no shared random stream, no
  // population-wide quantity) can be stepped in parts by several threads. A part starts at a
  // multiple of kSplitAlign (the models' vector block), so every neuron goes through the same
  // instructions whether the population is stepped whole or in parts: the results are the same
  // bit for bit. evolve_range(step, 0, size(), spikes) is evolve(step, spikes).
  static constexpr int kSplitAlign = 64;
  virtual bool splits() const { return false; }
  // Neurons [begin, end) only; appends their spikes (population indices) in ascending order.
  // Only for models whose splits() is true.
  virtual void evolve_range(std::int64_t step, int begin, int end, std::vector<int>& spikes);
  // The parts that evolve_range will be called with from now on, [bounds[t], bounds[t + 1]),
  // told between steps whenever they change: a model may keep bookkeeping per part that only
  // the member stepping the part touches. Other ranges still work, more slowly.
  virtual void set_parts(std::span<const int> /*bounds*/) {}

 protected:
  // Restores model state from initial values; subclasses clear their own extra variables.
  virtual void reset_model_state() = 0;
  virtual float* state_mut(int var) = 0;
  // Resizes every per-neuron array to `new_size`, new entries in the reset state
  // (reset_model_state's values) and, for per-neuron parameters, the value a build gives a
  // neuron from the population-level one; only models whose can_grow() is true are asked.
  virtual void grow_model_state(int /*new_size*/) {}
  // See settle_grown(): models whose reset state depends on per-neuron parameters recompute it
  // for the new neurons; the others have nothing to do.
  virtual void reset_grown_state(int /*first_new*/) {}
  // Every variable evolve() reads or writes that is not a parameter: state arrays, refractory
  // counters, random streams, play positions. Derived constants are recomputed from the
  // parameters, which the base class restores first.
  virtual void visit_model_state(StateVisitor& v) = 0;

  // absorb_same_step() for a model whose kernel adds a slot to syn_e and syn_i (magnitude_i:
  // the inhibitory slot's magnitude, as a conductance takes it).
  template <class T>
  void fold_now(T* syn_e, T* syn_i, int begin, int end, bool magnitude_i) {
    float* now_e = input_.now_exc();
    float* now_i = input_.now_inh();
    for (int i = begin; i < end; ++i) {
      syn_e[i] += now_e[i];
      syn_i[i] += magnitude_i ? (now_i[i] < 0.0f ? -now_i[i] : now_i[i]) : now_i[i];
      now_e[i] = 0.0f;
      now_i[i] = 0.0f;
    }
  }

  std::string name_;
  int size_;
  double dt_;
  InputRing input_;
  std::vector<float> i_ext_;
  bool external_current_used_ = false;

 private:
  struct InitialState {
    int var;
    std::vector<float> values;
  };
  std::vector<InitialState> initial_;
};

// A population that only emits spikes (Poisson, pattern, file and image inputs): it has no
// state variables to trace or set, and it cannot grow.
class SpikeSource : public Population {
 public:
  using Population::Population;
  bool is_source() const final { return true; }
  std::span<const StateVarDesc> state_descs() const final { return {}; }
  const float* state(int) const final { return nullptr; }

 protected:
  float* state_mut(int) final { return nullptr; }
};

}  // namespace neurosim
