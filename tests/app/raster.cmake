# The raster's CPU side (app/gui/views/raster_ring.cpp): band layout, row <-> neuron mapping and the
# spikes written into the texture mirror; the live view's pixel columns folded from it
# (raster_pixels.cpp). Headless (no GL, no window).
add_executable(raster_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_raster_ring.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/raster_ring.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_raster_pixels.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/raster_pixels.cpp)
target_link_libraries(raster_tests PRIVATE neurosim_engine doctest::doctest neurosim_warnings)
target_include_directories(raster_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(raster_tests TEST_PREFIX "app: ")
