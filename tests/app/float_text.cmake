# Every float's shortest text against std::to_chars, and the speed of both
# (tests/benchmarks/float_text_exhaustive.cpp; `bench_float_text all` for all 2^32 floats).
# ctest compares a sample of every 4099th bit pattern (about a million floats).
add_executable(bench_float_text ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/float_text_exhaustive.cpp)
target_link_libraries(bench_float_text PRIVATE neurosim_results neurosim_warnings)
add_test(NAME "io: shortest float text equals std::to_chars on every 4099th float" COMMAND bench_float_text 4099)
