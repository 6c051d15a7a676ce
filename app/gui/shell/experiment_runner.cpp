// Experiment driving for the window (see experiment_runner.hpp).
#include "gui/shell/experiment_runner.hpp"

#include "neurosim/file_source.hpp"

namespace neurosim::gui {

void ExperimentRunner::attach(Network& network) {
  experiment_.reset();
  finished_ = false;
  phases_seen_ = 0;
  ++generation_;
  learn_.clear();
  if (!network.spec().experiment) return;
  network.apply_pending_commands();
  start(network);
}

void ExperimentRunner::start(Network& network) {
  remember_learning(network);
  experiment_ = std::make_unique<Experiment>(network);
  if (!test_images_ || !experiment_->classification()) return;
  const int input = network.spec().population_index(experiment_->spec().input);
  const auto* source = input >= 0 ? dynamic_cast<const ImagePopulation*>(&network.population(input)) : nullptr;
  const ImageSet* train = source != nullptr ? source->images() : nullptr;
  if (train != nullptr && train->rows == test_images_->rows && train->cols == test_images_->cols)
    experiment_->set_test_images(test_images_);
}

void ExperimentRunner::restart(Network& network) {
  if (!network.spec().experiment) {
    attach(network);
    return;
  }
  // A reset during an evaluation (or one queued behind its freeze) would keep the rules frozen:
  // give them back the setting they had while training.
  network.apply_pending_commands();
  for (std::size_t j = 0; j < learn_.size() && static_cast<int>(j) < network.projection_count(); ++j) {
    const Plasticity* rule = network.plasticity(static_cast<int>(j));
    if (rule != nullptr && rule->param("learn") != learn_[j])
      network.submit(SetPlasticityParam{static_cast<int>(j), "learn", learn_[j]});
  }
  network.apply_pending_commands();
  experiment_.reset();
  finished_ = false;
  phases_seen_ = 0;
  ++generation_;
  start(network);
}

void ExperimentRunner::remember_learning(const Network& network) {
  learn_.assign(static_cast<std::size_t>(network.projection_count()), 1.0);
  for (int j = 0; j < network.projection_count(); ++j)
    if (const Plasticity* rule = network.plasticity(j)) learn_[static_cast<std::size_t>(j)] = rule->param("learn");
}

void ExperimentRunner::step(Network& network) {
  if (!running()) {
    network.step();
    return;
  }
  const ExperimentPhase before = experiment_->phase();
  experiment_->step();
  // Training -> evaluation: the freeze was only submitted, so the rules still hold the
  // training setting now, which is what a later reset must restore.
  if (before == ExperimentPhase::Training && experiment_->phase() != ExperimentPhase::Training) remember_learning(network);
  if (experiment_->history().size() != phases_seen_) {
    phases_seen_ = experiment_->history().size();
    ++generation_;
  }
  if (experiment_->done()) finished_ = true;
}

bool ExperimentRunner::take_finished() {
  const bool f = finished_;
  finished_ = false;
  return f;
}

}  // namespace neurosim::gui
