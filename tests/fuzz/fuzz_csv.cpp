// libFuzzer harness: time series CSV (io::parse_time_series_csv). The first byte picks how the
// values are read (spikes, rates, currents); a series that loads must pass its own check() or
// be refused by it, and its length must be a number.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neurosim/io/input_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto kind = static_cast<neurosim::InputKind>(data[0] % 3);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto r = neurosim::io::parse_time_series_csv(text, "fuzz.csv", kind);
  if (r.series == nullptr) {
    if (r.error.empty()) std::abort();  // neither data nor a reason
    return 0;
  }
  const std::string problem = r.series->check(kind);
  (void)problem;
  if (std::isnan(r.series->length_ms(0.1))) std::abort();
  return 0;
}
