#pragma once
// What the classification views show, filled from the Session's observations (GL-free, no
// ImGui): the image on show and the output's votes, each scored image with its energy for the
// curves (thinned past kMaxScored), the test's confusion and per-label scores, and the receptive
// fields from copies of the image-driven projection's weights. The windows draw frame() and
// fields() (classification_panels.hpp).
#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "gui/views/classification_data.hpp"
#include "gui/views/experiment_seen.hpp"
#include "gui/views/receptive_fields.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

class ClassificationModel {
 public:
  // A new network (or a reset): finds the image-driven projection onto the experiment's output
  // and clears the curves. True when the network has a classification experiment.
  bool on_adopt(const ScenarioFacts& facts);
  // What to observe this frame: the experiment's state; the projection's weights for the
  // receptive fields a few times a second.
  void add_wants(ObserveWants& wants, double wall_dt_s);
  // `experiment`: the experiment as last observed (null: not yet); `now` this frame's state;
  // `copies` the latest copy of each projection's weights; at most `max_fields` fields.
  void observe(const ExperimentSeen* experiment, const ClassificationSeen* now, const std::map<int, WeightSnapshot>& copies,
               int max_fields);

  const ClassificationFrame& frame() const { return frame_; }
  const ReceptiveFieldGrid& fields() const { return grid_; }
  int projection() const { return projection_; }

 private:
  void record_scored(const ExperimentSeen& x, std::uint64_t events, const TestResult* test);
  // Enters the windows a training or evaluation phase scored since the last frame.
  void add_windows(std::uint64_t events, std::uint64_t windows, std::uint64_t correct, bool evaluation, int epoch);

  ClassificationFrame frame_;
  ReceptiveFieldGrid grid_;
  int projection_ = -1;       // images -> output
  int input_ = -1, output_ = -1;
  double fields_age_s_ = 1e9;
  std::shared_ptr<const ImageSet> images_;  // the input's images, as observed
  std::pair<std::int64_t, std::uint64_t> fields_copy_{-1, 0};  // (step, version) of the copy shown
  std::uint64_t seen_windows_ = 0, seen_correct_ = 0, seen_events_ = 0;  // the phase under way, last frame
  int seen_phase_ = -1;       // history size last frame
  std::uint64_t scored_total_ = 0;
  std::size_t seen_test_ = 0;  // test predictions already entered
  double joules_per_sop_ = 0.0;
};

}  // namespace neurosim::gui
