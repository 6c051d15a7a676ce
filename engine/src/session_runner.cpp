// The Session's worker thread (see session_runner.hpp).
#include "neurosim/session_runner.hpp"

#include "neurosim/thread_team.hpp"

#include <algorithm>
#include <cmath>

namespace neurosim {

namespace {
// The worker's priority below the window's threads (nice 5: about a quarter of a contended
// core's time against one normal thread). A network that cannot keep the pace steps back to
// back; at the same priority it took half of the cores the window draws with (software GL
// draws on every core), and a 100,000-neuron window fell to a few frames a second. Below
// them, it takes the time the window leaves, all of it between frames. Not lower: nice 10
// on a machine busy with other work left the engine almost no time at all (measured: 0.1 ms
// simulated in 150 frames).
constexpr int kWorkerNiceness = 5;
}  // namespace

SessionRunner::SessionRunner(Session& session) : session_(session), pacer_(session.network().dt()) {
  reader_ = session_.open_reader();
  step_ = session_.step_index();
  pacer_.reanchor(step_);
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

void SessionRunner::set_paused(bool paused) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.set_paused(paused, step_.load());
  }
  wake_.notify_all();
}

void SessionRunner::set_speed(double speed) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.set_speed(speed, step_.load());
  }
  wake_.notify_all();
}

void SessionRunner::set_lockstep(bool lockstep) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.set_lockstep(lockstep, step_.load());
  }
  wake_.notify_all();
}

void SessionRunner::request_steps(std::int64_t steps) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.request(steps);
  }
  wake_.notify_all();
}

void SessionRunner::wait_idle() {
  std::unique_lock lock(control_mutex_);
  idle_.wait(lock, [&] {
    return stop_ || (!busy_ && !job_ && ((pacer_.requested() == 0 && !commands_waiting_ && !wants_waiting_) || step_.load() >= limit_));
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

void SessionRunner::run() {
  ThreadTeam::set_thread_niceness(kWorkerNiceness);
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
      pacer_.reanchor(step_.load());  // the pace counts from the job's end (a seek moved the step)
      continue;
    }
    const Clock::time_point now = Clock::now();
    const std::int64_t due = pacer_.due(now, step_.load(), limit_);
    if (due == 0 && !commands_waiting_ && !wants_waiting_) {
      idle_.notify_all();
      if (pacer_.on_request() || step_.load() >= limit_) {
        wake_.wait(control);
      } else {
        wake_.wait_for(control, pacer_.idle_sleep());  // a set pace: until the next step is due
      }
      continue;
    }
    const std::int64_t chunk = pacer_.take_chunk(due);
    commands_waiting_ = false;
    // What the viewer wants comes with the observation it will take: when steps were asked for
    // (lockstep, a Step), the one after the last of them; otherwise the next chunk's.
    ObserveWants wants;
    const bool last_asked = !pacer_.on_request() || pacer_.requested() <= 0 || step_.load() + chunk >= limit_;
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
    const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
    busy_ns_ += took.count();
    {
      const std::lock_guard lock(mailbox_mutex_);
      mailbox_.append(std::move(seen));
    }
    control.lock();
    pacer_.chunk_took(chunk, took);
    busy_ = false;
    if (schedule_ended) {  // stopped short at the schedule's end: pause there
      pacer_.set_paused(true, step_.load());
      pacer_.drop_requests();
    }
  }
}

}  // namespace neurosim
