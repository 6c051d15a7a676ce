#pragma once
// Central finite differences for the gradient tests, in double precision.
//
// A layer or network output y is reduced to L = sum(c .* y) with fixed random weights c, so that
// dL/dy = c and every output element matters. The analytic gradient must match the numerical
// one within a relative error of 1e-3, measured over the whole tensor:
// ||analytic - numeric|| / max(||analytic||, ||numeric||).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "neurosim/gradient/tensor.hpp"
#include "neurosim/rng.hpp"

namespace neurosim::gradient::test {

using MatD = Mat<double>;

inline MatD random_matrix(Eigen::Index rows, Eigen::Index cols, Rng& rng, double lo = -1.0, double hi = 1.0) {
  MatD m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(lo, hi);
  return m;
}

inline double relative_error(const MatD& analytic, const MatD& numeric) {
  const double scale = std::max({analytic.norm(), numeric.norm(), 1e-12});
  return (analytic - numeric).norm() / scale;
}

// dL/dv by central differences, L evaluated by `loss` after changing v in place.
inline MatD numeric_gradient(MatD& v, const std::function<double()>& loss, double h = 1e-6) {
  MatD g(v.rows(), v.cols());
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    const double keep = v.data()[i];
    v.data()[i] = keep + h;
    const double up = loss();
    v.data()[i] = keep - h;
    const double down = loss();
    v.data()[i] = keep;
    g.data()[i] = (up - down) / (2 * h);
  }
  return g;
}

}  // namespace neurosim::gradient::test
