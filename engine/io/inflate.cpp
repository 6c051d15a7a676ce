// DEFLATE and gzip decoding with zlib; see inflate.hpp.
//
// [SECTION] zlib's messages in plain words
// [SECTION] One stream
// [SECTION] gzip members
#include "neurosim/io/inflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace neurosim::io {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] zlib's messages in plain words
// ---------------------------------------------------------------------------------------------

// The trailer checks keep the words of the older messages (and of gunzip's); the rest are
// zlib's own ("invalid code lengths set"), prefixed so that they read as a damaged stream.
std::string plain(const char* msg) {
  const std::string m = msg != nullptr ? msg : "unknown error";
  if (m == "incorrect data check") return "CRC-32 mismatch: the data is damaged";
  if (m == "incorrect length check") return "length mismatch: the data is damaged";
  if (m == "incorrect header check") return "not gzip (no 1f 8b magic)";
  if (m == "unknown header flags set") return "reserved header flags are set";
  if (m == "header crc mismatch") return "header checksum mismatch";
  if (m == "invalid stored block lengths") return "invalid compressed data: stored block length check failed";
  if (m == "invalid distance too far back") return "invalid compressed data: a distance reaches before the start of the output";
  return "invalid compressed data: " + m;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] One stream
// ---------------------------------------------------------------------------------------------

enum class Format { Raw, Gzip };

struct Stream {
  z_stream z{};
  bool open = false;
  explicit Stream(Format format) {
    // -15: raw DEFLATE with a 32 KiB window; 16 + 15: one gzip member, header and trailer
    // checked by zlib.
    open = inflateInit2(&z, format == Format::Raw ? -MAX_WBITS : 16 + MAX_WBITS) == Z_OK;
  }
  ~Stream() {
    if (open) inflateEnd(&z);
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
};

struct Decoded {
  std::string error;       // "" when the stream ended properly
  std::size_t consumed;    // input bytes used (up to the error when there is one)
  bool trailer;            // the error came from a trailer check (CRC or length)
};

// Decodes one stream from `in`, appending to `out` (whose size grows as it fills) without
// letting the total pass `limit`.
Decoded decode(Stream& s, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out, std::size_t& filled, std::size_t limit) {
  if (!s.open) return {"zlib could not start (out of memory)", 0, false};
  z_stream& z = s.z;
  std::size_t fed = 0;  // bytes handed to zlib so far (avail_in is 32 bits)
  constexpr std::size_t kFeed = std::size_t{1} << 30;
  constexpr std::size_t kFirstChunk = std::size_t{1} << 16;
  while (true) {
    if (z.avail_in == 0 && fed < in.size()) {
      const std::size_t n = std::min(kFeed, in.size() - fed);
      z.next_in = const_cast<Bytef*>(in.data() + fed);  // zlib's API is not const; it only reads
      z.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    if (filled == out.size()) {
      // One byte past the limit tells "exactly the limit" from "more than the limit".
      if (filled > limit) return {"decompresses to more than " + std::to_string(limit) + " bytes", fed - z.avail_in, false};
      const std::size_t grow = std::max(kFirstChunk, out.size());
      out.resize(std::min({out.size() + grow, limit + 1, out.size() + static_cast<std::size_t>(std::numeric_limits<uInt>::max())}));
    }
    z.next_out = out.data() + filled;
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - filled, std::numeric_limits<uInt>::max()));
    const uInt before = z.avail_out;
    const int rc = ::inflate(&z, Z_NO_FLUSH);
    filled += before - z.avail_out;
    const std::size_t used = fed - z.avail_in;
    if (filled > limit) return {"decompresses to more than " + std::to_string(limit) + " bytes", used, false};
    if (rc == Z_STREAM_END) return {"", used, false};
    if (rc == Z_DATA_ERROR) {
      const std::string m = z.msg != nullptr ? z.msg : "";
      return {plain(z.msg), used, m == "incorrect data check" || m == "incorrect length check"};
    }
    if (rc == Z_MEM_ERROR) return {"out of memory while decompressing", used, false};
    if (rc == Z_BUF_ERROR || (z.avail_in == 0 && fed == in.size() && z.avail_out > 0)) {
      if (z.avail_in == 0 && fed == in.size()) return {"unexpected end of file (the file is truncated)", used, false};
    } else if (rc != Z_OK) {
      return {plain(z.msg), used, false};
    }
  }
}

}  // namespace

std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  uLong c = crc;
  std::size_t at = 0;
  while (at < bytes.size()) {  // zlib takes 32-bit lengths
    const std::size_t n = std::min<std::size_t>(bytes.size() - at, std::numeric_limits<uInt>::max());
    c = ::crc32(c, bytes.data() + at, static_cast<uInt>(n));
    at += n;
  }
  return static_cast<std::uint32_t>(c);
}

bool is_gzip(std::span<const std::uint8_t> bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

InflateResult inflate(std::span<const std::uint8_t> input, std::size_t max_output, std::size_t* consumed) {
  InflateResult r;
  Stream s(Format::Raw);
  std::size_t filled = 0;
  const Decoded d = decode(s, input, r.data, filled, max_output);
  r.data.resize(filled);
  if (!d.error.empty()) {
    r.error = d.error.rfind("invalid compressed data", 0) == 0 || d.error.rfind("unexpected end", 0) == 0 ? d.error
                                                                                                          : "invalid compressed data: " + d.error;
    r.data.clear();
    r.data.shrink_to_fit();
  }
  if (consumed != nullptr) *consumed = d.consumed;
  return r;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] gzip members (RFC 1952 2.3)
// ---------------------------------------------------------------------------------------------

InflateResult gunzip(std::span<const std::uint8_t> in, std::size_t max_output) {
  InflateResult r;
  const auto fail = [&](std::size_t offset, const std::string& message) {
    r.data.clear();
    r.data.shrink_to_fit();
    r.error = "gzip data at byte " + std::to_string(offset) + ": " + message;
    return std::move(r);
  };
  if (in.empty()) return fail(0, "empty file");
  // The last member's ISIZE is the whole length when there is one member (modulo 2^32). It is
  // only a hint, read before anything is checked: DEFLATE expands at most 1032:1, so a larger
  // claim is a damaged trailer and reserves nothing beyond that.
  if (in.size() >= 18) {
    const std::uint8_t* t = in.data() + in.size() - 4;
    const std::size_t isize = t[0] | (t[1] << 8) | (t[2] << 16) | (std::size_t{t[3]} << 24);
    r.data.reserve(std::min({isize, max_output, in.size() * 1032}));
  }
  std::size_t filled = 0;
  std::size_t pos = 0;
  int members = 0;
  while (pos < in.size()) {
    if (members > 0 && std::all_of(in.begin() + static_cast<std::ptrdiff_t>(pos), in.end(), [](std::uint8_t b) { return b == 0; }))
      break;  // zero padding after the last member (tape and some tools) is harmless
    // zlib reads the header too; these checks only make the first problems' messages plain.
    const std::size_t left = in.size() - pos;
    if (left < 2 || in[pos] != 0x1f || in[pos + 1] != 0x8b) {
      if (members > 0) return fail(pos, "trailing bytes after the last gzip member");
      return fail(pos, left < 2 ? "too short for a gzip header" : "not gzip (no 1f 8b magic)");
    }
    if (left >= 3 && in[pos + 2] != 8)
      return fail(pos + 2, "unknown compression method " + std::to_string(in[pos + 2]) + " (only 8, deflate, exists)");
    Stream s(Format::Gzip);
    r.data.resize(std::max(r.data.size(), std::min(r.data.capacity(), max_output + 1)));
    const Decoded d = decode(s, in.subspan(pos), r.data, filled, max_output);
    if (!d.error.empty()) {
      // A trailer check has read its 4 bytes: the offset is where they start.
      return fail(pos + d.consumed - (d.trailer ? 4 : 0), d.error);
    }
    pos += d.consumed;
    ++members;
  }
  r.data.resize(filled);
  return r;
}

}  // namespace neurosim::io
