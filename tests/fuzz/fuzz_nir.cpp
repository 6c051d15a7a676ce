// libFuzzer harness: NIR graphs (io::load_nir_image: HDF5 from memory through libhdf5's core
// driver, then the graph's nodes, parameters and edges into a scenario).
#include <cstdint>
#include <cstdlib>

#include "neurosim/io/nir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto r = neurosim::io::load_nir_image(data, size, "model.nir");
  // Every input either loads or says why.
  if (!r.spec && r.errors.empty()) std::abort();
  return 0;
}
