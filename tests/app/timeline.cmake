# Lesson timelines: the window's captions (headless) and `neurosim validate`/`run` with a timeline.
add_executable(timeline_caption_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp ${CMAKE_CURRENT_SOURCE_DIR}/app/test_timeline_captions.cpp)
target_link_libraries(timeline_caption_tests PRIVATE neurosim_engine doctest::doctest neurosim_warnings)
target_include_directories(timeline_caption_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
doctest_discover_tests(timeline_caption_tests TEST_PREFIX "app: ")

set(NEUROSIM_TIMELINE_OUT ${CMAKE_CURRENT_BINARY_DIR}/timeline-out)
file(MAKE_DIRECTORY ${NEUROSIM_TIMELINE_OUT})
neurosim_cli_test("validate names the field of a bad timeline entry"
  ARGS validate|${CMAKE_CURRENT_SOURCE_DIR}/data/scenarios/bad_timeline.json RC 2
  STDERR_HAS "bad_timeline.json: timeline[0].t_ms: must be >= 0 (got -1)")
neurosim_cli_test("run with a bad timeline exits 2 naming the entry"
  ARGS run|${CMAKE_CURRENT_SOURCE_DIR}/data/scenarios/bad_timeline.json|--out|${NEUROSIM_TIMELINE_OUT}/bad RC 2
  STDERR_HAS "populations.exc.params.V_th|unknown population 'exc'" OUT ${NEUROSIM_TIMELINE_OUT}/bad FILES_ABSENT "spikes.csv")
neurosim_cli_test("run ei-balance-lesson writes timeline_events.csv"
  ARGS run|ei-balance-lesson|--duration|1200|--out|${NEUROSIM_TIMELINE_OUT}/lesson|--overwrite RC 0 OUT ${NEUROSIM_TIMELINE_OUT}/lesson
  STDOUT_HAS "timeline_events.csv" FILES "timeline_events.csv=t_ms,index,kind,detail")
