// A LiveSnapshot turned into what the gradient panels draw (gradient_view.hpp).
#include "gui/views/gradient_view.hpp"

#include "neurosim/gradient/tensor.hpp"  // first: Eigen through it (its note on GCC's warnings)

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "neurosim/gradient/live_training.hpp"
#include "neurosim/gradient/surrogate.hpp"

namespace neurosim::gui {

// [SECTION] Pieces

Grid bin_raster(const float* values, int T, int n, int rows) {
  Grid g;
  rows = std::max(1, std::min(rows, n));
  g.rows = n > 0 ? rows : 0;
  g.cols = T;
  g.values.assign(static_cast<std::size_t>(g.rows * g.cols), 0.0f);
  float hi = 1e-6f;
  for (int r = 0; r < g.rows; ++r) {
    // Bin r holds neurons [r*n/rows, (r+1)*n/rows): every neuron in exactly one bin.
    const int a = static_cast<int>(static_cast<long>(r) * n / rows), b = static_cast<int>(static_cast<long>(r + 1) * n / rows);
    for (int t = 0; t < T; ++t) {
      double sum = 0;
      for (int i = a; i < b; ++i) sum += values[static_cast<std::size_t>(t) * static_cast<std::size_t>(n) + static_cast<std::size_t>(i)];
      const float v = b > a ? static_cast<float>(sum / (b - a)) : 0.0f;
      g.values[static_cast<std::size_t>(r * T + t)] = v;
      hi = std::max(hi, v);
    }
  }
  g.hi = hi;
  return g;
}

Tiles channel_maps(const float* values, int T, int c, int h, int w) {
  Tiles m;
  m.count = c, m.rows = h, m.cols = w;
  const int n = c * h * w;
  m.values.assign(static_cast<std::size_t>(n), 0.0f);
  for (int t = 0; t < T; ++t)
    for (int i = 0; i < n; ++i) m.values[static_cast<std::size_t>(i)] += values[static_cast<std::size_t>(t) * static_cast<std::size_t>(n) + static_cast<std::size_t>(i)];
  m.lo = 0.0f;
  m.hi = std::max(1e-6f, m.values.empty() ? 0.0f : *std::max_element(m.values.begin(), m.values.end()));
  return m;
}

Tiles kernel_tiles(const std::vector<float>& weights, int count, int channels, int k) {
  Tiles t;
  t.count = count, t.rows = k, t.cols = k;
  t.signed_values = true;
  t.values.assign(static_cast<std::size_t>(count * k * k), 0.0f);
  float m = 1e-6f;
  for (int i = 0; i < count; ++i)
    for (int p = 0; p < k * k; ++p) {
      double sum = 0;
      for (int c = 0; c < channels; ++c) sum += weights[static_cast<std::size_t>((i * channels + c) * k * k + p)];
      const float v = static_cast<float>(sum / std::max(1, channels));
      t.values[static_cast<std::size_t>(i * k * k + p)] = v;
      m = std::max(m, std::abs(v));
    }
  t.lo = -m, t.hi = m;
  return t;
}

std::vector<float> moving_average(const std::vector<float>& v, int window) {
  std::vector<float> out(v.size());
  window = std::max(1, window);
  double sum = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    if (i >= static_cast<std::size_t>(window)) sum -= v[i - static_cast<std::size_t>(window)];
    out[i] = static_cast<float>(sum / static_cast<double>(std::min<std::size_t>(i + 1, static_cast<std::size_t>(window))));
  }
  return out;
}

std::vector<float> pca_2d(const std::vector<float>& rows, int n, int d, double* explained) {
  std::vector<float> out(static_cast<std::size_t>(2 * std::max(0, n)), 0.0f);
  if (explained) *explained = 0.0;
  if (n < 2 || d < 1) return out;
  Eigen::MatrixXd x(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) x(i, j) = rows[static_cast<std::size_t>(i * d + j)];
  x.rowwise() -= x.colwise().mean();
  // The n x n Gram matrix has the same non-zero spectrum as the d x d covariance and is small
  // for an episode (tens of points, hundreds of features): coordinates = u_k sqrt(lambda_k).
  const Eigen::MatrixXd gram = x * x.transpose();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
  const Eigen::VectorXd lambda = eig.eigenvalues();  // ascending
  const double total = std::max(0.0, lambda.sum());
  double kept = 0;
  for (int axis = 0; axis < 2 && axis < n; ++axis) {
    const int k = n - 1 - axis;
    const double l = std::max(0.0, lambda(k));
    kept += l;
    Eigen::VectorXd coord = eig.eigenvectors().col(k) * std::sqrt(l);
    Eigen::Index far = 0;
    coord.cwiseAbs().maxCoeff(&far);
    if (coord(far) < 0) coord = -coord;
    for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(2 * i + axis)] = static_cast<float>(coord(i));
  }
  if (explained) *explained = total > 0 ? kept / total : 0.0;
  return out;
}

SurrogateCurves surrogate_curve(int kind, double slope, double range, int points) {
  gradient::Surrogate sg;
  sg.kind = static_cast<gradient::SurrogateKind>(std::clamp(kind, 0, 3));
  sg.slope = slope;
  SurrogateCurves c;
  points = std::max(2, points);
  std::vector<double> integral(static_cast<std::size_t>(points), 0.0);
  for (int i = 0; i < points; ++i) {
    const double v = -range + 2.0 * range * i / (points - 1);
    c.g.x.push_back(static_cast<float>(v));
    c.g.y.push_back(static_cast<float>(sg.derivative(v)));
    if (i > 0)  // trapezoids
      integral[static_cast<std::size_t>(i)] = integral[static_cast<std::size_t>(i - 1)] + 0.5 * (c.g.y[static_cast<std::size_t>(i - 1)] + c.g.y.back()) * (2.0 * range / (points - 1));
  }
  const double total = integral.back() > 0 ? integral.back() : 1.0;
  c.spike.x = c.g.x;
  for (double a : integral) c.spike.y.push_back(static_cast<float>(a / total));
  c.g_max = std::max(1e-6f, *std::max_element(c.g.y.begin(), c.g.y.end()));
  return c;
}

Grid row_normalised(const std::vector<long>& counts, int classes) {
  Grid g;
  g.rows = g.cols = classes;
  g.values.assign(static_cast<std::size_t>(classes * classes), 0.0f);
  for (int r = 0; r < classes; ++r) {
    long sum = 0;
    for (int c = 0; c < classes; ++c) sum += counts[static_cast<std::size_t>(r * classes + c)];
    if (sum == 0) continue;
    for (int c = 0; c < classes; ++c) g.values[static_cast<std::size_t>(r * classes + c)] = static_cast<float>(counts[static_cast<std::size_t>(r * classes + c)]) / static_cast<float>(sum);
  }
  g.lo = 0, g.hi = 1;
  return g;
}

// [SECTION] The whole view

namespace {

LayerView layer_view(const gradient::LayerTrace& l, int T, int raster_rows) {
  LayerView v;
  v.name = l.name;
  v.shape = l.shape.h * l.shape.w > 1 ? l.shape.text() : std::to_string(l.shape.size());
  v.spiking = l.spiking;
  const int n = l.shape.size();
  if (T <= 0 || static_cast<std::size_t>(T) * static_cast<std::size_t>(n) != l.values.size()) return v;
  v.spikes = std::accumulate(l.values.begin(), l.values.end(), 0.0);
  v.raster = bin_raster(l.values.data(), T, n, raster_rows);
  if (l.shape.h * l.shape.w > 1) v.maps = channel_maps(l.values.data(), T, l.shape.c, l.shape.h, l.shape.w);
  return v;
}

Tiles image_tiles(const std::vector<std::vector<float>>& images, int h, int w) {
  Tiles t;
  t.count = static_cast<int>(images.size()), t.rows = h, t.cols = w;
  for (const auto& im : images) t.values.insert(t.values.end(), im.begin(), im.end());
  t.lo = 0, t.hi = 1;
  return t;
}

}  // namespace

GradientView make_gradient_view(const gradient::LiveSnapshot& s, int raster_rows, int smooth) {
  GradientView v;
  v.fewshot = s.fewshot, v.paused = s.paused;
  v.step = s.step, v.epoch = s.epoch, v.samples = s.samples, v.samples_per_s = s.samples_per_s;
  v.error = s.error;
  v.learning_rate = s.applied.learning_rate, v.beta = s.applied.beta, v.threshold = s.applied.threshold, v.slope = s.applied.slope;
  v.surrogate = static_cast<int>(s.applied.surrogate);

  for (std::size_t i = 0; i < s.loss.size(); ++i) v.loss.x.push_back(static_cast<float>(i + 1));
  v.loss.y = s.loss;
  v.loss_smooth.x = v.loss.x;
  v.loss_smooth.y = moving_average(s.loss, smooth);
  v.accuracy_smooth.x = v.loss.x;
  v.accuracy_smooth.y = moving_average(s.accuracy, smooth);
  for (std::size_t i = 0; i < s.test_accuracy.size() && i < s.test_step.size(); ++i) {
    v.test_accuracy.x.push_back(static_cast<float>(s.test_step[i]));
    v.test_accuracy.y.push_back(s.test_accuracy[i]);
  }

  v.steps = s.steps, v.label = s.label, v.predicted = s.predicted;
  if (!s.image.empty()) v.image = {s.input.h, s.input.w, s.image, 0.0f, 1.0f};
  v.input = layer_view(s.encoded, s.steps, raster_rows);
  for (const gradient::LayerTrace& l : s.layers) v.layers.push_back(layer_view(l, s.steps, raster_rows));
  if (!s.layers.empty() && s.outputs > 0) {
    const std::vector<float>& out = s.layers.back().values;
    v.output_counts.assign(static_cast<std::size_t>(s.outputs), 0.0f);
    for (std::size_t i = 0; i < out.size(); ++i) v.output_counts[i % static_cast<std::size_t>(s.outputs)] += out[i];
  }
  if (s.outputs > 0 && s.outputs <= 16 && s.output_membrane.size() == static_cast<std::size_t>(s.steps * s.outputs)) {
    v.output_membranes.resize(static_cast<std::size_t>(s.outputs));
    v.membrane_lo = 0, v.membrane_hi = static_cast<float>(std::max(1e-6, s.applied.threshold));
    for (int t = 0; t < s.steps; ++t)
      for (int o = 0; o < s.outputs; ++o) {
        const float u = s.output_membrane[static_cast<std::size_t>(t * s.outputs + o)];
        v.output_membranes[static_cast<std::size_t>(o)].x.push_back(static_cast<float>(t));
        v.output_membranes[static_cast<std::size_t>(o)].y.push_back(u);
        v.membrane_lo = std::min(v.membrane_lo, u);
        v.membrane_hi = std::max(v.membrane_hi, u);
      }
  }
  if (s.kernel_count > 0) v.kernels = kernel_tiles(s.kernels, s.kernel_count, s.kernel_channels, s.kernel_size);
  v.surrogate_curves = surrogate_curve(v.surrogate, v.slope, 1.0, 161);

  if (s.classes > 0) {
    v.confusion = row_normalised(s.confusion, s.classes);
    if (!s.test_accuracy.empty()) v.test_images_accuracy = s.test_accuracy.back();
    long answered = 0;
    for (long c : s.confusion) answered += c;
    v.tested = s.tested;
    v.unanswered = std::max(0L, s.tested - answered);
  }
  if (s.fewshot && !s.query_images.empty()) {
    v.episode_classes = s.episode_classes;
    v.support = image_tiles(s.support_images, s.input.h, s.input.w);
    v.query = image_tiles(s.query_images, s.input.h, s.input.w);
    v.support_labels = s.support_labels, v.query_labels = s.query_labels, v.query_predicted = s.query_predicted;
    const int d = s.embedding_size, nq = static_cast<int>(s.query_labels.size()), ways = static_cast<int>(s.episode_classes.size());
    std::vector<float> rows = s.query_embeddings;
    rows.insert(rows.end(), s.prototypes.begin(), s.prototypes.end());
    if (d > 0 && rows.size() == static_cast<std::size_t>((nq + ways) * d)) {
      const std::vector<float> xy = pca_2d(rows, nq + ways, d, &v.pca_explained);
      for (int i = 0; i < nq + ways; ++i) {
        PcaPoint p;
        p.x = xy[static_cast<std::size_t>(2 * i)], p.y = xy[static_cast<std::size_t>(2 * i + 1)];
        p.prototype = i >= nq;
        p.way = p.prototype ? i - nq : s.query_labels[static_cast<std::size_t>(i)];
        p.correct = p.prototype || (static_cast<std::size_t>(i) < s.query_predicted.size() && s.query_predicted[static_cast<std::size_t>(i)] == p.way);
        v.pca.push_back(p);
      }
    }
  }
  return v;
}

}  // namespace neurosim::gui
