#pragma once
// `neurosim run ... --load-state FILE` and `--save-state FILE`: a run's whole state written at
// its end and read back after the build, so that a run continues as if it had never stopped
// (checkpoint.hpp, io/state_file.hpp).
#include <cstdint>
#include <string>

#include "neurosim/spec.hpp"

namespace neurosim {
class Session;
}  // namespace neurosim

namespace neurosim::cli {

// Restores FILE into the Session built from `spec` (with every command-line change): its
// network, experiment and timeline. Returns "" (also when FILE is empty: nothing to load) or the
// message for exit 2.
std::string load_run_state(const std::string& file, const ScenarioSpec& spec, Session& session);
// Writes the state at the end of the run. Returns "" (also when FILE is empty) or the message.
std::string save_run_state(const std::string& file, const ScenarioSpec& spec, const Session& session);

}  // namespace neurosim::cli
