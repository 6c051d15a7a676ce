// libFuzzer harness: recorded spikes as text, the NEST 3 .dat / NEST 2 .gdf reader and the
// NeuroSim spikes.csv reader (io/spike_files.hpp). The first byte picks the reader. A file
// that fails must say why and add nothing.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neurosim/io/spike_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  neurosim::io::SpikeRecording rec;
  const std::string e = (data[0] & 1) ? neurosim::io::parse_nest_spikes(text, "fuzz-1-0.dat", "fuzz-1", rec)
                                      : neurosim::io::parse_neurosim_spikes_csv(text, "fuzz.csv", rec);
  if (!e.empty() && (!rec.spikes.empty() || !rec.populations.empty())) std::abort();
  for (const auto& s : rec.spikes)
    if (s.population < 0 || static_cast<std::size_t>(s.population) >= rec.populations.size() || !(s.t_ms >= 0)) std::abort();
  return 0;
}
