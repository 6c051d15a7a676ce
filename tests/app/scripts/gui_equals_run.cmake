# The window and `neurosim run` give the same spikes: `gui SCENARIO --frames N --export DIR` (the
# engine's thread in lockstep with the frames: N/60 s of simulated time at speed 1) against
# `run SCENARIO --duration N*1000/60`, spikes.csv and weights.csv compared byte for byte.
#   cmake -DNEUROSIM=... -DXVFB_RUN=... -DSCENARIO=default -DFRAMES=60 -DOUT=dir -P gui_equals_run.cmake
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
math(EXPR duration "${FRAMES} * 1000 / 60")
execute_process(COMMAND ${NEUROSIM} run ${SCENARIO} --duration ${duration} --out ${OUT}/run RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "neurosim run failed (${rc})")
endif()
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${NEUROSIM} gui ${SCENARIO} --size 1280x720 --frames ${FRAMES}
                        --export ${OUT}/gui RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "neurosim gui failed (${rc})")
endif()
foreach(file spikes.csv weights.csv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/run/${file} ${OUT}/gui/${file} RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "${file}: the window's export differs from neurosim run's")
  endif()
endforeach()
file(STRINGS ${OUT}/run/spikes.csv rows)
list(LENGTH rows n)
message(STATUS "spikes.csv and weights.csv equal (${n} lines)")
