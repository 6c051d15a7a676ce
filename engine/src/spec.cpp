#include "neurosim/spec.hpp"

namespace neurosim {

int ScenarioSpec::population_index(const std::string& population_name) const {
  for (std::size_t i = 0; i < populations.size(); ++i)
    if (populations[i].name == population_name) return static_cast<int>(i);
  return -1;
}

}  // namespace neurosim
