#pragma once
// Named, validated model parameters. Each model lists its fields once (name, unit, help,
// slider range); the GUI builds its sliders and the scenario loader its checks from that list.
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace neurosim {

struct ParamDesc {
  std::string_view name;
  std::string_view unit;
  std::string_view help;
  double slider_min;  // a sensible range for a slider, not a validity bound
  double slider_max;
};

// A rejected value: which parameter, and why ("must be > 0 (got 0)").
struct ParamError {
  std::string param;
  std::string message;
};

// "must be > 0 (got -1)" style messages shared by every model.
std::string format_number(double v);
std::optional<std::string> require_finite(double v);
std::optional<std::string> require_positive(double v);
std::optional<std::string> require_non_negative(double v);

}  // namespace neurosim
