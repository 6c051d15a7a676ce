#pragma once
// A sweep run in the background for the window: the points of a cli::SweepPlan are run by
// cli::run_sweep_point (the code `neurosim sweep` runs, so each row equals the same point run
// headless) on worker threads, never on the UI thread. The window polls progress each frame and
// takes the result, sweep.csv's text, when every point is done. Cancel stops within a step.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/sweep_plan.hpp"

namespace neurosim::gui {

struct SweepOutcome {
  std::string csv;      // sweep.csv's bytes ("" when it failed or was cancelled)
  std::string error;    // "sweep point 3: ..." when a point failed
  bool cancelled = false;
  double seconds = 0.0;
  std::size_t points = 0;
};

class SweepJob {
 public:
  SweepJob() = default;
  SweepJob(const SweepJob&) = delete;
  SweepJob& operator=(const SweepJob&) = delete;
  ~SweepJob() { stop(); }

  // Starts the plan on `threads` (>= 1) worker threads. A job still running is cancelled first.
  void start(cli::SweepPlan plan, int threads);
  bool running() const { return started_ && !finished_.load(); }
  std::size_t done() const { return done_.load(); }
  std::size_t total() const { return plan_.points(); }
  void cancel() { cancel_.store(true); }
  // The outcome, once, after the last point (or the cancel) finished.
  std::optional<SweepOutcome> take();
  // Cancels and waits for the threads.
  void stop();

 private:
  void run(int threads);

  cli::SweepPlan plan_;
  std::vector<cli::SweepRow> rows_;
  std::atomic<std::size_t> next_{0}, done_{0};
  std::atomic<bool> cancel_{false}, finished_{false};
  bool started_ = false, taken_ = false;
  std::thread coordinator_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  SweepOutcome outcome_;
};

}  // namespace neurosim::gui
