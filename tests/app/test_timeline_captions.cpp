// The window's timeline captions (app/gui/panels/timeline_captions.hpp), without a window: the
// latest note whose time has come shows for six seconds of wall time or until the next one.
#include <doctest/doctest.h>

#include "gui/panels/timeline_captions.hpp"

using neurosim::ScenarioFacts;
using neurosim::gui::TimelineCaptions;

TEST_CASE("A note shows from its step for six seconds of wall time, or until the next note") {
  ScenarioFacts facts;
  facts.dt_ms = 0.1;
  facts.notes = {{0.0, "start"}, {1000.0, "inhibition x4"}, {1000.0, "second at the same time"}, {3000.0, "back"}};
  TimelineCaptions c;
  c.update(facts, 0.0, 0.016);
  CHECK(c.caption() == "start");
  c.update(facts, 500.0, 5.0);
  CHECK(c.caption() == "start");
  c.update(facts, 900.0, 1.5);  // 6.5 s of wall time: gone
  CHECK(c.caption().empty());
  c.update(facts, 999.9, 0.016);  // a step before: not yet
  CHECK(c.caption().empty());
  c.update(facts, 999.96, 0.016);  // within half a step of 1000 ms (rounding): the step it applies at
  CHECK(c.caption() == "second at the same time");  // of two at one time, the later in file order
  c.update(facts, 2000.0, 1.0);
  CHECK(c.caption() == "second at the same time");
  c.update(facts, 3000.0, 0.016);  // the next note replaces it at once
  CHECK(c.caption() == "back");
  c.update(facts, 0.0, 0.016);  // a reset: the first note again
  CHECK(c.caption() == "start");
  ScenarioFacts none;
  TimelineCaptions d;
  d.update(none, 100.0, 0.016);
  CHECK(d.caption().empty());
}
