#pragma once
// A whole file mapped read-only into memory. The input readers parse
// straight from the mapping into their values, so a file is never held twice (text + numbers)
// and the kernel pages it in as the parser moves along. Checks come before anything is read:
// a missing file, a directory, a device or a pipe, or a file over the caller's size limit is
// refused with a message, never opened for reading.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace neurosim::io {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // False with `error` set ("no such file", "too large (2048 MiB; ... limited to 1024 MiB)").
  // `what` names the kind of file in messages ("input files").
  bool open(const std::filesystem::path& path, std::uint64_t max_bytes, const char* what, std::string& error);
  std::string_view text() const { return {static_cast<const char*>(data_), size_}; }
  std::span<const std::uint8_t> bytes() const { return {static_cast<const std::uint8_t*>(data_), size_}; }
  std::size_t size() const { return size_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

// "2048 MiB" / "512 KiB" / "123 bytes".
std::string byte_size_text(std::uint64_t bytes);

// 1-based line and column of a byte offset.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset);

}  // namespace neurosim::io
