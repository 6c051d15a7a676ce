#pragma once
// Shortest round-trip text of a float, byte for byte what std::to_chars(first, last, float)
// writes: the fewest significant digits that read back as the same float, the one nearest the
// exact value among them (ties to an even last digit), in fixed or scientific notation,
// whichever is shorter (fixed on a tie).
//
// Why not std::to_chars itself: result files hold millions of floats (traces.csv) and the
// library's general routine cost about as much as a third of the stepping. This one computes
// the interval of decimals that round to the float exactly, in integers (a 64- or 128-bit
// product with a power of 5 and a shift), and drops digits while the interval still holds a
// shorter number; values it does not cover cheaply (below 1e-35, at or above 1e8, subnormal,
// zero handled here; NaN, infinity) go to std::to_chars. tests/io/test_float_text.cpp compares
// it with std::to_chars on samples of every exponent; `bench_float_text all` on all 2^32 floats.
namespace neurosim::cli {

// Writes the text of v at out (at least 16 bytes free) and returns the end.
char* write_shortest(char* out, float v);

}  // namespace neurosim::cli
