#include "neurosim/gradient/surrogate.hpp"

namespace neurosim::gradient {

std::string_view surrogate_name(SurrogateKind kind) {
  switch (kind) {
    case SurrogateKind::FastSigmoid: return "fast_sigmoid";
    case SurrogateKind::Arctan: return "arctan";
    case SurrogateKind::Triangle: return "triangle";
    case SurrogateKind::Sigmoid: return "sigmoid";
  }
  return "?";
}

std::optional<SurrogateKind> parse_surrogate(std::string_view name) {
  for (SurrogateKind k : {SurrogateKind::FastSigmoid, SurrogateKind::Arctan, SurrogateKind::Triangle, SurrogateKind::Sigmoid})
    if (surrogate_name(k) == name) return k;
  return std::nullopt;
}

double default_slope(SurrogateKind kind) {
  switch (kind) {
    case SurrogateKind::FastSigmoid: return 25.0;
    case SurrogateKind::Arctan: return 2.0;
    case SurrogateKind::Triangle: return 1.0;
    case SurrogateKind::Sigmoid: return 5.0;
  }
  return 1.0;
}

}  // namespace neurosim::gradient
