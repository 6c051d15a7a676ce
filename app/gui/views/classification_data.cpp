// Votes per label for the image on show (see classification_panels.hpp). No ImGui, no GL: the
// app tests compile this file on its own.
#include "gui/views/classification_data.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace neurosim::gui {

int vote(const std::vector<std::uint32_t>& counts, const std::vector<int>& assignments, int labels, std::vector<double>& votes) {
  votes.assign(static_cast<std::size_t>(std::max(labels, 0)), 0.0);
  std::vector<int> members(votes.size(), 0);
  const std::size_t n = std::min(counts.size(), assignments.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int l = assignments[i];
    if (l < 0 || l >= labels) continue;
    votes[static_cast<std::size_t>(l)] += counts[i];
    ++members[static_cast<std::size_t>(l)];
  }
  int best = -1;
  double best_vote = 0.0;
  bool tie = false;
  for (std::size_t l = 0; l < votes.size(); ++l) {
    if (members[l] > 0) votes[l] /= members[l];
    if (votes[l] > best_vote) {
      best_vote = votes[l];
      best = static_cast<int>(l);
      tie = false;
    } else if (votes[l] == best_vote && best_vote > 0.0) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

}  // namespace neurosim::gui
