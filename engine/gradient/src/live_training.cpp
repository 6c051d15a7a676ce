// Training on a worker thread, published as snapshots (live_training.hpp).
//
// [1] Construction and checks, [2] the worker's loop, [3] one step, [4] live tests,
// [5] the current sample, [6] publishing and the readers' side.
#include "neurosim/gradient/live_training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "neurosim/gradient/augment.hpp"
#include "neurosim/rng.hpp"

namespace neurosim::gradient {
namespace {

using Clock = std::chrono::steady_clock;

double now_s() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

// Distinct random streams of the seed (trainer.hpp): weights, shuffles, input noise, episodes.
std::uint64_t stream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index) { return stream_seed(seed, purpose, index); }
enum : std::uint64_t { kInit = 1, kShuffle, kNoise, kEpisodes, kTestEpisodes, kTestNoise };

std::vector<float> image_floats(const ImageSet& set, int item) {
  std::vector<float> v(static_cast<std::size_t>(set.pixels_per_image()));
  const std::uint8_t* px = set.image(item);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(px[i]) / 255.0f;
  return v;
}

std::vector<float> floats(const Mat<float>& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

}  // namespace

// [1] Construction and checks

LiveTraining::LiveTraining(LiveConfig config, std::shared_ptr<const ImageSet> train, std::shared_ptr<const ImageSet> test, bool start_paused)
    : config_(std::move(config)), train_(std::move(train)), test_(std::move(test)) {
  if (!train_ || !test_ || train_->count == 0 || test_->count == 0) throw std::invalid_argument("live training: no training or no test images");
  if (train_->labels.empty() || test_->labels.empty()) throw std::invalid_argument("live training: the images need labels");
  config_.network.input = {1, train_->rows, train_->cols};
  if (test_->rows != train_->rows || test_->cols != train_->cols) throw std::invalid_argument("live training: test and training images differ in size");
  if (const std::string e = check_architecture(config_.network); !e.empty()) throw std::invalid_argument("network." + e);
  config_.test_every = std::max(1, config_.test_every);
  config_.batch_size = std::max(1, config_.batch_size);
  const Network<float> shape_only(config_.network);
  const int outputs = shape_only.output_shape().size();
  if (config_.fewshot) {
    const RotatedClasses turned = with_rotated_classes(*train_, config_.train_classes, config_.class_turns);
    if (!turned.error.empty()) throw std::invalid_argument("fewshot.class_turns: " + turned.error);
    turned_ = turned.images;
    episode_classes_ = turned.classes;
    by_train_ = images_by_label(turned_);
    by_test_ = images_by_label(*test_);
    if (config_.train_ways > static_cast<int>(episode_classes_.size()) || config_.ways > static_cast<int>(config_.test_classes.size()))
      throw std::invalid_argument("fewshot.ways: more ways than classes");
    for (int c : episode_classes_)
      if (static_cast<int>(by_train_[static_cast<std::size_t>(c)].size()) < config_.shots + config_.queries)
        throw std::invalid_argument("fewshot.shots: class " + std::to_string(c) + " has too few training images for shots + queries");
    for (int c : config_.test_classes)
      if (static_cast<int>(by_test_[static_cast<std::size_t>(c)].size()) < config_.shots + config_.queries)
        throw std::invalid_argument("fewshot.test_classes: class " + std::to_string(c) + " has too few test images for shots + queries");
  } else {
    for (const ImageSet* s : {train_.get(), test_.get()})
      for (std::uint8_t l : s->labels)
        if (l >= outputs) throw std::invalid_argument("label " + std::to_string(l) + " is outside the network's " + std::to_string(outputs) + " outputs");
  }
  desired_.learning_rate = config_.adam.learning_rate;
  desired_.beta = config_.network.neuron.beta;
  desired_.threshold = config_.network.neuron.threshold;
  desired_.surrogate = config_.network.neuron.surrogate.kind;
  desired_.slope = config_.network.neuron.surrogate.slope;
  paused_ = start_paused;
  restart();
  apply(desired_);
  state_.paused = start_paused;
  probe(true);
  publish();
  thread_ = std::thread([this] { run(); });
}

LiveTraining::~LiveTraining() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

// [2] The worker's loop: take what the readers asked for, then one step.

void LiveTraining::run() {
  for (;;) {
    LiveControls c;
    bool do_reset = false, have_controls = false, paused = false;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || !paused_ || reset_pending_ || controls_pending_; });
      if (stop_) return;
      std::swap(do_reset, reset_pending_);
      std::swap(have_controls, controls_pending_);
      c = desired_;
      paused = paused_;
    }
    try {
      if (do_reset) restart();
      if (do_reset || have_controls) apply(c);
      state_.paused = paused;
      if (paused) {  // a reset or a slider while paused: show its effect on the current sample
        probe(true);
        publish();
        continue;
      }
      train_step();
      if (state_.step % config_.test_every == 0) live_test();
      probe(false);
      publish();
    } catch (const std::exception& e) {
      state_.error = e.what();
      {
        std::lock_guard lock(mutex_);
        paused_ = true;
      }
      state_.paused = true;
      publish();
    }
  }
}

void LiveTraining::restart() {
  model_ = std::make_unique<Network<float>>(config_.network);
  Rng init(stream(config_.seed, kInit, 0));
  model_->init(init);
  trainer_ = std::make_unique<Trainer<float>>(*model_, config_.threads);
  trainer_->set_max_shift(config_.max_shift);
  trainer_->set_distance_scale(config_.distance_scale);
  adam_ = std::make_unique<Adam<float>>(model_->params(), config_.adam);
  probe_net_ = std::make_unique<Network<float>>(*model_);
  LiveSnapshot fresh;
  fresh.version = state_.version;
  fresh.fewshot = config_.fewshot;
  fresh.steps = config_.network.steps;
  fresh.input = config_.network.input;
  state_ = std::move(fresh);
  order_.resize(static_cast<std::size_t>(train_->count));
  std::iota(order_.begin(), order_.end(), 0);
  next_ = order_.size();  // shuffled at the first step
  rate_window_.clear();
}

void LiveTraining::apply(const LiveControls& wanted) {
  LiveControls c = wanted;
  c.learning_rate = std::clamp(c.learning_rate, 0.0, 10.0);
  c.beta = std::clamp(c.beta, 0.0, 1.0);
  c.threshold = std::max(c.threshold, 1e-3);
  c.slope = std::max(c.slope, 1e-6);
  adam_->options.learning_rate = c.learning_rate;
  bool surrogate_changed = false;
  for (int i = 0; i < model_->layer_count(); ++i) {
    if (model_->layer(i).kind() != LayerKind::Lif) continue;
    auto& lif = static_cast<Lif<float>&>(model_->layer(i));
    lif.beta.value(0, 0) = static_cast<float>(c.beta);
    lif.threshold.value(0, 0) = static_cast<float>(c.threshold);
    Surrogate& sg = lif.options.surrogate;
    if (sg.kind != c.surrogate || sg.slope != c.slope) {
      sg.kind = c.surrogate;
      sg.slope = c.slope;
      surrogate_changed = true;
    }
  }
  if (surrogate_changed) {  // the trainer's copies keep their own layer options: new copies
    trainer_ = std::make_unique<Trainer<float>>(*model_, config_.threads);
    trainer_->set_max_shift(config_.max_shift);
    trainer_->set_distance_scale(config_.distance_scale);
    probe_net_ = std::make_unique<Network<float>>(*model_);
  }
  state_.applied = c;
}

// [3] One step: a batch (classification) or an episode (few-shot).

void LiveTraining::train_step() {
  const auto step = static_cast<std::uint64_t>(state_.step);
  BatchStats s;
  if (config_.fewshot) {
    Rng pick(stream(config_.seed, kEpisodes, step));
    const Episode ep = sample_episode(by_train_, episode_classes_, config_.train_ways, config_.shots, config_.queries, pick);
    s = trainer_->train_episode(turned_, ep, stream(config_.seed, kNoise, step), *adam_);
    state_.loss.push_back(static_cast<float>(s.loss));
  } else {
    std::vector<int> batch;
    while (static_cast<int>(batch.size()) < config_.batch_size) {
      if (next_ >= order_.size()) {
        if (state_.samples > 0) ++state_.epoch;
        Rng shuffle(stream(config_.seed, kShuffle, static_cast<std::uint64_t>(state_.epoch)));
        for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[shuffle.below(static_cast<std::uint32_t>(i))]);
        next_ = 0;
      }
      batch.push_back(order_[next_++]);
    }
    s = trainer_->train_batch(*train_, batch, stream(config_.seed, kNoise, step), config_.loss, *adam_);
    state_.loss.push_back(static_cast<float>(s.loss / static_cast<double>(std::max(1L, s.samples))));
  }
  state_.accuracy.push_back(static_cast<float>(static_cast<double>(s.correct) / static_cast<double>(std::max(1L, s.samples))));
  ++state_.step;
  if (config_.fewshot) state_.epoch = state_.step / std::max(1, config_.episodes_per_epoch);
  state_.samples += s.images;
  const double t = now_s();
  rate_window_.emplace_back(t, state_.samples);
  while (rate_window_.size() > 2 && t - rate_window_.front().first > 3.0) rate_window_.erase(rate_window_.begin());
  const double span = t - rate_window_.front().first;
  if (span > 0) state_.samples_per_s = static_cast<double>(state_.samples - rate_window_.front().second) / span;
  if (!std::isfinite(state_.loss.back()))
    throw std::runtime_error("the loss is not finite at step " + std::to_string(state_.step) + ": lower the learning rate and reset");
}

// [4] Live tests: the same held-out images (episodes) every time, so the curve compares.

void LiveTraining::live_test() {
  if (!config_.fewshot) {
    const int n = std::min(config_.test_images, test_->count);
    std::vector<int> items(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) items[static_cast<std::size_t>(i)] = static_cast<int>(static_cast<long>(i) * test_->count / n);
    std::vector<int> pred;
    const BatchStats s = trainer_->evaluate(*test_, items, stream(config_.seed, kTestNoise, 0), config_.loss, &pred);
    const int classes = model_->output_shape().size();
    state_.classes = classes;
    state_.tested = n;
    state_.confusion.assign(static_cast<std::size_t>(classes * classes), 0);
    for (int i = 0; i < n; ++i) {
      const int label = test_->labels[static_cast<std::size_t>(items[static_cast<std::size_t>(i)])], p = pred[static_cast<std::size_t>(i)];
      if (p >= 0) ++state_.confusion[static_cast<std::size_t>(label * classes + p)];
    }
    state_.test_accuracy.push_back(static_cast<float>(static_cast<double>(s.correct) / n));
  } else {
    Rng pick(stream(config_.seed, kTestEpisodes, 0));
    long correct = 0, queries = 0;
    for (int k = 0; k < config_.test_episodes; ++k) {
      const Episode ep = sample_episode(by_test_, config_.test_classes, config_.ways, config_.shots, config_.queries, pick);
      std::vector<int> pred;
      Mat<float> q, p;
      const BatchStats s = trainer_->test_episode(*test_, ep, stream(config_.seed, kTestNoise, static_cast<std::uint64_t>(k)), &pred, &q, &p);
      correct += s.correct;
      queries += s.samples;
      if (k + 1 < config_.test_episodes) continue;
      state_.episode_classes = ep.classes;
      state_.support_images.clear();
      state_.query_images.clear();
      for (int i : ep.support) state_.support_images.push_back(image_floats(*test_, i));
      for (int i : ep.query) state_.query_images.push_back(image_floats(*test_, i));
      state_.support_labels = ep.support_labels;
      state_.query_labels = ep.query_labels;
      state_.query_predicted = pred;
      state_.embedding_size = static_cast<int>(q.cols());
      state_.query_embeddings = floats(q);
      state_.prototypes = floats(p);
    }
    state_.test_accuracy.push_back(static_cast<float>(static_cast<double>(correct) / static_cast<double>(std::max(1L, queries))));
  }
  state_.test_step.push_back(state_.step);
}

// [5] The current sample: a test image through a copy of the network, every layer kept.

void LiveTraining::probe(bool force) {
  const double t = now_s();
  if (!force && t - last_probe_s_ < config_.probe_interval_s) return;
  last_probe_s_ = t;
  probe_net_->copy_values_from(*model_);
  const int item = static_cast<int>((probe_item_++ * 7919) % test_->count);
  Rng rng(stream(config_.seed, kTestNoise, static_cast<std::uint64_t>(item)));
  Mat<float> x;
  probe_net_->encode(test_->image(item), rng, x);
  const Mat<float>& y = probe_net_->forward(x);
  state_.image = image_floats(*test_, item);
  state_.label = test_->labels[static_cast<std::size_t>(item)];
  state_.encoded = {"input", config_.network.input, config_.network.encoding != Encoding::Direct, floats(x)};
  state_.layers.clear();
  int conv_seen = 0;
  state_.kernels.clear();
  for (int i = 0; i < probe_net_->layer_count(); ++i) {
    const Layer<float>& l = probe_net_->layer(i);
    if (l.kind() == LayerKind::Conv2d && conv_seen++ == 0) {
      const auto& conv = static_cast<const Conv2d<float>&>(l);
      state_.kernel_count = static_cast<int>(conv.weight.value.rows());
      state_.kernel_size = conv.kernel();
      state_.kernel_channels = conv.in_shape().c;
      state_.kernels = floats(conv.weight.value);
    }
    if (l.kind() != LayerKind::Lif && l.kind() != LayerKind::Relu && l.kind() != LayerKind::Readout) continue;
    const std::string name = std::string(layer_kind_name(l.kind())) + " " + std::to_string(state_.layers.size() + 1);
    state_.layers.push_back({name, l.out_shape(), l.kind() == LayerKind::Lif, floats(probe_net_->activation(i + 1))});
  }
  const Layer<float>& last = probe_net_->layer(probe_net_->layer_count() - 1);
  state_.outputs = last.out_shape().size();
  if (last.kind() == LayerKind::Lif) state_.output_membrane = floats(static_cast<const Lif<float>&>(last).membrane());
  else state_.output_membrane = floats(y);
  // The answer: the output that fired most (or integrated most), the higher membrane among equals.
  const Eigen::Matrix<float, 1, Eigen::Dynamic> counts = y.colwise().sum();
  Eigen::Matrix<float, 1, Eigen::Dynamic> drive = counts;
  if (last.kind() == LayerKind::Lif) drive = static_cast<const Lif<float>&>(last).membrane().colwise().sum();
  int p = 0;
  for (Eigen::Index c = 1; c < counts.size(); ++c)
    if (counts(c) > counts(p) || (counts(c) == counts(p) && drive(c) > drive(p))) p = static_cast<int>(c);
  state_.predicted = config_.fewshot ? -1 : (last.kind() == LayerKind::Lif && counts.sum() == 0.0f ? -1 : p);
}

// [6] Publishing, and the readers' side.

void LiveTraining::publish() {
  ++state_.version;
  auto copy = std::make_shared<const LiveSnapshot>(state_);
  {
    std::lock_guard lock(mutex_);
    latest_ = std::move(copy);
  }
  changed_.notify_all();
}

std::shared_ptr<const LiveSnapshot> LiveTraining::snapshot() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

void LiveTraining::set_controls(const LiveControls& controls) {
  {
    std::lock_guard lock(mutex_);
    desired_ = controls;
    controls_pending_ = true;
  }
  changed_.notify_all();
}

LiveControls LiveTraining::controls() const {
  std::lock_guard lock(mutex_);
  return desired_;
}

void LiveTraining::pause(bool on) {
  {
    std::lock_guard lock(mutex_);
    paused_ = on;
    if (on) controls_pending_ = true;  // the worker wakes once and reports itself paused
  }
  changed_.notify_all();
}

void LiveTraining::reset() {
  {
    std::lock_guard lock(mutex_);
    reset_pending_ = true;
  }
  changed_.notify_all();
}

bool LiveTraining::wait_for(long step, std::size_t tests, double timeout_s) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] {
    return latest_ && (!latest_->error.empty() || (latest_->step >= step && latest_->test_accuracy.size() >= tests));
  }) && latest_->error.empty();
}

}  // namespace neurosim::gradient
