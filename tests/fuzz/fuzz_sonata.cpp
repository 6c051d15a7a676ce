// libFuzzer harness: SONATA spike files (io::read_sonata_spikes_image: HDF5 from memory through
// libhdf5's core driver, /spikes/<population>/timestamps and node_ids). A file that fails must
// say why and add nothing; every spike read has a population and a time >= 0.
#include <cstdint>
#include <cstdlib>

#include "neurosim/io/spike_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  neurosim::io::SpikeRecording rec;
  const std::string e = neurosim::io::read_sonata_spikes_image(data, size, "spikes.h5", rec);
  if (!e.empty() && (!rec.spikes.empty() || !rec.populations.empty())) std::abort();
  for (const auto& s : rec.spikes)
    if (s.population < 0 || static_cast<std::size_t>(s.population) >= rec.populations.size() || !(s.t_ms >= 0) || s.neuron < 0) std::abort();
  return 0;
}
