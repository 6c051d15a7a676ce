// The pace of a stepping worker thread (see step_pacer.hpp).
#include "neurosim/step_pacer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neurosim {

void StepPacer::reanchor(std::int64_t step) {
  anchor_time_ = Clock::now();
  anchor_step_ = step;
}

void StepPacer::set_paused(bool paused, std::int64_t step) {
  paused_ = paused;
  reanchor(step);
}

void StepPacer::set_speed(double speed, std::int64_t step) {
  speed_ = speed > 0 ? speed : 1.0;
  reanchor(step);
}

void StepPacer::set_lockstep(bool lockstep, std::int64_t step) {
  lockstep_ = lockstep;
  requested_ = 0;
  reanchor(step);
}

void StepPacer::request(std::int64_t steps) { requested_ += std::max<std::int64_t>(steps, 0); }

std::int64_t StepPacer::due(Clock::time_point now, std::int64_t step, std::int64_t limit) {
  std::int64_t due = 0;
  if (on_request()) {
    due = requested_;
  } else if (std::isinf(speed_)) {
    due = std::numeric_limits<std::int64_t>::max() / 2;
  } else {
    const double wall_ms = std::chrono::duration<double, std::milli>(now - anchor_time_).count();
    const auto target = anchor_step_ + static_cast<std::int64_t>(std::floor(speed_ * wall_ms / dt_ms_));
    if (static_cast<double>(target - step) * dt_ms_ > kMaxLagMs * std::max(speed_, 1.0)) {
      reanchor(step);
      due = 1;
    } else {
      due = std::max<std::int64_t>(target - step, 0);
    }
  }
  return std::min(due, std::max<std::int64_t>(limit - step, 0));
}

std::int64_t StepPacer::take_chunk(std::int64_t due) {
  const std::int64_t chunk = std::min<std::int64_t>(due, std::max<std::int64_t>(1, static_cast<std::int64_t>(steps_per_chunk_)));
  if (on_request()) requested_ -= chunk;
  return chunk;
}

void StepPacer::chunk_took(std::int64_t steps, std::chrono::nanoseconds wall) {
  if (steps <= 0) return;
  const double per_step_ms = static_cast<double>(wall.count()) * 1e-6 / static_cast<double>(steps);
  steps_per_chunk_ = std::clamp(kChunkWallMs / std::max(per_step_ms, 1e-6), 1.0, 1e6);
}

std::chrono::duration<double, std::milli> StepPacer::idle_sleep() const {
  return std::chrono::duration<double, std::milli>(std::clamp(dt_ms_ / speed_, kMinSleepWallMs, 5.0));
}

}  // namespace neurosim
