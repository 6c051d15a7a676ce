#pragma once
// Synaptic input waiting to arrive, one slot per future step (NEST's input_buffer_,
// Brian2's spike queue): a spike with delay D >= 1 sent at step t lands in slot (t + D) mod L,
// which the model's kernel folds into its synaptic state at step t + D, after updating V.
// A spike with delay 0 lands in the "now" buffer instead; the network has the population fold
// it in at the end of step t, after every delivery (Population::absorb_same_step), as Brian2
// applies a zero-delay spike in the step it was emitted. Between steps the now buffer is empty,
// so a checkpoint does not hold it. (Models whose fold is a plain add take zero-delay spikes
// straight into their synaptic state instead: InputTarget below.)
//
// Each slot carries a flag, set by every writer, that says it may hold input: a kernel may skip
// reading and clearing a slot whose flag is down (LIF: 16 of the 44 bytes it moves per neuron and
// step), and the network lowers the flag of step t's slot once step t is over, when every kernel
// has spent it. Writes go through exc()/inh() (which raise the flag) or raise it with mark()
// first; wholesale changes (resize, regrow, clear, a restore) keep the flags true to the contents.
// Flags are raised from several threads at once (each delivering into its own targets), so they
// are written as relaxed atomics: the threads' barrier orders them before the next step's reads.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "neurosim/state_visitor.hpp"

namespace neurosim {

class InputRing {
 public:
  void resize(int neurons, int slots) {
    neurons_ = neurons;
    slots_ = slots < 1 ? 1 : slots;
    note_slots();
    exc_.assign(static_cast<std::size_t>(neurons_) * slots_, 0.0f);
    inh_.assign(static_cast<std::size_t>(neurons_) * slots_, 0.0f);
    written_.assign(static_cast<std::size_t>(slots_), 0);
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
      if (!holds(s)) continue;  // a lowered flag: the slot is all zeros
      std::copy_n(slot_exc(s), keep, grown.exc(s));
      std::copy_n(slot_inh(s), keep, grown.inh(s));
    }
    *this = std::move(grown);
  }
  int slots() const { return slots_; }
  // step mod slots(): by a multiply (Lemire, Kaser & Kurz 2019, "Faster remainder by direct
  // computation") for steps below 2^32, exact there for any divisor. A division took about 6 %
  // of a `cuba` run: every kernel, delivery and flag asks for a slot.
  int slot_of(std::int64_t step) const {
    const auto s = static_cast<std::uint64_t>(step);
    if ((s >> 32) != 0) [[unlikely]] return static_cast<int>(step % slots_);
    __extension__ using u128 = unsigned __int128;
    return static_cast<int>((static_cast<u128>(remainder_multiplier_ * s) * static_cast<std::uint64_t>(slots_)) >> 64);
  }
  // The slot of `step`, for writing: its flag goes up.
  float* exc(std::int64_t step) {
    mark(step);
    return slot_exc(step);
  }
  float* inh(std::int64_t step) {
    mark(step);
    return slot_inh(step);
  }
  // The slot of `step` without touching its flag: for the kernel that spends it, and for a
  // writer that called mark() for it already.
  float* slot_exc(std::int64_t step) { return exc_.data() + static_cast<std::size_t>(slot_of(step)) * neurons_; }
  float* slot_inh(std::int64_t step) { return inh_.data() + static_cast<std::size_t>(slot_of(step)) * neurons_; }
  void mark(std::int64_t step) { std::atomic_ref<std::uint8_t>(written_[static_cast<std::size_t>(slot_of(step))]).store(1, std::memory_order_relaxed); }
  // Whether the slot of `step` may hold input (false: every entry is 0).
  bool holds(std::int64_t step) const {
    return std::atomic_ref<const std::uint8_t>(written_[static_cast<std::size_t>(slot_of(step))]).load(std::memory_order_relaxed) != 0;
  }
  // Step `step` is over: every kernel has read and cleared its slot.
  // Lowered only when up: with threads, kernels on other cores read the flags in every step, and a
  // write of the same 0 would take the line from their caches.
  void spent(std::int64_t step) {
    auto& flag = written_[static_cast<std::size_t>(slot_of(step))];
    if (flag != 0) flag = 0;
  }
  float* now_exc() { return now_exc_.data(); }
  float* now_inh() { return now_inh_.data(); }
  void clear() {
    std::fill(exc_.begin(), exc_.end(), 0.0f);
    std::fill(inh_.begin(), inh_.end(), 0.0f);
    std::fill(written_.begin(), written_.end(), 0);
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
    if (v.loading()) {
      note_slots();
      size_now();
      // The flags are not saved: a slot may hold input when any of its entries is not 0.
      written_.assign(static_cast<std::size_t>(slots_), 0);
      const auto n = static_cast<std::size_t>(neurons_);
      for (std::size_t s = 0; s < written_.size(); ++s) {
        const auto nonzero = [](float x) { return x != 0.0f; };
        written_[s] = std::any_of(exc_.begin() + s * n, exc_.begin() + (s + 1) * n, nonzero) ||
                      std::any_of(inh_.begin() + s * n, inh_.begin() + (s + 1) * n, nonzero);
      }
    }
  }

 private:
  int neurons_ = 0;
  int slots_ = 1;
  std::uint64_t remainder_multiplier_ = 0;  // 2^64 / slots_ rounded up (wraps to 0 for one slot)
  std::vector<float> exc_;
  std::vector<float> inh_;
  std::vector<std::uint8_t> written_ = std::vector<std::uint8_t>(1, 0);  // per slot: may hold input
  std::vector<float> now_exc_;  // delay 0: folded in and cleared within the step
  std::vector<float> now_inh_;

  void note_slots() { remainder_multiplier_ = UINT64_MAX / static_cast<std::uint64_t>(slots_) + 1; }
  void size_now() {
    now_exc_.assign(static_cast<std::size_t>(neurons_), 0.0f);
    now_inh_.assign(static_cast<std::size_t>(neurons_), 0.0f);
  }
};

// Where a projection's spikes land in its target population: a delay of d >= 1 steps in the
// ring's slot for step t + d; a delay of 0 in `now_e`/`now_i`, which are the ring's now buffers,
// or, for a model whose same-step fold is a plain add (Population::same_step_state), its
// synaptic state arrays themselves: the spike joins them as the fold would have added it, with
// no buffer to fill, fold and clear.
struct InputTarget {
  // The ring alone: zero-delay spikes go to its now buffers.
  InputTarget(InputRing& r) : ring(&r), now_e(r.now_exc()), now_i(r.now_inh()) {}  // NOLINT: a ring is a target
  InputTarget(InputRing& r, float* e, float* i) : ring(&r), now_e(e), now_i(i) {}

  InputRing* ring;
  float* now_e;
  float* now_i;

  float* exc_after(std::int64_t step, int delay) const { return delay == 0 ? now_e : ring->exc(step + delay); }
  float* inh_after(std::int64_t step, int delay) const { return delay == 0 ? now_i : ring->inh(step + delay); }
  // For per-synapse delays in [lo, hi]: raise the flags of those slots once, then take each
  // synapse's destination without touching a flag.
  void mark_delays(std::int64_t step, int lo, int hi) const {
    for (int d = std::max(lo, 1); d <= hi; ++d) ring->mark(step + d);
  }
  float* exc_marked(std::int64_t step, int delay) const { return delay == 0 ? now_e : ring->slot_exc(step + delay); }
  float* inh_marked(std::int64_t step, int delay) const { return delay == 0 ? now_i : ring->slot_inh(step + delay); }
};

}  // namespace neurosim
