// The classification views' data from the Session's observations (see classification_model.hpp).
#include "gui/views/classification_model.hpp"

#include <algorithm>
#include <cstdint>

#include "neurosim/energy.hpp"

namespace neurosim::gui {

namespace {

// Scored presentations kept for the curves; past this the older half is thinned to every
// second entry, so a long run keeps its whole history at a coarser grain.
constexpr std::size_t kMaxScored = 20000;
constexpr double kFieldsRefreshS = 0.25;  // receptive fields follow the weights a few times a second

const char* phase_name(ExperimentPhase p) {
  switch (p) {
    case ExperimentPhase::Training: return "training";
    case ExperimentPhase::Evaluation: return "evaluation";
    case ExperimentPhase::Test: return "test";
    case ExperimentPhase::Done: return "done";
  }
  return "";
}

void thin(std::vector<ScoredImage>& s) {
  if (s.size() <= kMaxScored) return;
  const std::size_t half = s.size() / 2;
  std::size_t out = 0;
  for (std::size_t i = 0; i < half; i += 2) s[out++] = s[i];
  for (std::size_t i = half; i < s.size(); ++i) s[out++] = s[i];
  s.resize(out);
}

}  // namespace

// [SECTION] Network life cycle

bool ClassificationModel::on_adopt(const ScenarioFacts& facts) {
  frame_ = ClassificationFrame{};
  grid_.clear();
  projection_ = input_ = output_ = -1;
  seen_windows_ = seen_correct_ = scored_total_ = 0;
  seen_events_ = 0;  // a new network, or one reset to t = 0
  seen_phase_ = -1;
  seen_test_ = 0;
  fields_age_s_ = 1e9;
  fields_copy_ = {-1, 0};
  const auto& experiment = facts.spec.experiment;
  if (!experiment || experiment->task != "classification") return false;
  frame_.active = true;
  const ExperimentSpec& x = *experiment;
  input_ = facts.spec.population_index(x.input);
  output_ = facts.spec.population_index(x.output);
  for (std::size_t j = 0; j < facts.projections.size(); ++j)
    if (facts.projections[j].pre == input_ && facts.projections[j].post == output_) {
      projection_ = static_cast<int>(j);
      break;
    }
  if (const EnergyModel* e = find_energy_model(x.energy_model)) {
    joules_per_sop_ = e->joules_per_sop;
    frame_.energy_model = std::string(e->name);
  }
  return true;
}

// [SECTION] Per frame

void ClassificationModel::add_wants(ObserveWants& wants, double wall_dt_s) {
  if (!frame_.active) return;
  wants.classification = true;
  wants.experiment_record = true;  // the phase's running score, every frame
  fields_age_s_ += wall_dt_s;
  if (fields_age_s_ >= kFieldsRefreshS && projection_ >= 0) {
    fields_age_s_ = 0.0;
    wants.weights.push_back(projection_);
  }
}

void ClassificationModel::observe(const ExperimentSeen* experiment, const ClassificationSeen* now,
                                  const std::map<int, WeightSnapshot>& copies, int max_fields) {
  if (!frame_.active || experiment == nullptr || now == nullptr) return;
  const ExperimentSeen& x = *experiment;
  frame_.phase = phase_name(x.phase());
  frame_.epoch = x.epoch();
  frame_.epochs = x.spec().epochs;
  frame_.progress = x.progress();
  images_ = now->images;  // kept alive while the frame points into it
  frame_.images = images_.get();
  // The image on show, also in the rest after it and while the experiment does not count it.
  frame_.image = now->image;
  frame_.label = now->label;
  // Between counted windows (the rest, an image shown again) the experiment names no label; the
  // image set still knows the one on show.
  if (frame_.label < 0 && frame_.images != nullptr && frame_.image >= 0 &&
      static_cast<std::size_t>(frame_.image) < frame_.images->labels.size())
    frame_.label = frame_.images->labels[static_cast<std::size_t>(frame_.image)];
  frame_.counts = now->counts;
  frame_.assignments = now->assignments;
  frame_.labels = 10;
  if (frame_.images != nullptr)
    for (std::uint8_t l : frame_.images->labels) frame_.labels = std::max(frame_.labels, static_cast<int>(l) + 1);
  frame_.answer = vote(frame_.counts, frame_.assignments, frame_.labels, frame_.votes);
  frame_.last_label = now->last_label;
  frame_.last_answer = now->last_prediction;
  record_scored(x, now->synaptic_events, now->test.get());

  if (now->test && now->test->done) {
    const TestResult& t = *now->test;
    frame_.tested = true;
    frame_.test_images = t.images;
    frame_.test_correct = t.correct;
    frame_.test_unanswered = t.unanswered;
    frame_.confusion = t.confusion;
    frame_.per_label.assign(static_cast<std::size_t>(t.labels), 0.0);
    for (const LabelScore& s : t.per_label)
      if (s.label >= 0 && s.label < t.labels) frame_.per_label[static_cast<std::size_t>(s.label)] = s.accuracy;
    frame_.test_latency_ms = t.latency_ms;
    frame_.test_energy_j = t.snn_energy_j;
  } else {
    frame_.tested = false;
  }

  // Receptive fields: from each new copy of the projection's weights.
  if (const auto copy = copies.find(projection_); copy != copies.end() && frame_.images != nullptr) {
    const std::pair<std::int64_t, std::uint64_t> key{copy->second.step, copy->second.version};
    if (key != fields_copy_ || grid_.fields == 0) {
      fields_copy_ = key;
      grid_.refresh(&copy->second, frame_.images->rows, frame_.images->cols, max_fields);
    }
  }
}

void ClassificationModel::record_scored(const ExperimentSeen& x, std::uint64_t events, const TestResult* test) {
  // Training and evaluation: the phase's scored windows and right answers so far. Several
  // windows may end between two frames; they are entered one by one with the frame's right
  // answers first and its synaptic events shared out, which the running mean smooths over.
  const int phase_index = static_cast<int>(x.history().size());
  // First sight of a run already under way (a window opened with --start-at, or a state loaded):
  // the windows the phase has scored so far share the phase's own synaptic events, not every
  // event since t = 0.
  if (seen_phase_ < 0) seen_events_ = events - std::min(events, x.current().synaptic_events);
  if (phase_index != seen_phase_) {
    // A phase ended: its last windows were scored after the previous frame.
    if (seen_phase_ >= 0 && !x.history().empty()) {
      const PhaseMetrics& ended = x.history().back();
      if (ended.phase != ExperimentPhase::Test) add_windows(events, ended.windows, ended.correct, ended.phase == ExperimentPhase::Evaluation, ended.epoch);
    }
    seen_phase_ = phase_index;
    seen_windows_ = seen_correct_ = 0;
    if (!x.history().empty() && x.history().back().phase == ExperimentPhase::Training) {
      frame_.epoch_accuracy.clear();
      for (const PhaseMetrics& m : x.history())
        if (m.phase == ExperimentPhase::Training) frame_.epoch_accuracy.push_back(m.accuracy);
    }
  }
  if (x.phase() == ExperimentPhase::Training || x.phase() == ExperimentPhase::Evaluation) {
    const PhaseMetrics& now = x.current();
    add_windows(events, now.windows, now.correct, x.phase() == ExperimentPhase::Evaluation, x.epoch());
  }
  // The test phase: one exact row per image.
  static const std::vector<TestPrediction> no_rows;
  const auto& rows = test != nullptr ? test->predictions : no_rows;
  if (rows.size() < seen_test_) seen_test_ = 0;  // a restarted experiment
  const std::size_t fresh = rows.size() - seen_test_;
  const double per_image = fresh > 0 ? static_cast<double>(events - std::min(events, seen_events_)) / static_cast<double>(fresh) : 0.0;
  for (; seen_test_ < rows.size(); ++seen_test_) {
    const TestPrediction& r = rows[seen_test_];
    ScoredImage s;
    s.index = ++scored_total_;
    s.epoch = x.epoch();
    s.correct = r.predicted >= 0 && r.predicted == r.label;
    s.test = true;
    s.latency_ms = static_cast<float>(r.latency_ms);
    s.energy_j = static_cast<float>(per_image * joules_per_sop_);
    frame_.scored.push_back(s);
  }
  if (fresh > 0) seen_events_ = events;
  thin(frame_.scored);
}

void ClassificationModel::add_windows(std::uint64_t events, std::uint64_t windows, std::uint64_t correct, bool evaluation, int epoch) {
  if (windows < seen_windows_ || correct < seen_correct_) {  // rescored from scratch (reset)
    seen_windows_ = seen_correct_ = 0;
  }
  const std::uint64_t fresh = windows - seen_windows_;
  std::uint64_t right = correct - seen_correct_;
  const double per_window = fresh > 0 ? static_cast<double>(events - std::min(events, seen_events_)) / static_cast<double>(fresh) : 0.0;
  for (std::uint64_t k = 0; k < fresh; ++k) {
    ScoredImage s;
    s.index = ++scored_total_;
    s.epoch = epoch;
    s.correct = right > 0;
    if (right > 0) --right;
    s.test = false;
    s.energy_j = static_cast<float>(per_window * joules_per_sop_);
    (void)evaluation;
    frame_.scored.push_back(s);
  }
  if (fresh > 0) seen_events_ = events;
  seen_windows_ = windows;
  seen_correct_ = correct;
}

}  // namespace neurosim::gui
