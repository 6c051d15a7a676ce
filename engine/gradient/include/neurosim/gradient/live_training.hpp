#pragma once
// Gradient training on a thread of its own, watched while it learns (the window's gradient
// layout reads it; nothing here knows about a window).
//
// The worker trains batch after batch (episode after episode for few-shot), the same way
// `neurosim run` does (trainer.hpp), and after each step publishes a LiveSnapshot: plain data,
// copied, latest wins. Readers never touch the network. Controls (learning rate, beta,
// threshold, surrogate and slope) are whole values handed to set_controls(); the worker applies
// them before its next step and reports what it applied in the snapshot. Pause, resume and reset
// (new weights from the seed, histories cleared) take effect between steps too.
//
// Every `test_every` steps the worker also tests: on `test_images` held-out images
// (classification: accuracy and confusion matrix) or on `test_episodes` episodes of the unseen
// classes (few-shot: query accuracy, and the last episode with its embeddings and prototypes).
// Between tests, at most every `probe_interval_s`, it runs one test image forward on a copy of
// the network and keeps every layer's activity over the T steps (the "current sample").
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "neurosim/gradient/adam.hpp"
#include "neurosim/gradient/network.hpp"
#include "neurosim/gradient/trainer.hpp"
#include "neurosim/image_set.hpp"

namespace neurosim::gradient {

struct LiveConfig {
  NetworkSpec network;  // input shape: the images'
  AdamOptions adam;
  LossOptions loss;
  std::uint64_t seed = 1;
  int threads = 1;
  int batch_size = 16;
  int max_shift = 0;
  bool fewshot = false;
  int ways = 5, train_ways = 5, shots = 5, queries = 10, class_turns = 0;
  std::vector<int> train_classes{0, 1, 2, 3, 4}, test_classes{5, 6, 7, 8, 9};
  double distance_scale = 1.0;
  int episodes_per_epoch = 100;  // few-shot: what the snapshot counts as an epoch
  int test_every = 20;      // steps between live tests
  int test_images = 200;    // classification: images in a live test
  int test_episodes = 10;   // few-shot: episodes in a live test
  double probe_interval_s = 0.25;
};

// What the sliders set; applied before the next step.
struct LiveControls {
  double learning_rate = 1e-3;
  double beta = 0.9;
  double threshold = 1.0;
  SurrogateKind surrogate = SurrogateKind::FastSigmoid;
  double slope = 25.0;
};

// One layer's activity for the current sample: T x size values, row-major by step.
struct LayerTrace {
  std::string name;  // "LIF 1", "ReLU 2", "Readout 3"
  Shape shape;       // channels x height x width of one step
  bool spiking = false;
  std::vector<float> values;  // spikes (0/1), ReLU outputs or readout membranes
};

struct LiveSnapshot {
  std::uint64_t version = 0;  // grows with every snapshot
  bool fewshot = false, paused = false;
  long step = 0;             // optimiser steps since the last reset
  long epoch = 0;            // passes over the training images (few-shot: episodes_per_epoch steps)
  long samples = 0;          // training images run
  double samples_per_s = 0;  // over the last seconds
  LiveControls applied;
  std::string error;  // the worker stopped: why

  // Histories since the last reset, one entry per step / per live test.
  std::vector<float> loss, accuracy;  // per step (accuracy of the batch or the episode's queries)
  std::vector<long> test_step;
  std::vector<float> test_accuracy;

  // The current sample: a test image, its label and the network's answer.
  int steps = 0;  // T
  Shape input;
  std::vector<float> image;  // input.h x input.w, in [0, 1]
  int label = -1, predicted = -1;
  LayerTrace encoded;  // the encoded input over the T steps
  std::vector<LayerTrace> layers;
  std::vector<float> output_membrane;  // T x outputs: the last layer's membrane (LIF or readout)
  int outputs = 0;

  // The first convolution's kernels: count x (in_channels * k * k).
  int kernel_count = 0, kernel_size = 0, kernel_channels = 0;
  std::vector<float> kernels;

  // Classification: the last live test's confusion matrix (rows the label, columns the answer).
  int classes = 0;
  std::vector<long> confusion;
  long tested = 0;  // images in that test (those without an output spike are in no cell)

  // Few-shot: the last test episode. Images are input.h x input.w each.
  std::vector<int> episode_classes;  // original label per way
  std::vector<std::vector<float>> support_images, query_images;
  std::vector<int> support_labels, query_labels, query_predicted;  // ways 0..ways-1
  int embedding_size = 0;
  std::vector<float> query_embeddings, prototypes;  // rows of embedding_size
};

class LiveTraining {
 public:
  // Throws std::invalid_argument when the network cannot be built or the data do not fit it.
  LiveTraining(LiveConfig config, std::shared_ptr<const ImageSet> train, std::shared_ptr<const ImageSet> test, bool start_paused = false);
  ~LiveTraining();
  LiveTraining(const LiveTraining&) = delete;
  LiveTraining& operator=(const LiveTraining&) = delete;

  std::shared_ptr<const LiveSnapshot> snapshot() const;
  void set_controls(const LiveControls& controls);
  LiveControls controls() const;
  void pause(bool on);
  void reset();
  // Blocks until a snapshot at least at `step` with `tests` live tests exists, or `timeout_s`
  // passed (batch runs that write a screenshot). True when reached.
  bool wait_for(long step, std::size_t tests, double timeout_s) const;

 private:
  void run();
  void restart();              // worker: new weights, optimiser, histories
  void apply(const LiveControls& c);  // worker
  void train_step();           // worker: one batch or episode
  void live_test();            // worker
  void probe(bool force);      // worker: the current sample
  void publish();              // worker

  LiveConfig config_;
  std::shared_ptr<const ImageSet> train_, test_;
  ImageSet turned_;  // few-shot training images with turned classes (augment.hpp)
  std::vector<int> episode_classes_;
  std::vector<std::vector<int>> by_train_, by_test_;

  // Worker state.
  std::unique_ptr<Network<float>> model_;
  std::unique_ptr<Network<float>> probe_net_;
  std::unique_ptr<Trainer<float>> trainer_;
  std::unique_ptr<Adam<float>> adam_;
  LiveSnapshot state_;  // the worker's copy; published by value
  std::vector<int> order_;
  std::size_t next_ = 0;
  long probe_item_ = 0;
  double last_probe_s_ = -1e9;
  std::vector<std::pair<double, long>> rate_window_;  // (time, samples) for samples/s

  // Shared with readers.
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::shared_ptr<const LiveSnapshot> latest_;
  LiveControls desired_;
  bool controls_pending_ = false;
  bool paused_ = false, reset_pending_ = false, stop_ = false;
  std::thread thread_;
};

}  // namespace neurosim::gradient
