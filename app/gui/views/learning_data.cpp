// What the learning views read from the observations (see learning_data.hpp).
#include "gui/views/learning_data.hpp"

#include <algorithm>
#include <cmath>


namespace neurosim::gui {

namespace {

constexpr int kMaxMapSide = 160;  // cells a side: the maps are small, and this keeps refreshes cheap

double rule_param(const ScenarioFacts& facts, int projection, const char* name, double fallback) {
  if (projection < 0 || projection >= static_cast<int>(facts.projections.size())) return fallback;
  for (const ParamFact& p : facts.projections[static_cast<std::size_t>(projection)].rule_params)
    if (p.name == name) return std::isfinite(p.value) ? p.value : fallback;
  return fallback;
}

bool plastic(const ScenarioFacts& facts, int projection) {
  return projection >= 0 && projection < static_cast<int>(facts.projections.size()) &&
         !facts.projections[static_cast<std::size_t>(projection)].rule_id.empty();
}

std::pair<std::int64_t, std::uint64_t> key_of(const WeightSnapshot* w) {
  return w != nullptr ? std::make_pair(w->step, w->version) : std::make_pair(std::int64_t{-1}, std::uint64_t{0});
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

void WeightMap::fill(const WeightStructure& projection, std::span<const float> weights, std::vector<float>& out) {
  std::fill(sum.begin(), sum.end(), 0.0f);
  const auto& row_ptr = projection.row_ptr;
  const auto& col = projection.col;
  const int pre_n = std::min(pre_size, projection.pre_size);
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

const WeightSnapshot* WeightWatch::copy(const WeightSources& src, int projection) const {
  const auto it = src.copies.find(projection);
  return it == src.copies.end() || !it->second.structure ? nullptr : &it->second;
}

void WeightWatch::adopt(const WeightSources& src, int projection) {
  const auto n = src.facts.projections.size();
  start_.assign(n, {});
  start_rows_.assign(n, {});
  start_ms_per_.assign(n, src.t_ms);
  start_pending_.clear();
  for (int j = 0; j < static_cast<int>(n); ++j)
    if (plastic(src.facts, j)) start_pending_[j] = key_of(copy(src, j));  // the next copy is the start
  projection_ = -2;  // force select() to rebuild
  select(src, projection);
}

void WeightWatch::restart(const WeightSources& src) {
  std::vector<ChosenSynapse> keep = std::move(chosen_);
  adopt(src, projection_);
  chosen_ = std::move(keep);
  for (ChosenSynapse& c : chosen_) c.series.clear();
}

void WeightWatch::select(const WeightSources& src, int projection) {
  const int next = plastic(src.facts, projection) ? projection : -1;
  if (next == projection_) return;
  projection_ = next;
  chosen_.clear();
  mean_series_.clear();
  if (projection_ < 0) return;
  start_ms_ = start_ms_per_[static_cast<std::size_t>(projection_)];
  rebuild_views(src);
}

void WeightWatch::take_starts(const WeightSources& src) {
  for (auto it = start_pending_.begin(); it != start_pending_.end();) {
    const WeightSnapshot* w = copy(src, it->first);
    if (w == nullptr || key_of(w) == it->second || static_cast<std::size_t>(it->first) >= start_.size()) {
      ++it;
      continue;
    }
    const auto j = static_cast<std::size_t>(it->first);
    start_[j] = w->weights;
    start_rows_[j] = w->structure->row_ptr;
    start_ms_per_[j] = static_cast<double>(w->step) * src.facts.dt_ms;
    if (it->first == projection_) {
      start_ms_ = start_ms_per_[j];
      views_pending_ = true;  // the start views are computed again from it
    }
    it = start_pending_.erase(it);
  }
}

void WeightWatch::snapshot(const WeightSources& src) {
  if (projection_ < 0) return;
  const WeightSnapshot* w = copy(src, projection_);
  if (w == nullptr) return;
  start_[static_cast<std::size_t>(projection_)] = w->weights;
  start_rows_[static_cast<std::size_t>(projection_)] = w->structure->row_ptr;
  start_ms_ = start_ms_per_[static_cast<std::size_t>(projection_)] = src.t_ms;
  rebuild_views(src);
}

void WeightWatch::on_grown(const WeightSources& src) {
  // The copies of the grown network come later: the start snapshots move when they do (update()).
  if (start_.size() != src.facts.projections.size()) {  // not the adopted network
    adopt(src, projection_);
    return;
  }
  grown_ = true;
  views_pending_ = true;
}

void WeightWatch::move_grown(const WeightSources& src) {
  std::vector<std::int64_t> chosen_rows;  // the followed projection's row_ptr before the growth
  for (int j = 0; j < static_cast<int>(src.facts.projections.size()); ++j) {
    auto& start = start_[static_cast<std::size_t>(j)];
    auto& old_rows = start_rows_[static_cast<std::size_t>(j)];
    const WeightSnapshot* copied = copy(src, j);
    if (!plastic(src.facts, j) || old_rows.empty() || copied == nullptr) continue;
    const auto& rows = copied->structure->row_ptr;
    const auto& w = copied->weights;
    if (rows.size() == old_rows.size() && start.size() == w.size()) continue;  // this projection did not change
    const std::size_t old_pre = old_rows.size() - 1;
    // Several growths between two frames still leave the old synapses at the heads of their
    // rows; anything else is not a growth of what was snapshot, and the start is taken afresh.
    bool prefix = old_pre + 1 <= rows.size() && old_rows.back() == static_cast<std::int64_t>(start.size());
    for (std::size_t i = 0; prefix && i < old_pre; ++i) prefix = old_rows[i + 1] - old_rows[i] <= rows[i + 1] - rows[i];
    // The new synapses start at their weights in the first copy after the growth (a few steps
    // after their initial weights at most).
    std::vector<float> grown(w.begin(), w.end());
    if (prefix) {
      for (std::size_t i = 0; i < old_pre; ++i)
        std::copy(start.begin() + old_rows[i], start.begin() + old_rows[i + 1], grown.begin() + rows[i]);
    } else {
      start_ms_per_[static_cast<std::size_t>(j)] = src.t_ms;
    }
    if (j == projection_) chosen_rows = prefix ? old_rows : std::vector<std::int64_t>{};
    start = std::move(grown);
    old_rows.assign(rows.begin(), rows.end());
    if (j == projection_ && chosen_rows.empty()) chosen_.clear();  // no way to place them: follow none
  }
  if (projection_ < 0) return;
  // The followed synapses keep their histories at their new indices.
  if (!chosen_rows.empty()) {
    const auto& rows = copy(src, projection_)->structure->row_ptr;
    for (ChosenSynapse& c : chosen_)
      c.synapse = rows[static_cast<std::size_t>(c.pre)] + (c.synapse - chosen_rows[static_cast<std::size_t>(c.pre)]);
  }
  start_ms_ = start_ms_per_[static_cast<std::size_t>(projection_)];
}

void WeightWatch::rebuild_views(const WeightSources& src) {
  const WeightSnapshot* w = copy(src, projection_);
  const auto& start = start_[static_cast<std::size_t>(projection_)];
  if (w == nullptr || start.empty()) {  // waits for the copies (update())
    views_pending_ = true;
    return;
  }
  views_pending_ = false;
  const WeightStructure& p = *w->structure;
  synapses_ = p.col.size();
  pre_size_ = p.pre_size;
  post_size_ = p.post_size;
  map_.configure(p.pre_size, p.post_size, kMaxMapSide);
  for (HeatmapData* m : {&start_map_, &now_map_, &diff_map_}) {
    m->projection = projection_;
    m->rows = map_.rows;
    m->cols = map_.cols;
    m->pre_size = p.pre_size;
    m->post_size = p.post_size;
    m->exact = false;
  }
  lo_ = hi_ = std::nan("");  // refresh() reads the bounds and recomputes the start views
  refresh(src);
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

void WeightWatch::refresh(const WeightSources& src) {
  const WeightSnapshot* copied = copy(src, projection_);
  if (copied == nullptr) return;
  refreshed_ = key_of(copied);
  const WeightStructure& p = *copied->structure;
  const std::vector<float>& w = copied->weights;
  const std::vector<float>& w0 = start_[static_cast<std::size_t>(projection_)];
  // Bins over the rule's [w_min, w_max]; when the bounds change (a slider), the start histogram
  // is binned again so that the two stay comparable.
  double lo = rule_param(src.facts, projection_, "w_min", 0.0);
  double hi = rule_param(src.facts, projection_, "w_max", 1.0);
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
  mean_series_.add(static_cast<double>(copied->step) * src.facts.dt_ms, static_cast<float>(mean_now_));
  ++version_;
}

void WeightWatch::add_wants(ObserveWants& wants, double wall_dt_s, bool force) {
  for (const auto& [j, seen] : start_pending_) wants.weights.push_back(j);
  asked_synapses_.clear();
  if (projection_ < 0) return;
  age_s_ += wall_dt_s;
  if (force || age_s_ >= refresh_s || views_pending_ || pending_choice_ || grown_) {
    if (std::find(wants.weights.begin(), wants.weights.end(), projection_) == wants.weights.end()) wants.weights.push_back(projection_);
    age_s_ = 0.0;
  }
  for (const ChosenSynapse& c : chosen_) {
    wants.synapses.emplace_back(projection_, c.synapse);
    asked_synapses_.push_back(c.synapse);
  }
}

void WeightWatch::update(const WeightSources& src, const std::vector<float>& synapse_weights) {
  take_starts(src);
  // After a growth the App holds only copies of the grown network: the first one moves the starts.
  if (grown_ && (projection_ < 0 || copy(src, projection_) != nullptr)) {
    move_grown(src);
    grown_ = false;
    views_pending_ = projection_ >= 0;
  }
  if (pending_choice_ && projection_ >= 0 && copy(src, projection_) != nullptr) {
    choose_message_ = choose(src, pending_choice_->first, pending_choice_->second);
    pending_choice_.reset();
  }
  if (projection_ < 0) return;
  now_ms_ = src.t_ms;
  // The chosen synapses' weights came in the order asked (a choice since then waits a frame).
  if (synapse_weights.size() == asked_synapses_.size()) {
    for (ChosenSynapse& c : chosen_) {
      const auto at = std::find(asked_synapses_.begin(), asked_synapses_.end(), c.synapse);
      if (at == asked_synapses_.end()) continue;
      const float w = synapse_weights[static_cast<std::size_t>(at - asked_synapses_.begin())];
      if (std::isnan(w)) continue;
      c.weight = w;
      c.series.add(src.t_ms, c.weight);
    }
  }
  if (views_pending_) {
    rebuild_views(src);
    return;
  }
  if (const WeightSnapshot* w = copy(src, projection_); w != nullptr && key_of(w) != refreshed_) refresh(src);
}

const char* WeightWatch::choose(const WeightSources& src, int pre, int post) {
  if (projection_ < 0) return "no plastic projection selected";
  const WeightSnapshot* copied = copy(src, projection_);
  if (copied == nullptr) return "the weights are not observed yet";
  const WeightStructure& p = *copied->structure;
  if (pre < 0 || pre >= p.pre_size || post < 0 || post >= p.post_size) return "no such neuron pair";
  const auto& row_ptr = p.row_ptr;
  const auto& col = p.col;
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
  c.weight = copied->weights[static_cast<std::size_t>(found)];
  c.series.add(static_cast<double>(copied->step) * src.facts.dt_ms, c.weight);  // the copy's time
  chosen_.push_back(std::move(c));
  return "";
}

void WeightWatch::unchoose(std::size_t index) {
  if (index < chosen_.size()) chosen_.erase(chosen_.begin() + static_cast<std::ptrdiff_t>(index));
}

// [SECTION] LatencyTracker

void LatencyTracker::attach(const ScenarioFacts& facts, int input, int output) {
  input_ = output_ = -1;
  patterns_ = 0;
  clear();
  const int pops = static_cast<int>(facts.populations.size());
  if (input < 0 || input >= pops || output < 0 || output >= pops) return;
  const PopulationFact& source = facts.populations[static_cast<std::size_t>(input)];
  if (source.patterns <= 0 && source.model != "pattern") return;
  input_ = input;
  output_ = output;
  patterns_ = source.patterns;
  window_steps_ = static_cast<int>(std::max<std::int64_t>(1, source.pattern_window_steps));
  dt_ = facts.dt_ms;
  window_ms_ = window_steps_ * dt_;
}

void LatencyTracker::clear() {
  last_step_ = 0;
  open_.clear();
  occurrences_.clear();
  lost_ = 0;
}

void LatencyTracker::update(std::span<const PatternOnsetSeen> onsets, std::span<const SpikeEvent> spikes, std::uint64_t spikes_lost,
                            std::int64_t now) {
  if (!active()) return;
  if (now < last_step_) clear();  // reset: the stream starts again
  last_step_ = now;
  for (const PatternOnsetSeen& o : onsets)
    if (o.population == input_) open_.push_back(Open{o.step, o.pattern, -1, -1});
  const int output = output_;
  const std::int64_t w = window_steps_;
  lost_ += spikes_lost;
  for (const SpikeEvent& e : spikes) {
    if (e.population != output) continue;
    for (Open& o : open_) {
      if (o.first_spike < 0 && e.step >= o.start && e.step < o.start + w) {
        o.first_spike = e.step;
        o.neuron = e.neuron;
      }
    }
  }
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

int find_pattern_input(const ScenarioFacts& facts, int projection) {
  auto is_pattern = [&](int i) { return facts.populations[static_cast<std::size_t>(i)].model == "pattern"; };
  if (projection >= 0 && projection < static_cast<int>(facts.projections.size()) && is_pattern(facts.projections[static_cast<std::size_t>(projection)].pre))
    return facts.projections[static_cast<std::size_t>(projection)].pre;
  for (int i = 0; i < static_cast<int>(facts.populations.size()); ++i)
    if (is_pattern(i)) return i;
  return -1;
}

}  // namespace neurosim::gui
