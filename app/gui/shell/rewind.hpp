#pragma once
// The window's rewind: the Session's history (session_history.hpp) and the Rewind window
// (panels/timeline_scrubber.hpp). The history is attached before the engine's thread starts and
// detached after it stops. A seek runs on the engine's thread (SessionRunner::post), with the
// run paused: the window keeps drawing, and the Rewind window shows how far it has got. New
// settings are applied between two chunks (SessionRunner::with_session).
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "gui/panels/timeline_scrubber.hpp"
#include "neurosim/session_history.hpp"

namespace neurosim {
class Session;
class SessionRunner;
}  // namespace neurosim

namespace neurosim::gui {

class SimClock;

class Rewind {
 public:
  bool open = false;  // the Rewind window

  // The window length and the memory budget (`--rewind-seconds`, `--rewind-budget-mb`).
  void configure(double window_s, double budget_mb);
  void attach(Session& session);  // before the engine's thread starts
  void detach();                  // after it stopped
  // The time the views show before the present (the raster's window): a seek re-simulates it.
  void set_lead_ms(double ms) { lead_ms_ = ms; }
  // `announce`: say on stdout where the seek went, or on stderr why not (--rewind-to).
  void request_seek(double t_ms, bool announce = false) {
    pending_seek_ = t_ms;
    announce_ = announce;
  }

  void draw(SimClock& clock);
  // After the frame's panels: starts a seek asked for (true: it paused the run), and takes the
  // result of one that ended.
  bool perform(SessionRunner& runner, SimClock& clock);
  bool seeking() const { return seek_ != nullptr; }
  // What the history covers now (nullopt before attach): for `--rewind-to`'s closing line.
  std::optional<HistoryCoverage> coverage() const {
    if (!history_) return std::nullopt;
    return history_->coverage();
  }

 private:
  // A seek under way on the engine's thread: its verdict and wall time, once done.
  struct Seek {
    std::atomic<bool> done{false};
    std::string why;
    double wall_ms = 0.0;
  };
  void finish_seek(SimClock& clock);

  std::unique_ptr<SessionHistory> history_;
  std::shared_ptr<Seek> seek_;
  HistoryOptions options_;
  TimelineScrubberPanel panel_;
  std::optional<double> pending_seek_;
  std::optional<HistoryOptions> pending_options_;
  double lead_ms_ = 1000.0;
  double lead_applied_ms_ = -1.0;
  std::string message_;
  double last_seek_wall_ms_ = -1.0;
  bool announce_ = false;
};

}  // namespace neurosim::gui
