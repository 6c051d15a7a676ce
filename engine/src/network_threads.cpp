// Stepping with a team of threads: the split of each population into parts, one per member,
// and the rounds in which the members evolve their parts and deliver into them.
#include <algorithm>
#include <atomic>
#include <chrono>

#include "neurosim/network.hpp"

namespace neurosim {

// [SECTION] Parts
namespace {

// Where member t's part of a population of `size` neurons starts, when the members' shares of
// the split neurons end to end leave `before` of them (0 <= before <= size) to the members
// before t: on a block boundary, and at an end of the population when within `snap` neurons of
// it (a member with a sliver of a population would visit every row of the projections onto it
// for a few targets). Non-decreasing in `before`, so the parts follow the members' order.
int part_start(std::int64_t before, int size, std::int64_t snap) {
  if (before < snap) return 0;
  if (size - before < snap) return size;
  constexpr std::int64_t kAlign = Population::kSplitAlign;
  return static_cast<int>(std::min<std::int64_t>(size, (before + kAlign / 2) / kAlign * kAlign));
}

}  // namespace

namespace {
std::atomic<int> g_default_threads{0};
}  // namespace

void set_default_threads(int threads) { g_default_threads.store(std::max(0, threads)); }
int default_threads() { return g_default_threads.load(); }

int Network::auto_threads(std::int64_t neurons) {
  const auto by_size = static_cast<int>(std::max<std::int64_t>(1, neurons / kNeuronsPerThread));
  return std::max(1, std::min(ThreadTeam::free_cores(), by_size));
}

int Network::resolve_threads(int requested, std::int64_t neurons) {
  if (requested <= 0) requested = default_threads();
  return requested > 0 ? requested : auto_threads(neurons);
}

void Network::set_threads(int threads) {
  std::int64_t neurons = 0;
  for (const auto& pop : populations_) neurons += pop->size();
  threads = resolve_threads(threads, neurons);
  if (threads == this->threads()) return;
  team_.reset();
  for (auto& lists : part_spikes_) lists.clear();
  part_events_.clear();
  parts_told_.clear();  // stepped whole in between, the populations forgot their parts
  if (threads == 1) {
    for (auto& proj : projections_) proj->split_targets({});  // frees the per-part row starts
    return;
  }
  team_ = std::make_unique<ThreadTeam>(threads);
  part_events_.resize(static_cast<std::size_t>(threads));
  size_parts();
}

void Network::size_parts() {
  if (!team_) return;
  const int parts = team_->size();
  for (auto& lists : part_spikes_) {
    lists.resize(populations_.size());
    for (auto& members : lists) members.resize(static_cast<std::size_t>(parts));
  }
  // The lists' room comes with the parts (prepare_parts).
  part_bounds_.clear();
}

// Each member's part of every population: the members' shares of the splitting populations
// taken end to end (balance_), or, for a model that does not split, all of it for member 0,
// deliveries included, as it evolves such a population whole. So a member only ever writes the
// state of its own parts, and one that runs ahead into the next step (run_parallel) never meets
// another's delivery.
void Network::prepare_parts() {
  const int parts = team_->size();
  const std::size_t n = populations_.size();
  std::int64_t total = 0;
  for (const auto& pop : populations_)
    if (pop->splits()) total += pop->size();
  if (balance_.members() != parts || balance_.total() != total) balance_.reset(parts, total);
  const std::span<const std::int64_t> split = balance_.bounds();
  const std::int64_t snap = std::max<std::int64_t>(Population::kSplitAlign, total / parts / 8);
  part_bounds_.resize(n);
  parts_told_.resize(n, nullptr);
  share_starts_.assign(static_cast<std::size_t>(parts) + 1, 0);
  share_starts_.back() = total;
  std::int64_t offset = 0;  // the splitting populations' neurons before this one
  for (std::size_t p = 0; p < n; ++p) {
    Population& pop = *populations_[p];
    const int size = pop.size();
    std::vector<int>& bounds = part_bounds_[p];
    // Written only when they change: a member reads them in every step, and a write, even of the
    // same value, would take the line from its cache.
    bool changed = false;
    const auto set = [&changed](int& at, int value) {
      if (at != value) {
        at = value;
        changed = true;
      }
    };
    if (bounds.size() != static_cast<std::size_t>(parts) + 1) {
      bounds.assign(static_cast<std::size_t>(parts) + 1, -1);
      changed = true;
    }
    for (int t = 0; t < parts; ++t) {
      const auto ut = static_cast<std::size_t>(t);
      if (!pop.splits()) {
        set(bounds[ut], t == 0 ? 0 : size);
        continue;
      }
      set(bounds[ut], part_start(std::clamp<std::int64_t>(split[ut] - offset, 0, size), size, snap));
      share_starts_[ut] += bounds[ut];
    }
    set(bounds.back(), size);
    if (pop.splits()) offset += size;
    if (changed) {
      // Room for a part's spikes in every set of lists (at most one per neuron and step; sources
      // may repeat one: the list grows then, rarely).
      for (SpikeLists& lists : part_spikes_)
        for (int t = 0; t < parts; ++t)
          lists[p][static_cast<std::size_t>(t)].spikes.reserve(static_cast<std::size_t>(bounds[static_cast<std::size_t>(t) + 1] - bounds[static_cast<std::size_t>(t)]));
    }
    // Told again after a change of bounds, of team or of the population itself (an edit).
    if (pop.splits() && (changed || parts_told_[p] != &pop)) {
      pop.set_parts(bounds);
      parts_told_[p] = &pop;
    }
  }
  // Each projection's synapses split by the parts of its target (a no-op unless a population
  // or a projection changed shape since the last step).
  for (auto& proj : projections_) {
    const std::vector<int>& bounds = part_bounds_[static_cast<std::size_t>(proj->post())];
    if (!proj->split_matches(bounds)) proj->split_targets(bounds);
  }
}

void Network::fix_shares(std::span<const std::int64_t> bounds) {
  if (!team_) return;
  prepare_parts();  // the balance for this team and these populations
  balance_.fix(bounds);
}

std::span<const int> Network::part_bounds(int population) const {
  if (!team_ || population < 0 || static_cast<std::size_t>(population) >= part_bounds_.size()) return {};
  return part_bounds_[static_cast<std::size_t>(population)];
}

// Member t evolves its part of every population at `step`, into lists[population][t].
void Network::evolve_share(int t, std::int64_t step, SpikeLists& lists) {
  const auto ut = static_cast<std::size_t>(t);
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    Population& pop = *populations_[p];
    std::vector<int>& out = lists[p][ut].spikes;
    out.clear();
    const int first = part_bounds_[p][ut], last = part_bounds_[p][ut + 1];
    if (!pop.splits()) {
      if (t == 0) pop.evolve(step, out);  // whole, even when empty (as one thread steps it)
    } else if (first < last) {
      pop.evolve_range(step, first, last, out);
    }
  }
}

// Member t delivers every spike of `lists` into its own share of each target, the spikes taken
// part by part (ascending neuron order, as one thread emits them), then folds in the same-step
// input of its share. Returns the synaptic events delivered.
std::uint64_t Network::deliver_share(int t, std::int64_t step, const SpikeLists& lists) {
  const auto ut = static_cast<std::size_t>(t);
  const std::size_t n = populations_.size();
  std::uint64_t events = 0;
  // Calls f(projection, spikes) for every nonempty part of the spikes, projection by projection,
  // skipping projections with no targets in this share.
  const auto each = [&](auto&& f) {
    for (std::size_t p = 0; p < n; ++p) {
      for (const int j : outgoing_[p]) {
        const Projection& proj = *projections_[static_cast<std::size_t>(j)];
        const auto post = static_cast<std::size_t>(proj.post());
        if (part_bounds_[post][ut] >= part_bounds_[post][ut + 1]) continue;
        for (const PartSpikes& part : lists[p])
          if (!part.spikes.empty()) f(proj, std::span<const int>(part.spikes));
      }
    }
  };
  // Every run's bounds asked for, then the lines of each list of runs asked for before the list
  // before it is delivered: the misses overlap the delivering (Projection::ask_for_bounds).
  each([&](const Projection& proj, std::span<const int> spikes) { proj.ask_for_bounds(spikes, t); });
  const Projection* asked = nullptr;
  std::span<const int> asked_spikes;
  const auto deliver_asked = [&] {
    if (asked) events += asked->propagate_part(asked_spikes, step, populations_[static_cast<std::size_t>(asked->post())]->input_target(), t);
  };
  each([&](const Projection& proj, std::span<const int> spikes) {
    proj.ask_for_rows(spikes, t);
    deliver_asked();
    asked = &proj;
    asked_spikes = spikes;
  });
  deliver_asked();
  for (std::size_t p = 0; p < n; ++p)
    if (same_step_[p] && part_bounds_[p][ut] < part_bounds_[p][ut + 1]) populations_[p]->absorb_same_step(part_bounds_[p][ut], part_bounds_[p][ut + 1]);
  return events;
}

void Network::step_parallel() {
  prepare_parts();
  SpikeLists& lists = part_spikes_[0];
  auto task = [&](int t) {
    evolve_share(t, step_, lists);
    team_->sync();
    part_events_[static_cast<std::size_t>(t)].events = deliver_share(t, step_, lists);
  };
  team_->run(task);
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    fired_[p].clear();
    for (const PartSpikes& part : lists[p]) fired_[p].insert(fired_[p].end(), part.spikes.begin(), part.spikes.end());
  }
  for (const PartEvents& e : part_events_) synaptic_events_ += e.events;
}

// [SECTION] Many steps in one round
// What step() does between the threads' rounds, besides recording, must not be there: commands
// (applied at a step's start), stimuli (their streams and players are drawn whole, before the
// step), learning rules and a reward task (they read and change weights between steps).
bool Network::runs_in_one_round() const {
  if (!team_ || !pending_.empty() || !stimuli_.empty() || reward_task_) return false;
  return std::none_of(plastic_.begin(), plastic_.end(), [this](int j) { return plasticity_[static_cast<std::size_t>(j)]->learning(); });
}

// `steps` steps in one round of the team, with one barrier per step instead of a round each:
// after it, each member delivers into its own share and goes straight on to evolve that share
// at the next step, which only its own deliveries touch. Each member records the traced neurons
// of its own share after its deliveries, before it evolves them again: the same values, in the
// same order, as step() records. Member 0 also lowers the input rings' flags of the step it
// delivered (see keep_books), and records the step's spikes, totals and rates while it waits at
// the next barrier (record_books), off the step's critical path.
//
// The spike lists rotate through three sets by step. A member evolving step s + 1 never writes
// the lists others may still be delivering from (step s's), and member 0, recording step s's
// lists after it arrived at the barrier of step s + 1, still reads them while the others deliver
// step s + 1 and evolve step s + 2 (into the third set): they cannot reach step s + 3 before
// member 0 arrives at the barrier of step s + 2, after it recorded step s.
void Network::run_parallel(std::int64_t steps) {
  prepare_parts();
  if (spike_listener_) spike_listener_->parts(team_->size());
  mark_same_step_targets();
  const int parts = team_->size();
  probes_of_.resize(static_cast<std::size_t>(parts));
  for (auto& own : probes_of_) own.clear();
  const std::vector<TraceProbe>& probes = state_recorder_.probes();
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const std::vector<int>& bounds = part_bounds_[static_cast<std::size_t>(probes[i].population)];
    const auto owner = std::upper_bound(bounds.begin(), bounds.end() - 1, probes[i].neuron) - bounds.begin() - 1;
    probes_of_[static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(owner, 0, parts - 1))].push_back(static_cast<int>(i));
  }
  const std::int64_t first = step_;
  const auto lists_of = [this](std::int64_t step) -> SpikeLists& { return part_spikes_[static_cast<std::size_t>(step % 3)]; };
  // While the split is being balanced, each member times the round and its waits (two clock
  // reads per step; none once balanced).
  const bool timing = balance_.timing();
  auto task = [&](int t) {
    using Clock = std::chrono::steady_clock;
    const auto ut = static_cast<std::size_t>(t);
    const Clock::time_point round_start = timing ? Clock::now() : Clock::time_point{};
    Clock::duration waited{};
    std::uint64_t events = 0;
    for (std::int64_t s = first; s < first + steps; ++s) {
      SpikeLists& lists = lists_of(s);
      evolve_share(t, s, lists);
      const std::uint64_t boundary = team_->arrive(t);
      if (spike_listener_)
        for (std::size_t p = 0; p < lists.size(); ++p) spike_listener_->spikes(t, s, static_cast<int>(p), lists[p][ut].spikes);
      if (t == 0 && s > first) record_books(s - 1, lists_of(s - 1));
      if (timing) {
        const Clock::time_point wait_start = Clock::now();
        team_->await(t, boundary);
        waited += Clock::now() - wait_start;
      } else {
        team_->await(t, boundary);
      }
      events += deliver_share(t, s, lists);
      record_probes(probes_of_[ut], s);
      if (t == 0) keep_books(s);
    }
    part_events_[ut].events = events;
    if (timing) part_events_[ut].busy_s = std::chrono::duration<double>(Clock::now() - round_start - waited).count();
  };
  team_->run(task);
  if (timing) {
    share_busy_.resize(part_events_.size());
    for (std::size_t t = 0; t < part_events_.size(); ++t) share_busy_[t] = part_events_[t].busy_s;
    balance_.add_round(share_starts_, share_busy_, steps);  // a new split applies from the next round
  }
  const std::int64_t last = first + steps - 1;
  record_books(last, lists_of(last));
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    fired_[p].clear();
    for (const PartSpikes& part : lists_of(last)[p]) fired_[p].insert(fired_[p].end(), part.spikes.begin(), part.spikes.end());
  }
  for (const PartEvents& e : part_events_) synaptic_events_ += e.events;
  step_ = first + steps;
}

// Member 0, once it has delivered step `step`: every member evolved that step before the
// barrier, so its slots are spent. Lowering their flags here, before the next barrier, touches
// no slot that a delivery of this step or a kernel of the next may use, and comes before any
// delivery of the next step, which may raise the same slot again (a delay of slots - 1).
void Network::keep_books(std::int64_t step) {
  for (const auto& pop : populations_) pop->input().spent(step);
}

// The spikes of step `step`, all members' (they wrote their lists before that step's barrier),
// recorded part by part (the same events as the whole list), with the spike totals and rates.
void Network::record_books(std::int64_t step, const SpikeLists& lists) {
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    std::size_t count = 0;
    for (const PartSpikes& part : lists[p]) {
      if (part.spikes.empty()) continue;
      count += part.spikes.size();
      spike_recorder_.record(step, static_cast<int>(p), part.spikes);
    }
    spike_totals_[p] += count;
    rate_monitor_.record(static_cast<int>(p), count);
  }
  rate_monitor_.end_step(population_sizes_);
}

void Network::tell_listener(std::int64_t step) {
  if (!team_) {
    for (std::size_t p = 0; p < fired_.size(); ++p) spike_listener_->spikes(0, step, static_cast<int>(p), fired_[p]);
    return;
  }
  const SpikeLists& lists = part_spikes_[0];  // step_parallel's
  for (std::size_t p = 0; p < lists.size(); ++p)
    for (std::size_t t = 0; t < lists[p].size(); ++t) spike_listener_->spikes(static_cast<int>(t), step, static_cast<int>(p), lists[p][t].spikes);
}

void Network::record_probes(std::span<const int> indices, std::int64_t step) {
  std::vector<TraceProbe>& probes = state_recorder_.probes();
  const float* vars[8];
  for (const int i : indices) {
    TraceProbe& probe = probes[static_cast<std::size_t>(i)];
    const Population& pop = *populations_[static_cast<std::size_t>(probe.population)];
    const int count = std::min(probe.variables, 8);
    for (int v = 0; v < count; ++v) vars[v] = pop.state(v);
    state_recorder_.record(probe, step, vars);
  }
}

}  // namespace neurosim
