// visit_state of the spike sources: random streams, Poisson timing wheels, pattern windows,
// play positions of file and image inputs. The data they play (a series, an image set, a
// recording) belongs to the scenario, not to the state: it is attached again by the build.
#include "neurosim/file_source.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/poisson_source.hpp"
#include "neurosim/replay_source.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim {

void SeriesPlayer::visit_state(StateVisitor& v) {
  v.section("series player");
  std::size_t items = items_;
  v.value(items);
  if (v.loading() && items != items_)
    throw StateError("the input plays " + std::to_string(items_) + " rows or events, the state was saved with " + std::to_string(items));
  v.value(loop_);
  v.value(period_);
  v.value(pass_start_);
  v.value(next_);
  v.value(current_);
}

void PoissonPopulation::visit_model_state(StateVisitor& v) {
  v.value(rng_);
  v.array(next_ms_);
  v.array(due_);
  v.array(link_);
  v.array(bucket_);
  v.value(current_step_);
}

void PatternPopulation::visit_model_state(StateVisitor& v) {
  v.value(rng_);
  v.value(window_steps_);
  v.array(rate_);
  v.array(speed_);
  v.array(hazard_);
  v.array(kicks_);
  v.array(last_spike_);
  v.list(members_, [&](std::vector<int>& m) { v.array(m); });
  v.list(is_member_, [&](std::vector<char>& m) { v.array(m); });
  v.list(frozen_, [&](std::vector<Event>& f) { v.array(f); });
  v.array(window_);
  v.array(counts_);
  v.value(cursor_);
  v.value(window_start_);
  v.array(next_);
  v.array(carry_);
  v.array(spill_);
  v.value(next_pattern_);
  v.value(current_pattern_);
  v.list(onsets_, [&](PatternOnset& o) {
    v.value(o.step);
    v.value(o.pattern);
  });
}

void FilePopulation::visit_model_state(StateVisitor& v) {
  v.value(rng_);
  player_.visit_state(v);
  v.value(kind_);
  v.value(offset_);
  v.value(next_step_);
  v.array(hazard_);
}

void ImagePopulation::visit_model_state(StateVisitor& v) {
  // The image set itself is the scenario's (or, in an experiment's test phase, the test set the
  // experiment attached again before this is read): only its size is checked.
  int count = images_ ? images_->count : 0;
  v.value(count);
  if (v.loading() && count != (images_ ? images_->count : 0))
    throw StateError("population " + name_ + " shows " + std::to_string(images_ ? images_->count : 0) + " images, the state was saved with " +
                     std::to_string(count));
  v.value(rng_);
  v.value(window_steps_);
  v.value(present_steps_);
  v.value(offset_);
  v.value(repeats_);
  v.value(boost_hz_);
  v.value(repeat_pending_);
  v.value(next_step_);
  v.value(current_);
  v.array(hazard_);
  v.array(rate_);
  v.array(fire_at_);
}

void ReplaySource::visit_model_state(StateVisitor& v) {
  v.value(cursor_);
  v.value(next_step_);
  if (v.loading() && cursor_ > (events_ ? events_->size() : 0)) throw StateError("population " + name_ + ": replay position past its recording");
}

}  // namespace neurosim
