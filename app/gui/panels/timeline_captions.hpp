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

}  // namespace neurosim::gui
