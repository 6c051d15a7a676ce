// Helpers over libhdf5's C API (see hdf5_helpers.hpp).
#include "neurosim/io/hdf5.hpp"

#include <stdexcept>

namespace neurosim::io::h5 {
namespace {

// The most elements one dataset may hold when read whole: 2^28 doubles are 2 GiB, beyond
// anything a network file that fits this program's memory needs, and a corrupt header that
// claims more gets a message instead of an allocation failure.
constexpr hsize_t kMaxElements = hsize_t{1} << 28;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

Handle open_dataset(hid_t parent, const std::string& name, const std::string& where) {
  if (!has_link(parent, name)) fail(where + ": missing");
  Handle set(H5Dopen2(parent, name.c_str(), H5P_DEFAULT));
  if (!set.valid()) fail(where + ": not a dataset");
  return set;
}

std::vector<hsize_t> extent(hid_t set, const std::string& where, hsize_t& count) {
  Handle space(H5Dget_space(set));
  if (!space.valid()) fail(where + ": cannot read its dataspace");
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > 8) fail(where + ": unreadable or more than 8 dimensions");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) fail(where + ": cannot read its dimensions");
  count = 1;
  for (hsize_t d : dims) {
    if (d != 0 && count > kMaxElements / d) fail(where + ": more than " + std::to_string(kMaxElements) + " elements");
    count *= d;
  }
  return dims;
}

}  // namespace

void Handle::reset() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE: H5Fclose(id_); break;
    case H5I_GROUP: H5Gclose(id_); break;
    case H5I_DATASET: H5Dclose(id_); break;
    case H5I_DATASPACE: H5Sclose(id_); break;
    case H5I_ATTR: H5Aclose(id_); break;
    case H5I_DATATYPE: H5Tclose(id_); break;
    case H5I_GENPROP_LST: H5Pclose(id_); break;
    default: break;
  }
  id_ = H5I_INVALID_HID;
}

void silence_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

// [SECTION] Writing

Handle create_group(hid_t parent, const std::string& name) {
  Handle g(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!g.valid()) fail("HDF5: cannot create group " + name);
  return g;
}

namespace {
void check(herr_t status, const std::string& name) {
  if (status < 0) fail("HDF5: cannot write " + name);
}
Handle make_space(const std::vector<hsize_t>& dims) {
  Handle space(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  if (!space.valid()) fail("HDF5: cannot create a dataspace");
  return space;
}
}  // namespace

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values, const std::vector<hsize_t>& dims) {
  Handle type(H5Tcopy(H5T_C_S1));
  check(type.valid() ? 0 : -1, name);
  check(H5Tset_size(type, H5T_VARIABLE), name);
  check(H5Tset_cset(type, H5T_CSET_UTF8), name);
  Handle space = make_space(dims);
  Handle set(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  check(set.valid() ? 0 : -1, name);
  std::vector<const char*> ptrs;
  for (const std::string& v : values) ptrs.push_back(v.c_str());
  if (!ptrs.empty()) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), name);
}

void write_string(hid_t parent, const std::string& name, const std::string& value) { write_strings(parent, name, {value}, {}); }

void write_floats(hid_t parent, const std::string& name, const float* data, const std::vector<hsize_t>& dims) {
  Handle space = make_space(dims);
  Handle set(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  check(set.valid() ? 0 : -1, name);
  hsize_t count = 1;
  for (hsize_t d : dims) count *= d;
  if (count > 0) check(H5Dwrite(set, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), name);
}

void write_floats(hid_t parent, const std::string& name, const std::vector<float>& values, const std::vector<hsize_t>& dims) {
  write_floats(parent, name, values.data(), dims);
}

void write_doubles(hid_t parent, const std::string& name, const std::vector<double>& values, const std::vector<hsize_t>& dims) {
  Handle space = make_space(dims);
  Handle set(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  check(set.valid() ? 0 : -1, name);
  if (!values.empty()) check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
}

void write_ints(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values, bool scalar) {
  Handle space = make_space(scalar ? std::vector<hsize_t>{} : std::vector<hsize_t>{values.size()});
  Handle set(H5Dcreate2(parent, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  check(set.valid() ? 0 : -1, name);
  if (!values.empty()) check(H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
}

// [SECTION] Reading

bool has_link(hid_t parent, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return false;
  return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

bool is_group(hid_t parent, const std::string& name) {
  if (!has_link(parent, name)) return false;
  H5O_info_t info{};
  if (H5Oget_info_by_name2(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return false;
  return info.type == H5O_TYPE_GROUP;
}

namespace {
herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> member_names(hid_t group, const std::string& where) {
  std::vector<std::string> names;
  if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names) < 0) fail(where + ": cannot be listed");
  return names;
}

std::vector<hsize_t> dims_of(hid_t parent, const std::string& name, const std::string& where) {
  Handle set = open_dataset(parent, name, where);
  hsize_t count = 0;
  return extent(set, where, count);
}

std::vector<double> read_numbers(hid_t parent, const std::string& name, const std::string& where, std::vector<hsize_t>& dims) {
  Handle set = open_dataset(parent, name, where);
  hsize_t count = 0;
  dims = extent(set, where, count);
  Handle type(H5Dget_type(set));
  const H5T_class_t cls = type.valid() ? H5Tget_class(type) : H5T_NO_CLASS;
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) fail(where + ": must hold numbers");
  std::vector<double> out(static_cast<std::size_t>(count));
  if (count > 0 && H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    fail(where + ": cannot be read (damaged file?)");
  return out;
}

std::vector<std::string> read_strings(hid_t parent, const std::string& name, const std::string& where, std::vector<hsize_t>& dims) {
  Handle set = open_dataset(parent, name, where);
  hsize_t count = 0;
  dims = extent(set, where, count);
  Handle type(H5Dget_type(set));
  if (!type.valid() || H5Tget_class(type) != H5T_STRING) fail(where + ": must hold text");
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(count));
  const htri_t variable = H5Tis_variable_str(type);
  if (variable < 0) fail(where + ": unreadable string type");
  if (variable > 0) {
    Handle memory(H5Tcopy(H5T_C_S1));
    H5Tset_size(memory, H5T_VARIABLE);
    H5Tset_cset(memory, H5Tget_cset(type));
    std::vector<char*> ptrs(static_cast<std::size_t>(count), nullptr);
    if (count > 0 && H5Dread(set, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
      fail(where + ": cannot be read (damaged file?)");
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    Handle space(H5Dget_space(set));
    if (count > 0) H5Dvlen_reclaim(memory, space, H5P_DEFAULT, ptrs.data());
  } else {
    const std::size_t size = H5Tget_size(type);
    if (size == 0 || size > (std::size_t{1} << 16)) fail(where + ": string length out of range");
    if (count > kMaxElements / size) fail(where + ": too large");
    Handle memory(H5Tcopy(type));
    std::vector<char> buffer(static_cast<std::size_t>(count) * size);
    if (count > 0 && H5Dread(set, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0)
      fail(where + ": cannot be read (damaged file?)");
    for (hsize_t i = 0; i < count; ++i) {
      const char* p = buffer.data() + i * size;
      std::size_t n = 0;
      while (n < size && p[n] != '\0') ++n;
      out.emplace_back(p, n);
    }
  }
  return out;
}

}  // namespace neurosim::io::h5
