// App's replay (replay_network.hpp, replay_panel.hpp): the Replay window and its jumps in time.
#include "gui/shell/app.hpp"

#include <algorithm>

namespace neurosim::gui {

void App::enable_replay(double duration_ms, std::string label, std::size_t spikes) {
  replay_panel_.active = true;
  replay_panel_.duration_ms = duration_ms;
  replay_panel_.label = std::move(label);
  replay_panel_.spikes = spikes;
  show_replay_ = true;
  ui_.show_population = true;  // the population views: rates per population
}

void App::draw_replay() {
  if (!replay_panel_.active) return;
  if (const double t = replay_panel_.draw(&show_replay_, seen_t_ms_, clock_); t >= 0) seek_ms_ = t;
}

void App::seek_replay() {
  if (seek_ms_ < 0) return;
  const double t = seek_ms_;
  seek_ms_ = -1.0;
  const std::int64_t target = std::llround(t / dt_ms_);
  // A jump is the user's: the engine's thread waits while it is made (at most the chunk under
  // way), not while the frame draws.
  runner_->with_session([&](Session& session) {
    std::int64_t from = session.step_index();
    if (target < from) {  // back: from the start (the sources find their place); the reset's
      session.submit(ResetNetwork{});  // verdict clears the views in the next frame
      from = 0;
    }
    // Forward without drawing; the views read the spikes of these steps from the observations.
    session.advance(std::max<std::int64_t>(target - from, 0));
    runner_->observe_now();
  });
  clock_.resync();
}

}  // namespace neurosim::gui
