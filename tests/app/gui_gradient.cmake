# gui_gradient_smoke (label "gui"): `neurosim gui sg-digits` opens the gradient-training layout
# (training curves, the current sample's spikes layer by layer, kernels and feature maps, the
# surrogate, the confusion matrix, controls) while the preset trains on its own thread; 20
# frames wait for 20 training batches and the first live test. Screenshot checked like
# gui_smoke's.
if(NOT TARGET gui_png_check)
  return()
endif()
if(XVFB_RUN)
  set(NEUROSIM_GRADIENT_SHOT ${CMAKE_BINARY_DIR}/gui_gradient_smoke.png)
  add_test(NAME gui_gradient_smoke
    COMMAND gui_png_check ${NEUROSIM_GRADIENT_SHOT} 1600 900 --
            ${XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui sg-digits --frames 20 --screenshot ${NEUROSIM_GRADIENT_SHOT})
else()
  add_test(NAME gui_gradient_smoke COMMAND gui_png_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_gradient_smoke PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 300
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")

# Options of the network window that a gradient preset has no use for are refused by name
# (before any window opens, so no display is needed).
add_test(NAME gui_gradient_refuses_export COMMAND neurosim gui sg-digits --export /tmp/never)
set_tests_properties(gui_gradient_refuses_export PROPERTIES
  WILL_FAIL FALSE
  PASS_REGULAR_EXPRESSION "--export, --export-panels and --layout do not apply to sg-digits"
  ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
