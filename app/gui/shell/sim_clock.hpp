#pragma once
// How many simulation steps a frame runs, and the speed figures the status bar shows.
//
// Speed is "simulated ms per wall ms": 1 = real time, 0.1 = ten times slower, ... "Max" runs as
// many steps as fit in a per-frame budget. Every mode honours the budget (about 10 ms) so that the
// window keeps drawing at 60 fps or more even when the network cannot keep up; the clock then
// reports that it is behind instead of piling up a debt it could never pay.
#include <cstdint>

namespace neurosim::gui {

class SimClock {
 public:
  // [SECTION] Settings
  bool paused = false;
  bool max_speed = false;
  float speed = 1.0f;          // simulated ms per wall ms when not max_speed
  double budget_ms = 10.0;     // wall time per frame the simulation may use
  double fixed_frame_ms = 0.0; // > 0 in batch runs (--frames): wall time per frame the plan assumes

  // [SECTION] Per frame
  // Steps wanted this frame after `wall_dt_s` seconds of wall time (huge in max mode).
  std::int64_t steps_wanted(double wall_dt_s, double dt_ms);
  // What happened: `done` steps in `elapsed_ms`; `spikes` emitted; the simulated time now.
  void report(std::int64_t wanted, std::int64_t done, double elapsed_ms, std::uint64_t spikes,
              double wall_dt_s, double dt_ms);
  // Forget the pending debt (after pause, reset, load) so the next frame does not catch up.
  void resync() { debt_ms_ = 0.0; }

  // [SECTION] Read-only outputs, averaged over about half a second
  double realtime_factor() const { return realtime_factor_; }
  double steps_per_second() const { return steps_per_second_; }
  double spikes_per_second() const { return spikes_per_second_; }
  double step_cost_us() const { return step_cost_us_; }  // wall time per step
  bool behind() const { return behind_; }                 // the budget cut the last frames short

 private:
  double debt_ms_ = 0.0;  // simulated time owed to the wall clock, less than one step after a frame
  // Accumulators for the averaged figures.
  double acc_wall_s_ = 0.0, acc_sim_ms_ = 0.0, acc_step_ms_ = 0.0;
  std::int64_t acc_steps_ = 0;
  std::uint64_t acc_spikes_ = 0;
  int acc_cut_frames_ = 0, acc_frames_ = 0;
  double realtime_factor_ = 0.0, steps_per_second_ = 0.0, spikes_per_second_ = 0.0;
  double step_cost_us_ = 0.0;
  bool behind_ = false;
};

}  // namespace neurosim::gui
