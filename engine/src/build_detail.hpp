#pragma once
// Internal to the engine: how random streams are numbered and how per-neuron parameter values
// are drawn, shared by the builder (network_build.cpp) and by Network, whose parameter changes
// redraw per-neuron values exactly as a build from the changed scenario would. That is what
// makes a saved running scenario rebuild to the same values, bit for bit.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "neurosim/plasticity.hpp"
#include "neurosim/projection.hpp"
#include "neurosim/population.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/stimulus.hpp"

namespace neurosim::detail {

// Random streams per purpose and entity, so that each draw sequence depends only on the seed
// and on what it is for (adding a projection leaves every population's draws unchanged).
enum class Stream : std::uint64_t { SharedR = 1, Param, Initial, Source, Connect, Weight, Delay, Stimulus, GrowConnect, GrowWeight, GrowDelay };
inline std::uint64_t stream_id(Stream kind, std::size_t index) {
  return (static_cast<std::uint64_t>(kind) << 32) | static_cast<std::uint64_t>(index);
}
// The streams of growth number `event` (0 for a run's first AddNeurons): numbered apart from
// the build's, so growing never changes a draw the build made, and the same growth schedule
// always draws the same numbers.
inline std::uint64_t growth_stream_id(Stream kind, std::uint64_t event, std::size_t index) {
  return ((event + 1) << 40) | stream_id(kind, index);
}

// [SECTION] Projection controls (scenario field and Network's SetProjection)
inline constexpr int kMaxDelaySteps = 65535;  // per-synapse delays are 16-bit
// A delay in steps: the nearest whole step, halves away from zero (as Brian2 rounds a delay to
// its time step), at least one; with same_step, below dt / 2 rounds to 0 steps, same-step
// delivery (projection.hpp).
inline int delay_steps(double ms, double dt_ms, bool same_step) {
  const auto steps = static_cast<int>(std::lround(ms / dt_ms));
  return same_step ? steps : std::max(1, steps);
}
// "" or why projection `pr`'s same_step is refused onto a population of model `post_model`
// ("" when unknown): no delay_ms, or a delay that rounds to 0 steps onto a model that cannot
// take same-step input. The scenario check names the field projections[k].same_step; a live
// SetProjection names it after the projection.
std::string same_step_problem(const ProjectionSpec& pr, const std::string& post_model, double dt_ms);
inline constexpr double kMaxWeightScale = 1e4;
// "" or why a weight_scale is refused ("must be between 0 and 10000 (got -1)").
std::string weight_scale_problem(double scale);

// [SECTION] Growth (Network's AddNeurons)
inline constexpr int kMaxGrowth = 100'000;  // neurons per command: far above any use, below a typo's size

// Why `count` neurons cannot join population `pop` of `spec` (a sentence), or "" when they can.
std::string growth_problem(const ScenarioSpec& spec, int pop, int count);

// Projection j rebuilt for the grown sizes of `grown` (its populations' sizes are the new ones):
// each old synapse at its place in its row (old_to_new[k] is the new index of old synapse k),
// then in each row the new pairs the connectivity rule gives; new weights and delays from the
// projection's distributions, drawn in synapse order from growth number `event`'s streams, and
// the weights clipped into the bounds of `rule` (null when static) as at build.
struct GrownSynapses {
  std::vector<std::int64_t> row_ptr;
  std::vector<std::int32_t> col;
  std::vector<float> weight;
  std::vector<std::uint16_t> delay;  // empty when the projection has one common delay
  std::vector<std::int64_t> old_to_new;
  std::size_t added = 0;
};
GrownSynapses grow_synapses(const ScenarioSpec& grown, std::size_t j, const Projection& old, std::uint64_t event, const Plasticity* rule);

// The r ~ U[0, 1) per neuron of population `pop` that "base/scale/power" values share; empty
// when none of its parameters or initial values use one.
std::vector<float> shared_r(const ScenarioSpec& spec, std::size_t pop);

// Per-neuron values of the model parameter with index `param_index` drawn from `dist`. The
// stream is numbered by the parameter's place in the model's list, not in the scenario, so
// that adding another parameter to a scenario leaves these draws as they were.
std::vector<float> per_neuron_values(const ScenarioSpec& spec, std::size_t pop, int param_index, const Distribution& dist,
                                     std::span<const float> shared_r);

// [SECTION] Elements as a build makes them (the builder, and the editor's additions, which
// must give an added element what a build of the edited scenario gives it). The spec must
// have passed check_scenario; `i`, `j`, `k` are places in their lists, which number streams.
std::unique_ptr<Population> build_population(const ScenarioSpec& spec, std::size_t i);
struct BuiltProjection {
  std::unique_ptr<Projection> projection;
  std::unique_ptr<Plasticity> plasticity;  // null: static weights
};
BuiltProjection build_projection(const ScenarioSpec& spec, std::size_t j);
// Every projection of the spec, in list order, built by up to `threads` threads side by side
// (projection_builds.cpp): the same projections as one thread builds.
std::vector<BuiltProjection> build_projections(const ScenarioSpec& spec, int threads);
// The stimulus alone: its population's enable_external_current() is the caller's.
Stimulus build_stimulus(const ScenarioSpec& spec, std::size_t k);

}  // namespace neurosim::detail
