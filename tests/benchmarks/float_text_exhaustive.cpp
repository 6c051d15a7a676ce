// Every float's shortest text (write_shortest, app/results/float_text.hpp) against
// std::to_chars, and the time each takes.
//   bench_float_text all [THREADS]   all 2^32 bit patterns (several minutes on one core)
//   bench_float_text STRIDE          every STRIDE-th bit pattern
// Prints the number of floats compared, the mismatches (the first ten in full) and ns per float
// for both; exit status 1 if any text differs.
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <bit>
#include <string>
#include <thread>
#include <vector>

#include "results/float_text.hpp"

namespace {

struct Tally {
  std::uint64_t compared = 0, mismatches = 0;
};

std::atomic<int> printed{0};

void compare_range(std::uint64_t first, std::uint64_t last, std::uint64_t stride, Tally& tally) {
  char a[64], b[64];
  for (std::uint64_t i = first; i < last; i += stride) {
    const float v = std::bit_cast<float>(static_cast<std::uint32_t>(i));
    const char* ea = neurosim::cli::write_shortest(a, v);
    const char* eb = std::to_chars(b, b + sizeof b, v).ptr;
    ++tally.compared;
    if (ea - a != eb - b || std::memcmp(a, b, static_cast<std::size_t>(eb - b)) != 0) {
      ++tally.mismatches;
      if (printed.fetch_add(1) < 10)
        std::printf("mismatch 0x%08x: %.*s (std::to_chars %.*s)\n", static_cast<unsigned>(i), static_cast<int>(ea - a), a,
                    static_cast<int>(eb - b), b);
    }
  }
}

// ns per float of each routine on a sample of finite floats of every magnitude.
void time_both() {
  std::vector<float> values;
  std::uint32_t x = 12345;
  while (values.size() < 2000000) {
    x = x * 1664525u + 1013904223u;
    const float v = std::bit_cast<float>(x);
    if (v == v && v - v == 0) values.push_back(v);
  }
  // Values like the membrane potentials and currents of traces.csv.
  std::vector<float> traces;
  for (std::size_t i = 0; i < 2000000; ++i) traces.push_back(-70.0f + 20.0f * static_cast<float>(i % 9973) / 9973.0f);
  char buf[64];
  std::size_t sink = 0;
  for (const auto* set : {&values, &traces}) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const float v : *set) sink += static_cast<std::size_t>(neurosim::cli::write_shortest(buf, v) - buf);
    const auto t1 = std::chrono::steady_clock::now();
    for (const float v : *set) sink += static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf);
    const auto t2 = std::chrono::steady_clock::now();
    const double n = static_cast<double>(set->size());
    std::printf("%s: write_shortest %.1f ns, std::to_chars %.1f ns per float\n", set == &values ? "random bits" : "-70..-50",
                std::chrono::duration<double, std::nano>(t1 - t0).count() / n,
                std::chrono::duration<double, std::nano>(t2 - t1).count() / n);
  }
  if (sink == 0) std::puts("");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_float_text all [THREADS] | STRIDE\n");
    return 2;
  }
  const bool all = std::string(argv[1]) == "all";
  const std::uint64_t stride = all ? 1 : std::strtoull(argv[1], nullptr, 10);
  const int threads = all && argc > 2 ? std::atoi(argv[2]) : 1;
  if (stride == 0 || threads < 1) {
    std::fprintf(stderr, "bench_float_text: bad stride or thread count\n");
    return 2;
  }
  time_both();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Tally> tallies(static_cast<std::size_t>(threads));
  std::vector<std::thread> team;
  const std::uint64_t total = 1ull << 32, part = total / static_cast<std::uint64_t>(threads);
  for (int t = 0; t < threads; ++t) {
    const std::uint64_t first = part * static_cast<std::uint64_t>(t);
    const std::uint64_t last = t + 1 == threads ? total : first + part;
    team.emplace_back(compare_range, first, last, stride, std::ref(tallies[static_cast<std::size_t>(t)]));
  }
  Tally sum;
  for (int t = 0; t < threads; ++t) {
    team[static_cast<std::size_t>(t)].join();
    sum.compared += tallies[static_cast<std::size_t>(t)].compared;
    sum.mismatches += tallies[static_cast<std::size_t>(t)].mismatches;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%llu floats compared in %.0f s, %llu mismatches\n", static_cast<unsigned long long>(sum.compared), seconds,
              static_cast<unsigned long long>(sum.mismatches));
  return sum.mismatches == 0 ? 0 : 1;
}
