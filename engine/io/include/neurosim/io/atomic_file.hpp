#pragma once
// Writing result files so that nothing is ever lost:
//   - a file is written as NAME.tmp next to its final place, flushed to disk (fsync), then
//     renamed into place, so a reader never sees half a file and a write that fails (a full
//     disk, a missing permission, a killed process) leaves the older NAME whole;
//   - an existing NAME is only replaced when the caller says so (Replace::Allowed); otherwise
//     publishing refuses atomically (renameat2 RENAME_NOREPLACE, or link + unlink where the file
//     system lacks it) and says that the file exists;
//   - sets of files (a run's results, an export) go to a directory that holds none of them:
//     free_directory() picks DIR, else DIR-2, DIR-3, ...
// Errors are std::runtime_error with a message naming the file and the system's reason.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace neurosim::io {

enum class Replace { Never, Allowed };

class AtomicFile {
 public:
  // Creates NAME.tmp. Throws when it cannot.
  AtomicFile(std::filesystem::path path, Replace replace);
  ~AtomicFile();  // removes NAME.tmp unless commit() succeeded
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t bytes);
  // Writes a caller's block out now, after what is buffered, without copying it (for writers
  // with a buffer of their own: the internal one is then never made).
  void write_through(const void* data, std::size_t bytes);
  void put(std::string_view s) { write(s.data(), s.size()); }
  void put(char c) { write(&c, 1); }
  // Flushes, syncs, closes and publishes NAME. Throws on failure (NAME.tmp is removed then).
  void commit();
  const std::filesystem::path& path() const { return path_; }
  std::uint64_t bytes_written() const { return written_; }

 private:
  void flush();
  void write_out(const char* data, std::size_t bytes);
  std::filesystem::path path_, tmp_;
  Replace replace_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t written_ = 0;
  std::uint64_t writeback_from_ = 0;  // bytes before this were handed to the disk ahead of commit()
  bool committed_ = false;
};

// Moves a finished, synced `tmp` to `path`: with Replace::Never it refuses (atomically) when
// `path` exists. Throws with a message naming both files; `tmp` is left for the caller to remove.
void publish(const std::filesystem::path& tmp, const std::filesystem::path& path, Replace replace);

// Writes `text` to `path` atomically (see above).
void write_file_atomically(const std::filesystem::path& path, std::string_view text, Replace replace);

// DIR when it holds none of `names` (or does not exist, or is a file: creating it then fails
// with a message), else the first of DIR-2, DIR-3, ... that holds none. With Replace::Allowed,
// DIR itself.
std::filesystem::path free_directory(const std::filesystem::path& dir, std::span<const std::string> names, Replace replace);
// NAME.EXT when free, else NAME-2.EXT, NAME-3.EXT, ... With Replace::Allowed, the path itself.
std::filesystem::path free_file_name(const std::filesystem::path& path, Replace replace);

}  // namespace neurosim::io
