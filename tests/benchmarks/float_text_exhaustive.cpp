// Every float's shortest text (write_shortest and write_shortest_texts, app/results/float_text.hpp)
// against std::to_chars, and the time each takes.
//   bench_float_text all [THREADS]   all 2^32 bit patterns (several minutes on one core)
//   bench_float_text STRIDE          every STRIDE-th bit pattern
// Prints the number of floats compared, the mismatches (the first ten in full) and ns per float
// for both; exit status 1 if any text differs.
#include <algorithm>
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
#include <utility>
#include <vector>

#include "results/float_text.hpp"

namespace {

struct Tally {
  std::uint64_t compared = 0, mismatches = 0;
};

std::atomic<int> printed{0};

// Each float's text from write_shortest and from write_shortest_texts (in batches of consecutive
// patterns) against std::to_chars.
void compare_range(std::uint64_t first, std::uint64_t last, std::uint64_t stride, Tally& tally) {
  constexpr std::size_t kBatch = 1024;
  std::vector<float> batch;
  std::vector<char> texts(kBatch * neurosim::cli::kFloatTextBytes);
  std::vector<std::uint8_t> lengths(kBatch);
  char a[64], b[64];
  const auto report = [&](std::uint64_t i, const char* what, const char* text, std::size_t len, const char* expected, std::size_t expected_len) {
    ++tally.mismatches;
    if (printed.fetch_add(1) < 10)
      std::printf("mismatch 0x%08x (%s): %.*s (std::to_chars %.*s)\n", static_cast<unsigned>(i), what, static_cast<int>(len), text,
                  static_cast<int>(expected_len), expected);
  };
  for (std::uint64_t start = first; start < last; start += stride * kBatch) {
    batch.clear();
    for (std::uint64_t i = start; i < last && batch.size() < kBatch; i += stride) batch.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(i)));
    neurosim::cli::write_shortest_texts(batch.data(), batch.size(), texts.data(), lengths.data());
    for (std::size_t k = 0; k < batch.size(); ++k) {
      const std::uint64_t i = start + k * stride;
      const float v = batch[k];
      const char* ea = neurosim::cli::write_shortest(a, v);
      const char* eb = std::to_chars(b, b + sizeof b, v).ptr;
      const auto expected_len = static_cast<std::size_t>(eb - b);
      ++tally.compared;
      if (static_cast<std::size_t>(ea - a) != expected_len || std::memcmp(a, b, expected_len) != 0) report(i, "one", a, static_cast<std::size_t>(ea - a), b, expected_len);
      const char* text = texts.data() + k * neurosim::cli::kFloatTextBytes;
      if (lengths[k] != expected_len || std::memcmp(text, b, expected_len) != 0) report(i, "batch", text, lengths[k], b, expected_len);
    }
  }
}

// ns per float of each routine on a sample of finite floats of every magnitude, on values like
// traces.csv's membrane potentials, and on random weights like izhikevich2003's (7 to 9 digits).
void time_all() {
  std::vector<float> values;
  std::uint32_t x = 12345;
  while (values.size() < 2000000) {
    x = x * 1664525u + 1013904223u;
    const float v = std::bit_cast<float>(x);
    if (v == v && v - v == 0) values.push_back(v);
  }
  std::vector<float> traces, weights;
  for (std::size_t i = 0; i < 2000000; ++i) traces.push_back(-70.0f + 20.0f * static_cast<float>(i % 9973) / 9973.0f);
  for (std::size_t i = 0; i < 2000000; ++i) {
    x = x * 1664525u + 1013904223u;
    weights.push_back(0.5f * static_cast<float>(x >> 8) * 0x1.0p-24f);
  }
  char buf[64];
  std::vector<char> texts(1024 * neurosim::cli::kFloatTextBytes);
  std::vector<std::uint8_t> lengths(1024);
  std::size_t sink = 0;
  const std::pair<const char*, const std::vector<float>*> sets[] = {{"random bits", &values}, {"-70..-50", &traces}, {"weights 0..0.5", &weights}};
  for (const auto& [name, set] : sets) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const float v : *set) sink += static_cast<std::size_t>(neurosim::cli::write_shortest(buf, v) - buf);
    const auto t1 = std::chrono::steady_clock::now();
    for (const float v : *set) sink += static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf);
    const auto t2 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < set->size(); i += 1024) {
      const std::size_t n = std::min<std::size_t>(1024, set->size() - i);
      neurosim::cli::write_shortest_texts(set->data() + i, n, texts.data(), lengths.data());
      sink += lengths[n - 1];
    }
    const auto t3 = std::chrono::steady_clock::now();
    const double n = static_cast<double>(set->size());
    std::printf("%s: write_shortest %.1f ns, write_shortest_texts %.1f ns, std::to_chars %.1f ns per float\n", name,
                std::chrono::duration<double, std::nano>(t1 - t0).count() / n, std::chrono::duration<double, std::nano>(t3 - t2).count() / n,
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
  time_all();
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
