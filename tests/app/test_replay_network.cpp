// The window's replay (app/gui/shell/replay_network.cpp, engine ReplaySource): the network plays every
// recorded spike in its step, nothing else, and plays them again the same after a reset.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "gui/shell/replay_network.hpp"
#include "neurosim/io/scenario_json.hpp"

namespace {

namespace fs = std::filesystem;
using Fired = std::set<std::tuple<std::int64_t, std::string, int>>;  // (step, population, neuron)

Fired play(neurosim::Network& net, std::int64_t steps) {
  Fired out;
  for (std::int64_t k = 0; k < steps; ++k) {
    const std::int64_t step = net.step_index();
    net.step();
    for (int p = 0; p < net.population_count(); ++p)
      for (int n : net.last_spikes(p)) out.insert({step, net.population(p).name(), n});
  }
  return out;
}

}  // namespace

TEST_SUITE("app: replay") {
  TEST_CASE("a replayed spikes.csv fires each recorded spike in its step, again after a reset") {
    const fs::path dir = fs::temp_directory_path() / ("neurosim-test-gui-replay-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    // Out of order, two populations; neuron ids as a run writes them.
    std::ofstream(dir / "spikes.csv") << "t_ms,population,neuron\n2.5,exc,3\n0.1,exc,0\n0.1,inh,1\n7,exc,3\n2.5,exc,1\n";
    neurosim::gui::ReplayNetwork r = neurosim::gui::build_replay_network({(dir / "spikes.csv").string()}, "");
    REQUIRE_MESSAGE(r.network, r.error);
    CHECK(r.spikes == 5);
    CHECK(r.duration_ms == doctest::Approx(100.0));  // the last spike, rounded up to a report interval
    // Without a scenario each population's ids are numbered from 0 in id order: exc 0,1,3 -> 0,1,2.
    const Fired expected{{1, "exc", 0}, {1, "inh", 0}, {25, "exc", 1}, {25, "exc", 2}, {70, "exc", 2}};
    CHECK(play(*r.network, 100) == expected);
    REQUIRE(r.network->submit(neurosim::ResetNetwork{}).empty());
    r.network->apply_pending_commands();
    CHECK(play(*r.network, 100) == expected);
    // A jump (as the scrub slider makes): from step 30 on only the later spike remains.
    REQUIRE(r.network->submit(neurosim::ResetNetwork{}).empty());
    r.network->apply_pending_commands();
    r.network->run(30);
    const Fired later = play(*r.network, 70);
    CHECK(later == Fired{{70, "exc", 2}});
    fs::remove_all(dir);
  }

  TEST_CASE("a replay onto a scenario keeps its populations and sizes; a bad file is named") {
    const fs::path data = fs::path(NEUROSIM_REPLAY_TEST_DATA);
    neurosim::gui::ReplayNetwork r = neurosim::gui::build_replay_network({(data / "good_sonata.h5").string()}, "default");
    REQUIRE_MESSAGE(r.network, r.error);
    const auto spec = neurosim::io::load_scenario("default", {false, ""});
    REQUIRE(spec.spec);
    REQUIRE(r.network->population_count() == static_cast<int>(spec.spec->populations.size()));
    for (int p = 0; p < r.network->population_count(); ++p) {
      CHECK(r.network->population(p).name() == spec.spec->populations[static_cast<std::size_t>(p)].name);
      CHECK(r.network->population(p).size() == spec.spec->populations[static_cast<std::size_t>(p)].size);
    }
    neurosim::gui::ReplayNetwork bad = neurosim::gui::build_replay_network({(data / "bad_time-3-0.dat").string()}, "");
    CHECK_FALSE(bad.network);
    CHECK(bad.error.find("bad_time-3-0.dat:4: not a time in ms") != std::string::npos);
  }
}
