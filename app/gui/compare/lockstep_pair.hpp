#pragma once
// Two Sessions stepped in lockstep by one worker thread, for the Compare window: run A and
// run B of a before/after comparison.
//
// The worker advances both Sessions by the same chunk of steps (A, then B), observes both and
// appends both observations to the mailbox under one lock, so take() always hands over the two
// sides at the same step: neither is drawn further ahead than the other. Stepping A and B one
// after the other on one thread changes nothing in what each computes: each side's spikes are
// those of `neurosim run` of its scenario (its Session alone, from the same step).
//
// Paces, as SessionRunner's (one StepPacer, step_pacer.hpp): `speed` simulated ms per wall ms
// (1 = real time), infinity for flat out, and lockstep with the frames (request_steps,
// wait_idle) for `--frames N` runs that write screenshots.
// Experiments run their schedules on both sides; the pair does not pause at their end.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "neurosim/observations.hpp"
#include "neurosim/session.hpp"
#include "neurosim/step_pacer.hpp"

namespace neurosim::gui {

class LockstepPair {
 public:
  static constexpr double kChunkWallMs = StepPacer::kChunkWallMs;

  // Takes both Sessions (at the same step: both from t = 0, or both restored from one
  // checkpoint) and starts the worker, paused.
  LockstepPair(std::unique_ptr<Session> a, std::unique_ptr<Session> b);
  LockstepPair(const LockstepPair&) = delete;
  LockstepPair& operator=(const LockstepPair&) = delete;
  ~LockstepPair();  // stops and joins the worker before the Sessions go

  // [SECTION] Pace
  void set_paused(bool paused);
  bool paused() const { return pacer_.paused(); }
  void set_speed(double speed);  // simulated ms per wall ms; infinity: flat out
  void set_lockstep(bool lockstep);
  // Lockstep, or while paused (the Step button): `steps` more steps on both sides.
  void request_steps(std::int64_t steps);
  // Returns once every requested step and every submitted command is done.
  void wait_idle();

  // [SECTION] Commands and observations
  // `side` 0 is A, 1 is B. Applied at the start of the next chunk, on that side only.
  Session::CommandId submit(int side, Command command);
  // Everything each side produced since the last take(), both at the same step.
  std::array<Observations, 2> take();
  std::int64_t step_index() const { return step_.load(); }
  double dt_ms() const { return dt_ms_; }
  // Wall time the worker spent stepping both sides, in seconds.
  double busy_seconds() const { return static_cast<double>(busy_ns_.load()) * 1e-9; }

 private:
  using Clock = std::chrono::steady_clock;
  void run();

  std::array<std::unique_ptr<Session>, 2> sessions_;
  std::array<Session::ReaderId, 2> readers_{};
  std::mutex mailbox_mutex_;  // held while the two observations are appended or taken
  std::array<Observations, 2> mailbox_;

  std::mutex control_mutex_;  // guards the pace below and wakes the worker
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool stop_ = false;
  StepPacer pacer_;
  bool commands_waiting_ = false;
  bool busy_ = false;
  std::atomic<std::int64_t> step_{0};
  std::atomic<std::int64_t> busy_ns_{0};
  double dt_ms_ = 0.1;
  std::thread worker_;
};

// What stays in a mailbox after take(): the scenario facts, time, progress and the traced
// neurons (with no new samples), so a frame without a new chunk still knows what it shows.
Observations carried_over(const Observations& taken);

}  // namespace neurosim::gui
