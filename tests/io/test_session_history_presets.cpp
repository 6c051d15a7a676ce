// SessionHistory (session_history.hpp) on presets that carry more than a plain network: an
// experiment's schedule with STDP and growth (masquelier2009-grow), a lesson timeline
// (ei-balance-lesson), reward learning (rstdp). A seek lands on the state of the run without a
// history, bit for bit, wherever the target falls between checkpoints, and going on from it
// gives that run's end state.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/session_helpers.hpp"
#include "io/preset_helpers.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_history.hpp"

namespace neurosim {
namespace {

std::unique_ptr<Session> session_for(const ScenarioSpec& spec) { return std::make_unique<Session>(test::build_or_fail(spec)); }
using test::state_of;

}  // namespace

TEST_SUITE("session history") {

TEST_CASE("SessionHistory on presets: experiments, timelines and reward land on the uninterrupted run's state") {
  for (const char* preset : {"masquelier2009-grow", "ei-balance-lesson", "rstdp"}) {
    INFO(preset);
    const ScenarioSpec spec = test::load_preset(preset);
    // Targets between checkpoints (every 25 ms = 250 steps at dt 0.1), in an order that goes
    // back and forth; the reference states come from one run without a history.
    const double dt = spec.dt_ms;
    const std::vector<std::int64_t> targets = {static_cast<std::int64_t>(1234 * 0.1 / dt), static_cast<std::int64_t>(377 * 0.1 / dt),
                                               static_cast<std::int64_t>(2999 * 0.1 / dt)};
    const std::int64_t end = static_cast<std::int64_t>(3000 * 0.1 / dt);
    std::unique_ptr<Session> reference = session_for(spec);
    const std::vector<std::vector<std::byte>> want = test::states_at_steps(*reference, targets, end);

    std::unique_ptr<Session> session = session_for(spec);
    SessionHistory history(*session, {.interval_ms = 25.0, .fit_window = false});
    session->advance(end);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      INFO("seek to step " << targets[i]);
      REQUIRE(history.seek(targets[i]) == "");
      CHECK(state_of(*session) == want[i]);
    }
    // On from the last target, a branch that changes nothing: the reference's end.
    session->advance(end - session->step_index());
    CHECK(state_of(*session) == state_of(*reference));
  }
}

}  // TEST_SUITE

}  // namespace neurosim
