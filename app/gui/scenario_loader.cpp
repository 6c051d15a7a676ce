// Load/build and save for the window (see scenario_loader.hpp).
#include "gui/scenario_loader.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "neurosim/io/scenario_json.hpp"

namespace neurosim::gui {

namespace {

// "FILE: path: message", as the command line prints it; file-level problems ("a.json:3:7: ...")
// already start with the file name.
std::string error_line(const std::string& source, const SpecError& e) {
  if (e.path.empty() && e.message.compare(0, source.size() + 1, source + ":") == 0) return e.message;
  return source + ": " + e.text();
}

}  // namespace

LoadedNetwork load_network(const std::string& name_or_path) {
  LoadedNetwork out;
  try {
    io::LoadResult loaded = io::load_scenario(name_or_path);
    for (const SpecError& e : loaded.errors) out.errors.push_back(error_line(name_or_path, e));
    if (!loaded.spec) {
      if (out.errors.empty()) out.errors.push_back(name_or_path + ": cannot load");
      return out;
    }
    BuildResult built = build_network(*loaded.spec, BuildOptions{});
    for (const SpecError& e : built.errors) out.errors.push_back(error_line(name_or_path, e));
    if (built.network && out.errors.empty()) out.network = std::move(built.network);
  } catch (const std::exception& e) {
    // A network too large for memory must not take the window (and the old network) down.
    out.errors.push_back(name_or_path + ": " + e.what());
    out.network.reset();
  }
  if (!out.network && out.errors.empty()) out.errors.push_back(name_or_path + ": cannot build the network");
  return out;
}

std::string save_scenario(const Network& network, const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return "cannot write " + tmp;
    file << io::scenario_to_json(network.spec());
    if (!file.good()) return "cannot write " + tmp;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return "cannot rename " + tmp + " to " + path + ": " + ec.message();
  }
  return "";
}

}  // namespace neurosim::gui
