# The window's GL-free pieces: the classification views' data side (app/gui/views/receptive_fields.cpp, classification_data.cpp):
# receptive-field tiles and the vote per label; the --frame-stats line (frame_stats.cpp); the
# replay's network (replay_network.cpp); the Firing rates window's history from observations
# (rate_history.cpp); two runs side by side (compare/: differences, run B's scenario, the lockstep pair); the STDP pair window, the raster's pattern windows and the weights panel's
# pair weights as the panels draw them (stdp_pair_window.cpp, pattern_bands.cpp, heatmap_data.cpp);
# the neuron-diversity views' model (diversity_model.cpp); the gradient layout's view-model
# (gradient_view.cpp).
# Headless: no GL, no window.
add_executable(window_data_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_classification_views.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_classification_model.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/classification_model.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/receptive_fields.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/classification_data.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_frame_stats.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/shell/frame_stats.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_replay_network.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/shell/replay_network.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_rate_history.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/rate_history.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_observed_views.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/stdp_pair_window.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/pattern_bands.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/heatmap_data.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/trace_history.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_compare.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/compare/differences.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/compare/compare_spec.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/compare/lockstep_pair.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/compare/compare_build.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_diversity_model.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/diversity_model.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_gradient_view.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/gradient_view.cpp)
# The replay's network: spike readers and their mapping onto populations from neurosim_cli.
target_link_libraries(window_data_tests PRIVATE neurosim_engine neurosim_cli doctest::doctest neurosim_warnings)
target_compile_definitions(window_data_tests PRIVATE NEUROSIM_REPLAY_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data/replay")
target_include_directories(window_data_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(window_data_tests TEST_PREFIX "app: ")

# gui_classification_smoke (label "gui"): the classification layout on a small Diehl & Cook
# network training on the shipped digits (receptive fields, digit, training curve), screenshot
# checked like gui_smoke's.
if(NOT TARGET gui_png_check)
  return()
endif()
if(XVFB_RUN)
  set(NEUROSIM_CLASSIFICATION_SHOT ${CMAKE_BINARY_DIR}/gui_classification_smoke.png)
  add_test(NAME gui_classification_smoke
    COMMAND gui_png_check ${NEUROSIM_CLASSIFICATION_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui ${CMAKE_CURRENT_SOURCE_DIR}/app/data/classification-smoke.json --frames 60 --speed 20
            --screenshot ${NEUROSIM_CLASSIFICATION_SHOT})
else()
  add_test(NAME gui_classification_smoke COMMAND gui_png_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_classification_smoke PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 180
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
