# The Sweep panel's view-model and background job, and the plots as SVG (app/gui/views/
# sweep_table.cpp, sweep_job.cpp, svg_writer.cpp, plot_svg.cpp). Headless: no GL, no window.
add_executable(sweep_view_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_sweep_views.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/test_plot_svg.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/sweep_table.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/sweep_job.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/svg_writer.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/axis_ticks.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/plot_svg.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/raster_ring.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/rate_history.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/views/trace_history.cpp
  ${PROJECT_SOURCE_DIR}/app/gui/render/colormap.cpp)
target_link_libraries(sweep_view_tests PRIVATE neurosim_engine neurosim_cli doctest::doctest neurosim_warnings)
target_include_directories(sweep_view_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
set(NEUROSIM_SVG_SAMPLES ${CMAKE_BINARY_DIR}/svg_samples)
target_compile_definitions(sweep_view_tests PRIVATE NEUROSIM_SVG_SAMPLE_DIR="${NEUROSIM_SVG_SAMPLES}")
doctest_discover_tests(sweep_view_tests TEST_PREFIX "app: " PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")

# The SVG pictures parse as XML (Python's xml.etree) and hold their marks, lines and axis titles.
find_program(NEUROSIM_PYTHON3 python3)
if(NEUROSIM_PYTHON3)
  add_test(NAME plot_svg_parses_as_xml
    COMMAND ${NEUROSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_svg.py
            --run $<TARGET_FILE:sweep_view_tests> "--test-case=plot svg: writes sample pictures for the XML check" --check
            "${NEUROSIM_SVG_SAMPLES}/raster.svg:rect.spikes>=10,text=time (ms),text=neurons,text=inh & co"
            "${NEUROSIM_SVG_SAMPLES}/rates.svg:polyline.rate>=2,text=rate (Hz),text=time (ms)"
            "${NEUROSIM_SVG_SAMPLES}/traces.svg:polyline.trace>=2,text=V (mV),text=I_syn_e (pA)"
            "${NEUROSIM_SVG_SAMPLES}/sweep.svg:rect.cells>=4,rect.colour-bar>=64,text=x rate (Hz),text=a (pA)")
endif()

# [SECTION] In the window (label gui)
if(NOT TARGET neurosim_gui OR NOT TARGET png_set_check OR NOT TARGET gui_png_check OR NOT NEUROSIM_PYTHON3)
  return()
endif()
find_program(NEUROSIM_SWEEP_XVFB_RUN xvfb-run)
if(NEUROSIM_SWEEP_XVFB_RUN)
  # An f-I curve swept in the window off the UI thread, exported in the print theme: the Sweep
  # window's picture (PNG on white paper, SVG with the curve, its points and both axis titles) and
  # the other panels' pictures and SVG beside them.
  set(NEUROSIM_SWEEP_PICTURES ${CMAKE_BINARY_DIR}/gui_sweep_pictures)
  add_test(NAME gui_sweep_curve_print_theme
    COMMAND ${NEUROSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_svg.py --run
            $<TARGET_FILE:png_set_check> ${NEUROSIM_SWEEP_PICTURES} 800 600 sweep.png raster.png traces.png rates.png weights.png
            sweep.svg raster.svg traces.svg rates.svg --
            ${NEUROSIM_SWEEP_XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui lif-single --layout network --frames 20 --sweep-vary stimuli.step.amplitude=0:1000:6 --sweep-duration 300
            --print-theme --export-panels ${NEUROSIM_SWEEP_PICTURES} --panel-size 800x600 --check
            "${NEUROSIM_SWEEP_PICTURES}/sweep.svg:polyline.curve>=1,circle.points>=6,text=stimuli.step.amplitude (pA),text=neuron rate (Hz)"
            "${NEUROSIM_SWEEP_PICTURES}/raster.svg:rect.spikes>=1,text=time (ms)"
            "${NEUROSIM_SWEEP_PICTURES}/traces.svg:polyline.trace>=1,text=V (mV),text=time (ms)"
            "${NEUROSIM_SWEEP_PICTURES}/rates.svg:polyline.rate>=1,text=rate (Hz)"
            "${NEUROSIM_SWEEP_PICTURES}/sweep.png:paper=ffffff"
            "${NEUROSIM_SWEEP_PICTURES}/raster.png:paper=ffffff"
            "${NEUROSIM_SWEEP_PICTURES}/weights.png:paper=ffffff")
  # A sweep.csv from `neurosim sweep` drawn as a heatmap (two parameters), a real picture.
  set(NEUROSIM_SWEEP_SHOT ${CMAKE_BINARY_DIR}/gui_sweep_heatmap.png)
  add_test(NAME gui_sweep_csv_heatmap
    COMMAND gui_png_check ${NEUROSIM_SWEEP_SHOT} 1600 900 --
            ${NEUROSIM_SWEEP_XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui lif-single --frames 10 --paused --sweep-csv ${CMAKE_CURRENT_SOURCE_DIR}/app/data/sweep-2d.csv
            --screenshot ${NEUROSIM_SWEEP_SHOT})
  set_tests_properties(gui_sweep_curve_print_theme gui_sweep_csv_heatmap PROPERTIES
    LABELS gui
    TIMEOUT 180
    ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
endif()
# Refusals before any window opens: a malformed sweep.csv names its line and column; a bad
# --sweep-vary names the argument as `neurosim sweep` does. Exit status 2.
add_test(NAME gui_sweep_csv_malformed
  COMMAND $<TARGET_FILE:neurosim> gui lif-single --frames 1 --sweep-csv ${CMAKE_CURRENT_SOURCE_DIR}/app/data/sweep-bad.csv)
add_test(NAME gui_sweep_vary_empty_range
  COMMAND $<TARGET_FILE:neurosim> gui lif-single --frames 1 --sweep-vary stimuli.step.amplitude=1:2:0)
set_tests_properties(gui_sweep_csv_malformed PROPERTIES
  LABELS gui WILL_FAIL FALSE
  PASS_REGULAR_EXPRESSION "error: --sweep-csv: .*sweep-bad.csv line 3, column neuron_rate_hz: \"fast\" is not a number")
set_tests_properties(gui_sweep_vary_empty_range PROPERTIES
  LABELS gui
  PASS_REGULAR_EXPRESSION "error: --sweep-vary: --vary stimuli.step.amplitude=1:2:0: the range 1:2:0 is empty")
