#pragma once
// The two Sessions of a comparison, built away from the window's thread: building a large
// network takes seconds, and the window must keep drawing meanwhile (the Compare action runs this
// on a thread of its own; `gui A --compare B` runs it before the first frame). No GL, no ImGui.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "neurosim/checkpoint.hpp"
#include "neurosim/session.hpp"

namespace neurosim::gui {

struct CompareRequest {
  ScenarioSpec a, b;
  std::string label_a, label_b;
  // Both sides continue from this state (the Compare action's copy); without it both start at 0.
  std::shared_ptr<const Checkpoint> from;
  std::vector<std::pair<int, int>> probes;  // the neurons to trace on both sides (else the first of up to two populations)
  std::shared_ptr<const ImageSet> test_digits;  // for a classification experiment's test phase
};

struct CompareBuilt {
  std::unique_ptr<Session> a, b;
  std::string label_a, label_b;
  std::string error;  // why not, when a or b is missing
  std::string note;   // built, with this to say (the copy started at t = 0)
};

CompareBuilt build_compare(const CompareRequest& request);

}  // namespace neurosim::gui
