// Compact storage of static projections (Projection::compact): 2-byte targets and one common
// weight must deliver the same sums, bit for bit, as 4-byte targets and a weight per synapse, on
// every delivery path (one thread, a range of targets, a split among threads, per-synapse
// delays, a gain other than 1), and keep doing so after a weight is written, a restore, growth,
// and for any thread count. The reference is the same projection left in the full form (and, for
// whole networks, the same network whose projections a rule with eta = 0 keeps in the full form).
#include <algorithm>
#include <cstring>
#include <ranges>
#include <utility>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "neurosim/checkpoint.hpp"
#include "neurosim/state_visitor.hpp"

using namespace neurosim;
using namespace neurosim::test;

namespace {

// Three rows onto `post` neurons: a run of 20 consecutive targets (the vectorised path), a
// scattered row that reaches the last neuron (65,535 in the largest 2-byte case), and one synapse.
struct Rows {
  std::vector<std::int64_t> row_ptr;
  std::vector<std::int32_t> col;
};

Rows rows(int post, bool sorted) {
  Rows r;
  for (int c = 0; c < 20; ++c) r.col.push_back(c + 3);
  std::vector<std::int32_t> scattered{1, 4, 7, 22, post / 2, post - 2, post - 1};
  std::sort(scattered.begin(), scattered.end());
  if (!sorted) std::reverse(scattered.begin(), scattered.end());
  r.col.insert(r.col.end(), scattered.begin(), scattered.end());
  r.col.push_back(5);
  r.row_ptr = {0, 20, 27, 28};
  return r;
}

Projection make(int post, bool sorted, bool delays, float weight, float scale) {
  Projection p("p", 0, 1, 3, post, Receptor::Excitatory);
  Rows r = rows(post, sorted);
  p.set_structure(r.row_ptr, r.col);
  for (float& w : p.weights()) w = weight;
  if (delays) {
    std::vector<std::uint16_t> d(p.synapse_count());
    for (std::size_t k = 0; k < d.size(); ++k) d[k] = static_cast<std::uint16_t>(k % 4);  // 0 to 3 steps
    p.set_delays(std::move(d));
  } else {
    p.set_uniform_delay(1);
  }
  p.set_weight_scale(scale);
  return p;
}

// Every slot of a ring of `post` neurons (and its now buffer), as bytes.
std::vector<std::byte> bytes_of(InputRing& ring, int post) {
  std::vector<std::byte> out;
  const auto add = [&](const float* x) {
    const auto* b = reinterpret_cast<const std::byte*>(x);
    out.insert(out.end(), b, b + static_cast<std::size_t>(post) * sizeof(float));
  };
  for (std::int64_t s = 0; s < ring.slots(); ++s) {
    add(ring.slot_exc(s));
    add(ring.slot_inh(s));
  }
  add(ring.now_exc());
  return out;
}

// A ring of 4 slots whose entries already hold varied sums (as a step's earlier deliveries leave
// them) of the size of one input: a multiply-add rounded once and one rounded twice then differ
// in the last bit for many of them, as they would not when added onto zeros.
void prefill(InputRing& ring, int post) {
  ring.resize(post, 4);
  for (std::int64_t s = 0; s < 4; ++s)
    for (int j = 0; j < post; ++j) ring.exc(s)[j] = 0.0731f * static_cast<float>(j % 13) - 0.41f + 0.0137f * static_cast<float>(s);
  for (int j = 0; j < post; ++j) ring.now_exc()[j] = 0.0391f * static_cast<float>(j % 11) - 0.23f;
}

// What neuron j received in every slot and the now buffer.
float total_at(InputRing& ring, int j) {
  float sum = ring.now_exc()[j];
  for (std::int64_t s = 0; s < ring.slots(); ++s) sum += ring.slot_exc(s)[j];
  return sum;
}

std::vector<std::byte> state_bytes(Projection& p) {
  std::vector<std::byte> out;
  StateVisitor v = StateVisitor::writer(out);
  p.visit_state(v);
  return out;
}

void load(Projection& p, const std::vector<std::byte>& bytes) {
  StateVisitor v = StateVisitor::reader(bytes);
  p.visit_state(v);
}

// The spikes of a run, in order, as (step, population, neuron).
std::vector<std::int64_t> all_spikes(const Network& net) {
  std::vector<std::int64_t> out;
  for (const auto& e : net.spikes().all()) {
    out.push_back(e.step);
    out.push_back(e.population);
    out.push_back(e.neuron);
  }
  return out;
}

}  // namespace

TEST_SUITE("compact projection") {
  TEST_CASE("compact and full storage deliver the same sums bit for bit on every path") {
    const std::vector<int> spikes{1, 0, 2, 1, 0, 1};  // repeats: several adds per target
    for (const int post : {40, 65536, 65537}) {
      for (const bool sorted : {true, false}) {
        for (const bool delays : {false, true}) {
          for (const float scale : {1.0f, 0.37f}) {
            INFO("post " << post << ", sorted " << sorted << ", delays " << delays << ", scale " << scale);
            Projection full = make(post, sorted, delays, -0.913f, scale);
            Projection small = make(post, sorted, delays, -0.913f, scale);
            small.compact();
            CHECK(small.common_weight());
            CHECK(small.compact_targets() == (post <= 65536));
            CHECK_FALSE(full.common_weight());
            CHECK(small.memory_bytes() < full.memory_bytes());
            CHECK(std::ranges::equal(small.col(), full.col()));
            CHECK(std::ranges::equal(std::as_const(small).weights(), std::as_const(full).weights()));  // reading keeps the form
            CHECK(small.common_weight());

            InputRing a, b, c, d;
            for (InputRing* r : {&a, &b, &c, &d}) prefill(*r, post);
            const InputTarget into_a(a), into_b(b), into_c(c), into_d(d);
            const std::size_t events = full.propagate(spikes, 0, into_a);
            CHECK(small.propagate(spikes, 0, into_b) == events);
            // A range of targets at a time (two threads' shares), and a split made for three.
            std::size_t ranged = 0;
            for (const auto& [first, last] : {std::pair{0, 10}, std::pair{10, post / 2 + 1}, std::pair{post / 2 + 1, post}})
              ranged += small.propagate_range(spikes, 0, into_c, first, last);
            CHECK(ranged == events);
            const std::vector<int> bounds{0, 16, post / 2, post};
            small.split_targets(bounds);
            std::size_t parted = 0;
            for (int t = 0; t < 3; ++t) parted += small.propagate_part(spikes, 0, into_d, t);
            CHECK(parted == events);
            const auto want = bytes_of(a, post);
            CHECK(bytes_of(b, post) == want);
            CHECK(bytes_of(c, post) == want);
            CHECK(bytes_of(d, post) == want);
            // The last neuron got its input (the largest 2-byte index).
            InputRing untouched;
            prefill(untouched, post);
            CHECK(total_at(a, post - 1) != total_at(untouched, post - 1));
            CHECK(total_at(b, 2) == total_at(a, 2));
          }
        }
      }
    }
  }

  TEST_CASE("only equal weights, bit for bit, share one value; only targets under 65,536 take 2 bytes") {
    Projection mixed = make(40, true, false, 0.5f, 1.0f);
    mixed.weights()[3] = 0.25f;
    mixed.compact();
    CHECK_FALSE(mixed.common_weight());
    CHECK(mixed.compact_targets());
    CHECK(mixed.memory_bytes() - 4 * sizeof(std::int64_t) == mixed.synapse_count() * 6);
    Projection signs = make(40, true, false, 0.0f, 1.0f);
    signs.weights()[0] = -0.0f;  // equal as numbers, not as bits
    signs.compact();
    CHECK_FALSE(signs.common_weight());
    Projection wide = make(65537, true, false, 0.5f, 1.0f);
    wide.compact();
    CHECK(wide.common_weight());
    CHECK_FALSE(wide.compact_targets());
    CHECK(wide.memory_bytes() - 4 * sizeof(std::int64_t) == wide.synapse_count() * 4);
    Projection empty("e", 0, 1, 2, 10, Receptor::Inhibitory);
    empty.compact();
    CHECK(empty.synapse_count() == 0);
    CHECK(empty.weights().empty());
  }

  TEST_CASE("a weight written into a compact projection is delivered, the others keep the common value") {
    Projection p = make(40, true, false, 1.5f, 0.5f);
    p.compact();
    REQUIRE(p.common_weight());
    auto w = p.weights();  // the array comes back: writes reach delivery
    CHECK_FALSE(p.common_weight());
    CHECK(p.compact_targets());
    REQUIRE(w.size() == p.synapse_count());
    CHECK(std::all_of(w.begin(), w.end(), [](float x) { return x == 1.5f; }));
    w[21] = 6.0f;  // row 1's second synapse, onto neuron 4
    InputRing ring;
    ring.resize(40, 2);
    p.propagate(std::vector<int>{1}, 0, ring);
    CHECK(ring.slot_exc(1)[4] == 3.0f);   // 0.5 x 6
    CHECK(ring.slot_exc(1)[1] == 0.75f);  // 0.5 x 1.5
    CHECK(ring.slot_exc(1)[39] == 0.75f);
    CHECK(ring.slot_exc(1)[3] == 0.0f);   // row 0 did not spike
    // Compacting again keeps the array while the weights differ, and drops it once they agree.
    p.compact();
    CHECK_FALSE(p.common_weight());
    p.weights()[21] = 1.5f;
    p.compact();
    CHECK(p.common_weight());
    // A learning rule's loops take 4-byte targets: the same targets.
    const std::vector<int> before(p.col().begin(), p.col().end());
    const auto wide = p.wide_col();
    CHECK_FALSE(p.compact_targets());
    CHECK(std::vector<int>(wide.begin(), wide.end()) == before);
  }

  TEST_CASE("the views read like the arrays: copies, find, equal, indexing") {
    Projection p = make(300, true, false, 2.0f, 1.0f);
    const std::vector<std::int32_t> col_full(p.col().begin(), p.col().end());
    p.compact();
    REQUIRE(p.compact_targets());
    const TargetView col = p.col();
    CHECK(col.size() == col_full.size());
    CHECK(std::vector<std::int32_t>(col.begin(), col.end()) == col_full);
    CHECK(std::find(col.begin() + 20, col.begin() + 27, 299) - col.begin() == 26);
    CHECK(col.end() - col.begin() == static_cast<std::ptrdiff_t>(col.size()));
    CHECK(col.begin()[27] == 5);
    const WeightView w = static_cast<const Projection&>(p).weights();
    double sum = 0.0;
    for (const float x : w) sum += x;
    CHECK(sum == 2.0 * static_cast<double>(p.synapse_count()));
  }

  TEST_CASE("a checkpoint holds the full form; a restore into a static projection compacts again") {
    Projection full = make(500, true, true, 0.75f, 0.9f);
    Projection small = make(500, true, true, 0.75f, 0.9f);
    small.compact();
    CHECK(state_bytes(small) == state_bytes(full));  // the same file as before compact storage
    CHECK(small.common_weight());                     // saving leaves the storage as it was

    // Equal weights restored into a static projection: compact again.
    Projection restored("p", 0, 1, 3, 500, Receptor::Excitatory);
    restored.compact();
    load(restored, state_bytes(full));
    CHECK(restored.common_weight());
    CHECK(restored.compact_targets());
    // Weights that differ: 2-byte targets, a weight per synapse, delivered as saved.
    full.weights()[2] = -4.0f;
    load(restored, state_bytes(full));
    CHECK_FALSE(restored.common_weight());
    CHECK(restored.compact_targets());
    const std::vector<int> spikes{0, 1, 2, 0};
    InputRing a, b;
    a.resize(500, 4);
    b.resize(500, 4);
    full.propagate(spikes, 0, a);
    restored.propagate(spikes, 0, b);
    CHECK(bytes_of(a, 500) == bytes_of(b, 500));
    CHECK(a.slot_exc(2)[5] == 0.9f * -4.0f * 2);  // synapse 2 (delay 2 steps) onto neuron 5; row 0 spiked twice
    // A projection that is not static keeps the full form after a restore.
    Projection plain("p", 0, 1, 3, 500, Receptor::Excitatory);
    load(plain, state_bytes(small));
    CHECK_FALSE(plain.common_weight());
    CHECK_FALSE(plain.compact_targets());
  }

  TEST_CASE("growth keeps a static projection compact, with the old synapses' targets") {
    Projection p = make(40, true, false, 1.25f, 1.0f);
    p.compact();
    Rows r = rows(40, true);
    // One more presynaptic neuron with two synapses onto new neurons 40 and 41.
    r.row_ptr.push_back(30);
    r.col.push_back(40);
    r.col.push_back(41);
    p.regrow(4, 42, r.row_ptr, r.col, std::vector<float>(30, 1.25f), {});
    CHECK(p.common_weight());
    CHECK(p.compact_targets());
    CHECK(std::ranges::equal(p.col(), r.col));
    InputRing ring;
    ring.resize(42, 2);
    CHECK(p.propagate(std::vector<int>{3}, 0, ring) == 2);
    CHECK(ring.slot_exc(1)[41] == 1.25f);
  }

  TEST_CASE("a network of static projections steps as the same network in the full form, on 1, 2 and 3 threads") {
    // CUBA-like: 400 excitatory and 100 inhibitory LIF neurons driven by a current, with a
    // zero-delay, a one-step and a per-synapse-delay projection, and a gain other than 1. In the
    // second network a rule with eta = 0 holds the same weights in the full form.
    const auto spec_with = [](bool learning) {
      const std::map<std::string, Distribution> lif{{"E_L", Distribution::constant(-49)}, {"V_th", Distribution::constant(-50)},
                                                    {"V_reset", Distribution::constant(-60)}, {"tau_syn_i", Distribution::constant(10)}};
      auto spec = scenario(0.1, {population("exc", "lif", 400, lif), population("inh", "lif", 100, lif)});
      spec.populations[0].initial["V"] = Distribution::uniform(-60, -50);
      spec.populations[1].initial["V"] = Distribution::uniform(-60, -50);
      auto ee = projection("exc", "exc", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(1.62), Distribution::constant(0));
      ee.same_step = true;
      ee.weight_scale = 0.83;
      auto ei = projection("exc", "inh", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(1.62));
      auto ie = projection("inh", "exc", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(-9), Distribution::uniform(0, 0.4));
      auto ii = projection("inh", "inh", ConnectivitySpec::Rule::FixedProbability, Distribution::constant(-9), Distribution::constant(0));
      ii.same_step = true;
      for (ProjectionSpec* p : {&ee, &ei, &ie, &ii}) {
        p->connectivity.p = 0.05;
        if (learning) p->plasticity = PlasticitySpec{"stdp", {{"eta", 0.0}, {"w_min", -10.0}, {"w_max", 10.0}}};
        spec.projections.push_back(*p);
      }
      return spec;
    };
    const auto reference = run_on_threads(spec_with(true), 1, 2000);
    const std::vector<std::int64_t> want = all_spikes(*reference);
    CHECK(want.size() > 3 * 500);  // the network is active
    for (int j = 0; j < reference->projection_count(); ++j) CHECK_FALSE(reference->projection(j).common_weight());
    for (const int threads : {1, 2, 3}) {
      INFO(threads << " threads");
      const auto net = run_on_threads(spec_with(false), threads, 2000);
      for (int j = 0; j < net->projection_count(); ++j) {
        CHECK(net->projection(j).common_weight());
        CHECK(net->projection(j).compact_targets());
      }
      CHECK(all_spikes(*net) == want);
      CHECK(net->synaptic_events() == reference->synaptic_events());
    }
  }
}
