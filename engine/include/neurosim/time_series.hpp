#pragma once
// Input data as the engine sees it: a time series of values per input neuron, already loaded
// (the engine reads no files; engine/io does), and the cursor that plays it step by step.
//
// A series is either dense (rows = time points, columns = input neurons) or a list of spike
// events. What the values mean is the InputKind of whoever plays it:
//   spikes    whole counts: a row's count c makes the neuron fire c times in that step
//             (0/1 for ordinary spike trains); an event list gives one spike per event;
//   rates     Hz, held from a row's time to the next row's, turned into Poisson spikes;
//   currents  the target model's current units, held from row to row (a stimulus).
//
// Timing. Row r starts at t_ms[r] when times are given, else at r * dt_ms (dt_ms 0: the
// scenario's dt, one row per step). A row or event at time t belongs to the step that contains
// it, floor(t / dt) (with a tolerance of 1e-6 steps for times such as 0.3 that are not exact in
// binary). Rows finer than dt: spike counts of rows falling in one step add up; rates and
// currents take the last row that starts in the step. The series lasts duration_ms: given, or
// else up to one row interval (the last one) after its last row, or one step after its last
// event. After that the input stops (nothing more) or, with loop, starts again from its
// beginning every round(duration / dt) steps.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/state_visitor.hpp"

namespace neurosim {

enum class InputKind { Spikes, Rates, Currents };
std::string_view input_kind_name(InputKind kind);  // "spikes", "rates", "currents"
std::optional<InputKind> parse_input_kind(std::string_view name);

// Limits on what a series may hold, so that every time maps to a step without overflow and a
// file cannot ask for more spikes than a run could ever hold. Readers and check() refuse more.
inline constexpr double kMaxSeriesTimeMs = 1e10;  // times, durations, row spacing: about 116 days
inline constexpr double kMaxSpikeCount = 1000.0;  // spikes of one neuron in one row

struct TimedSpike {
  double t_ms;
  std::int32_t neuron;
};

struct TimeSeries {
  std::string source;  // the file it came from (messages, the GUI's preview), may be empty
  int columns = 0;     // input neurons
  // Dense form: rows x columns, row-major.
  std::vector<float> values;
  std::vector<double> t_ms;   // per row, strictly increasing; empty: rows every dt_ms
  double dt_ms = 0.0;         // row spacing when t_ms is empty; 0: the scenario's dt
  // Event form (spikes only), sorted by time then neuron. A series has one form or the other.
  std::vector<TimedSpike> events;
  double duration_ms = 0.0;   // 0: derived as described above

  bool is_events() const { return values.empty() && !events.empty(); }
  std::size_t rows() const { return columns > 0 ? values.size() / static_cast<std::size_t>(columns) : 0; }
  bool empty() const { return values.empty() && events.empty(); }
  float at(std::size_t row, int column) const { return values[row * static_cast<std::size_t>(columns) + static_cast<std::size_t>(column)]; }
  // Start time of row r, for a scenario time step dt.
  double row_time(std::size_t r, double dt) const {
    return t_ms.empty() ? static_cast<double>(r) * (dt_ms > 0.0 ? dt_ms : dt) : t_ms[r];
  }
  // Length of the series (see the header comment), for a scenario time step dt.
  double length_ms(double dt) const;
  // Everything wrong with the series for this use ("" when fine): shape, times, and values
  // (spike counts whole and >= 0, rates >= 0, all finite). Names the row and column.
  std::string check(InputKind kind) const;
  // Spike events the series gives over [0, length) for time step dt, as (step, neuron), one
  // entry per spike: what a file population plays in its first pass. For tests and previews.
  std::vector<std::pair<std::int64_t, int>> spike_steps(double dt) const;
};

// The step a time falls in: floor(t / dt) with a 1e-6 step tolerance.
std::int64_t step_of(double t_ms, double dt_ms);

// Plays a series on the step grid. Steps passed to advance() count from the start of the series
// and must not go backwards (reset() starts over).
class SeriesPlayer {
 public:
  void attach(std::shared_ptr<const TimeSeries> series, double dt_ms, bool loop);
  void reset();
  const TimeSeries* series() const { return series_.get(); }
  bool loop() const { return loop_; }
  std::int64_t period_steps() const { return period_; }

  // Moves to `step`. Calls on_row(r) for every dense row that starts in this step, or
  // on_event(neuron) for every event in it. Returns the dense row in force at this step
  // (-1 before the first row or after the end without loop).
  template <class OnRow, class OnEvent>
  std::int64_t advance(std::int64_t step, OnRow&& on_row, OnEvent&& on_event);
  // Checkpoints: the play position (the series is the scenario's).
  void visit_state(StateVisitor& v);

 private:
  std::int64_t item_step(std::size_t i) const;
  std::shared_ptr<const TimeSeries> series_;
  double dt_ = 1.0;
  bool loop_ = false;
  std::int64_t period_ = 1;        // steps per pass
  std::int64_t pass_start_ = 0;    // first step of the current pass
  std::size_t next_ = 0;           // next row or event not yet reached
  std::int64_t current_ = -1;      // row in force
  std::size_t items_ = 0;          // rows or events
};

template <class OnRow, class OnEvent>
std::int64_t SeriesPlayer::advance(std::int64_t step, OnRow&& on_row, OnEvent&& on_event) {
  if (!series_ || items_ == 0 || step < 0) return -1;
  std::int64_t local = step - pass_start_;
  if (local >= period_) {
    if (!loop_) return -1;
    pass_start_ += (local / period_) * period_;
    local = step - pass_start_;
    next_ = 0;
    current_ = -1;
  }
  const bool events = series_->is_events();
  while (next_ < items_) {
    const std::int64_t s = item_step(next_);
    if (s > local) break;
    if (s == local) {
      if (events) on_event(series_->events[next_].neuron);
      else on_row(next_);
    }
    if (!events) current_ = static_cast<std::int64_t>(next_);
    ++next_;
  }
  return current_;
}

}  // namespace neurosim
