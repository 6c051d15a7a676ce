// NPY 1.0 headers checked field by field against the format's specification (NEP 1,
// numpy/lib/format.py): magic, version, little-endian header length, a dict literal with
// 'descr', 'fortran_order' and 'shape' in that order, padded with spaces to a multiple of 64
// bytes including the terminating newline.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "neurosim/io/npy.hpp"

using namespace neurosim;

namespace {

// The checks numpy's reader makes (read_array_header_1_0 / _read_array_header).
void check_header(const std::string& h, const std::string& dict_start) {
  REQUIRE(h.size() >= 10);
  CHECK(h.substr(0, 6) == std::string("\x93NUMPY", 6));
  CHECK(h[6] == '\x01');  // major version
  CHECK(h[7] == '\x00');  // minor version
  const std::size_t len = static_cast<unsigned char>(h[8]) | (static_cast<unsigned char>(h[9]) << 8);
  CHECK(h.size() == 10 + len);
  CHECK(h.size() % 64 == 0);
  CHECK(h.back() == '\n');
  const std::string dict = h.substr(10);
  CHECK(dict.rfind(dict_start, 0) == 0);
  // Padding: only spaces between the dict's closing brace and the newline.
  const std::size_t close = dict.rfind('}');
  REQUIRE(close != std::string::npos);
  CHECK(dict.find_first_not_of(' ', close + 1) == dict.size() - 1);
}

}  // namespace

TEST_SUITE("io: npy") {
  TEST_CASE("a plain 2-D float32 array") {
    const std::vector<io::NpyField> f{{"", "<f4"}};
    const std::vector<std::uint64_t> shape{3, 4};
    const std::string h = io::npy_header(io::npy_descr(f), shape);
    check_header(h, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
    CHECK(h.size() == 128);  // 70 bytes unpadded, as numpy 1.x writes it
  }

  TEST_CASE("a structured 1-D array: a one-element shape tuple keeps its comma") {
    const std::vector<io::NpyField> f{{"t_ms", "<f8"}, {"population", "<i4"}, {"neuron", "<i4"}};
    const std::vector<std::uint64_t> shape{12345};
    const std::string h = io::npy_header(io::npy_descr(f), shape);
    check_header(h, "{'descr': [('t_ms', '<f8'), ('population', '<i4'), ('neuron', '<i4')], 'fortran_order': False, 'shape': (12345,), }");
  }

  TEST_CASE("an empty array") {
    const std::vector<io::NpyField> f{{"w", "<f4"}};
    const std::vector<std::uint64_t> shape{0};
    check_header(io::npy_header(io::npy_descr(f), shape), "{'descr': [('w', '<f4')], 'fortran_order': False, 'shape': (0,), }");
  }
}
