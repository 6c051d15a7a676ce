#pragma once
// A value given either as one number or drawn per element (neuron or synapse).
#include <cstdint>
#include <span>
#include <string>

#include "neurosim/rng.hpp"

namespace neurosim {

struct Distribution {
  enum class Kind {
    Constant,  // a
    Uniform,   // uniform in [a, b)
    Normal,    // mean a, standard deviation b
    SharedR,   // a + b * r^power with one r ~ U[0,1) per neuron shared by every parameter of the
               // population that uses it (Izhikevich 2003: c = -65 + 15 r^2, d = 8 - 6 r^2)
  };
  Kind kind = Kind::Constant;
  double a = 0.0;
  double b = 0.0;
  double power = 1.0;

  static Distribution constant(double v) { return {Kind::Constant, v, 0.0, 1.0}; }
  static Distribution uniform(double lo, double hi) { return {Kind::Uniform, lo, hi, 1.0}; }
  static Distribution normal(double mean, double sd) { return {Kind::Normal, mean, sd, 1.0}; }
  static Distribution shared_r(double base, double scale, double power) {
    return {Kind::SharedR, base, scale, power};
  }

  bool is_constant() const { return kind == Kind::Constant; }
  // The value a slider shows for the whole population: the distribution's mean.
  double mean() const;
  // One value; shared_r is the neuron's r for SharedR.
  double draw(Rng& rng, double shared_r) const;
  // Fills out[i]; shared_r[i] is neuron i's r (may be empty when no SharedR is involved).
  void fill(std::span<float> out, Rng& rng, std::span<const float> shared_r) const;
  // Empty when valid, else the reason ("uniform needs low < high (got 2, 1)").
  std::string check() const;
  std::string describe() const;
};

}  // namespace neurosim
