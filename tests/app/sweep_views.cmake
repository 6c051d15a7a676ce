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
            --run $<TARGET_FILE:sweep_view_tests> "--test-case=plot svg: writes sample pictures for the XML check" --
            "${NEUROSIM_SVG_SAMPLES}/raster.svg:rect.spikes>=10,text=time (ms),text=neurons,text=inh & co"
            "${NEUROSIM_SVG_SAMPLES}/rates.svg:polyline.rate>=2,text=rate (Hz),text=time (ms)"
            "${NEUROSIM_SVG_SAMPLES}/traces.svg:polyline.trace>=2,text=V (mV),text=I_syn_e (pA)"
            "${NEUROSIM_SVG_SAMPLES}/sweep.svg:rect.cells>=4,rect.colour-bar>=64,text=x rate (Hz),text=a (pA)")
endif()
