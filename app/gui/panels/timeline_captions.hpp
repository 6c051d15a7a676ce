#pragma once
// The timeline's notes as captions over the window: the latest note whose time has come shows at
// the bottom centre for a few seconds of wall time, or until the next one; "REC" marks a
// recording of the user's edits (Session::set_recording).
#include <string>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

class TimelineCaptions {
 public:
  // From the latest facts and simulated time; wall_dt_s is the frame's wall time.
  void update(const ScenarioFacts& facts, double t_ms, double wall_dt_s);
  void draw(bool recording) const;
  const std::string& caption() const { return text_; }  // "" when none shows

 private:
  static constexpr double kShowSeconds = 6.0;
  int current_ = -1;      // the note that came last (index into facts.notes)
  double shown_s_ = 0.0;  // wall time it has shown
  std::string text_;
};

// Here rather than in the .cpp so that it is tested without a window (tests/app).
inline void TimelineCaptions::update(const ScenarioFacts& facts, double t_ms, double wall_dt_s) {
  // A note applies at the start of its step (t_ms rounded to a step), as the Session applies
  // the entries: it has come once the time is within half a step of it.
  const double half_step = facts.dt_ms * 0.5;
  int latest = -1;
  for (std::size_t i = 0; i < facts.notes.size(); ++i)
    if (facts.notes[i].t_ms <= t_ms + half_step && (latest < 0 || facts.notes[i].t_ms >= facts.notes[static_cast<std::size_t>(latest)].t_ms))
      latest = static_cast<int>(i);
  if (latest != current_) {  // a new note (or, after a reset, none yet)
    current_ = latest;
    shown_s_ = 0.0;
  } else {
    shown_s_ += wall_dt_s;
  }
  const bool visible = current_ >= 0 && shown_s_ < kShowSeconds;
  text_ = visible ? facts.notes[static_cast<std::size_t>(current_)].text : std::string();
}

}  // namespace neurosim::gui
