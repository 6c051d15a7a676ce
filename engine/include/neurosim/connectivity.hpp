#pragma once
// Connection rules that fill a Projection's CSR structure.
#include <cstdint>
#include <utility>
#include <vector>

#include "neurosim/projection.hpp"
#include "neurosim/rng.hpp"

namespace neurosim {

struct CsrStructure {
  std::vector<std::int64_t> row_ptr;
  std::vector<std::int32_t> col;
};

// Each (pre, post) pair exists with probability p. Walks each row by geometric gaps between
// successive targets (GeNN's FixedProbability), so the cost follows the synapses made, not
// pre x post coin flips.
CsrStructure connect_fixed_probability(int pre, int post, double p, bool allow_autapses, Rng& rng);
// Each post neuron receives exactly `indegree` synapses from distinct pre neurons drawn at random
// (Brunel 2000's C_E and C_I; NEST's fixed_indegree without multapses). Rows come out sorted.
CsrStructure connect_fixed_indegree(int pre, int post, int indegree, bool allow_autapses, Rng& rng);
CsrStructure connect_all_to_all(int pre, int post, bool allow_autapses);
CsrStructure connect_one_to_one(int n);
// Explicit (pre, post) pairs in any order; the CSR keeps each pair's position in `order`
// (order[k] = index in `pairs` of synapse k) so that per-pair weights can follow.
CsrStructure connect_list(int pre, const std::vector<std::pair<int, int>>& pairs, std::vector<std::size_t>& order);

}  // namespace neurosim
