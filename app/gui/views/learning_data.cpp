// What the learning views read from the network (see learning_data.hpp).
#include "gui/views/learning_data.hpp"

#include <algorithm>
#include <cmath>

#include "neurosim/network.hpp"
#include "neurosim/pattern_source.hpp"

namespace neurosim::gui {

namespace {

constexpr int kMaxMapSide = 160;  // cells a side: the maps are small, and this keeps refreshes cheap

double rule_param(const Network& network, int projection, const char* name, double fallback) {
  const Plasticity* rule = network.plasticity(projection);
  const double v = rule != nullptr ? rule->param(name) : fallback;
  return std::isfinite(v) ? v : fallback;
}

}  // namespace

// [SECTION] SampleSeries

SampleSeries::SampleSeries(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 4)) {
  t_.reserve(capacity_);
  v_.reserve(capacity_);
}

void SampleSeries::clear() {
  t_.clear();
  v_.clear();
  spacing_ = 0.0;
}

void SampleSeries::add(double t, float value) {
  if (!t_.empty()) {
    if (t < t_.back()) clear();  // time went back (reset): a new series
    else if (t - t_.back() < spacing_ || t == t_.back()) return;
  }
  t_.push_back(t);
  v_.push_back(value);
  if (t_.size() < capacity_) return;
  // Full: keep every second sample, and sample half as often from now on.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < t_.size(); i += 2, ++kept) {
    t_[kept] = t_[i];
    v_[kept] = v_[i];
  }
  t_.resize(kept);
  v_.resize(kept);
  spacing_ = kept > 1 ? (t_.back() - t_.front()) / static_cast<double>(kept - 1) : spacing_ * 2.0;
}

// [SECTION] WeightMap

void WeightMap::configure(int pre, int post, int max_side) {
  pre_size = std::max(pre, 0);
  post_size = std::max(post, 0);
  tiled = post_size >= 1 && post_size <= 4 && pre_size >= 16;
  if (tiled) {
    tile = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(pre_size))));
    rows = (pre_size + tile - 1) / tile;
    cols = tile * post_size;
  } else {
    tile = 1;
    rows = std::clamp(pre_size, 1, max_side);
    cols = std::clamp(post_size, 1, max_side);
  }
  const std::size_t cells = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  pairs.assign(cells, 0.0f);
  sum.assign(cells, 0.0f);
  if (tiled) {
    for (int p = 0; p < post_size; ++p)
      for (int i = 0; i < pre_size; ++i) pairs[static_cast<std::size_t>(cell(i, p))] = 1.0f;
  } else if (pre_size > 0 && post_size > 0) {
    // Block b of n neurons in `blocks` holds the neurons i with floor(i * blocks / n) == b.
    std::vector<int> row_count(static_cast<std::size_t>(rows), 0), col_count(static_cast<std::size_t>(cols), 0);
    for (int i = 0; i < pre_size; ++i) ++row_count[static_cast<std::size_t>(static_cast<std::int64_t>(i) * rows / pre_size)];
    for (int j = 0; j < post_size; ++j) ++col_count[static_cast<std::size_t>(static_cast<std::int64_t>(j) * cols / post_size)];
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        pairs[static_cast<std::size_t>(r) * cols + c] =
            static_cast<float>(row_count[static_cast<std::size_t>(r)]) * static_cast<float>(col_count[static_cast<std::size_t>(c)]);
  }
}

int WeightMap::cell(int pre, int post) const {
  if (pre < 0 || pre >= pre_size || post < 0 || post >= post_size) return -1;
  if (tiled) return (pre / tile) * cols + post * tile + pre % tile;
  const int r = static_cast<int>(static_cast<std::int64_t>(pre) * rows / pre_size);
  const int c = static_cast<int>(static_cast<std::int64_t>(post) * cols / post_size);
  return r * cols + c;
}

void WeightMap::cell_range(int row, int col, int& pre_first, int& pre_last, int& post_first, int& post_last) const {
  if (tiled) {
    post_first = col / tile;
    post_last = post_first + 1;
    pre_first = row * tile + col % tile;
    pre_last = pre_first < pre_size ? pre_first + 1 : pre_first;
    return;
  }
  // The first neuron of block b is ceil(b * n / blocks).
  auto start = [](std::int64_t b, std::int64_t n, std::int64_t blocks) { return static_cast<int>((b * n + blocks - 1) / blocks); };
  pre_first = start(row, pre_size, rows);
  pre_last = start(row + 1, pre_size, rows);
  post_first = start(col, post_size, cols);
  post_last = start(col + 1, post_size, cols);
}

bool WeightMap::exact_pair(int row, int col, int& pre, int& post) const {
  int pre_last = 0, post_last = 0;
  cell_range(row, col, pre, pre_last, post, post_last);
  return pre_last == pre + 1 && post_last == post + 1;
}

void WeightMap::fill(const Projection& projection, std::span<const float> weights, std::vector<float>& out) {
  std::fill(sum.begin(), sum.end(), 0.0f);
  const auto row_ptr = projection.row_ptr();
  const auto col = projection.col();
  const int pre_n = std::min(pre_size, projection.pre_size());
  for (int i = 0; i < pre_n; ++i) {
    for (std::int64_t k = row_ptr[static_cast<std::size_t>(i)]; k < row_ptr[static_cast<std::size_t>(i) + 1]; ++k) {
      const int c = cell(i, col[static_cast<std::size_t>(k)]);
      if (c >= 0 && static_cast<std::size_t>(k) < weights.size()) sum[static_cast<std::size_t>(c)] += weights[static_cast<std::size_t>(k)];
    }
  }
  out.resize(sum.size());
  for (std::size_t c = 0; c < sum.size(); ++c) out[c] = pairs[c] > 0.0f ? sum[c] / pairs[c] : 0.0f;
}

// [SECTION] WeightWatch

void WeightWatch::adopt(const Network& network, int projection) {
  const double now = network.time_ms();
  start_.assign(static_cast<std::size_t>(network.projection_count()), {});
  start_rows_.assign(start_.size(), {});
  start_ms_per_.assign(start_.size(), now);
  for (int j = 0; j < network.projection_count(); ++j) {
    if (network.plasticity(j) == nullptr) continue;
    const Projection& p = network.projection(j);
    const auto w = p.weights();
    start_[static_cast<std::size_t>(j)].assign(w.begin(), w.end());
    start_rows_[static_cast<std::size_t>(j)].assign(p.row_ptr().begin(), p.row_ptr().end());
  }
  projection_ = -2;  // force select() to rebuild
  select(network, projection);
}

void WeightWatch::restart(const Network& network) {
  std::vector<ChosenSynapse> keep = std::move(chosen_);
  adopt(network, projection_);
  chosen_ = std::move(keep);
  for (ChosenSynapse& c : chosen_) c.series.clear();
}

void WeightWatch::select(const Network& network, int projection) {
  const bool valid = projection >= 0 && projection < network.projection_count() && network.plasticity(projection) != nullptr;
  const int next = valid ? projection : -1;
  if (next == projection_) return;
  projection_ = next;
  chosen_.clear();
  mean_series_.clear();
  if (projection_ < 0) return;
  start_ms_ = start_ms_per_[static_cast<std::size_t>(projection_)];
  rebuild_views(network);
}

void WeightWatch::snapshot(const Network& network) {
  if (projection_ < 0) return;
  const Projection& p = network.projection(projection_);
  const auto w = p.weights();
  start_[static_cast<std::size_t>(projection_)].assign(w.begin(), w.end());
  start_rows_[static_cast<std::size_t>(projection_)].assign(p.row_ptr().begin(), p.row_ptr().end());
  start_ms_ = start_ms_per_[static_cast<std::size_t>(projection_)] = network.time_ms();
  rebuild_views(network);
}

void WeightWatch::on_grown(const Network& network) {
  if (start_.size() != static_cast<std::size_t>(network.projection_count())) {  // not the adopted network
    adopt(network, projection_);
    return;
  }
  std::vector<std::int64_t> chosen_rows;  // the followed projection's row_ptr before the growth
  for (int j = 0; j < network.projection_count(); ++j) {
    auto& start = start_[static_cast<std::size_t>(j)];
    auto& old_rows = start_rows_[static_cast<std::size_t>(j)];
    if (network.plasticity(j) == nullptr || old_rows.empty()) continue;
    const Projection& p = network.projection(j);
    const auto rows = p.row_ptr();
    const auto w = p.weights();
    if (rows.size() == old_rows.size() && start.size() == w.size()) continue;  // this projection did not change
    const std::size_t old_pre = old_rows.size() - 1;
    // Several growths between two frames still leave the old synapses at the heads of their
    // rows; anything else is not a growth of what was snapshot, and the start is taken afresh.
    bool prefix = old_pre + 1 <= rows.size() && old_rows.back() == static_cast<std::int64_t>(start.size());
    for (std::size_t i = 0; prefix && i < old_pre; ++i) prefix = old_rows[i + 1] - old_rows[i] <= rows[i + 1] - rows[i];
    const auto w0 = network.initial_weights(j);
    std::vector<float> grown(w0.size() == w.size() ? w0.begin() : w.begin(), w0.size() == w.size() ? w0.end() : w.end());
    if (prefix) {
      for (std::size_t i = 0; i < old_pre; ++i)
        std::copy(start.begin() + old_rows[i], start.begin() + old_rows[i + 1], grown.begin() + rows[i]);
    } else {
      grown.assign(w.begin(), w.end());
      start_ms_per_[static_cast<std::size_t>(j)] = network.time_ms();
    }
    if (j == projection_) chosen_rows = prefix ? old_rows : std::vector<std::int64_t>{};
    start = std::move(grown);
    old_rows.assign(rows.begin(), rows.end());
    if (j == projection_ && chosen_rows.empty()) chosen_.clear();  // no way to place them: follow none
  }
  if (projection_ < 0) return;
  // The followed synapses keep their histories at their new indices.
  if (!chosen_rows.empty()) {
    const auto rows = network.projection(projection_).row_ptr();
    for (ChosenSynapse& c : chosen_)
      c.synapse = rows[static_cast<std::size_t>(c.pre)] + (c.synapse - chosen_rows[static_cast<std::size_t>(c.pre)]);
  }
  start_ms_ = start_ms_per_[static_cast<std::size_t>(projection_)];
  rebuild_views(network);
}

void WeightWatch::rebuild_views(const Network& network) {
  const Projection& p = network.projection(projection_);
  synapses_ = p.synapse_count();
  pre_size_ = p.pre_size();
  post_size_ = p.post_size();
  map_.configure(p.pre_size(), p.post_size(), kMaxMapSide);
  for (HeatmapData* m : {&start_map_, &now_map_, &diff_map_}) {
    m->projection = projection_;
    m->rows = map_.rows;
    m->cols = map_.cols;
    m->pre_size = p.pre_size();
    m->post_size = p.post_size();
    m->exact = false;
  }
  lo_ = hi_ = std::nan("");  // refresh() reads the bounds and recomputes the start views
  refresh(network);
}

void WeightWatch::histogram(const float* w, std::size_t n, std::vector<int>& counts, double& mean) const {
  counts.assign(kBins, 0);
  double sum = 0.0;
  const double scale = kBins / (hi_ - lo_);
  for (std::size_t k = 0; k < n; ++k) {
    sum += w[k];
    // Values at or beyond the bounds land in the end bins (the bounds are where weights pile up).
    const int b = std::clamp(static_cast<int>(std::floor((w[k] - lo_) * scale)), 0, kBins - 1);
    ++counts[static_cast<std::size_t>(b)];
  }
  mean = n > 0 ? sum / static_cast<double>(n) : 0.0;
}

void WeightWatch::refresh(const Network& network) {
  const Projection& p = network.projection(projection_);
  const auto w = p.weights();
  const std::vector<float>& w0 = start_[static_cast<std::size_t>(projection_)];
  // Bins over the rule's [w_min, w_max]; when the bounds change (a slider), the start histogram
  // is binned again so that the two stay comparable.
  double lo = rule_param(network, projection_, "w_min", 0.0);
  double hi = rule_param(network, projection_, "w_max", 1.0);
  if (!(hi > lo)) hi = lo + 1.0;
  if (lo != lo_ || hi != hi_) {
    lo_ = lo;
    hi_ = hi;
    histogram(w0.data(), std::min(w0.size(), w.size()), start_counts_, mean_start_);
    map_.fill(p, w0, start_map_.values);
    start_map_.lo = static_cast<float>(lo_);
    start_map_.hi = static_cast<float>(hi_);
    start_map_.w_min = start_map_.lo;
    start_map_.w_max = start_map_.hi;
    ++start_map_.version;
  }
  histogram(w.data(), w.size(), now_counts_, mean_now_);
  map_.fill(p, w, now_map_.values);
  now_map_.lo = static_cast<float>(lo_);
  now_map_.hi = static_cast<float>(hi_);
  ++now_map_.version;
  // Difference of the cell means (= mean of the differences); symmetric range around 0.
  diff_map_.values.resize(now_map_.values.size());
  double biggest = 0.0;
  for (std::size_t c = 0; c < diff_map_.values.size(); ++c) {
    const float d = now_map_.values[c] - (c < start_map_.values.size() ? start_map_.values[c] : 0.0f);
    diff_map_.values[c] = d;
    biggest = std::max(biggest, static_cast<double>(std::abs(d)));
  }
  max_change_ = biggest;
  const float span = static_cast<float>(std::max(biggest, 1e-6 * (hi_ - lo_)));
  diff_map_.lo = -span;
  diff_map_.hi = span;
  ++diff_map_.version;
  mean_series_.add(network.time_ms(), static_cast<float>(mean_now_));
  ++version_;
  age_s_ = 0.0;
}

void WeightWatch::update(const Network& network, double wall_dt_s, bool force) {
  if (pending_choice_) {
    choose_message_ = choose(network, pending_choice_->first, pending_choice_->second);
    pending_choice_.reset();
  }
  if (projection_ < 0) return;
  const auto w = network.projection(projection_).weights();
  const double t = network.time_ms();
  now_ms_ = t;
  for (ChosenSynapse& c : chosen_)
    if (static_cast<std::size_t>(c.synapse) < w.size()) {
      c.weight = w[static_cast<std::size_t>(c.synapse)];
      c.series.add(t, c.weight);
    }
  age_s_ += wall_dt_s;
  if (force || age_s_ >= refresh_s) refresh(network);
}

const char* WeightWatch::choose(const Network& network, int pre, int post) {
  if (projection_ < 0) return "no plastic projection selected";
  const Projection& p = network.projection(projection_);
  if (pre < 0 || pre >= p.pre_size() || post < 0 || post >= p.post_size()) return "no such neuron pair";
  const auto row_ptr = p.row_ptr();
  const auto col = p.col();
  std::int64_t found = -1;
  for (std::int64_t k = row_ptr[static_cast<std::size_t>(pre)]; k < row_ptr[static_cast<std::size_t>(pre) + 1]; ++k) {
    if (col[static_cast<std::size_t>(k)] == post) {
      found = k;
      break;
    }
  }
  if (found < 0) return "no synapse between these neurons";
  for (const ChosenSynapse& c : chosen_)
    if (c.synapse == found) return "already followed";
  if (chosen_.size() >= kMaxChosen) chosen_.erase(chosen_.begin());  // the oldest choice makes room
  ChosenSynapse c;
  c.synapse = found;
  c.pre = pre;
  c.post = post;
  c.weight = p.weights()[static_cast<std::size_t>(found)];
  c.series.add(network.time_ms(), c.weight);
  chosen_.push_back(std::move(c));
  return "";
}

void WeightWatch::unchoose(std::size_t index) {
  if (index < chosen_.size()) chosen_.erase(chosen_.begin() + static_cast<std::ptrdiff_t>(index));
}

// [SECTION] LatencyTracker

void LatencyTracker::attach(const Network& network, int input, int output) {
  input_ = output_ = -1;
  patterns_ = 0;
  clear();
  if (input < 0 || input >= network.population_count() || output < 0 || output >= network.population_count()) return;
  const auto* source = dynamic_cast<const PatternPopulation*>(&network.population(input));
  if (source == nullptr) return;
  input_ = input;
  output_ = output;
  patterns_ = static_cast<int>(source->param("patterns"));
  window_steps_ = std::max(1, source->window_steps());
  dt_ = network.dt();
  window_ms_ = window_steps_ * dt_;
  onset_cursor_ = source->onsets().size();
  spike_cursor_ = network.spikes().next_sequence();
  last_step_ = network.step_index();
}

void LatencyTracker::clear() {
  onset_cursor_ = 0;
  spike_cursor_ = 0;
  last_step_ = 0;
  open_.clear();
  occurrences_.clear();
  lost_ = 0;
}

void LatencyTracker::update(const Network& network) {
  if (!active()) return;
  const auto& source = static_cast<const PatternPopulation&>(network.population(input_));
  const std::int64_t now = network.step_index();
  if (now < last_step_) clear();  // reset: the stream starts again
  last_step_ = now;
  const auto& onsets = source.onsets();
  if (onset_cursor_ > onsets.size()) onset_cursor_ = 0;
  for (; onset_cursor_ < onsets.size(); ++onset_cursor_)
    open_.push_back(Open{onsets[onset_cursor_].step, onsets[onset_cursor_].pattern, -1, -1});
  const int output = output_;
  const std::int64_t w = window_steps_;
  lost_ += network.spikes().for_each_since(spike_cursor_, [&](const SpikeEvent& e) {
    if (e.population != output) return;
    for (Open& o : open_) {
      if (o.first_spike < 0 && e.step >= o.start && e.step < o.start + w) {
        o.first_spike = e.step;
        o.neuron = e.neuron;
      }
    }
  });
  spike_cursor_ = network.spikes().next_sequence();
  // A window is complete once every one of its steps has run.
  auto closed = [&](const Open& o) {
    if (o.start + w > now) return false;
    PatternOccurrence occ;
    occ.onset_ms = static_cast<double>(o.start) * dt_;
    occ.pattern = o.pattern;
    occ.neuron = o.neuron;
    if (o.first_spike >= 0) occ.latency_ms = static_cast<float>(static_cast<double>(o.first_spike - o.start) * dt_);
    occurrences_.push(occ);
    return true;
  };
  open_.erase(std::remove_if(open_.begin(), open_.end(), closed), open_.end());
}

int find_pattern_input(const Network& network, int projection) {
  auto is_pattern = [&](int i) { return dynamic_cast<const PatternPopulation*>(&network.population(i)) != nullptr; };
  if (projection >= 0 && projection < network.projection_count() && is_pattern(network.projection(projection).pre()))
    return network.projection(projection).pre();
  for (int i = 0; i < network.population_count(); ++i)
    if (is_pattern(i)) return i;
  return -1;
}

}  // namespace neurosim::gui
