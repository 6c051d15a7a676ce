#pragma once
// Which neurons of one part of a population are refractory, as one byte per neuron (`held`) that
// a kernel reads instead of each neuron's refractory end: one byte per neuron and step instead of
// four, and one test instead of a subtraction and a test (`cuba` runs 1.13× faster).
//
// A neuron's refractory end `end` (mod 2^32) is the first step after its refractory period; it is
// refractory at step s when end - (s + 1) < ref_steps in unsigned arithmetic (the kernels' test,
// which the flags reproduce bit for bit). A neuron that fires is listed with its end and flagged;
// under a fixed ref_steps the list stays in order of the ends, so the neurons whose period is over
// leave from its front, and their flags are cleared, before the next step.
//
// The flags are rebuilt from the ends when these change from outside (a reset, a restored state, a
// new size or refractory period: invalidate()), and every 2^30 steps. The ends are counted modulo
// 2^32, so a neuron that last fired 2^32 - ref_steps steps ago is refractory again by the test; the
// periodic rebuild sees such an end coming, as it sees an end that lies more than ref_steps ahead
// (after the period was shortened), and the flags then wait (ready() is false, the kernel reads the
// ends) until every such end has passed.
//
// One queue per part of a population that threads step side by side (Population::set_parts): each
// is read and written only by the member that steps the part, and so are its neurons' flags.
#include <atomic>
#include <cstdint>
#include <vector>

namespace neurosim {

// On lines of its own: the queues of a population's parts are written by different threads at
// every step, and two small objects allocated one after the other would share a line.
class alignas(64) RefractoryQueue {
 public:
  // Periods of more steps than this are tested on the ends (see above).
  static constexpr std::uint32_t kMaxRefractorySteps = std::uint32_t{1} << 30;
  static constexpr std::int64_t kRebuildSteps = std::int64_t{1} << 30;

  RefractoryQueue(int begin, int end);

  int begin() const { return begin_; }
  int end() const { return end_; }

  // The ends were changed from outside; the flags are rebuilt before the next step of the part.
  // Any thread may call it.
  void invalidate() { stale_.store(true, std::memory_order_relaxed); }

  // Before the kernel of `step`: brings held[] up to date for the part and says whether the kernel
  // may read it (false: it reads the ends this step).
  bool prepare(const std::uint32_t* ends, std::uint8_t* held, std::int64_t step, std::uint32_t ref_steps) {
    const bool rebuild_due = stale_.load(std::memory_order_relaxed) || step < built_at_ || step - built_at_ >= kRebuildSteps;
    if (rebuild_due || (!ready_ && step >= retry_at_)) rebuild(ends, held, step, ref_steps);
    else if (ready_) release(held, step);
    return ready_;
  }

  // A neuron of the part fired at the step just prepared: refractory until `end`.
  void push(int neuron, std::uint32_t end, std::uint8_t* held) {
    if (!ready_) return;
    // A neuron that fires while held (a threshold below V_reset: an adaptive threshold's theta set
    // below V_reset - V_th) would be listed twice, and its first entry would clear its flag too
    // early: the flags are rebuilt instead. Otherwise each neuron of the part is listed at most
    // once, and the list has room for all.
    if (held[neuron] != 0 || (size_ == capacity_ && !compact())) {
      invalidate();
      return;
    }
    held[neuron] = 1;
    entries_[size_++] = {neuron, end};
  }

  std::size_t listed() const { return size_ - head_; }
  bool ready() const { return ready_ && !stale_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::uint32_t kPast = std::uint32_t{1} << 31;
  struct Entry {
    std::int32_t neuron;
    std::uint32_t end;
  };
  void rebuild(const std::uint32_t* ends, std::uint8_t* held, std::int64_t step, std::uint32_t ref_steps);
  // Unlists the neurons whose period ended before `step` and clears their flags.
  void release(std::uint8_t* held, std::int64_t step) {
    const std::uint32_t next = static_cast<std::uint32_t>(step) + 1u;
    for (; head_ < size_ && entries_[head_].end - next >= kPast; ++head_) held[entries_[head_].neuron] = 0;
    if (head_ == size_) head_ = size_ = 0;
  }
  bool compact();  // moves the entries to the front; false when none has left

  int begin_, end_;
  std::vector<Entry> entries_;  // sized once: a neuron of the part is listed at most once
  std::size_t head_ = 0, size_ = 0, capacity_ = 0;
  bool ready_ = false;
  std::int64_t built_at_ = 0, retry_at_ = 0;
  std::atomic<bool> stale_{true};
};

}  // namespace neurosim
