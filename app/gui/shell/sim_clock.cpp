// Frame -> number of steps, and running speed figures (see sim_clock.hpp).
#include "gui/shell/sim_clock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neurosim::gui {

std::int64_t SimClock::steps_wanted(double wall_dt_s, double dt_ms) {
  if (paused || dt_ms <= 0.0) return 0;
  if (max_speed) return std::numeric_limits<std::int64_t>::max();
  // A long frame (window dragged, breakpoint) must not turn into a burst of catch-up steps.
  const double wall_ms = std::min(wall_dt_s, 0.1) * 1000.0;
  debt_ms_ += wall_ms * static_cast<double>(speed);
  const double steps = std::floor(debt_ms_ / dt_ms + 1e-9);
  debt_ms_ -= steps * dt_ms;
  return static_cast<std::int64_t>(steps);
}

void SimClock::report(std::int64_t wanted, std::int64_t done, double elapsed_ms, std::uint64_t spikes,
                      double wall_dt_s, double dt_ms) {
  const bool cut = !max_speed && done < wanted;
  if (cut) debt_ms_ = 0.0;  // drop what the budget could not pay; the factor shows the shortfall
  acc_wall_s_ += wall_dt_s;
  acc_sim_ms_ += static_cast<double>(done) * dt_ms;
  acc_step_ms_ += elapsed_ms;
  acc_steps_ += done;
  acc_spikes_ += spikes;
  acc_cut_frames_ += cut ? 1 : 0;
  acc_frames_ += 1;
  if (acc_wall_s_ < 0.5) return;
  realtime_factor_ = acc_sim_ms_ / (acc_wall_s_ * 1000.0);
  steps_per_second_ = static_cast<double>(acc_steps_) / acc_wall_s_;
  spikes_per_second_ = static_cast<double>(acc_spikes_) / acc_wall_s_;
  step_cost_us_ = acc_steps_ > 0 ? acc_step_ms_ * 1000.0 / static_cast<double>(acc_steps_) : 0.0;
  behind_ = acc_cut_frames_ * 4 > acc_frames_;  // more than a quarter of the frames were cut
  acc_wall_s_ = acc_sim_ms_ = acc_step_ms_ = 0.0;
  acc_steps_ = 0;
  acc_spikes_ = 0;
  acc_cut_frames_ = acc_frames_ = 0;
}

}  // namespace neurosim::gui
