#pragma once
// The Rewind window: a timeline scrubber over what the session's history keeps
// (session_history.hpp). It shows the span covered, the memory held against the budget and a
// cursor at the present step; dragging the cursor asks for a seek, which the shell performs
// through the engine's thread (shell/rewind.hpp). The panel reads a HistoryCoverage value and
// returns requests: no engine state, no GL.
#include <optional>
#include <string>

#include "neurosim/session_history.hpp"

namespace neurosim::gui {

struct ScrubberRequest {
  std::optional<double> seek_ms;          // go to this time (the run pauses)
  bool resume = false;                    // run on from here (drops the later history)
  bool pause = false;
  std::optional<HistoryOptions> options;  // new window, budget or interval
};

struct TimelineScrubberPanel {
  // Settings, as the sliders show them (applied on release)
  float window_s = 30.0f;
  float budget_mb = 256.0f;
  float interval_ms = 100.0f;

  // `paused`: the run state; `message`: the last seek's refusal or ""; `seek_ms`: how long the
  // last seek took (wall time, < 0: none yet).
  ScrubberRequest draw(bool* open, const HistoryCoverage& coverage, bool paused, const std::string& message, double seek_ms);

  // Internal
  bool dragging = false;
  double cursor_ms = 0.0;  // while dragging: where the pointer is
};

// "12.3 MB", "840 kB": a byte count for people.
std::string memory_text(std::size_t bytes);

}  // namespace neurosim::gui
