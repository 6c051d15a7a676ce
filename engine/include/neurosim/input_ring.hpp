#pragma once
// Synaptic input waiting to arrive, one slot per future step (NEST's input_buffer_,
// Brian2's spike queue): a spike with delay D sent at step t lands in slot (t + D) mod L.
#include <cstdint>
#include <vector>

namespace neurosim {

class InputRing {
 public:
  void resize(int neurons, int slots) {
    neurons_ = neurons;
    slots_ = slots < 1 ? 1 : slots;
    exc_.assign(static_cast<std::size_t>(neurons_) * slots_, 0.0f);
    inh_.assign(static_cast<std::size_t>(neurons_) * slots_, 0.0f);
  }
  int slots() const { return slots_; }
  int slot_of(std::int64_t step) const { return static_cast<int>(step % slots_); }
  float* exc(std::int64_t step) { return exc_.data() + static_cast<std::size_t>(slot_of(step)) * neurons_; }
  float* inh(std::int64_t step) { return inh_.data() + static_cast<std::size_t>(slot_of(step)) * neurons_; }
  void clear() {
    std::fill(exc_.begin(), exc_.end(), 0.0f);
    std::fill(inh_.begin(), inh_.end(), 0.0f);
  }

 private:
  int neurons_ = 0;
  int slots_ = 1;
  std::vector<float> exc_;
  std::vector<float> inh_;
};

}  // namespace neurosim
