#include "neurosim/monitors.hpp"

#include <algorithm>

namespace neurosim {

namespace {
// Live probes hold a preallocated ring of `capacity` samples; Full probes grow without bound.
bool is_ring(const TraceProbe& p) { return p.capacity > 0; }
}  // namespace


// [SECTION] Spikes
void SpikeRecorder::configure(RecordMode mode, std::size_t ring_capacity) {
  mode_ = mode;
  ring_.assign(std::max<std::size_t>(ring_capacity, 1), SpikeEvent{});
  clear();
}

void SpikeRecorder::renumber(std::span<const int> new_of_old) {
  const auto moved = [&](SpikeEvent& e) {
    if (e.population < 0) return;
    e.population = static_cast<std::size_t>(e.population) < new_of_old.size() ? new_of_old[static_cast<std::size_t>(e.population)] : -1;
  };
  for (SpikeEvent& e : ring_) moved(e);
  for (SpikeEvent& e : all_) moved(e);
  std::erase_if(all_, [](const SpikeEvent& e) { return e.population < 0; });
}

void SpikeRecorder::clear() {
  written_ = 0;
  all_.clear();
}

void SpikeRecorder::record(std::int64_t step, int population, std::span<const int> neurons) {
  const std::size_t cap = ring_.size();
  // A ring of a power of two takes its slot by a mask (a 64-bit division per spike otherwise).
  const std::uint64_t mask = (cap & (cap - 1)) == 0 ? cap - 1 : 0;
  for (const int n : neurons) {
    const SpikeEvent e{step, population, n};
    ring_[mask != 0 ? written_ & mask : written_ % cap] = e;
    ++written_;
    if (mode_ == RecordMode::Full) all_.push_back(e);
  }
}

// [SECTION] State traces
void StateRecorder::configure(RecordMode mode, std::size_t capacity_samples) {
  mode_ = mode;
  capacity_ = std::max<std::size_t>(capacity_samples, 1);
  for (auto& p : probes_) {
    p.capacity = mode_ == RecordMode::Live ? capacity_ : 0;
    p.samples.clear();
    if (is_ring(p)) p.samples.assign(capacity_ * static_cast<std::size_t>(std::max(p.variables, 1)), 0.0f);
  }
  clear();
}

void StateRecorder::clear() {
  for (auto& p : probes_) {
    p.written = 0;
    if (mode_ == RecordMode::Full) p.samples.clear();
  }
}

void StateRecorder::add(int population, int neuron, int variables) {
  for (const auto& p : probes_)
    if (p.population == population && p.neuron == neuron) return;
  TraceProbe p{population, neuron, variables, {}, mode_ == RecordMode::Live ? capacity_ : 0, 0, 0, next_id_++};
  // Live probes get their whole ring now, so recording never allocates.
  if (mode_ == RecordMode::Live) p.samples.assign(capacity_ * static_cast<std::size_t>(std::max(variables, 1)), 0.0f);
  probes_.push_back(std::move(p));
}

std::size_t StateRecorder::available(const TraceProbe& p) {
  return is_ring(p) ? static_cast<std::size_t>(std::min<std::uint64_t>(p.written, p.capacity))
                    : static_cast<std::size_t>(p.written);
}

float StateRecorder::sample(const TraceProbe& p, std::size_t i, int var) {
  const auto vars = static_cast<std::size_t>(std::max(p.variables, 1));
  if (!is_ring(p)) return p.samples[i * vars + static_cast<std::size_t>(var)];
  const std::uint64_t oldest = p.written > p.capacity ? p.written - p.capacity : 0;
  const std::size_t slot = static_cast<std::size_t>((oldest + i) % p.capacity);
  return p.samples[slot * vars + static_cast<std::size_t>(var)];
}

std::int64_t StateRecorder::sample_step(const TraceProbe& p, std::size_t i) {
  const std::uint64_t oldest = is_ring(p) && p.written > p.capacity ? p.written - p.capacity : 0;
  return p.first_step + static_cast<std::int64_t>(oldest + i);
}

std::size_t StateRecorder::first_sample_at(const TraceProbe& p, std::int64_t step) {
  // One sample per step from the oldest on: the index is the distance in steps.
  const std::size_t n = available(p);
  if (n == 0) return 0;
  const std::int64_t from_oldest = step - sample_step(p, 0);
  return static_cast<std::size_t>(std::clamp<std::int64_t>(from_oldest, 0, static_cast<std::int64_t>(n)));
}

void StateRecorder::record(TraceProbe& p, std::int64_t step, const float* const* vars) {
  if (p.written == 0) p.first_step = step;
  const auto nvars = static_cast<std::size_t>(std::max(p.variables, 1));
  if (is_ring(p)) {
    // A ring of a power of two (the CLI's and the window's) takes its slot by a mask: a 64-bit
    // division per probe and step was a measurable part of a run's recording.
    const std::uint64_t mask = p.capacity - 1;
    const std::size_t slot = static_cast<std::size_t>((p.capacity & mask) == 0 ? p.written & mask : p.written % p.capacity);
    for (std::size_t v = 0; v < static_cast<std::size_t>(p.variables); ++v)
      p.samples[slot * nvars + v] = vars[v][p.neuron];
  } else {
    for (std::size_t v = 0; v < static_cast<std::size_t>(p.variables); ++v) p.samples.push_back(vars[v][p.neuron]);
  }
  ++p.written;
}

// [SECTION] Rates
void RateMonitor::configure(int populations, int steps_per_bin, double dt_ms, std::size_t bins_kept) {
  populations_ = populations;
  steps_per_bin_ = std::max(1, steps_per_bin);
  dt_ms_ = dt_ms;
  bins_kept_ = std::max<std::size_t>(bins_kept, 1);
  ring_.assign(bins_kept_ * static_cast<std::size_t>(populations_), 0.0f);
  current_.assign(static_cast<std::size_t>(populations_), 0);
  clear();
}

void RateMonitor::clear() {
  steps_in_bin_ = 0;
  bins_written_ = 0;
  std::fill(current_.begin(), current_.end(), 0);
}

void RateMonitor::end_step(std::span<const int> sizes) {
  if (++steps_in_bin_ < steps_per_bin_) return;
  const double seconds = steps_per_bin_ * dt_ms_ * 1e-3;
  const std::size_t slot = static_cast<std::size_t>(bins_written_ % bins_kept_);
  for (int p = 0; p < populations_; ++p) {
    const auto n = static_cast<double>(std::max(sizes[static_cast<std::size_t>(p)], 1));
    ring_[slot * static_cast<std::size_t>(populations_) + static_cast<std::size_t>(p)] =
        static_cast<float>(static_cast<double>(current_[static_cast<std::size_t>(p)]) / (n * seconds));
    current_[static_cast<std::size_t>(p)] = 0;
  }
  steps_in_bin_ = 0;
  ++bins_written_;
}

void RateMonitor::renumber(std::span<const int> old_of_new) {
  const auto n = static_cast<int>(old_of_new.size());
  std::vector<float> ring(bins_kept_ * static_cast<std::size_t>(n), 0.0f);
  std::vector<std::size_t> current(static_cast<std::size_t>(n), 0);
  for (int p = 0; p < n; ++p) {
    const int old = old_of_new[static_cast<std::size_t>(p)];
    if (old < 0 || old >= populations_) continue;
    current[static_cast<std::size_t>(p)] = current_[static_cast<std::size_t>(old)];
    for (std::size_t b = 0; b < bins_kept_; ++b)
      ring[b * static_cast<std::size_t>(n) + static_cast<std::size_t>(p)] = ring_[b * static_cast<std::size_t>(populations_) + static_cast<std::size_t>(old)];
  }
  populations_ = n;
  ring_ = std::move(ring);
  current_ = std::move(current);
}

std::size_t RateMonitor::bins_available() const {
  return static_cast<std::size_t>(std::min<std::uint64_t>(bins_written_, bins_kept_));
}

float RateMonitor::rate(int population, std::size_t i) const {
  const std::uint64_t oldest = bins_written_ > bins_kept_ ? bins_written_ - bins_kept_ : 0;
  const std::size_t slot = static_cast<std::size_t>((oldest + i) % bins_kept_);
  return ring_[slot * static_cast<std::size_t>(populations_) + static_cast<std::size_t>(population)];
}

}  // namespace neurosim
