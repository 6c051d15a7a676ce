#include "neurosim/params.hpp"

#include <charconv>
#include <cstdio>

namespace neurosim {

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

std::optional<std::string> require_finite(double v) {
  if (!std::isfinite(v)) return "must be a finite number (got " + format_number(v) + ")";
  return std::nullopt;
}

std::optional<std::string> require_positive(double v) {
  if (auto e = require_finite(v)) return e;
  if (!(v > 0)) return "must be > 0 (got " + format_number(v) + ")";
  return std::nullopt;
}

std::optional<std::string> require_non_negative(double v) {
  if (auto e = require_finite(v)) return e;
  if (v < 0) return "must be >= 0 (got " + format_number(v) + ")";
  return std::nullopt;
}

}  // namespace neurosim
