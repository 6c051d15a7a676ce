// Helpers over libhdf5's C API (see hdf5_helpers.hpp).
#include "neurosim/io/hdf5.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <stdexcept>

#if defined(__unix__)
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#endif

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

namespace {

std::vector<double> read_numbers_of(hid_t set, const std::string& where, std::vector<hsize_t>& dims) {
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

std::vector<std::string> read_strings_of(hid_t set, const std::string& where, std::vector<hsize_t>& dims) {
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
    const bool read = count == 0 || H5Dread(set, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) >= 0;
    if (read)
      for (char* p : ptrs) out.emplace_back(p ? p : "");
    // A read that fails half-way (a damaged file) has allocated some strings already.
    Handle space(H5Dget_space(set));
    if (count > 0) H5Dvlen_reclaim(memory, space, H5P_DEFAULT, ptrs.data());
    if (!read) fail(where + ": cannot be read (damaged file?)");
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

}  // namespace

std::vector<double> read_numbers(hid_t parent, const std::string& name, const std::string& where, std::vector<hsize_t>& dims) {
  Handle set = open_dataset(parent, name, where);
  return read_numbers_of(set, where, dims);
}

std::vector<std::string> read_strings(hid_t parent, const std::string& name, const std::string& where, std::vector<hsize_t>& dims) {
  Handle set = open_dataset(parent, name, where);
  return read_strings_of(set, where, dims);
}

// [SECTION] Damaged files
//
// Why a child process: libhdf5 1.10 (Debian 12's 1.10.8) trusts lengths stored in the file in
// places its own checks do not cover. A variable-length string's global-heap object with a
// corrupted length makes H5HG_read copy hundreds of megabytes past the heap
// (tests/fuzz/known/README.md). The heap, B-trees and object headers are HDF5's internal
// format; checking them ourselves before every read would mean re-implementing much of the
// library's parser, and would still miss the next unchecked field. Reading in-process cannot
// be made safe from outside either: the out-of-bounds copy happens inside H5Dread. So a child
// process reads everything first, the same way the readers do; if the library crashes, only
// the child dies and the parent names the file as damaged. If the child gets through, the
// parent's reads of the same bytes take the same paths. The child runs HDF5 calls only, none
// of our parsing, so a bug in our readers still shows in the parent (and under the fuzzer).
// Cost: the file is read twice (NIR graphs are small; a SONATA spike file's numbers are read
// in slabs of 2^20 values, so the child's memory stays bounded).
namespace {

#if defined(__unix__)
// The sanitizers' hook (libFuzzer sets it to save the input as a crash): a crash the child
// was forked to contain must not count as the parent's. Absent (null) in normal builds.
extern "C" void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

constexpr hsize_t kSlab = hsize_t{1} << 20;  // values read at a time by the child

// Reads `count` values of a dataset or attribute with the native form of its type, and with the
// conversions the readers use (numbers to double and int64), then frees variable-length data.
void touch_dataset(hid_t set) {
  Handle space(H5Dget_space(set));
  Handle type(H5Dget_type(set));
  if (!space.valid() || !type.valid()) return;
  const H5T_class_t cls = H5Tget_class(type);
  std::vector<hsize_t> dims;
  try {
    if (cls == H5T_STRING) {
      read_strings_of(set, "", dims);
      return;
    }
  } catch (const std::exception&) {
    return;
  }
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > 8) return;
  dims.resize(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) return;
  // Values per index of the first dimension; rows wider than a slab are refused by the readers
  // before any read, and an empty dataset holds nothing to read.
  hsize_t row = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) {
    if (dims[d] == 0 || row > kSlab / dims[d]) return;
    row *= dims[d];
  }
  if (rank > 0 && dims[0] == 0) return;
  Handle native(H5Tget_native_type(type, H5T_DIR_DEFAULT));
  if (!native.valid()) return;
  const std::size_t size = std::max<std::size_t>(H5Tget_size(native), 8);
  const bool vlen = H5Tdetect_class(native, H5T_VLEN) > 0 || H5Tis_variable_str(native) > 0;
  const bool number = cls == H5T_INTEGER || cls == H5T_FLOAT;
  const hsize_t rows = rank == 0 ? 1 : dims[0];
  const hsize_t per = std::max<hsize_t>(1, kSlab / row);
  std::vector<unsigned char> buffer(static_cast<std::size_t>(std::min(rows, per) * row) * size);
  for (hsize_t first = 0; first < rows; first += per) {
    const hsize_t n = std::min(per, rows - first);
    Handle file_space(H5Scopy(space));
    hsize_t values = row * n;
    Handle memory_space(rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &values, nullptr));
    if (rank > 0) {
      std::vector<hsize_t> start(dims.size(), 0), count = dims;
      start[0] = first;
      count[0] = n;
      if (H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0) return;
    }
    if (H5Dread(set, native, memory_space, file_space, H5P_DEFAULT, buffer.data()) >= 0 && vlen)
      H5Dvlen_reclaim(native, memory_space, H5P_DEFAULT, buffer.data());
    if (number) {
      H5Dread(set, H5T_NATIVE_DOUBLE, memory_space, file_space, H5P_DEFAULT, buffer.data());
      H5Dread(set, H5T_NATIVE_INT64, memory_space, file_space, H5P_DEFAULT, buffer.data());
    }
  }
}

void touch_attribute(hid_t attr) {
  Handle space(H5Aget_space(attr));
  Handle type(H5Aget_type(attr));
  if (!space.valid() || !type.valid()) return;
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (count <= 0 || static_cast<hsize_t>(count) > kSlab) return;
  Handle native(H5Tget_native_type(type, H5T_DIR_DEFAULT));
  if (!native.valid()) return;
  const std::size_t size = std::max<std::size_t>(H5Tget_size(native), 8);
  std::vector<unsigned char> buffer(static_cast<std::size_t>(count) * size);
  const bool vlen = H5Tdetect_class(native, H5T_VLEN) > 0 || H5Tis_variable_str(native) > 0;
  if (H5Aread(attr, native, buffer.data()) >= 0 && vlen) H5Dvlen_reclaim(native, space, H5P_DEFAULT, buffer.data());
  const H5T_class_t cls = H5Tget_class(type);
  if (cls == H5T_INTEGER || cls == H5T_FLOAT) H5Aread(attr, H5T_NATIVE_DOUBLE, buffer.data());
}

herr_t visit_attribute(hid_t object, const char* name, const H5A_info_t*, void*) {
  Handle attr(H5Aopen(object, name, H5P_DEFAULT));
  if (attr.valid()) touch_attribute(attr);
  return 0;
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

void touch_attributes(hid_t object) {
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_NATIVE, &index, visit_attribute, nullptr);
}

// Every member of a group, each object once, link by link as the readers reach them, going on
// past members that fail (H5Ovisit gives up at the first damaged one, while a reader that opens
// names one by one still gets past it).
void walk(hid_t group, int depth, std::vector<haddr_t>& seen) {
  touch_attributes(group);
  if (depth > 32) return;
  std::vector<std::string> names;
  H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_link, &names);
  for (const std::string& name : names) {
    H5O_info_t info{};
    if (H5Oget_info_by_name2(group, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) continue;
    if (std::find(seen.begin(), seen.end(), info.addr) != seen.end()) continue;
    seen.push_back(info.addr);
    if (info.type == H5O_TYPE_GROUP) {
      Handle member(H5Gopen2(group, name.c_str(), H5P_DEFAULT));
      if (member.valid()) walk(member, depth + 1, seen);
    } else if (info.type == H5O_TYPE_DATASET) {
      Handle member(H5Dopen2(group, name.c_str(), H5P_DEFAULT));
      if (!member.valid()) continue;
      touch_attributes(member);
      touch_dataset(member);
    }
  }
}

// The most memory (kilobytes) the process has held so far.
long peak_kilobytes() {
  rusage usage{};
  return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : 0;
}

// The child exits with this status when reading took more memory than the file can explain
// (see probe_in_child).
constexpr int kChildTookTooMuch = 3;

// The child: quiet (its own crash report is not the parent's), default signal handling (no
// sanitizer or fuzzer handler turning a crash into the parent's finding), every object read.
// A variable-length element whose stored length is damaged makes libhdf5 allocate and clear a
// conversion buffer of that length before its read fails (a fuzzing finding: 1.6 GB for a
// 23 KB file); the read then fails cleanly, and the parent would do the same. So the child also
// says whether its memory grew by more than `allowed_kilobytes` (its peak starts at the parent's
// at the fork).
[[noreturn]] void child_reads(const std::function<Handle()>& open, long allowed_kilobytes) {
  const long peak_at_start = peak_kilobytes();
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(nullptr);
  for (const int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) std::signal(sig, SIG_DFL);
  if (const int null = ::open("/dev/null", O_WRONLY); null >= 0) {
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
  }
  try {
    silence_errors();
    Handle file = open();
    if (file.valid()) {
      Handle root(H5Gopen2(file, "/", H5P_DEFAULT));
      std::vector<haddr_t> seen;
      if (root.valid()) walk(root, 0, seen);
    }
  } catch (...) {
  }
  _exit(peak_kilobytes() - peak_at_start > allowed_kilobytes ? kChildTookTooMuch : 0);
}
#endif

}  // namespace

std::string probe_in_child(const std::function<Handle()>& open, const std::string& file, std::uintmax_t bytes) {
#if defined(__unix__)
  // The child may take 512 MB plus four times the file's size (a file image in memory, its
  // slabs of values and their conversions take far less).
  const long allowed_kilobytes = 512L * 1024 + static_cast<long>(std::min<std::uintmax_t>(bytes / 256, std::uintmax_t{1} << 40));
  const pid_t pid = fork();
  if (pid == 0) child_reads(open, allowed_kilobytes);
  // Without a child (no process left to fork), the file is read in-process as before.
  if (pid < 0) return {};
  // A damaged global heap can also send libhdf5 round in circles (a fuzzing finding): the child
  // gets 5 s plus 1 s per 20 MB, several times what reading takes at disk speed, then is stopped.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(5) + std::chrono::milliseconds(bytes / 20'000);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return {};
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return file + ": damaged (the HDF5 library did not finish reading it)";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (WIFEXITED(status) && WEXITSTATUS(status) == kChildTookTooMuch)
    return file + ": damaged (the HDF5 library asked for far more memory than the file holds)";
  return file + ": damaged (the HDF5 library failed reading it)";
#else
  (void)open;
  (void)file;
  (void)bytes;
  return {};
#endif
}

}  // namespace neurosim::io::h5
