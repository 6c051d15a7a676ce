#pragma once
// Shortest round-trip text of a float, byte for byte what std::to_chars(first, last, float)
// writes: the fewest significant digits that read back as the same float, the one nearest the
// exact value among them (ties to an even last digit), in fixed or scientific notation,
// whichever is shorter (fixed on a tie).
//
// Why not std::to_chars itself: result files hold millions of floats (traces.csv, weights.csv),
// and libstdc++'s routines took about 15 % of a `cuba` run's CPU time. This one computes the
// interval of decimals that round to the float exactly, in integers (a 64- or 128-bit product
// with a power of 5 and a shift), and drops as many digits as the interval allows (a multiple
// of 10^t lies in it while its upper end mod 10^t does not exceed its width), without a loop. Zero is written here; what it does not cover cheaply (|v| below 1e-35 or at least
// 1e8, subnormals, infinities, NaN) goes to std::to_chars. tests/io/test_float_text.cpp
// compares it with std::to_chars on samples of every exponent; `bench_float_text all` on all
// 2^32 floats.
#include <cstddef>
#include <cstdint>

namespace neurosim::cli {

// Writes the text of v at out (at least 16 bytes free) and returns the end.
char* write_shortest(char* out, float v);

// The texts of many floats, kFloatTextBytes apart: the text write_shortest writes for values[i]
// is texts[16 i, 16 i + lengths[i]) (the rest of each slot is scratch). Eight at a time with
// AVX-512 where the build has it: a file of random weights, whose texts have 7, 8 or 9 digits,
// took about 18 ns per value one at a time.
inline constexpr std::size_t kFloatTextBytes = 16;  // the longest text, "-1.17549435e-38", has 15
void write_shortest_texts(const float* values, std::size_t count, char* texts, std::uint8_t* lengths);

}  // namespace neurosim::cli
