#pragma once
// What the classification views show (classification_panels.hpp), as plain data: gathered once
// per frame from the experiment by ClassificationViews, read by the panels. No ImGui, no GL.
#include <cstdint>
#include <string>
#include <vector>

namespace neurosim {
struct ImageSet;
}

namespace neurosim::gui {

// One scored presentation: what the running curves are drawn from.
struct ScoredImage {
  std::uint64_t index = 0;  // presentations scored so far, this one included
  int epoch = 0;
  bool correct = false;
  bool test = false;        // scored in the test phase (learning frozen)
  float latency_ms = -1.0f; // from onset to the decision (the deciding spike); < 0: no answer
  float energy_j = 0.0f;    // synaptic events of the presentation x the energy model's joules per SOP
};

struct ClassificationFrame {
  bool active = false;       // the scenario is a classification experiment
  std::string phase;         // "training", "evaluation", "test", "done"
  int epoch = 0, epochs = 0;
  double progress = 0.0;     // 0..1 over the whole schedule
  // The image on show
  const ImageSet* images = nullptr;  // the input population's images (null: none)
  int image = -1, label = -1;
  int answer = -1;                    // the network's answer for the window under way so far
  int last_label = -1, last_answer = -1;  // the last window scored
  std::vector<std::uint32_t> counts;  // per output neuron: spikes in the window under way
  std::vector<int> assignments;       // per output neuron: its label (-1: none yet)
  std::vector<double> votes;          // per label: mean count of its assigned neurons
  int labels = 10;
  // Curves
  std::vector<ScoredImage> scored;    // in order; capped (oldest thinned) by the views
  std::vector<double> epoch_accuracy; // per finished training epoch
  // Test results (after the test phase)
  bool tested = false;
  std::uint64_t test_images = 0, test_correct = 0, test_unanswered = 0;
  std::vector<std::uint64_t> confusion;  // labels x labels, row = true label
  std::vector<double> per_label;         // accuracy per true label
  double test_latency_ms = 0.0, test_energy_j = 0.0;
  std::string energy_model;
};

// Votes per label: the mean count of each label's assigned neurons (Diehl & Cook 2015), and the
// answer: the label with the highest vote, -1 when no assigned neuron fired or labels tie.
int vote(const std::vector<std::uint32_t>& counts, const std::vector<int>& assignments, int labels,
         std::vector<double>& votes);

}  // namespace neurosim::gui
