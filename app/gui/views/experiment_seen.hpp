#pragma once
// The experiment as the window last observed it: progress with every observation, the record
// (phase history, running score) when a view asked for it. Reads like Experiment's own accessors,
// so that the Experiment and Latency windows draw from observations. GL-free.
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct ExperimentSeen {
  const ExperimentProgress& now;
  const ExperimentRecord& record;

  bool done() const { return now.done; }
  ExperimentPhase phase() const { return now.phase; }
  int epoch() const { return now.epoch; }
  double progress() const { return now.progress; }
  const ExperimentSpec& spec() const { return record.spec; }
  bool classification() const { return record.classification; }
  const std::vector<PhaseMetrics>& history() const { return record.history; }
  const PhaseMetrics& current() const { return record.current; }
  const PhaseMetrics& final_score() const { return record.final_score; }
};

}  // namespace neurosim::gui
