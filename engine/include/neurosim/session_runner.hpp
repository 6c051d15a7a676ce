#pragma once
// A Session stepped on its own thread, so that a viewer draws at its own rate and never waits
// for the engine.
//
// The worker advances the Session in short chunks (about kChunkWallMs of wall time each) at
// the requested pace and, after each chunk, observes it and appends the observation to a
// mailbox; take() swaps the mailbox out under a short lock. Between chunks the worker holds no
// lock, so with_session() (for a view that still reads the network directly) waits at most one
// chunk.
//
// Paces (step_pacer.hpp): real time or `speed` times it, flat out, or lockstep: steps only when
// asked (request_steps), as many as asked, so that a run driven frame by frame (`gui --frames N`
// that writes files) repeats exactly.
// Whatever the pace, the same scenario and seed give the same spikes: pacing changes only when
// steps happen, never what they compute. Commands submitted through the runner are applied at
// the start of the next chunk (at once when paused).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>

#include "neurosim/observations.hpp"
#include "neurosim/session.hpp"
#include "neurosim/step_pacer.hpp"

namespace neurosim {

class SessionRunner {
 public:
  static constexpr double kChunkWallMs = StepPacer::kChunkWallMs;

  // Starts the worker, paused. The session must outlive the runner.
  explicit SessionRunner(Session& session);
  SessionRunner(const SessionRunner&) = delete;
  SessionRunner& operator=(const SessionRunner&) = delete;
  ~SessionRunner();  // stops and joins the worker

  // [SECTION] Pace
  void set_paused(bool paused);
  bool paused() const { return pacer_.paused(); }
  void set_speed(double speed);  // simulated ms per wall ms; infinity: flat out
  void set_lockstep(bool lockstep);
  // Lockstep, or while paused: `steps` more steps (paused: a single step from the Step button).
  // wait_idle() returns once every requested step (and every submitted command) is done.
  void request_steps(std::int64_t steps);
  void wait_idle();
  // The worker never steps past this step (a run of a fixed length).
  void set_step_limit(std::int64_t step);
  // The worker pauses itself at the step that ends the experiment's schedule (the window's
  // behaviour: the run stops there, as `neurosim run` does, and Run continues without it).
  void set_pause_at_experiment_end(bool pause);

  // [SECTION] Commands and observations
  Session::CommandId submit(Command command);
  // What the next observation should carry beyond the stream (a neuron's state, weights...):
  // the worker copies it in its next chunk, or at once when idle; take() then hands it over.
  // A viewer asks each frame for what it shows; wait_idle() includes the copy.
  void want(ObserveWants wants);
  // Everything observed since the last take().
  Observations take();
  // Runs fn(session) between two chunks (the worker waits): for reading the network directly.
  template <class Fn>
  decltype(auto) with_session(Fn&& fn) {
    const std::lock_guard lock(session_mutex_);
    return fn(session_);
  }
  // The same as a lock held by the caller (a frame's reading and drawing): the worker waits
  // until it is released. Taking it waits for at most the chunk under way.
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(session_mutex_); }
  // Runs job(session) on the worker between two chunks, then observes the session, so that what
  // the job did (a seek's re-simulated span) comes with the next take(). The caller does not
  // wait: a long job (a seek on a large network) leaves the window drawing. One job at a time;
  // a job posted while one is queued replaces it. job_pending() is true until it has run.
  void post(std::function<void(Session&)> job);
  bool job_pending() const { return job_pending_.load(); }
  // Under lock(): observes the session now, so that what the caller did to it (steps of a
  // jump, say) comes with the next take().
  void observe_now();
  std::int64_t step_index() const { return step_.load(); }
  // Wall time the worker spent stepping, in seconds (for speed figures).
  double busy_seconds() const { return static_cast<double>(busy_ns_.load()) * 1e-9; }

 private:
  using Clock = std::chrono::steady_clock;
  void run();

  Session& session_;
  Session::ReaderId reader_ = 0;
  std::mutex session_mutex_;  // held while the worker advances and observes (one chunk)
  std::mutex mailbox_mutex_;  // held while an observation is appended or taken
  Observations mailbox_;

  std::mutex control_mutex_;  // guards the pace below and wakes the worker
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool stop_ = false;
  StepPacer pacer_;
  bool commands_waiting_ = false;
  ObserveWants wants_;          // asked by want(), taken by the next chunk
  bool wants_waiting_ = false;
  bool busy_ = false;           // a chunk is under way
  std::function<void(Session&)> job_;  // posted, not yet run
  std::atomic<bool> job_pending_{false};
  std::int64_t limit_ = std::numeric_limits<std::int64_t>::max();
  std::atomic<bool> pause_at_end_{false};
  std::atomic<std::int64_t> step_{0};
  std::atomic<std::int64_t> busy_ns_{0};
  std::thread worker_;
};

}  // namespace neurosim
