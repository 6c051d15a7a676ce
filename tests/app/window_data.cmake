# The window's GL-free pieces: the classification views' data side (app/gui/receptive_fields.cpp, classification_data.cpp):
# receptive-field tiles and the vote per label; the --frame-stats line (frame_stats.cpp); the
# replay's network (replay_network.cpp).
# Headless: no GL, no window.
add_executable(window_data_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_classification_views.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/receptive_fields.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/classification_data.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_frame_stats.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/frame_stats.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_replay_network.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/replay_network.cpp)
# The replay's network: spike readers and their mapping onto populations from neurosim_cli.
target_link_libraries(window_data_tests PRIVATE neurosim_engine neurosim_cli doctest::doctest neurosim_warnings)
target_compile_definitions(window_data_tests PRIVATE NEUROSIM_REPLAY_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data/replay")
target_include_directories(window_data_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(window_data_tests TEST_PREFIX "app: ")
