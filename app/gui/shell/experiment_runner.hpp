#pragma once
// Drives a neurosim::Experiment from the window. When the scenario has an experiment
// (spec().experiment), every simulation step of the App goes through Experiment::step(), which
// advances the network and keeps the task's bookkeeping (phases, scores); otherwise, and once the
// schedule is done, the network steps on its own. The speed control is the App's, unchanged.
//
// Reset: the network goes back to t = 0 and the schedule starts again. An evaluation phase
// freezes learning through "learn" commands; a reset in the middle of one would leave the rules
// frozen, so the runner remembers each rule's setting from the last training phase and restores it.
#include <cstdint>
#include <memory>
#include <vector>

#include "neurosim/experiment.hpp"

namespace neurosim::gui {

class ExperimentRunner {
 public:
  // The test set a classification experiment presents after training (null: none), from the
  // next attach or restart on. Used only when its images have the training images' size.
  void set_test_images(std::shared_ptr<const ImageSet> images) { test_images_ = std::move(images); }
  // Starts the scenario's experiment on `network` (none when it has no experiment).
  void attach(Network& network);
  // After the network was reset to t = 0: the schedule starts again.
  void restart(Network& network);

  // One simulation step: through the experiment while it runs, else the network's own.
  void step(Network& network);
  // True once, after the step that finished the schedule.
  bool take_finished();
  bool finished_pending() const { return finished_; }

  bool has_experiment() const { return experiment_ != nullptr; }
  bool running() const { return experiment_ != nullptr && !experiment_->done(); }
  const Experiment* experiment() const { return experiment_.get(); }
  // Bumped whenever a phase ends or the experiment restarts (the dashboard redraws its caches).
  std::uint64_t generation() const { return generation_; }

 private:
  void remember_learning(const Network& network);
  void start(Network& network);  // a new Experiment, with the test set when it fits

  std::unique_ptr<Experiment> experiment_;
  std::vector<double> learn_;  // per projection, "learn" as the last training phase had it
  std::size_t phases_seen_ = 0;
  bool finished_ = false;
  std::uint64_t generation_ = 0;
  std::shared_ptr<const ImageSet> test_images_;
};

}  // namespace neurosim::gui
