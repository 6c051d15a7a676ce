#pragma once
// Built-in scenarios: assets/scenarios/<name>.json.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace neurosim::io {

// Where assets live: $NEUROSIM_ASSETS if set, else the source tree's assets/ (compiled in),
// else ../share/neurosim/assets next to the executable.
std::filesystem::path asset_dir();
std::vector<std::string> preset_names();  // sorted
std::optional<std::filesystem::path> preset_path(std::string_view name);
// The first line of a preset's "description".
std::string preset_description(std::string_view name);

}  // namespace neurosim::io
