// Checkpoints (checkpoint.hpp, io/state_file.hpp): a run cut in two, its state saved at the cut
// and restored into a network built afresh, gives the spikes and weights of the run that never
// stopped, bit for bit; so does a rewind of the same network. Every neuron model of the
// registry, every learning rule and every experiment task (pattern, classification, reward) is
// cut, some in the middle of a growth or a test phase. The reference is the uninterrupted run
// itself: the whole state at the end (every visited variable) must be equal byte for byte, and
// every spike after the cut. State files of another scenario, version or damaged ones are
// refused with the reason.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "io/preset_helpers.hpp"
#include "io/temp_files.hpp"
#include "neurosim/checkpoint.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/state_file.hpp"
#include "neurosim/model_registry.hpp"
#include "neurosim/network.hpp"
#include "neurosim/plasticity.hpp"

using namespace neurosim;

namespace {

using Spike = std::tuple<std::int64_t, int, int>;  // step, population, neuron

// A network and, for scenarios with one, the experiment that drives it.
struct Run {
  std::unique_ptr<Network> net;
  std::unique_ptr<Experiment> experiment;
  std::vector<Spike> spikes;  // recorded by step_to

  Run(const ScenarioSpec& spec, std::shared_ptr<const ImageSet> test_set) {
    BuildResult built = build_network(spec);
    for (const auto& e : built.errors) FAIL_CHECK(e.text());
    REQUIRE(built.network);
    net = std::move(built.network);
    if (spec.experiment) {
      experiment = std::make_unique<Experiment>(*net);
      if (test_set) experiment->set_test_images(std::move(test_set));
    }
  }
  // Steps up to `step` (or the end of the experiment), keeping the spikes.
  void step_to(std::int64_t step) {
    while (net->step_index() < step && !(experiment && experiment->done())) {
      if (experiment) experiment->step();
      else net->step();
      for (int p = 0; p < net->population_count(); ++p)
        for (const int i : net->last_spikes(p)) spikes.emplace_back(net->step_index() - 1, p, i);
    }
  }
  Checkpoint capture() const { return neurosim::capture(*net, experiment.get()); }
};

std::vector<float> all_weights(const Network& net) {
  std::vector<float> w;
  for (int j = 0; j < net.projection_count(); ++j) w.insert(w.end(), net.projection(j).weights().begin(), net.projection(j).weights().end());
  return w;
}

// Where two states first differ: the section holding the first differing byte.
// GCC 12, inlining the state writer's first append into the empty vector, warns of a write into
// a region of size 0 (-Wstringop-overflow), a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
std::string first_difference(const Network& net, const Experiment* x, const std::vector<std::byte>& a, const std::vector<std::byte>& b) {
  std::size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  if (at == a.size() && at == b.size()) return "equal";
  std::vector<std::byte> out;
  std::vector<std::pair<std::string, std::size_t>> sections;
  StateVisitor v = StateVisitor::writer(out);
  v.note_sections(&sections);
  std::uint32_t begin = 0x4E535431;
  v.value(begin);
  bool has = x != nullptr;
  v.value(has);
  if (x) const_cast<Experiment*>(x)->visit_state(v);
  const_cast<Network&>(net).visit_state(v);
  std::string where = "before any section";
  for (const auto& [name, pos] : sections)
    if (pos <= at) where = name + " (from byte " + std::to_string(pos) + ")";
  return "byte " + std::to_string(at) + " of " + std::to_string(a.size()) + "/" + std::to_string(b.size()) + " in " + where;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

struct SplitResult {
  std::size_t spikes_after_cut = 0;
  std::vector<std::size_t> per_population;  // spikes after the cut
  bool weights_changed = false;  // learning happened after the cut
};

// The run of `total` steps against the same run saved at `cut` and continued: in a new network
// (from bytes, or through a state file when `file` is given), and in the first one rewound.
SplitResult check_split(const ScenarioSpec& spec, std::int64_t cut, std::int64_t total, std::shared_ptr<const ImageSet> test_set = nullptr,
                        const std::filesystem::path& file = {}) {
  Run whole(spec, test_set);
  whole.step_to(cut);
  const std::vector<float> weights_at_cut = all_weights(*whole.net);
  const std::size_t before = whole.spikes.size();
  whole.step_to(total);
  const std::vector<Spike> reference(whole.spikes.begin() + static_cast<std::ptrdiff_t>(before), whole.spikes.end());
  const Checkpoint end_state = whole.capture();

  Run first(spec, test_set);
  first.step_to(cut);
  Checkpoint saved = first.capture();
  CHECK(saved.step == cut);
  if (!file.empty()) {
    io::write_state_file(file, saved, spec, "test", io::Replace::Allowed);
    io::StateFileRead read = io::read_state_file(file, spec, "test");
    REQUIRE_MESSAGE(read.error.empty(), read.error);
    CHECK(read.checkpoint.state == saved.state);
    saved = std::move(read.checkpoint);
  }

  Run second(spec, test_set);
  std::string error = restore(*second.net, second.experiment.get(), saved);
  REQUIRE_MESSAGE(error.empty(), error);
  CHECK(second.net->step_index() == cut);
  second.step_to(total);
  CHECK(second.net->step_index() == whole.net->step_index());
  CHECK(second.spikes.size() == reference.size());
  CHECK(second.spikes == reference);
  CHECK(same_bits(all_weights(*second.net), all_weights(*whole.net)));
  // Every variable that a checkpoint holds, equal after the continued run.
  CHECK_MESSAGE(second.capture().state == end_state.state, first_difference(*second.net, second.experiment.get(), second.capture().state, end_state.state));

  // A rewind: the first network runs on, goes back to the cut and runs the same steps again.
  first.step_to(total);
  first.spikes.clear();
  error = restore(*first.net, first.experiment.get(), saved);
  REQUIRE_MESSAGE(error.empty(), error);
  first.step_to(total);
  CHECK(first.spikes == reference);
  CHECK_MESSAGE(first.capture().state == end_state.state, first_difference(*first.net, first.experiment.get(), first.capture().state, end_state.state));

  SplitResult r{reference.size(), std::vector<std::size_t>(static_cast<std::size_t>(whole.net->population_count())),
                !same_bits(weights_at_cut, all_weights(*whole.net))};
  for (const Spike& s : reference) ++r.per_population[static_cast<std::size_t>(std::get<1>(s))];
  return r;
}

// Poisson input onto 20 neurons of `model` (per-synapse delays, STDP), recurrent inhibition, a
// noisy current: everything that carries state from step to step in a small network.
ScenarioSpec model_scenario(const std::string& model, double weight, double current) {
  using test::population;
  using test::projection;
  ScenarioSpec spec = test::scenario(0.1, {population("in", "poisson", 40, {{"rate", Distribution::constant(40.0)}}), population("n", model, 20)});
  spec.seed = 7;
  ProjectionSpec in = projection("in", "n", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(0.5 * weight, weight),
                                 Distribution::uniform(0.5, 3.0));
  in.connectivity.p = 0.5;
  in.receptor = Receptor::Excitatory;
  in.plasticity = PlasticitySpec{"stdp", {{"w_max", 2.0 * weight}}};
  spec.projections.push_back(in);
  ProjectionSpec rec = projection("n", "n", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(-0.3 * weight), Distribution::constant(2.0));
  rec.connectivity.p = 0.2;
  rec.receptor = Receptor::Inhibitory;
  spec.projections.push_back(rec);
  StimulusSpec s = test::current("n", current);
  s.noise_sd = 0.5 * current;
  spec.stimuli.push_back(s);
  return spec;
}

// The model's scenario with its drive scaled up (from a weight and current that suit the
// current-based LIF, in pA) until its neurons fire: the models' units differ (mV jumps, nS,
// uA/cm2), and a test of a silent population would compare little.
ScenarioSpec firing_scenario(const std::string& model) {
  for (double scale = 1.0 / 64; scale <= 64; scale *= 2) {
    ScenarioSpec spec = model_scenario(model, 200.0 * scale, 300.0 * scale);
    BuildResult built = build_network(spec);
    REQUIRE(built.network);
    built.network->run(600);
    if (built.network->total_spikes(1) >= 40 && built.network->total_spikes(1) < 2000) return spec;
  }
  FAIL("no drive makes model " << model << " fire");
  return {};
}

}  // namespace

TEST_SUITE("checkpoint") {
  TEST_CASE("every neuron model: a run saved and continued equals the uninterrupted run, bit for bit") {
    for (const std::string& model : model_names()) {
      if (model == "poisson" || model == "pattern" || model == "file" || model == "images") continue;  // sources: next test
      INFO("model " << model);
      const SplitResult r = check_split(firing_scenario(model), 250, 600);
      MESSAGE(model << ": " << r.per_population[1] << " spikes of the model's neurons after the cut");
      CHECK(r.per_population[1] > 10);  // the neurons fire: the test compares something
    }
  }

  TEST_CASE("every spike source: Poisson wheels, pattern windows, file and image play positions") {
    SUBCASE("poisson") { CHECK(check_split(model_scenario("lif", 200.0, 300.0), 333, 700).spikes_after_cut > 20); }
    SUBCASE("pattern") {
      ScenarioSpec spec = test::pattern_task(3, 1, 1000.0, 0.0);
      spec.experiment.reset();
      CHECK(check_split(spec, 1234, 2500).spikes_after_cut > 100);
    }
    SUBCASE("file") {
      ScenarioSpec spec = test::load_preset("file-input");
      CHECK(check_split(spec, 2345, 5000).spikes_after_cut > 10);
    }
    SUBCASE("images") {
      ScenarioSpec spec = test::load_preset("mnist-input");
      spec.populations[1].size = 20;
      CHECK(check_split(spec, 4321, 9000).spikes_after_cut > 10);
    }
  }

  TEST_CASE("every learning rule keeps its traces across a save: the weights learned equal those of one run") {
    for (const std::string& rule : plasticity_rules()) {
      INFO("rule " << rule);
      if (rule == "rstdp") {
        // Izhikevich 2007's reward: the rstdp preset's task (eligibility, dopamine, rewards
        // on their way) on 200 inputs.
        ScenarioSpec spec = test::load_preset("rstdp");
        spec.reward->delay_ms = Distribution::uniform(5.0, 30.0);
        spec.reward->window_ms = 500.0;  // rewards within the few seconds run here
        const SplitResult r = check_split(spec, 3000, 8000);
        MESSAGE("rstdp: " << r.per_population[1] << " spikes of the neuron after the cut");
        CHECK(r.per_population[1] > 10);
        CHECK(r.weights_changed);
        continue;
      }
      if (rule == "rstdp_first_spike") continue;  // learns from the experiment's decisions: the reward-task test below
      for (const int pairing : {0, 1, 2}) {
        INFO("pairing " << pairing);
        ScenarioSpec spec = model_scenario("lif", 200.0, 300.0);
        spec.projections[0].plasticity = PlasticitySpec{rule, {{"w_max", 400.0}}};
        if (rule == "stdp") {
          spec.projections[0].plasticity->params["pairing"] = pairing;
          spec.projections[0].plasticity->params["multiplicative"] = pairing == 1 ? 1.0 : 0.0;
        } else if (pairing > 0) {
          break;
        }
        const SplitResult r = check_split(spec, 250, 600);
        CHECK(r.spikes_after_cut > 20);
        CHECK(r.weights_changed);
      }
    }
  }

  TEST_CASE("pattern detection: scores, windows and learning phases carry on") {
    // Cut inside the first epoch's training and inside the evaluation that follows.
    ScenarioSpec spec = test::pattern_task(2, 2, 600.0, 400.0);
    check_split(spec, 3001, 20000);
    check_split(spec, 7777, 20000);
    // At the end of the first training phase: the command that switches learning off for the
    // evaluation is waiting to be applied, and is saved with the state.
    Run at_boundary(spec, nullptr);
    at_boundary.step_to(6000);
    CHECK(at_boundary.net->has_pending_commands());
    check_split(spec, 6000, 20000);
    Run whole(spec, nullptr);
    whole.step_to(20000);
    CHECK(whole.experiment->done());
  }

  TEST_CASE("pattern detection with growth: a state saved before the network grew restores into it and after") {
    ScenarioSpec spec = test::load_preset("masquelier2009-grow");
    spec.populations[0].size = 300;
    spec.experiment->epochs = 3;
    spec.experiment->epoch_ms = 150.0;
    spec.experiment->final_window_ms = 0;
    spec.experiment->grow[0].after_epoch = 1;
    // Before the growth (the state holds two neurons) and after it (three).
    const SplitResult before = check_split(spec, 1000, 4500);
    Run at_growth(spec, nullptr);
    at_growth.step_to(1500);
    CHECK(at_growth.net->has_pending_commands());
    CHECK(at_growth.net->population(1).size() == 2);
    const SplitResult pending = check_split(spec, 1500, 4500);  // the growth submitted, not applied yet
    CHECK(pending.spikes_after_cut > 100);
    const SplitResult after = check_split(spec, 2000, 4500);
    CHECK(before.spikes_after_cut > 100);
    CHECK(after.spikes_after_cut > 100);
    Run grown(spec, nullptr);
    grown.step_to(4500);
    CHECK(grown.net->population(1).size() == 3);
  }

  TEST_CASE("classification (Diehl & Cook): assignments, repeats, normalisation and the test phase carry on") {
    ScenarioSpec spec = test::load_preset("diehl-cook");
    REQUIRE(spec.populations[0].input);
    spec.populations[0].input->images = test::first_images(*spec.populations[0].input->images, 6);
    spec.populations[1].size = 10;
    spec.populations[2].size = 10;
    const io::ImagesResult digits = io::load_shipped_digits(true);
    REQUIRE(digits.error.empty());
    const auto test_set = test::first_images(*digits.images, 3);
    Run whole(spec, test_set);
    whole.step_to(1'000'000);
    REQUIRE(whole.experiment->done());
    REQUIRE(whole.experiment->test_result().done);
    const std::int64_t end = whole.net->step_index();
    const auto window = static_cast<std::int64_t>((350 + 150) / spec.dt_ms);
    // In training (mid-window, through a state file), and in the test phase (the last image).
    CHECK(check_split(spec, 2 * window + window / 3, end, test_set, test::temp_dir("checkpoint_dc") / "state.bin").weights_changed);
    CHECK(check_split(spec, end - window / 2, end, test_set).spikes_after_cut > 0);
  }

  TEST_CASE("reward (first-spike R-STDP on rstdp-digits): decisions, rewards and the adaptive rates carry on") {
    ScenarioSpec spec = test::load_preset("rstdp-digits");
    spec.populations[0].input->images = test::first_images(*spec.populations[0].input->images, 12);
    spec.populations[1].size = 10;
    spec.experiment->epochs = 2;
    const SplitResult r = check_split(spec, 9001, 1'000'000);
    CHECK(r.spikes_after_cut > 50);
    CHECK(r.weights_changed);
  }

  TEST_CASE("a state file restores what was saved, and is refused when it belongs elsewhere or is damaged") {
    const auto dir = test::temp_dir("checkpoint_files");
    const ScenarioSpec spec = model_scenario("lif", 200.0, 300.0);
    Run run(spec, nullptr);
    run.step_to(300);
    const Checkpoint saved = run.capture();
    const auto file = dir / "lif.state";
    io::write_state_file(file, saved, spec, "0.1.0", io::Replace::Allowed);
    const std::string name = "state file " + file.string();

    SUBCASE("the same scenario and version read it back") {
      const io::StateFileRead r = io::read_state_file(file, spec, "0.1.0");
      CHECK(r.error == "");
      CHECK(r.checkpoint.step == 300);
      CHECK(r.checkpoint.state == saved.state);
      // duration_ms is not part of the scenario's identity: a continued run chooses its own.
      ScenarioSpec longer = spec;
      longer.duration_ms = 99.0;
      CHECK(io::read_state_file(file, longer, "0.1.0").error == "");
    }
    SUBCASE("another scenario") {
      ScenarioSpec other = spec;
      other.name = "default";
      const std::string e = io::read_state_file(file, other, "0.1.0").error;
      CHECK(e.find(name + " was written for scenario 'test' (hash ") == 0);
      CHECK(e.find("not 'default' (hash ") != std::string::npos);
    }
    SUBCASE("the same scenario with another seed or a changed value") {
      ScenarioSpec seeded = spec;
      seeded.seed = 8;
      CHECK(io::read_state_file(file, seeded, "0.1.0").error.find("with other settings") != std::string::npos);
      ScenarioSpec changed = spec;
      changed.populations[1].params["tau_m"] = Distribution::constant(12.0);
      CHECK(io::read_state_file(file, changed, "0.1.0").error.find("the scenario file, the seed or a --set value differ") != std::string::npos);
    }
    SUBCASE("another program version") {
      CHECK(io::read_state_file(file, spec, "0.2.0").error ==
            name + " was written by neurosim 0.1.0; this is neurosim 0.2.0 (a state file is read by the version that wrote it)");
    }
    SUBCASE("damaged: truncated, a flipped byte, bytes appended, not a state file, another format") {
      std::string bytes = test::read_text(file);
      const auto damaged = dir / "damaged.state";
      const auto with = [&](const std::string& content) {
        test::write_text(damaged, content);
        return io::read_state_file(damaged, spec, "0.1.0").error;
      };
      const std::string dname = "state file " + damaged.string();
      CHECK(with(bytes.substr(0, bytes.size() - 1)).find(dname + " is truncated at byte " + std::to_string(bytes.size() - 1)) == 0);
      CHECK(with(bytes.substr(0, 40)).find(dname + " is truncated at byte 40") == 0);
      CHECK(with(bytes.substr(0, 5)) == dname + " is truncated at byte 5");
      for (const std::size_t at : {std::size_t{30}, bytes.size() / 2, bytes.size() - 2}) {
        INFO("byte " << at);
        std::string flipped = bytes;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
        CHECK(with(flipped) == dname + " is damaged: checksum mismatch");
      }
      CHECK(with(bytes + "xy") == dname + " is damaged: 2 bytes follow its end");
      CHECK(with("{\"name\": \"cuba\"}") == dname + " is not a NeuroSim state file");
      std::string future = bytes;
      future[8] = 6;
      CHECK(with(future) == dname + " has state format version 6; this neurosim reads version 5");
      // Format 1 had no Session part (the timeline's undo list), format 2 no structure, format 3
      // no absent delays, format 4 a stimulus's single noise stream: such a file is refused cleanly.
      for (const char format : {char{1}, char{2}, char{3}, char{4}}) {
        std::string older = bytes;
        older[8] = format;
        CHECK(with(older) == dname + " has state format version " + std::to_string(format) + "; this neurosim reads version 5");
      }
      CHECK(io::read_state_file(dir / "missing.state", spec, "0.1.0").error == "state file " + (dir / "missing.state").string() + ": no such file");
    }
  }

  TEST_CASE("restore refuses a state from another network and leaves the network as it was") {
    const ScenarioSpec spec = model_scenario("lif", 200.0, 300.0);
    Run run(spec, nullptr);
    run.step_to(100);
    const Checkpoint lif = run.capture();

    Run other(model_scenario("izhikevich", 20.0, 10.0), nullptr);
    other.step_to(50);
    const Checkpoint before = other.capture();
    const std::string e = restore(*other.net, nullptr, lif);
    INFO(e);
    CHECK(e.find("lif") != std::string::npos);
    CHECK(other.capture().state == before.state);

    // Cut short: the reader stops at the end instead of reading past it.
    Checkpoint cut = lif;
    cut.state.resize(cut.state.size() / 2);
    Run same(spec, nullptr);
    const Checkpoint fresh = same.capture();
    const std::string short_error = restore(*same.net, nullptr, cut);
    INFO(short_error);
    CHECK(short_error.find("the state ends") == 0);
    CHECK(same.capture().state == fresh.state);

    // An experiment's state needs the experiment, and a plain network's has none.
    ScenarioSpec task = test::pattern_task(2, 1, 200.0, 0.0);
    Run x(task, nullptr);
    x.step_to(10);
    CHECK(restore(*x.net, nullptr, x.capture()) == "the state holds an experiment's progress, but no experiment runs here");
  }

  TEST_CASE("a rewind undoes the changes made after the checkpoint: parameters, live controls, the scenario copy") {
    const ScenarioSpec spec = model_scenario("lif", 200.0, 300.0);
    Run reference(spec, nullptr);
    reference.step_to(400);

    Run run(spec, nullptr);
    run.step_to(150);
    const Checkpoint saved = run.capture();
    const double tau_m = run.net->population(1).param("tau_m");
    REQUIRE(run.net->submit(SetParam{1, "tau_m", 2.0 * tau_m}).empty());
    REQUIRE(run.net->submit(SetProjection{0, 0.5, std::nullopt, std::nullopt, false}).empty());
    REQUIRE(run.net->submit(SetPlasticityParam{0, "learn", 0.0}).empty());
    run.step_to(250);
    REQUIRE(run.net->population(1).param("tau_m") == 2.0 * tau_m);
    REQUIRE(restore(*run.net, nullptr, saved).empty());
    CHECK(run.net->population(1).param("tau_m") == tau_m);
    CHECK(run.net->projection(0).weight_scale() == 1.0f);
    CHECK(run.net->projection(0).enabled());
    CHECK(run.net->plasticity(0)->learning());
    CHECK(run.net->spec().populations[1].params.count("tau_m") == spec.populations[1].params.count("tau_m"));
    CHECK(run.net->spec().projections[0].weight_scale == 1.0);
    run.step_to(400);
    CHECK(same_bits(all_weights(*run.net), all_weights(*reference.net)));
    CHECK(run.capture().state == reference.capture().state);

    // A change of input waiting to be applied holds data that is not state: capture says so.
    ScenarioSpec file_spec = test::load_preset("file-input");
    Run with_file(file_spec, nullptr);
    with_file.step_to(10);
    REQUIRE(with_file.net->submit(SetInput{0, -1, *file_spec.populations[0].input}).empty());
    CHECK_THROWS_WITH_AS(with_file.capture(), doctest::Contains("a change of input is waiting to be applied"), StateError);
  }

  TEST_CASE("capture and restore are fast enough for periodic checkpoints (cuba, diehl-cook)") {
    // Figures for the README (measured, not asserted: the machine is shared). The checks: the
    // state restores, and a state file of it reads back equal.
    const auto dir = test::temp_dir("checkpoint_speed");
    for (const char* preset : {"cuba", "diehl-cook"}) {
      ScenarioSpec spec = test::load_preset(preset);
      Run run(spec, nullptr);
      run.step_to(200);
      std::size_t synapses = 0;
      for (int j = 0; j < run.net->projection_count(); ++j) synapses += run.net->projection(j).synapse_count();
      Checkpoint c, undo;
      using Clock = std::chrono::steady_clock;
      const auto ms = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
      constexpr int kTimes = 10;
      capture(*run.net, run.experiment.get(), c);  // buffers grown once, as in periodic use
      REQUIRE(restore(*run.net, run.experiment.get(), c, undo).empty());
      const auto t0 = Clock::now();
      for (int i = 0; i < kTimes; ++i) capture(*run.net, run.experiment.get(), c);
      const auto t1 = Clock::now();
      for (int i = 0; i < kTimes; ++i) REQUIRE(restore(*run.net, run.experiment.get(), c, undo).empty());
      const auto t2 = Clock::now();
      const auto file = dir / (std::string(preset) + ".state");
      io::write_state_file(file, c, spec, "test", io::Replace::Allowed);
      const auto t3 = Clock::now();
      const io::StateFileRead read = io::read_state_file(file, spec, "test");
      const auto t4 = Clock::now();
      REQUIRE(read.error.empty());
      CHECK(read.checkpoint.state == c.state);
      MESSAGE(std::string(preset) << ": " << synapses << " synapses, state " << c.state.size() << " bytes, capture " << ms(t0, t1) / kTimes << " ms, restore "
                     << ms(t1, t2) / kTimes << " ms (with the undo copy), file write " << ms(t2, t3) << " ms (synced), read " << ms(t3, t4)
                     << " ms, file " << std::filesystem::file_size(file) << " bytes");
      CHECK(c.step == 200);
    }
  }
}
