// Two Sessions in lockstep on one worker thread (see lockstep_pair.hpp).
#include "gui/compare/lockstep_pair.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace neurosim::gui {

namespace {
constexpr double kMaxLagMs = 100.0;  // further behind than this: start counting again
}  // namespace

Observations carried_over(const Observations& out) {
  Observations kept;
  kept.step = out.step;
  kept.t_ms = out.t_ms;
  kept.facts = out.facts;
  kept.experiment = out.experiment;
  kept.rates.bin_ms = out.rates.bin_ms;
  kept.rates.populations = out.rates.populations;
  kept.rates.first_bin =
      out.rates.first_bin + (out.rates.populations > 0 ? out.rates.hz.size() / static_cast<std::size_t>(out.rates.populations) : 0);
  for (const TraceSamples& t : out.traces) {
    TraceSamples none;
    none.population = t.population;
    none.neuron = t.neuron;
    none.variables = t.variables;
    none.first_step =
        t.first_step + static_cast<std::int64_t>(t.variables > 0 ? t.samples.size() / static_cast<std::size_t>(t.variables) : 0);
    kept.traces.push_back(none);
  }
  return kept;
}

LockstepPair::LockstepPair(std::unique_ptr<Session> a, std::unique_ptr<Session> b) : sessions_{std::move(a), std::move(b)} {
  if (!sessions_[0] || !sessions_[1]) throw std::invalid_argument("LockstepPair needs two sessions");
  if (sessions_[0]->step_index() != sessions_[1]->step_index())
    throw std::invalid_argument("LockstepPair: the two sessions are not at the same step");
  for (int i = 0; i < 2; ++i) {
    readers_[static_cast<std::size_t>(i)] = sessions_[static_cast<std::size_t>(i)]->open_reader();
    // What each side shows from the start: its facts, time and traced neurons.
    mailbox_[static_cast<std::size_t>(i)] = sessions_[static_cast<std::size_t>(i)]->observe(readers_[static_cast<std::size_t>(i)]);
  }
  dt_ms_ = sessions_[0]->network().dt();
  step_ = sessions_[0]->step_index();
  reanchor();
  worker_ = std::thread([this] { run(); });
}

LockstepPair::~LockstepPair() {
  {
    const std::lock_guard lock(control_mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void LockstepPair::reanchor() {
  anchor_time_ = Clock::now();
  anchor_step_ = step_.load();
}

void LockstepPair::set_paused(bool paused) {
  {
    const std::lock_guard lock(control_mutex_);
    paused_ = paused;
    reanchor();
  }
  wake_.notify_all();
}

void LockstepPair::set_speed(double speed) {
  {
    const std::lock_guard lock(control_mutex_);
    speed_ = speed > 0 ? speed : 1.0;
    reanchor();
  }
  wake_.notify_all();
}

void LockstepPair::set_lockstep(bool lockstep) {
  {
    const std::lock_guard lock(control_mutex_);
    lockstep_ = lockstep;
    requested_ = 0;
    reanchor();
  }
  wake_.notify_all();
}

void LockstepPair::request_steps(std::int64_t steps) {
  {
    const std::lock_guard lock(control_mutex_);
    requested_ += std::max<std::int64_t>(steps, 0);
  }
  wake_.notify_all();
}

void LockstepPair::wait_idle() {
  std::unique_lock lock(control_mutex_);
  idle_.wait(lock, [&] { return stop_ || (!busy_ && requested_ == 0 && !commands_waiting_); });
}

Session::CommandId LockstepPair::submit(int side, Command command) {
  const Session::CommandId id = sessions_[side == 0 ? 0 : 1]->submit(std::move(command));
  {
    const std::lock_guard lock(control_mutex_);
    commands_waiting_ = true;
  }
  wake_.notify_all();
  return id;
}

std::array<Observations, 2> LockstepPair::take() {
  std::array<Observations, 2> out;
  const std::lock_guard lock(mailbox_mutex_);
  for (std::size_t i = 0; i < 2; ++i) {
    out[i] = std::move(mailbox_[i]);
    mailbox_[i] = carried_over(out[i]);
  }
  return out;
}

std::int64_t LockstepPair::steps_due(Clock::time_point now) {
  if (paused_ || lockstep_) return requested_;
  if (std::isinf(speed_)) return std::numeric_limits<std::int64_t>::max() / 2;
  const std::int64_t step = step_.load();
  const double wall_ms = std::chrono::duration<double, std::milli>(now - anchor_time_).count();
  const auto target = anchor_step_ + static_cast<std::int64_t>(std::floor(speed_ * wall_ms / dt_ms_));
  if (static_cast<double>(target - step) * dt_ms_ > kMaxLagMs * std::max(speed_, 1.0)) {
    reanchor();
    return 1;
  }
  return std::max<std::int64_t>(target - step, 0);
}

void LockstepPair::run() {
  double steps_per_chunk = 1.0;  // adapted so that a chunk of both sides takes about kChunkWallMs
  std::unique_lock control(control_mutex_);
  for (;;) {
    if (stop_) return;
    const std::int64_t due = steps_due(Clock::now());
    if (due == 0 && !commands_waiting_) {
      idle_.notify_all();
      if (paused_ || lockstep_) {
        wake_.wait(control);
      } else {
        const double step_wall_ms = dt_ms_ / speed_;
        // At least 2 ms: the steps due gather into chunks (a wake-up per 0.1 ms step would cost
        // the window its cores in context switches).
        wake_.wait_for(control, std::chrono::duration<double, std::milli>(std::clamp(step_wall_ms, 2.0, 5.0)));
      }
      continue;
    }
    const std::int64_t chunk = std::min<std::int64_t>(due, std::max<std::int64_t>(1, static_cast<std::int64_t>(steps_per_chunk)));
    if (lockstep_ || paused_) requested_ -= chunk;
    commands_waiting_ = false;
    busy_ = true;
    control.unlock();

    const Clock::time_point start = Clock::now();
    std::array<Observations, 2> seen;
    for (std::size_t i = 0; i < 2; ++i) {
      sessions_[i]->advance(chunk);
      seen[i] = sessions_[i]->observe(readers_[i]);
    }
    step_ = sessions_[0]->step_index();
    const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    busy_ns_ += took;
    if (chunk > 0) {
      const double per_step_ms = static_cast<double>(took) * 1e-6 / static_cast<double>(chunk);
      steps_per_chunk = std::clamp(kChunkWallMs / std::max(per_step_ms, 1e-6), 1.0, 1e6);
    }
    {
      const std::lock_guard lock(mailbox_mutex_);
      for (std::size_t i = 0; i < 2; ++i) mailbox_[i].append(std::move(seen[i]));
    }
    control.lock();
    busy_ = false;
  }
}

}  // namespace neurosim::gui
