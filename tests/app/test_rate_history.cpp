// The Firing rates window's history (app/gui/views/rate_history.hpp) against the engine's own
// RateMonitor: fed by a Session's observations in uneven chunks, it holds the same bins.
#include <doctest/doctest.h>

#include "engine/spec_helpers.hpp"
#include "gui/views/rate_history.hpp"
#include "neurosim/session.hpp"

namespace neurosim::gui {

TEST_SUITE("rate history") {

TEST_CASE("the rate history equals the engine's rate monitor, bin for bin, and starts again after a reset") {
  auto spec = test::scenario(0.1, {test::population("in", "poisson", 100, {{"rate", Distribution::constant(30.0)}}),
                                   test::population("out", "lif", 20)});
  spec.projections.push_back(test::projection("in", "out", ConnectivitySpec::Rule::AllToAll, Distribution::constant(3.0)));
  BuildResult built = build_network(spec);
  REQUIRE(built.errors.empty());
  Session session(std::move(built.network));
  const Session::ReaderId reader = session.open_reader();
  RateHistory history;
  for (int i = 0; i < 40; ++i) {
    session.advance(137 + 61 * (i % 3));
    history.add(session.observe(reader).rates);
  }
  const RateMonitor& engine = session.network().rates();
  REQUIRE(engine.bins_written() > 100);
  CHECK(history.bins_written() == engine.bins_written());
  REQUIRE(history.bins_available() == std::min<std::size_t>(engine.bins_available(), RateHistory::kBinsKept));
  CHECK(history.bin_ms() == doctest::Approx(engine.bin_ms()));
  const std::size_t offset = engine.bins_available() - history.bins_available();
  for (std::size_t b = 0; b < history.bins_available(); ++b)
    for (int p = 0; p < 2; ++p) {
      INFO("bin " << b << " population " << p);
      REQUIRE(history.rate(p, b) == engine.rate(p, b + offset));
    }
  session.submit(ResetNetwork{});
  session.advance(300);
  history.add(session.observe(reader).rates);
  CHECK(history.bins_written() == engine.bins_written());
  CHECK(history.bins_available() == engine.bins_available());
}

}  // TEST_SUITE

}  // namespace neurosim::gui
