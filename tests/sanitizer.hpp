#pragma once
// Whether this test binary runs under AddressSanitizer: the longest preset runs (a few seconds in
// a release build) take minutes there, and the mechanisms they rely on are tested on small
// networks anyway, so those cases skip themselves with doctest::skip(kSanitized).
namespace neurosim::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace neurosim::test
