# Two runs side by side: `neurosim gui A --compare B` and `--compare-set PATH=VALUE`.
#   gui_compare_smoke (label "gui"): default beside a copy with a shorter tau_m, 60 frames under
#   Xvfb, the screenshot checked as gui_smoke's (a real picture, not a blank frame);
#   gui_compare_bad_*: a bad B (unknown preset, unreadable or malformed file, bad path, bad
#   value) is refused with status 2 and a message naming it, before any window opens.
if(NOT TARGET neurosim_gui OR NOT TARGET gui_png_check)
  return()
endif()
find_program(XVFB_RUN xvfb-run)
if(XVFB_RUN)
  set(NEUROSIM_COMPARE_SHOT ${CMAKE_BINARY_DIR}/gui_compare_smoke.png)
  add_test(NAME gui_compare_smoke
    COMMAND gui_png_check ${NEUROSIM_COMPARE_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui default --compare-set populations.exc.params.tau_m=10 --frames 60
            --screenshot ${NEUROSIM_COMPARE_SHOT})
else()
  add_test(NAME gui_compare_smoke COMMAND gui_png_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_compare_smoke PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 120
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")

# Each bad B: name^the arguments after `gui default` (separated by '|')^a text stderr
# must contain; tests/app/scripts/expect.cmake checks the status (2) and the message.
set(NEUROSIM_COMPARE_MALFORMED ${CMAKE_BINARY_DIR}/compare_malformed.json)
file(WRITE ${NEUROSIM_COMPARE_MALFORMED} "{\"populations\": [\n")
set(bad_cases
  "unknown_preset^--compare|no-such-preset^error: --compare no-such-preset"
  "missing_file^--compare|${CMAKE_BINARY_DIR}/no/such/file.json^no/such/file.json"
  "malformed_file^--compare|${NEUROSIM_COMPARE_MALFORMED}^compare_malformed.json"
  "bad_path^--compare-set|populations.nope.params.tau_m=15^error: --compare-set populations.nope.params.tau_m=15: "
  "bad_value^--compare-set|populations.exc.params.tau_m=0^tau_m"
  "no_equals^--compare-set|tau_m^error: --compare-set expects PATH=VALUE"
  "other_dt^--compare-set|dt_ms=0.05^the same dt_ms")
foreach(case IN LISTS bad_cases)
  string(REPLACE "^" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 args)
  list(GET parts 2 expect)
  add_test(NAME gui_compare_bad_${name}
    COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> "-DARGS=gui|default|${args}|--frames|1" -DEXPECT_RC=2
            "-DSTDERR_HAS=${expect}" -P ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/expect.cmake)
  set_tests_properties(gui_compare_bad_${name} PROPERTIES LABELS cli TIMEOUT 60 ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
endforeach()
