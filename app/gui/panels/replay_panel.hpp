#pragma once
// The Replay window (`neurosim gui --replay`): what is replayed, play/pause, speed, and a time
// slider that scrubs. Play, pause and speed act on the simulation clock as the Simulation window's
// do; the slider's jump is performed by the App (App::seek_replay, app_replay.cpp).
#include <cstddef>
#include <string>

#include "gui/shell/sim_clock.hpp"

namespace neurosim::gui {

struct ReplayPanel {
  // Settings
  bool active = false;       // a replay is loaded
  double duration_ms = 0.0;  // the recording's end
  std::string label;         // "replay: a.dat, b.dat"
  std::size_t spikes = 0;
  // Internal state
  float target_ms = 0.0f;  // the slider while it is dragged
  bool dragging = false;

  // Returns the time (ms) to jump to when the slider is released, else a negative value.
  // Pauses the clock when the recording's end is reached.
  // `now_ms`: the observed time.
  double draw(bool* open, double now_ms, SimClock& clock);
};

}  // namespace neurosim::gui
