#pragma once
// Training and testing a Network on images, in batches spread over threads.
//
// Each sample of a batch runs forward and backward on a thread's own copy of the network (the
// copies hold the forward pass's memory) and leaves its gradient in its own row; the rows are
// then summed in sample order. So the result depends on the seed alone, never on the number
// of threads or on which thread ran which sample. A sample's input spikes come from its own
// random stream, Rng(noise_seed, image index), so a sample encoded twice gets the same spikes.
//
// Few-shot episodes (Snell et al. 2017): `ways` classes drawn from a class list, `shots`
// support and `queries` query images per class, all different. A sample's embedding is its
// output summed over time (spike counts of the last layer). Training an episode runs every
// image forward on a network copy of its own (which keeps that forward pass's memory), takes
// the prototypical loss, then runs each copy backward from its embedding's gradient.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "neurosim/gradient/adam.hpp"
#include "neurosim/gradient/losses.hpp"
#include "neurosim/gradient/network.hpp"
#include "neurosim/image_set.hpp"

namespace neurosim::gradient {

enum class LossKind { CrossEntropyCounts, CrossEntropyMembranes, CountMse };

struct LossOptions {
  LossKind kind = LossKind::CrossEntropyCounts;
  double correct_rate = 0.8, incorrect_rate = 0.2;  // count_mse targets, per step
};

struct BatchStats {
  double loss = 0.0;    // summed over samples (over episodes for few-shot)
  long correct = 0;
  long samples = 0;     // images classified (queries for few-shot)
  double spikes = 0.0;  // fired by the LIF layers, summed over every image run
  long images = 0;      // images run forward
};

struct Episode {
  std::vector<int> classes;                      // the original labels, one per way
  std::vector<int> support, query;               // image indices
  std::vector<int> support_labels, query_labels;  // ways 0 .. ways-1
};

// Images of each label 0..255 (indices into the set).
std::vector<std::vector<int>> images_by_label(const ImageSet& images);
// Picks `ways` of `classes` and shots + queries distinct images of each. The caller checks that
// every class has enough images.
Episode sample_episode(const std::vector<std::vector<int>>& by_label, const std::vector<int>& classes, int ways, int shots,
                       int queries, Rng& rng);

int default_threads();

// One of a seed's distinct random streams, by purpose (weights, shuffles, noise, episodes, ...)
// and index (epoch, step): a stream never repeats another's numbers.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index);

template <class S>
class Trainer {
 public:
  Trainer(Network<S>& model, int threads);
  int threads() const { return threads_; }
  // Training images are shifted by up to `pixels` in x and y (zero fill), a different random
  // shift per image and epoch, drawn from the image's own random stream: data augmentation
  // against overfitting a small training set. 0 (the default) leaves them as they are.
  void set_max_shift(int pixels) { max_shift_ = std::max(0, pixels); }
  // Few-shot: the prototypical loss's distance scale (losses.hpp); > 0, 1 by default.
  void set_distance_scale(double scale) { distance_scale_ = scale; }

  // One optimiser step on the mean loss of the batch.
  BatchStats train_batch(const ImageSet& images, std::span<const int> batch, std::uint64_t noise_seed, const LossOptions& loss, Adam<S>& adam);
  // Forward only; predictions (if given) get one label per item: the output that fired most,
  // among equals the one with the highest mean membrane potential; -1 when a spiking output
  // layer fired no spike at all (an unanswered image, never correct).
  BatchStats evaluate(const ImageSet& images, std::span<const int> items, std::uint64_t noise_seed, const LossOptions& loss,
                      std::vector<int>* predictions);
  // One optimiser step on the episode's prototypical loss.
  BatchStats train_episode(const ImageSet& images, const Episode& e, std::uint64_t noise_seed, Adam<S>& adam);
  BatchStats test_episode(const ImageSet& images, const Episode& e, std::uint64_t noise_seed, std::vector<int>* predictions = nullptr,
                          Mat<S>* query_embeddings = nullptr, Mat<S>* prototypes = nullptr);
  // Embeddings (rows) of the given images; `augment`: shifted as set_max_shift() says.
  Mat<S> embed(const ImageSet& images, std::span<const int> items, std::uint64_t noise_seed, double* spikes = nullptr, bool augment = false);

 private:
  void sync_replicas();
  void encode(Network<S>& net, const ImageSet& images, int item, Rng& rng, bool augment, Mat<S>& x) const;
  void apply(std::size_t samples, Adam<S>& adam);  // sums gradient rows, steps, syncs
  Network<S>& model_;
  int threads_;
  int max_shift_ = 0;
  double distance_scale_ = 1.0;
  std::vector<Network<S>> replicas_;
  std::vector<Network<S>> episode_nets_;  // one per image of the largest episode so far
  Mat<S> grads_;  // one row per sample of the batch
};

}  // namespace neurosim::gradient
