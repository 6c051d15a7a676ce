#pragma once
// Populations, projections, stimuli and monitors advanced together in fixed steps.
//
// Step order (Auryn's System::run): apply commands -> stimuli -> evolve every population
// (reading its input slot) -> propagate spikes into delay rings -> record -> next step.
// Time is step * dt, never a running sum.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "neurosim/commands.hpp"
#include "neurosim/monitors.hpp"
#include "neurosim/plasticity.hpp"
#include "neurosim/population.hpp"
#include "neurosim/projection.hpp"
#include "neurosim/share_balance.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/spike_listener.hpp"
#include "neurosim/stimulus.hpp"
#include "neurosim/thread_team.hpp"

namespace neurosim {

struct BuildOptions {
  RecordMode record = RecordMode::Live;
  std::size_t spike_ring_capacity = 1u << 20;
  std::size_t trace_capacity_samples = 1u << 16;
  std::size_t rate_bins_kept = 4096;
  // Threads that step the network (Network::set_threads); 0: default_threads().
  int threads = 0;
};

// The thread count of networks built with BuildOptions::threads = 0, for the whole process
// (a command line's --threads); 0, the initial value: Network::auto_threads for each network.
void set_default_threads(int threads);
int default_threads();

class Network;
class RewardTask;

struct BuildResult {
  std::unique_ptr<Network> network;  // null when errors is not empty
  std::vector<SpecError> errors;
};

// Every problem in a scenario (without building its connectivity).
std::vector<SpecError> check_scenario(const ScenarioSpec& spec);
// The scenario as a structure edit (AddPopulation ... DuplicateElement) leaves it, checked as a
// build would check it: "" and `out` set, or why the edit is refused (network_edit.cpp).
std::string edited_scenario(const ScenarioSpec& spec, const Command& command, ScenarioSpec& out);
// Checks, then builds. Deterministic: the same spec gives the same network.
BuildResult build_network(const ScenarioSpec& spec, const BuildOptions& options = {});

class Network {
 public:
  static constexpr std::size_t kMaxLiveTraces = 32;

  ~Network();

  // [SECTION] Running
  void step();
  // `steps` steps; the same as calling step() as many times (see runs_in_one_round).
  void run(std::int64_t steps);

  // [SECTION] Threads
  // Steps with `threads` threads (the calling one and threads - 1 others; 0: auto_threads()).
  // The neurons of the populations whose model splits (Population::splits), taken end to end,
  // are cut into one share per thread at block boundaries, and each thread evolves its part of
  // each population (none, some or all of it); then each thread delivers the step's spikes into
  // its own part of every target population, visiting
  // the spikes and synapses in the same order as one thread does. So spikes, weights and every
  // recorded value are the same bit for bit for any number of threads. Random streams (stimuli,
  // Poisson and other sources) are drawn by one thread, as with one thread.
  // Plasticity, recording and commands run on the calling thread between steps' phases (while
  // run() takes many steps in one round, the threads record as they go). A build
  // with threads > 1 makes its projections side by side: each draws from its own streams, so
  // the network is the same as one thread builds.
  void set_threads(int threads);
  int threads() const { return team_ ? team_->size() : 1; }
  // Whether run() takes its steps in one round of the threads, with one barrier per step
  // (network_threads.cpp: run_parallel): with threads, when nothing but recording happens
  // between steps (no queued command, stimulus, learning rule or reward task). The results are
  // those of step() called as many times.
  bool runs_in_one_round() const;
  // The threads' shares of the splitting populations' neurons, taken end to end: threads() + 1
  // bounds from 0 to their number. Balanced as the threads step (share_balance.hpp) unless fixed
  // here (throws std::invalid_argument for a split that does not fit; a no-op on one thread).
  // The results are the same for any split; only the time differs.
  void fix_shares(std::span<const std::int64_t> bounds);
  std::span<const std::int64_t> share_bounds() const { return balance_.bounds(); }
  // Where each thread's part of a population starts, then its size (threads() + 1 entries; empty
  // before the threads first stepped, or on one thread).
  std::span<const int> part_bounds(int population) const;
  // Threads for a network of this many neurons on this machine now: the free cores
  // (ThreadTeam::free_cores), but no more than one per kNeuronsPerThread neurons (below that,
  // synchronising costs more than it saves).
  static constexpr int kNeuronsPerThread = 16384;
  static int auto_threads(std::int64_t neurons);
  // What set_threads(requested) chooses for this many neurons (requested <= 0: the default set by
  // set_default_threads, else auto_threads).
  static int resolve_threads(int requested, std::int64_t neurons);
  // Hands every step's spikes to `listener` part by part, on the threads that evolved them
  // (spike_listener.hpp); nullptr: none. The listener must outlive its use here.
  void set_spike_listener(SpikeListener* listener) { spike_listener_ = listener; }
  std::int64_t step_index() const { return step_; }
  double dt() const { return spec_.dt_ms; }
  double time_ms() const { return static_cast<double>(step_) * spec_.dt_ms; }

  // [SECTION] Commands: checked now, applied before the next step. Returns "" when accepted,
  // else the reason ("tau_m: must be > 0 (got 0)").
  std::string submit(const Command& command);
  bool has_pending_commands() const { return !pending_.empty(); }
  // Applies the queued commands, each checked again against the state it now meets; one that
  // no longer passes is not applied, and its reason is kept for take_rejected().
  void apply_pending_commands();
  // Queued commands that failed their check when applied, since the last call (oldest first).
  std::vector<std::string> take_rejected();
  // Checks and applies one command now, between steps: "" when applied, else the reason.
  std::string apply_now(const Command& command);
  // The check alone (nothing changes): "" when the command would be applied now.
  std::string check(const Command& command) const { return check_command(command); }
  // Commands applied since the build (each one changes parameters, inputs or structure).
  std::uint64_t commands_applied() const { return commands_applied_; }

  // [SECTION] Structure
  int population_count() const { return static_cast<int>(populations_.size()); }
  const Population& population(int i) const { return *populations_[static_cast<std::size_t>(i)]; }
  // Setup right after the build only (a replay's recorded spikes, ReplaySource::attach); a
  // running network changes through submit().
  Population& population_for_setup(int i) { return *populations_[static_cast<std::size_t>(i)]; }
  int projection_count() const { return static_cast<int>(projections_.size()); }
  const Projection& projection(int i) const { return *projections_[static_cast<std::size_t>(i)]; }
  // The learning rule of a projection, or null when its weights are static.
  const Plasticity* plasticity(int i) const { return plasticity_[static_cast<std::size_t>(i)].get(); }
  // The weights a plastic projection starts from and a reset restores, indexed like its
  // synapses: the built ones, and for synapses added by AddNeurons the weights they were drawn
  // with. Empty for a static projection.
  std::span<const float> initial_weights(int i) const { return initial_weights_[static_cast<std::size_t>(i)]; }
  int stimulus_count() const { return static_cast<int>(stimuli_.size()); }
  const Stimulus& stimulus(int i) const { return stimuli_[static_cast<std::size_t>(i)]; }
  // The scenario with every accepted change applied.
  const ScenarioSpec& spec() const { return spec_; }
  // Bumped whenever the network's shape changes (AddNeurons, the editor's commands): views sized per population or
  // per projection compare it with the value they were built for.
  std::uint64_t structure_version() const { return structure_version_; }
  // Number of AddNeurons applied since the build (each draws from its own streams).
  std::uint64_t growth_count() const { return growth_events_; }

  // [SECTION] Between steps, for a task that drives the network (experiment.hpp)
  // These act at once (not as queued commands): the experiment calls them between two steps,
  // as part of its own schedule, and nothing else holds the state they change.
  // Scales the weights onto each neuron of projection j to sum to `total` (plastic projections).
  void normalise_incoming(int projection, float total);
  // Shows the image on show again in the next presentation window, `extra_rate_hz` brighter
  // (an images population; see ImagePopulation::repeat_current).
  void repeat_image(int population, double extra_rate_hz);
  // Switches the homeostatic threshold of a lif_cond population between adapting and frozen.
  void freeze_adaptation(int population, bool frozen);
  // Shows `images` from the next window on, without the checks of SetInput (the caller has
  // checked them: same image size).
  void show_images(int population, std::shared_ptr<const ImageSet> images);

  // [SECTION] Observations
  const SpikeRecorder& spikes() const { return spike_recorder_; }
  const StateRecorder& traces() const { return state_recorder_; }
  const RateMonitor& rates() const { return rate_monitor_; }
  // Spikes emitted in the last step, per population.
  const std::vector<int>& last_spikes(int population) const { return fired_[static_cast<std::size_t>(population)]; }
  std::uint64_t total_spikes(int population) const { return spike_totals_[static_cast<std::size_t>(population)]; }
  // A number for a population that stays while the network runs: its index at the build, and
  // for one added since (the editor, a timeline) the next number not given before. Other
  // populations coming and going, a renaming or a change of model keep it; the result files
  // key a population's spikes, traces and counts by it.
  std::uint64_t population_id(int population) const { return population_ids_[static_cast<std::size_t>(population)]; }
  std::uint64_t synaptic_events() const { return synaptic_events_; }
  // The scenario's reward rule (reward_task.hpp), or null when it has none.
  const RewardTask* reward_task() const { return reward_task_.get(); }

  // The state of the elements a ChangePopulation or ChangeProjection would rebuild, as bytes:
  // what the inverse of that change loads back (session_edit.cpp). Empty for other commands.
  SavedElements saved_elements(const Command& change) const;

  // [SECTION] Checkpoints (checkpoint.hpp): every variable the next steps depend on, in one
  // list used to save and to restore. Restoring clears the spike and trace recorders (their
  // readers start again from the restored step) and replaces the pending commands.
  void visit_state(StateVisitor& v);

 private:
  friend BuildResult build_network(const ScenarioSpec&, const BuildOptions&);
  Network() = default;
  std::string check_command(const Command& command) const;
  void apply_command(const Command& command);
  void reset();
  void grow_population(const AddNeurons& command);
  // [SECTION] Structure edits (network_edit.cpp)
  std::string edited_spec(const Command& command, ScenarioSpec& out) const;
  void apply_edit(const Command& command);
  void insert_population(const ScenarioSpec& edited, std::size_t at);
  void erase_population(std::size_t index);
  void renumber_populations(const std::vector<int>& new_of_old, const std::vector<int>& old_of_new);
  void rebuild_outgoing();
  void insert_projection(const ScenarioSpec& edited, std::size_t at, const std::vector<float>& weights);
  void erase_projection(std::size_t index);
  void insert_stimulus(const ScenarioSpec& edited, std::size_t at);
  void change_population(const ScenarioSpec& edited, std::size_t index, const SavedElements* saved);
  void change_projection(const ScenarioSpec& edited, std::size_t index, const SavedElements* saved);
  void load_saved(const SavedElements& saved);
  // The structure of a checkpoint (state_network.cpp) built in place of this one.
  void restructure(const std::vector<std::byte>& structure_bytes);
  // The delay ring of a population long enough for every projection onto it (what waits is kept).
  void fit_input_ring(int population);
  void set_projection(const SetProjection& command);
  std::string check_params(const SetParams& command) const;
  void apply_params(const SetParams& command);
  // After a population parameter changed from `before`: the scenario follows (and per-neuron
  // values are drawn again from the shifted distribution).
  void sync_population_param(int population, const std::string& name, double before, double value);
  void step_parallel();
  void size_parts();
  void mark_same_step_targets();
  // network_threads.cpp: a team's rounds.
  struct PartSpikes;
  using SpikeLists = std::vector<std::vector<PartSpikes>>;  // [population][member]
  void prepare_parts();
  void evolve_share(int t, std::int64_t step, SpikeLists& lists);
  std::uint64_t deliver_share(int t, std::int64_t step, const SpikeLists& lists);
  void run_parallel(std::int64_t steps);
  void keep_books(std::int64_t step);
  void record_books(std::int64_t step, const SpikeLists& lists);
  void tell_listener(std::int64_t step);  // step()'s spikes to spike_listener_, part by part
  void record_probes(std::span<const int> indices, std::int64_t step);

  ScenarioSpec spec_;
  BuildOptions options_;
  std::vector<std::unique_ptr<Population>> populations_;
  std::vector<std::unique_ptr<Projection>> projections_;
  SpikeListener* spike_listener_ = nullptr;
  std::vector<std::vector<int>> outgoing_;  // projection indices per presynaptic population
  std::vector<std::unique_ptr<Plasticity>> plasticity_;  // per projection, null when static
  std::vector<int> plastic_;                              // indices of plastic projections
  std::vector<std::vector<float>> initial_weights_;       // per projection, for reset (plastic only)
  std::vector<Stimulus> stimuli_;
  std::vector<Command> pending_;
  std::vector<std::string> rejected_;  // reasons of queued commands refused when applied
  std::uint64_t commands_applied_ = 0;
  std::vector<std::vector<int>> fired_;
  // Per population: 1 when a projection with a delay of 0 steps targets it and the model folds a
  // now buffer in after the deliveries (found at each step: edits change it).
  std::vector<char> same_step_;
  std::vector<int> population_sizes_;
  std::vector<std::uint64_t> population_ids_;  // population_id()
  // The shape of the scenario it was built from (state_specs.hpp shape_hash): a state restores
  // into another structure only when it comes from a network built from the same one.
  std::uint64_t origin_ = 0;
  std::uint64_t next_population_id_ = 0;
  std::vector<std::uint64_t> spike_totals_;
  std::vector<float> normalise_scratch_;  // per postsynaptic neuron, for normalise_incoming
  std::uint64_t synaptic_events_ = 0;
  std::int64_t step_ = 0;
  SpikeRecorder spike_recorder_;
  StateRecorder state_recorder_;
  RateMonitor rate_monitor_;
  std::unique_ptr<RewardTask> reward_task_;  // null without a "reward" entry
  std::uint64_t structure_version_ = 0;
  std::uint64_t growth_events_ = 0;
  // Threads (null: one). Each member t evolves part t of every splitting population into
  // part_spikes_[population][t] and adds the events it delivers to part_events_[t].
  std::unique_ptr<ThreadTeam> team_;
  // One member's spikes of one population, on cache lines of its own: members append to theirs in
  // the same phase, and vectors side by side would share the line that holds their ends.
  struct alignas(64) PartSpikes {
    std::vector<int> spikes;
  };
  // Three sets, by step: run_parallel's members evolve one step's while others still deliver
  // from the step before's, and member 0 records the one before that. Stepping a step at a time
  // uses the first.
  std::array<SpikeLists, 3> part_spikes_;
  std::vector<std::vector<int>> part_bounds_;  // per population: where each member's part starts, and its size
  // The split of the splitting populations' neurons, end to end, among the members, moved toward
  // equal busy times while run_parallel's rounds time their members (share_balance.hpp).
  ShareBalance balance_;
  std::vector<std::int64_t> share_starts_;  // where each member's share starts in that range, as rounded, then its end
  std::vector<double> share_busy_;           // per member: its busy time in the last timed round
  std::vector<const Population*> parts_told_;  // per population: the object last told its parts (set_parts)
  struct alignas(64) PartEvents {
    std::uint64_t events = 0;
    double busy_s = 0.0;  // a timed round's time less the time the member waited at boundaries
  };
  std::vector<PartEvents> part_events_;
  std::vector<std::vector<int>> probes_of_;  // per member: the probes of its share (run_parallel)
};

}  // namespace neurosim
