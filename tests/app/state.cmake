# --save-state / --load-state (cli/state_files.hpp): a run continued from its state file equals
# one uninterrupted run; bad state files are refused with exit 2. See scripts/state_round_trip.cmake.
set(NEUROSIM_STATE_OUT ${CMAKE_CURRENT_BINARY_DIR}/state-out)

function(neurosim_state_test name scenario args first second whole weights)
  add_test(NAME "cli: ${name}"
    COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DDIR=${NEUROSIM_STATE_OUT}/${scenario} -DSCENARIO=${scenario}
            "-DARGS=${args}" "-DFIRST=${first}" "-DSECOND=${second}" "-DWHOLE=${whole}" -DWEIGHTS=${weights}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/state_round_trip.cmake)
  set_tests_properties("cli: ${name}" PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 120)
endfunction()

# A plain run (cuba: 4000 LIF neurons), 200 + 200 ms against 400 ms (metrics windows of 100 ms).
neurosim_state_test("run --save-state then --load-state equals one run (cuba)" cuba "" 200 200 400 weights.csv)
# An experiment (masquelier2008 shortened: STDP, pattern task): the first part runs 1.23 s of the
# schedule, the second the rest.
neurosim_state_test("run --save-state then --load-state equals one run (experiment, masquelier2008)" masquelier2008
  "--set|experiment.epochs=2|--set|experiment.epoch_ms=1000" 1230 "" "" weights_final.csv)
# A lesson timeline (ei-balance-lesson: inhibition x4 from 1 s to 3 s): cut at 2 s, between its
# two entries, the continued run applies only the second, at its time.
neurosim_state_test("run --save-state then --load-state equals one run (timeline, ei-balance-lesson)" ei-balance-lesson
  "" 2000 2000 4000 weights.csv)
