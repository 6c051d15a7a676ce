// The --frame-stats line: percentiles, mean rate and real-time factor from known frame times,
// and the line's shape (key=value pairs in a fixed order, as scripts parse it).
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "gui/shell/frame_stats.hpp"

using neurosim::gui::FrameStats;

TEST_SUITE("frame stats") {
  TEST_CASE("percentiles and rates from known frame times") {
    FrameStats s;
    for (int i = 1; i <= 100; ++i) s.add(i);  // 1..100 ms: 5050 ms in all
    CHECK(s.percentile_ms(50) == doctest::Approx(50.5));
    CHECK(s.percentile_ms(95) == doctest::Approx(95.05));
    CHECK(s.percentile_ms(0) == doctest::Approx(1));
    CHECK(s.percentile_ms(100) == doctest::Approx(100));
    const std::string line = s.summary(2525.0);
    CHECK(line == "frames=100 fps_mean=19.8 frame_ms_p50=50.50 frame_ms_p95=95.05 sim_ms=2525.0 realtime=0.500");
  }

  TEST_CASE("the line parses as key=value pairs in order; no frames gives zeros") {
    FrameStats s;
    const std::string empty = s.summary(0.0);
    CHECK(empty == "frames=0 fps_mean=0.0 frame_ms_p50=0.00 frame_ms_p95=0.00 sim_ms=0.0 realtime=0.000");
    s.add(16.0);
    s.add(17.0);
    const std::regex shape(R"(^frames=\d+ fps_mean=[0-9.]+ frame_ms_p50=[0-9.]+ frame_ms_p95=[0-9.]+ sim_ms=[0-9.]+ realtime=[0-9.]+$)");
    CHECK(std::regex_match(s.summary(33.0), shape));
  }
}
