// The window's rewind (see rewind.hpp).
#include "gui/shell/rewind.hpp"

#include <chrono>
#include <cstdio>

#include "gui/shell/sim_clock.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_runner.hpp"

namespace neurosim::gui {

namespace {
// A seek re-simulates the views' span before its target: past this, the views start later
// rather than make every drag wait (a heavy network steps slowly).
constexpr double kMaxLeadMs = 2000.0;
}  // namespace

void Rewind::configure(double window_s, double budget_mb) {
  options_.window_ms = window_s * 1000.0;
  options_.budget_bytes = static_cast<std::size_t>(budget_mb * 1024.0 * 1024.0);
  panel_.window_s = static_cast<float>(window_s);
  panel_.budget_mb = static_cast<float>(budget_mb);
  panel_.interval_ms = static_cast<float>(options_.interval_ms);
}

void Rewind::attach(Session& session) {
  history_.reset();
  options_.lead_ms = std::min(lead_ms_, kMaxLeadMs);
  lead_applied_ms_ = options_.lead_ms;
  history_ = std::make_unique<SessionHistory>(session, options_);
  message_.clear();
  pending_seek_.reset();
  seek_.reset();  // a seek of the Session before is dropped with its thread
}

void Rewind::detach() {
  history_.reset();
  seek_.reset();
}

void Rewind::draw(SimClock& clock) {
  if (!open || !history_) return;
  const ScrubberRequest r = panel_.draw(&open, history_->coverage(), clock.paused, message_, last_seek_wall_ms_);
  if (r.seek_ms) pending_seek_ = r.seek_ms;
  if (r.options) pending_options_ = r.options;
  if (r.pause) clock.paused = true;
  if (r.resume) {
    clock.paused = false;  // the first step taken drops the history after the cursor
    clock.resync();
    message_.clear();
  }
}

bool Rewind::perform(SessionRunner& runner, SimClock& clock) {
  if (!history_) return false;
  if (seek_ && seek_->done.load()) finish_seek(clock);
  const double lead = std::min(lead_ms_, kMaxLeadMs);
  if (lead != lead_applied_ms_ && !pending_options_) pending_options_ = options_;
  if (pending_options_ && !seek_) {
    options_ = *pending_options_;
    options_.lead_ms = lead;
    lead_applied_ms_ = lead;
    pending_options_.reset();
    runner.with_session([&](Session&) { history_->set_options(options_); });
  }
  // One seek at a time: a drag's newer targets wait for the one under way (the latest wins).
  if (!pending_seek_ || seek_) return false;
  const double t = *pending_seek_;
  pending_seek_.reset();
  // Paused first: the worker finishes its chunk, then runs the seek and steps no further.
  clock.paused = true;
  runner.set_paused(true);
  seek_ = std::make_shared<Seek>();
  runner.post([history = history_.get(), seek = seek_, t](Session&) {
    const auto start = std::chrono::steady_clock::now();
    seek->why = history->seek_ms(t);
    seek->wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    seek->done = true;  // the worker observes next: the re-simulated span comes with that take()
  });
  return true;
}

void Rewind::finish_seek(SimClock& clock) {
  message_ = seek_->why;
  last_seek_wall_ms_ = seek_->wall_ms;
  seek_.reset();
  clock.resync();
  if (announce_) {
    const HistoryCoverage c = history_->coverage();
    if (message_.empty())
      std::printf("rewound to t = %g ms of %g ms kept (%zu checkpoints, %s), in %.0f ms\n", static_cast<double>(c.now_step) * c.dt_ms,
                  static_cast<double>(c.last_step - c.first_step) * c.dt_ms, c.checkpoints, memory_text(c.bytes).c_str(), last_seek_wall_ms_);
    else
      std::fprintf(stderr, "error: rewind: %s\n", message_.c_str());
    std::fflush(stdout);
    announce_ = false;
  }
}

}  // namespace neurosim::gui
