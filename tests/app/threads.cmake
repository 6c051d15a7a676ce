# --threads: the result files of a run are the same for any thread count
# (tests/io/test_threads.cpp compares every preset through the engine API).
set(NEUROSIM_THREADS_OUT ${CMAKE_CURRENT_BINARY_DIR}/threads-out)
neurosim_cli_test("run --threads refuses a negative count" ARGS run|cuba|--threads|-1|--out|${NEUROSIM_THREADS_OUT}/bad RC 2
  STDERR_HAS "--threads")
find_program(NEUROSIM_THREADS_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NEUROSIM_THREADS_PYTHON)
  foreach(case "cuba|--duration|1000" "${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/cuba64k.json|--duration|100"
               "masquelier2008|--set|experiment.epochs=1|--set|experiment.epoch_ms=3000|--set|experiment.final_window_ms=3000")
    string(REPLACE "|" ";" case_args "${case}")
    list(GET case_args 0 scenario)
    get_filename_component(label ${scenario} NAME_WE)
    add_test(NAME "cli: run ${label} writes the same files with --threads 1 and 2"
      COMMAND ${NEUROSIM_THREADS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_threads_same.py
              ${NEUROSIM_THREADS_OUT}/${label} $<TARGET_FILE:neurosim> 2 ${case_args})
    set_tests_properties("cli: run ${label} writes the same files with --threads 1 and 2"
      PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 300)
  endforeach()
endif()
