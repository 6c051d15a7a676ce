// Periodic checkpoints, the command log and the re-simulating seek (see session_history.hpp).
#include "neurosim/session_history.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <unordered_set>

#include "neurosim/session.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim {

namespace {

std::int64_t steps_of(double ms, double dt, std::int64_t at_least) {
  if (!std::isfinite(ms) || dt <= 0) return at_least;
  const double steps = std::round(ms / dt);
  if (steps >= static_cast<double>(std::numeric_limits<std::int64_t>::max() / 4)) return std::numeric_limits<std::int64_t>::max() / 4;
  return std::max<std::int64_t>(at_least, static_cast<std::int64_t>(steps));
}

std::string ms_text(std::int64_t step, double dt) {
  std::ostringstream s;
  s << static_cast<double>(step) * dt;
  return s.str() + " ms";
}

// A logged command's share of the memory: the variant and, for SetParams, its names.
std::size_t bytes_of(const Command& c) {
  std::size_t n = sizeof(c);
  if (const auto* many = std::get_if<SetParams>(&c))
    for (const auto& [name, value] : many->values) n += sizeof(value) + name.capacity() + sizeof(name);
  return n;
}

// A block's bookkeeping beside its bytes: the shared pointer, its control block, the vector.
constexpr std::size_t kBlockOverhead = 2 * sizeof(std::shared_ptr<const CheckpointBlocks::Block>) + sizeof(std::uint64_t) + 64;

}  // namespace

SessionHistory::SessionHistory(Session& session, HistoryOptions options) : session_(session) {
  dt_ms_ = session_.network().dt();
  set_options(options);
  session_.history_ = this;
}

SessionHistory::~SessionHistory() { session_.history_ = nullptr; }

void SessionHistory::set_options(const HistoryOptions& options) {
  options_ = options;
  base_interval_steps_ = interval_steps_ = steps_of(options.interval_ms, dt_ms_, 1);
  window_steps_ = steps_of(options.window_ms, dt_ms_, 1);
  lead_steps_ = steps_of(options.lead_ms, dt_ms_, 0);
  if (!ring_.empty()) fit_interval();
  too_big_ = false;
  evict(head());
  recount();
  enforce_budget();
  publish();
}

HistoryCoverage SessionHistory::coverage() const {
  const std::lock_guard lock(coverage_mutex_);
  HistoryCoverage c = coverage_;
  // While the branch runs on, its head is the present step (read with the coverage: publish()).
  c.now_step = now_.load(std::memory_order_relaxed);
  if (!c.rewound) c.last_step = c.now_step;
  c.rewound = c.now_step < c.last_step;
  c.first_step = c.checkpoints == 0 ? c.last_step : std::max(front_step_, std::min(c.last_step - window_published_, back_step_));
  c.seek_to_step = seek_to_.load(std::memory_order_relaxed);
  c.seek_from_step = seek_from_.load(std::memory_order_relaxed);
  if (c.seek_to_step >= 0) c.rewound = true;  // the head stays where it was while the seek runs
  return c;
}

void SessionHistory::after_steps() { now_.store(session_.step_index(), std::memory_order_relaxed); }

std::int64_t SessionHistory::head() const { return rewound_ ? head_ : session_.step_index(); }

// [SECTION] Recording
void SessionHistory::before_step(bool stepping) {
  if (replaying_) return;
  const std::int64_t now = session_.step_index();
  if (rewound_) {
    // Looking without stepping (advance(0) while paused) keeps the later history; a step or an
    // applied command (command_applied) branches.
    if (!stepping) return;
    branch(now);
  }
  if (now == last_attempt_ || now < retry_at_ || too_big_) return;
  if (!ring_.empty() && now - ring_.back().step < interval_steps_) return;
  last_attempt_ = now;
  try {
    session_.capture_state(capture_);
  } catch (const StateError&) {
    // A change of input waits to be applied (its data are not state): try again an interval
    // later, not at every step.
    retry_at_ = now + std::max<std::int64_t>(1, interval_steps_);
    return;
  }
  // Kept as blocks shared with the checkpoint before where the bytes are the same
  // (checkpoint_blocks.hpp): connectivity and static weights are held once.
  const CheckpointBlocks* previous = ring_.empty() ? nullptr : &ring_.back();
  CheckpointBlocks blocks = CheckpointBlocks::split(capture_, previous);
  last_size_ = capture_.state.size();
  last_new_bytes_ = blocks.new_bytes(previous);
  ring_.push_back(std::move(blocks));
  fit_interval();
  recount();
  evict(now);
  enforce_budget();
  publish();
}

void SessionHistory::fit_interval() {
  interval_steps_ = base_interval_steps_;
  // What a checkpoint adds beyond the one before is known from the second on: the first holds
  // everything, and fitting to that would space them as if nothing were shared.
  if (!options_.fit_window || ring_.size() < 2) return;
  // The first checkpoint holds everything, each later one what changed (as the latest did):
  // n fit; n - 1 intervals must span the window (plus the one before its start).
  const std::size_t overhead = sizeof(CheckpointBlocks) + ring_.back().blocks.size() * kBlockOverhead;
  const std::size_t first = last_size_ + overhead + capture_.state.capacity();
  const std::size_t per = last_new_bytes_ + overhead;
  if (first > options_.budget_bytes || per == 0) return;
  const std::size_t fit = 1 + (options_.budget_bytes - first) / per;
  if (fit < 3) return;  // the budget holds too few for any spacing to cover the window
  const std::int64_t needed = (window_steps_ + static_cast<std::int64_t>(fit) - 3) / static_cast<std::int64_t>(fit - 2);
  interval_steps_ = std::max(base_interval_steps_, needed);
}

void SessionHistory::enforce_budget() {
  if (ring_.size() != 1 || bytes_ <= options_.budget_bytes) return;
  // Not even one checkpoint fits: keep none rather than break the bound, and say so (publish()).
  too_big_ = true;
  clear();
  capture_ = Checkpoint{};  // its buffer too
}

void SessionHistory::command_applied(const Command& command) {
  if (replaying_) return;
  const std::int64_t now = session_.step_index();
  if (std::holds_alternative<ResetNetwork>(command)) {
    // Back at t = 0 with another history: it starts now, before the commands that follow.
    clear();
    last_attempt_ = -1;
    retry_at_ = -1;
    before_step();
    publish();
    return;
  }
  if (rewound_) branch(now);
  if (ring_.empty()) return;  // nothing to replay it from
  log_.push_back({now, command});
  bytes_ += bytes_of(command);
}

std::int64_t SessionHistory::next_capture_after(std::int64_t now) const {
  if (replaying_ || too_big_) return INT64_MAX;
  std::int64_t next = now + 1;
  if (!ring_.empty()) next = std::max(next, ring_.back().step + interval_steps_);
  return std::max(next, retry_at_);
}

void SessionHistory::branch(std::int64_t step) {
  while (!ring_.empty() && ring_.back().step > step) ring_.pop_back();
  while (!log_.empty() && log_.back().step >= step) log_.pop_back();
  rewound_ = false;
  last_attempt_ = -1;
  retry_at_ = -1;
  recount();
  publish();
}

void SessionHistory::clear() {
  ring_.clear();
  log_.clear();
  rewound_ = false;
  bytes_ = 0;
}

// Whether the oldest checkpoint can go once a checkpoint of `extra_bytes` more is taken at
// `head`: the next one already reaches back past the window, or the budget would be exceeded.
bool SessionHistory::evictable(std::int64_t head, std::size_t extra_bytes) const {
  if (ring_.size() < 2) return false;
  if (ring_[1].step <= head - window_steps_) return true;
  return bytes_ + extra_bytes > options_.budget_bytes;
}

void SessionHistory::evict(std::int64_t head) {
  while (evictable(head, 0)) {
    ring_.pop_front();
    while (!log_.empty() && log_.front().step < ring_.front().step) log_.pop_front();
    recount();
  }
}

void SessionHistory::recount() {
  // Each block once, however many checkpoints share it; the capture buffer too.
  std::size_t bytes = ring_.empty() ? 0 : capture_.state.capacity();
  std::unordered_set<const CheckpointBlocks::Block*> counted;
  for (const CheckpointBlocks& c : ring_) {
    bytes += sizeof(CheckpointBlocks) + c.blocks.size() * kBlockOverhead;
    for (const auto& b : c.blocks)
      if (counted.insert(b.get()).second) bytes += b->capacity();
  }
  for (const Logged& l : log_) bytes += bytes_of(l.command) + sizeof(l.step);
  bytes_ = bytes;
}

void SessionHistory::publish() {
  HistoryCoverage c;
  c.options = options_;
  c.dt_ms = dt_ms_;
  c.last_step = head();
  c.rewound = rewound_;
  c.checkpoints = ring_.size();
  c.bytes = bytes_;
  c.checkpoint_bytes = last_size_;
  c.checkpoint_new_bytes = last_new_bytes_;
  c.interval_ms = static_cast<double>(interval_steps_) * dt_ms_;
  if (too_big_)
    c.note = "a checkpoint of this network takes " + std::to_string((last_size_ + (1u << 20) - 1) >> 20) + " MB, more than the budget of " +
             std::to_string(options_.budget_bytes >> 20) + " MB: nothing is kept";
  // The present step changes with the coverage, under its lock: a reader that took the old
  // coverage with the new step (a seek's restored step against a head not yet marked rewound)
  // would see the history end there.
  const std::lock_guard lock(coverage_mutex_);
  coverage_ = std::move(c);
  now_.store(session_.step_index(), std::memory_order_relaxed);
  front_step_ = ring_.empty() ? 0 : ring_.front().step;
  back_step_ = ring_.empty() ? 0 : ring_.back().step;
  window_published_ = window_steps_;
}

// [SECTION] Seek
std::string SessionHistory::seek_ms(double t_ms) {
  if (!std::isfinite(t_ms)) return "cannot go to t = " + std::to_string(t_ms) + " ms";
  return seek(static_cast<std::int64_t>(std::llround(t_ms / dt_ms_)));
}

std::string SessionHistory::seek(std::int64_t step) {
  if (replaying_) return "a seek is under way";
  if (ring_.empty()) return too_big_ ? coverage().note : "nothing to go back to yet (the first checkpoint comes with the next step)";
  const std::int64_t last = head();
  const std::int64_t first = std::max(ring_.front().step, std::min(last - window_steps_, ring_.back().step));
  if (step < first || step > last)
    return "t = " + ms_text(step, dt_ms_) + " is outside the history kept (" + ms_text(first, dt_ms_) + " to " + ms_text(last, dt_ms_) + ")";
  // The latest checkpoint at or before the lead's start; the oldest when none reaches back so far.
  const std::int64_t from = step - lead_steps_;
  std::size_t pick = 0;
  for (std::size_t i = 0; i < ring_.size() && ring_[i].step <= std::max(from, ring_.front().step); ++i) pick = i;
  ring_[pick].join(restore_);
  const Checkpoint& start = restore_;

  struct Replaying {
    SessionHistory& h;
    Replaying(SessionHistory& history, std::int64_t from, std::int64_t to) : h(history) {
      h.replaying_ = true;
      h.seek_from_.store(from, std::memory_order_relaxed);
      h.seek_to_.store(to, std::memory_order_relaxed);
    }
    ~Replaying() {
      h.replaying_ = false;
      h.seek_to_.store(-1, std::memory_order_relaxed);
      h.seek_from_.store(-1, std::memory_order_relaxed);
    }
  } replaying(*this, start.step, step);
  if (std::string why = session_.restore_state(start); !why.empty()) return "cannot go back to " + ms_text(start.step, dt_ms_) + ": " + why;
  head_ = last;
  rewound_ = true;  // while it re-simulates, the span reaches to the head still
  publish();
  // Forward to the target, with every logged command at its step (before that step's timeline
  // entries and the step itself, as advance() applies its queue).
  auto next = std::lower_bound(log_.begin(), log_.end(), start.step, [](const Logged& l, std::int64_t s) { return l.step < s; });
  for (;;) {
    const std::int64_t now = session_.step_index();
    if (now >= step) break;
    for (; next != log_.end() && next->step <= now; ++next) {
      Command c = next->command;
      session_.apply_command(0, c);
    }
    // In pieces, so that coverage() shows how far the seek has got (run_steps publishes the step).
    constexpr std::int64_t kProgressSteps = 2000;
    const std::int64_t until = std::min(next != log_.end() ? std::min(next->step, step) : step, now + kProgressSteps);
    if (session_.run_steps(until - now) == 0) break;
  }
  rewound_ = step < last;
  publish();
  return {};
}

}  // namespace neurosim
