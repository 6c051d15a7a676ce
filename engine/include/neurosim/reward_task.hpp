#pragma once
// A reward rule for reward-modulated STDP: Izhikevich 2007's distal-reward demonstration
// (Cereb. Cortex 17:2443, "Solving the distal reward problem", Fig. 1). One synapse is chosen;
// whenever its presynaptic neuron fires and its postsynaptic neuron fires within `window_ms`
// after it, a reward of `amount` (dopamine) follows after a random delay (uniform in the
// scenario's delay range, 1-3 s in the paper), long after the spikes that earned it. Each
// presynaptic spike earns at most one reward; a pair in the same step counts as pre before post,
// as the STDP rules count it. The reward goes to every reward-modulated projection, like the
// DeliverReward command: only the eligibility trace, decaying with tau_c, remembers which
// synapse was active, so the chosen synapse grows while the others drift.
//
// The network runs it at the end of each step (network.hpp); the scenario's "reward" entry
// describes it (spec.hpp, RewardSpec).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "neurosim/rng.hpp"
#include "neurosim/spec.hpp"

namespace neurosim {

class Network;

class RewardTask {
 public:
  struct Settings {
    int projection = 0;                     // index of the projection holding the chosen synapse
    int pre_population = 0, post_population = 0;
    int pre = 0, post = 0;                  // the chosen synapse's neurons
    std::int64_t window_steps = 1;          // post at most this many steps after pre
    std::int64_t delay_min_steps = 0, delay_max_steps = 0;
    double amount = 0.0;
  };

  RewardTask(const Settings& settings, std::uint64_t seed);

  // After step `step` with these spikes of the pre and post populations: notes an earned reward
  // and returns the dopamine due now (0 when none).
  double step(std::int64_t step, std::span<const int> pre_fired, std::span<const int> post_fired);
  void reset();

  const Settings& settings() const { return settings_; }
  std::uint64_t earned() const { return earned_; }
  std::uint64_t delivered() const { return delivered_steps_.size(); }
  // Steps at which rewards were earned and delivered, in order.
  const std::vector<std::int64_t>& earned_steps() const { return earned_steps_; }
  const std::vector<std::int64_t>& delivered_steps() const { return delivered_steps_; }
  // Checkpoints: the stream of delays, the pairing under way and the rewards on their way.
  void visit_state(StateVisitor& v);

 private:
  Settings settings_;
  std::uint64_t seed_;
  Rng rng_;
  std::int64_t last_pre_ = INT64_MIN / 2;
  bool pre_rewarded_ = true;  // whether the last presynaptic spike has earned its reward already
  std::vector<std::int64_t> pending_;  // steps at which earned rewards fall due
  std::uint64_t earned_ = 0;
  std::vector<std::int64_t> earned_steps_, delivered_steps_;
};

// Problems with the scenario's "reward" entry (paths "reward.*"); none when it has none.
void check_reward(const ScenarioSpec& spec, std::vector<SpecError>& errors);
// The task for a built network (its projections exist), or null when the scenario has no
// reward; a problem that needs the connectivity (the chosen synapse does not exist) is added
// to `errors`.
std::unique_ptr<RewardTask> build_reward_task(const ScenarioSpec& spec, const Network& net, std::vector<SpecError>& errors);

}  // namespace neurosim
