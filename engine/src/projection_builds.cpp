#include <algorithm>
#include <atomic>
#include <exception>
#include <numeric>
#include <thread>

#include "build_detail.hpp"

namespace neurosim::detail {
namespace {

// About how many synapses projection j's rule makes: the order in which threads take the
// projections, biggest first, so that the last one taken is a small one.
double expected_synapses(const ScenarioSpec& spec, std::size_t j) {
  const ProjectionSpec& pr = spec.projections[j];
  const int pre = spec.population_index(pr.pre), post = spec.population_index(pr.post);
  const double n_pre = spec.populations[static_cast<std::size_t>(pre)].size;
  const double n_post = spec.populations[static_cast<std::size_t>(post)].size;
  const auto& c = pr.connectivity;
  switch (c.rule) {
    case ConnectivitySpec::Rule::AllToAll: return n_pre * n_post;
    case ConnectivitySpec::Rule::OneToOne: return n_pre;
    case ConnectivitySpec::Rule::FixedProbability: return n_pre * n_post * c.p;
    case ConnectivitySpec::Rule::FixedIndegree: return n_post * c.indegree;
    case ConnectivitySpec::Rule::List: return static_cast<double>(c.pairs.size());
  }
  return 0.0;
}

}  // namespace

std::vector<BuiltProjection> build_projections(const ScenarioSpec& spec, int threads) {
  const std::size_t count = spec.projections.size();
  std::vector<BuiltProjection> built(count);
  const std::size_t workers = std::min(static_cast<std::size_t>(std::max(threads, 1)), count);
  if (workers <= 1) {
    for (std::size_t j = 0; j < count; ++j) built[j] = build_projection(spec, j);
    return built;
  }
  std::vector<double> size(count);
  for (std::size_t j = 0; j < count; ++j) size[j] = expected_synapses(spec, j);
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });

  // Each projection draws from its own streams (connectivity, weights and delays numbered by j),
  // so which thread builds it, and when, changes nothing in it.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(count);
  const auto work = [&] {
    for (std::size_t k; !failed.load(std::memory_order_relaxed) && (k = next.fetch_add(1)) < count;) {
      const std::size_t j = order[k];
      try {
        built[j] = build_projection(spec, j);
      } catch (...) {  // out of memory, most likely: the first in list order is thrown below
        errors[j] = std::current_exception();
        failed = true;
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(workers - 1);
    for (std::size_t t = 1; t < workers; ++t) helpers.emplace_back(work);
    work();
  }  // joined
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return built;
}

}  // namespace neurosim::detail
