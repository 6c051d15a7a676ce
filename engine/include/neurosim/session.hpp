#pragma once
// One Session between the engine and every viewer (the window, `neurosim run`, a test).
//
// The Session owns the Network, the scenario's Experiment when it has one, the queue of
// commands and each reader's cursor:
//   submit(command)  queues it (any thread) and returns its id; its verdict, applied or
//                    rejected with the reason, comes in the next observation. Never dropped.
//   advance(steps)   applies the queued commands once (each checked against the state it
//                    meets), then steps the experiment while its schedule runs, else the
//                    network. advance(0) only applies the commands.
//   observe(reader)  what happened since that reader's last look (observations.hpp).
// advance(), observe() and network() belong to one thread at a time: the thread that steps
// (inline in the window's frame, or SessionRunner's worker, which hands observations over).
//
// Reset (ResetNetwork) goes back to t = 0 with the same random streams and starts the
// experiment's schedule again. An evaluation phase freezes learning through "learn" commands;
// a reset during one would leave the rules frozen, so the Session remembers each rule's
// setting from the last training phase and gives it back.
//
// A scenario's timeline (timeline.hpp) is applied here, entry by entry at the start of its step
// (entries at the same time in file order), through the same checks as submitted commands: a
// refused entry gives a verdict (command "timeline[i] KIND") and a TimelineEvent. A reset starts
// the timeline again: the values its entries changed go back to what they were before them
// (neurons it added stay), so that the lesson replays. While recording, every applied submitted command becomes timeline entries
// at the time it applied, for a scenario that replays the session's edits.
//
// The whole state (capture_state, restore_state; session_state.cpp) is the network's, the
// experiment's and the Session's own part: the timeline's position and undo list, and the
// learning settings a reset gives back. A SessionHistory (session_history.hpp) attached to the
// Session keeps periodic checkpoints and the commands applied between them, for a rewind.
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurosim/checkpoint.hpp"
#include "neurosim/commands.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/image_set.hpp"
#include "neurosim/network.hpp"
#include "neurosim/observations.hpp"
#include "neurosim/timeline.hpp"

namespace neurosim {

class SessionHistory;
class StateVisitor;

struct SessionOptions {
  // The test set a classification experiment presents after training (null: none). Used only
  // when its images have the training images' size.
  std::shared_ptr<const ImageSet> test_images;
};

class Session {
 public:
  using CommandId = std::uint64_t;
  using ReaderId = int;

  // Takes a built network (build_network); starts the scenario's experiment if it has one.
  explicit Session(std::unique_ptr<Network> network, SessionOptions options = {});
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // [SECTION] Commands (any thread)
  CommandId submit(Command command);
  // The check alone against the present state, for a widget's immediate message (stepping
  // thread only; the verdict still comes with the observation).
  std::string check(const Command& command) const;

  // [SECTION] Stepping (the stepping thread)
  // Returns the steps taken: fewer than asked only when the experiment's schedule ended in this
  // call and stop_at_experiment_end is set (the window pauses there, as `neurosim run` stops).
  std::int64_t advance(std::int64_t steps);
  void set_stop_at_experiment_end(bool stop) { stop_at_experiment_end_ = stop; }
  // Steps for `ms` of simulated time (rounded to whole steps); returns the steps taken.
  std::int64_t advance_ms(double ms);
  // True while the experiment's schedule runs (advance() steps it rather than the network).
  bool experiment_running() const { return experiment_ && !experiment_->done(); }

  // [SECTION] Readers (the stepping thread)
  // A new reader starts at the present: the spikes, samples and verdicts that come from now on.
  ReaderId open_reader();
  void close_reader(ReaderId reader);
  Observations observe(ReaderId reader) { return observe(reader, ObserveWants{}); }
  // With what the reader asks for beyond the stream (observations.hpp): a neuron's state,
  // projections' weights (copied only when they changed since this reader's last copy), ...
  Observations observe(ReaderId reader, const ObserveWants& wants);
  // A number that changes whenever projection j's weights may have changed: its steps while
  // plastic, any applied command, a reset, growth.
  std::uint64_t weight_version(int projection) const;

  // [SECTION] Direct reading (the stepping thread): the writers of result files and the views
  // that have not moved to Observations yet.
  const Network& network() const { return *network_; }
  // Hands every step's spikes to `listener` as the threads make them (Network::set_spike_listener;
  // nullptr: none).
  void set_spike_listener(SpikeListener* listener) { network_->set_spike_listener(listener); }
  const Experiment* experiment() const { return experiment_.get(); }
  std::int64_t step_index() const { return network_->step_index(); }
  double time_ms() const { return network_->time_ms(); }
  std::uint64_t experiment_generation() const { return generation_; }
  // The shared, cached facts of the scenario as it now stands.
  std::shared_ptr<const ScenarioFacts> facts();

  // [SECTION] Edit history (session_edit.cpp)
  // Every applied edit of parameters, projections and structure (the commands a user makes:
  // SetParam(s), SetPlasticityParam, SetProjection, SetStimulus, AddNeurons and the editor's
  // commands) is kept with the commands that take it back, computed from the state just before
  // it. UndoEdit applies them and moves the edit to the redo list; RedoEdit applies the edit
  // again; a new edit clears the redo list. An edit that cannot be taken back (neurons added,
  // per-synapse delays replaced) stays on top of the list and refuses UndoEdit with the reason.
  // Undoing a removal brings the element back at its place as the scenario builds it, with the
  // weights its projections had. Labels for a menu: "" when there is nothing (stepping thread).
  std::string undo_label() const { return undo_.empty() ? std::string() : undo_.back().label; }
  std::string redo_label() const { return redo_.empty() ? std::string() : redo_.back().label; }
  static constexpr std::size_t kMaxEditsKept = 512;

  // [SECTION] Timeline (timeline.hpp)
  // What the timeline did since the last reset, in order (the stepping thread).
  const std::vector<TimelineEvent>& timeline_events() const { return timeline_events_; }
  // Recording (any thread): applied submitted commands become entries at their time.
  void set_recording(bool on) { recording_ = on; }
  bool recording() const { return recording_; }
  std::vector<TimelineEntry> recorded_timeline() const;
  void clear_recorded_timeline();
  // What a saved lesson holds once something was recorded: the scenario as it stood just before
  // the first recorded edit, and every edit applied since then at its time, recorded or made
  // while recording was off (so that the saved scenario rebuilds what is on screen, with no edit
  // applied twice and none lost). Empty before the first recorded edit and after a clear.
  struct RecordedLesson {
    ScenarioSpec start;
    std::vector<TimelineEntry> entries;
  };
  std::optional<RecordedLesson> recorded_lesson() const;

  // For a replay's recorded spikes right after the build (ReplaySource::attach) only.
  Network& network_for_setup() { return *network_; }
  // For restoring a saved state (the checkpoint's experiment part) right after the build only.
  Experiment* experiment_for_setup() { return experiment_.get(); }

  // [SECTION] Whole state (the stepping thread; checkpoint.hpp)
  // Throws StateError when the state cannot be saved (a change of input waits to be applied).
  void capture_state(Checkpoint& into) const;
  // Into a Session built from the same scenario. Returns "" or why not (then nothing changed).
  // Time goes to the checkpoint's step; the timeline goes on from its position there. Readers
  // start again from what the restored recorders hold (Observations::restarted).
  std::string restore_state(const Checkpoint& from);

 private:
  friend class SessionHistory;  // steps and applies the commands of a re-simulation

  struct Cursor {
    std::uint64_t spikes = 0;
    std::map<std::pair<int, int>, std::uint64_t> traces;  // (population, neuron) -> samples seen
    std::uint64_t rate_bins = 0;
    std::uint64_t verdicts = 0;  // absolute index into the verdict log
    std::map<int, std::size_t> pattern_onsets;  // population -> onsets seen
    std::uint64_t resets = 0;    // resets applied before the last look (a reset restarts every count)
    std::uint64_t rewinds = 0;   // states restored before the last look (so does a restore)
    std::map<int, std::uint64_t> weights;  // projection -> weight_version() of the last copy
    std::shared_ptr<const TestResult> test;  // the classification test result last handed over
  };
  void observe_wants(Cursor& cursor, const ObserveWants& wants, Observations& o);

  void apply_queued();
  void apply_command(CommandId id, Command& command);
  std::int64_t run_steps(std::int64_t steps);  // advance() without applying the queue
  void step_once();
  void start_experiment();
  void restart_experiment();
  void remember_learning();
  void record_verdict(CommandId id, const char* name, std::string reason);
  void trim_verdicts();
  void apply_timeline();
  void undo_of(const Command& command, std::vector<Command>& out) const;
  struct Edit {
    Command command;               // what was applied (and what redo applies again)
    std::vector<Command> inverse;  // what takes it back, in order
    std::string label;             // "SetParams exc", "RemoveElement population extra"
    std::string cannot_undo;       // why it cannot be taken back ("" when it can)
  };
  static bool is_edit(const Command& command);
  // The commands that take `command` back from the present state, in order; `cannot` gets why
  // not when they do not exist.
  std::vector<Command> inverse_of(const Command& command, std::string& cannot) const;
  std::string edit_label(const Command& command) const;
  void apply_history(CommandId id, bool redo);
  void undo_timeline();
  void visit_own_state(StateVisitor& v);
  ExtraState own_state() const;

  std::unique_ptr<Network> network_;
  SessionOptions options_;
  std::unique_ptr<Experiment> experiment_;
  std::vector<double> learn_;  // per projection: "learn" as the last training phase had it
  std::size_t phases_seen_ = 0;
  std::uint64_t generation_ = 0;
  std::uint64_t resets_ = 0;
  bool stop_at_experiment_end_ = false;

  std::mutex queue_mutex_;  // guards queue_ and next_id_ (submit may come from any thread)
  std::vector<std::pair<CommandId, Command>> queue_;
  CommandId next_id_ = 1;

  std::deque<CommandVerdict> verdicts_;  // log; verdicts_[0] has absolute index verdict_base_
  std::uint64_t verdict_base_ = 0;
  std::map<ReaderId, Cursor> readers_;
  ReaderId next_reader_ = 1;
  std::shared_ptr<const ScenarioFacts> facts_;
  // Per projection: the connectivity last copied for a snapshot, and the structure version it had.
  std::map<int, std::pair<std::uint64_t, std::shared_ptr<const WeightStructure>>> weight_structures_;

  std::vector<TimelineEntry> timeline_;  // the scenario's, as built
  std::size_t next_entry_ = 0;
  std::vector<TimelineEvent> timeline_events_;
  std::vector<Command> timeline_undo_;  // what gives back the values the applied entries changed
  std::atomic<bool> recording_{false};
  mutable std::mutex recorded_mutex_;  // guards recorded_ (read from the window's thread)
  std::vector<TimelineEntry> recorded_;
  std::optional<RecordedLesson> lesson_;  // guarded by recorded_mutex_ as well
  // Entries for `command` when it is to be recorded (or belongs to a lesson already begun), and
  // the lesson's start when it is the first recorded one; keep_recorded() files them once applied.
  struct PendingRecord {
    std::vector<TimelineEntry> entries;
    std::optional<ScenarioSpec> start;
    bool recorded = false;
  };
  PendingRecord prepare_record(const Command& command);
  void keep_recorded(PendingRecord&& pending);

  SessionHistory* history_ = nullptr;  // attached by the history itself
  std::uint64_t rewinds_ = 0;          // states restored
  std::uint64_t facts_shift_ = 0;      // keeps the facts' version rising across a restore
  Checkpoint restore_undo_;            // the state to go back to when a restore fails (reused)
  std::vector<Edit> undo_, redo_;
  // Parameter values as the scenario gave them, by "population NAME" / "rule NAME" (facts()).
  std::map<std::string, std::vector<double>> scenario_values_;
};

}  // namespace neurosim
