// libFuzzer harness: scenario files (io::parse_scenario), without reading data files. A
// scenario that loads must write back to JSON that loads again.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neurosim/io/scenario_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  neurosim::io::LoadOptions options;
  options.read_inputs = false;
  const auto r = neurosim::io::parse_scenario(text, "fuzz.json", options);
  if (!r.spec) {
    if (r.errors.empty()) std::abort();
    return 0;
  }
  const auto again = neurosim::io::parse_scenario(neurosim::io::scenario_to_json(*r.spec), "again.json", options);
  if (!again.spec) std::abort();  // what we write, we read
  return 0;
}
