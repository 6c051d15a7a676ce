#pragma once
// When a worker thread that steps a simulation steps, and by how much: the pace of the
// window's engine thread (SessionRunner) and of the Compare window's pair (LockstepPair).
//
// Paces:
//   speed > 0   `speed` simulated ms per wall ms (1 = real time); a worker that falls far
//               behind (a heavy network) starts counting again rather than racing to catch up
//   speed = inf flat out
//   paused, or lockstep: only the steps asked for (request), as many as asked
// Chunks adapt so that one takes about kChunkWallMs of wall time; between chunks at a set pace
// the worker sleeps at least kMinSleepWallMs, so that the steps due gather into chunks (at real
// time with dt = 0.1 ms, waking for every step meant 10,000 wake-ups and observations a second,
// whose context switches took the window's cores).
//
// Not thread-safe except paused(): the owner calls it under its own control mutex.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace neurosim {

class StepPacer {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kChunkWallMs = 2.0;
  static constexpr double kMinSleepWallMs = 2.0;
  static constexpr double kMaxLagMs = 100.0;  // further behind than this: start counting again

  explicit StepPacer(double dt_ms) : dt_ms_(dt_ms > 0 ? dt_ms : 0.1) {}

  // [SECTION] Settings (each starts counting again from `step`, the worker's present step)
  void set_paused(bool paused, std::int64_t step);
  bool paused() const { return paused_.load(); }  // any thread
  void set_speed(double speed, std::int64_t step);  // <= 0: real time; infinity: flat out
  void set_lockstep(bool lockstep, std::int64_t step);  // drops the steps asked for
  bool lockstep() const { return lockstep_; }
  // Steps only when asked (paused or lockstep): whether a request is what moves the worker.
  bool on_request() const { return paused_ || lockstep_; }
  void request(std::int64_t steps);
  std::int64_t requested() const { return requested_; }
  void drop_requests() { requested_ = 0; }
  void reanchor(std::int64_t step);

  // [SECTION] The worker's loop
  // Steps due now at `step`, never past `limit`.
  std::int64_t due(Clock::time_point now, std::int64_t step, std::int64_t limit);
  // The next chunk of what is due; a chunk of requested steps is counted off.
  std::int64_t take_chunk(std::int64_t due);
  // After a chunk: its wall time adapts the next chunk's size.
  void chunk_took(std::int64_t steps, std::chrono::nanoseconds wall);
  // How long to sleep when nothing is due at a set pace (the worker waits for a wake-up when
  // paused, in lockstep or at its limit).
  std::chrono::duration<double, std::milli> idle_sleep() const;

 private:
  double dt_ms_;
  std::atomic<bool> paused_{true};
  bool lockstep_ = false;
  std::int64_t requested_ = 0;
  double speed_ = 1.0;
  Clock::time_point anchor_time_ = Clock::now();
  std::int64_t anchor_step_ = 0;
  double steps_per_chunk_ = 1.0;
};

}  // namespace neurosim
