#include "neurosim/distribution.hpp"

#include <cmath>

#include "neurosim/params.hpp"

namespace neurosim {

double Distribution::mean() const {
  switch (kind) {
    case Kind::Constant: return a;
    case Kind::Uniform: return 0.5 * (a + b);
    case Kind::Normal: return a;
    case Kind::SharedR: return a + b / (power + 1.0);  // E[r^p] = 1/(p+1) for r ~ U[0,1)
  }
  return a;
}

double Distribution::draw(Rng& rng, double r) const {
  switch (kind) {
    case Kind::Constant: return a;
    case Kind::Uniform: return rng.uniform(a, b);
    case Kind::Normal: return rng.normal(a, b);
    case Kind::SharedR: return a + b * std::pow(r, power);
  }
  return a;
}

void Distribution::fill(std::span<float> out, Rng& rng, std::span<const float> shared_r) const {
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double r = i < shared_r.size() ? shared_r[i] : 0.0;
    out[i] = static_cast<float>(draw(rng, r));
  }
}

std::string Distribution::check() const {
  const auto finite = [](double v) { return std::isfinite(v); };
  switch (kind) {
    case Kind::Constant:
      if (!finite(a)) return "must be a finite number (got " + format_number(a) + ")";
      break;
    case Kind::Uniform:
      if (!finite(a) || !finite(b)) return "uniform bounds must be finite";
      if (!(a < b)) return "uniform needs low < high (got " + format_number(a) + ", " + format_number(b) + ")";
      break;
    case Kind::Normal:
      if (!finite(a) || !finite(b)) return "normal mean and sd must be finite";
      if (b < 0) return "normal sd must be >= 0 (got " + format_number(b) + ")";
      break;
    case Kind::SharedR:
      if (!finite(a) || !finite(b) || !finite(power)) return "base, scale and power must be finite";
      if (power < 0) return "power must be >= 0 (got " + format_number(power) + ")";
      break;
  }
  return {};
}

std::string Distribution::describe() const {
  switch (kind) {
    case Kind::Constant: return format_number(a);
    case Kind::Uniform: return "uniform[" + format_number(a) + ", " + format_number(b) + ")";
    case Kind::Normal: return "normal(" + format_number(a) + ", " + format_number(b) + ")";
    case Kind::SharedR:
      return format_number(a) + " + " + format_number(b) + "*r^" + format_number(power);
  }
  return {};
}

}  // namespace neurosim
