// The classification views' model (app/gui/views/classification_model.hpp) fed from a Session's
// observations as the window feeds it, frame by frame: every scored window is entered once with
// the experiment's own count of right answers, the per-epoch accuracy is the history's, and the
// receptive fields come from the observed weight copies. Hand-wired net (as in
// tests/engine/test_classification.cpp): pixel i drives output i, so every answer is known.
#include <doctest/doctest.h>

#include <map>

#include "engine/spec_helpers.hpp"
#include "gui/views/classification_model.hpp"
#include "neurosim/session.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

ScenarioSpec one_hot_task() {
  const std::vector<std::uint8_t> labels{0, 1, 2, 3};
  auto set = std::make_shared<ImageSet>();
  set->source = "one-hot test images";
  set->count = 4;
  set->rows = 1;
  set->cols = 4;
  set->pixels.assign(16, 0);
  for (int i = 0; i < 4; ++i) set->pixels[static_cast<std::size_t>(i * 4 + i)] = 255;
  set->labels = labels;
  PopulationSpec in = population("in", "images", 4,
                                 {{"coding", Distribution::constant(1.0)},
                                  {"present_ms", Distribution::constant(20.0)},
                                  {"rest_ms", Distribution::constant(10.0)},
                                  {"latency_ms", Distribution::constant(5.0)}});
  InputSpec input;
  input.images = set;
  in.input = input;
  auto spec = scenario(0.5, {in, population("out", "lif", 4,
                                            {{"tau_m", Distribution::constant(20.0)},
                                             {"V_th", Distribution::constant(-52.0)},
                                             {"tau_syn_e", Distribution::constant(1.0)}})});
  auto p = projection("in", "out", ConnectivitySpec::Rule::List, Distribution::constant(20000.0), Distribution::constant(1.0));
  p.connectivity.pairs = {{0, 0}, {1, 1}, {2, 2}, {3, 3}};
  spec.projections.push_back(p);
  spec.experiment = experiment_spec("in", "out", 2, 240.0, 120.0);
  spec.experiment->task = "classification";
  return spec;
}

}  // namespace

TEST_SUITE("classification model") {
  TEST_CASE("fed from observations, the model enters each scored window once and shows the fields") {
    Session session(build(one_hot_task(), RecordMode::Live));
    const Session::ReaderId reader = session.open_reader();
    gui::ClassificationModel model;
    REQUIRE(model.on_adopt(*session.facts()));
    std::map<int, WeightSnapshot> copies;
    std::shared_ptr<const ExperimentRecord> record;
    std::optional<ClassificationSeen> now;
    int frame = 0;
    while (session.experiment_running()) {
      session.advance(37 + 23 * (frame++ % 4));  // frames of uneven length
      ObserveWants wants;
      model.add_wants(wants, 1.0);  // a second per frame: the fields are asked for each time
      Observations o = session.observe(reader, wants);
      for (WeightSnapshot& w : o.weights) copies[w.projection] = std::move(w);
      if (o.experiment_record) record = o.experiment_record;
      if (o.classification) now = o.classification;
      REQUIRE(record != nullptr);
      REQUIRE(now.has_value());
      const gui::ExperimentSeen seen{o.experiment, *record};
      model.observe(&seen, &*now, copies, 100);
    }
    const Experiment& x = *session.experiment();
    std::uint64_t windows = 0, correct = 0;
    std::vector<double> training;
    for (const PhaseMetrics& m : x.history()) {
      if (m.phase == ExperimentPhase::Test) continue;
      windows += m.windows;
      correct += m.correct;
      if (m.phase == ExperimentPhase::Training) training.push_back(m.accuracy);
    }
    REQUIRE(windows >= 6);
    const auto& scored = model.frame().scored;
    CHECK(scored.size() == windows);
    CHECK(static_cast<std::uint64_t>(std::count_if(scored.begin(), scored.end(), [](const gui::ScoredImage& s) { return s.correct; })) ==
          correct);
    CHECK(model.frame().epoch_accuracy == training);
    // Receptive fields: four 1 x 4 tiles, tile i lit at pixel i by its one synapse.
    CHECK(model.fields().fields == 4);
    CHECK(model.fields().image_rows == 1);
    CHECK(model.fields().image_cols == 4);
    CHECK(model.frame().images != nullptr);
  }

  TEST_CASE("first seen in the middle of a phase, the windows scored so far share that phase's energy, not the whole run's") {
    Session session(build(one_hot_task(), RecordMode::Live));
    const Session::ReaderId reader = session.open_reader();
    // Run headless past the first epoch and into the second, as `gui --start-at` does, then open the view.
    while (session.experiment_running() && (session.experiment()->history().empty() || session.experiment()->current().windows < 2))
      session.advance(50);
    REQUIRE(session.experiment()->history().size() == 1);
    gui::ClassificationModel model;
    REQUIRE(model.on_adopt(*session.facts()));
    ObserveWants wants;
    model.add_wants(wants, 1.0);
    Observations o = session.observe(reader, wants);
    REQUIRE(o.experiment_record != nullptr);
    REQUIRE(o.classification.has_value());
    const gui::ExperimentSeen seen{o.experiment, *o.experiment_record};
    std::map<int, WeightSnapshot> copies;
    model.observe(&seen, &*o.classification, copies, 100);
    const PhaseMetrics& phase = o.experiment_record->current;
    REQUIRE(phase.windows >= 2);
    REQUIRE(phase.snn_energy_j > 0.0);
    const auto& scored = model.frame().scored;
    REQUIRE(scored.size() == phase.windows);
    const double per_window = phase.snn_energy_j / static_cast<double>(phase.windows);
    INFO("phase events " << phase.synaptic_events << ", all events since t = 0 " << o.classification->synaptic_events);
    for (const gui::ScoredImage& s : scored) CHECK(s.energy_j / per_window == doctest::Approx(1.0).epsilon(1e-5));  // joules: relative
  }
}
