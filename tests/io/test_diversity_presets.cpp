// The neuron-diversity presets keep their promises: adex-patterns shows the eight firing classes
// of Naud, Marcille, Clopath & Gerstner 2008 (Biol. Cybern. 99:335, Fig. 4), cell-types one
// neuron per cell type with the rates its table entry states, and brain-regions an E/I network
// in which inhibition holds the excitatory rate down, asynchronously. The pattern criteria follow
// Naud et al.'s classification (first-spike latency, initial burst, steady state) and their
// adaptation index, A = mean_k (ISI_{k+1} - ISI_k) / (ISI_{k+1} + ISI_k).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/spec_helpers.hpp"
#include "engine/spike_stats.hpp"
#include "io/preset_helpers.hpp"
#include "neurosim/cell_types.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;
using test::adaptation_index;
using test::cv;
using test::intervals;
using test::load_preset;

namespace {

void run_ms(Network& net, double ms) { net.run(static_cast<std::int64_t>(std::lround(ms / net.dt()))); }

// Spike times (ms) of neuron 0 of a population, relative to `t0`.
std::vector<double> spikes_of(const Network& net, int population, double t0 = 0.0) {
  std::vector<double> t;
  for (const auto& e : net.spikes().all())
    if (e.population == population && e.neuron == 0) t.push_back(static_cast<double>(e.step + 1) * net.dt() - t0);
  return t;
}

const std::map<std::string, std::string> kPatternOf{
    {"tonic", "tonic"},
    {"adapting", "adapting"},
    {"init-burst", "initial burst"},
    {"bursting", "regular bursting"},
    {"delay-accel", "delayed accelerating"},
    {"delay-burst", "delayed regular bursting"},
    {"transient", "transient"},
    {"irregular", "irregular"},
};

}  // namespace

TEST_SUITE("diversity presets") {
  TEST_CASE("adex-patterns, cell-types and brain-regions load cleanly, cite their sources and round-trip") {
    for (const char* name : {"adex-patterns", "cell-types", "brain-regions", "brain-regions-cerebellum", "brain-regions-brainstem"}) {
      INFO(name);
      const ScenarioSpec spec = load_preset(name);
      CHECK(spec.name == name);
      CHECK(spec.description.find('\n') != std::string::npos);  // a summary line, then the details
      CHECK(spec.description.find("20") != std::string::npos);   // a publication year at least
      const std::string json = io::scenario_to_json(spec);
      const auto again = io::parse_scenario(json, std::string(name) + " (written)");
      REQUIRE(again.spec);
      CHECK(io::scenario_to_json(*again.spec) == json);
      CHECK(check_scenario(spec).empty());
    }
  }

  TEST_CASE("adex-patterns: Naud et al.'s parameters, and each neuron fires in its class's way") {
    const ScenarioSpec spec = load_preset("adex-patterns");
    REQUIRE(spec.populations.size() == 8);
    constexpr double kOnset = 50.0;
    // The preset's numbers are the engine's table (cell_types.cpp), which cites the source.
    for (const PopulationSpec& p : spec.populations) {
      INFO(p.name);
      REQUIRE(kPatternOf.count(p.name) == 1);
      const FiringPattern* pattern = find_firing_pattern(kPatternOf.at(p.name));
      REQUIRE(pattern != nullptr);
      CHECK(p.model == "adex");
      CHECK(p.size == 1);
      for (const ParamValue& v : pattern->params) {
        INFO(v.name);
        REQUIRE(p.params.count(std::string(v.name)) == 1);
        CHECK(p.params.at(std::string(v.name)).mean() == v.value);
      }
      const auto stim = std::find_if(spec.stimuli.begin(), spec.stimuli.end(),
                                     [&](const StimulusSpec& s) { return s.population == p.name; });
      REQUIRE(stim != spec.stimuli.end());
      CHECK(stim->amplitude == pattern->current);
      CHECK(stim->start_ms == kOnset);
      CHECK(stim->noise_sd == 0.0);
    }

    auto net = test::build(spec);
    run_ms(*net, kOnset + 1000.0);
    const auto index = [&](const char* name) { return spec.population_index(name); };
    for (int p = 0; p < net->population_count(); ++p) {
      INFO(net->population(p).name());
      for (const double t : spikes_of(*net, p)) CHECK(t > kOnset);  // silent at rest before the step
    }
    SUBCASE("tonic: regular from the second interval on, positive-free adaptation index") {
      const auto t = spikes_of(*net, index("tonic"), kOnset);
      REQUIRE(t.size() >= 80);
      const auto isi = intervals(t);
      CHECK(cv(std::vector<double>(isi.begin() + 5, isi.end())) < 0.01);
      CHECK(std::fabs(adaptation_index(std::vector<double>(isi.begin() + 5, isi.end()))) < 0.002);
    }
    SUBCASE("adapting: intervals lengthen, adaptation index clearly positive") {
      const auto isi = intervals(spikes_of(*net, index("adapting"), kOnset));
      REQUIRE(isi.size() >= 8);
      CHECK(adaptation_index(isi) > 0.04);
      CHECK(isi.back() > 5.0 * isi.front());
    }
    SUBCASE("initial burst: no latency, two short intervals, then tonic") {
      const auto t = spikes_of(*net, index("init-burst"), kOnset);
      const auto isi = intervals(t);
      REQUIRE(isi.size() >= 8);
      CHECK(t.front() < 10.0);
      CHECK(isi[0] < 0.2 * isi.back());
      CHECK(isi[1] < 0.2 * isi.back());
      CHECK(cv(std::vector<double>(isi.begin() + 4, isi.end())) < 0.01);
    }
    SUBCASE("regular bursting: intervals either short (within a burst) or long (between bursts)") {
      const auto isi = intervals(spikes_of(*net, index("bursting"), kOnset));
      const auto shorter = std::count_if(isi.begin(), isi.end(), [](double x) { return x < 10.0; });
      const auto longer = std::count_if(isi.begin(), isi.end(), [](double x) { return x > 100.0; });
      CHECK(shorter >= 5);
      CHECK(longer >= 5);
      CHECK(shorter + longer == static_cast<std::ptrdiff_t>(isi.size()));
    }
    SUBCASE("delayed accelerating: long first-spike latency, adaptation index negative") {
      const auto t = spikes_of(*net, index("delay-accel"), kOnset);
      const auto isi = intervals(t);
      REQUIRE(isi.size() >= 20);
      CHECK(t.front() > 25.0);
      CHECK(adaptation_index(isi) < -0.003);
      CHECK(isi.back() < 0.6 * isi.front());
    }
    SUBCASE("delayed regular bursting: long latency, then bursts") {
      const auto t = spikes_of(*net, index("delay-burst"), kOnset);
      REQUIRE_FALSE(t.empty());
      CHECK(t.front() > 40.0);
      const auto isi = intervals(t);
      const auto shorter = std::count_if(isi.begin(), isi.end(), [](double x) { return x < 10.0; });
      const auto longer = std::count_if(isi.begin(), isi.end(), [](double x) { return x > 40.0; });
      CHECK(shorter >= 10);
      CHECK(longer >= 5);
      CHECK(shorter + longer == static_cast<std::ptrdiff_t>(isi.size()));
    }
    SUBCASE("transient: a few spikes at the onset, then silence under the same current") {
      const auto t = spikes_of(*net, index("transient"), kOnset);
      REQUIRE_FALSE(t.empty());
      CHECK(t.size() <= 3);
      CHECK(t.back() < 100.0);
    }
    SUBCASE("irregular: intervals of many lengths, neither tonic nor bursting") {
      const auto isi = intervals(spikes_of(*net, index("irregular"), kOnset));
      REQUIRE(isi.size() >= 30);
      const std::vector<double> late(isi.begin() + 3, isi.end());
      CHECK(cv(late) > 0.4);
      const auto middle = std::count_if(late.begin(), late.end(), [](double x) { return x > 12.0 && x < 30.0; });
      CHECK(middle >= static_cast<std::ptrdiff_t>(late.size() / 4));
      CHECK(*std::min_element(late.begin(), late.end()) > 5.0);
    }
  }

  TEST_CASE("cell-types: the table's parameters, silent before the step, each type firing its way after it") {
    const ScenarioSpec spec = load_preset("cell-types");
    REQUIRE(spec.populations.size() == cell_types().size());
    constexpr double kOnset = 100.0;
    for (const CellType& c : cell_types()) {
      INFO(c.name);
      const int p = spec.population_index(std::string(c.name));
      REQUIRE(p >= 0);
      const PopulationSpec& pop = spec.populations[static_cast<std::size_t>(p)];
      CHECK(pop.model == c.model);
      for (const ParamValue& v : c.params) {
        INFO(v.name);
        REQUIRE(pop.params.count(std::string(v.name)) == 1);
        CHECK(pop.params.at(std::string(v.name)).mean() == v.value);
      }
      const auto stim = std::find_if(spec.stimuli.begin(), spec.stimuli.end(),
                                     [&](const StimulusSpec& s) { return s.population == pop.name; });
      REQUIRE(stim != spec.stimuli.end());
      CHECK(stim->amplitude == c.drive);
      CHECK(stim->start_ms == kOnset);  // the same step in time for every type
    }
    auto net = test::build(spec);
    run_ms(*net, kOnset + 1000.0);
    const auto rate_late = [&](const char* name) {  // Hz over the last 500 ms
      const auto t = spikes_of(*net, spec.population_index(name));
      return 2.0 * static_cast<double>(std::count_if(t.begin(), t.end(), [&](double x) { return x > kOnset + 500.0; }));
    };
    for (int p = 0; p < net->population_count(); ++p) {
      INFO(net->population(p).name());
      const auto t = spikes_of(*net, p);
      REQUIRE(t.size() >= 5);
      CHECK(t.front() > kOnset);
    }
    // The rates the table's notes state (cell_types.cpp).
    CHECK(rate_late("Pyramidal") == doctest::Approx(28.0).epsilon(0.15));
    CHECK(rate_late("Granule") == doctest::Approx(125.0).epsilon(0.1));
    // Adapting types slow down; the fast-spiking interneuron hardly does.
    // (Brette & Gerstner's pyramidal cell adapts within a few spikes and then fires regularly, so its
    // index, a mean over all intervals, is small but positive.)
    const auto pyr = intervals(spikes_of(*net, spec.population_index("Pyramidal")));
    REQUIRE(pyr.size() >= 10);
    CHECK(adaptation_index(pyr) > 0.01);
    CHECK(pyr.back() > 2.0 * pyr.front());
    CHECK(adaptation_index(intervals(spikes_of(*net, spec.population_index("Motor")))) > 0.04);
    CHECK(std::fabs(adaptation_index(intervals(spikes_of(*net, spec.population_index("Interneuron"))))) < 0.02);
    CHECK(rate_late("Interneuron") > rate_late("Pyramidal"));
  }

  TEST_CASE("brain-regions: E and I both fire, I above E, asynchronously; without inhibition E runs away") {
    const ScenarioSpec spec = load_preset("brain-regions");
    const int e = spec.population_index("pyramidal"), i = spec.population_index("interneuron");
    REQUIRE(e >= 0);
    REQUIRE(i >= 0);
    // Rates over 1..3 s, and the coefficient of variation of the E population's spike count in
    // 5 ms bins (Poisson-like asynchronous firing: well below 1; synchronous volleys: above 1).
    struct Result {
      double e_hz, i_hz, e_sync, e_peak_hz;
    };
    const auto measure = [&](const ScenarioSpec& s) {
      BuildOptions options;
      auto built = build_network(s, options);
      REQUIRE(built.network);
      Network& net = *built.network;
      run_ms(net, 1000.0);
      const auto e0 = net.total_spikes(e), i0 = net.total_spikes(i);
      std::vector<double> bins;
      auto last = e0;
      const auto steps = static_cast<std::int64_t>(std::lround(5.0 / net.dt()));
      for (int b = 0; b < 400; ++b) {
        net.run(steps);
        bins.push_back(static_cast<double>(net.total_spikes(e) - last));
        last = net.total_spikes(e);
      }
      const double ne = net.population(e).size(), ni = net.population(i).size();
      const double peak = *std::max_element(bins.begin(), bins.end()) / ne / 0.005;
      return Result{static_cast<double>(net.total_spikes(e) - e0) / ne / 2.0,
                    static_cast<double>(net.total_spikes(i) - i0) / ni / 2.0, cv(bins), peak};
    };
    const Result balanced = measure(spec);
    INFO("E " << balanced.e_hz << " Hz, I " << balanced.i_hz << " Hz, CV " << balanced.e_sync << ", peak "
              << balanced.e_peak_hz << " Hz");
    CHECK(balanced.e_hz > 3.0);
    CHECK(balanced.e_hz < 15.0);
    CHECK(balanced.i_hz > 8.0);             // the floor: inhibition is active
    CHECK(balanced.i_hz > 1.3 * balanced.e_hz);
    CHECK(balanced.e_sync < 0.9);           // asynchronous
    CHECK(balanced.e_peak_hz < 100.0);      // no runaway volley

    ScenarioSpec unbalanced = spec;
    bool removed = false;
    for (ProjectionSpec& p : unbalanced.projections)
      if (p.pre == "interneuron" && p.post == "pyramidal") {
        p.weight = Distribution::constant(0.0);
        removed = true;
      }
    REQUIRE(removed);
    const Result runaway = measure(unbalanced);
    INFO("without inhibition: E " << runaway.e_hz << " Hz, CV " << runaway.e_sync);
    CHECK(runaway.e_hz > 2.5 * balanced.e_hz);
    CHECK(runaway.e_sync > balanced.e_sync);
  }
}

// The three brain regions of the region table (cell_types.cpp), each a preset: the preset's
// populations are the region's members with their cell types' parameters, fractions and drives,
// and each network keeps its promise that inhibition visibly holds excitation down.
namespace {
// Excitatory: a simulated population whose outgoing projections all have positive weights.
std::vector<int> excitatory(const ScenarioSpec& spec, bool want_excitatory) {
    std::vector<int> out;
    for (int p = 0; p < static_cast<int>(spec.populations.size()); ++p) {
      if (spec.populations[static_cast<std::size_t>(p)].model == "poisson") continue;
      bool any = false, all_positive = true;
      for (const ProjectionSpec& j : spec.projections)
        if (j.pre == spec.populations[static_cast<std::size_t>(p)].name) {
          any = true;
          all_positive = all_positive && j.weight.mean() > 0.0;
        }
      if ((any && all_positive) == want_excitatory) out.push_back(p);
    }
    return out;
}
}  // namespace

TEST_SUITE("brain regions") {
  TEST_CASE("each region's preset is its table entry: cell types, fractions and drives") {
    REQUIRE(brain_regions().size() == 3);
    for (const BrainRegion& region : brain_regions()) {
      INFO(region.name);
      CHECK(find_brain_region_by_preset(region.preset) == &region);
      const ScenarioSpec spec = load_preset(std::string(region.preset).c_str());
      CHECK(spec.name == region.preset);
      int simulated = 0;
      for (const PopulationSpec& p : spec.populations) simulated += p.model == "poisson" ? 0 : p.size;
      CHECK(static_cast<std::size_t>(std::count_if(spec.populations.begin(), spec.populations.end(), [](const PopulationSpec& p) {
              return p.model != "poisson";
            })) == region.members.size());
      for (const RegionMember& m : region.members) {
        INFO(m.cell_type);
        const CellType* type = find_cell_type(m.cell_type);
        REQUIRE(type != nullptr);
        const int index = spec.population_index(region_population_name(m.cell_type));
        REQUIRE(index >= 0);
        const PopulationSpec& pop = spec.populations[static_cast<std::size_t>(index)];
        CHECK(pop.model == type->model);
        for (const ParamValue& v : type->params) {
          INFO(v.name);
          // The cell type's values, except a refractory time the network adds to AdEx cells
          // (Naud's and Brette & Gerstner's sets have none; 2 ms keeps recurrent volleys finite).
          if (v.name == "t_ref" && type->model == "adex") continue;
          REQUIRE(pop.params.count(std::string(v.name)) == 1);
          CHECK(pop.params.at(std::string(v.name)).mean() == v.value);
        }
        CHECK(std::abs(pop.size - m.fraction * simulated) < 1.0);
        const auto stim = std::find_if(spec.stimuli.begin(), spec.stimuli.end(),
                                       [&](const StimulusSpec& s) { return s.population == pop.name; });
        REQUIRE(stim != spec.stimuli.end());
        CHECK(stim->amplitude == m.drive_mean);
        CHECK(stim->noise_sd == m.drive_sd);
      }
    }
  }

  TEST_CASE("each region: E and I fire at sane rates, and without inhibition onto E the E rate rises markedly") {
    // Measured with seed 7 over 1..3 s (E = every excitatory population pooled):
    //   Cortex      E 7.6 Hz, I 14 Hz;  inhibition onto E removed: E 28 Hz (x3.7)
    //   Cerebellum  granule 9.2 Hz, Golgi 25 Hz, Purkinje 42 Hz;  removed: granule 135 Hz (x15)
    //   Brainstem   sensory 7.1 Hz, motor 4.7 Hz (E 5.9 Hz), interneurons 19 Hz;  removed: sensory
    //               10.4 Hz, motor 16.6 Hz (E 13.5 Hz, x2.3; the Izhikevich sensory cells rebound
    //               after inhibition, so it lowers their rate less than the AdEx motor neurons')
    // The thresholds below sit well inside these figures but fail for a network whose inhibition
    // does not act (ratio near 1) or which runs away or falls silent.
    const std::map<std::string, double> kMinRatio{{"Cortex", 2.5}, {"Cerebellum", 5.0}, {"Brainstem", 1.7}};
    for (const BrainRegion& region : brain_regions()) {
      INFO(region.name);
      const ScenarioSpec spec = load_preset(std::string(region.preset).c_str());
      const auto e_pops = excitatory(spec, true), i_pops = excitatory(spec, false);
      REQUIRE_FALSE(e_pops.empty());
      REQUIRE_FALSE(i_pops.empty());
      const auto rates = [&](const ScenarioSpec& s) {
        auto built = build_network(s, BuildOptions{});
        REQUIRE(built.network);
        Network& net = *built.network;
        run_ms(net, 1000.0);
        std::vector<std::uint64_t> before;
        for (int p = 0; p < net.population_count(); ++p) before.push_back(net.total_spikes(p));
        run_ms(net, 2000.0);
        std::vector<double> hz;
        for (int p = 0; p < net.population_count(); ++p)
          hz.push_back(static_cast<double>(net.total_spikes(p) - before[static_cast<std::size_t>(p)]) /
                       net.population(p).size() / 2.0);
        double e_spikes = 0.0, e_neurons = 0.0;
        for (const int p : e_pops) {
          e_spikes += hz[static_cast<std::size_t>(p)] * net.population(p).size();
          e_neurons += net.population(p).size();
        }
        hz.push_back(e_spikes / e_neurons);  // the pooled E rate last
        return hz;
      };
      const auto balanced = rates(spec);
      const double e_hz = balanced.back();
      for (const int p : e_pops) {
        INFO("E " << spec.populations[static_cast<std::size_t>(p)].name << " " << balanced[static_cast<std::size_t>(p)] << " Hz");
        CHECK(balanced[static_cast<std::size_t>(p)] > 2.0);
        CHECK(balanced[static_cast<std::size_t>(p)] < 20.0);
      }
      for (const int p : i_pops) {
        INFO("I " << spec.populations[static_cast<std::size_t>(p)].name << " " << balanced[static_cast<std::size_t>(p)] << " Hz");
        CHECK(balanced[static_cast<std::size_t>(p)] > 5.0);
        CHECK(balanced[static_cast<std::size_t>(p)] < 80.0);
      }
      ScenarioSpec open_loop = spec;
      int removed = 0;
      for (ProjectionSpec& j : open_loop.projections) {
        const int post = spec.population_index(j.post);
        if (j.weight.mean() < 0.0 && std::find(e_pops.begin(), e_pops.end(), post) != e_pops.end()) {
          j.weight = Distribution::constant(0.0);
          ++removed;
        }
      }
      REQUIRE(removed > 0);
      const double runaway = rates(open_loop).back();
      INFO("E " << e_hz << " Hz with inhibition, " << runaway << " Hz without");
      CHECK(runaway > kMinRatio.at(std::string(region.name)) * e_hz);
    }
  }
}
