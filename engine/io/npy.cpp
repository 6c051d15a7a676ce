#include "neurosim/io/npy.hpp"

#include <stdexcept>

namespace neurosim::io {

std::string npy_descr(std::span<const NpyField> fields) {
  if (fields.size() == 1 && fields[0].name.empty()) {
    std::string plain(1, '\'');
    plain += fields[0].dtype;
    plain += '\'';
    return plain;
  }
  std::string out = "[";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ", ";
    out += "('";
    out += fields[i].name;
    out += "', '";
    out += fields[i].dtype;
    out += "')";
  }
  return out + "]";
}

std::string npy_header(std::string_view descr, std::span<const std::uint64_t> shape) {
  std::string dict = "{'descr': ";
  dict += descr;
  dict += ", 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) dict += ", ";
    dict += std::to_string(shape[i]);
  }
  if (shape.size() == 1) dict += ',';  // a one-element tuple
  dict += "), }";
  // magic (6) + version (2) + length (2) + dict + padding + '\n' = a multiple of 64.
  const std::size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  if (dict.size() > 65535) throw std::length_error("npy header too long for format 1.0");
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(dict.size() & 0xFF);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict;
}

}  // namespace neurosim::io
