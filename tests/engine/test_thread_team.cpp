// ThreadTeam (rounds and phase boundaries) and Projection::propagate_range, the two pieces of
// multi-threaded stepping (tests/io/test_threads.cpp compares whole presets).
#include <doctest/doctest.h>

#include <atomic>
#include <cstring>
#include <vector>

#include "neurosim/projection.hpp"
#include "neurosim/thread_team.hpp"

namespace neurosim {

TEST_SUITE("thread_team") {
  TEST_CASE("every member runs each round once, and a boundary inside a round holds all of them") {
    for (const int members : {1, 2, 4}) {
      INFO(members << " members");
      ThreadTeam team(members);
      CHECK(team.size() == members);
      std::vector<int> first(static_cast<std::size_t>(members)), second(static_cast<std::size_t>(members));
      std::atomic<int> before{0};
      std::atomic<bool> all_before{true};
      for (int round = 1; round <= 200; ++round) {
        before = 0;
        std::vector<int> seen(static_cast<std::size_t>(members), 0);
        auto task = [&](int t) {
          first[static_cast<std::size_t>(t)] = round;
          before.fetch_add(1);
          team.sync();
          // After the boundary every member has done its first half.
          if (before.load() != members) all_before = false;
          second[static_cast<std::size_t>(t)] = round;
        };
        team.run(task);
        for (int t = 0; t < members; ++t) {
          CHECK(first[static_cast<std::size_t>(t)] == round);
          CHECK(second[static_cast<std::size_t>(t)] == round);
        }
      }
      CHECK(all_before);
    }
  }
}

TEST_SUITE("projection") {
  TEST_CASE("propagate_range over a split of the targets adds what propagate adds, bit for bit") {
    // Row 0 sorted, row 1 unsorted (a list connectivity may give one): both paths.
    for (const bool sorted : {true, false}) {
      INFO("sorted rows: " << sorted);
      Projection proj("p", 0, 0, 3, 10, Receptor::Excitatory);
      std::vector<std::int32_t> col = sorted ? std::vector<std::int32_t>{0, 3, 4, 9, 1, 2, 7, 8, 5}
                                             : std::vector<std::int32_t>{0, 3, 4, 9, 7, 2, 8, 1, 5};
      proj.set_structure({0, 4, 8, 9}, col);
      CHECK(proj.rows_sorted() == sorted);
      auto w = proj.weights();
      for (std::size_t k = 0; k < w.size(); ++k) w[k] = 0.1f * static_cast<float>(k + 1) + 0.013f;
      proj.set_weight_scale(1.7f);
      const std::vector<int> spikes{1, 0, 2, 1};
      InputRing whole, parts;
      whole.resize(10, 2);
      parts.resize(10, 2);
      const std::size_t events = proj.propagate(spikes, 0, whole);
      std::size_t split_events = 0;
      for (const auto& [first, last] : {std::pair{0, 3}, std::pair{3, 8}, std::pair{8, 10}})
        split_events += proj.propagate_range(spikes, 0, parts, first, last);
      CHECK(split_events == events);
      CHECK(events == 4 + 4 + 1 + 4);
      CHECK(std::memcmp(whole.exc(1), parts.exc(1), 10 * sizeof(float)) == 0);
      CHECK(proj.propagate_range(spikes, 0, parts, 5, 5) == 0);
    }
  }

  TEST_CASE("propagate_part over a split made at build adds what propagate adds, bit for bit, and goes stale with the structure") {
    for (const bool sorted : {true, false}) {
      for (const bool delays : {false, true}) {
        INFO("sorted rows: " << sorted << ", per-synapse delays: " << delays);
        Projection proj("p", 0, 0, 3, 10, Receptor::Inhibitory);
        proj.set_structure({0, 4, 8, 9}, sorted ? std::vector<std::int32_t>{0, 3, 4, 9, 1, 2, 7, 8, 5}
                                                : std::vector<std::int32_t>{0, 3, 4, 9, 7, 2, 8, 1, 5});
        auto w = proj.weights();
        for (std::size_t k = 0; k < w.size(); ++k) w[k] = -0.37f * static_cast<float>(k + 1) + 0.011f;
        if (delays) proj.set_delays({1, 2, 1, 3, 2, 1, 1, 3, 2});
        proj.set_weight_scale(0.9f);
        const std::vector<int> spikes{1, 0, 2, 1, 0};
        InputRing whole, parts;
        whole.resize(10, 4);
        parts.resize(10, 4);
        const std::size_t events = proj.propagate(spikes, 5, whole);
        // Three parts, one of them empty (a small population on many threads).
        const std::vector<int> bounds{0, 3, 3, 10};
        CHECK_FALSE(proj.split_matches(bounds));
        const std::size_t bytes = proj.memory_bytes();
        proj.split_targets(bounds);
        CHECK(proj.split_matches(bounds));
        // The split is the threads' working data, not synapse storage: the reported bytes (and
        // so every result file) stay the same for any thread count.
        CHECK(proj.memory_bytes() == bytes);
        std::size_t split_events = 0;
        for (int t = 0; t < 3; ++t) split_events += proj.propagate_part(spikes, 5, parts, t);
        CHECK(split_events == events);
        for (std::int64_t s = 5; s < 9; ++s) {
          CHECK(std::memcmp(whole.inh(s), parts.inh(s), 10 * sizeof(float)) == 0);
          CHECK(std::memcmp(whole.exc(s), parts.exc(s), 10 * sizeof(float)) == 0);
        }
        // A new structure (growth, a restore) makes the split stale.
        proj.set_structure({0, 1, 2, 3}, {9, 0, 4});
        for (float& x : proj.weights()) x = 0.5f;
        CHECK_FALSE(proj.split_matches(bounds));
        proj.split_targets(bounds);
        InputRing after;
        after.resize(10, 2);
        // Rows 0, 1, 2 reach neurons 9, 0, 4: two of them lie in part 2, [3, 10).
        CHECK(proj.propagate_part(std::vector<int>{0, 1, 2}, 0, after, 2) == 2);
        CHECK(after.inh(1)[0] == 0.0f);
        CHECK(after.inh(1)[9] == 0.9f * 0.5f);
        proj.split_targets({});
        CHECK_FALSE(proj.split_matches(bounds));
      }
    }
  }

  TEST_CASE("propagate_part: runs of 255 synapses packed in a word, of 256 kept as pairs, both as propagate adds") {
    // Row 0 has a run of `longest` synapses in part 0 and one of 7 in part 1; row 1 a run of 3
    // in part 0. A run's length has 8 bits in the packed form: 256 does not fit, 255 does.
    for (const int longest : {255, 256}) {
      INFO("longest run " << longest);
      const int post = 600;
      std::vector<std::int32_t> col;
      for (int j = 0; j < longest; ++j) col.push_back(j);
      for (int j = 0; j < 7; ++j) col.push_back(400 + 13 * j);
      col.insert(col.end(), {5, 17, 299});
      const std::int64_t first_row = longest + 7;
      Projection proj("p", 0, 0, 2, post, Receptor::Excitatory);
      proj.set_structure({0, first_row, first_row + 3}, col);
      auto w = proj.weights();
      for (std::size_t k = 0; k < w.size(); ++k) w[k] = 0.01f * static_cast<float>(k % 17) - 0.05f;
      const std::vector<int> spikes{0, 1, 0};
      InputRing whole, parts;
      whole.resize(post, 2);
      parts.resize(post, 2);
      const std::size_t events = proj.propagate(spikes, 0, whole);
      proj.split_targets(std::vector<int>{0, 300, post});
      std::size_t split_events = 0;
      for (int t = 0; t < 2; ++t) {
        proj.ask_for_bounds(spikes, t);
        proj.ask_for_rows(spikes, t);
        split_events += proj.propagate_part(spikes, 0, parts, t);
      }
      CHECK(split_events == events);
      CHECK(events == static_cast<std::size_t>(2 * (longest + 7) + 3));
      CHECK(std::memcmp(whole.exc(1), parts.exc(1), post * sizeof(float)) == 0);
    }
  }
}

}  // namespace neurosim
