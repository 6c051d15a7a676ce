# GUI smoke test (label "gui"): open the window under a virtual X server, render 60 frames of the
# `default` preset, write a screenshot, and check that the PNG is a real picture (the expected
# size, many colours, no single colour covering almost everything), not a blank or black frame.
#
#   ctest -L gui --output-on-failure      only this test
#   ctest -LE gui                         everything else (machines without Xvfb)
#
# Without xvfb-run the test is registered anyway and reports itself as skipped (return code 77),
# so a missing Xvfb shows up in the summary instead of silently dropping the test.
if(NOT TARGET neurosim_gui)
  return()
endif()

find_package(PkgConfig REQUIRED)
pkg_check_modules(NEUROSIM_TEST_STB REQUIRED IMPORTED_TARGET stb)  # stb_image's implementation is in libstb.so
find_program(XVFB_RUN xvfb-run)

# The checker is small enough to live here. It runs the command after `--` (the GUI), then reads
# the PNG with stb_image. `--skip MESSAGE` prints the message and returns 77.
set(NEUROSIM_PNG_CHECK_SOURCE ${CMAKE_CURRENT_BINARY_DIR}/gui_png_check.cpp)
file(CONFIGURE OUTPUT ${NEUROSIM_PNG_CHECK_SOURCE} @ONLY CONTENT [==[
// Generated from tests/app/gui.cmake: run a command, then check the screenshot it wrote.
//   gui_png_check FILE.png WIDTH HEIGHT -- COMMAND ARGS...
//   gui_png_check --skip MESSAGE
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--skip") {
    std::printf("%s\n", argc >= 3 ? argv[2] : "SKIPPED");
    return 77;
  }
  if (argc < 6 || std::string(argv[4]) != "--") {
    std::fprintf(stderr, "usage: %s FILE.png WIDTH HEIGHT -- COMMAND ARGS...\n", argv[0]);
    return 2;
  }
  const std::string png = argv[1];
  const int want_w = std::atoi(argv[2]);
  const int want_h = std::atoi(argv[3]);
  std::remove(png.c_str());  // a stale screenshot must not pass the test

  const pid_t child = fork();
  if (child == 0) {
    execvp(argv[5], argv + 5);
    std::perror(argv[5]);
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) < 0) {
    std::perror("fork/waitpid");
    return 1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "FAIL: the GUI exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 1;
  }

  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
  if (pixels == nullptr) {
    std::fprintf(stderr, "FAIL: cannot read %s: %s\n", png.c_str(), stbi_failure_reason());
    return 1;
  }
  std::map<unsigned, long> counts;
  const long n = static_cast<long>(w) * h;
  for (long i = 0; i < n; ++i) {
    const unsigned char* p = pixels + 3 * i;
    ++counts[(unsigned(p[0]) << 16) | (unsigned(p[1]) << 8) | p[2]];
  }
  stbi_image_free(pixels);
  long dominant = 0;
  for (const auto& kv : counts) dominant = kv.second > dominant ? kv.second : dominant;
  const double dominant_share = n > 0 ? static_cast<double>(dominant) / static_cast<double>(n) : 1.0;
  std::printf("%s: %dx%d, %zu colours, most common colour covers %.1f%%\n", png.c_str(), w, h, counts.size(),
              100.0 * dominant_share);
  bool ok = true;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "FAIL: expected %dx%d\n", want_w, want_h);
    ok = false;
  }
  // Text, plots, the raster and the colour map give thousands of colours; a blank frame has one.
  if (counts.size() < 256) {
    std::fprintf(stderr, "FAIL: only %zu colours: the window looks blank\n", counts.size());
    ok = false;
  }
  if (dominant_share > 0.90) {
    std::fprintf(stderr, "FAIL: one colour covers %.1f%% of the window\n", 100.0 * dominant_share);
    ok = false;
  }
  return ok ? 0 : 1;
}
]==])
add_executable(gui_png_check ${NEUROSIM_PNG_CHECK_SOURCE})
target_link_libraries(gui_png_check PRIVATE PkgConfig::NEUROSIM_TEST_STB neurosim_warnings)

if(XVFB_RUN)
  set(NEUROSIM_GUI_SHOT ${CMAKE_BINARY_DIR}/gui_smoke.png)
  add_test(NAME gui_smoke
    COMMAND gui_png_check ${NEUROSIM_GUI_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui default --frames 60 --screenshot ${NEUROSIM_GUI_SHOT})
else()
  add_test(NAME gui_smoke COMMAND gui_png_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_smoke PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 120
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")

# `--frame-stats` prints its one line, whose keys scripts parse (app/gui/shell/frame_stats.hpp), and
# `--paused` keeps the simulated time at 0.
if(XVFB_RUN)
  add_test(NAME gui_frame_stats
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" $<TARGET_FILE:neurosim> gui default --size 1280x720 --frames 20 --frame-stats --paused)
  set_tests_properties(gui_frame_stats PROPERTIES
    LABELS gui
    TIMEOUT 120
    ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1"
    PASS_REGULAR_EXPRESSION "frames=20 fps_mean=[0-9.]+ frame_ms_p50=[0-9.]+ frame_ms_p95=[0-9.]+ sim_ms=0\\.0 realtime=0\\.000")
endif()

# `gui --replay`: NEST 3 files of two virtual processes shown in the raster and population views
# (a real picture), and a file that does not parse refused before any window opens.
if(XVFB_RUN)
  set(NEUROSIM_REPLAY_SHOT ${CMAKE_BINARY_DIR}/gui_replay_smoke.png)
  add_test(NAME gui_replay_smoke
    COMMAND gui_png_check ${NEUROSIM_REPLAY_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui --replay ${CMAKE_CURRENT_SOURCE_DIR}/data/replay/spike_recorder-705-0.dat
            ${CMAKE_CURRENT_SOURCE_DIR}/data/replay/spike_recorder-705-1.dat --frames 30 --screenshot ${NEUROSIM_REPLAY_SHOT})
else()
  add_test(NAME gui_replay_smoke COMMAND gui_png_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_replay_smoke PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 120
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
add_test(NAME gui_replay_bad_file
  COMMAND $<TARGET_FILE:neurosim> gui --replay ${CMAKE_CURRENT_SOURCE_DIR}/data/replay/bad_time-3-0.dat --frames 1)
set_tests_properties(gui_replay_bad_file PROPERTIES
  LABELS gui
  WILL_FAIL FALSE
  PASS_REGULAR_EXPRESSION "bad_time-3-0.dat:4: not a time in ms")

# The window steps through the same Session as `neurosim run`: its exported spikes and weights
# equal the headless run's over the same simulated time, byte for byte.
if(XVFB_RUN)
  add_test(NAME gui_equals_run
    COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DXVFB_RUN=${XVFB_RUN} -DSCENARIO=default -DFRAMES=60
            -DOUT=${CMAKE_BINARY_DIR}/gui_equals_run -P ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/gui_equals_run.cmake)
  set_tests_properties(gui_equals_run PROPERTIES
    LABELS gui
    TIMEOUT 180
    ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
endif()

# The Rewind window (`--rewind-to`): the default preset runs 150 frames (2.5 s), then pauses and
# goes back to 1.2 s; the last frames draw the raster, traces and rates as they were then. The
# seek is announced on stdout; a refusal is an error on stderr.
if(XVFB_RUN)
  set(NEUROSIM_REWIND_SHOT ${CMAKE_BINARY_DIR}/gui_rewind.png)
  add_test(NAME gui_rewind
    COMMAND gui_png_check ${NEUROSIM_REWIND_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui default --frames 150 --rewind-to 1200 --rewind-seconds 20 --screenshot ${NEUROSIM_REWIND_SHOT})
  set_tests_properties(gui_rewind PROPERTIES
    LABELS gui
    TIMEOUT 180
    ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets"
    PASS_REGULAR_EXPRESSION "rewound to t = 1200 ms of [0-9.]+ ms kept \\([0-9]+ checkpoints, [0-9.]+ [kM]B\\)"
    FAIL_REGULAR_EXPRESSION "FAIL|error|not rewound")
  # At the last frame the window still shows 1.2 s, with the later history kept (Back to latest):
  # the windows' requests while paused (weights, neuron state) must not branch it. The diversity
  # layout's Neuron window asks for its neuron's state at every frame, so every paused frame
  # after the seek makes the engine look without stepping (advance(0)), whatever the timing.
  add_test(NAME gui_rewind_keeps_later_history
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui default --frames 120 --rewind-to 1200 --size 1600x900 --layout diversity)
  set_tests_properties(gui_rewind_keeps_later_history PROPERTIES
    LABELS gui
    TIMEOUT 180
    ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets"
    PASS_REGULAR_EXPRESSION "rewound: at t = 1200 ms, later history kept to [0-9.]+ ms"
    FAIL_REGULAR_EXPRESSION "FAIL|error|not rewound")
  # Going back further than the window reaches is refused, naming the range kept.
  add_test(NAME gui_rewind_outside
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui default --frames 40 --rewind-to 100 --rewind-seconds 0.2)
  set_tests_properties(gui_rewind_outside PROPERTIES
    LABELS gui
    TIMEOUT 120
    ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets"
    PASS_REGULAR_EXPRESSION "error: rewind: t = 100 ms is outside the history kept \\([0-9.]+ ms to [0-9.]+ ms\\)")
endif()
