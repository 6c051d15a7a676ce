# The classification views' data side (app/gui/receptive_fields.cpp, classification_data.cpp):
# receptive-field tiles and the vote per label, headless (no GL, no window).
add_executable(classification_view_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_classification_views.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/receptive_fields.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/classification_data.cpp)
target_link_libraries(classification_view_tests PRIVATE neurosim_engine doctest::doctest neurosim_warnings)
target_include_directories(classification_view_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(classification_view_tests TEST_PREFIX "app: ")
