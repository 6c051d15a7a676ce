#include "neurosim/io/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace neurosim::io {

MappedFile::~MappedFile() {
  if (mapped_) munmap(data_, size_);
}

bool MappedFile::open(const std::filesystem::path& path, std::uint64_t max_bytes, const char* what, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = errno == ENOENT ? "no such file" : "cannot open (" + std::error_code(errno, std::generic_category()).message() + ")";
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "is a directory, not a file";
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "not a regular file (a device, pipe or socket cannot be read as data)";
    return false;
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    error = "too large (" + byte_size_text(size) + "; " + what + " are limited to " + byte_size_text(max_bytes) + ")";
    return false;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open (" + std::error_code(errno, std::generic_category()).message() + ")";
    return false;
  }
  if (size == 0) {
    ::close(fd);
    data_ = nullptr;
    size_ = 0;
    return true;
  }
  void* p = mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
  const int map_errno = errno;
  ::close(fd);
  if (p == MAP_FAILED) {
    error = "cannot read (" + std::error_code(map_errno, std::generic_category()).message() + ")";
    return false;
  }
  madvise(p, static_cast<std::size_t>(size), MADV_SEQUENTIAL);
  data_ = p;
  size_ = static_cast<std::size_t>(size);
  mapped_ = true;
  return true;
}

std::string byte_size_text(std::uint64_t bytes) {
  if (bytes >= (std::uint64_t{1} << 20)) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (std::uint64_t{1} << 10)) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return {line, nl == std::string_view::npos ? offset + 1 : offset - nl};
}

}  // namespace neurosim::io
