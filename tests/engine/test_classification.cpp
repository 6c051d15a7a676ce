// Classification task (Diehl & Cook 2015): label assignment from training responses, prediction
// per presentation window, accuracy. Small hand-wired networks whose answers are known exactly,
// and a recount from the raw spike record and the image schedule.
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "engine/spec_helpers.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/file_source.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

constexpr double kDt = 0.5;
constexpr double kPresentMs = 20.0, kRestMs = 10.0;
constexpr double kWindowMs = kPresentMs + kRestMs;

// One image per label entry, 1 x n pixels, image i lighting pixel i alone: with latency coding a
// white pixel fires once, at the start of its window.
std::shared_ptr<ImageSet> one_hot_images(const std::vector<std::uint8_t>& labels) {
  auto set = std::make_shared<ImageSet>();
  set->source = "one-hot test images";
  set->count = static_cast<int>(labels.size());
  set->rows = 1;
  set->cols = set->count;
  set->pixels.assign(static_cast<std::size_t>(set->count * set->count), 0);
  for (int i = 0; i < set->count; ++i) set->pixels[static_cast<std::size_t>(i * set->count + i)] = 255;
  set->labels = labels;
  return set;
}

using Wiring = std::vector<std::pair<int, int>>;

// Each (pixel, neuron) pair of the wiring drives the neuron hard enough to fire it; `outputs` LIF
// neurons that are silent without input.
ScenarioSpec wired(const std::vector<std::uint8_t>& labels, const Wiring& wiring, int outputs, int epochs, double epoch_ms,
                   double evaluation_ms) {
  PopulationSpec in = population("in", "images", static_cast<int>(labels.size()),
                                 {{"coding", Distribution::constant(1.0)},
                                  {"present_ms", Distribution::constant(kPresentMs)},
                                  {"rest_ms", Distribution::constant(kRestMs)},
                                  {"latency_ms", Distribution::constant(5.0)}});
  InputSpec input;
  input.images = one_hot_images(labels);
  in.input = input;
  auto spec = scenario(kDt, {in, population("out", "lif", outputs,
                                            {{"tau_m", Distribution::constant(20.0)},
                                             {"C_m", Distribution::constant(250.0)},
                                             {"E_L", Distribution::constant(-65.0)},
                                             {"V_reset", Distribution::constant(-65.0)},
                                             {"V_th", Distribution::constant(-52.0)},
                                             {"t_ref", Distribution::constant(5.0)},
                                             {"tau_syn_e", Distribution::constant(1.0)}})});
  auto p = projection("in", "out", ConnectivitySpec::Rule::List, Distribution::constant(20000.0), Distribution::constant(1.0));
  p.connectivity.pairs = wiring;
  if (!p.connectivity.pairs.empty()) spec.projections.push_back(p);
  spec.experiment = experiment_spec("in", "out", epochs, epoch_ms, evaluation_ms);
  spec.experiment->task = "classification";
  return spec;
}

std::unique_ptr<Experiment> run(Network& net) {
  auto experiment = std::make_unique<Experiment>(net);
  while (!experiment->done()) experiment->step();
  return experiment;
}

}  // namespace

TEST_SUITE("classification") {
  TEST_CASE("neuron k answering label k alone classifies every evaluation window") {
    auto net = build(wired({0, 1, 2}, {{0, 0}, {1, 1}, {2, 2}}, 3, 1, 6 * kWindowMs, 9 * kWindowMs));
    const auto experiment = run(*net);
    REQUIRE(experiment->history().size() == 2);
    const PhaseMetrics& eval = experiment->history()[1];
    CHECK(eval.phase == ExperimentPhase::Evaluation);
    CHECK(eval.windows == 9);
    CHECK(eval.correct == 9);
    CHECK(eval.accuracy == 1.0);
    REQUIRE(eval.labels.size() == 3);
    for (const LabelScore& ls : eval.labels) {
      INFO("label " << ls.label);
      CHECK(ls.windows == 3);
      CHECK(ls.accuracy == 1.0);
      CHECK(ls.neurons == 1);
    }
    CHECK(experiment->assignments() == std::vector<int>{0, 1, 2});
    CHECK(experiment->final_score().accuracy == 1.0);
    CHECK(eval.patterns.empty());
    // Only the evaluation is scored: the training phase, when evaluations follow, predicts nothing.
    CHECK(experiment->history()[0].windows == 0);
  }

  TEST_CASE("assignments follow the training responses, not the neuron index") {
    // Pixel 0 (label 0) drives neuron 2, pixel 1 neuron 0, pixel 2 neuron 1; neuron 3 never fires.
    auto net = build(wired({0, 1, 2}, {{0, 2}, {1, 0}, {2, 1}}, 4, 1, 3 * kWindowMs, 6 * kWindowMs));
    const auto experiment = run(*net);
    CHECK(experiment->assignments() == std::vector<int>{1, 2, 0, -1});
    const PhaseMetrics& eval = experiment->history().back();
    CHECK(eval.windows == 6);
    CHECK(eval.accuracy == 1.0);
  }

  TEST_CASE("a neuron shared between two labels goes to the one it answers more; its other label's image is then misread") {
    // Four images, labels 0, 1, 2, 0: image 3 (a second 0) drives neuron 1, as image 1 (a 1) does.
    // Neuron 1 answers every label-1 window but only half the label-0 windows, so it is a 1, and
    // image 3 is read as a 1: one window in four is wrong.
    auto net = build(wired({0, 1, 2, 0}, {{0, 0}, {1, 1}, {2, 2}, {3, 1}}, 3, 1, 8 * kWindowMs, 12 * kWindowMs));
    const auto experiment = run(*net);
    CHECK(experiment->assignments() == std::vector<int>{0, 1, 2});
    const PhaseMetrics& eval = experiment->history().back();
    CHECK(eval.windows == 12);
    CHECK(eval.correct == 9);
    CHECK(eval.accuracy == doctest::Approx(0.75).epsilon(1e-12));
    REQUIRE(eval.labels.size() == 3);
    CHECK(eval.labels[0].windows == 6);
    CHECK(eval.labels[0].correct == 3);
    CHECK(eval.labels[1].correct == 3);
    CHECK(eval.labels[2].correct == 3);
  }

  TEST_CASE("a silent output scores nothing") {
    auto net = build(wired({0, 1, 2}, {}, 3, 2, 3 * kWindowMs, 3 * kWindowMs));
    const auto experiment = run(*net);
    for (const PhaseMetrics& m : experiment->history()) {
      CHECK(m.accuracy == 0.0);
      CHECK(m.correct == 0);
    }
    CHECK(experiment->history().back().windows == 3);
    CHECK(experiment->assignments() == std::vector<int>{-1, -1, -1});
    CHECK(!experiment->final_score().success);
  }

  TEST_CASE("a tie between labels is a wrong answer") {
    // Pixels 0 and 1 both drive neuron 0 alone: it answers labels 0 and 1 equally and goes to
    // the lower (0); neuron 1 answers label 2 through pixel 2. Label-1 windows are read as 0.
    auto net = build(wired({0, 1, 2}, {{0, 0}, {1, 0}, {2, 1}}, 2, 1, 3 * kWindowMs, 6 * kWindowMs));
    const auto experiment = run(*net);
    CHECK(experiment->assignments() == std::vector<int>{0, 2});
    const PhaseMetrics& eval = experiment->history().back();
    CHECK(eval.correct == 4);  // labels 0 and 2
    CHECK(eval.labels[1].correct == 0);
    CHECK(eval.labels[0].correct == 2);
    CHECK(eval.labels[2].correct == 2);
    // Between labels: images 0 and 3 are both 0s; image 0 drives neurons 0 and 1, image 3 neuron
    // 0, image 1 neuron 1. Neuron 1 answers every 1 but half the 0s, so it is a 1, and image 0
    // draws the same mean from label 0's neuron and label 1's: no answer, though the lower label
    // would have been right.
    auto tie = build(wired({0, 1, 2, 0}, {{0, 0}, {0, 1}, {1, 1}, {2, 2}, {3, 0}}, 3, 1, 4 * kWindowMs, 8 * kWindowMs));
    const auto t = run(*tie);
    CHECK(t->assignments() == std::vector<int>{0, 1, 2});
    const PhaseMetrics& te = t->history().back();
    CHECK(te.windows == 8);
    CHECK(te.correct == 6);
    CHECK(te.labels[0].correct == 2);
    CHECK(te.labels[0].windows == 4);
  }

  TEST_CASE("epochs scored as they train predict each window before learning from it") {
    // evaluation_ms = 0: the first window of each label has no neuron assigned to it yet.
    auto net = build(wired({0, 1, 2}, {{0, 0}, {1, 1}, {2, 2}}, 3, 2, 6 * kWindowMs, 0.0));
    const auto experiment = run(*net);
    REQUIRE(experiment->history().size() == 2);
    CHECK(experiment->history()[0].windows == 6);
    CHECK(experiment->history()[0].correct == 3);
    CHECK(experiment->history()[1].correct == 6);
    CHECK(experiment->history()[1].accuracy == 1.0);
  }

  TEST_CASE("early stopping on stop_accuracy, and success once it is reached") {
    auto spec = wired({0, 1, 2}, {{0, 0}, {1, 1}, {2, 2}}, 3, 10, 3 * kWindowMs, 3 * kWindowMs);
    spec.experiment->stop_accuracy = 0.99;
    auto net = build(spec);
    const auto experiment = run(*net);
    CHECK(experiment->history().size() == 2);  // the first evaluation reaches it
    CHECK(experiment->history().back().success);
  }

  TEST_CASE("a neuron added to the output mid-run starts with no label and joins the scoring") {
    // A list projection gives the new neuron no synapses: it stays silent and unassigned, and the
    // others keep their labels and their answers.
    auto spec = wired({0, 1, 2}, {{0, 0}, {1, 1}, {2, 2}}, 3, 2, 3 * kWindowMs, 3 * kWindowMs);
    spec.experiment->grow.push_back(GrowSpec{1, "out", 1});
    auto net = build(spec);
    const auto experiment = run(*net);
    CHECK(net->population(1).size() == 4);
    CHECK(experiment->assignments() == std::vector<int>{0, 1, 2, -1});
    REQUIRE(experiment->history().size() == 4);
    CHECK(experiment->history()[3].accuracy == 1.0);
    CHECK(experiment->history()[3].windows == 3);
  }

  TEST_CASE("a window cut by a phase boundary counts in neither phase") {
    // 2.5 windows of training, 3 of evaluation: windows 0-1 train, window 2 is cut, windows 3-4
    // are scored, window 5 is cut by the end.
    auto net = build(wired({0, 1, 2}, {{0, 0}, {1, 1}, {2, 2}}, 3, 1, 2.5 * kWindowMs, 3 * kWindowMs));
    const auto experiment = run(*net);
    const PhaseMetrics& eval = experiment->history().back();
    CHECK(eval.windows == 2);
    // Trained on labels 0 and 1 only: neuron 2 has no label, so windows 3 (label 0) and 4
    // (label 1) are both right.
    CHECK(experiment->assignments() == std::vector<int>{0, 1, -1});
    CHECK(eval.correct == 2);
  }

  TEST_CASE("accuracy agrees with a recount from the raw spikes and the image schedule") {
    // The built-in digits, rate coded, into 12 LIF neurons with random weights and STDP: the
    // recount repeats assignment (over every training window so far) and prediction by hand.
    PopulationSpec in = population("in", "images", 784,
                                   {{"present_ms", Distribution::constant(kPresentMs)}, {"rest_ms", Distribution::constant(kRestMs)},
                                    {"max_rate", Distribution::constant(200.0)}});
    auto spec = scenario(kDt, {in, population("out", "lif", 12,
                                              {{"tau_m", Distribution::constant(20.0)}, {"C_m", Distribution::constant(250.0)},
                                               {"V_th", Distribution::constant(-52.0)}, {"E_L", Distribution::constant(-65.0)},
                                               {"V_reset", Distribution::constant(-65.0)}, {"tau_syn_e", Distribution::constant(1.0)}})});
    auto p = projection("in", "out", ConnectivitySpec::Rule::FixedProbability, Distribution::uniform(0.0, 2000.0), Distribution::constant(1.0));
    p.connectivity.p = 0.2;
    p.plasticity = PlasticitySpec{"stdp", {{"w_max", 2000.0}}};
    spec.projections.push_back(p);
    ExperimentSpec x;
    x.task = "classification";
    x.input = "in";
    x.output = "out";
    x.epochs = 2;
    x.epoch_ms = 20 * kWindowMs;
    x.evaluation_ms = 20 * kWindowMs;
    spec.experiment = x;
    auto net = build(spec);
    const auto experiment = run(*net);
    REQUIRE(experiment->history().size() == 4);
    const auto w = static_cast<std::int64_t>(kWindowMs / kDt);
    const auto phase_windows = static_cast<std::int64_t>(20);
    const ImageSet& digits = *dynamic_cast<const ImagePopulation&>(net->population(0)).images();
    // Spike counts per window and neuron.
    std::map<std::int64_t, std::vector<int>> counts;
    std::uint64_t out_spikes = 0;
    for (const auto& e : net->spikes().all()) {
      if (e.population != 1) continue;
      ++out_spikes;
      auto& c = counts[e.step / w];
      c.resize(12, 0);
      ++c[static_cast<std::size_t>(e.neuron)];
    }
    REQUIRE(out_spikes > 100);
    auto label_of = [&](std::int64_t window) { return static_cast<int>(digits.labels[static_cast<std::size_t>(window % digits.count)]); };
    auto count = [&](std::int64_t window, int n) {
      const auto it = counts.find(window);
      return it == counts.end() ? 0 : it->second[static_cast<std::size_t>(n)];
    };
    std::vector<std::vector<double>> sum(12, std::vector<double>(10, 0.0));
    std::vector<double> seen(10, 0.0);
    for (int epoch = 0; epoch < 2; ++epoch) {
      const std::int64_t train0 = epoch * 2 * phase_windows, eval0 = train0 + phase_windows;
      for (std::int64_t k = train0; k < eval0; ++k) {
        seen[static_cast<std::size_t>(label_of(k))] += 1.0;
        for (int n = 0; n < 12; ++n) sum[static_cast<std::size_t>(n)][static_cast<std::size_t>(label_of(k))] += count(k, n);
      }
      std::vector<int> assigned(12, -1);
      for (int n = 0; n < 12; ++n) {
        double best = 0.0;
        for (int l = 0; l < 10; ++l) {
          const double mean = seen[static_cast<std::size_t>(l)] > 0 ? sum[static_cast<std::size_t>(n)][static_cast<std::size_t>(l)] / seen[static_cast<std::size_t>(l)] : 0.0;
          if (mean > best) {
            best = mean;
            assigned[static_cast<std::size_t>(n)] = l;
          }
        }
      }
      std::uint64_t correct = 0;
      for (std::int64_t k = eval0; k < eval0 + phase_windows; ++k) {
        std::vector<double> total(10, 0.0), members(10, 0.0);
        for (int n = 0; n < 12; ++n) {
          const int a = assigned[static_cast<std::size_t>(n)];
          if (a < 0) continue;
          total[static_cast<std::size_t>(a)] += count(k, n);
          members[static_cast<std::size_t>(a)] += 1.0;
        }
        double best = 0.0;
        int predicted = -1, at_best = 0;
        for (int l = 0; l < 10; ++l) {
          if (members[static_cast<std::size_t>(l)] == 0) continue;
          const double mean = total[static_cast<std::size_t>(l)] / members[static_cast<std::size_t>(l)];
          if (mean > best) {
            best = mean;
            predicted = l;
            at_best = 1;
          } else if (mean == best && best > 0) {
            ++at_best;
          }
        }
        correct += at_best == 1 && predicted == label_of(k);
      }
      INFO("epoch " << epoch);
      const PhaseMetrics& eval = experiment->history()[static_cast<std::size_t>(2 * epoch + 1)];
      CHECK(eval.windows == static_cast<std::uint64_t>(phase_windows));
      CHECK(eval.correct == correct);
      CHECK(eval.accuracy == doctest::Approx(static_cast<double>(correct) / static_cast<double>(phase_windows)));
      if (epoch == 1) CHECK(experiment->assignments() == assigned);
    }
  }

  TEST_CASE("classification settings are checked") {
    auto spec = wired({0, 1, 2}, {{0, 0}, {1, 1}, {2, 2}}, 3, 1, 100.0, 0.0);
    spec.experiment->task = "sorting";
    auto texts = [](const ScenarioSpec& s) {
      std::set<std::string> out;
      for (const auto& e : check_scenario(s)) out.insert(e.text());
      return out;
    };
    CHECK(texts(spec).count("experiment.task: unknown task \"sorting\" (expected pattern, classification)"));
    spec.experiment->task = "classification";
    CHECK(texts(spec).empty());
    spec.experiment->input = "out";
    CHECK(texts(spec).count("experiment.input: population \"out\" must be of model images for the classification task"));
    spec.experiment->input = "in";
    auto unlabelled = one_hot_images({0, 1, 2});
    unlabelled->labels.clear();
    spec.populations[0].input->images = unlabelled;
    CHECK(texts(spec).count("experiment.input: population \"in\" shows images without labels: the classification task needs a labels file (input.labels)"));
    // The built-in digits are labelled.
    spec.populations[0].input.reset();
    spec.populations[0].size = 784;
    spec.projections.clear();
    CHECK(texts(spec).empty());
  }
}
