// DEFLATE (RFC 1951) and gzip (RFC 1952) decoding; see inflate.hpp.
//
// [SECTION] Bits
// [SECTION] Huffman tables
// [SECTION] Blocks
// [SECTION] gzip members
#include "neurosim/io/inflate.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace neurosim::io {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Bits: DEFLATE packs bits from the least significant end of each byte.
// ---------------------------------------------------------------------------------------------

struct Truncated {};  // thrown inside this file only: the stream ended early
struct Bad {          // thrown inside this file only: malformed data
  std::string what;
};

class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> in) : in_(in) {}

  // Ensures n <= 32 bits are buffered; false when the input ends first.
  bool fill(int n) {
    while (count_ < n) {
      if (pos_ >= in_.size()) return false;
      bits_ |= static_cast<std::uint64_t>(in_[pos_++]) << count_;
      count_ += 8;
    }
    return true;
  }
  std::uint32_t get(int n) {
    if (n == 0) return 0;
    if (!fill(n)) throw Truncated{};
    const auto v = static_cast<std::uint32_t>(bits_ & ((std::uint64_t{1} << n) - 1));
    bits_ >>= n;
    count_ -= n;
    return v;
  }
  // Up to n bits without consuming them (zeros past the end), and how many are real.
  std::uint32_t peek(int n, int& available) {
    fill(n);
    available = count_;
    return static_cast<std::uint32_t>(bits_ & ((std::uint64_t{1} << n) - 1));
  }
  void drop(int n) {
    bits_ >>= n;
    count_ -= n;
  }
  // Discards the bits left in the current byte and hands back whole buffered bytes, so that
  // the next read starts at a byte boundary in the input (stored blocks).
  void align() {
    drop(count_ % 8);
    pos_ -= static_cast<std::size_t>(count_ / 8);
    bits_ = 0;
    count_ = 0;
  }
  std::size_t position() const { return pos_ - static_cast<std::size_t>(count_ / 8); }
  std::span<const std::uint8_t> input() const { return in_; }
  void skip_bytes(std::size_t n) { pos_ += n; }  // only right after align()

 private:
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  std::uint64_t bits_ = 0;
  int count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Huffman tables: canonical codes (RFC 1951 3.2.2) in a table indexed by the next
// max_bits input bits (bit-reversed codes, since the stream sends codes from their first bit).
// ---------------------------------------------------------------------------------------------

class Huffman {
 public:
  // `what` names the alphabet in messages. Returns false for a set that has no codes at all.
  void build(const std::uint8_t* lengths, int n, const char* what) {
    std::array<int, 16> count{};
    for (int s = 0; s < n; ++s) ++count[lengths[s]];
    count[0] = 0;
    int left = 1;
    max_bits_ = 0;
    for (int len = 1; len <= 15; ++len) {
      left <<= 1;
      left -= count[static_cast<std::size_t>(len)];
      if (left < 0) throw Bad{std::string("over-subscribed ") + what + " code"};
      if (count[static_cast<std::size_t>(len)] > 0) max_bits_ = len;
    }
    // Incomplete sets are accepted (a lone distance code is one); an unused pattern decodes
    // as an error when met.
    std::array<std::uint32_t, 16> next{};
    std::uint32_t code = 0;
    for (int len = 1; len <= 15; ++len) {
      code = (code + static_cast<std::uint32_t>(count[static_cast<std::size_t>(len - 1)])) << 1;
      next[static_cast<std::size_t>(len)] = code;
    }
    const int bits = std::max(1, max_bits_);
    table_.assign(std::size_t{1} << bits, 0);
    for (int s = 0; s < n; ++s) {
      const int len = lengths[s];
      if (len == 0) continue;
      const std::uint32_t c = next[static_cast<std::size_t>(len)]++;
      std::uint32_t rev = 0;
      for (int b = 0; b < len; ++b) rev |= ((c >> b) & 1u) << (len - 1 - b);
      const std::uint32_t entry = (static_cast<std::uint32_t>(s) << 4) | static_cast<std::uint32_t>(len);
      for (std::size_t i = rev; i < table_.size(); i += std::size_t{1} << len) table_[i] = entry;
    }
    max_bits_ = bits;
    what_ = what;
  }

  int decode(BitReader& br) const {
    int available = 0;
    const std::uint32_t entry = table_[br.peek(max_bits_, available)];
    const int len = static_cast<int>(entry & 15u);
    if (len == 0) {
      if (available < max_bits_) throw Truncated{};
      throw Bad{std::string("invalid ") + what_ + " code"};
    }
    if (len > available) throw Truncated{};
    br.drop(len);
    return static_cast<int>(entry >> 4);
  }

 private:
  std::vector<std::uint32_t> table_;
  int max_bits_ = 1;
  const char* what_ = "";
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Blocks
// ---------------------------------------------------------------------------------------------

constexpr std::array<std::uint16_t, 29> kLengthBase{3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                                    31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLengthExtra{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<std::uint16_t, 30> kDistBase{1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                                  193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<std::uint8_t, 30> kDistExtra{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr std::array<std::uint8_t, 19> kCodeLengthOrder{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

class Inflater {
 public:
  Inflater(std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out, std::size_t max_output)
      : br_(in), out_(out), start_(out.size()), limit_(max_output) {}

  void run() {
    bool last = false;
    while (!last) {
      last = br_.get(1) == 1;
      switch (br_.get(2)) {
        case 0: stored(); break;
        case 1: fixed(); break;
        case 2: dynamic(); break;
        default: throw Bad{"invalid block type 3"};
      }
    }
  }
  std::size_t consumed() const { return br_.position(); }

 private:
  void room(std::size_t n) {
    if (out_.size() - start_ + n > limit_) throw Bad{"decompresses to more than " + std::to_string(limit_) + " bytes"};
    if (out_.size() + n > out_.capacity()) out_.reserve(std::max(out_.capacity() * 2, out_.size() + n));
  }

  void stored() {
    br_.align();
    const auto in = br_.input();
    std::size_t pos = br_.position();
    if (in.size() - pos < 4) throw Truncated{};
    const unsigned len = in[pos] | (in[pos + 1] << 8);
    const unsigned nlen = in[pos + 2] | (in[pos + 3] << 8);
    if ((len ^ 0xFFFFu) != nlen) throw Bad{"stored block length check failed"};
    pos += 4;
    if (in.size() - pos < len) throw Truncated{};
    room(len);
    out_.insert(out_.end(), in.begin() + static_cast<std::ptrdiff_t>(pos), in.begin() + static_cast<std::ptrdiff_t>(pos + len));
    br_.skip_bytes(4 + len);
  }

  void fixed() {
    if (!fixed_built_) {
      std::array<std::uint8_t, 288> lit{};
      for (int s = 0; s < 288; ++s) lit[static_cast<std::size_t>(s)] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
      std::array<std::uint8_t, 30> dist{};
      dist.fill(5);
      fixed_lit_.build(lit.data(), 288, "literal/length");
      fixed_dist_.build(dist.data(), 30, "distance");
      fixed_built_ = true;
    }
    codes(fixed_lit_, fixed_dist_);
  }

  void dynamic() {
    const int nlen = static_cast<int>(br_.get(5)) + 257;
    const int ndist = static_cast<int>(br_.get(5)) + 1;
    const int ncode = static_cast<int>(br_.get(4)) + 4;
    if (nlen > 286) throw Bad{"too many literal/length codes (" + std::to_string(nlen) + ")"};
    if (ndist > 30) throw Bad{"too many distance codes (" + std::to_string(ndist) + ")"};
    std::array<std::uint8_t, 19> cl{};
    for (int i = 0; i < ncode; ++i) cl[kCodeLengthOrder[static_cast<std::size_t>(i)]] = static_cast<std::uint8_t>(br_.get(3));
    Huffman clh;
    clh.build(cl.data(), 19, "code length");
    std::array<std::uint8_t, 286 + 30> lengths{};
    int n = 0;
    while (n < nlen + ndist) {
      const int sym = clh.decode(br_);
      if (sym < 16) {
        lengths[static_cast<std::size_t>(n++)] = static_cast<std::uint8_t>(sym);
        continue;
      }
      std::uint8_t value = 0;
      int repeat = 0;
      if (sym == 16) {
        if (n == 0) throw Bad{"repeat of a code length with none before it"};
        value = lengths[static_cast<std::size_t>(n - 1)];
        repeat = 3 + static_cast<int>(br_.get(2));
      } else if (sym == 17) {
        repeat = 3 + static_cast<int>(br_.get(3));
      } else {
        repeat = 11 + static_cast<int>(br_.get(7));
      }
      if (n + repeat > nlen + ndist) throw Bad{"code lengths run past the end of the table"};
      while (repeat-- > 0) lengths[static_cast<std::size_t>(n++)] = value;
    }
    if (lengths[256] == 0) throw Bad{"no end-of-block code"};
    lit_.build(lengths.data(), nlen, "literal/length");
    dist_.build(lengths.data() + nlen, ndist, "distance");
    codes(lit_, dist_);
  }

  void codes(const Huffman& lit, const Huffman& dist) {
    while (true) {
      const int sym = lit.decode(br_);
      if (sym < 256) {
        room(1);
        out_.push_back(static_cast<std::uint8_t>(sym));
        continue;
      }
      if (sym == 256) return;
      const int li = sym - 257;
      if (li >= 29) throw Bad{"invalid length code " + std::to_string(sym)};
      const std::size_t len = kLengthBase[static_cast<std::size_t>(li)] + br_.get(kLengthExtra[static_cast<std::size_t>(li)]);
      const int di = dist.decode(br_);
      if (di >= 30) throw Bad{"invalid distance code " + std::to_string(di)};
      const std::size_t d = kDistBase[static_cast<std::size_t>(di)] + br_.get(kDistExtra[static_cast<std::size_t>(di)]);
      if (d > out_.size() - start_) throw Bad{"distance " + std::to_string(d) + " reaches before the start of the output"};
      room(len);
      const std::size_t from = out_.size() - d;
      for (std::size_t i = 0; i < len; ++i) out_.push_back(out_[from + i]);  // may overlap: byte by byte
    }
  }

  BitReader br_;
  std::vector<std::uint8_t>& out_;
  std::size_t start_;
  std::size_t limit_;
  Huffman lit_, dist_, fixed_lit_, fixed_dist_;
  bool fixed_built_ = false;
};

// Appends the decoded stream to `out`; "" or the problem.
std::string inflate_into(std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out, std::size_t max_output, std::size_t& consumed) {
  Inflater inflater(in, out, max_output);
  try {
    inflater.run();
  } catch (const Truncated&) {
    return "unexpected end of compressed data (the file is truncated)";
  } catch (const Bad& e) {
    return "invalid compressed data: " + e.what;
  }
  consumed = inflater.consumed();
  return {};
}

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[n] = c;
  }
  return t;
}

std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) | (static_cast<std::uint32_t>(p[2]) << 16) |
         (static_cast<std::uint32_t>(p[3]) << 24);
}

}  // namespace

std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  static const std::array<std::uint32_t, 256> table = make_crc_table();
  crc = ~crc;
  for (const std::uint8_t b : bytes) crc = table[(crc ^ b) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

bool is_gzip(std::span<const std::uint8_t> bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

InflateResult inflate(std::span<const std::uint8_t> input, std::size_t max_output, std::size_t* consumed) {
  InflateResult r;
  std::size_t used = 0;
  r.error = inflate_into(input, r.data, max_output, used);
  if (!r.ok()) r.data.clear();
  if (consumed != nullptr) *consumed = used;
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
  // The last member's ISIZE is the whole length when there is one member (modulo 2^32). It is
  // only a hint, read before anything is checked: DEFLATE expands at most 1032:1, so a larger
  // claim is a damaged trailer and reserves nothing beyond that.
  if (in.size() >= 18) r.data.reserve(std::min({std::size_t{le32(in.data() + in.size() - 4)}, max_output, in.size() * 1032}));
  std::size_t pos = 0;
  int members = 0;
  while (pos < in.size()) {
    if (members > 0 && std::all_of(in.begin() + static_cast<std::ptrdiff_t>(pos), in.end(), [](std::uint8_t b) { return b == 0; }))
      break;  // zero padding after the last member (tape and some tools) is harmless
    const std::size_t start = pos;
    if (in.size() - pos < 10) return fail(pos, members == 0 ? "too short for a gzip header" : "trailing bytes after the last gzip member");
    if (in[pos] != 0x1f || in[pos + 1] != 0x8b)
      return fail(pos, members == 0 ? "not gzip (no 1f 8b magic)" : "trailing bytes after the last gzip member");
    if (in[pos + 2] != 8) return fail(pos + 2, "unknown compression method " + std::to_string(in[pos + 2]) + " (only 8, deflate, exists)");
    const std::uint8_t flags = in[pos + 3];
    if (flags & 0xE0u) return fail(pos + 3, "reserved header flags are set");
    pos += 10;
    if (flags & 0x04u) {  // FEXTRA
      if (in.size() - pos < 2) return fail(pos, "truncated header");
      const std::size_t xlen = in[pos] | (in[pos + 1] << 8);
      pos += 2;
      if (in.size() - pos < xlen) return fail(pos, "truncated header");
      pos += xlen;
    }
    for (const std::uint8_t bit : {std::uint8_t{0x08}, std::uint8_t{0x10}}) {  // FNAME, FCOMMENT: zero-terminated
      if (!(flags & bit)) continue;
      const auto* end = static_cast<const std::uint8_t*>(std::memchr(in.data() + pos, 0, in.size() - pos));
      if (end == nullptr) return fail(pos, "truncated header");
      pos = static_cast<std::size_t>(end - in.data()) + 1;
    }
    if (flags & 0x02u) {  // FHCRC: the low 16 bits of the header's CRC-32
      if (in.size() - pos < 2) return fail(pos, "truncated header");
      const unsigned stored = in[pos] | (in[pos + 1] << 8);
      if (stored != (crc32(in.subspan(start, pos - start)) & 0xFFFFu)) return fail(pos, "header checksum mismatch");
      pos += 2;
    }
    const std::size_t before = r.data.size();
    std::size_t used = 0;
    const std::string e = inflate_into(in.subspan(pos), r.data, max_output - before, used);
    if (!e.empty()) return fail(pos, e);
    pos += used;
    if (in.size() - pos < 8) return fail(pos, "unexpected end of file in the gzip trailer (the file is truncated)");
    const std::uint32_t crc = le32(in.data() + pos), isize = le32(in.data() + pos + 4);
    const std::span<const std::uint8_t> member(r.data.data() + before, r.data.size() - before);
    if (crc32(member) != crc) return fail(pos, "CRC-32 mismatch: the data is damaged");
    if (static_cast<std::uint32_t>(member.size()) != isize) return fail(pos + 4, "length mismatch: the data is damaged");
    pos += 8;
    ++members;
  }
  if (members == 0) return fail(0, "empty file");
  return r;
}

}  // namespace neurosim::io
