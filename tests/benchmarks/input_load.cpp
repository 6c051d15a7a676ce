// Load time and memory of a large CSV input (README "Input data"): writes a CSV of the given
// size (rates with one decimal, or 0/1 spikes), then times io::load_time_series and reports
// the peak resident memory next to the size of the values it holds.
//   bench_input_load [MB] [rates|spikes] [DIR]
// Exits with 1 when the data is held twice: when the values vector grew by copying (capacity
// above size), or when loading raised the peak resident memory by more than the mapped file
// plus the values (+10 % and 16 MB for the allocator and the program). Reading into a growing
// vector, or copying the text first, would need about one more copy of either.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "neurosim/io/input_files.hpp"

int main(int argc, char** argv) {
  const double mb = argc > 1 ? std::atof(argv[1]) : 100.0;
  const std::string kind = argc > 2 ? argv[2] : "rates";
  const std::filesystem::path dir = argc > 3 ? argv[3] : std::filesystem::temp_directory_path();
  const auto path = dir / ("neurosim-bench-" + kind + ".csv");
  const int columns = kind == "rates" ? 100 : 784;
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 1;
    std::fprintf(f, "t_ms");
    for (int c = 0; c < columns; ++c) std::fprintf(f, ",n%d", c);
    std::fprintf(f, "\n");
    unsigned x = 1;
    long long bytes = 0;
    for (long long row = 0; bytes < static_cast<long long>(mb * 1e6); ++row) {
      bytes += std::fprintf(f, "%lld", row);
      for (int c = 0; c < columns; ++c) {
        x = x * 1103515245u + 12345u;
        bytes += kind == "rates" ? std::fprintf(f, ",%u.%u", (x >> 16) % 200, (x >> 8) % 10) : std::fprintf(f, ",%u", (x >> 16) % 10 == 0 ? 1u : 0u);
      }
      bytes += std::fprintf(f, "\n");
    }
    std::fclose(f);
  }
  const auto size = std::filesystem::file_size(path);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const auto start = std::chrono::steady_clock::now();
  const auto r = neurosim::io::load_time_series(path, kind == "rates" ? neurosim::InputKind::Rates : neurosim::InputKind::Spikes);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.series) {
    std::fprintf(stderr, "%s\n", r.error.c_str());
    return 1;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto cpu = [](const rusage& u) {
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
  };
  const double cpu_s = cpu(ru) - cpu(before);
  const double values_mb = static_cast<double>(r.series->values.capacity() * sizeof(float)) / 1e6;
  const double peak_mb = static_cast<double>(ru.ru_maxrss) / 1e3, before_mb = static_cast<double>(before.ru_maxrss) / 1e3;
  const double file_mb = static_cast<double>(size) / 1e6;
  std::printf("%s: %.1f MB, %zu rows x %d columns in %.2f s wall, %.2f s CPU (%.0f MB/s); values %.1f MB (capacity = size: %s); "
              "peak RSS %.1f MB (%.1f MB before loading)\n",
              path.c_str(), file_mb, r.series->rows(), r.series->columns, s, cpu_s, file_mb / cpu_s, values_mb,
              r.series->values.capacity() == r.series->values.size() ? "yes" : "no", peak_mb, before_mb);
  std::filesystem::remove(path);
  const double allowed_mb = 1.1 * (file_mb + values_mb) + 16.0;
  if (r.series->values.capacity() != r.series->values.size() || peak_mb - before_mb > allowed_mb) {
    std::fprintf(stderr, "FAIL: loading added %.1f MB to the peak; the file and its values once are %.1f MB (allowed %.1f MB)\n",
                 peak_mb - before_mb, file_mb + values_mb, allowed_mb);
    return 1;
  }
  return 0;
}
