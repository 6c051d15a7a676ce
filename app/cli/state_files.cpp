#include "cli/state_files.hpp"

#include <exception>

#include "neurosim/checkpoint.hpp"
#include "neurosim/io/state_file.hpp"
#include "neurosim/session.hpp"
#include "neurosim/state_visitor.hpp"
#include "version.hpp"

namespace neurosim::cli {

std::string load_run_state(const std::string& file, const ScenarioSpec& spec, Session& session) {
  if (file.empty()) return {};
  io::StateFileRead read = io::read_state_file(file, spec, kVersion);
  if (!read.error.empty()) return read.error;
  if (const std::string e = session.restore_state(read.checkpoint); !e.empty()) return "state file " + file + " cannot be restored: " + e;
  return {};
}

std::string save_run_state(const std::string& file, const ScenarioSpec& spec, const Session& session) {
  if (file.empty()) return {};
  try {
    // A state file is replaced: saving the latest state under one name is what it is for.
    Checkpoint state;
    session.capture_state(state);
    io::write_state_file(file, state, spec, kVersion, io::Replace::Allowed);
  } catch (const std::exception& e) {
    return std::string("--save-state: ") + e.what();
  }
  return {};
}

}  // namespace neurosim::cli
