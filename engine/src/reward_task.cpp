#include "neurosim/reward_task.hpp"

#include <algorithm>
#include <cmath>

#include "neurosim/network.hpp"
#include "neurosim/params.hpp"

namespace neurosim {

namespace {
// The task's own random stream (reward delays), apart from every stream the builder uses.
constexpr std::uint64_t kRewardStream = 0x52455741'52440000ull;  // "REWARD"

// The projection a reward names: by its name, or by the "pre->post" name the builder gives an
// unnamed one.
int find_projection(const ScenarioSpec& spec, const std::string& name) {
  for (std::size_t j = 0; j < spec.projections.size(); ++j) {
    const ProjectionSpec& p = spec.projections[j];
    if (p.name == name || (p.name.empty() && p.pre + "->" + p.post == name)) return static_cast<int>(j);
  }
  return -1;
}
}  // namespace

RewardTask::RewardTask(const Settings& settings, std::uint64_t seed) : settings_(settings), seed_(seed), rng_(seed, kRewardStream) {
  pending_.reserve(64);
}

void RewardTask::reset() {
  rng_ = Rng(seed_, kRewardStream);
  last_pre_ = INT64_MIN / 2;
  pre_rewarded_ = true;
  pending_.clear();
  earned_ = 0;
  earned_steps_.clear();
  delivered_steps_.clear();
}

double RewardTask::step(std::int64_t step, std::span<const int> pre_fired, std::span<const int> post_fired) {
  if (std::find(pre_fired.begin(), pre_fired.end(), settings_.pre) != pre_fired.end()) {
    last_pre_ = step;
    pre_rewarded_ = false;
  }
  if (!pre_rewarded_ && step - last_pre_ <= settings_.window_steps &&
      std::find(post_fired.begin(), post_fired.end(), settings_.post) != post_fired.end()) {
    pre_rewarded_ = true;
    ++earned_;
    earned_steps_.push_back(step);
    const auto span = static_cast<double>(settings_.delay_max_steps - settings_.delay_min_steps);
    // At least one step later: the dopamine of this step's end has been applied already.
    pending_.push_back(step + std::max<std::int64_t>(1, settings_.delay_min_steps + std::llround(rng_.uniform() * span)));
  }
  double due = 0.0;
  for (std::size_t k = 0; k < pending_.size();) {
    if (pending_[k] <= step) {
      due += settings_.amount;
      delivered_steps_.push_back(step);
      pending_[k] = pending_.back();
      pending_.pop_back();
    } else {
      ++k;
    }
  }
  return due;
}

void check_reward(const ScenarioSpec& spec, std::vector<SpecError>& errors) {
  if (!spec.reward) return;
  const RewardSpec& r = *spec.reward;
  const int j = find_projection(spec, r.projection);
  if (j < 0) {
    errors.push_back({"reward.projection", "no projection named \"" + r.projection + "\""});
  } else {
    const ProjectionSpec& p = spec.projections[static_cast<std::size_t>(j)];
    if (!p.plasticity || p.plasticity->rule != "rstdp")
      errors.push_back({"reward.projection", "projection \"" + r.projection + "\" has no reward-modulated plasticity (rule rstdp)"});
    const int pre = spec.population_index(p.pre), post = spec.population_index(p.post);
    if (pre >= 0 && (r.pre < 0 || r.pre >= spec.populations[static_cast<std::size_t>(pre)].size))
      errors.push_back({"reward.pre", "neuron " + std::to_string(r.pre) + " is outside 0.." +
                                          std::to_string(spec.populations[static_cast<std::size_t>(pre)].size - 1)});
    if (post >= 0 && (r.post < 0 || r.post >= spec.populations[static_cast<std::size_t>(post)].size))
      errors.push_back({"reward.post", "neuron " + std::to_string(r.post) + " is outside 0.." +
                                           std::to_string(spec.populations[static_cast<std::size_t>(post)].size - 1)});
  }
  if (auto e = require_positive(r.window_ms)) errors.push_back({"reward.window_ms", *e});
  if (const auto e = r.delay_ms.check(); !e.empty()) {
    errors.push_back({"reward.delay_ms", e});
  } else if (r.delay_ms.kind != Distribution::Kind::Constant && r.delay_ms.kind != Distribution::Kind::Uniform) {
    errors.push_back({"reward.delay_ms", "must be a number or a uniform range"});
  } else if (r.delay_ms.a < 0) {
    errors.push_back({"reward.delay_ms", "must be >= 0 (got " + r.delay_ms.describe() + ")"});
  }
  if (!std::isfinite(r.amount)) errors.push_back({"reward.amount", "must be a finite number (got " + format_number(r.amount) + ")"});
}

std::unique_ptr<RewardTask> build_reward_task(const ScenarioSpec& spec, const Network& net, std::vector<SpecError>& errors) {
  if (!spec.reward) return nullptr;
  const RewardSpec& r = *spec.reward;
  RewardTask::Settings s;
  s.projection = find_projection(spec, r.projection);
  const Projection& proj = net.projection(s.projection);
  s.pre_population = proj.pre();
  s.post_population = proj.post();
  s.pre = r.pre;
  s.post = r.post;
  const auto col = proj.col();
  const auto row = proj.row_ptr();
  const bool exists = std::find(col.begin() + row[static_cast<std::size_t>(r.pre)], col.begin() + row[static_cast<std::size_t>(r.pre) + 1], r.post) !=
                      col.begin() + row[static_cast<std::size_t>(r.pre) + 1];
  if (!exists) {
    errors.push_back({"reward", "projection \"" + r.projection + "\" has no synapse from neuron " + std::to_string(r.pre) + " to neuron " +
                                    std::to_string(r.post)});
    return nullptr;
  }
  const double dt = spec.dt_ms;
  s.window_steps = std::max<std::int64_t>(0, std::llround(r.window_ms / dt));
  const double lo = r.delay_ms.a, hi = r.delay_ms.kind == Distribution::Kind::Uniform ? r.delay_ms.b : r.delay_ms.a;
  s.delay_min_steps = std::llround(lo / dt);
  s.delay_max_steps = std::llround(hi / dt);
  s.amount = r.amount;
  return std::make_unique<RewardTask>(s, spec.seed);
}

}  // namespace neurosim
