// MNIST's IDX files (format: input_files.hpp), plain or gzip.
#include <algorithm>
#include <new>

#include "neurosim/io/mapped_file.hpp"
#include "neurosim/io/inflate.hpp"
#include "neurosim/io/input_files.hpp"

namespace neurosim::io {
namespace {

struct Idx {
  std::vector<std::uint32_t> dims;
  std::span<const std::uint8_t> data;
  std::vector<std::uint8_t> inflated;  // owns the bytes when the file was gzip
};

std::string hex_bytes(std::span<const std::uint8_t> b, std::size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < std::min(n, b.size()); ++i) {
    if (i) out += ' ';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

// "" and `out` filled, or the problem (without the file name).
std::string parse_idx(std::span<const std::uint8_t> bytes, std::size_t want_dims, Idx& out) {
  if (bytes.empty()) return "empty file (expected an IDX file)";
  if (is_gzip(bytes)) {
    InflateResult r = gunzip(bytes, kMaxIdxDataBytes);
    if (!r.ok()) return r.error;
    out.inflated = std::move(r.data);
    bytes = out.inflated;
  }
  const char* what = want_dims == 3 ? "images" : "labels";
  const std::string expected = want_dims == 3 ? "00 00 08 03" : "00 00 08 01";
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0)
    return "not an IDX file (starts with " + hex_bytes(bytes, 4) + "; expected " + expected + " for " + what + ")";
  if (bytes[2] != 0x08) {
    const char* type = bytes[2] == 0x09 ? "signed bytes" : bytes[2] == 0x0B ? "16-bit integers" : bytes[2] == 0x0C ? "32-bit integers"
                     : bytes[2] == 0x0D ? "32-bit floats" : bytes[2] == 0x0E ? "64-bit floats" : "an unknown type";
    return "IDX data type byte " + hex_bytes(bytes.subspan(2), 1) + " (" + type + ") is not supported: only unsigned bytes (08) are";
  }
  if (bytes[3] != want_dims)
    return "an IDX file of " + std::to_string(bytes[3]) + " dimension" + (bytes[3] == 1 ? "" : "s") + ", expected " + std::to_string(want_dims) +
           " for " + what + " (" + expected + ")";
  const std::size_t header = 4 + 4 * want_dims;
  if (bytes.size() < header) return "truncated: the header needs " + std::to_string(header) + " bytes, the file has " + std::to_string(bytes.size());
  std::uint64_t total = 1;
  for (std::size_t d = 0; d < want_dims; ++d) {
    const std::uint8_t* p = bytes.data() + 4 + 4 * d;
    const std::uint32_t v = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
    if (v == 0) return "dimension " + std::to_string(d + 1) + " is 0";
    out.dims.push_back(v);
    total *= v;
    if (total > kMaxIdxDataBytes) return "the header promises more than " + byte_size_text(kMaxIdxDataBytes) + " of data";
  }
  const std::uint64_t have = bytes.size() - header;
  if (have < total)
    return "truncated: the header promises " + std::to_string(total) + " bytes of data, the file has " + std::to_string(have);
  if (have > total) return std::to_string(have - total) + " bytes after the data the header describes (a damaged or different file?)";
  out.data = bytes.subspan(header);
  return {};
}

}  // namespace

ImagesResult parse_idx_images(std::span<const std::uint8_t> images, const std::string& images_source,
                              std::span<const std::uint8_t> labels, const std::string& labels_source) {
  ImagesResult result;
  try {
    Idx img;
    if (std::string e = parse_idx(images, 3, img); !e.empty()) {
      result.error = images_source + ": " + e;
      return result;
    }
    auto set = std::make_shared<ImageSet>();
    set->source = images_source;
    if (img.dims[0] > 0x7fffffffu || img.dims[1] > 65535u || img.dims[2] > 65535u) {
      result.error = images_source + ": image count or size out of range";
      return result;
    }
    set->count = static_cast<int>(img.dims[0]);
    set->rows = static_cast<int>(img.dims[1]);
    set->cols = static_cast<int>(img.dims[2]);
    if (!labels_source.empty()) {
      Idx lab;
      if (std::string e = parse_idx(labels, 1, lab); !e.empty()) {
        result.error = labels_source + ": " + e;
        return result;
      }
      if (lab.dims[0] != img.dims[0]) {
        result.error = labels_source + ": " + std::to_string(lab.dims[0]) + " labels for " + std::to_string(img.dims[0]) + " images in " + images_source;
        return result;
      }
      set->labels.assign(lab.data.begin(), lab.data.end());
    }
    set->pixels.assign(img.data.begin(), img.data.end());
    result.images = std::move(set);
  } catch (const std::bad_alloc&) {
    result.error = images_source + ": out of memory while reading";
  }
  return result;
}

ImagesResult load_idx_images(const std::filesystem::path& images, const std::filesystem::path& labels) {
  ImagesResult result;
  MappedFile img, lab;
  std::string error;
  if (!img.open(images, kMaxIdxFileBytes, "IDX files", error)) {
    result.error = images.string() + ": " + error;
    return result;
  }
  if (!labels.empty() && !lab.open(labels, kMaxIdxFileBytes, "IDX files", error)) {
    result.error = labels.string() + ": " + error;
    return result;
  }
  return parse_idx_images(img.bytes(), images.string(), lab.bytes(), labels.string());
}

}  // namespace neurosim::io
