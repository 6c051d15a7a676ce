#include "neurosim/time_series.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "neurosim/input_spec.hpp"
#include "neurosim/params.hpp"

namespace neurosim {

std::string_view input_kind_name(InputKind kind) {
  switch (kind) {
    case InputKind::Spikes: return "spikes";
    case InputKind::Rates: return "rates";
    case InputKind::Currents: return "currents";
  }
  return "spikes";
}

std::optional<InputKind> parse_input_kind(std::string_view name) {
  if (name == "spikes") return InputKind::Spikes;
  if (name == "rates") return InputKind::Rates;
  if (name == "currents") return InputKind::Currents;
  return std::nullopt;
}

std::int64_t step_of(double t_ms, double dt_ms) {
  // Checked series keep far below this; the clamp keeps the conversion defined for any input.
  constexpr double kLimit = 9.0e18;
  const double s = std::floor(t_ms / dt_ms + 1e-6);
  if (!(s < kLimit)) return s != s ? 0 : static_cast<std::int64_t>(kLimit);
  if (s < -kLimit) return -static_cast<std::int64_t>(kLimit);
  return static_cast<std::int64_t>(s);
}

double TimeSeries::length_ms(double dt) const {
  if (duration_ms > 0.0) return duration_ms;
  if (is_events()) return events.back().t_ms + dt;
  const std::size_t n = rows();
  if (n == 0) return 0.0;
  if (t_ms.empty()) return static_cast<double>(n) * (dt_ms > 0.0 ? dt_ms : dt);
  const double last_gap = n >= 2 ? t_ms[n - 1] - t_ms[n - 2] : dt;
  return t_ms[n - 1] + last_gap;
}

std::string TimeSeries::check(InputKind kind) const {
  if (columns < 1) return "has no columns";
  if (empty()) return "has no data rows";
  if (!values.empty() && !events.empty()) return "has both rows and events";
  if (!(duration_ms >= 0.0) || !std::isfinite(duration_ms)) return "duration_ms must be >= 0 (got " + format_number(duration_ms) + ")";
  if (!(dt_ms >= 0.0) || !std::isfinite(dt_ms)) return "dt_ms must be >= 0 (got " + format_number(dt_ms) + ")";
  const std::string time_limit = format_number(kMaxSeriesTimeMs) + " ms";
  if (duration_ms > kMaxSeriesTimeMs) return "duration_ms must be at most " + time_limit + " (got " + format_number(duration_ms) + ")";
  if (dt_ms > kMaxSeriesTimeMs) return "dt_ms must be at most " + time_limit + " (got " + format_number(dt_ms) + ")";
  if (t_ms.empty() && dt_ms > 0.0 && static_cast<double>(rows()) * dt_ms > kMaxSeriesTimeMs)
    return std::to_string(rows()) + " rows every " + format_number(dt_ms) + " ms last longer than the limit of " + time_limit;
  if (is_events()) {
    if (kind != InputKind::Spikes) return "a spike list can only be played as spikes (got " + std::string(input_kind_name(kind)) + ")";
    for (std::size_t i = 0; i < events.size(); ++i) {
      const TimedSpike& e = events[i];
      const std::string where = "spikes[" + std::to_string(i) + "]";
      if (!std::isfinite(e.t_ms) || e.t_ms < 0) return where + ".t_ms: must be a finite time >= 0 (got " + format_number(e.t_ms) + ")";
      if (e.t_ms > kMaxSeriesTimeMs) return where + ".t_ms: must be at most " + time_limit + " (got " + format_number(e.t_ms) + ")";
      if (e.neuron < 0 || e.neuron >= columns) return where + ".neuron: " + std::to_string(e.neuron) + " is outside 0.." + std::to_string(columns - 1);
      if (i > 0 && (e.t_ms < events[i - 1].t_ms || (e.t_ms == events[i - 1].t_ms && e.neuron < events[i - 1].neuron)))
        return where + ": events must be sorted by time, then neuron";
    }
    return {};
  }
  if (values.size() % static_cast<std::size_t>(columns) != 0) return "value count is not a multiple of the column count";
  const std::size_t n = rows();
  if (!t_ms.empty()) {
    if (t_ms.size() != n) return "needs one time per row (got " + std::to_string(t_ms.size()) + " for " + std::to_string(n) + " rows)";
    for (std::size_t r = 0; r < n; ++r) {
      if (!std::isfinite(t_ms[r]) || t_ms[r] < 0) return "row " + std::to_string(r + 1) + ": t_ms must be a finite time >= 0 (got " + format_number(t_ms[r]) + ")";
      if (t_ms[r] > kMaxSeriesTimeMs) return "row " + std::to_string(r + 1) + ": t_ms must be at most " + time_limit + " (got " + format_number(t_ms[r]) + ")";
      if (r > 0 && !(t_ms[r] > t_ms[r - 1]))
        return "row " + std::to_string(r + 1) + ": t_ms must increase from row to row (" + format_number(t_ms[r]) + " after " + format_number(t_ms[r - 1]) + ")";
    }
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float v = values[i];
    const auto where = [&] {
      return "row " + std::to_string(i / static_cast<std::size_t>(columns) + 1) + ", column " + std::to_string(i % static_cast<std::size_t>(columns) + 1);
    };
    if (!std::isfinite(v)) return where() + ": must be a finite number (got " + format_number(v) + ")";
    if (kind == InputKind::Spikes && (v < 0 || v != std::floor(v))) return where() + ": a spike count must be a whole number >= 0 (got " + format_number(v) + ")";
    if (kind == InputKind::Spikes && v > kMaxSpikeCount)
      return where() + ": a spike count must be at most " + format_number(kMaxSpikeCount) + " per row (got " + format_number(v) + ")";
    if (kind == InputKind::Rates && v < 0) return where() + ": a rate must be >= 0 Hz (got " + format_number(v) + ")";
  }
  return {};
}

std::vector<std::pair<std::int64_t, int>> TimeSeries::spike_steps(double dt) const {
  std::vector<std::pair<std::int64_t, int>> out;
  const double steps = std::min(length_ms(dt) / dt, 1e18);
  const std::int64_t period = std::max<std::int64_t>(1, steps >= 1.0 ? std::llround(steps) : 1);
  if (is_events()) {
    for (const TimedSpike& e : events) {
      const std::int64_t s = step_of(e.t_ms, dt);
      if (s < period) out.emplace_back(s, e.neuron);
    }
    return out;
  }
  for (std::size_t r = 0; r < rows(); ++r) {
    const std::int64_t s = step_of(row_time(r, dt), dt);
    if (s >= period) break;
    for (int c = 0; c < columns; ++c)
      for (int k = 0; k < static_cast<int>(at(r, c)); ++k) out.emplace_back(s, c);
  }
  return out;
}

// [SECTION] SeriesPlayer

void SeriesPlayer::attach(std::shared_ptr<const TimeSeries> series, double dt_ms, bool loop) {
  series_ = std::move(series);
  dt_ = dt_ms;
  loop_ = loop;
  items_ = !series_ ? 0 : series_->is_events() ? series_->events.size() : series_->rows();
  // A checked series is far shorter than the clamp; it keeps llround defined for any other.
  const double steps = series_ ? std::min(series_->length_ms(dt_) / dt_, 1e18) : 1.0;
  period_ = std::max<std::int64_t>(1, steps >= 1.0 ? std::llround(steps) : 1);
  reset();
}

void SeriesPlayer::reset() {
  pass_start_ = 0;
  next_ = 0;
  current_ = -1;
}

std::int64_t SeriesPlayer::item_step(std::size_t i) const {
  return series_->is_events() ? step_of(series_->events[i].t_ms, dt_) : step_of(series_->row_time(i, dt_), dt_);
}

// [SECTION] InputSpec

namespace {
std::string resolve(const std::string& base, const std::string& path) {
  if (path.empty() || base.empty()) return path;
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base) / p).lexically_normal().string();
}
}  // namespace

std::string InputSpec::resolved_path() const { return resolve(base_dir, path); }
std::string InputSpec::resolved_labels() const { return resolve(base_dir, labels); }

}  // namespace neurosim
