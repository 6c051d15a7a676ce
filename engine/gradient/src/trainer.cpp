// Batches over threads with per-sample gradient rows (trainer.hpp).
#include "neurosim/gradient/trainer.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <stdexcept>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "neurosim/rng.hpp"

namespace neurosim::gradient {
namespace {

// f(i, thread) for i in [0, n). The first exception thrown is rethrown after the loop.
template <class F>
void parallel_for(int n, int threads, F&& f) {
  std::exception_ptr error;
  std::mutex m;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
  for (int i = 0; i < n; ++i) {
    int thread = 0;
#ifdef _OPENMP
    thread = omp_get_thread_num();
#endif
    try {
      f(i, thread);
    } catch (...) {
      std::lock_guard lock(m);
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

// The image moved by a random (dx, dy) in [-max, max]^2, zero fill.
std::vector<std::uint8_t> shifted(const ImageSet& images, int item, int max, Rng& rng) {
  const int dx = static_cast<int>(rng.below(static_cast<std::uint32_t>(2 * max + 1))) - max;
  const int dy = static_cast<int>(rng.below(static_cast<std::uint32_t>(2 * max + 1))) - max;
  const int rows = images.rows, cols = images.cols;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(rows * cols), 0);
  const std::uint8_t* px = images.image(item);
  for (int y = 0; y < rows; ++y) {
    const int sy = y - dy;
    if (sy < 0 || sy >= rows) continue;
    for (int x = 0; x < cols; ++x) {
      const int sx = x - dx;
      if (sx >= 0 && sx < cols) out[static_cast<std::size_t>(y * cols + x)] = px[sy * cols + sx];
    }
  }
  return out;
}

}  // namespace

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index) {
  std::uint64_t x = seed ^ (purpose * 0x9E3779B97F4A7C15ull) ^ (index * 0xD1B54A32D192ED03ull);
  return splitmix64(x);
}

int default_threads() {
#ifdef _OPENMP
  return std::max(1, omp_get_max_threads());
#else
  return 1;
#endif
}

std::vector<std::vector<int>> images_by_label(const ImageSet& images) {
  std::vector<std::vector<int>> by(256);
  for (int i = 0; i < static_cast<int>(images.labels.size()); ++i) by[images.labels[static_cast<std::size_t>(i)]].push_back(i);
  return by;
}

Episode sample_episode(const std::vector<std::vector<int>>& by_label, const std::vector<int>& classes, int ways, int shots, int queries, Rng& rng) {
  Episode e;
  std::vector<int> pool = classes;
  for (int w = 0; w < ways; ++w) {  // partial Fisher-Yates: the first `ways` of a shuffle
    const auto j = static_cast<std::size_t>(w) + rng.below(static_cast<std::uint32_t>(pool.size() - static_cast<std::size_t>(w)));
    std::swap(pool[static_cast<std::size_t>(w)], pool[j]);
    e.classes.push_back(pool[static_cast<std::size_t>(w)]);
  }
  for (int w = 0; w < ways; ++w) {
    std::vector<int> items = by_label[static_cast<std::size_t>(e.classes[static_cast<std::size_t>(w)])];
    const int need = shots + queries;
    if (static_cast<int>(items.size()) < need) throw std::invalid_argument("episode: class " + std::to_string(e.classes[static_cast<std::size_t>(w)]) + " has too few images");
    for (int i = 0; i < need; ++i) {
      const auto j = static_cast<std::size_t>(i) + rng.below(static_cast<std::uint32_t>(items.size() - static_cast<std::size_t>(i)));
      std::swap(items[static_cast<std::size_t>(i)], items[j]);
      if (i < shots) {
        e.support.push_back(items[static_cast<std::size_t>(i)]);
        e.support_labels.push_back(w);
      } else {
        e.query.push_back(items[static_cast<std::size_t>(i)]);
        e.query_labels.push_back(w);
      }
    }
  }
  return e;
}

template <class S>
Trainer<S>::Trainer(Network<S>& model, int threads) : model_(model), threads_(std::max(1, threads)) {
  replicas_.reserve(static_cast<std::size_t>(threads_));
  for (int i = 0; i < threads_; ++i) {
    replicas_.push_back(model_);
    replicas_.back().set_input_gradient(false);  // training needs no gradient for the input spikes
  }
}

template <class S>
void Trainer<S>::encode(Network<S>& net, const ImageSet& images, int item, Rng& rng, bool augment, Mat<S>& x) const {
  if (augment && max_shift_ > 0) {
    const std::vector<std::uint8_t> moved = shifted(images, item, max_shift_, rng);
    net.encode(moved.data(), rng, x);
  } else {
    net.encode(images.image(item), rng, x);
  }
}

template <class S>
void Trainer<S>::sync_replicas() {
  for (Network<S>& r : replicas_) r.copy_values_from(model_);
}

template <class S>
void Trainer<S>::apply(std::size_t samples, Adam<S>& adam) {
  const Mat<S> sum = grads_.topRows(static_cast<Eigen::Index>(samples)).colwise().sum() / static_cast<S>(samples);
  const S* g = sum.data();
  for (Param<S>* p : model_.params()) {
    std::copy(g, g + p->grad.size(), p->grad.data());
    g += p->grad.size();
  }
  adam.step();
  model_.clamp();
  sync_replicas();
}

template <class S>
BatchStats Trainer<S>::train_batch(const ImageSet& images, std::span<const int> batch, std::uint64_t noise_seed, const LossOptions& loss, Adam<S>& adam) {
  sync_replicas();
  const auto n = static_cast<int>(batch.size());
  const auto P = static_cast<Eigen::Index>(model_.param_count());
  grads_.resize(std::max<Eigen::Index>(n, 1), P);
  std::vector<double> losses(static_cast<std::size_t>(n)), spikes(static_cast<std::size_t>(n));
  std::vector<int> correct(static_cast<std::size_t>(n));
  parallel_for(n, threads_, [&](int i, int thread) {
    Network<S>& net = replicas_[static_cast<std::size_t>(thread)];
    const int item = batch[static_cast<std::size_t>(i)];
    Rng rng(noise_seed, static_cast<std::uint64_t>(item));
    Mat<S> x, dy;
    encode(net, images, item, rng, true, x);
    const Mat<S>& y = net.forward(x);
    const int label = images.labels[static_cast<std::size_t>(item)];
    int predicted = 0;
    S l = 0;
    if (loss.kind == LossKind::CountMse) l = count_mse(y, label, loss.correct_rate, loss.incorrect_rate, dy, predicted);
    else l = cross_entropy(y, label, loss.kind == LossKind::CrossEntropyCounts ? Logits::Counts : Logits::Membranes, dy, predicted);
    spikes[static_cast<std::size_t>(i)] = net.spikes();
    net.zero_grad();
    net.backward(dy);
    net.gradients_to(grads_.row(i).data());
    losses[static_cast<std::size_t>(i)] = static_cast<double>(l);
    correct[static_cast<std::size_t>(i)] = predicted == label;
  });
  BatchStats s;
  for (int i = 0; i < n; ++i) {
    s.loss += losses[static_cast<std::size_t>(i)];
    s.correct += correct[static_cast<std::size_t>(i)];
    s.spikes += spikes[static_cast<std::size_t>(i)];
  }
  s.samples = s.images = n;
  if (n > 0) apply(static_cast<std::size_t>(n), adam);
  return s;
}

template <class S>
BatchStats Trainer<S>::evaluate(const ImageSet& images, std::span<const int> items, std::uint64_t noise_seed, const LossOptions& loss,
                                std::vector<int>* predictions) {
  sync_replicas();
  const auto n = static_cast<int>(items.size());
  std::vector<double> losses(static_cast<std::size_t>(n)), spikes(static_cast<std::size_t>(n));
  std::vector<int> pred(static_cast<std::size_t>(n));
  const bool spiking_output = model_.layer(model_.layer_count() - 1).kind() == LayerKind::Lif;
  parallel_for(n, threads_, [&](int i, int thread) {
    Network<S>& net = replicas_[static_cast<std::size_t>(thread)];
    const int item = items[static_cast<std::size_t>(i)];
    Rng rng(noise_seed, static_cast<std::uint64_t>(item));
    Mat<S> x, dy;
    net.encode(images.image(item), rng, x);
    const Mat<S>& y = net.forward(x);
    const int label = images.labels.empty() ? 0 : images.labels[static_cast<std::size_t>(item)];
    int p = 0;
    S l = 0;
    if (loss.kind == LossKind::CountMse) l = count_mse(y, label, loss.correct_rate, loss.incorrect_rate, dy, p);
    else l = cross_entropy(y, label, loss.kind == LossKind::CrossEntropyCounts ? Logits::Counts : Logits::Membranes, dy, p);
    if (spiking_output && y.sum() == S(0)) {
      p = -1;  // no output spike: no answer
    } else if (spiking_output) {
      // Among the outputs that fired most, the one whose membrane was highest on average.
      const auto& lif = static_cast<const Lif<S>&>(net.layer(net.layer_count() - 1));
      const Eigen::Matrix<S, 1, Eigen::Dynamic> counts = y.colwise().sum(), drive = lif.membrane().colwise().sum();
      for (Eigen::Index c = 0; c < counts.size(); ++c)
        if (counts(c) == counts(p) && drive(c) > drive(p)) p = static_cast<int>(c);
    }
    losses[static_cast<std::size_t>(i)] = static_cast<double>(l);
    spikes[static_cast<std::size_t>(i)] = net.spikes();
    pred[static_cast<std::size_t>(i)] = p;
  });
  BatchStats s;
  for (int i = 0; i < n; ++i) {
    s.loss += losses[static_cast<std::size_t>(i)];
    s.spikes += spikes[static_cast<std::size_t>(i)];
    if (!images.labels.empty()) s.correct += pred[static_cast<std::size_t>(i)] == images.labels[static_cast<std::size_t>(items[static_cast<std::size_t>(i)])];
  }
  s.samples = s.images = n;
  if (predictions) *predictions = std::move(pred);
  return s;
}

template <class S>
Mat<S> Trainer<S>::embed(const ImageSet& images, std::span<const int> items, std::uint64_t noise_seed, double* spikes, bool augment) {
  sync_replicas();
  const auto n = static_cast<int>(items.size());
  Mat<S> e(n, model_.output_shape().size());
  std::vector<double> sp(static_cast<std::size_t>(n));
  parallel_for(n, threads_, [&](int i, int thread) {
    Network<S>& net = replicas_[static_cast<std::size_t>(thread)];
    const int item = items[static_cast<std::size_t>(i)];
    Rng rng(noise_seed, static_cast<std::uint64_t>(item));
    Mat<S> x;
    encode(net, images, item, rng, augment, x);
    e.row(i) = net.forward(x).colwise().sum();
    sp[static_cast<std::size_t>(i)] = net.spikes();
  });
  if (spikes) {
    *spikes = 0;
    for (double v : sp) *spikes += v;
  }
  return e;
}

template <class S>
BatchStats Trainer<S>::train_episode(const ImageSet& images, const Episode& e, std::uint64_t noise_seed, Adam<S>& adam) {
  std::vector<int> all = e.support;
  all.insert(all.end(), e.query.begin(), e.query.end());
  BatchStats s;
  const auto n = static_cast<int>(all.size());
  while (episode_nets_.size() < all.size()) {
    episode_nets_.push_back(model_);
    episode_nets_.back().set_input_gradient(false);
  }
  for (std::size_t i = 0; i < all.size(); ++i) episode_nets_[i].copy_values_from(model_);
  Mat<S> emb(n, model_.output_shape().size());
  std::vector<double> spikes(all.size());
  parallel_for(n, threads_, [&](int i, int) {
    Network<S>& net = episode_nets_[static_cast<std::size_t>(i)];
    const int item = all[static_cast<std::size_t>(i)];
    Rng rng(noise_seed, static_cast<std::uint64_t>(item));
    Mat<S> x;
    encode(net, images, item, rng, true, x);
    emb.row(i) = net.forward(x).colwise().sum();
    spikes[static_cast<std::size_t>(i)] = net.spikes();
  });
  for (double v : spikes) s.spikes += v;
  const auto ns = static_cast<Eigen::Index>(e.support.size());
  const ProtoResult<S> r = prototypical_loss<S>(emb.topRows(ns), e.support_labels, emb.bottomRows(emb.rows() - ns), e.query_labels,
                                                static_cast<int>(e.classes.size()), static_cast<S>(distance_scale_));
  grads_.resize(n, static_cast<Eigen::Index>(model_.param_count()));
  parallel_for(n, threads_, [&](int i, int) {
    Network<S>& net = episode_nets_[static_cast<std::size_t>(i)];  // still holds image i's forward pass
    const Eigen::Index T = net.activation(net.layer_count()).rows();
    Mat<S> dy(T, emb.cols());
    dy.rowwise() = i < ns ? r.d_support.row(i) : r.d_query.row(i - ns);  // embedding = sum over t
    net.zero_grad();
    net.backward(dy);
    net.gradients_to(grads_.row(i).data());
  });
  // The loss is already a mean over queries: sum the rows (apply() divides by its count).
  grads_.topRows(n) *= static_cast<S>(n);
  apply(static_cast<std::size_t>(n), adam);
  s.loss = static_cast<double>(r.loss);
  s.correct = r.correct;
  s.samples = static_cast<long>(e.query.size());
  s.images = n;
  return s;
}

template <class S>
BatchStats Trainer<S>::test_episode(const ImageSet& images, const Episode& e, std::uint64_t noise_seed, std::vector<int>* predictions,
                                    Mat<S>* query_embeddings, Mat<S>* prototypes) {
  std::vector<int> all = e.support;
  all.insert(all.end(), e.query.begin(), e.query.end());
  BatchStats s;
  const Mat<S> emb = embed(images, all, noise_seed, &s.spikes);
  const auto ns = static_cast<Eigen::Index>(e.support.size());
  ProtoResult<S> r = prototypical_loss<S>(emb.topRows(ns), e.support_labels, emb.bottomRows(emb.rows() - ns), e.query_labels,
                                          static_cast<int>(e.classes.size()), static_cast<S>(distance_scale_));
  s.loss = static_cast<double>(r.loss);
  s.correct = r.correct;
  s.samples = static_cast<long>(e.query.size());
  s.images = static_cast<long>(all.size());
  if (predictions) *predictions = r.predicted;
  if (query_embeddings) *query_embeddings = emb.bottomRows(emb.rows() - ns);
  if (prototypes) *prototypes = r.prototypes;
  return s;
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace neurosim::gradient
