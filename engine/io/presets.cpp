// Built-in scenarios: the *.json files in <asset dir>/scenarios.
#include "neurosim/io/presets.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#ifndef NEUROSIM_ASSET_DIR
#define NEUROSIM_ASSET_DIR ""
#endif

namespace neurosim::io {
namespace {

namespace fs = std::filesystem;

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p, ec);
}

// <directory of the running executable>/../share/neurosim/assets (an installed layout).
fs::path installed_asset_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return (exe.parent_path() / ".." / "share" / "neurosim" / "assets").lexically_normal();
}

// A preset name is a plain file stem: no directories, no dots that could climb out.
bool valid_name(std::string_view name) {
  return !name.empty() && name.find_first_of("/\\") == std::string_view::npos && name != "." && name != ".." &&
         name.find('\0') == std::string_view::npos;
}

}  // namespace

fs::path asset_dir() {
  if (const char* env = std::getenv("NEUROSIM_ASSETS"); env && *env) return fs::path(env);
  const fs::path compiled{NEUROSIM_ASSET_DIR};
  if (is_dir(compiled)) return compiled;
  if (const fs::path installed = installed_asset_dir(); is_dir(installed)) return installed;
  return compiled.empty() ? installed_asset_dir() : compiled;  // absent: messages still name a place
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  const fs::path dir = asset_dir() / "scenarios";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code type_ec;
    if (p.extension() == ".json" && it->is_regular_file(type_ec)) names.push_back(p.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<fs::path> preset_path(std::string_view name) {
  if (!valid_name(name)) return std::nullopt;
  const fs::path p = asset_dir() / "scenarios" / (std::string(name) + ".json");
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  return p;
}

std::string preset_description(std::string_view name) {
  const auto path = preset_path(name);
  if (!path) return {};
  std::ifstream in(*path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return {};
  const auto it = json.find("description");
  if (it == json.end() || !it->is_string()) return {};
  const std::string& description = it->get_ref<const std::string&>();
  return description.substr(0, description.find('\n'));
}

}  // namespace neurosim::io
