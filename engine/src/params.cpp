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

std::vector<ParamError> check_finite(std::span<const ParamDesc> descs, std::span<const double> values) {
  std::vector<ParamError> errors;
  for (std::size_t i = 0; i < descs.size() && i < values.size(); ++i)
    if (auto e = require_finite(values[i])) errors.push_back({std::string(descs[i].name), *e});
  return errors;
}

void Parameterised::init_params(std::span<const double> defaults) { params_.assign(defaults.begin(), defaults.end()); }

std::optional<int> Parameterised::param_index(std::string_view name) const {
  const auto descs = param_descs();
  for (std::size_t i = 0; i < descs.size(); ++i)
    if (descs[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

double Parameterised::param(std::string_view name) const {
  const auto i = param_index(name);
  return i ? param(*i) : std::nan("");
}

std::vector<ParamError> Parameterised::set_params(std::span<const double> values) {
  if (values.size() != params_.size()) return {{"", "expected " + std::to_string(params_.size()) + " values"}};
  auto errors = validate(values);
  if (!errors.empty()) return errors;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double delta = values[i] - params_[i];
    if (delta != 0.0) on_param_shift(static_cast<int>(i), delta);
  }
  params_.assign(values.begin(), values.end());
  update_derived();
  return {};
}

std::vector<ParamError> Parameterised::set_param(std::string_view name, double value) {
  const auto i = param_index(name);
  if (!i) return {{std::string(name), "unknown parameter for " + kind_description()}};
  std::vector<double> candidate = params_;
  candidate[static_cast<std::size_t>(*i)] = value;
  return set_params(candidate);
}

}  // namespace neurosim
