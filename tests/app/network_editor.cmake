# The Network window's GL-free layout (app/gui/views/network_graph.cpp): nodes, arrows, loops,
# stimuli and what a click picks, headless, from a Session's facts.
add_executable(network_graph_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_network_graph.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/network_graph.cpp)
target_link_libraries(network_graph_tests PRIVATE neurosim_engine doctest::doctest neurosim_warnings)
target_include_directories(network_graph_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(network_graph_tests TEST_PREFIX "app: ")
