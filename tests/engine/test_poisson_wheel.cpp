// The Poisson source keeps pending spikes in a timing wheel. It must give exactly the spikes of
// the plain definition: every step, every neuron whose next spike time t satisfies
// t < (step + 1) dt fires once and draws intervals from its last time until it is past the step,
// neurons taken in index order from one random stream.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "neurosim/poisson_source.hpp"
#include "neurosim/rng.hpp"

using namespace neurosim;

namespace {

// The definition, scanning every neuron every step.
struct ScanReference {
  ScanReference(int size, double step_ms, double initial_rate, std::uint64_t seed, std::uint64_t stream)
      : dt(step_ms), rng(seed, stream), next(static_cast<std::size_t>(size)) {
    set_rate(initial_rate, 0.0);
  }
  void set_rate(double r, double now_ms) {
    rate = r;
    for (double& t : next) t = r > 0 ? now_ms + rng.exponential(1000.0 / r) : std::numeric_limits<double>::infinity();
  }
  void evolve(std::int64_t step, std::vector<int>& spikes) {
    const double end = static_cast<double>(step + 1) * dt;
    for (std::size_t i = 0; i < next.size(); ++i) {
      if (next[i] >= end) continue;
      spikes.push_back(static_cast<int>(i));
      do next[i] += rng.exponential(1000.0 / rate);
      while (next[i] < end);
    }
  }
  double dt, rate = 0;
  Rng rng;
  std::vector<double> next;
};

void compare(int size, double dt, const std::vector<std::pair<std::int64_t, double>>& rate_changes, std::int64_t steps) {
  PoissonPopulation wheel("p", size, dt, 11, 3);
  REQUIRE(wheel.set_param("rate", rate_changes.front().second).empty());
  // The population draws once at its default rate when built and again when set_param gives it
  // the first rate: the reference does the same, so both read the same stream.
  ScanReference fresh(size, dt, 10.0, 11, 3);
  fresh.set_rate(rate_changes.front().second, 0.0);
  std::vector<int> a, b;
  std::size_t change = 1;
  std::int64_t total = 0;
  for (std::int64_t s = 0; s < steps; ++s) {
    if (change < rate_changes.size() && rate_changes[change].first == s) {
      REQUIRE(wheel.set_param("rate", rate_changes[change].second).empty());
      fresh.set_rate(rate_changes[change].second, static_cast<double>(s) * dt);
      ++change;
    }
    a.clear();
    b.clear();
    wheel.evolve(s, a);
    fresh.evolve(s, b);
    REQUIRE(a == b);
    total += static_cast<std::int64_t>(a.size());
  }
  CHECK(total > 0);
}

}  // namespace

TEST_SUITE("engine: Poisson timing wheel") {
  TEST_CASE("the same spikes as a scan of every neuron, step by step") {
    compare(300, 0.1, {{0, 40.0}}, 50000);
  }
  TEST_CASE("intervals longer than a turn of the wheel (0.3 Hz at dt 0.1 ms: ~33000 steps)") {
    compare(200, 0.1, {{0, 0.3}}, 200000);
  }
  TEST_CASE("rate changes mid-run, through zero, and rates near one spike per step") {
    compare(100, 0.1, {{0, 15.0}, {3000, 0.0}, {6000, 9000.0}, {6500, 2.0}, {9000, 15.0}}, 20000);
  }
  TEST_CASE("a coarse step (dt 1 ms) and time values that fall on step boundaries") {
    compare(50, 1.0, {{0, 500.0}, {700, 30.0}}, 5000);
  }
}
