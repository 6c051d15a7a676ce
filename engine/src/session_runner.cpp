// The Session's worker thread (see session_runner.hpp).
#include "neurosim/session_runner.hpp"

#include <algorithm>
#include <cmath>

namespace neurosim {

namespace {
// A worker further behind than this starts counting again (a network slower than the pace).
constexpr double kMaxLagMs = 100.0;
// At a set pace the worker sleeps at least this long between chunks, so that the steps due
// gather into chunks: at real time with dt = 0.1 ms, waking for every step meant 10,000
// wake-ups (and observations) a second, whose context switches took the window's cores.
constexpr double kMinSleepWallMs = 2.0;
}  // namespace

SessionRunner::SessionRunner(Session& session) : session_(session) {
  reader_ = session_.open_reader();
  dt_ms_ = session_.network().dt();
  step_ = session_.step_index();
  reanchor();
  worker_ = std::thread([this] { run(); });
}

SessionRunner::~SessionRunner() {
  {
    const std::lock_guard lock(control_mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
  session_.close_reader(reader_);
}

void SessionRunner::reanchor() {
  anchor_time_ = Clock::now();
  anchor_step_ = step_.load();
}

void SessionRunner::set_paused(bool paused) {
  {
    const std::lock_guard lock(control_mutex_);
    paused_ = paused;
    reanchor();
  }
  wake_.notify_all();
}

void SessionRunner::set_speed(double speed) {
  {
    const std::lock_guard lock(control_mutex_);
    speed_ = speed > 0 ? speed : 1.0;
    reanchor();
  }
  wake_.notify_all();
}

void SessionRunner::set_lockstep(bool lockstep) {
  {
    const std::lock_guard lock(control_mutex_);
    lockstep_ = lockstep;
    requested_ = 0;
    reanchor();
  }
  wake_.notify_all();
}

void SessionRunner::request_steps(std::int64_t steps) {
  {
    const std::lock_guard lock(control_mutex_);
    requested_ += std::max<std::int64_t>(steps, 0);
  }
  wake_.notify_all();
}

void SessionRunner::wait_idle() {
  std::unique_lock lock(control_mutex_);
  idle_.wait(lock, [&] {
    return stop_ || (!busy_ && !job_ && ((requested_ == 0 && !commands_waiting_ && !wants_waiting_) || step_.load() >= limit_));
  });
}

void SessionRunner::set_pause_at_experiment_end(bool pause) {
  with_session([&](Session& s) { s.set_stop_at_experiment_end(pause); });
  pause_at_end_ = pause;
}

void SessionRunner::set_step_limit(std::int64_t step) {
  {
    const std::lock_guard lock(control_mutex_);
    limit_ = step;
  }
  wake_.notify_all();
}

Session::CommandId SessionRunner::submit(Command command) {
  const Session::CommandId id = session_.submit(std::move(command));
  {
    const std::lock_guard lock(control_mutex_);
    commands_waiting_ = true;
  }
  wake_.notify_all();
  return id;
}

void SessionRunner::want(ObserveWants wants) {
  if (wants.empty()) return;
  {
    const std::lock_guard lock(control_mutex_);
    wants_ = std::move(wants);
    wants_waiting_ = true;
  }
  wake_.notify_all();
}

void SessionRunner::post(std::function<void(Session&)> job) {
  {
    const std::lock_guard lock(control_mutex_);
    job_ = std::move(job);
    job_pending_ = true;
  }
  wake_.notify_all();
}

void SessionRunner::observe_now() {
  Observations seen = session_.observe(reader_);
  step_ = session_.step_index();
  const std::lock_guard lock(mailbox_mutex_);
  mailbox_.append(std::move(seen));
}

Observations SessionRunner::take() {
  Observations out;
  {
    const std::lock_guard lock(mailbox_mutex_);
    out = std::move(mailbox_);
    mailbox_ = Observations{};
    // Facts and progress stay: a frame without a new chunk still knows the scenario.
    mailbox_.step = out.step;
    mailbox_.t_ms = out.t_ms;
    mailbox_.facts = out.facts;
    mailbox_.experiment = out.experiment;
    mailbox_.rates.bin_ms = out.rates.bin_ms;
    mailbox_.rates.populations = out.rates.populations;
    // The traced neurons stay, with no new samples yet: a frame without a new chunk still
    // knows what is traced.
    for (const TraceSamples& t : out.traces) {
      TraceSamples none;
      none.population = t.population;
      none.neuron = t.neuron;
      none.variables = t.variables;
      none.first_step = t.first_step + static_cast<std::int64_t>(t.variables > 0 ? t.samples.size() / static_cast<std::size_t>(t.variables) : 0);
      mailbox_.traces.push_back(none);
    }
    mailbox_.rates.first_bin = out.rates.first_bin + (out.rates.populations > 0 ? out.rates.hz.size() / static_cast<std::size_t>(out.rates.populations) : 0);
  }
  return out;
}

// Steps the pace asks for now (lockstep: those requested), within the limit.
std::int64_t SessionRunner::steps_due(Clock::time_point now) {
  const std::int64_t step = step_.load();
  std::int64_t due = 0;
  if (paused_ || lockstep_) {
    due = requested_;
  } else if (std::isinf(speed_)) {
    due = std::numeric_limits<std::int64_t>::max() / 2;
  } else {
    const double wall_ms = std::chrono::duration<double, std::milli>(now - anchor_time_).count();
    const auto target = anchor_step_ + static_cast<std::int64_t>(std::floor(speed_ * wall_ms / dt_ms_));
    if (static_cast<double>(target - step) * dt_ms_ > kMaxLagMs * std::max(speed_, 1.0)) {
      reanchor();
      due = 1;
    } else {
      due = std::max<std::int64_t>(target - step, 0);
    }
  }
  return std::min(due, std::max<std::int64_t>(limit_ - step, 0));
}

void SessionRunner::run() {
  // Steps per chunk, adapted so that a chunk takes about kChunkWallMs.
  double steps_per_chunk = 1.0;
  std::unique_lock control(control_mutex_);
  for (;;) {
    if (stop_) return;
    if (job_) {
      std::function<void(Session&)> job = std::move(job_);
      job_ = nullptr;
      busy_ = true;
      control.unlock();
      Observations seen;
      {
        const std::lock_guard lock(session_mutex_);
        job(session_);
        seen = session_.observe(reader_);
        step_ = session_.step_index();
      }
      {
        const std::lock_guard lock(mailbox_mutex_);
        mailbox_.append(std::move(seen));
      }
      control.lock();
      busy_ = false;
      if (!job_) job_pending_ = false;
      reanchor();  // the pace counts from the job's end (a seek moved the step)
      continue;
    }
    const Clock::time_point now = Clock::now();
    const std::int64_t due = steps_due(now);
    if (due == 0 && !commands_waiting_ && !wants_waiting_) {
      idle_.notify_all();
      if (paused_ || lockstep_ || step_.load() >= limit_) {
        wake_.wait(control);
      } else {
        // A set pace: sleep until the next step is due, and a few ms at least.
        const double step_wall_ms = dt_ms_ / speed_;
        wake_.wait_for(control, std::chrono::duration<double, std::milli>(std::clamp(step_wall_ms, kMinSleepWallMs, 5.0)));
      }
      continue;
    }
    const std::int64_t chunk = std::min<std::int64_t>(due, std::max<std::int64_t>(1, static_cast<std::int64_t>(steps_per_chunk)));
    if (lockstep_ || paused_) requested_ -= chunk;
    commands_waiting_ = false;
    // What the viewer wants comes with the observation it will take: when steps were asked for
    // (lockstep, a Step), the one after the last of them; otherwise the next chunk's.
    ObserveWants wants;
    const bool last_asked = !(lockstep_ || paused_) || requested_ <= 0 || step_.load() + chunk >= limit_;
    if (wants_waiting_ && last_asked) {
      wants = std::move(wants_);
      wants_ = ObserveWants{};
      wants_waiting_ = false;
    }
    busy_ = true;
    control.unlock();

    const Clock::time_point start = Clock::now();
    Observations seen;
    bool schedule_ended = false;
    {
      const std::lock_guard lock(session_mutex_);
      const bool running = session_.experiment_running();
      session_.advance(chunk);
      schedule_ended = pause_at_end_ && running && !session_.experiment_running();
      seen = session_.observe(reader_, wants);
      step_ = session_.step_index();
    }
    const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    busy_ns_ += took;
    if (chunk > 0) {
      const double per_step_ms = static_cast<double>(took) * 1e-6 / static_cast<double>(chunk);
      steps_per_chunk = std::clamp(kChunkWallMs / std::max(per_step_ms, 1e-6), 1.0, 1e6);
    }
    {
      const std::lock_guard lock(mailbox_mutex_);
      mailbox_.append(std::move(seen));
    }
    control.lock();
    busy_ = false;
    if (schedule_ended) {  // stopped short at the schedule's end: pause there
      paused_ = true;
      requested_ = 0;
    }
  }
}

}  // namespace neurosim
