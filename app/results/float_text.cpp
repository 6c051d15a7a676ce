#include "results/float_text.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace neurosim::cli {
namespace {

__extension__ using u128 = unsigned __int128;  // GCC and clang

// 5^q for q <= 43: the largest that, times a 26-bit significand, stays below 2^128.
constexpr int kMaxPow5 = 43;
constexpr std::array<u128, kMaxPow5 + 1> kPow5 = [] {
  std::array<u128, kMaxPow5 + 1> p{};
  p[0] = 1;
  for (int i = 1; i <= kMaxPow5; ++i) p[static_cast<std::size_t>(i)] = p[static_cast<std::size_t>(i) - 1] * 5;
  return p;
}();
// 5^q * 2^26 < 2^64 up to q = 15: these scale in 64 bits.
constexpr int kMaxPow5For64 = 15;

constexpr std::array<std::uint64_t, 20> kPow10 = [] {
  std::array<std::uint64_t, 20> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// x / 10^t for x < 2^31 and t <= 9, by a multiply and a shift (Granlund & Montgomery 1994:
// m = ceil(2^(31 + l) / 10^t) with l = ceil(log2 10^t) is exact for 31-bit x, and the product
// stays below 2^63).
struct DivideBy {
  std::uint64_t multiplier;
  int shift;
};
constexpr std::array<DivideBy, 10> kDividePow10 = [] {
  std::array<DivideBy, 10> d{};
  for (std::size_t t = 0; t < d.size(); ++t) {
    int l = 0;
    while ((std::uint64_t{1} << l) < kPow10[t]) ++l;
    const std::uint64_t two = std::uint64_t{1} << (31 + l);
    d[t] = {(two + kPow10[t] - 1) / kPow10[t], 31 + l};
  }
  return d;
}();

inline std::uint32_t divide_pow10(std::uint32_t x, int t) {
  const DivideBy d = kDividePow10[static_cast<std::size_t>(t)];
  return static_cast<std::uint32_t>((x * d.multiplier) >> d.shift);
}

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

int digit_count(std::uint64_t c) {
  int n = 1;
  while (n < 20 && c >= kPow10[static_cast<std::size_t>(n)]) ++n;
  return n;
}

void put_pair(char* out, std::uint32_t two_digits) { std::memcpy(out, kDigitPairs + static_cast<std::size_t>(two_digits) * 2, 2); }

// The eight decimal digits of x < 10^8 as ASCII in one word, the first digit in the lowest byte
// (in memory order on a little-endian machine): halves, then pairs, then digits, each split
// done for all lanes by one multiply (x / 100 = x * 10486 >> 20 for x < 10^4,
// x / 10 = x * 103 >> 10 for x < 100).
std::uint64_t eight_digits(std::uint32_t x) {
  std::uint64_t v = (x / 10000) | (static_cast<std::uint64_t>(x % 10000) << 32);
  const std::uint64_t hundreds = ((v * 10486) >> 20) & 0x0000007F0000007Full;
  v = hundreds | ((v - hundreds * 100) << 16);
  const std::uint64_t tens = ((v * 103) >> 10) & 0x000F000F000F000Full;
  v = tens | ((v - tens * 10) << 8);
  return v + 0x3030303030303030ull;
}

// Writes the n <= 10 decimal digits of c < 10^10 at out, and up to 8 - n bytes of scratch after
// them (the low eight digits go out as one word: byte stores read back as a block would stall).
[[gnu::always_inline]] inline void put_digits(char* out, std::uint64_t c, int n) {
  static_assert(std::endian::native == std::endian::little, "eight_digits() orders the digits for a little-endian store");
  if (n > 8) {
    const auto high = static_cast<std::uint32_t>(c / 100000000);
    c -= static_cast<std::uint64_t>(high) * 100000000;
    if (n == 10) {
      put_pair(out, high);
      out += 2;
    } else {
      *out++ = static_cast<char>('0' + high);
    }
    n = 8;
  }
  const std::uint64_t word = eight_digits(static_cast<std::uint32_t>(c)) >> (8 * (8 - n));
  std::memcpy(out, &word, 8);
}

// The shortest decimal c * 10^exponent in the interval of reals that round to m * 2^e, nearest
// to m * 2^e among those of its length. The exact value and the interval's ends, in units of
// 2^(e-2): 4m, 4m - lower_gap, 4m + 2. Scaled by 10^q (q = -exponent of the finest digit
// looked at) they are A * 5^q * 2^(e-2+q), i.e. A * 5^q shifted by s = 2 - e - q bits.
struct Decimal {
  std::uint64_t digits;
  int exponent;
  int length;  // decimal digits of `digits`
};

template <class U>
Decimal shortest(std::uint32_t m, int e, int q, std::uint32_t lower_gap, bool inclusive) {
  const U p5 = static_cast<U>(kPow5[static_cast<std::size_t>(q)]);
  const U nv = static_cast<U>(4 * m) * p5;
  const U nl = nv - static_cast<U>(lower_gap) * p5;
  const U nh = nv + 2 * p5;
  const int s = 2 - e - q;
  std::uint64_t v0, l0, h0;
  bool l_exact = true, h_exact = true;
  int frac_vs_half = -1;   // the exact value's fraction below the unit of v0 against 1/2: -1, 0, +1
  bool frac_zero = true;
  if (s <= 0) {
    v0 = static_cast<std::uint64_t>(nv << -s);
    l0 = static_cast<std::uint64_t>(nl << -s);
    h0 = static_cast<std::uint64_t>(nh << -s);
  } else {
    const U mask = (static_cast<U>(1) << s) - 1;
    const U half = static_cast<U>(1) << (s - 1);
    v0 = static_cast<std::uint64_t>(nv >> s);
    l0 = static_cast<std::uint64_t>(nl >> s);
    h0 = static_cast<std::uint64_t>(nh >> s);
    const U vrem = nv & mask;
    l_exact = (nl & mask) == 0;
    h_exact = (nh & mask) == 0;
    frac_zero = vrem == 0;
    frac_vs_half = static_cast<int>(vrem > half) - static_cast<int>(vrem < half);  // without a branch: a coin toss
  }
  // The smallest and largest integers (units of 10^-q) inside the interval; its ends belong to
  // it when the significand is even (a reader rounds halfway cases to even).
  const std::uint64_t lo = l0 + static_cast<std::uint64_t>(!(l_exact && inclusive));
  const std::uint64_t hi = h0 - static_cast<std::uint64_t>(h_exact && !inclusive);
  // t digits can be dropped while a multiple of 10^t stays inside [lo, hi], i.e. while
  // hi mod 10^t <= hi - lo. The width is about 2^-23 of a 9- or 10-digit hi, so 1 to 3 digits go
  // almost always; more only where hi ends in zeros.
  const auto lo32 = static_cast<std::uint32_t>(lo), hi32 = static_cast<std::uint32_t>(hi);
  const std::uint32_t width = hi32 - lo32;
  const std::uint32_t low4 = hi32 % 10000;  // hi mod 10^4, and from it mod 10, 100, 1000
  int t = (low4 % 10 <= width) + (low4 % 100 <= width) + (low4 % 1000 <= width) + (low4 <= width);
  if (t == 4) [[unlikely]] {
    for (int j = 5; j <= 9 && hi32 % static_cast<std::uint32_t>(kPow10[static_cast<std::size_t>(j)]) <= width; ++j) t = j;
  }
  // The exact value cut to the remaining digits, and rounded to nearest (ties to even); the cut
  // is hi32 < 2^31 divided by 10^t (kDivide: a multiply and a shift).
  const std::uint32_t p = static_cast<std::uint32_t>(kPow10[static_cast<std::size_t>(t)]);
  const auto v32 = static_cast<std::uint32_t>(v0);
  const std::uint32_t vt = divide_pow10(v32, t);
  const std::uint32_t rem = v32 - vt * p;
  const std::uint32_t half = p / 2;  // 5 * 10^(t-1); 0 for t = 0, where the fraction decides
  const bool odd = (vt & 1) != 0;
  const bool up = t == 0 ? (frac_vs_half > 0) | ((frac_vs_half == 0) & odd) : (rem > half) | ((rem == half) & (!frac_zero | odd));
  // Kept inside the interval: c * 10^t within [lo, hi] (below 2^32 + 2^31: no overflow).
  std::uint64_t c = vt + (up ? 1u : 0u);
  if (c * p > hi) c = vt;
  if (c * p < lo) c = vt + 1;
  // c has as many digits as vt: rounding up never carries into a new digit (that would end c
  // in a zero, and a shorter number would have been found), except from vt = 0 to c = 1
  // (1e-05f is 9.99999974e-06: every digit is cut off).
  return {c, t - q, vt == 0 ? 1 : (v0 >= 1000000000 ? 10 : 9) - t};
}

// The rare cases out of line, so that the common path stays compact.
[[gnu::noinline, gnu::cold]] char* library_text(char* out, float v) { return std::to_chars(out, out + 16, v).ptr; }
[[gnu::noinline, gnu::cold]] Decimal shortest_tiny(std::uint32_t m, int e, int q, std::uint32_t lower_gap, bool inclusive) {
  return shortest<u128>(m, e, q, lower_gap, inclusive);  // |v| below about 1e-7: 128-bit products
}

}  // namespace

char* write_shortest(char* out, float v) {
  const auto bits = std::bit_cast<std::uint32_t>(v);
  const std::uint32_t biased = (bits >> 23) & 0xffu;
  const std::uint32_t fraction = bits & 0x7fffffu;
  char* p = out;
  if (biased == 0 && fraction == 0) {
    if ((bits >> 31) != 0) *p++ = '-';
    *p++ = '0';
    return p;
  }
  if (biased == 0 || biased == 0xffu) [[unlikely]] return library_text(out, v);  // subnormal, infinite, NaN
  const std::uint32_t m = fraction | (1u << 23);
  const int e = static_cast<int>(biased) - 150;  // |v| = m * 2^e
  // 10^k <= 2^(e+23) <= |v| < 2 * 10^(k+1): digits down to 10^(k-8) give 9 or 10 significant
  // ones, enough to tell every float apart (max_digits10 = 9).
  const int k = ((e + 23) * 78913) >> 18;  // floor((e + 23) * log10(2)), exact for |e + 23| < 1600
  const int q = 8 - k;
  if (q <= 0 || q > kMaxPow5) [[unlikely]] return library_text(out, v);  // |v| >= 1e8 or < 1e-35
  const std::uint32_t lower_gap = (fraction == 0 && biased > 1) ? 1 : 2;  // the float below is closer at a power of 2
  const bool inclusive = (m & 1) == 0;
  const Decimal d = q <= kMaxPow5For64 ? shortest<std::uint64_t>(m, e, q, lower_gap, inclusive)
                                       : shortest_tiny(m, e, q, lower_gap, inclusive);
  *p = '-';  // kept only for a negative value (the sign is a coin toss for a branch)
  p += bits >> 31;
  const int n = d.length;
  const int x = n - 1 + d.exponent;  // the scientific exponent, |x| <= 38 here
  const int sci_len = n + (n > 1 ? 1 : 0) + 4;
  const int fixed_len = d.exponent >= 0 ? n + d.exponent : (n + d.exponent > 0 ? n + 1 : 2 - d.exponent);
  if (fixed_len <= sci_len) {
    if (d.exponent >= 0) {
      if (e > 0) {  // an integer above 2^24: fixed notation shows its exact value, not padded digits
        const std::uint64_t exact = static_cast<std::uint64_t>(m) << e;
        const int digits = digit_count(exact);
        put_digits(p, exact, digits);
        return p + digits;
      }
      put_digits(p, d.digits, n);
      p += n;
      std::memset(p, '0', static_cast<std::size_t>(d.exponent));
      return p + d.exponent;
    }
    const int whole = n + d.exponent;  // digits before the point
    if (whole > 0 && n <= 8) {
      // The point goes in by shifting the fraction's digits one byte up within the word.
      const std::uint64_t word = eight_digits(static_cast<std::uint32_t>(d.digits)) >> (8 * (8 - n));
      const std::uint64_t before = (std::uint64_t{1} << (8 * whole)) - 1;  // whole < n <= 8
      const std::uint64_t text = (word & before) | (std::uint64_t{'.'} << (8 * whole)) | ((word & ~before) << 8);
      std::memcpy(p, &text, 8);
      p[8] = static_cast<char>(word >> 56);  // the last digit when n = 8
      return p + n + 1;
    }
    if (whole > 0) {  // nine or ten digits: the integer part and the fraction apart
      const auto scale = kPow10[static_cast<std::size_t>(n - whole)];
      put_digits(p, d.digits / scale, whole);
      p += whole;
      *p++ = '.';
      put_digits(p, d.digits % scale, n - whole);
      return p + (n - whole);
    }
    *p++ = '0';
    *p++ = '.';
    // At most three zeros here (a fourth would make the scientific form shorter): one word of
    // four, not a call to memset.
    std::memcpy(p, "0000", 4);
    p += -whole;
    put_digits(p, d.digits, n);
    return p + n;
  }
  put_digits(p + 1, d.digits, n);  // d.ddd: the first digit moves before the point
  p[0] = p[1];
  if (n > 1) {
    p[1] = '.';
    p += n + 1;
  } else {
    p += 1;
  }
  *p++ = 'e';
  *p++ = x < 0 ? '-' : '+';
  const int ax = x < 0 ? -x : x;
  std::memcpy(p, kDigitPairs + static_cast<std::size_t>(ax) * 2, 2);
  return p + 2;
}

}  // namespace neurosim::cli
