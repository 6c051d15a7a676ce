#include "neurosim/file_source.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace neurosim {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

constexpr std::array<ParamDesc, FilePopulation::kParamCount> kFileParams{{
    {"rate_scale", "", "Rates input: every rate of the file is multiplied by this (1 = as in the file)", 0.0, 10.0},
}};
constexpr std::array<double, FilePopulation::kParamCount> kFileDefaults{1.0};

// Diehl & Cook 2015: 350 ms per image, 150 ms rest, pixel/4 Hz (63.75 Hz for white).
constexpr std::array<ParamDesc, ImagePopulation::kParamCount> kImageParams{{
    {"max_rate", "Hz", "Rate coding: the rate of a white pixel (a pixel of intensity x fires at x max_rate)", 0.0, 200.0},
    {"present_ms", "ms", "How long each image is shown", 10.0, 1000.0},
    {"rest_ms", "ms", "Silence between two images", 0.0, 500.0},
    {"coding", "", "0 = rate coding (Poisson), 1 = latency coding (one spike, earlier for brighter pixels)", 0.0, 1.0},
    {"latency_ms", "ms", "Latency coding: a pixel of intensity x fires (1 - x) latency_ms after the image appears", 1.0, 200.0},
}};
constexpr std::array<double, ImagePopulation::kParamCount> kImageDefaults{63.75, 350.0, 150.0, 0.0, 50.0};

// Fires when the Exp(1) hazard is used up; at most one spike per step (see the header).
// A rate within 1/dt takes a dose below 1, so the hazard never falls below -1 and the clamp
// changes nothing; for a larger dose (a rate scaled past 1/dt) it bounds the refill loop,
// which would otherwise run about dose times.
inline bool use_hazard(double& hazard, double dose, Rng& rng) {
  hazard -= dose;
  if (hazard > 0.0) return false;
  if (hazard < -1.0) hazard = -1.0;
  do hazard += rng.exponential(1.0);
  while (hazard <= 0.0);
  return true;
}

}  // namespace

// [SECTION] FilePopulation

FilePopulation::FilePopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream)
    : SpikeSource(std::move(name), size, dt_ms), seed_(seed), stream_(stream), rng_(seed, stream),
      hazard_(static_cast<std::size_t>(size), kNever) {
  init_params(kFileDefaults);
  reset_model_state();
}

std::span<const ParamDesc> FilePopulation::param_descs() const { return kFileParams; }

std::vector<ParamError> FilePopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kFileParams, p);
  if (!errors.empty()) return errors;
  if (auto e = require_non_negative(p[rate_scale])) errors.push_back({"rate_scale", *e});
  return errors;
}

void FilePopulation::attach(std::shared_ptr<const TimeSeries> series, InputKind kind, bool loop) {
  kind_ = kind;
  player_.attach(std::move(series), dt_, loop);
  offset_ = next_step_;
  for (double& h : hazard_) h = rng_.exponential(1.0);
}

void FilePopulation::reset_model_state() {
  rng_ = Rng(seed_, stream_);
  player_.reset();
  offset_ = 0;
  next_step_ = 0;
  for (double& h : hazard_) h = rng_.exponential(1.0);
}

void FilePopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  next_step_ = step + 1;
  const TimeSeries* s = player_.series();
  if (s == nullptr) return;
  if (kind_ == InputKind::Spikes) {
    const int cols = std::min(s->columns, size_);
    player_.advance(
        step - offset_,
        [&](std::size_t row) {
          const float* v = s->values.data() + row * static_cast<std::size_t>(s->columns);
          for (int c = 0; c < cols; ++c)
            for (int k = static_cast<int>(v[c]); k > 0; --k) spikes.push_back(c);
        },
        [&](int neuron) {
          if (neuron < size_) spikes.push_back(neuron);
        });
    return;
  }
  // Rates: the row in force (nothing before the first row or after the end).
  const std::int64_t row = player_.advance(step - offset_, [](std::size_t) {}, [](int) {});
  if (row < 0) return;
  const float* v = s->values.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(s->columns);
  const double per_hz = params_[rate_scale] * dt_ * 1e-3;
  const int cols = std::min(s->columns, size_);
  for (int c = 0; c < cols; ++c)
    if (v[c] > 0.0f && use_hazard(hazard_[static_cast<std::size_t>(c)], v[c] * per_hz, rng_)) spikes.push_back(c);
}

// [SECTION] ImagePopulation

ImagePopulation::ImagePopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream)
    : SpikeSource(std::move(name), size, dt_ms), seed_(seed), stream_(stream), rng_(seed, stream),
      hazard_(static_cast<std::size_t>(size), kNever), rate_(static_cast<std::size_t>(size), 0.0f),
      fire_at_(static_cast<std::size_t>(size), -1) {
  init_params(kImageDefaults);
  update_derived();
  reset_model_state();
}

std::span<const ParamDesc> ImagePopulation::param_descs() const { return kImageParams; }

std::vector<ParamError> ImagePopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kImageParams, p);
  if (!errors.empty()) return errors;
  if (auto e = require_non_negative(p[max_rate])) errors.push_back({"max_rate", *e});
  const double max_hz = 1000.0 / dt_;
  if (p[max_rate] > max_hz)
    errors.push_back({"max_rate", "must be <= 1/dt = " + format_number(max_hz) + " Hz (got " + format_number(p[max_rate]) + ")"});
  if (!(p[present_ms] >= dt_))
    errors.push_back({"present_ms", "must be at least one step, " + format_number(dt_) + " ms (got " + format_number(p[present_ms]) + ")"});
  if (auto e = require_non_negative(p[rest_ms])) errors.push_back({"rest_ms", *e});
  if (p[coding] != 0.0 && p[coding] != 1.0)
    errors.push_back({"coding", "must be 0 (rate) or 1 (latency) (got " + format_number(p[coding]) + ")"});
  if (auto e = require_positive(p[latency_ms])) errors.push_back({"latency_ms", *e});
  return errors;
}

void ImagePopulation::update_derived() {
  present_steps_ = std::max(1, static_cast<int>(std::lround(params_[present_ms] / dt_)));
  window_steps_ = present_steps_ + std::max(0, static_cast<int>(std::lround(params_[rest_ms] / dt_)));
  // New rates or latencies apply to the image on show at once.
  if (current_ >= 0) show(current_);
}

void ImagePopulation::attach(std::shared_ptr<const ImageSet> images) {
  images_ = std::move(images);
  // The new set starts with its first image at the next window.
  const std::int64_t local = next_step_ - offset_;
  const std::int64_t windows = local <= 0 ? 0 : (local + window_steps_ - 1) / window_steps_;
  offset_ += windows * window_steps_;
  repeats_ += windows;  // window_at keeps counting where it was: a new set is not a window seen before
  boost_hz_ = 0.0;
  repeat_pending_ = false;
  current_ = -1;
  std::fill(rate_.begin(), rate_.end(), 0.0f);
  std::fill(fire_at_.begin(), fire_at_.end(), -1);
}

void ImagePopulation::repeat_current(double extra_rate_hz, std::int64_t now) {
  if (!images_ || now < offset_ || (now - offset_) % window_steps_ != 0) return;  // only at a window boundary
  offset_ += window_steps_;  // image_at(now) is now the image of the window just ended
  ++repeats_;
  boost_hz_ += extra_rate_hz;
  repeat_pending_ = true;
}

void ImagePopulation::reset_model_state() {
  rng_ = Rng(seed_, stream_);
  offset_ = 0;
  repeats_ = 0;
  boost_hz_ = 0.0;
  repeat_pending_ = false;
  next_step_ = 0;
  current_ = -1;
  for (double& h : hazard_) h = rng_.exponential(1.0);
  std::fill(rate_.begin(), rate_.end(), 0.0f);
  std::fill(fire_at_.begin(), fire_at_.end(), -1);
}

int ImagePopulation::image_at(std::int64_t step) const {
  if (!images_ || images_->count == 0 || step < offset_) return -1;
  return static_cast<int>(((step - offset_) / window_steps_) % images_->count);
}

std::int64_t ImagePopulation::window_at(std::int64_t step) const {
  if (!images_ || images_->count == 0 || step < offset_) return -1;
  return (step - offset_) / window_steps_ + repeats_;
}

void ImagePopulation::show(int image) {
  current_ = image;
  const std::uint8_t* px = images_->image(image);
  const int n = std::min(size_, images_->pixels_per_image());
  const double latency_steps = params_[latency_ms] / dt_;
  for (int i = 0; i < n; ++i) {
    const double x = px[i] / 255.0;
    rate_[static_cast<std::size_t>(i)] = static_cast<float>(x * (params_[max_rate] + boost_hz_));
    fire_at_[static_cast<std::size_t>(i)] =
        px[i] == 0 ? -1 : std::min(present_steps_ - 1, static_cast<int>(std::lround((1.0 - x) * latency_steps)));
  }
}

void ImagePopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  next_step_ = step + 1;
  if (!images_ || step < offset_) return;
  const std::int64_t local = (step - offset_) % window_steps_;
  const int image = image_at(step);
  if (local == 0) {
    // A new window: a repeat keeps its extra rate, any other image starts without one.
    if (!repeat_pending_) boost_hz_ = 0.0;
    repeat_pending_ = false;
  }
  if (image != current_ || local == 0) show(image);
  if (local >= present_steps_) return;  // rest between images
  const int n = std::min(size_, images_->pixels_per_image());
  if (params_[coding] == 0.0) {
    const double per_hz = dt_ * 1e-3;
    for (int i = 0; i < n; ++i) {
      const float r = rate_[static_cast<std::size_t>(i)];
      if (r > 0.0f && use_hazard(hazard_[static_cast<std::size_t>(i)], r * per_hz, rng_)) spikes.push_back(i);
    }
  } else {
    for (int i = 0; i < n; ++i)
      if (fire_at_[static_cast<std::size_t>(i)] == local) spikes.push_back(i);
  }
}

// [SECTION] Checks

namespace {

std::string where(const char* list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

// A neuron fires at most once per step, so a rate above 1/dt cannot be played (Poisson and
// images populations refuse it in their parameters; a file's rates are checked here).
void check_file_rates(const TimeSeries& series, double dt_ms, const std::string& path, std::vector<SpecError>& errors) {
  if (!(dt_ms > 0.0)) return;  // reported with dt_ms
  const double max_hz = 1000.0 / dt_ms;
  for (std::size_t i = 0; i < series.values.size(); ++i) {
    if (static_cast<double>(series.values[i]) <= max_hz) continue;
    const auto columns = static_cast<std::size_t>(series.columns);
    errors.push_back({path + ".input", (series.source.empty() ? std::string("the input") : series.source) + ": row " + std::to_string(i / columns + 1) +
                                           ", column " + std::to_string(i % columns + 1) + ": a rate must be <= 1/dt = " + format_number(max_hz) +
                                           " Hz (got " + format_number(series.values[i]) + ")"});
    return;
  }
}

}  // namespace

void check_inputs(const ScenarioSpec& spec, std::vector<SpecError>& errors) {
  for (std::size_t i = 0; i < spec.populations.size(); ++i) {
    const PopulationSpec& p = spec.populations[i];
    const std::string path = where("populations", i);
    const bool file = p.model == "file", images = p.model == "images";
    if (!file && !images) {
      if (p.input) errors.push_back({path + ".input", "only populations of model file or images read an input (this one is " + p.model + ")"});
      continue;
    }
    if (!p.input) {
      if (file) errors.push_back({path + ".input", "required for model file: {\"path\": \"data.csv\", \"as\": \"spikes\"}"});
      continue;  // images without input: the built-in synthetic digits
    }
    const InputSpec& in = *p.input;
    if (file) {
      if (in.as == InputKind::Currents)
        errors.push_back({path + ".input.as", "a population cannot take currents from a file: give the currents to a stimulus "
                                              "with an input (stimuli[].input) aimed at a neuron population"});
      if (!in.series) {
        errors.push_back({path + ".input", in.path.empty() ? "has no data (give \"path\" or inline \"data\")"
                                                           : "\"" + in.path + "\" is not loaded (the engine reads no files: load the scenario with io::load_scenario)"});
        continue;
      }
      if (const std::string e = in.series->check(in.as); !e.empty()) errors.push_back({path + ".input", in.series->source + ": " + e});
      else if (in.as == InputKind::Rates) check_file_rates(*in.series, spec.dt_ms, path, errors);
      const bool events = in.series->is_events();
      if (!events && in.series->columns != p.size)
        errors.push_back({path + ".size", std::to_string(p.size) + " neurons, but " + (in.series->source.empty() ? "the input" : in.series->source) +
                                              " has " + std::to_string(in.series->columns) + " columns"});
      if (events && in.series->columns > p.size)
        errors.push_back({path + ".size", std::to_string(p.size) + " neurons, but " + (in.series->source.empty() ? "the input" : in.series->source) +
                                              " has spikes of neuron " + std::to_string(in.series->columns - 1)});
    } else {
      if (!in.images) {
        if (!in.path.empty())
          errors.push_back({path + ".input", "\"" + in.path + "\" is not loaded (the engine reads no files: load the scenario with io::load_scenario)"});
        else if (p.size != 28 * 28)
          errors.push_back({path + ".size", "the built-in synthetic digits are 28 x 28: size must be 784 (got " + std::to_string(p.size) + ")"});
        continue;
      }
      if (const std::string e = in.images->check(); !e.empty()) errors.push_back({path + ".input", in.images->source + ": " + e});
      else if (in.images->pixels_per_image() != p.size)
        errors.push_back({path + ".size", std::to_string(p.size) + " neurons, but the images are " + std::to_string(in.images->rows) + " x " +
                                              std::to_string(in.images->cols) + " = " + std::to_string(in.images->pixels_per_image()) + " pixels"});
    }
  }
  for (std::size_t k = 0; k < spec.stimuli.size(); ++k) {
    const StimulusSpec& s = spec.stimuli[k];
    if (!s.input) continue;
    const std::string path = where("stimuli", k);
    const InputSpec& in = *s.input;
    if (in.as != InputKind::Currents)
      errors.push_back({path + ".input.as", "a stimulus plays currents (got " + std::string(input_kind_name(in.as)) + "); spikes and rates go to a population of model file"});
    if (!in.series) {
      errors.push_back({path + ".input", in.path.empty() ? "has no data (give \"path\" or inline \"data\")"
                                                         : "\"" + in.path + "\" is not loaded (the engine reads no files: load the scenario with io::load_scenario)"});
      continue;
    }
    if (in.as == InputKind::Currents)
      if (const std::string e = in.series->check(in.as); !e.empty()) errors.push_back({path + ".input", in.series->source + ": " + e});
    const int p = spec.population_index(s.population);
    if (p < 0) continue;  // reported with the stimulus
    const std::size_t targets = s.neurons.empty() ? static_cast<std::size_t>(spec.populations[static_cast<std::size_t>(p)].size) : s.neurons.size();
    if (in.series->columns >= 0 && static_cast<std::size_t>(in.series->columns) != targets)
      errors.push_back({path + ".input", (in.series->source.empty() ? "the input" : in.series->source) + " has " + std::to_string(in.series->columns) +
                                             " columns for " + std::to_string(targets) + " target neurons"});
  }
}

}  // namespace neurosim
