// Commands, stepping and the experiment of a Session (see session.hpp); observe() and the
// scenario facts are in session_observe.cpp.
#include "neurosim/session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "neurosim/file_source.hpp"
#include "neurosim/session_history.hpp"

namespace neurosim {

namespace {
// Verdicts a reader that never looks can leave behind: older ones are dropped from the log
// (the slow reader then misses them, as with spikes).
constexpr std::size_t kMaxVerdictsKept = 4096;
}  // namespace

Session::Session(std::unique_ptr<Network> network, SessionOptions options) : network_(std::move(network)), options_(std::move(options)) {
  timeline_ = network_->spec().timeline;
  facts();  // notes the scenario's parameter values before anything changes them
  if (network_->spec().experiment) {
    // The build may have queued commands of its own; the experiment starts from them applied.
    network_->apply_pending_commands();
    start_experiment();
  }
}

Session::~Session() = default;

// [SECTION] Commands
Session::CommandId Session::submit(Command command) {
  const std::lock_guard lock(queue_mutex_);
  const CommandId id = next_id_++;
  queue_.emplace_back(id, std::move(command));
  return id;
}

void Session::record_verdict(CommandId id, const char* name, std::string reason) {
  CommandVerdict v;
  v.id = id;
  v.command = name;
  v.applied = reason.empty();
  v.reason = std::move(reason);
  v.step = network_->step_index();
  verdicts_.push_back(std::move(v));
  trim_verdicts();
}

void Session::trim_verdicts() {
  // Keep what some reader has not seen yet, within the cap.
  std::uint64_t oldest_needed = verdict_base_ + verdicts_.size();
  for (const auto& [id, c] : readers_) oldest_needed = std::min(oldest_needed, c.verdicts);
  while (!verdicts_.empty() && (verdict_base_ < oldest_needed || verdicts_.size() > kMaxVerdictsKept)) {
    verdicts_.pop_front();
    ++verdict_base_;
  }
}

void Session::apply_queued() {
  std::vector<std::pair<CommandId, Command>> queue;
  {
    const std::lock_guard lock(queue_mutex_);
    queue.swap(queue_);
  }
  for (auto& [id, command] : queue) apply_command(id, command);
  // Commands the experiment queued and the network refused when it came to apply them.
  for (std::string& why : network_->take_rejected()) record_verdict(0, "experiment", std::move(why));
}

void Session::apply_command(CommandId id, Command& command) {
  // A re-simulation (SessionHistory::seek) applies what was applied before: reported, recorded
  // and put on the undo list then, not again.
  const bool replay = history_ != nullptr && history_->replaying();
  if (std::holds_alternative<UndoEdit>(command) || std::holds_alternative<RedoEdit>(command)) {
    // The history logs the commands an undo or redo applies, not the request.
    apply_history(id, std::holds_alternative<RedoEdit>(command));
    return;
  }
  const bool reset = std::holds_alternative<ResetNetwork>(command);
  if (reset) {
    // What the experiment queued (an evaluation's freeze) goes in before the reset, so that
    // the learning settings restored below are not overwritten by it afterwards.
    network_->apply_pending_commands();
  }
  // The edit's inverse and the recorder's entries come from the state just before it.
  const bool edit = !replay && is_edit(command) && network_->check(command).empty();
  Edit done{command, {}, {}, {}};
  if (edit) {
    done.inverse = inverse_of(command, done.cannot_undo);
    done.label = edit_label(command);
  }
  PendingRecord pending;
  if (!reset && !replay) pending = prepare_record(command);
  std::string why = network_->apply_now(command);
  const bool applied = why.empty();
  if (applied) keep_recorded(std::move(pending));
  if (applied && edit) {
    undo_.push_back(std::move(done));
    if (undo_.size() > kMaxEditsKept) undo_.erase(undo_.begin());
    redo_.clear();
  }
  if (applied && std::holds_alternative<RenameElement>(command)) timeline_ = network_->spec().timeline;  // its names follow
  if (!replay) record_verdict(id, command_name(command), std::move(why));
  if (reset && applied) {
    ++resets_;
    undo_timeline();
    next_entry_ = 0;  // the timeline starts again
    timeline_events_.clear();
    restart_experiment();
  }
  if (history_ != nullptr && applied && !replay) history_->command_applied(command);
}

// [SECTION] Stepping
std::int64_t Session::advance(std::int64_t steps) {
  // A checkpoint due now holds the state before this step's commands (which the history then
  // logs at this step).
  if (history_ != nullptr) history_->before_step(/*stepping=*/steps > 0);
  apply_queued();
  return run_steps(steps);
}

std::int64_t Session::run_steps(std::int64_t steps) {
  std::int64_t taken = 0;
  while (taken < steps) {
    if (history_ != nullptr) history_->before_step();
    apply_timeline();
    const bool running = experiment_running();
    if (!running) {
      // Up to the next timeline entry or checkpoint nothing happens between steps: the network
      // takes them in one call (with threads, in one round: Network::run).
      std::int64_t quiet = steps - taken;
      const std::int64_t now = network_->step_index();
      if (next_entry_ < timeline_.size()) quiet = std::min(quiet, std::max<std::int64_t>(1, timeline_step(timeline_[next_entry_].t_ms, network_->dt()) - now));
      if (history_ != nullptr) quiet = std::min(quiet, history_->next_capture_after(now) - now);
      network_->run(quiet);
      taken += quiet;
      continue;
    }
    step_once();
    ++taken;
    if (stop_at_experiment_end_ && !experiment_running()) break;
  }
  for (std::string& why : network_->take_rejected()) record_verdict(0, "experiment", std::move(why));
  if (history_ != nullptr) history_->after_steps();
  return taken;
}

std::int64_t Session::advance_ms(double ms) {
  const double dt = network_->dt();
  const std::int64_t steps = std::isfinite(ms) && ms > 0 && dt > 0 ? static_cast<std::int64_t>(std::llround(ms / dt)) : 0;
  return advance(steps);
}

void Session::step_once() {
  if (!experiment_running()) {
    network_->step();
    return;
  }
  const ExperimentPhase before = experiment_->phase();
  experiment_->step();
  // Training -> evaluation: the freeze was only queued, so the rules still hold the training
  // setting now, which is what a later reset must restore.
  if (before == ExperimentPhase::Training && experiment_->phase() != ExperimentPhase::Training) remember_learning();
  if (experiment_->history().size() != phases_seen_) {
    phases_seen_ = experiment_->history().size();
    ++generation_;
  }
  if (experiment_->done()) ++generation_;
}

// [SECTION] Timeline
void Session::apply_timeline() {
  const std::int64_t now = network_->step_index();
  const double dt = network_->dt();
  while (next_entry_ < timeline_.size()) {
    // Entries are applied in file order; one whose step has passed (an earlier time listed
    // later) applies at the first step after it.
    const TimelineEntry& entry = timeline_[next_entry_];
    if (timeline_step(entry.t_ms, dt) > now) break;
    const int index = static_cast<int>(next_entry_++);
    TimelineEvent ev{entry.t_ms, now, index, timeline_kind_name(entry.kind), timeline_entry_text(entry), true, {}};
    const std::string name = "timeline[" + std::to_string(index) + "] " + ev.kind;
    std::vector<Command> commands;
    // Checked against the scenario as it now stands (names, the stimulus's other fields).
    for (const SpecError& e : timeline_commands(network_->spec(), entry, commands))
      ev.reason += (ev.reason.empty() ? "" : "; ") + (e.path.empty() ? e.message : e.path + ": " + e.message);
    // The targets of one entry are distinct, so each is checked before any applies: a refused
    // entry changes nothing.
    for (const Command& c : commands)
      if (ev.reason.empty()) ev.reason = network_->check(c);
    std::vector<Command> undo;
    if (ev.reason.empty())
      for (const Command& c : commands) undo_of(c, undo);
    for (const Command& c : commands)
      if (ev.reason.empty()) ev.reason = network_->apply_now(c);
    if (ev.reason.empty()) timeline_undo_.insert(timeline_undo_.end(), undo.begin(), undo.end());
    if (ev.reason.empty() && entry.kind == TimelineEntry::Kind::Rename) {
      // The names of later entries followed the renaming in the network's scenario.
      const std::vector<TimelineEntry>& renamed = network_->spec().timeline;
      if (renamed.size() == timeline_.size()) timeline_ = renamed;
    }
    ev.applied = ev.reason.empty();
    if (entry.kind != TimelineEntry::Kind::Note) {
      CommandVerdict v;
      v.command = name;
      v.applied = ev.applied;
      v.reason = ev.reason;
      v.step = now;
      verdicts_.push_back(std::move(v));
      trim_verdicts();
    }
    timeline_events_.push_back(std::move(ev));
  }
}

// What gives back what `command` is about to change, appended so that undo_timeline(), which
// applies the list from its end, applies an inverse of several commands in its own order. A
// parameter given per neuron comes back as its population-level value; what cannot come back
// (added neurons, per-synapse delays) stays.
void Session::undo_of(const Command& command, std::vector<Command>& out) const {
  std::string cannot;
  std::vector<Command> inverse = inverse_of(command, cannot);
  out.insert(out.end(), std::make_move_iterator(inverse.rbegin()), std::make_move_iterator(inverse.rend()));
}

void Session::undo_timeline() {
  for (auto it = timeline_undo_.rbegin(); it != timeline_undo_.rend(); ++it) {
    std::string why = network_->apply_now(*it);
    if (!why.empty()) record_verdict(0, "timeline undo", std::move(why));
  }
  timeline_undo_.clear();
}

std::vector<TimelineEntry> Session::recorded_timeline() const {
  const std::lock_guard lock(recorded_mutex_);
  return recorded_;
}

void Session::clear_recorded_timeline() {
  const std::lock_guard lock(recorded_mutex_);
  recorded_.clear();
  lesson_.reset();
}

std::optional<Session::RecordedLesson> Session::recorded_lesson() const {
  const std::lock_guard lock(recorded_mutex_);
  return lesson_;
}

Session::PendingRecord Session::prepare_record(const Command& command) {
  PendingRecord pending;
  pending.recorded = recording_;
  bool begun = false;
  {
    const std::lock_guard lock(recorded_mutex_);
    begun = lesson_.has_value();
  }
  if (!pending.recorded && !begun) return pending;
  pending.entries = timeline_entries_for(network_->spec(), command, network_->time_ms());
  // The lesson starts from the scenario as a save would write it now (applied timeline entries
  // are in its lists already).
  if (!begun && !pending.entries.empty()) pending.start = scenario_to_save(network_->spec(), next_entry_);
  return pending;
}

void Session::keep_recorded(PendingRecord&& pending) {
  if (pending.entries.empty()) return;
  const std::lock_guard lock(recorded_mutex_);
  if (!lesson_) {
    if (!pending.start) return;
    lesson_ = RecordedLesson{std::move(*pending.start), {}};
  }
  for (const TimelineEntry& e : pending.entries) lesson_->entries.push_back(e);
  if (pending.recorded)
    for (TimelineEntry& e : pending.entries) recorded_.push_back(std::move(e));
}

// [SECTION] Experiment
void Session::start_experiment() {
  remember_learning();
  experiment_ = std::make_unique<Experiment>(*network_);
  phases_seen_ = 0;
  ++generation_;
  const std::shared_ptr<const ImageSet>& test = options_.test_images;
  if (!test || !experiment_->classification()) return;
  const int input = network_->spec().population_index(experiment_->spec().input);
  const auto* source = input >= 0 ? dynamic_cast<const ImagePopulation*>(&network_->population(input)) : nullptr;
  const ImageSet* train = source != nullptr ? source->images() : nullptr;
  if (train != nullptr && train->rows == test->rows && train->cols == test->cols) experiment_->set_test_images(test);
}

void Session::restart_experiment() {
  if (!network_->spec().experiment) return;
  // Give every rule back the learning setting it had while training.
  for (std::size_t j = 0; j < learn_.size() && static_cast<int>(j) < network_->projection_count(); ++j) {
    const Plasticity* rule = network_->plasticity(static_cast<int>(j));
    if (rule != nullptr && rule->param("learn") != learn_[j]) {
      std::string why = network_->apply_now(SetPlasticityParam{static_cast<int>(j), "learn", learn_[j]});
      if (!why.empty()) record_verdict(0, "experiment", std::move(why));
    }
  }
  experiment_.reset();
  start_experiment();
}

void Session::remember_learning() {
  learn_.assign(static_cast<std::size_t>(network_->projection_count()), 1.0);
  for (int j = 0; j < network_->projection_count(); ++j)
    if (const Plasticity* rule = network_->plasticity(j)) learn_[static_cast<std::size_t>(j)] = rule->param("learn");
}

// [SECTION] Readers
Session::ReaderId Session::open_reader() {
  Cursor c;
  c.spikes = network_->spikes().next_sequence();
  for (const TraceProbe& p : network_->traces().probes()) c.traces[{p.population, p.neuron}] = p.written;
  c.rate_bins = network_->rates().bins_written();
  c.verdicts = verdict_base_ + verdicts_.size();
  c.resets = resets_;
  c.rewinds = rewinds_;
  const ReaderId id = next_reader_++;
  readers_.emplace(id, std::move(c));
  return id;
}

void Session::close_reader(ReaderId reader) {
  readers_.erase(reader);
  trim_verdicts();
}

}  // namespace neurosim
