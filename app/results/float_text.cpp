#include "results/float_text.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__AVX512BW__)
#include "neurosim/x86_intrinsics.hpp"
#endif

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

// The same tables as 64-bit words for the eight-lane path: 5^q for q < 16, and the division
// by 10^t for t < 4 (whose multipliers fit in 32 bits), padded to eight entries.
constexpr std::array<std::uint64_t, 16> kPow5Low16 = [] {
  std::array<std::uint64_t, 16> p{};
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<std::uint64_t>(kPow5[i]);
  return p;
}();
constexpr std::array<std::uint64_t, 8> kDivideMultiplier4 = [] {
  std::array<std::uint64_t, 8> m{};
  for (std::size_t t = 0; t < 4; ++t) m[t] = kDividePow10[t].multiplier;
  return m;
}();
constexpr std::array<std::uint64_t, 8> kDivideShift4 = [] {
  std::array<std::uint64_t, 8> s{};
  for (std::size_t t = 0; t < 4; ++t) s[t] = static_cast<std::uint64_t>(kDividePow10[t].shift);
  return s;
}();
static_assert(kDivideMultiplier4[3] < (std::uint64_t{1} << 32), "the eight-lane division multiplies 32-bit halves");

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

// [SECTION] Eight at a time

namespace neurosim::cli {

#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__AVX512BW__)

namespace {

// The common case of write_shortest for eight floats at once, one per 64-bit lane: normal
// floats from about 1e-7 to 1e8 whose shortest text has a point and no exponent, and whose
// interval drops at most three digits. The same steps as shortest<std::uint64_t> and the fixed
// notation above, each for all lanes; a lane outside the common case is left to write_shortest.
// Returns the lanes done.
__mmask8 shortest_eight(const float* values, char* texts, std::uint8_t* lengths) {
  const auto all = [](std::uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); };
  const __m512i zero = _mm512_setzero_si512(), one = all(1);
  const __m512i bits = _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(values)));
  const __m512i biased = _mm512_and_si512(_mm512_srli_epi64(bits, 23), all(0xff));
  const __m512i fraction = _mm512_and_si512(bits, all(0x7fffff));
  const __m512i m = _mm512_or_si512(fraction, all(1u << 23));
  const __m512i e = _mm512_sub_epi64(biased, all(150));
  const __m512i k = _mm512_srai_epi64(_mm512_mul_epi32(_mm512_add_epi64(e, all(23)), all(78913)), 18);  // e + 23 fits in 32 bits
  const __m512i q = _mm512_sub_epi64(all(8), k);
  __mmask8 done = _mm512_cmpneq_epi64_mask(biased, zero) & _mm512_cmpneq_epi64_mask(biased, all(0xff)) &
                  _mm512_cmpgt_epi64_mask(q, zero) & _mm512_cmple_epi64_mask(q, all(kMaxPow5For64));
  // The interval, scaled by 5^q and shifted by s = 2 - e - q bits (s > 0 here).
  const __m512i p5 = _mm512_permutex2var_epi64(_mm512_loadu_si512(kPow5Low16.data()), q, _mm512_loadu_si512(kPow5Low16.data() + 8));
  const __m512i nv = _mm512_mullo_epi64(_mm512_slli_epi64(m, 2), p5);
  const __m512i p5x2 = _mm512_slli_epi64(p5, 1);
  const __mmask8 gap_one = _mm512_cmpeq_epi64_mask(fraction, zero) & _mm512_cmpgt_epi64_mask(biased, one);
  const __m512i nl = _mm512_sub_epi64(nv, _mm512_mask_mov_epi64(p5x2, gap_one, p5));
  const __m512i nh = _mm512_add_epi64(nv, p5x2);
  const __mmask8 inclusive = _mm512_testn_epi64_mask(m, one);
  const __m512i s = _mm512_sub_epi64(_mm512_sub_epi64(all(2), e), q);
  done &= _mm512_cmpgt_epi64_mask(s, zero);
  const __m512i unit = _mm512_sllv_epi64(one, s);
  const __m512i below = _mm512_sub_epi64(unit, one);
  const __m512i half = _mm512_srli_epi64(unit, 1);
  const __m512i v0 = _mm512_srlv_epi64(nv, s);
  const __m512i vrem = _mm512_and_si512(nv, below);
  const __mmask8 l_exact = _mm512_testn_epi64_mask(nl, below), h_exact = _mm512_testn_epi64_mask(nh, below);
  const __mmask8 frac_zero = _mm512_testn_epi64_mask(nv, below);
  const __mmask8 frac_above = _mm512_cmpgt_epu64_mask(vrem, half), frac_below = _mm512_cmplt_epu64_mask(vrem, half);
  const __m512i l0 = _mm512_srlv_epi64(nl, s), h0 = _mm512_srlv_epi64(nh, s);
  const __m512i lo = _mm512_mask_add_epi64(l0, static_cast<__mmask8>(~(l_exact & inclusive)), l0, one);
  const __m512i hi = _mm512_mask_sub_epi64(h0, static_cast<__mmask8>(h_exact & ~inclusive), h0, one);
  const __m512i width = _mm512_sub_epi64(hi, lo);
  // Digits that can go: hi mod 10^t <= width (hi < 2^31: 32-bit multiplies by magic numbers).
  const auto times = [](__m512i a, __m512i b) { return _mm512_mul_epu32(a, b); };
  const __m512i low4 = _mm512_sub_epi64(hi, times(_mm512_srli_epi64(times(hi, all(3518437209u)), 45), all(10000)));
  const __m512i r10 = _mm512_sub_epi64(low4, times(_mm512_srli_epi64(times(low4, all(52429)), 19), all(10)));
  const __m512i r100 = _mm512_sub_epi64(low4, times(_mm512_srli_epi64(times(low4, all(5243)), 19), all(100)));
  const __m512i r1000 = _mm512_sub_epi64(low4, times(_mm512_srli_epi64(times(low4, all(8389)), 23), all(1000)));
  done &= _mm512_cmpgt_epu64_mask(low4, width);  // four or more digits: the scalar loop
  __m512i t = _mm512_maskz_mov_epi64(_mm512_cmple_epu64_mask(r10, width), one);
  t = _mm512_mask_add_epi64(t, _mm512_cmple_epu64_mask(r100, width), t, one);
  t = _mm512_mask_add_epi64(t, _mm512_cmple_epu64_mask(r1000, width), t, one);
  // The exact value cut to the remaining digits and rounded to nearest (ties to even).
  const __m512i p = _mm512_permutexvar_epi64(t, _mm512_setr_epi64(1, 10, 100, 1000, 1, 1, 1, 1));
  const __m512i multiplier = _mm512_permutexvar_epi64(t, _mm512_loadu_si512(kDivideMultiplier4.data()));
  const __m512i shift = _mm512_permutexvar_epi64(t, _mm512_loadu_si512(kDivideShift4.data()));
  const __m512i vt = _mm512_srlv_epi64(times(v0, multiplier), shift);
  const __m512i rem = _mm512_sub_epi64(v0, times(vt, p));
  const __m512i half_p = _mm512_srli_epi64(p, 1);
  const __mmask8 odd = _mm512_test_epi64_mask(vt, one);
  const __mmask8 no_cut = _mm512_cmpeq_epi64_mask(t, zero);
  const __mmask8 up_no_cut = frac_above | static_cast<__mmask8>(~frac_above & ~frac_below & odd);
  const __mmask8 up_cut = _mm512_cmpgt_epu64_mask(rem, half_p) | (_mm512_cmpeq_epi64_mask(rem, half_p) & static_cast<__mmask8>(~frac_zero | odd));
  const __mmask8 up = (no_cut & up_no_cut) | static_cast<__mmask8>(~no_cut & up_cut);
  const __m512i vt1 = _mm512_add_epi64(vt, one);
  __m512i c = _mm512_mask_mov_epi64(vt, up, vt1);
  c = _mm512_mask_mov_epi64(c, _mm512_cmpgt_epu64_mask(times(c, p), hi), vt);
  c = _mm512_mask_mov_epi64(c, _mm512_cmplt_epu64_mask(times(c, p), lo), vt1);
  // Its length and exponent, and fixed notation with a point.
  const __m512i ten_or_nine = _mm512_mask_mov_epi64(all(9), _mm512_cmpge_epu64_mask(v0, all(1000000000)), all(10));
  const __m512i n = _mm512_mask_mov_epi64(_mm512_sub_epi64(ten_or_nine, t), _mm512_cmpeq_epi64_mask(vt, zero), one);
  const __m512i fraction_digits = _mm512_sub_epi64(q, t);  // -exponent
  done &= _mm512_cmpgt_epi64_mask(fraction_digits, zero);
  const __m512i whole_digits = _mm512_sub_epi64(n, fraction_digits);
  const __m512i fixed_len = _mm512_mask_mov_epi64(_mm512_add_epi64(fraction_digits, all(2)), _mm512_cmpgt_epi64_mask(whole_digits, zero),
                                                  _mm512_add_epi64(n, one));
  const __m512i sci_len = _mm512_mask_add_epi64(_mm512_add_epi64(n, all(4)), _mm512_cmpgt_epi64_mask(n, one), _mm512_add_epi64(n, all(4)), one);
  done &= _mm512_cmple_epi64_mask(fixed_len, sci_len);
  const __m512i shown = _mm512_max_epi64(n, _mm512_add_epi64(fraction_digits, one));
  const __m512i negative = _mm512_srli_epi64(bits, 31);
  // Sixteen digits of c (leading zeros), as two words per lane: c / 10^8 and c mod 10^8.
  const __m512i high = _mm512_srli_epi64(times(_mm512_srli_epi64(c, 8), all(90071993)), 45);  // (c / 2^8) / 390625
  const __m512i low = _mm512_sub_epi64(c, times(high, all(100000000)));
  // eight_digits() in every lane. Its splits by 100 and by 10 are done on 16-bit lanes (each
  // holds a number below 10^4, then below 100): a high half of a 16-bit product is one
  // instruction, a 64-bit product three.
  const auto eight = [&](__m512i x) {
    const __m512i d4 = _mm512_srli_epi64(times(x, all(219902326)), 41);  // x / 10^4 for x < 2^27
    __m512i v = _mm512_or_si512(d4, _mm512_slli_epi64(_mm512_sub_epi64(x, times(d4, all(10000))), 32));
    const __m512i hundreds = _mm512_srli_epi16(_mm512_mulhi_epu16(v, _mm512_set1_epi16(10486)), 4);  // (x 10486) >> 20
    v = _mm512_or_si512(hundreds, _mm512_slli_epi32(_mm512_sub_epi16(v, _mm512_mullo_epi16(hundreds, _mm512_set1_epi16(100))), 16));
    const __m512i tens = _mm512_mulhi_epu16(v, _mm512_set1_epi16(103 << 6));  // (x 103) >> 10
    v = _mm512_or_si512(tens, _mm512_slli_epi16(_mm512_sub_epi16(v, _mm512_mullo_epi16(tens, _mm512_set1_epi16(10))), 8));
    return _mm512_add_epi64(v, all(0x3030303030303030ull));
  };
  const __m512i digits_high = eight(high), digits_low = eight(low);
  // Per lane, byte i of its 16-byte text: '-' first when negative, the last `shown` digits with
  // '.' after `whole` of them. As a byte shuffle of the lane's digits: byte i takes digit
  // base + i, one less after the point, with base = 16 - shown - negative.
  // Per lane, these small numbers are spread over the bytes of its text's 16-byte slot below.
  const __m512i base = _mm512_sub_epi64(_mm512_sub_epi64(all(16), shown), negative);
  const __m512i point = _mm512_add_epi64(_mm512_sub_epi64(shown, fraction_digits), negative);
  const __m512i sign = negative;
  const __m512i first_byte = _mm512_setzero_si512();  // a byte shuffle that copies byte 0 of each 16
  const __m512i iota = _mm512_set4_epi32(0x0F0E0D0C, 0x0B0A0908, 0x07060504, 0x03020100);
  const __m512i point_char = _mm512_set1_epi8('.'), minus_char = _mm512_set1_epi8('-'), ones = _mm512_set1_epi8(1);
  for (int part = 0; part < 2; ++part) {  // lanes 0-3, then 4-7: four 16-byte texts per register
    const __m512i pair = part == 0 ? _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11) : _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    const __m512i twice = part == 0 ? _mm512_setr_epi64(0, 0, 1, 1, 2, 2, 3, 3) : _mm512_setr_epi64(4, 4, 5, 5, 6, 6, 7, 7);
    const __m512i digits = _mm512_permutex2var_epi64(digits_high, pair, digits_low);
    const auto spread = [&](__m512i x) { return _mm512_shuffle_epi8(_mm512_permutexvar_epi64(twice, x), first_byte); };
    const __m512i at_point = spread(point);
    __m512i index = _mm512_add_epi8(spread(base), iota);
    index = _mm512_mask_sub_epi8(index, _mm512_cmpgt_epi8_mask(iota, at_point), index, ones);
    __m512i text = _mm512_shuffle_epi8(digits, _mm512_and_si512(index, _mm512_set1_epi8(0x0F)));
    text = _mm512_mask_mov_epi8(text, _mm512_cmpeq_epi8_mask(iota, at_point), point_char);
    const __mmask64 minus = _mm512_cmpeq_epi8_mask(iota, _mm512_setzero_si512()) & _mm512_test_epi8_mask(spread(sign), ones);
    text = _mm512_mask_mov_epi8(text, minus, minus_char);
    _mm512_storeu_si512(texts + 64 * part, text);
  }
  const __m512i length = _mm512_add_epi64(_mm512_add_epi64(shown, one), negative);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(lengths), _mm512_cvtepi64_epi8(length));
  return done;
}

}  // namespace

void write_shortest_texts(const float* values, std::size_t count, char* texts, std::uint8_t* lengths) {
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __mmask8 done = shortest_eight(values + i, texts + kFloatTextBytes * i, lengths + i);
    for (unsigned rest = static_cast<unsigned>(~done) & 0xFFu; rest != 0; rest &= rest - 1) {
      const std::size_t j = i + static_cast<std::size_t>(std::countr_zero(rest));
      char text[32];
      const auto n = static_cast<std::size_t>(write_shortest(text, values[j]) - text);
      std::memcpy(texts + kFloatTextBytes * j, text, kFloatTextBytes);
      lengths[j] = static_cast<std::uint8_t>(n);
    }
  }
  for (; i < count; ++i) {
    char text[32];
    const auto n = static_cast<std::size_t>(write_shortest(text, values[i]) - text);
    std::memcpy(texts + kFloatTextBytes * i, text, kFloatTextBytes);
    lengths[i] = static_cast<std::uint8_t>(n);
  }
}

#else

void write_shortest_texts(const float* values, std::size_t count, char* texts, std::uint8_t* lengths) {
  for (std::size_t i = 0; i < count; ++i) {
    char text[32];
    const auto n = static_cast<std::size_t>(write_shortest(text, values[i]) - text);
    std::memcpy(texts + kFloatTextBytes * i, text, kFloatTextBytes);
    lengths[i] = static_cast<std::uint8_t>(n);
  }
}

#endif

}  // namespace neurosim::cli
