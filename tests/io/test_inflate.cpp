// DEFLATE and gzip decoding (zlib, with the output bound and messages of inflate.hpp) against
// streams made by Python's zlib (tests/data/make_fixtures.py), one per block type, and against
// damaged streams: each gives its reason in plain words and, for gzip, the byte offset.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "neurosim/io/inflate.hpp"

using namespace neurosim;

namespace {

const std::filesystem::path kDir = std::filesystem::path(NEUROSIM_TEST_DATA_DIR) / "inflate";

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr std::size_t kLimit = 1u << 20;

}  // namespace

TEST_SUITE("io: inflate") {
  TEST_CASE("CRC-32 of the standard check string") {
    // "123456789" -> 0xCBF43926, the check value of CRC-32/ISO-HDLC (the CRC catalogue).
    const std::string s = "123456789";
    CHECK(io::crc32({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}) == 0xCBF43926u);
    CHECK(io::crc32({}) == 0u);
  }

  TEST_CASE("every block type decodes to the original bytes") {
    const auto original = read_bytes(kDir / "mixed.bin");
    REQUIRE(original.size() == 20000);
    for (const char* name : {"mixed-dynamic.deflate", "mixed-fixed.deflate", "mixed-stored.deflate"}) {
      INFO(name);
      const auto packed = read_bytes(kDir / name);
      std::size_t consumed = 0;
      const auto r = io::inflate(packed, kLimit, &consumed);
      CHECK(r.error == "");
      CHECK(r.data == original);
      CHECK(consumed == packed.size());
    }
  }

  TEST_CASE("gzip: one member, and two members with FNAME and FHCRC") {
    const auto original = read_bytes(kDir / "mixed.bin");
    const auto one = io::gunzip(read_bytes(kDir / "mixed.gz"), kLimit);
    CHECK(one.error == "");
    CHECK(one.data == original);
    const auto two = io::gunzip(read_bytes(kDir / "two-members.gz"), kLimit);
    CHECK(two.error == "");
    CHECK(std::string(two.data.begin(), two.data.end()) == "hello world\n");
  }

  TEST_CASE("damaged streams are refused with the reason") {
    auto gz = read_bytes(kDir / "mixed.gz");
    SUBCASE("truncated anywhere") {
      for (const std::size_t keep : {std::size_t{0}, std::size_t{5}, std::size_t{11}, gz.size() / 2, gz.size() - 9, gz.size() - 1}) {
        INFO(keep);
        const auto r = io::gunzip(std::span(gz.data(), keep), kLimit);
        CHECK_FALSE(r.ok());
        CHECK(r.data.empty());
      }
      const auto mid = io::gunzip(std::span(gz.data(), gz.size() / 2), kLimit);
      CHECK(mid.error == "gzip data at byte " + std::to_string(gz.size() / 2) + ": unexpected end of file (the file is truncated)");
      const auto in_trailer = io::gunzip(std::span(gz.data(), gz.size() - 3), kLimit);
      CHECK(in_trailer.error == "gzip data at byte " + std::to_string(gz.size() - 3) + ": unexpected end of file (the file is truncated)");
    }
    SUBCASE("a flipped bit in the data, the CRC or the length") {
      auto bad = gz;
      bad[bad.size() - 6] ^= 1;  // inside the stored CRC-32
      CHECK(io::gunzip(bad, kLimit).error == "gzip data at byte " + std::to_string(gz.size() - 8) + ": CRC-32 mismatch: the data is damaged");
      auto bad_length = gz;
      bad_length[bad_length.size() - 1] ^= 0x80;  // ISIZE claims 2 GiB more
      CHECK(io::gunzip(bad_length, kLimit).error == "gzip data at byte " + std::to_string(gz.size() - 4) + ": length mismatch: the data is damaged");
      // A flipped bit in the compressed data: zlib's reason, or the CRC when it still decodes.
      auto bad_data = gz;
      bad_data[gz.size() / 2] ^= 0x10;
      const auto r = io::gunzip(bad_data, kLimit);
      CHECK_FALSE(r.ok());
      CHECK(r.data.empty());
      CHECK((r.error.find("invalid compressed data: ") != std::string::npos || r.error.find("CRC-32 mismatch") != std::string::npos));
    }
    SUBCASE("trailing bytes, zero padding and a bomb in gzip") {
      auto trailing = gz;
      trailing.push_back('x');
      trailing.push_back('y');
      CHECK(io::gunzip(trailing, kLimit).error == "gzip data at byte " + std::to_string(gz.size()) + ": trailing bytes after the last gzip member");
      auto padded = gz;
      padded.resize(gz.size() + 512, 0);
      CHECK(io::gunzip(padded, kLimit).ok());
      const auto bomb = io::gunzip(gz, 1000);  // the offset is where the output passed the limit
      CHECK(bomb.error.find(": decompresses to more than 1000 bytes") != std::string::npos);
      CHECK(bomb.data.empty());
      CHECK(io::gunzip(gz, 20000).ok());  // exactly the limit
    }
    SUBCASE("block type 3 and a bad stored length") {
      const std::vector<std::uint8_t> type3{0x07};  // BFINAL 1, BTYPE 11
      CHECK(io::inflate(type3, kLimit).error == "invalid compressed data: invalid block type");
      const std::vector<std::uint8_t> stored{0x01, 0x05, 0x00, 0xFA, 0xEF, 'h', 'e', 'l', 'l', 'o'};  // NLEN wrong
      CHECK(io::inflate(stored, kLimit).error == "invalid compressed data: stored block length check failed");
    }
    SUBCASE("a distance reaching before the output") {
      // Fixed block: length 3 (code 257, 7 bits 0000001), distance code 0 (5 bits 00000) with
      // no output yet.
      const std::vector<std::uint8_t> bad{0x03, 0x02, 0x00};
      CHECK(io::inflate(bad, kLimit).error == "invalid compressed data: a distance reaches before the start of the output");
    }
    SUBCASE("a decompression bomb stops at the limit") {
      const auto r = io::inflate(read_bytes(kDir / "mixed-dynamic.deflate"), 1000);
      CHECK(r.error == "invalid compressed data: decompresses to more than 1000 bytes");
    }
    SUBCASE("not gzip at all") {
      const std::vector<std::uint8_t> png{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0};
      CHECK(io::gunzip(png, kLimit).error == "gzip data at byte 0: not gzip (no 1f 8b magic)");
    }
  }
}
