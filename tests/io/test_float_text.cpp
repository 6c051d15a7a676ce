// The fast text of floats and of step times in result files against the standard library's
// (std::to_chars), which defines the bytes of traces.csv, weights.csv and every t_ms column.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>
#include <cstdlib>

#include "results/float_text.hpp"
#include "results/results_writer.hpp"

namespace {

std::string fast(float v) {
  char buf[64];
  return std::string(buf, neurosim::cli::write_shortest(buf, v));
}

std::string library(float v) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Values whose text from write_shortest, or from write_shortest_texts (all of them in one batch:
// eight-lane blocks and a tail), differs from std::to_chars; the first ten are reported.
int mismatches(const std::vector<float>& values) {
  std::vector<char> texts(values.size() * neurosim::cli::kFloatTextBytes);
  std::vector<std::uint8_t> lengths(values.size());
  neurosim::cli::write_shortest_texts(values.data(), values.size(), texts.data(), lengths.data());
  int failures = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string expected = library(values[i]);
    const std::string batch(texts.data() + i * neurosim::cli::kFloatTextBytes, lengths[i]);
    if ((fast(values[i]) != expected || batch != expected) && ++failures <= 10) {
      INFO("bits " << std::bit_cast<std::uint32_t>(values[i]));
      CHECK(fast(values[i]) == expected);
      CHECK(batch == expected);
    }
  }
  return failures;
}

// TimeFormatter's text by the library's fixed-precision route: step * dt with dt's decimals,
// trailing zeros dropped.
std::string library_time(double dt, int decimals, std::int64_t step) {
  char buf[64];
  char* end = std::to_chars(buf, buf + sizeof buf, static_cast<double>(step) * dt, std::chars_format::fixed, decimals).ptr;
  std::string s(buf, end);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace

TEST_SUITE("io: float text") {
  TEST_CASE("shortest float text equals std::to_chars at chosen values") {
    const float values[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 1.62f, -59.933926f, -65.0f, 1e-5f, 1e-35f, 1.5e-35f, 9.999999e7f,
                            1e8f, 16777215.0f, 16777216.0f, 33584488.0f, 123456.79f, 0.3f, 2.5e-7f, 1e-45f,
                            std::numeric_limits<float>::min(), std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()};
    CHECK(mismatches(std::vector<float>(std::begin(values), std::end(values))) == 0);
    // One at a time through the batch (each its own tail), and eight equal ones (one lane block).
    for (const float v : values) {
      CHECK(mismatches({v}) == 0);
      CHECK(mismatches(std::vector<float>(8, v)) == 0);
    }
  }

  TEST_CASE("shortest float text equals std::to_chars at both ends and inside every binary exponent") {
    // Where the interval of a float is lopsided (powers of 2), where the digits run out, and a
    // spread of significands per exponent, of both signs.
    std::uint32_t x = 2463534242u;
    std::vector<float> values;
    for (std::uint32_t biased = 0; biased < 256; ++biased) {
      for (std::uint32_t k = 0; k < 600; ++k) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        const std::uint32_t fraction = k == 0 ? 0 : k == 1 ? 1 : k == 2 ? 0x7fffffu : k == 3 ? 0x400000u : (x & 0x7fffffu);
        const std::uint32_t bits = (biased << 23) | fraction | ((k & 1u) << 31);
        values.push_back(std::bit_cast<float>(bits));
      }
    }
    CHECK(mismatches(values) == 0);
  }

  TEST_CASE("shortest float text equals std::to_chars next to every power of ten") {
    // Just below a power of ten every digit may be cut off (1e-05f is 9.99999974e-06).
    std::vector<float> values;
    for (int k = -45; k <= 38; ++k) {
      const float p = std::strtof(("1e" + std::to_string(k)).c_str(), nullptr);  // subnormal below 1e-38
      const auto bits = std::bit_cast<std::uint32_t>(p);
      for (std::uint32_t d = 0; d < 7; ++d) {
        const std::uint32_t b = bits + d >= 3 ? bits + d - 3 : 0;
        for (const std::uint32_t sign : {0u, 0x80000000u}) values.push_back(std::bit_cast<float>(b | sign));
      }
    }
    CHECK(mismatches(values) == 0);
  }

  TEST_CASE("the batch's texts equal std::to_chars for weights, membrane potentials and rates") {
    // The values result files hold most: uniform weights, potentials around -60 mV, small
    // currents, rates; with every length of text, both signs, and batches of every length mod 8.
    std::uint32_t x = 12345u;
    const auto next = [&] {
      x = x * 1664525u + 1013904223u;
      return static_cast<float>(x >> 8) * 0x1.0p-24f;
    };
    std::vector<float> values;
    for (int i = 0; i < 20000; ++i) {
      values.push_back(0.5f * next());
      values.push_back(-next());
      values.push_back(-70.0f + 20.0f * next());
      values.push_back(1e-3f * next() - 5e-4f);
      values.push_back(std::round(100.0f * next()) / 4.0f);
    }
    CHECK(mismatches(values) == 0);
    for (std::size_t n = 1; n <= 17; ++n) CHECK(mismatches(std::vector<float>(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n))) == 0);
  }

  TEST_CASE("step times equal the library's fixed-precision text") {
    // dt with short decimal forms, and far steps (10^9 steps of 0.1 ms is 27 hours).
    const double dts[] = {0.1, 0.025, 0.05, 1.0, 0.5, 0.01, 0.001, 0.2, 0.125, 0.3, 2.0, 0.0625, 1e-9, 0.7};
    for (const double dt : dts) {
      const neurosim::cli::TimeFormatter time(dt);
      int decimals = -1;
      for (int p = 0; p <= 9 && decimals < 0; ++p) {
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, dt, std::chars_format::fixed, p);
        double back = 0;
        std::from_chars(buf, r.ptr, back);
        if (back == dt) decimals = p;
      }
      REQUIRE(decimals >= 0);
      std::int64_t failures = 0;
      for (std::int64_t step = 0; step < 200000; ++step)
        if (time.text(step) != library_time(dt, decimals, step) && ++failures <= 5) CHECK(time.text(step) == library_time(dt, decimals, step));
      for (std::int64_t step = 1000000000; step < 1000000000 + 20000; step += 7)
        if (time.text(step) != library_time(dt, decimals, step) && ++failures <= 5) CHECK(time.text(step) == library_time(dt, decimals, step));
      INFO("dt " << dt);
      CHECK(failures == 0);
    }
  }
}
