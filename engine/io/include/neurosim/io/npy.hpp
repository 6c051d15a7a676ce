#pragma once
// NumPy's .npy format, version 1.0 (NEP 1, numpy/lib/format.py), written out here: the magic
// "\x93NUMPY", the version bytes 1 0, a little-endian uint16 header length, and the header, a
// Python dict literal {'descr': ..., 'fortran_order': False, 'shape': (...), } padded with
// spaces and ended by '\n' so that the data starts at a multiple of 64 bytes. The data follows
// in C order, little-endian. np.load() reads these files without options.
//
// Result arrays are structured (one record per spike or synapse), so that columns keep their
// names and types: np.load("spikes.npy")["t_ms"], pd.DataFrame(np.load("spikes.npy")).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace neurosim::io {

struct NpyField {
  std::string_view name;
  std::string_view dtype;  // "<f8", "<f4", "<i4", "<i8", "|u1"
};

// "[('t_ms', '<f8'), ('population', '<i4')]", or the plain dtype for a single unnamed field.
std::string npy_descr(std::span<const NpyField> fields);
// The whole preamble (magic to padding) of a C-order array with this dtype and shape.
std::string npy_header(std::string_view descr, std::span<const std::uint64_t> shape);

}  // namespace neurosim::io
