#pragma once
// Small helpers over libhdf5's C API shared by the HDF5 readers and writers (NIR and SONATA in
// neurosim_io, the gradient library's model.nir): handles that close themselves, and whole-dataset
// reads and writes of numbers and strings. Includes hdf5.h: link hdf5::hdf5 to use it.
#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace neurosim::io::h5 {

// An HDF5 identifier closed by the matching H5?close when it goes out of scope.
class Handle {
 public:
  explicit Handle(hid_t id = H5I_INVALID_HID) : id_(id) {}
  ~Handle() { reset(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_;
};

// Turns HDF5's automatic error printing off for this thread: failures become our messages.
void silence_errors();

// [SECTION] Writing (each throws std::runtime_error naming the dataset on failure)
Handle create_group(hid_t parent, const std::string& name);
// Variable-length UTF-8 strings (as h5py.string_dtype() writes them): a scalar when dims is empty.
void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values, const std::vector<hsize_t>& dims);
void write_string(hid_t parent, const std::string& name, const std::string& value);
void write_floats(hid_t parent, const std::string& name, const std::vector<float>& values, const std::vector<hsize_t>& dims);
// `data` holds the product of `dims` values (one for a scalar).
void write_floats(hid_t parent, const std::string& name, const float* data, const std::vector<hsize_t>& dims);
void write_doubles(hid_t parent, const std::string& name, const std::vector<double>& values, const std::vector<hsize_t>& dims);
void write_ints(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values, bool scalar = false);

// [SECTION] Reading (each throws std::runtime_error with `where` and the problem)
bool has_link(hid_t parent, const std::string& name);
bool is_group(hid_t parent, const std::string& name);
// The names of a group's members, in name order.
std::vector<std::string> member_names(hid_t group, const std::string& where);
// A dataset's dimensions (empty for a scalar).
std::vector<hsize_t> dims_of(hid_t parent, const std::string& name, const std::string& where);
// Every element of a numeric dataset as double; `dims` receives its dimensions.
std::vector<double> read_numbers(hid_t parent, const std::string& name, const std::string& where, std::vector<hsize_t>& dims);
// Every element of a string dataset (fixed or variable length); `dims` receives its dimensions.
std::vector<std::string> read_strings(hid_t parent, const std::string& name, const std::string& where, std::vector<hsize_t>& dims);

// [SECTION] Damaged files
// Reads every dataset and attribute of the file that `open` opens (all of them, as the readers
// read them: numbers as double and int64, strings as read_strings) in a forked child process.
// Returns "" when the child got through (or the file does not open: the caller reports that),
// else "FILE: damaged (the HDF5 library failed reading it)", "... did not finish reading it"
// when the child is still reading after 5 s plus 1 s per 20 MB of the file's `bytes`, or
// "... asked for far more memory than the file holds" when the child's memory grew by more than
// 512 MB plus four times `bytes` (a damaged length that libhdf5 allocates before it fails). Call it
// before reading a file from outside with HDF5; `open` runs in the child only.
std::string probe_in_child(const std::function<Handle()>& open, const std::string& file, std::uintmax_t bytes);

}  // namespace neurosim::io::h5
