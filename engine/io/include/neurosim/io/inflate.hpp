#pragma once
// DEFLATE (RFC 1951) and gzip (RFC 1952) decompression through zlib. Whole buffers in, whole
// buffers out: the inputs it serves (gzipped IDX image files) are tens of megabytes.
//
// What this layer adds to zlib: a bound on the output (a decompression bomb is refused, not
// expanded), concatenated gzip members decoded one after another as gunzip does, zero padding
// after the last member accepted, and messages that say what is wrong in plain words and, for
// gzip, at which byte of the file ("gzip data at byte 55: CRC-32 mismatch: the data is
// damaged"). The size a gzip trailer claims is only a hint for the first allocation, and never
// more than DEFLATE's largest expansion (1032:1) of the input.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace neurosim::io {

struct InflateResult {
  std::vector<std::uint8_t> data;
  std::string error;  // "" on success
  bool ok() const { return error.empty(); }
};

// Raw DEFLATE data. `max_output` bounds the output. `consumed` (optional) receives the number
// of input bytes the stream used.
InflateResult inflate(std::span<const std::uint8_t> input, std::size_t max_output, std::size_t* consumed = nullptr);

// A gzip file (one or more members). Errors name the byte offset where the problem is.
InflateResult gunzip(std::span<const std::uint8_t> input, std::size_t max_output);

// True when the bytes start with gzip's magic number 1f 8b.
bool is_gzip(std::span<const std::uint8_t> bytes);

// CRC-32 as gzip uses it (ISO 3309, reflected polynomial 0xEDB88320), continuing from `crc`.
std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

}  // namespace neurosim::io
