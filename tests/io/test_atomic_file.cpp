// Atomic writes (atomic_file.hpp): a write that fails half-way leaves the older file whole, an
// existing file is never replaced unless allowed, and sets of files go to a free directory.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "io/temp_files.hpp"
#include "neurosim/io/atomic_file.hpp"

using namespace neurosim;
using test::read_text;
using test::temp_dir;

namespace {

// Lowers this process's file size limit so that writes past `bytes` fail with EFBIG, as a full
// disk fails them (it works for root too, unlike a read-only directory); restored on exit.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails instead of killing us
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace

TEST_SUITE("io: atomic files") {
  TEST_CASE("a write that fails half-way leaves the old file whole and no temporary") {
    const auto dir = temp_dir("atomic-fail");
    const auto path = dir / "spikes.csv";
    const std::string old_text = "t_ms,population,neuron\n1,exc,0\n";
    io::write_file_atomically(path, old_text, io::Replace::Never);
    std::string message;
    {
      FileSizeLimit limit(64 * 1024);  // the disk "fills up" after 64 KiB
      try {
        io::AtomicFile file(path, io::Replace::Allowed);
        const std::string row = "12.5,exc,42\n";
        for (int i = 0; i < 100000; ++i) file.put(row);  // 1.2 MB
        file.commit();
      } catch (const std::runtime_error& e) {
        message = e.what();
      }
    }
    INFO(message);
    CHECK(message.find("cannot write " + (dir / "spikes.csv.tmp").string()) == 0);
    CHECK(message.find("(spikes.csv was not changed)") != std::string::npos);
    CHECK(read_text(path) == old_text);
    CHECK_FALSE(std::filesystem::exists(dir / "spikes.csv.tmp"));
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("an existing file is not replaced unless allowed") {
    const auto dir = temp_dir("atomic-replace");
    const auto path = dir / "scenario.json";
    io::write_file_atomically(path, "first", io::Replace::Never);
    CHECK_THROWS_WITH_AS(io::write_file_atomically(path, "second", io::Replace::Never),
                         (path.string() + " already exists and was not replaced (choose another name, or allow overwriting)").c_str(),
                         std::runtime_error);
    CHECK(read_text(path) == "first");
    CHECK_FALSE(std::filesystem::exists(dir / "scenario.json.tmp"));
    io::write_file_atomically(path, "third", io::Replace::Allowed);
    CHECK(read_text(path) == "third");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a file that cannot be created is reported") {
    const auto dir = temp_dir("atomic-missing");
    const auto path = dir / "no" / "such" / "dir" / "x.csv";
    CHECK_THROWS_WITH_AS(io::AtomicFile(path, io::Replace::Never),
                         ("cannot create " + path.string() + ".tmp: No such file or directory").c_str(), std::runtime_error);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("numbered names: files and directories") {
    const auto dir = temp_dir("atomic-names");
    const std::vector<std::string> names{"spikes.csv", "metrics.csv"};
    CHECK(io::free_directory(dir / "out", names, io::Replace::Never) == dir / "out");  // does not exist yet
    std::filesystem::create_directories(dir / "out");
    CHECK(io::free_directory(dir / "out", names, io::Replace::Never) == dir / "out");  // exists, but empty
    io::write_file_atomically(dir / "out" / "metrics.csv", "x", io::Replace::Never);
    CHECK(io::free_directory(dir / "out", names, io::Replace::Never) == dir / "out-2");
    CHECK(io::free_directory(dir / "out/", names, io::Replace::Never) == dir / "out-2");
    CHECK(io::free_directory(dir / "out", names, io::Replace::Allowed) == dir / "out");
    std::filesystem::create_directories(dir / "out-2");
    io::write_file_atomically(dir / "out-2" / "spikes.csv", "x", io::Replace::Never);
    CHECK(io::free_directory(dir / "out", names, io::Replace::Never) == dir / "out-3");

    // A file in the way is not walked around (creating the directory then fails, and says so).
    io::write_file_atomically(dir / "file", "x", io::Replace::Never);
    CHECK(io::free_directory(dir / "file", names, io::Replace::Never) == dir / "file");

    CHECK(io::free_file_name(dir / "s.json", io::Replace::Never) == dir / "s.json");
    io::write_file_atomically(dir / "s.json", "{}", io::Replace::Never);
    CHECK(io::free_file_name(dir / "s.json", io::Replace::Never) == dir / "s-2.json");
    CHECK(io::free_file_name(dir / "s.json", io::Replace::Allowed) == dir / "s.json");
    std::filesystem::remove_all(dir);
  }
}
