#pragma once
// Synaptic input waiting to arrive, one slot per future step (NEST's input_buffer_,
// Brian2's spike queue): a spike with delay D >= 1 sent at step t lands in slot (t + D) mod L,
// which the model's kernel folds into its synaptic state at step t + D, after updating V.
// A spike with delay 0 lands in the "now" buffer instead; the network has the population fold
// it in at the end of step t, after every delivery (Population::absorb_same_step), as Brian2
// applies a zero-delay spike in the step it was emitted. Between steps the now buffer is empty,
// so a checkpoint does not hold it.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "neurosim/state_visitor.hpp"

namespace neurosim {

class InputRing {
 public:
  void resize(int neurons, int slots) {
    neurons_ = neurons;
    slots_ = slots < 1 ? 1 : slots;
    exc_.assign(static_cast<std::size_t>(neurons_) * slots_, 0.0f);
    inh_.assign(static_cast<std::size_t>(neurons_) * slots_, 0.0f);
    size_now();
  }
  // A new shape that keeps what is waiting: the inputs due at steps now .. now + slots() - 1
  // move to their slots in the new layout (between steps, when neurons are added or a longer
  // delay appears); the new neurons' entries start at zero.
  void regrow(int neurons, int slots, std::int64_t now) {
    InputRing grown;
    grown.resize(neurons, slots < slots_ ? slots_ : slots);
    const int keep = neurons < neurons_ ? neurons : neurons_;
    for (std::int64_t s = now; s < now + slots_; ++s) {
      std::copy_n(exc(s), keep, grown.exc(s));
      std::copy_n(inh(s), keep, grown.inh(s));
    }
    *this = std::move(grown);
  }
  int slots() const { return slots_; }
  int slot_of(std::int64_t step) const { return static_cast<int>(step % slots_); }
  float* exc(std::int64_t step) { return exc_.data() + static_cast<std::size_t>(slot_of(step)) * neurons_; }
  float* inh(std::int64_t step) { return inh_.data() + static_cast<std::size_t>(slot_of(step)) * neurons_; }
  // Where a spike sent at `step` with a delay of `delay` steps is added: the now buffer for 0.
  float* exc_after(std::int64_t step, int delay) { return delay == 0 ? now_exc_.data() : exc(step + delay); }
  float* inh_after(std::int64_t step, int delay) { return delay == 0 ? now_inh_.data() : inh(step + delay); }
  float* now_exc() { return now_exc_.data(); }
  float* now_inh() { return now_inh_.data(); }
  void clear() {
    std::fill(exc_.begin(), exc_.end(), 0.0f);
    std::fill(inh_.begin(), inh_.end(), 0.0f);
    std::fill(now_exc_.begin(), now_exc_.end(), 0.0f);
    std::fill(now_inh_.begin(), now_inh_.end(), 0.0f);
  }
  // The inputs waiting, slot layout included (a checkpoint, state_visitor.hpp).
  void visit_state(StateVisitor& v) {
    v.section("input ring");
    v.value(neurons_);
    v.value(slots_);
    v.array(exc_);
    v.array(inh_);
    if (v.loading() && (slots_ < 1 || neurons_ < 0 || exc_.size() != static_cast<std::size_t>(neurons_) * static_cast<std::size_t>(slots_) ||
                        inh_.size() != exc_.size()))
      throw StateError("the input ring's layout does not match its size");
    if (v.loading()) size_now();
  }

 private:
  int neurons_ = 0;
  int slots_ = 1;
  std::vector<float> exc_;
  std::vector<float> inh_;
  std::vector<float> now_exc_;  // delay 0: folded in and cleared within the step
  std::vector<float> now_inh_;

  void size_now() {
    now_exc_.assign(static_cast<std::size_t>(neurons_), 0.0f);
    now_inh_.assign(static_cast<std::size_t>(neurons_), 0.0f);
  }
};

}  // namespace neurosim
