#include "neurosim/share_balance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace neurosim {

void ShareBalance::reset(int members, std::int64_t total) {
  members = std::max(1, members);
  total = std::max<std::int64_t>(0, total);
  bounds_.resize(static_cast<std::size_t>(members) + 1);
  for (int t = 0; t <= members; ++t) bounds_[static_cast<std::size_t>(t)] = total * t / members;
  busy_.assign(static_cast<std::size_t>(members), 0.0);
  settle_left_ = kSettleSteps;
  timed_ = 0;
  moves_ = 0;
  done_ = members == 1 || total == 0;
}

void ShareBalance::fix(std::span<const std::int64_t> bounds) {
  if (bounds.size() != bounds_.size())
    throw std::invalid_argument("a split of " + std::to_string(members()) + " shares needs " + std::to_string(bounds_.size()) + " bounds, got " +
                                std::to_string(bounds.size()));
  if (bounds.front() != 0 || bounds.back() != total())
    throw std::invalid_argument("a split must run from 0 to " + std::to_string(total()) + " (the neurons that split), got " +
                                std::to_string(bounds.front()) + " to " + std::to_string(bounds.back()));
  if (!std::is_sorted(bounds.begin(), bounds.end())) throw std::invalid_argument("a split's bounds must ascend");
  bounds_.assign(bounds.begin(), bounds.end());
  done_ = true;
}

bool ShareBalance::add_round(std::span<const std::int64_t> starts, std::span<const double> busy, std::int64_t steps) {
  if (done_ || busy.size() != busy_.size() || starts.size() != bounds_.size() || steps <= 0) return false;
  if (settle_left_ > 0) {
    settle_left_ -= steps;
    return false;
  }
  for (std::size_t t = 0; t < busy.size(); ++t) {
    if (!std::isfinite(busy[t]) || busy[t] < 0.0) {  // a clock that went wrong: keep the split
      done_ = true;
      return false;
    }
    busy_[t] += busy[t];
  }
  timed_ += steps;
  const double mean = std::accumulate(busy_.begin(), busy_.end(), 0.0) / static_cast<double>(busy_.size());
  if (timed_ < kTimedSteps || mean < kTimedSeconds) return false;
  const auto [least, most] = std::minmax_element(busy_.begin(), busy_.end());
  if ((*most - *least) <= kTolerance * mean || moves_ >= kMaxMoves) {
    done_ = true;
    return false;
  }
  std::vector<std::int64_t> next = even_cost_bounds(starts, busy_);
  std::fill(busy_.begin(), busy_.end(), 0.0);
  timed_ = 0;
  settle_left_ = kSettleSteps;
  ++moves_;
  if (next == bounds_) return false;
  bounds_ = std::move(next);
  return true;
}

std::vector<std::int64_t> ShareBalance::even_cost_bounds(std::span<const std::int64_t> starts, std::span<const double> busy) {
  const std::size_t members = busy.size();
  std::vector<std::int64_t> out(starts.begin(), starts.end());
  if (members == 0 || starts.size() != members + 1) return out;
  double total = 0.0;
  for (const double b : busy) total += std::max(0.0, b);
  if (!(total > 0.0)) return out;
  // The cost up to x rises through member t's share [starts[t], starts[t + 1]) at an even rate,
  // busy[t] in all; bound t goes where it reaches t / members of the whole.
  double before = 0.0;  // cost of the shares before `at`
  std::size_t at = 0;
  for (std::size_t t = 1; t < members; ++t) {
    const double target = total * static_cast<double>(t) / static_cast<double>(members);
    while (at < members && before + std::max(0.0, busy[at]) < target) before += std::max(0.0, busy[at++]);
    if (at == members) {
      out[t] = starts[members];
    } else {
      const double cost = std::max(0.0, busy[at]);
      const double fraction = cost > 0.0 ? std::clamp((target - before) / cost, 0.0, 1.0) : 0.0;
      out[t] = starts[at] + std::llround(fraction * static_cast<double>(starts[at + 1] - starts[at]));
    }
    out[t] = std::max(out[t], out[t - 1]);
  }
  out[0] = 0;
  out[members] = starts[members];
  return out;
}

}  // namespace neurosim
