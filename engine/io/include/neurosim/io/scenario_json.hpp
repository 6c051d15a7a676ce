#pragma once
// Scenario files (JSON) to and from ScenarioSpec. Every problem is reported with the path of
// the field ("populations[1].params.tau_m: must be > 0 (got 0)"); unknown keys are errors.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/spec.hpp"

namespace neurosim::io {

struct LoadResult {
  std::optional<ScenarioSpec> spec;  // empty when errors is not empty
  std::vector<SpecError> errors;
};

struct LoadOptions {
  // Read the data files the scenario's inputs name (input_files.hpp), relative to the scenario
  // file (parse_scenario: to the working directory). false: leave them for io::load_inputs(),
  // e.g. after `--input` pointed an input elsewhere; the meaning check then waits for
  // build_network() too.
  bool read_inputs = true;
  // parse_scenario: the folder relative data paths start from ("" : the working directory).
  // load_scenario_file always uses the file's folder.
  std::string base_dir;
};

// Parses JSON text. `source` names the file in messages. Runs check_scenario() too, so a spec
// that comes back is ready to build.
LoadResult parse_scenario(std::string_view json_text, const std::string& source, const LoadOptions& options = {});
LoadResult load_scenario_file(const std::filesystem::path& path, const LoadOptions& options = {});
// A preset name ("cuba") or a path to a .json file.
LoadResult load_scenario(std::string_view name_or_path, const LoadOptions& options = {});
// Pretty JSON that parse_scenario() reads back to an equal spec.
std::string scenario_to_json(const ScenarioSpec& spec);
// Sets one field given by path ("duration_ms", "populations[0].params.tau_m",
// "populations.exc.params.tau_m"), as `neurosim run --set` does. Returns "" or the reason.
std::string apply_override(ScenarioSpec& spec, std::string_view path, std::string_view value);

}  // namespace neurosim::io
