#pragma once
// A rewind for a running Session: periodic in-memory checkpoints plus deterministic
// re-simulation.
//
// Attached to a Session, the history takes a checkpoint (Session::capture_state) every
// `interval_ms` of simulated time, at the start of a step, before the commands applied at that
// step, and logs every command the Session applies with its step. The checkpoints sit in a ring
// bounded by a time window and a byte budget: the oldest go first. Each shares the blocks of
// bytes that did not change since the one before (checkpoint_blocks.hpp): connectivity and
// static weights are held once.
//
// seek(step) restores the checkpoint nearest before the target (`lead_ms` earlier when it can,
// so that the views have the time before it to show) and steps from there to the target,
// applying the logged commands at their steps. The Session is deterministic, so the state, the
// spikes, traces and rates come out as they were; the Session's readers start again from the
// restored step (Observations::restarted) and see the re-simulated span. A seek may go back and
// forth between the oldest checkpoint and the furthest step reached.
//
// Resuming from a step before the furthest one branches: the first step taken or command
// applied there drops the later checkpoints and commands. A reset (ResetNetwork) starts the
// history again at t = 0.
//
// Threads: everything but coverage() belongs to the thread that steps the Session (with a
// SessionRunner: inside with_session(), while the worker waits). coverage() may be read from
// any thread.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "neurosim/checkpoint.hpp"
#include "neurosim/checkpoint_blocks.hpp"
#include "neurosim/commands.hpp"

namespace neurosim {

class Session;

struct HistoryOptions {
  double interval_ms = 100.0;                          // a checkpoint every this much simulated time
  double window_ms = 30000.0;                          // how far back a seek may go
  std::size_t budget_bytes = std::size_t{256} << 20;   // memory for checkpoints and commands at most
  double lead_ms = 0.0;                                // a seek re-simulates at least this much before its target
  // The interval grows from interval_ms so that the whole window fits in the budget (a large
  // network then has checkpoints further apart, and a seek re-simulates more).
  bool fit_window = true;
};

// What the scrubber shows. Steps; time is step * dt_ms.
struct HistoryCoverage {
  HistoryOptions options;
  double dt_ms = 0.1;
  std::int64_t first_step = 0;  // the earliest step a seek can reach
  std::int64_t last_step = 0;   // the furthest step reached on this branch (while running: the last checkpoint's, or later)
  std::int64_t now_step = 0;    // where the last seek or checkpoint left the session
  bool rewound = false;         // now_step < last_step: resuming drops what follows
  std::size_t checkpoints = 0;
  std::size_t bytes = 0;            // held now
  std::size_t checkpoint_bytes = 0; // the latest checkpoint's size
  std::size_t checkpoint_new_bytes = 0;  // what it holds that the checkpoint before did not (the rest is shared)
  double interval_ms = 0.0;         // between checkpoints, as fitted
  std::string note;                 // why nothing is kept (a checkpoint larger than the budget), else ""
  // While a seek re-simulates (on the thread that steps the session): from the restored
  // checkpoint's step to its target; now_step is how far it has got. -1 when none runs.
  std::int64_t seek_from_step = -1;
  std::int64_t seek_to_step = -1;
  bool seeking() const { return seek_to_step >= 0; }
  double seek_progress() const {
    if (!seeking() || seek_to_step <= seek_from_step) return 1.0;
    return std::clamp(static_cast<double>(now_step - seek_from_step) / static_cast<double>(seek_to_step - seek_from_step), 0.0, 1.0);
  }
};

class SessionHistory {
 public:
  // Attaches to the session, which must outlive the history (and have no other history).
  SessionHistory(Session& session, HistoryOptions options = {});
  SessionHistory(const SessionHistory&) = delete;
  SessionHistory& operator=(const SessionHistory&) = delete;
  ~SessionHistory();  // detaches

  // [SECTION] Settings: the new bounds apply at once (the oldest checkpoints go).
  void set_options(const HistoryOptions& options);
  // [SECTION] What is kept (any thread)
  HistoryCoverage coverage() const;

  // [SECTION] Seek
  // Goes to `step` (see above). Returns "" or why not: a target outside what is kept (naming
  // the range), no checkpoint yet, a state that cannot be restored. On a refusal nothing changes.
  std::string seek(std::int64_t step);
  std::string seek_ms(double t_ms);

  // [SECTION] Called by the Session
  bool replaying() const { return replaying_; }
  void before_step(bool stepping = true);                            // a checkpoint when one is due
  // The first step after `now` whose before_step() may take a checkpoint (INT64_MAX: none will).
  std::int64_t next_capture_after(std::int64_t now) const;
  void command_applied(const Command& command);  // logged at the present step
  void after_steps();                            // the present step, for coverage()

 private:
  struct Logged {
    std::int64_t step = 0;
    Command command;
  };
  std::int64_t head() const;  // the furthest step of this branch
  void branch(std::int64_t step);
  void clear();
  void evict(std::int64_t head);
  bool evictable(std::int64_t head, std::size_t extra_bytes) const;
  void recount();
  void enforce_budget();
  void fit_interval();
  void publish();

  Session& session_;
  HistoryOptions options_;
  double dt_ms_ = 0.1;
  std::int64_t base_interval_steps_ = 1, interval_steps_ = 1, window_steps_ = 1, lead_steps_ = 0;
  std::deque<CheckpointBlocks> ring_;  // oldest first
  Checkpoint capture_;                 // the buffer each checkpoint is captured into, then split
  Checkpoint restore_;                 // the buffer a seek joins its checkpoint into
  std::deque<Logged> log_;       // commands applied since the oldest checkpoint, in order
  std::size_t bytes_ = 0;
  std::int64_t head_ = 0;        // while rewound: the furthest step reached
  bool rewound_ = false;
  bool replaying_ = false;
  bool too_big_ = false;         // the last checkpoint did not fit the budget: none until it changes
  std::size_t last_size_ = 0;    // the latest checkpoint's size
  std::size_t last_new_bytes_ = 0;  // what it did not share with the one before
  std::int64_t last_attempt_ = -1;
  std::int64_t retry_at_ = -1;  // after a state that could not be saved: not before this step

  // What coverage() reads: published after each change, and the present step after each advance.
  mutable std::mutex coverage_mutex_;
  HistoryCoverage coverage_;   // first_step, last_step and rewound are computed on reading
  std::int64_t front_step_ = 0, back_step_ = 0, window_published_ = 1;
  std::atomic<std::int64_t> now_{0};
  std::atomic<std::int64_t> seek_from_{-1}, seek_to_{-1};  // the seek under way, for coverage()
};

}  // namespace neurosim
