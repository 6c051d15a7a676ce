# `neurosim run ... --save-state` then `--load-state` against one uninterrupted run (cmake -P):
# the spikes of the first part followed by those of the continued part are the uninterrupted
# run's spikes.csv, row for row, the final weights are the same, digit for digit, and metrics.csv
# continues (experiments: holds every phase, as the uninterrupted run's). Then a
# state file of another seed, a truncated one and one with a flipped byte are refused (exit 2,
# the reason on stderr).
#   NEUROSIM   the binary
#   DIR        a scratch directory (emptied first)
#   SCENARIO   preset name; ARGS: more run arguments separated by '|' (may be empty)
#   FIRST, SECOND  --duration of the two parts; WHOLE: of the uninterrupted run ("" for none)
#   WEIGHTS    the weights file to compare (weights.csv or weights_final.csv)
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
string(REPLACE "|" ";" extra "${ARGS}")

function(run_neurosim expect_rc out_var err_var)
  execute_process(COMMAND "${NEUROSIM}" run ${SCENARIO} ${extra} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT "${rc}" STREQUAL "${expect_rc}")
    message(FATAL_ERROR "neurosim run ${SCENARIO} ${extra} ${ARGN}: exit status ${rc}, expected ${expect_rc}\n${out}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
endfunction()

function(duration_args var value)
  if("${value}" STREQUAL "")
    set(${var} "" PARENT_SCOPE)
  else()
    set(${var} --duration ${value} PARENT_SCOPE)
  endif()
endfunction()

duration_args(whole_d "${WHOLE}")
duration_args(first_d "${FIRST}")
duration_args(second_d "${SECOND}")
run_neurosim(0 out err ${whole_d} --out ${DIR}/whole)
run_neurosim(0 out err ${first_d} --out ${DIR}/first --save-state ${DIR}/run.state)
run_neurosim(0 out err ${second_d} --out ${DIR}/second --load-state ${DIR}/run.state)

# Spikes: first part + second part (without its header) = the uninterrupted run.
file(READ ${DIR}/whole/spikes.csv whole)
file(READ ${DIR}/first/spikes.csv first)
file(READ ${DIR}/second/spikes.csv second)
string(FIND "${second}" "\n" header_end)
math(EXPR body_start "${header_end} + 1")
string(SUBSTRING "${second}" ${body_start} -1 second_body)
if(NOT "${first}${second_body}" STREQUAL "${whole}")
  message(FATAL_ERROR "spikes.csv of the two parts differs from the uninterrupted run's (${DIR})")
endif()
string(LENGTH "${second_body}" second_length)
if(second_length LESS 100)
  message(FATAL_ERROR "the continued part wrote almost no spikes: the test compares little (${DIR}/second/spikes.csv)")
endif()
file(READ ${DIR}/whole/${WEIGHTS} whole_w)
file(READ ${DIR}/second/${WEIGHTS} second_w)
if(NOT "${whole_w}" STREQUAL "${second_w}")
  message(FATAL_ERROR "${WEIGHTS} after the continued run differs from the uninterrupted run's (${DIR})")
endif()

# metrics.csv: a plain run's windows continue (first part + second = whole, when the cut falls on
# a window's end); an experiment's continued run reports every phase, as the whole run does.
file(READ ${DIR}/whole/metrics.csv whole_m)
file(READ ${DIR}/first/metrics.csv first_m)
file(READ ${DIR}/second/metrics.csv second_m)
string(FIND "${second_m}" "\n" header_end)
math(EXPR body_start "${header_end} + 1")
string(SUBSTRING "${second_m}" ${body_start} -1 second_m_body)
if(NOT "${second_m}" STREQUAL "${whole_m}" AND NOT "${first_m}${second_m_body}" STREQUAL "${whole_m}")
  message(FATAL_ERROR "metrics.csv of the continued run does not continue the uninterrupted run's (${DIR})")
endif()

# Refusals: another seed, a truncated file, a flipped byte.
function(expect_refusal file message)
  run_neurosim(2 out err ${ARGN} ${second_d} --out ${DIR}/refused --load-state ${file})
  string(FIND "${err}" "${message}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected \"${message}\" on stderr, got:\n${err}")
  endif()
endfunction()
expect_refusal(${DIR}/run.state "was written for scenario '${SCENARIO}' with other settings" --seed 12345)
execute_process(COMMAND head -c 1000 ${DIR}/run.state OUTPUT_FILE ${DIR}/truncated.state)
expect_refusal(${DIR}/truncated.state "state file ${DIR}/truncated.state is truncated at byte 1000")
file(COPY_FILE ${DIR}/run.state ${DIR}/flipped.state)
execute_process(COMMAND sh -c "printf 'Z' | dd of='${DIR}/flipped.state' bs=1 seek=2000 conv=notrunc 2>/dev/null")
expect_refusal(${DIR}/flipped.state "state file ${DIR}/flipped.state is damaged: checksum mismatch")
expect_refusal(${DIR}/nothing.state "state file ${DIR}/nothing.state: no such file")
