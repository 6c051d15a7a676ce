# The learning views (app/gui/views/learning_data.cpp) and the Session's experiment.
#
# learning_tests: their data side, headless (no GL, no window): the sources that only read a
# Network are compiled in directly, so the test needs neither the GUI library nor a display.
# gui_learning_smoke (label "gui"): the window on a plastic scenario with an experiment, run to
# the end of its schedule, screenshot checked like gui_smoke's.
add_executable(learning_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_learning_data.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/learning_data.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/heatmap_data.cpp)
target_link_libraries(learning_tests PRIVATE neurosim_engine doctest::doctest neurosim_warnings)
target_include_directories(learning_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(learning_tests TEST_PREFIX "app: ")

if(NOT TARGET gui_png_check)
  return()
endif()
if(XVFB_RUN)
  set(NEUROSIM_LEARNING_SHOT ${CMAKE_BINARY_DIR}/gui_learning_smoke.png)
  add_test(NAME gui_learning_smoke
    COMMAND gui_png_check ${NEUROSIM_LEARNING_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui ${CMAKE_CURRENT_SOURCE_DIR}/app/data/learning-smoke.json --frames 120 --speed 2
            --screenshot ${NEUROSIM_LEARNING_SHOT})
else()
  add_test(NAME gui_learning_smoke COMMAND gui_png_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_learning_smoke PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 120
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
