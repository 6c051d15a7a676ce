#pragma once
// Synapses from one population to another in compressed sparse rows by presynaptic neuron
// (row_ptr, col, weight; further per-synapse arrays are indexed like weight). A synapse with the
// projection's common delay costs 8 bytes: a 4-byte target and a 4-byte weight. A static
// projection (no learning rule) is stored smaller where it can be (compact()): 2-byte targets
// when its target population has at most 65,536 neurons, and no weight array when every weight
// is the same; anything that changes a weight through weights() gets the array back first.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "neurosim/input_ring.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim {

enum class Receptor { Excitatory, Inhibitory };

// A read-only sequence of per-synapse values whatever their storage: element k is
// View::operator[](k). Random-access iterators (values, not references), so that copies into
// vectors, std::find, std::ranges::equal and range-for read it as they read a span.
template <class View, class T>
class SynapseValueIterator {
 public:
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  using iterator_concept = std::random_access_iterator_tag;
  // Values, not references, as std::vector<bool>'s iterators: still random access, so that a
  // copy into a vector sizes it once.
  using iterator_category = std::random_access_iterator_tag;
  SynapseValueIterator() = default;
  SynapseValueIterator(const View* view, std::ptrdiff_t at) : view_(view), at_(at) {}
  T operator*() const { return (*view_)[static_cast<std::size_t>(at_)]; }
  T operator[](difference_type n) const { return (*view_)[static_cast<std::size_t>(at_ + n)]; }
  SynapseValueIterator& operator++() { ++at_; return *this; }
  SynapseValueIterator operator++(int) { auto old = *this; ++at_; return old; }
  SynapseValueIterator& operator--() { --at_; return *this; }
  SynapseValueIterator operator--(int) { auto old = *this; --at_; return old; }
  SynapseValueIterator& operator+=(difference_type n) { at_ += n; return *this; }
  SynapseValueIterator& operator-=(difference_type n) { at_ -= n; return *this; }
  friend SynapseValueIterator operator+(SynapseValueIterator it, difference_type n) { return it += n; }
  friend SynapseValueIterator operator+(difference_type n, SynapseValueIterator it) { return it += n; }
  friend SynapseValueIterator operator-(SynapseValueIterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(const SynapseValueIterator& a, const SynapseValueIterator& b) { return a.at_ - b.at_; }
  friend bool operator==(const SynapseValueIterator& a, const SynapseValueIterator& b) { return a.at_ == b.at_; }
  friend auto operator<=>(const SynapseValueIterator& a, const SynapseValueIterator& b) { return a.at_ <=> b.at_; }

 private:
  const View* view_ = nullptr;
  std::ptrdiff_t at_ = 0;
};

// What every per-synapse view has: its length and its iterators (View supplies operator[]).
template <class View, class T>
class SynapseValues {
 public:
  using value_type = T;
  using iterator = SynapseValueIterator<View, T>;
  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  iterator begin() const { return {static_cast<const View*>(this), 0}; }
  iterator end() const { return {static_cast<const View*>(this), static_cast<std::ptrdiff_t>(n_)}; }

 protected:
  explicit SynapseValues(std::size_t n) : n_(n) {}

 private:
  std::size_t n_;
};

// The post-synaptic neuron of each synapse, stored in 4 or 2 bytes.
class TargetView : public SynapseValues<TargetView, std::int32_t> {
 public:
  TargetView(const std::int32_t* wide, const std::uint16_t* narrow, std::size_t n) : SynapseValues(n), wide_(wide), narrow_(narrow) {}
  int operator[](std::size_t k) const { return narrow_ ? static_cast<int>(narrow_[k]) : wide_[k]; }

 private:
  const std::int32_t* wide_;
  const std::uint16_t* narrow_;  // not null: the 2-byte form
};

// The weight of each synapse: an array, or one value that every synapse has.
class WeightView : public SynapseValues<WeightView, float> {
 public:
  WeightView(const float* each, float common, std::size_t n) : SynapseValues(n), each_(each), common_(common) {}
  float operator[](std::size_t k) const { return each_ ? each_[k] : common_; }
  const float* each() const { return each_; }  // null: every synapse weighs common()
  float common() const { return common_; }

 private:
  const float* each_;  // null: every synapse weighs common_
  float common_;
};

class Projection {
 public:
  Projection(std::string name, int pre, int post, int pre_size, int post_size, Receptor receptor);

  const std::string& name() const { return name_; }
  void rename(std::string name) { name_ = std::move(name); }  // the editor's RenameElement
  int pre() const { return pre_; }    // population index in the network
  int post() const { return post_; }
  int pre_size() const { return pre_size_; }
  int post_size() const { return post_size_; }
  // New population indices after populations before them were added or removed (the editor).
  void renumber(int pre, int post) {
    pre_ = pre;
    post_ = post;
  }
  Receptor receptor() const { return receptor_; }
  std::size_t synapse_count() const { return row_ptr_.empty() ? 0 : static_cast<std::size_t>(row_ptr_.back()); }

  // [SECTION] Live controls (Network's SetProjection, between steps)
  // weight_scale is a gain applied at delivery: a spike delivers weight_scale x w, whatever w is
  // now (learned weights included); the stored weights are not rescaled, so a scale of 1
  // restores the delivered input exactly. A disabled projection delivers nothing.
  float weight_scale() const { return weight_scale_; }
  void set_weight_scale(float scale) { weight_scale_ = scale; }
  bool enabled() const { return enabled_; }
  void set_enabled(bool on) { enabled_ = on; }
  void set_receptor(Receptor r) { receptor_ = r; }

  // [SECTION] Construction (before the first step)
  // Takes rows already grouped by presynaptic neuron: row_ptr has pre_size + 1 entries.
  void set_structure(std::vector<std::int64_t> row_ptr, std::vector<std::int32_t> col);
  // The weights to change: a compact projection's common weight becomes an array first (and
  // stays one), so that whatever is written is what delivery uses. After set_structure() every
  // weight is 0.
  std::span<float> weights();
  // Every synapse weighs w, held as one value (no array until weights() asks for one).
  void set_equal_weights(float w);
  WeightView weights() const { return {weight_common_ ? nullptr : weight_.data(), common_weight_, synapse_count()}; }
  // Delays in steps. 0 delivers in the step the spike was sent (input_ring.hpp's now buffer):
  // the target's V feels it one step later, a delay of d >= 1 steps d + 1 steps later.
  void set_uniform_delay(int steps);
  // Per-synapse delays in steps (each >= 0); replaces the common delay.
  void set_delays(std::vector<std::uint16_t> steps);
  int max_delay_steps() const { return max_delay_; }
  // 0 when some synapse delivers in the step its spike was sent.
  int min_delay_steps() const { return min_delay_; }
  bool has_per_synapse_delays() const { return !delay_.empty(); }
  int delay_steps(std::size_t synapse) const { return delay_.empty() ? uniform_delay_ : delay_[synapse]; }

  // [SECTION] Access
  std::span<const std::int64_t> row_ptr() const { return row_ptr_; }
  TargetView col() const { return {col_.data(), narrow_ ? col16_.data() : nullptr, synapse_count()}; }
  // The targets as 4-byte indices, for a learning rule's loops: the 2-byte form is widened first.
  std::span<const std::int32_t> wide_col();
  // The post-synaptic neuron of synapse k and its pre-synaptic neuron (by binary search).
  int pre_of(std::size_t synapse) const;
  // Bytes of synapse storage (connectivity, weights, delays, transpose index).
  std::size_t memory_bytes() const;

  // [SECTION] Compact storage (static projections, after construction)
  // Stores the targets in 2 bytes when the target population has at most 65,536 neurons, and
  // drops the weight array when every weight is the same (bit for bit); delivery then adds the
  // same values in the same order, so spikes are bit-identical either way. The projection is
  // marked static: a restore or growth compacts again. weights() and wide_col() undo it.
  void compact();
  bool compact_targets() const { return narrow_; }
  bool common_weight() const { return weight_common_; }

  // [SECTION] Transpose index (Auryn's DuplexConnection), built for plastic projections: the
  // synapses onto each postsynaptic neuron, so that a postsynaptic spike reaches them in O(column).
  void build_transpose();
  bool has_transpose() const { return !col_ptr_.empty(); }
  std::span<const std::int64_t> col_ptr() const { return col_ptr_; }         // post_size + 1
  std::span<const std::int32_t> transpose_pre() const { return t_pre_; }     // presynaptic neuron
  std::span<const std::int64_t> transpose_synapse() const { return t_syn_; } // index into weights

  // [SECTION] Growth (between steps, when a population gains neurons)
  // Replaces the structure by a larger one of pre_size x post_size neurons, laid out as for
  // set_structure(), with a weight for every synapse and per-synapse delays (empty: the common
  // delay stays). The transpose index is built again when there is one.
  void regrow(int pre_size, int post_size, std::vector<std::int64_t> row_ptr, std::vector<std::int32_t> col,
              std::vector<float> weight, std::vector<std::uint16_t> delays);

  // [SECTION] Weight normalisation (Diehl & Cook 2015: before each training image)
  // Scales the weights onto each postsynaptic neuron so that they sum to `total`. A neuron whose
  // incoming weights sum to zero (or less) keeps them: there is nothing to scale. `scratch` holds
  // one sum per postsynaptic neuron (sized here, so that a caller can reuse it without
  // allocating). Two contiguous sweeps over the weights, no transpose index needed.
  void normalise_incoming(float total, std::vector<float>& scratch);

  // [SECTION] Step
  // Delivers the spikes of presynaptic neurons sent at `step` into the target's input ring (and
  // zero-delay ones where the target takes them, input_ring.hpp's InputTarget).
  // Returns the number of synaptic events (one per synapse reached).
  std::size_t propagate(std::span<const int> spikes, std::int64_t step, const InputTarget& into) const;
  // The same for the targets in [first, last) only: several threads each deliver into their own
  // targets, and every target receives its inputs in the same order as from propagate(), so the
  // sums are the same bit for bit. Returns the events delivered into the range.
  std::size_t propagate_range(std::span<const int> spikes, std::int64_t step, const InputTarget& into, int first, int last) const;
  // Whether every row lists its targets in ascending order without repeats (then a range of
  // targets is found by binary search in each row, else each row is filtered).
  bool rows_sorted() const { return rows_sorted_; }
  // A sorted row of at least this many synapses onto consecutive targets is delivered as one
  // contiguous multiply-add.
  static constexpr std::int64_t kMinRun = 8;

  // [SECTION] Targets split among threads (Network::set_threads)
  // `bounds` (parts + 1 ascending target indices from 0 to post_size) cuts the targets into one
  // part per thread. For sorted rows the synapses of a row onto part t are a contiguous run, so
  // the start of each row's parts is found once here (kept per row, next to each other): then
  // thread t reads only its own runs of each spiking row, with no search per spike, and no two
  // threads read or write the same synapse or input slot. The split is derived data: a change
  // of connectivity (growth, a restore) makes it stale, and split_matches() says so.
  void split_targets(std::span<const int> bounds);
  bool split_matches(std::span<const int> bounds) const;
  // The largest synapse count whose runs are kept as 32-bit pairs per thread (part_runs_); above
  // it, 64-bit starts shared by the threads. A setting for tests of the wide layout.
  static inline std::uint64_t narrow_runs_limit = UINT32_MAX;
  // The largest synapse count whose runs may be packed into one 32-bit word per row and thread
  // (part_packed_: a 24-bit first synapse and an 8-bit length, when every run is shorter than
  // 256); a setting for tests of the pair layout.
  static inline std::uint64_t packed_runs_limit = (std::uint64_t{1} << 24) - 1;
  // Delivers into part `part` of the targets of the last split_targets() (which must match):
  // the same sums, bit for bit, as propagate_range over that part.
  std::size_t propagate_part(std::span<const int> spikes, std::int64_t step, const InputTarget& into, int part) const;

  // [SECTION] Step: asking for the rows before delivering them
  // A large projection's rows lie far apart in memory: each spiking row costs a wait of hundreds
  // of cycles for its bounds, then another for its targets, and a delivery that meets them one
  // row after the other spends most of its time waiting. A caller that delivers a step's spikes
  // over several projections asks first for the bounds of every spiking row, then for the first
  // lines of every row, and only then delivers: the waits of all the step's rows overlap.
  // `part` is a thread's part of the last split (propagate_part), or kWholeRows (propagate).
  // Both do nothing for a projection small enough to stay in the caches, and change nothing
  // but what the caches hold.
  static constexpr int kWholeRows = -1;
  // The smallest projection (in synapses) that asks; a setting for tests of the asking paths.
  static inline std::uint64_t ask_min_synapses = std::uint64_t{1} << 16;
  void ask_for_bounds(std::span<const int> spikes, int part) const;
  void ask_for_rows(std::span<const int> spikes, int part) const;

  // [SECTION] Views
  // The pre x post weight matrix averaged into rows x cols blocks (absent synapses count as
  // 0 in the average), row-major; also the smallest and largest weight present.
  void block_average(int rows, int cols, std::vector<float>& out, float& w_min, float& w_max) const;

  // [SECTION] Checkpoints: live controls, connectivity (it changes when a population grows),
  // weights and delays.
  void visit_state(StateVisitor& v);

 private:
  std::string name_;
  int pre_, post_, pre_size_, post_size_;
  Receptor receptor_;
  float weight_scale_ = 1.0f;
  bool enabled_ = true;
  std::vector<std::int64_t> row_ptr_;
  std::vector<std::int32_t> col_;     // empty in the 2-byte form
  std::vector<std::uint16_t> col16_;  // the targets in the 2-byte form
  bool narrow_ = false;
  std::vector<float> weight_;         // empty when every synapse weighs common_weight_
  float common_weight_ = 0.0f;
  bool weight_common_ = false;
  bool static_ = false;               // compact() was called: compact again after a restore or growth
  std::vector<std::uint16_t> delay_;  // empty when every synapse has uniform_delay_
  bool rows_sorted_ = true;
  bool rows_are_runs_ = false;  // every nonempty row: at least kMinRun consecutive targets
  int uniform_delay_ = 1;
  int max_delay_ = 1;
  int min_delay_ = 1;
  std::vector<std::int64_t> col_ptr_;
  std::vector<std::int32_t> t_pre_;
  std::vector<std::int64_t> t_syn_;
  // The split: bounds, and per row the first synapse of each part (part_ptr_[pre * parts + t];
  // one more entry at the end, the synapse count, closes the last row's last part). Valid while
  // split_version_ equals structure_version_, which every change of connectivity bumps.
  std::vector<int> split_bounds_;
  std::vector<std::int64_t> part_ptr_;
  // The same runs as part_runs_[t][2 * pre] (first synapse) and [2 * pre + 1] (one past the last)
  // when every synapse index fits 32 bits, in place of part_ptr_: each thread then reads a table
  // of its own, a quarter of part_ptr_'s bytes for two threads (fewer lines to miss per spike).
  std::vector<std::vector<std::uint32_t>> part_runs_;
  // The same runs packed, part_packed_[t][pre] = first synapse << 8 | length, in place of
  // part_runs_ when every first synapse fits 24 bits and every run is shorter than 256 synapses
  // (80-synapse rows): half the bytes again, so that a thread's tables stay in its core's cache
  // (on two threads the 64k network steps 1.7 % faster).
  std::vector<std::vector<std::uint32_t>> part_packed_;
  std::uint64_t structure_version_ = 0;
  std::uint64_t split_version_ = ~std::uint64_t{0};

  void check_rows_sorted();
  void pack_runs();
  void find_delay_range();  // max_delay_ and min_delay_ from the delays
  void expand_targets();
  void expand_weights();
  // Calls f(col, w, common) with the targets as const std::int32_t* or const std::uint16_t*, and
  // w null when every synapse weighs `common`: the delivery loops are made once for each form.
  template <class F>
  decltype(auto) with_storage(F&& f) const;
  // propagate and propagate_part: row pre's run is [runs.begin(pre), runs.end(pre)).
  // Calls f(runs, sorted) with the run table of `part` (see ask_for_bounds), as propagate and
  // propagate_part read it.
  template <class F>
  void with_runs(int part, F&& f) const;
  template <class Runs>
  std::size_t propagate_runs(std::span<const int> spikes, std::int64_t step, const InputTarget& into, const Runs& runs, bool sorted) const;
};

}  // namespace neurosim
