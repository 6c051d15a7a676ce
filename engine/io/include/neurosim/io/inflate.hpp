#pragma once
// DEFLATE (RFC 1951) and gzip (RFC 1952) decompression, written out here because zlib is not
// among the project's dependencies. Whole buffers in, whole buffers out: the inputs it serves
// (gzipped IDX image files) are tens of megabytes.
//
// The decoder follows the RFC's block structure (stored, fixed Huffman, dynamic Huffman) with a
// canonical-code lookup table of 2^15 entries per alphabet, so a symbol costs one table read.
// Every malformed input is reported, never read past: a code that is over-subscribed or
// incomplete, a distance reaching before the output's start, a length code 286/287, a block
// type 3, a stored block whose length check fails, a stream that ends early. gzip adds the
// member header (FEXTRA, FNAME, FCOMMENT, FHCRC), the CRC-32 and the length of each member;
// concatenated members are decoded one after another, as gunzip does.
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

// Raw DEFLATE data. `max_output` bounds the output (a decompression bomb is refused, not
// expanded). `consumed` (optional) receives the number of input bytes the stream used.
InflateResult inflate(std::span<const std::uint8_t> input, std::size_t max_output, std::size_t* consumed = nullptr);

// A gzip file (one or more members). Errors name the byte offset where the problem is.
InflateResult gunzip(std::span<const std::uint8_t> input, std::size_t max_output);

// True when the bytes start with gzip's magic number 1f 8b.
bool is_gzip(std::span<const std::uint8_t> bytes);

// CRC-32 as gzip uses it (ISO 3309, reflected polynomial 0xEDB88320), continuing from `crc`.
std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

}  // namespace neurosim::io
