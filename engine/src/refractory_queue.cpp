#include "neurosim/refractory_queue.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace neurosim {

RefractoryQueue::RefractoryQueue(int begin, int end)
    : begin_(begin), end_(end), capacity_(static_cast<std::size_t>(std::max(end - begin, 0)) + 64) {
  entries_.resize(capacity_);
}

void RefractoryQueue::rebuild(const std::uint32_t* ends, std::uint8_t* held, std::int64_t step, std::uint32_t ref_steps) {
  stale_.store(false, std::memory_order_relaxed);
  built_at_ = step;
  head_ = size_ = 0;
  ready_ = false;
  if (ref_steps > kMaxRefractorySteps) {
    retry_at_ = std::numeric_limits<std::int64_t>::max();  // until the period changes
    return;
  }
  const std::uint32_t next = static_cast<std::uint32_t>(step) + 1u;
  std::int64_t wait = 0;  // steps until every end that lies ahead of the period has passed
  for (int i = begin_; i < end_; ++i) {
    const std::uint32_t ahead = ends[i] - next;
    held[i] = ahead < ref_steps ? 1 : 0;
    if (ahead < ref_steps) entries_[size_++] = {i, ends[i]};
    else if (ahead < kPast) wait = std::max<std::int64_t>(wait, std::int64_t{ahead} + 1);
  }
  if (wait > 0) {
    retry_at_ = step + wait;
    return;
  }
  std::sort(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(size_),
            [next](const Entry& a, const Entry& b) { return a.end - next < b.end - next; });
  ready_ = true;
}

bool RefractoryQueue::compact() {
  if (head_ == 0) return false;
  std::memmove(entries_.data(), entries_.data() + head_, (size_ - head_) * sizeof(Entry));
  size_ -= head_;
  head_ = 0;
  return true;
}

}  // namespace neurosim
