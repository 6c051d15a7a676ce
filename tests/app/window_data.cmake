# The window's GL-free pieces: the classification views' data side (app/gui/receptive_fields.cpp, classification_data.cpp):
# receptive-field tiles and the vote per label; the --frame-stats line (frame_stats.cpp).
# Headless: no GL, no window.
add_executable(window_data_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_classification_views.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/receptive_fields.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/classification_data.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_frame_stats.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/frame_stats.cpp)
target_link_libraries(window_data_tests PRIVATE neurosim_engine doctest::doctest neurosim_warnings)
target_include_directories(window_data_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(window_data_tests TEST_PREFIX "app: ")
