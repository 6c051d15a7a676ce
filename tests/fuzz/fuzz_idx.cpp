// libFuzzer harness: IDX images and labels, plain or gzip (io::parse_idx_images, through zlib).
// The input is split at a point its first two bytes choose: images before, labels after.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "neurosim/io/input_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::span<const std::uint8_t> rest(data + 2, size - 2);
  const std::size_t cut = std::min<std::size_t>(rest.size(), (std::size_t{data[0]} << 8) | data[1]);
  const auto r = neurosim::io::parse_idx_images(rest.subspan(0, rest.size() - cut), "images.idx", rest.subspan(rest.size() - cut), "labels.idx");
  if (r.images == nullptr && r.error.empty()) std::abort();
  if (r.images != nullptr) {
    const std::string problem = r.images->check();
    (void)problem;
  }
  return 0;
}
