// Two Sessions in lockstep on one worker thread (see lockstep_pair.hpp).
#include "gui/compare/lockstep_pair.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace neurosim::gui {

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

LockstepPair::LockstepPair(std::unique_ptr<Session> a, std::unique_ptr<Session> b)
    : sessions_{std::move(a), std::move(b)}, pacer_(sessions_[0] ? sessions_[0]->network().dt() : 0.1) {
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
  pacer_.reanchor(step_.load());
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

void LockstepPair::set_paused(bool paused) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.set_paused(paused, step_.load());
  }
  wake_.notify_all();
}

void LockstepPair::set_speed(double speed) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.set_speed(speed, step_.load());
  }
  wake_.notify_all();
}

void LockstepPair::set_lockstep(bool lockstep) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.set_lockstep(lockstep, step_.load());
  }
  wake_.notify_all();
}

void LockstepPair::request_steps(std::int64_t steps) {
  {
    const std::lock_guard lock(control_mutex_);
    pacer_.request(steps);
  }
  wake_.notify_all();
}

void LockstepPair::wait_idle() {
  std::unique_lock lock(control_mutex_);
  idle_.wait(lock, [&] { return stop_ || (!busy_ && pacer_.requested() == 0 && !commands_waiting_); });
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

void LockstepPair::run() {
  std::unique_lock control(control_mutex_);
  for (;;) {
    if (stop_) return;
    const std::int64_t due = pacer_.due(Clock::now(), step_.load(), std::numeric_limits<std::int64_t>::max());
    if (due == 0 && !commands_waiting_) {
      idle_.notify_all();
      if (pacer_.on_request()) wake_.wait(control);
      else wake_.wait_for(control, pacer_.idle_sleep());
      continue;
    }
    const std::int64_t chunk = pacer_.take_chunk(due);  // both sides, one chunk of about kChunkWallMs
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
    const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
    busy_ns_ += took.count();
    {
      const std::lock_guard lock(mailbox_mutex_);
      for (std::size_t i = 0; i < 2; ++i) mailbox_[i].append(std::move(seen[i]));
    }
    control.lock();
    pacer_.chunk_took(chunk, took);
    busy_ = false;
  }
}

}  // namespace neurosim::gui
