// The raster's band layout: every population visible, every row back to the right neurons.
#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "engine/spec_helpers.hpp"
#include "gui/views/raster_ring.hpp"
#include "neurosim/session.hpp"

using neurosim::gui::RasterRing;

namespace {

// Checks that rows_of and neurons_in_row are inverse: each neuron's rows name it (or the bin
// holding it), and the bands tile the rows in population order.
void check_mapping(const RasterRing& ring) {
  int expected_row = 0;
  for (int p = 0; p < ring.population_count(); ++p) {
    CHECK(ring.band_begin(p) == expected_row);
    expected_row = ring.band_end(p);
    for (int j = ring.population_offset(p); j < ring.population_offset(p + 1); ++j) {
      int first = 0, last = 0;
      ring.rows_of(j, first, last);
      REQUIRE(first >= ring.band_begin(p));
      REQUIRE(last <= ring.band_end(p));
      REQUIRE(first < last);
      for (int row = first; row < last; ++row) {
        int n0 = 0, n1 = 0;
        ring.neurons_in_row(row, n0, n1);
        REQUIRE(n0 <= j);
        REQUIRE(j < n1);
      }
    }
  }
  CHECK(expected_row == ring.rows());
  // Every row names at least one neuron, and the neurons of consecutive rows never go back.
  int previous = 0;
  for (int row = 0; row < ring.rows(); ++row) {
    int n0 = 0, n1 = 0;
    ring.neurons_in_row(row, n0, n1);
    REQUIRE(n0 < n1);
    REQUIRE(n0 >= previous);
    previous = n0;
  }
}

}  // namespace

TEST_SUITE("raster layout") {
  TEST_CASE("populations of similar size: one row per neuron, no repetition") {
    RasterRing ring;
    const std::array<int, 2> sizes{800, 200};
    ring.configure(sizes, 1);
    CHECK(ring.rows() == 1000);
    CHECK(ring.band_end(0) == 800);
    for (int j : {0, 1, 799, 800, 999}) {
      int first = 0, last = 0;
      ring.rows_of(j, first, last);
      CHECK(first == j);
      CHECK(last == j + 1);
    }
    check_mapping(ring);
  }

  TEST_CASE("one output neuron under 2000 afferents gets a band it can be seen in") {
    // Masquelier 2008's layout: in proportion the neuron would be 1/2001 of the height.
    RasterRing ring;
    const std::array<int, 2> sizes{2000, 1};
    ring.configure(sizes, 1);
    const int band = ring.band_end(1) - ring.band_begin(1);
    CHECK(static_cast<double>(band) / ring.rows() >= 0.07);
    CHECK(ring.band_end(0) - ring.band_begin(0) == 2000);
    int first = 0, last = 0;
    ring.rows_of(2000, first, last);
    CHECK(first == ring.band_begin(1));
    CHECK(last == ring.band_end(1));
    check_mapping(ring);
  }

  TEST_CASE("more neurons than rows: neighbours share rows, small populations still get their band") {
    RasterRing ring;
    const std::array<int, 3> sizes{100000, 3, 20000};
    ring.configure(sizes, 1);
    CHECK(ring.rows() <= 2 * RasterRing::kMaxRows);
    CHECK(ring.band_end(1) - ring.band_begin(1) >= 3);
    CHECK((ring.band_end(1) - ring.band_begin(1)) * 1.0 / ring.rows() >= 0.05);
    check_mapping(ring);
  }

  TEST_CASE("empty populations and many small ones") {
    RasterRing ring;
    std::vector<int> sizes{0, 5, 0};
    for (int i = 0; i < 40; ++i) sizes.push_back(i % 2 == 0 ? 2 : 3000);
    ring.configure(sizes, 1);
    CHECK(ring.band_begin(0) == ring.band_end(0));
    CHECK(ring.band_begin(2) == ring.band_end(2));
    CHECK(ring.rows() <= 2 * RasterRing::kMaxRows);
    check_mapping(ring);
  }

  TEST_CASE("a spike lights every row of its neuron, and only those") {
    using namespace neurosim;
    auto spec = test::scenario(0.1, {test::population("big", "lif", 50), test::population("one", "lif", 1)});
    spec.stimuli.push_back(test::current("one", 2000.0));  // only the single neuron fires
    auto net = test::build(spec);
    net->run(200);
    REQUIRE(test::spike_times(*net, 1, 0).size() > 0);
    RasterRing ring;
    const std::array<int, 2> sizes{50, 1};
    ring.configure(sizes, 1);
    std::vector<SpikeEvent> traced;
    const auto all = net->spikes().all();
    ring.consume(all, 0, net->step_index(), {}, traced);
    int first = 0, last = 0;
    ring.rows_of(50, first, last);
    REQUIRE(last - first > 1);
    const SpikeEvent e = net->spikes().all().front();
    const auto x = static_cast<std::size_t>(e.step % RasterRing::kColumns);
    for (int row = 0; row < ring.rows(); ++row) {
      const bool lit = ring.texel(row, static_cast<std::int64_t>(x)) != 0;
      CHECK(lit == (row >= first && row < last));
    }
  }

  TEST_CASE("re-laying out the same run goes on from the reader's cursor: spikes the recorder has since dropped are not counted lost") {
    // After growing a population the raster is laid out again; the spikes the recorder's ring
    // had overwritten meanwhile (hundreds of thousands in a long run) were each drawn when they
    // happened and must not show as lost.
    using namespace neurosim;
    auto spec = test::scenario(0.1, {test::population("one", "lif", 1)});
    spec.stimuli.push_back(test::current("one", 2000.0));
    BuildOptions options;
    options.record = RecordMode::Live;
    options.spike_ring_capacity = 8;
    auto built = build_network(spec, options);
    REQUIRE(built.network);
    Session session(std::move(built.network));
    const Session::ReaderId reader = session.open_reader();
    RasterRing ring;
    const std::array<int, 1> sizes{1};
    ring.configure(sizes, 1);
    std::vector<SpikeEvent> traced;
    const auto read = [&] {
      const Observations o = session.observe(reader);
      ring.consume(o.spikes, o.spikes_lost, o.step, {}, traced);
    };
    for (int k = 0; k < 20; ++k) {  // read often enough that nothing is lost
      session.advance(20);
      read();
    }
    REQUIRE(session.network().spikes().next_sequence() > 8);
    CHECK(ring.lost() == 0);
    ring.configure(sizes, 1, /*same_run=*/true);
    session.advance(20);
    read();
    CHECK(ring.lost() == 0);
    // A reader too slow for the ring: the spikes it missed are counted.
    session.advance(400);
    read();
    CHECK(ring.lost() > 0);
    // Laid out again (as after "Add output neuron"): the notice goes.
    ring.configure(sizes, 1, /*same_run=*/true);
    CHECK(ring.lost() == 0);
    session.advance(20);
    read();
    CHECK(ring.lost() == 0);
  }
}
