#pragma once
// The spike's derivative, replaced by a surrogate (Neftci, Mostafa & Zenke 2019).
//
// The forward pass fires s = H(v) with v = u - threshold; the backward pass uses ds/dv = g(v):
//   fast_sigmoid  g = 1 / (1 + k|v|)^2                  SuperSpike (Zenke & Ganguli 2018);
//                                                      snnTorch's default slope k = 25
//   arctan        g = (k/2) / (1 + (pi/2 k v)^2)       snnTorch atan, default k = 2
//   triangle      g = max(0, 1 - k|v|)                 Esser et al. 2016 / Bellec et al. 2018,
//                                                      default k = 1
//   sigmoid       g = k sigma(kv) (1 - sigma(kv))      default k = 5
// With smooth_forward the forward pass fires s = sigma(kv) instead of H(v) (sigmoid only):
// the network is then a smooth function whose exact derivative is g, which is how the tests
// check the backward pass through the LIF recurrence against finite differences.
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace neurosim::gradient {

enum class SurrogateKind { FastSigmoid, Arctan, Triangle, Sigmoid };

struct Surrogate {
  SurrogateKind kind = SurrogateKind::FastSigmoid;
  double slope = 25.0;
  bool smooth_forward = false;  // test mode, sigmoid only

  template <class S>
  S spike(S v) const {
    if (smooth_forward) return S(1) / (S(1) + std::exp(-S(slope) * v));
    return v >= S(0) ? S(1) : S(0);
  }
  template <class S>
  S derivative(S v) const {
    const S k = S(slope);
    switch (kind) {
      case SurrogateKind::FastSigmoid: {
        const S d = S(1) + k * std::abs(v);
        return S(1) / (d * d);
      }
      case SurrogateKind::Arctan: {
        const S a = S(M_PI / 2) * k * v;
        return (k / S(2)) / (S(1) + a * a);
      }
      case SurrogateKind::Triangle: return std::max(S(0), S(1) - k * std::abs(v));
      case SurrogateKind::Sigmoid: {
        const S sg = S(1) / (S(1) + std::exp(-k * v));
        return k * sg * (S(1) - sg);
      }
    }
    return S(0);
  }
};

std::string_view surrogate_name(SurrogateKind kind);
std::optional<SurrogateKind> parse_surrogate(std::string_view name);  // the names above
double default_slope(SurrogateKind kind);

}  // namespace neurosim::gradient
