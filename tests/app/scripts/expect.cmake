# Runs the neurosim binary once and checks what it did (cmake -P). Used by tests/app/cli.cmake.
#   NEUROSIM          the binary
#   ARGS              its arguments, separated by '|'
#   EXPECT_RC         the exit status it must return
#   STDOUT_HAS        texts (separated by '|') that stdout must contain, literally
#   STDERR_HAS        the same for stderr
#   OUT_DIR           removed before the run
#   FILES             name=first line pairs (separated by '|') that must exist in OUT_DIR
#   FILES_ABSENT      names (separated by '|') that must not exist in OUT_DIR
cmake_minimum_required(VERSION 3.20)

function(split var)
  string(REPLACE "|" ";" list "${${var}}")
  set(${var} "${list}" PARENT_SCOPE)
endfunction()

if(DEFINED OUT_DIR)
  file(REMOVE_RECURSE "${OUT_DIR}")
endif()
split(ARGS)
execute_process(COMMAND "${NEUROSIM}" ${ARGS}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(context "neurosim ${ARGS}\n--- exit status: ${rc}\n--- stdout:\n${out}\n--- stderr:\n${err}")

if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "expected exit status ${EXPECT_RC}\n${context}")
endif()
foreach(stream stdout stderr)
  string(TOUPPER "${stream}_HAS" key)
  if(stream STREQUAL "stdout")
    set(text "${out}")
  else()
    set(text "${err}")
  endif()
  split(${key})
  foreach(needle IN LISTS ${key})
    string(FIND "${text}" "${needle}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "expected ${stream} to contain: ${needle}\n${context}")
    endif()
  endforeach()
endforeach()
split(FILES)
foreach(pair IN LISTS FILES)
  string(FIND "${pair}" "=" eq)
  string(SUBSTRING "${pair}" 0 ${eq} name)
  math(EXPR after "${eq} + 1")
  string(SUBSTRING "${pair}" ${after} -1 header)
  if(NOT EXISTS "${OUT_DIR}/${name}")
    message(FATAL_ERROR "expected ${OUT_DIR}/${name} to exist\n${context}")
  endif()
  file(STRINGS "${OUT_DIR}/${name}" first LIMIT_COUNT 1)
  if(NOT "${first}" STREQUAL "${header}")
    message(FATAL_ERROR "${name}: first line is '${first}', expected '${header}'\n${context}")
  endif()
endforeach()
split(FILES_ABSENT)
foreach(name IN LISTS FILES_ABSENT)
  if(EXISTS "${OUT_DIR}/${name}")
    message(FATAL_ERROR "expected no ${OUT_DIR}/${name}\n${context}")
  endif()
endforeach()
