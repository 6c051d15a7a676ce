# Rewind figures (tests/benchmarks/rewind_seek.cpp): memory per checkpoint and seek latency,
# `bench_rewind_seek cuba` (README "Rewind"). A short run is in ctest: the seek lands on the state
# of the run without a history.
add_executable(bench_rewind_seek ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/rewind_seek.cpp)
target_link_libraries(bench_rewind_seek PRIVATE neurosim_io neurosim_warnings)
add_test(NAME "engine: rewind seek on the default preset lands on the uninterrupted run's state" COMMAND bench_rewind_seek default 600 100 200)
set_tests_properties("engine: rewind seek on the default preset lands on the uninterrupted run's state" PROPERTIES
  ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60)
