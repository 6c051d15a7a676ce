#include "neurosim/io/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc 2.28, _GNU_SOURCE)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace neurosim::io {
namespace {

constexpr std::size_t kBufferBytes = 1u << 20;
constexpr std::size_t kDirectBytes = 64u << 10;  // blocks at least this large are written as they come
// Every this many bytes the disk is asked to start writing what the file holds so far, so that
// the sync in commit() finds most of a large file already written instead of all of it. Every
// megabyte, not every four: cuba's spikes.csv (3.3 MB, written while it steps) then reaches the
// disk during the run, and its sync and those of the files after it waited 12 ms instead of 25.
constexpr std::uint64_t kWritebackBytes = 1u << 20;

std::string errno_text(int e) { return std::error_code(e, std::generic_category()).message(); }

// Moves tmp to path unless path exists; errno-style result (0 on success).
int publish_no_replace(const std::filesystem::path& tmp, const std::filesystem::path& path) {
#ifdef RENAME_NOREPLACE
  if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
#endif
  // A file system without RENAME_NOREPLACE: a hard link also refuses to replace.
  if (::link(tmp.c_str(), path.c_str()) != 0) return errno;
  ::unlink(tmp.c_str());
  return 0;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path, Replace replace) : path_(std::move(path)), replace_(replace) {
  tmp_ = path_;
  tmp_ += ".tmp";
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot create " + tmp_.string() + ": " + errno_text(errno));
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  if (file_) std::fclose(file_);
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
}

void AtomicFile::write(const void* data, std::size_t bytes) {
  const char* p = static_cast<const char*>(data);
  // A caller's large block goes out without a copy (BufferedFile hands over its megabyte buffer
  // a little short of full: copying it here again cost a memcpy of every result byte).
  if (used_ == 0 && bytes >= kDirectBytes) {
    write_out(p, bytes);
    return;
  }
  if (buffer_.empty()) buffer_.resize(kBufferBytes);  // only for small writes: a writer with its own buffer never needs it
  while (bytes > 0) {
    if (used_ == buffer_.size()) flush();
    const std::size_t n = std::min(bytes, buffer_.size() - used_);
    std::memcpy(buffer_.data() + used_, p, n);
    used_ += n;
    p += n;
    bytes -= n;
  }
}

void AtomicFile::write_through(const void* data, std::size_t bytes) {
  flush();
  if (bytes > 0) write_out(static_cast<const char*>(data), bytes);
}

void AtomicFile::flush() {
  if (used_ == 0) return;
  write_out(buffer_.data(), used_);
  used_ = 0;
}

void AtomicFile::write_out(const char* data, std::size_t bytes) {
  if (std::fwrite(data, 1, bytes, file_) != bytes) {
    const int e = errno;
    throw std::runtime_error("cannot write " + tmp_.string() + ": " + errno_text(e) + " (" + path_.filename().string() + " was not changed)");
  }
  written_ += bytes;
#ifdef SYNC_FILE_RANGE_WRITE
  // Only a hint to start the writeback early (it waits for nothing): commit()'s fsync still
  // decides, and reports any failure.
  if (written_ - writeback_from_ >= kWritebackBytes && std::fflush(file_) == 0) {
    ::sync_file_range(fileno(file_), static_cast<off_t>(writeback_from_), static_cast<off_t>(written_ - writeback_from_),
                      SYNC_FILE_RANGE_WRITE);
    writeback_from_ = written_;
  }
#endif
}

void AtomicFile::commit() {
  flush();
  int e = 0;
  if (std::fflush(file_) != 0 || std::ferror(file_) != 0) e = errno ? errno : EIO;
  if (e == 0 && ::fsync(fileno(file_)) != 0) e = errno;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (e == 0 && closed != 0) e = errno;
  if (e != 0) throw std::runtime_error("cannot write " + tmp_.string() + ": " + errno_text(e) + " (" + path_.filename().string() + " was not changed)");
  publish(tmp_, path_, replace_);
  committed_ = true;
}

void publish(const std::filesystem::path& tmp, const std::filesystem::path& path, Replace replace) {
  if (replace == Replace::Allowed) {
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw std::runtime_error("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
  } else if (const int r = publish_no_replace(tmp, path); r != 0) {
    if (r == EEXIST)
      throw std::runtime_error(path.string() + " already exists and was not replaced (choose another name, or allow overwriting)");
    throw std::runtime_error("cannot move " + tmp.string() + " to " + path.string() + ": " + errno_text(r));
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text, Replace replace) {
  AtomicFile file(path, replace);
  file.put(text);
  file.commit();
}

std::filesystem::path free_directory(const std::filesystem::path& dir, std::span<const std::string> names, Replace replace) {
  if (replace == Replace::Allowed) return dir;
  const auto holds_any = [&](const std::filesystem::path& d) {
    std::error_code ec;
    if (!std::filesystem::exists(d, ec)) return false;
    if (!std::filesystem::is_directory(d, ec)) return true;
    for (const std::string& n : names)
      if (std::filesystem::exists(d / n, ec)) return true;
    return false;
  };
  // A file where the directory should be is the caller's error to report, not a reason to
  // write elsewhere.
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) return dir;
  if (!holds_any(dir)) return dir;
  // "out/" and "out" are the same directory: number the last component.
  std::filesystem::path base = dir;
  if (!base.has_filename()) base = base.parent_path();
  for (int n = 2; n < 100000; ++n) {
    std::filesystem::path candidate = base;
    candidate += '-';
    candidate += std::to_string(n);
    if (!holds_any(candidate)) return candidate;
  }
  throw std::runtime_error("no free directory name next to " + dir.string());
}

std::filesystem::path free_file_name(const std::filesystem::path& path, Replace replace) {
  std::error_code ec;
  if (replace == Replace::Allowed || !std::filesystem::exists(path, ec)) return path;
  const std::filesystem::path stem = path.parent_path() / path.stem();
  const std::string ext = path.extension().string();
  for (int n = 2; n < 100000; ++n) {
    std::filesystem::path candidate = stem;
    candidate += '-';
    candidate += std::to_string(n);
    candidate += ext;
    if (!std::filesystem::exists(candidate, ec)) return candidate;
  }
  throw std::runtime_error("no free file name next to " + path.string());
}

}  // namespace neurosim::io
