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

// Something with named parameters: a neuron model or a plasticity rule. Values are kept as
// doubles in ParamDesc order; a whole candidate set is validated before anything changes.
class Parameterised {
 public:
  virtual ~Parameterised() = default;
  virtual std::span<const ParamDesc> param_descs() const = 0;
  // "model lif", "rule stdp": used in messages.
  virtual std::string kind_description() const = 0;
  std::optional<int> param_index(std::string_view name) const;
  double param(int index) const { return params_[static_cast<std::size_t>(index)]; }
  double param(std::string_view name) const;  // NaN when there is no such parameter
  std::span<const double> param_values() const { return params_; }
  // Checks a whole candidate set (one value per ParamDesc); empty when acceptable.
  virtual std::vector<ParamError> validate(std::span<const double> candidate) const = 0;
  // Validates and applies; on any error nothing changes.
  std::vector<ParamError> set_params(std::span<const double> values);
  std::vector<ParamError> set_param(std::string_view name, double value);

 protected:
  void init_params(std::span<const double> defaults);
  // Called after parameters change: recompute derived constants (never per step).
  virtual void update_derived() = 0;
  // Called per changed parameter before update_derived(), with the change.
  virtual void on_param_shift(int /*param_index*/, double /*delta*/) {}
  std::vector<double> params_;
};

// Checks each value for finiteness, then `rules` per parameter; a helper for validate().
std::vector<ParamError> check_finite(std::span<const ParamDesc> descs, std::span<const double> values);

}  // namespace neurosim
