#pragma once
// [SECTION] Index
//   Grid, Tiles, Curve ... plain arrays the gradient panels draw (heatmaps, tile sets, lines)
//   bin_raster .......... a layer's spikes over T steps, neurons binned into rows
//   channel_maps ........ spike counts per neuron over the T steps, one tile per channel
//   kernel_tiles ........ the first convolution's kernels, one tile each
//   moving_average ...... a noisy per-step curve smoothed over a window
//   pca_2d .............. the first two principal components of a set of rows
//   surrogate_curve ..... the surrogate derivative g(v) and the smooth spike it stands for
//   row_normalised ...... a confusion matrix as fractions of each row
//   GradientView ........ everything the gradient layout shows, made from one LiveSnapshot
//
// The window's gradient-training layout reads a LiveSnapshot (neurosim/gradient/
// live_training.hpp) published by the training thread and turns it into this view: no GL, no
// ImGui, no engine type in this header, so the panels see plain data only.
#include <string>
#include <vector>

namespace neurosim::gradient {
struct LiveSnapshot;
}

namespace neurosim::gui {

// rows x cols values, row-major; lo/hi: the range the colour map spans.
struct Grid {
  int rows = 0, cols = 0;
  std::vector<float> values;
  float lo = 0.0f, hi = 1.0f;
  float at(int r, int c) const { return values[static_cast<std::size_t>(r * cols + c)]; }
};

// count tiles of rows x cols, one after another; signed: the colour map is centred on 0.
struct Tiles {
  int count = 0, rows = 0, cols = 0;
  std::vector<float> values;
  float lo = 0.0f, hi = 1.0f;
  bool signed_values = false;
  const float* tile(int i) const { return values.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(rows * cols); }
};

struct Curve {
  std::vector<float> x, y;
};

// values: T x n (row t, column neuron). Neurons are split into `rows` consecutive bins (fewer
// when n is smaller); cell (bin, t) is the fraction of the bin's neurons that fired (or, for
// non-spiking values, their mean) in step t. lo = 0, hi = the largest cell (at least 1e-6).
Grid bin_raster(const float* values, int T, int n, int rows);
// values: T x (c*h*w), channel-major. Tile k is channel k's sum over the T steps, h x w; lo = 0,
// hi = the largest sum over all tiles (at least 1e-6).
Tiles channel_maps(const float* values, int T, int c, int h, int w);
// weights: count x (channels*k*k) as a Conv2d keeps them; tile i is kernel i averaged over its
// input channels, k x k, on a symmetric range [-m, m] with m the largest |value|.
Tiles kernel_tiles(const std::vector<float>& weights, int count, int channels, int k);
// Mean of the last `window` values up to each index (fewer at the start).
std::vector<float> moving_average(const std::vector<float>& v, int window);

// rows: n x d row-major. Returns n x 2 coordinates (row-major) on the first two principal
// components of the centred rows, each axis signed so that the point farthest along it lies on
// its positive side; `explained` gets the share of the variance the two axes hold.
std::vector<float> pca_2d(const std::vector<float>& rows, int n, int d, double* explained = nullptr);

// The surrogate (kind as gradient::SurrogateKind: 0 fast sigmoid, 1 arctan, 2 triangle, 3
// sigmoid) at `points` values of v = u - threshold in [-range, range]: g is its derivative as
// the backward pass uses it; spike is the smooth step it is the derivative of, its integral
// from -range, divided by the integral over the whole range (so it rises from 0 to 1).
struct SurrogateCurves {
  Curve g, spike;
  float g_max = 1.0f;
};
SurrogateCurves surrogate_curve(int kind, double slope, double range, int points);

// counts: classes x classes (rows the label); each row divided by its sum (rows of 0 stay 0).
Grid row_normalised(const std::vector<long>& counts, int classes);

struct PcaPoint {
  float x = 0, y = 0;
  int way = 0;            // class index in the episode
  bool prototype = false;
  bool correct = true;    // queries: classified right
};

struct LayerView {
  std::string name;   // "LIF 1"
  std::string shape;  // "12x12x12"
  bool spiking = false;
  double spikes = 0;  // in the current sample, all steps
  Grid raster;        // binned neurons x T
  Tiles maps;         // per channel over the T steps (spatial layers only)
};

struct GradientView {
  bool fewshot = false, paused = false;
  long step = 0, epoch = 0, samples = 0;
  double samples_per_s = 0;
  std::string error;
  // What the worker applied.
  double learning_rate = 0, beta = 0, threshold = 0, slope = 0;
  int surrogate = 0;

  Curve loss, loss_smooth, accuracy_smooth, test_accuracy;

  // The current sample.
  int steps = 0, label = -1, predicted = -1;
  Grid image;
  LayerView input;
  std::vector<LayerView> layers;
  std::vector<float> output_counts;
  std::vector<Curve> output_membranes;  // one per output neuron, over the T steps
  float membrane_lo = 0, membrane_hi = 1;

  Tiles kernels;
  SurrogateCurves surrogate_curves;

  Grid confusion;  // classification, row-normalised
  double test_images_accuracy = -1;
  long tested = 0, unanswered = 0;  // images in the last test; those without an output spike

  // Few-shot: the last test episode.
  std::vector<int> episode_classes;
  Tiles support, query;
  std::vector<int> support_labels, query_labels, query_predicted;
  std::vector<PcaPoint> pca;
  double pca_explained = 0;
};

// `raster_rows`: neuron bins per layer raster; `smooth`: steps in the smoothed curves.
GradientView make_gradient_view(const gradient::LiveSnapshot& s, int raster_rows = 48, int smooth = 25);

}  // namespace neurosim::gui
