#pragma once
// Where the members of a thread team split the neurons they step, and how that split moves so
// that every member is busy for about as long in each step.
//
// The neurons of the populations that split (Population::splits) are taken end to end, in
// population order, as one range [0, total); member t steps [bounds[t], bounds[t + 1]). A member
// whose share lies inside one population delivers only the projections onto that population,
// so a member's time is not proportional to its neurons: it depends on the models, the
// projections onto its populations, their rates, and on what member 0 does besides its share.
// Rather than model all that, the team times its members for a while (their busy time: the
// step less the time they wait at its boundary) and moves the bounds so that the measured cost,
// spread evenly over each member's share, comes out the same for all. The spikes do not depend
// on the split (Network::set_threads), only the time does.
#include <cstdint>
#include <span>
#include <vector>

namespace neurosim {

class ShareBalance {
 public:
  // Rounds of steps ignored after the split changes (caches refill, the first steps of a run
  // carry its start); then rounds are timed until they hold at least kTimedSteps steps and
  // kTimedSeconds of each member's busy time on average (the times of single steps vary by
  // several per cent); moves at most (each move splits the projections onto the populations
  // whose parts changed again).
  static constexpr std::int64_t kSettleSteps = 64;
  static constexpr std::int64_t kTimedSteps = 256;
  static constexpr double kTimedSeconds = 0.025;
  static constexpr int kMaxMoves = 4;
  // Busy times within this fraction of their mean are balanced: the split stays.
  static constexpr double kTolerance = 0.01;

  // Equal shares of `total` neurons for `members`, timed again from the start.
  void reset(int members, std::int64_t total);
  int members() const { return static_cast<int>(bounds_.size()) - 1; }
  std::int64_t total() const { return bounds_.empty() ? 0 : bounds_.back(); }
  // members() + 1 ascending entries from 0 to total(): the split asked for. The parts that
  // come of it are rounded to blocks of neurons within each population (Network::prepare_parts).
  std::span<const std::int64_t> bounds() const { return bounds_; }

  // The split set to `bounds` and kept there (no more timing): members() + 1 ascending entries
  // from 0 to total(); anything else throws std::invalid_argument, naming the fault.
  void fix(std::span<const std::int64_t> bounds);

  // Whether the members should time the next round (false once balanced, or out of moves).
  bool timing() const { return !done_; }
  // A round of `steps` steps on the split whose members start at `starts` (members() + 1
  // entries: where each member's part of the range starts as the network rounded it, then
  // total()), with each member's busy time in it in seconds. Returns true when the split
  // moved: bounds() changed.
  bool add_round(std::span<const std::int64_t> starts, std::span<const double> busy, std::int64_t steps);

  // The split that gives every member the same cost, the cost of each member's share spread
  // evenly over it (a member with an empty share: at its start). `starts` as above.
  static std::vector<std::int64_t> even_cost_bounds(std::span<const std::int64_t> starts, std::span<const double> busy);

 private:
  std::vector<std::int64_t> bounds_;
  std::vector<double> busy_;
  std::int64_t settle_left_ = 0;  // steps still to ignore
  std::int64_t timed_ = 0;        // steps in busy_
  int moves_ = 0;
  bool done_ = true;
};

}  // namespace neurosim
