#include "neurosim/projection.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <type_traits>

#include "huge_pages.hpp"

namespace neurosim {

Projection::Projection(std::string name, int pre, int post, int pre_size, int post_size, Receptor receptor)
    : name_(std::move(name)), pre_(pre), post_(post), pre_size_(pre_size), post_size_(post_size), receptor_(receptor),
      row_ptr_(static_cast<std::size_t>(pre_size) + 1, 0) {}

void Projection::set_structure(std::vector<std::int64_t> row_ptr, std::vector<std::int32_t> col) {
  row_ptr_ = std::move(row_ptr);
  col_ = std::move(col);
  std::vector<std::uint16_t>().swap(col16_);
  narrow_ = false;
  set_equal_weights(0.0f);  // the array comes the first time weights() is asked for it
  delay_.clear();
  check_rows_sorted();
}

void Projection::set_equal_weights(float w) {
  std::vector<float>().swap(weight_);
  common_weight_ = w;
  weight_common_ = true;
}

// [SECTION] Compact storage
void Projection::compact() {
  static_ = true;
  const std::size_t n = synapse_count();
  if (n == 0) return;
  if (!weight_common_ && weight_.size() == n) {
    // Equal bit for bit (+0 and -0 differ): the common value adds exactly what each would.
    const auto first = std::bit_cast<std::uint32_t>(weight_.front());
    if (std::all_of(weight_.begin(), weight_.end(), [first](float x) { return std::bit_cast<std::uint32_t>(x) == first; })) {
      common_weight_ = weight_.front();
      weight_common_ = true;
      std::vector<float>().swap(weight_);
    }
  }
  constexpr std::int32_t kNarrowLimit = std::numeric_limits<std::uint16_t>::max();
  if (!narrow_ && col_.size() == n && post_size_ <= kNarrowLimit + 1 &&
      std::all_of(col_.begin(), col_.end(), [](std::int32_t c) { return c >= 0 && c <= kNarrowLimit; })) {
    std::vector<std::uint16_t> narrow;
    detail::reserve_huge(narrow, n);
    narrow.assign(col_.begin(), col_.end());
    col16_ = std::move(narrow);
    narrow_ = true;
    std::vector<std::int32_t>().swap(col_);
  }
}

void Projection::expand_targets() {
  if (!narrow_) return;
  std::vector<std::int32_t> wide;
  detail::reserve_huge(wide, col16_.size());
  wide.assign(col16_.begin(), col16_.end());
  col_ = std::move(wide);
  std::vector<std::uint16_t>().swap(col16_);
  narrow_ = false;
}

void Projection::expand_weights() {
  if (!weight_common_) return;
  std::vector<float> each;
  detail::reserve_huge(each, synapse_count());
  each.assign(synapse_count(), common_weight_);
  weight_ = std::move(each);
  weight_common_ = false;
}

std::span<float> Projection::weights() {
  expand_weights();
  return weight_;
}

std::span<const std::int32_t> Projection::wide_col() {
  expand_targets();
  return col_;
}

template <class F>
decltype(auto) Projection::with_storage(F&& f) const {
  const float* w = weight_common_ ? nullptr : weight_.data();
  if (narrow_) {
    if (weight_common_) return f(col16_.data(), w, std::true_type{});
    return f(col16_.data(), w, std::false_type{});
  }
  if (weight_common_) return f(col_.data(), w, std::true_type{});
  return f(col_.data(), w, std::false_type{});
}

void Projection::check_rows_sorted() {
  ++structure_version_;  // every change of connectivity passes here: a split made before is stale
  rows_sorted_ = with_storage([&](const auto* col, const float*, auto) {
    for (std::size_t pre = 0; pre + 1 < row_ptr_.size(); ++pre)
      if (std::adjacent_find(col + row_ptr_[pre], col + row_ptr_[pre + 1], [](auto a, auto b) { return a >= b; }) != col + row_ptr_[pre + 1])
        return false;
    return true;
  });
  // Rows that are all single runs of consecutive targets (all-to-all, dense blocks): delivery
  // reads only the first and last target of each, and so does the prefetch.
  rows_are_runs_ = rows_sorted_ && with_storage([&](const auto* col, const float*, auto) {
    for (std::size_t pre = 0; pre + 1 < row_ptr_.size(); ++pre) {
      const std::int64_t begin = row_ptr_[pre], end = row_ptr_[pre + 1];
      if (begin < end && (end - begin < kMinRun || col[end - 1] - col[begin] != end - begin - 1)) return false;
    }
    return true;
  });
}

void Projection::set_uniform_delay(int steps) {
  uniform_delay_ = std::max(0, steps);
  max_delay_ = uniform_delay_;
  min_delay_ = uniform_delay_;
  delay_.clear();
}

void Projection::set_delays(std::vector<std::uint16_t> steps) {
  delay_ = std::move(steps);
  find_delay_range();
}

void Projection::find_delay_range() {
  if (delay_.empty()) {
    max_delay_ = min_delay_ = uniform_delay_;
    return;
  }
  max_delay_ = 0;
  min_delay_ = static_cast<int>(delay_.front());
  for (const auto d : delay_) {
    max_delay_ = std::max<int>(max_delay_, d);
    min_delay_ = std::min<int>(min_delay_, d);
  }
}

void Projection::regrow(int pre_size, int post_size, std::vector<std::int64_t> row_ptr, std::vector<std::int32_t> col,
                        std::vector<float> weight, std::vector<std::uint16_t> delays) {
  pre_size_ = pre_size;
  post_size_ = post_size;
  row_ptr_ = std::move(row_ptr);
  col_ = std::move(col);
  std::vector<std::uint16_t>().swap(col16_);
  narrow_ = false;
  weight_ = std::move(weight);
  weight_common_ = false;
  check_rows_sorted();
  if (!delays.empty()) set_delays(std::move(delays));
  if (has_transpose()) build_transpose();
  if (static_) compact();
}

namespace {

// scale x w added to t: one rounding (a fused multiply-add) where the CPU has FMA, as the
// compiler contracts `t += scale * w` there anyway, else a product, then a sum. Every delivery
// loop adds through this one function, with a weight per synapse or a common one, so a compact
// projection delivers the same sums bit for bit as the full form, whatever the compiler's
// contraction settings.
[[gnu::always_inline]] inline float add_scaled(float t, float scale, float w) {
#if defined(__FMA__)
  return std::fma(scale, w, t);
#else
  return t + scale * w;
#endif
}

// Adds scale x w[k] (or x common, kCommon) to target[col[k]] for the synapses [begin, end) of a
// row, in order. In a projection whose rows ascend strictly, a row whose first and last targets
// are as far apart as it is long is one run of consecutive neurons (all-to-all, a dense block):
// a contiguous multiply-add that vectorises. It performs the same operations on the same values,
// so the sums are the same bit for bit as the indexed loop's.
template <bool kCommon, class Index>
[[gnu::always_inline]] inline void deliver(float* __restrict target, const Index* __restrict col, const float* __restrict w, float common,
                                          float scale, std::int64_t begin, std::int64_t end, bool ascending) {
  if (ascending && end - begin >= Projection::kMinRun && col[end - 1] - col[begin] == end - begin - 1) {
    float* __restrict t = target + col[begin];
    const std::int64_t n = end - begin;
    if constexpr (kCommon) {
      for (std::int64_t i = 0; i < n; ++i) t[i] = add_scaled(t[i], scale, common);
    } else {
      const float* __restrict wk = w + begin;
      for (std::int64_t i = 0; i < n; ++i) t[i] = add_scaled(t[i], scale, wk[i]);
    }
    return;
  }
  if constexpr (kCommon) {
    for (std::int64_t k = begin; k < end; ++k) target[col[k]] = add_scaled(target[col[k]], scale, common);
  } else {
    for (std::int64_t k = begin; k < end; ++k) target[col[k]] = add_scaled(target[col[k]], scale, w[k]);
  }
}

// One synapse into a slot of its own delay.
template <bool kCommon>
[[gnu::always_inline]] inline void deliver_one(float& t, const float* w, float common, float scale, std::int64_t k) {
  t = add_scaled(t, scale, kCommon ? common : w[k]);
}

// The prefetch helpers are always inlined: GCC takes a function that only prefetches for one
// without side effects and drops every call to it (then no row was prefetched at all).
//
// The rows of a step's spikes lie far apart in large projections, each a cache miss, and a step
// has few spikes: rather than meet the misses one after another, ask for the row pointers of a
// batch of spikes, then for the start of each of their rows (the hardware prefetcher follows a
// row once it is being read), then deliver the batch.
// Only projections too large for the caches gain (below that the extra pass costs more than
// the misses it hides: 1,000 one-synapse rows of song2000-stdp).
constexpr std::size_t kPrefetchBatch = 16;
constexpr std::size_t kPrefetchMinSynapses = std::size_t{1} << 16;
template <bool kCommon, class Index>
[[gnu::always_inline]] inline void prefetch_rows(const std::int64_t* row_ptr, const Index* col, const float* w, std::span<const int> spikes) {
  for (const int pre : spikes) __builtin_prefetch(row_ptr + pre);
  for (const int pre : spikes) {
    const std::int64_t k = row_ptr[pre];
    __builtin_prefetch(col + k);
    __builtin_prefetch(col + k + 64 / sizeof(Index));
    if constexpr (!kCommon) {
      __builtin_prefetch(w + k);
      __builtin_prefetch(w + k + 16);
    }
  }
}

// Asks for the cache line holding *at without waiting for it. An asm statement on x86, which
// the compiler must keep: GCC judges a function whose only effect is __builtin_prefetch free of
// side effects and drops every call to it (so ask_for_rows, through its lambdas, did nothing).
[[gnu::always_inline]] inline void ask_for_line(const void* at) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(at)));
#else
  __builtin_prefetch(at);
#endif
}

// The lines of one run [begin, end) asked for (ask_for_rows): a run that is one block of
// consecutive targets needs only its first and last targets (the rest would be a third of
// izhikevich2003's delivery traffic); otherwise every line of its targets and weights, up to
// kRunLinesAsked of each, after which the hardware prefetcher is following the run.
constexpr std::int64_t kRunLinesAsked = 8;
template <class Index>
[[gnu::always_inline]] inline void ask_for_run(const Index* col, const float* w, const std::uint16_t* delay, std::int64_t begin, std::int64_t end,
                                               bool block) {
  if (end <= begin) return;
  const auto ask_lines = [begin, end](const auto* at) {
    constexpr std::int64_t kPerLine = 64 / static_cast<std::int64_t>(sizeof(*at));
    const std::int64_t stop = std::min(end, begin + kRunLinesAsked * kPerLine);
    for (std::int64_t k = begin; k < stop; k += kPerLine) ask_for_line(at + k);
    ask_for_line(at + end - 1);
  };
  if (block) {
    ask_for_line(col + begin);
    ask_for_line(col + end - 1);
  } else {
    ask_lines(col);
  }
  if (w != nullptr) ask_lines(w);
  if (delay != nullptr) ask_lines(delay);
}

// Where each spiking row's run lies, for propagate_runs: whole rows or one thread's runs of them
// (row_ptr_ or part_ptr_: [at[pre * stride], at[pre * stride + 1])), or a thread's own table of
// 32-bit pairs (part_runs_), or of packed words (part_packed_).
struct StridedRuns {
  const std::int64_t* at;
  std::size_t stride;
  const void* entry(int pre) const { return at + static_cast<std::size_t>(pre) * stride; }
  std::int64_t begin(int pre) const { return at[static_cast<std::size_t>(pre) * stride]; }
  std::int64_t end(int pre) const { return at[static_cast<std::size_t>(pre) * stride + 1]; }
};
struct PackedRuns {
  const std::uint32_t* at;
  const void* entry(int pre) const { return at + pre; }
  std::int64_t begin(int pre) const { return at[pre] >> 8; }
  std::int64_t end(int pre) const { return (at[pre] >> 8) + (at[pre] & 0xffu); }
};
struct PairRuns {
  const std::uint32_t* pairs;
  const void* entry(int pre) const { return pairs + 2 * static_cast<std::size_t>(pre); }
  std::int64_t begin(int pre) const { return pairs[2 * static_cast<std::size_t>(pre)]; }
  std::int64_t end(int pre) const { return pairs[2 * static_cast<std::size_t>(pre) + 1]; }
};

}  // namespace

int Projection::pre_of(std::size_t synapse) const {
  const auto it = std::upper_bound(row_ptr_.begin(), row_ptr_.end(), static_cast<std::int64_t>(synapse));
  return static_cast<int>(it - row_ptr_.begin()) - 1;
}

std::size_t Projection::memory_bytes() const {
  return row_ptr_.size() * sizeof(std::int64_t) + col_.size() * sizeof(std::int32_t) + col16_.size() * sizeof(std::uint16_t) +
         weight_.size() * sizeof(float) + delay_.size() * sizeof(std::uint16_t) +
         col_ptr_.size() * sizeof(std::int64_t) + t_pre_.size() * sizeof(std::int32_t) +
         t_syn_.size() * sizeof(std::int64_t);
  // Not the split's row starts (part_ptr_, part_runs_, part_packed_): they belong to the threads stepping now, like their
  // spike lists, and a result file reports the same synapse storage for any thread count.
}

void Projection::normalise_incoming(float total, std::vector<float>& scratch) {
  scratch.assign(static_cast<std::size_t>(post_size_), 0.0f);
  const std::span<float> w = weights();
  const TargetView col = this->col();
  const std::size_t n = w.size();
  for (std::size_t k = 0; k < n; ++k) scratch[static_cast<std::size_t>(col[k])] += w[k];
  // The sums become factors; float sums of a few hundred values in [0, 1] are exact to 1e-5.
  for (float& f : scratch) f = f > 0.0f ? total / f : 1.0f;
  for (std::size_t k = 0; k < n; ++k) w[k] *= scratch[static_cast<std::size_t>(col[k])];
}

void Projection::build_transpose() {
  const TargetView col = this->col();
  col_ptr_.assign(static_cast<std::size_t>(post_size_) + 1, 0);
  for (const int c : col) ++col_ptr_[static_cast<std::size_t>(c) + 1];
  for (std::size_t j = 0; j < static_cast<std::size_t>(post_size_); ++j) col_ptr_[j + 1] += col_ptr_[j];
  t_pre_.resize(col.size());
  t_syn_.resize(col.size());
  std::vector<std::int64_t> fill(col_ptr_.begin(), col_ptr_.end() - 1);
  // Rows are visited in order, so each column lists its synapses by ascending presynaptic neuron.
  for (int pre = 0; pre < pre_size_; ++pre) {
    for (std::int64_t k = row_ptr_[static_cast<std::size_t>(pre)]; k < row_ptr_[static_cast<std::size_t>(pre) + 1]; ++k) {
      const auto slot = static_cast<std::size_t>(fill[static_cast<std::size_t>(col[static_cast<std::size_t>(k)])]++);
      t_pre_[slot] = pre;
      t_syn_[slot] = k;
    }
  }
}

std::size_t Projection::propagate(std::span<const int> spikes, std::int64_t step, const InputTarget& into) const {
  if (!enabled_) return 0;
  return propagate_runs(spikes, step, into, StridedRuns{row_ptr_.data(), 1}, rows_sorted_);
}

// The whole row (row_ptr_) or one thread's part of it (part_ptr_, part_runs_, part_packed_).
template <class Runs>
std::size_t Projection::propagate_runs(std::span<const int> spikes, std::int64_t step, const InputTarget& into, const Runs& runs, bool sorted) const {
  const bool excitatory = receptor_ == Receptor::Excitatory;
  const float scale = weight_scale_;
  const float common = common_weight_;
  return with_storage([&](const auto* __restrict col, const float* __restrict w, auto common_tag) -> std::size_t {
    constexpr bool kCommon = decltype(common_tag)::value;
    std::size_t events = 0;
    if (delay_.empty()) {
      // Every synapse lands in the same slot: one pointer for the whole batch. The caller has
      // asked for the runs (ask_for_bounds, ask_for_rows).
      float* __restrict target = excitatory ? into.exc_after(step, uniform_delay_) : into.inh_after(step, uniform_delay_);
      for (std::size_t i = 0; i < spikes.size(); ++i) {
        const std::int64_t begin = runs.begin(spikes[i]);
        const std::int64_t end = runs.end(spikes[i]);
        deliver<kCommon>(target, col, w, common, scale, begin, end, sorted);
        events += static_cast<std::size_t>(end - begin);
      }
      return events;
    }
    if (!spikes.empty()) into.mark_delays(step, min_delay_, max_delay_);
    for (const int pre : spikes) {
      const std::int64_t begin = runs.begin(pre);
      const std::int64_t end = runs.end(pre);
      for (std::int64_t k = begin; k < end; ++k) {
        float* slot = excitatory ? into.exc_marked(step, delay_[static_cast<std::size_t>(k)])
                                 : into.inh_marked(step, delay_[static_cast<std::size_t>(k)]);
        deliver_one<kCommon>(slot[col[k]], w, common, scale, k);
      }
      events += static_cast<std::size_t>(end - begin);
    }
    return events;
  });
}


std::size_t Projection::propagate_range(std::span<const int> spikes, std::int64_t step, const InputTarget& into, int first, int last) const {
  if (!enabled_ || first >= last) return 0;
  const bool excitatory = receptor_ == Receptor::Excitatory;
  const float scale = weight_scale_;
  const float common = common_weight_;
  const bool far = synapse_count() >= kPrefetchMinSynapses;
  const bool filter = !rows_sorted_;
  return with_storage([&](const auto* __restrict col, const float* __restrict w, auto common_tag) -> std::size_t {
    constexpr bool kCommon = decltype(common_tag)::value;
    std::size_t events = 0;
    // The synapses of row `pre` onto [first, last): a sub-range of the row when it is sorted.
    const auto part = [&](int pre, std::int64_t& begin, std::int64_t& end) {
      begin = row_ptr_[static_cast<std::size_t>(pre)];
      end = row_ptr_[static_cast<std::size_t>(pre) + 1];
      if (!rows_sorted_) return;
      begin = std::lower_bound(col + begin, col + end, first) - col;
      end = std::lower_bound(col + begin, col + end, last) - col;
    };
    if (delay_.empty()) {
      float* __restrict target = excitatory ? into.exc_after(step, uniform_delay_) : into.inh_after(step, uniform_delay_);
      for (std::size_t i = 0; i < spikes.size(); ++i) {
        if (far && i % kPrefetchBatch == 0)
          prefetch_rows<kCommon>(row_ptr_.data(), col, w, spikes.subspan(i, std::min(kPrefetchBatch, spikes.size() - i)));
        const int pre = spikes[i];
        std::int64_t begin, end;
        part(pre, begin, end);
        if (filter) {
          for (std::int64_t k = begin; k < end; ++k)
            if (col[k] >= first && col[k] < last) {
              deliver_one<kCommon>(target[col[k]], w, common, scale, k);
              ++events;
            }
          continue;
        }
        deliver<kCommon>(target, col, w, common, scale, begin, end, rows_sorted_);
        events += static_cast<std::size_t>(end - begin);
      }
      return events;
    }
    if (!spikes.empty()) into.mark_delays(step, min_delay_, max_delay_);
    for (const int pre : spikes) {
      std::int64_t begin, end;
      part(pre, begin, end);
      for (std::int64_t k = begin; k < end; ++k) {
        if (filter && (col[k] < first || col[k] >= last)) continue;
        float* slot = excitatory ? into.exc_marked(step, delay_[static_cast<std::size_t>(k)])
                                 : into.inh_marked(step, delay_[static_cast<std::size_t>(k)]);
        deliver_one<kCommon>(slot[col[k]], w, common, scale, k);
        ++events;
      }
    }
    return events;
  });
}

void Projection::split_targets(std::span<const int> bounds) {
  split_bounds_.assign(bounds.begin(), bounds.end());
  split_version_ = structure_version_;
  part_ptr_.clear();
  part_runs_.clear();
  part_packed_.clear();
  // Unsorted rows, or bounds that do not cover every target: propagate_part filters instead.
  if (!rows_sorted_ || bounds.size() < 2 || bounds.front() != 0 || bounds.back() < post_size_ ||
      !std::is_sorted(bounds.begin(), bounds.end())) {
    part_ptr_.shrink_to_fit();
    part_runs_.shrink_to_fit();
    part_packed_.shrink_to_fit();
    return;
  }
  const std::size_t parts = bounds.size() - 1;
  const bool narrow = synapse_count() <= narrow_runs_limit;
  if (narrow) {
    part_runs_.resize(parts);
    for (auto& table : part_runs_) table.resize(2 * static_cast<std::size_t>(pre_size_));
  } else {
    part_ptr_.resize(static_cast<std::size_t>(pre_size_) * parts + 1);
  }
  // A row's run onto part t starts at its first target at or above bounds[t], and ends where the
  // next part's starts (the last at the row's end).
  with_storage([&](const auto* col, const float*, auto) {
    for (std::size_t pre = 0; pre < static_cast<std::size_t>(pre_size_); ++pre) {
      const auto* begin = col + row_ptr_[pre];
      const auto* end = col + row_ptr_[pre + 1];
      for (std::size_t t = 0; t < parts; ++t) {
        begin = std::lower_bound(begin, end, bounds[t]);
        if (!narrow) {
          part_ptr_[pre * parts + t] = begin - col;
          continue;
        }
        part_runs_[t][2 * pre] = static_cast<std::uint32_t>(begin - col);
        if (t > 0) part_runs_[t - 1][2 * pre + 1] = static_cast<std::uint32_t>(begin - col);
      }
      if (narrow) part_runs_[parts - 1][2 * pre + 1] = static_cast<std::uint32_t>(end - col);
    }
    return 0;
  });
  if (!narrow) part_ptr_.back() = static_cast<std::int64_t>(synapse_count());
  pack_runs();
}

// part_runs_ as part_packed_ where every run fits (see part_packed_).
void Projection::pack_runs() {
  part_packed_.clear();
  if (part_runs_.empty() || synapse_count() > packed_runs_limit) return;
  constexpr std::uint32_t kMaxLength = 0xff;
  for (const auto& table : part_runs_)
    for (std::size_t i = 0; i < table.size(); i += 2)
      if (table[i + 1] - table[i] > kMaxLength) return;
  part_packed_.resize(part_runs_.size());
  for (std::size_t t = 0; t < part_runs_.size(); ++t) {
    const std::vector<std::uint32_t>& pairs = part_runs_[t];
    std::vector<std::uint32_t>& packed = part_packed_[t];
    packed.resize(pairs.size() / 2);
    for (std::size_t pre = 0; pre < packed.size(); ++pre) packed[pre] = pairs[2 * pre] << 8 | (pairs[2 * pre + 1] - pairs[2 * pre]);
  }
  part_runs_.clear();
  part_runs_.shrink_to_fit();
}

bool Projection::split_matches(std::span<const int> bounds) const {
  return split_version_ == structure_version_ && std::equal(bounds.begin(), bounds.end(), split_bounds_.begin(), split_bounds_.end());
}

std::size_t Projection::propagate_part(std::span<const int> spikes, std::int64_t step, const InputTarget& into, int part) const {
  const auto t = static_cast<std::size_t>(part);
  if (!part_packed_.empty()) return enabled_ ? propagate_runs(spikes, step, into, PackedRuns{part_packed_[t].data()}, true) : 0;
  if (!part_runs_.empty()) return enabled_ ? propagate_runs(spikes, step, into, PairRuns{part_runs_[t].data()}, true) : 0;
  if (part_ptr_.empty()) return propagate_range(spikes, step, into, split_bounds_[t], split_bounds_[t + 1]);
  if (!enabled_) return 0;
  return propagate_runs(spikes, step, into, StridedRuns{part_ptr_.data() + t, split_bounds_.size() - 1}, true);
}

template <class F>
void Projection::with_runs(int part, F&& f) const {
  if (part == kWholeRows || (part_packed_.empty() && part_runs_.empty() && part_ptr_.empty())) {
    f(StridedRuns{row_ptr_.data(), 1}, part == kWholeRows ? rows_sorted_ : false);
    return;
  }
  const auto t = static_cast<std::size_t>(part);
  if (!part_packed_.empty()) f(PackedRuns{part_packed_[t].data()}, true);
  else if (!part_runs_.empty()) f(PairRuns{part_runs_[t].data()}, true);
  else f(StridedRuns{part_ptr_.data() + t, split_bounds_.size() - 1}, true);
}

void Projection::ask_for_bounds(std::span<const int> spikes, int part) const {
  if (!enabled_ || synapse_count() < ask_min_synapses) return;
  with_runs(part, [&](const auto& runs, bool) {
    for (const int pre : spikes) ask_for_line(runs.entry(pre));
  });
}

void Projection::ask_for_rows(std::span<const int> spikes, int part) const {
  if (!enabled_ || synapse_count() < ask_min_synapses) return;
  const std::uint16_t* delay = delay_.empty() ? nullptr : delay_.data();
  with_runs(part, [&](const auto& runs, bool sorted) {
    const bool block = rows_are_runs_ && sorted;
    with_storage([&](const auto* col, const float* w, auto) {
      for (const int pre : spikes) ask_for_run(col, w, delay, runs.begin(pre), runs.end(pre), block);
    });
  });
}

void Projection::block_average(int rows, int cols, std::vector<float>& out, float& w_min, float& w_max) const {
  rows = std::max(1, std::min(rows, pre_size_));
  cols = std::max(1, std::min(cols, post_size_));
  out.assign(static_cast<std::size_t>(rows) * cols, 0.0f);
  w_min = std::numeric_limits<float>::infinity();
  w_max = -std::numeric_limits<float>::infinity();
  const TargetView col = this->col();
  const WeightView weight = weights();
  for (int pre = 0; pre < pre_size_; ++pre) {
    const int r = static_cast<int>(static_cast<std::int64_t>(pre) * rows / pre_size_);
    for (std::int64_t k = row_ptr_[static_cast<std::size_t>(pre)]; k < row_ptr_[static_cast<std::size_t>(pre) + 1]; ++k) {
      const int c = static_cast<int>(static_cast<std::int64_t>(col[static_cast<std::size_t>(k)]) * cols / post_size_);
      const float w = weight[static_cast<std::size_t>(k)];
      out[static_cast<std::size_t>(r) * cols + c] += w;
      w_min = std::min(w_min, w);
      w_max = std::max(w_max, w);
    }
  }
  // Each block covers (pre_size/rows) x (post_size/cols) possible synapses.
  for (int r = 0; r < rows; ++r) {
    const std::int64_t r0 = (static_cast<std::int64_t>(r) * pre_size_ + rows - 1) / rows;
    const std::int64_t r1 = (static_cast<std::int64_t>(r + 1) * pre_size_ + rows - 1) / rows;
    for (int c = 0; c < cols; ++c) {
      const std::int64_t c0 = (static_cast<std::int64_t>(c) * post_size_ + cols - 1) / cols;
      const std::int64_t c1 = (static_cast<std::int64_t>(c + 1) * post_size_ + cols - 1) / cols;
      const auto cells = static_cast<float>(std::max<std::int64_t>(1, (r1 - r0) * (c1 - c0)));
      out[static_cast<std::size_t>(r) * cols + c] /= cells;
    }
  }
  if (col.empty()) w_min = w_max = 0.0f;
}

}  // namespace neurosim
