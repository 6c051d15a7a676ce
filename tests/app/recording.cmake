# Recording choices on the command line: --record, monitors.spikes, --spikes-format.
set(NEUROSIM_RECORD_OUT ${CMAKE_CURRENT_BINARY_DIR}/record-out)
file(MAKE_DIRECTORY ${NEUROSIM_RECORD_OUT})

neurosim_cli_test("run --record names an unknown population"
  ARGS run|default|--duration|10|--record|exc,nope|--out|${NEUROSIM_RECORD_OUT}/bad RC 2 OUT ${NEUROSIM_RECORD_OUT}/bad
  STDERR_HAS "error: --record: no population named \"nope\" (populations: input, exc, inh)" FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --spikes-format refuses an unknown format"
  ARGS run|default|--duration|10|--spikes-format|parquet|--out|${NEUROSIM_RECORD_OUT}/fmt RC 2 STDERR_HAS "--spikes-format")
neurosim_cli_test("run --spikes-format sonata writes spikes.h5"
  ARGS run|default|--duration|100|--spikes-format|sonata|--out|${NEUROSIM_RECORD_OUT}/h5 RC 0 OUT ${NEUROSIM_RECORD_OUT}/h5
  STDOUT_HAS "results in ${NEUROSIM_RECORD_OUT}/h5: spikes.h5 metrics.csv" FILES_ABSENT "spikes.csv|spikes.h5.tmp")

# Every format holds the rows of spikes.csv for the recorded populations. Debian's python3 has
# python3-h5py (an interpreter earlier on PATH may not).
find_program(NEUROSIM_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT NEUROSIM_SYSTEM_PYTHON)
  find_package(Python3 COMPONENTS Interpreter)
  set(NEUROSIM_SYSTEM_PYTHON ${Python3_EXECUTABLE})
endif()
if(NEUROSIM_SYSTEM_PYTHON)
  add_test(NAME "cli: --record and --spikes-format csv, npy, sonata hold the same spikes"
    COMMAND ${NEUROSIM_SYSTEM_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_spike_formats.py ${NEUROSIM_RECORD_OUT}/formats
            $<TARGET_FILE:neurosim> default inh,input --duration 500)
  set_tests_properties("cli: --record and --spikes-format csv, npy, sonata hold the same spikes"
    PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 120)
endif()
