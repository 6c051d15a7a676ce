# Command-line regressions for input limits a fuzzing pass found missing. Each runs the release
# binary on the failing input (tests/data/input_limits, tests/data/bad_inputs; the large ones
# are written here, at configure time, into the build tree) and expects exit 2 and the message.
set(NEUROSIM_LIMITS_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/input_limits)
set(NEUROSIM_BAD_INPUTS ${CMAKE_CURRENT_SOURCE_DIR}/data/bad_inputs)
set(NEUROSIM_LIMITS_OUT ${CMAKE_CURRENT_BINARY_DIR}/limits-out)
file(MAKE_DIRECTORY ${NEUROSIM_LIMITS_OUT})

neurosim_cli_test("a rates file above 1/dt is refused (it hung the run)"
  ARGS run|file-input|--input|${NEUROSIM_LIMITS_DATA}/rate_huge.csv|--set|populations[0].input.as=rates|--duration|10|--out|${NEUROSIM_LIMITS_OUT}/rate RC 2
  STDERR_HAS "rate_huge.csv: row 1, column 2: a rate must be <= 1/dt = 10000 Hz")
neurosim_cli_test("a spike count of 1e10 is refused (it overflowed an int)"
  ARGS run|file-input|--input|${NEUROSIM_BAD_INPUTS}/spike_count_huge.csv|--duration|10|--out|${NEUROSIM_LIMITS_OUT}/count RC 2
  STDERR_HAS "spike_count_huge.csv:3:1: a spike count must be at most 1000 per row (got 1e10)")
neurosim_cli_test("a spike count of 3e8 is refused (it ran out of memory)"
  ARGS run|file-input|--input|${NEUROSIM_BAD_INPUTS}/spike_count_3e8.csv|--duration|10|--out|${NEUROSIM_LIMITS_OUT}/count3e8 RC 2
  STDERR_HAS "spike_count_3e8.csv:1:1: a spike count must be at most 1000 per row (got 3e8)")
neurosim_cli_test("a t_ms of 1e300 is refused (it collapsed the loop period)"
  ARGS run|file-input|--input|${NEUROSIM_BAD_INPUTS}/time_huge.csv|--duration|10|--out|${NEUROSIM_LIMITS_OUT}/time RC 2
  STDERR_HAS "time_huge.csv:3:1: t_ms must be at most 1e+10 ms (got 1e+300)")
neurosim_cli_test("a JSON event at 1e300 ms is refused"
  ARGS run|file-input|--input|${NEUROSIM_BAD_INPUTS}/json_event_time_huge.json|--duration|10|--out|${NEUROSIM_LIMITS_OUT}/event RC 2
  STDERR_HAS "json_event_time_huge.json: spikes[1].t_ms: must be at most 1e+10 ms (got 1e+300)")
neurosim_cli_test("a t_ms of 1e400 is out of range, not 0"
  ARGS run|file-input|--input|${NEUROSIM_BAD_INPUTS}/time_beyond_double.csv|--duration|10|--out|${NEUROSIM_LIMITS_OUT}/t400 RC 2
  STDERR_HAS "time_beyond_double.csv:3:1: number out of range for a double: 1e400")
neurosim_cli_test("a scenario nested 101 levels deep is refused"
  ARGS run|${NEUROSIM_LIMITS_DATA}/deep_nesting.json|--out|${NEUROSIM_LIMITS_OUT}/deep RC 2
  STDERR_HAS "deep_nesting.json:1:132: nested deeper than 100 levels (the limit for a scenario)")
# 60,000 levels crashed the program (stack overflow).
string(REPEAT "[" 60000 open)
string(REPEAT "]" 60000 close)
file(WRITE ${NEUROSIM_LIMITS_OUT}/deep60000.json "{\"name\": \"deep\", \"populations\": ${open}${close}}\n")
neurosim_cli_test("a scenario nested 60,000 levels deep is refused, not a crash"
  ARGS validate|${NEUROSIM_LIMITS_OUT}/deep60000.json RC 2
  STDERR_HAS "deep60000.json:1:132: nested deeper than 100 levels (the limit for a scenario)")
# A 1.5 MB CSV: one row of 250,000 columns, then 500,000 blank lines ("out of memory while reading").
string(REPEAT ",0" 249999 row)
string(REPEAT "\n" 500000 blanks)
file(WRITE ${NEUROSIM_LIMITS_OUT}/wide.csv "1${row}\n${blanks}")
neurosim_cli_test("a wide CSV followed by blank lines loads"
  ARGS run|file-input|--input|${NEUROSIM_LIMITS_OUT}/wide.csv|--duration|1|--out|${NEUROSIM_LIMITS_OUT}/wide RC 0
  STDOUT_HAS "input            file          250000 neurons")
# A gzip trailer claiming 4 GiB: with 400 MB of address space the reader must still get as far
# as the real error (it reserved the claimed size first). Address-space limits and
# AddressSanitizer's shadow memory do not mix, so this one is skipped under the sanitizers.
if(NOT NEUROSIM_SANITIZE)
  add_test(NAME "cli: a gzip trailer that claims 4 GiB reserves nothing"
    COMMAND sh -c "ulimit -v 400000 && exec \"$0\" run mnist-input --images \"$1\" --duration 1 --out \"$2\" 2>&1; echo rc=$?"
            $<TARGET_FILE:neurosim> ${NEUROSIM_BAD_INPUTS}/gzip_huge_isize.idx.gz ${NEUROSIM_LIMITS_OUT}/gzip)
  set_tests_properties("cli: a gzip trailer that claims 4 GiB reserves nothing" PROPERTIES
    ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60
    PASS_REGULAR_EXPRESSION "gzip_huge_isize.idx.gz: gzip data at byte 59: length mismatch: the data is damaged")
endif()
