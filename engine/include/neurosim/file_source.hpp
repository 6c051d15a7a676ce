#pragma once
// Populations fed by loaded data (the engine reads no files: engine/io fills the InputSpec):
//   "file"    one neuron per column of a TimeSeries, played as spikes (each count fires the
//             neuron in that step) or as rates in Hz (Poisson spikes, see below);
//   "images"  one neuron per pixel of an ImageSet, one image per presentation window, coded
//             by rate (Poisson at intensity x max_rate) or by latency (one spike, earlier for
//             brighter pixels: time to first spike).
// Currents from a file go into neuron populations through a stimulus (stimulus.hpp).
//
// Poisson spikes from a time-varying rate use time rescaling (as pattern_source.cpp): each
// neuron holds an Exp(1) hazard that the rate uses up, r dt / 1000 per step; it fires when the
// hazard is used up and draws a new one. Exact for rates held over whole steps, one draw per
// spike; at most one spike per neuron and step (rates above 1/dt saturate).
#include <memory>
#include <vector>

#include "neurosim/image_set.hpp"
#include "neurosim/population.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim {

class FilePopulation final : public SpikeSource {
 public:
  enum Param { rate_scale, kParamCount };

  FilePopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "file"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

  // Plays `series` as `kind` (Spikes or Rates) from the next step; checked by check_inputs().
  // Restarts the series from its beginning at the current step.
  void attach(std::shared_ptr<const TimeSeries> series, InputKind kind, bool loop);
  const TimeSeries* series() const { return player_.series(); }
  InputKind kind() const { return kind_; }
  bool loop() const { return player_.loop(); }

 protected:
  void update_derived() override {}
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;

 private:
  std::uint64_t seed_, stream_;
  Rng rng_;
  SeriesPlayer player_;
  InputKind kind_ = InputKind::Spikes;
  std::int64_t offset_ = 0;           // step at which the series started
  std::int64_t next_step_ = 0;        // the step evolve() will see next
  std::vector<double> hazard_;
};

class ImagePopulation final : public SpikeSource {
 public:
  enum Param { max_rate, present_ms, rest_ms, coding, latency_ms, kParamCount };

  ImagePopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream);

  std::string_view model() const override { return "images"; }
  std::span<const ParamDesc> param_descs() const override;
  std::vector<ParamError> validate(std::span<const double> candidate) const override;
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

  // Shows `images` from the next presentation window on (the set's image size must match).
  void attach(std::shared_ptr<const ImageSet> images);
  const ImageSet* images() const { return images_.get(); }
  const std::shared_ptr<const ImageSet>& shared_images() const { return images_; }
  // The image shown at `step` (-1 without images) and the steps of one presentation + rest.
  int image_at(std::int64_t step) const;
  // The presentation window `step` falls in, counted from the first presentation (-1 before it
  // or without images): a classifier's unit of scoring. The count goes on across repeats and a
  // new set attached, so a window number is never seen twice.
  std::int64_t window_at(std::int64_t step) const;
  int window_steps() const { return window_steps_; }
  int present_steps() const { return present_steps_; }
  // The image of the last step evolved (-1 before the first step).
  int current_image() const { return current_; }
  // Diehl & Cook's re-presentation: called between steps at the end of a window (`now` is the
  // next step, the first of the next window), the next window shows the image just shown again,
  // with extra_rate_hz added to max_rate (on top of earlier repeats of the same image). The
  // windows keep counting up (window_at), the images after it come one window later.
  void repeat_current(double extra_rate_hz, std::int64_t now);
  // Hz added to max_rate for the image on show (0 unless it is being shown again).
  double extra_rate() const { return boost_hz_; }
  // The step at which the image on show (or, after attach, the new set) began its count.
  std::int64_t set_start() const { return offset_; }

 protected:
  void update_derived() override;
  void reset_model_state() override;
  void visit_model_state(StateVisitor& v) override;

 private:
  void show(int image);
  std::uint64_t seed_, stream_;
  Rng rng_;
  std::shared_ptr<const ImageSet> images_;
  int window_steps_ = 1, present_steps_ = 1;
  std::int64_t offset_ = 0;      // step of the first presentation (moved on by each repeat)
  std::int64_t repeats_ = 0;     // windows that showed an image again (window_at counts them)
  double boost_hz_ = 0.0;        // added to max_rate for the image on show
  bool repeat_pending_ = false;  // the next window shows the same image again
  std::int64_t next_step_ = 0;
  int current_ = -1;
  std::vector<double> hazard_;
  std::vector<float> rate_;          // Hz per pixel for the current image
  std::vector<std::int32_t> fire_at_;  // latency coding: step within the window, -1 never
};

// Every problem with the inputs of a scenario (file and images populations, stimuli with an
// input): missing data, a shape that does not fit the population, values the use forbids.
// Called by check_scenario().
void check_inputs(const ScenarioSpec& spec, std::vector<SpecError>& errors);

}  // namespace neurosim
