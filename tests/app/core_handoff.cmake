# The cost of handing a cache line between two cores (tests/benchmarks/core_handoff.cpp): `make
# bench` prints it next to the two-thread figures, which depend on it.
find_package(Threads REQUIRED)
add_executable(bench_core_handoff ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/core_handoff.cpp)
target_link_libraries(bench_core_handoff PRIVATE neurosim_warnings Threads::Threads)
