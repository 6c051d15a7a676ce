# SONATA export through the command line: `export --to sonata --out DIR`. Layout, every edge
# against the built network and refusals in detail: tests/io/test_export_sonata.cpp.
set(NEUROSIM_SONATA_OUT ${CMAKE_CURRENT_BINARY_DIR}/sonata-out)
file(MAKE_DIRECTORY ${NEUROSIM_SONATA_OUT})

neurosim_cli_test("sonata: export cuba writes the network, types tables, configs and run_pynn.py"
  ARGS export|cuba|--to|sonata|--out|${NEUROSIM_SONATA_OUT}/cuba|--overwrite RC 0
  STDOUT_HAS "cuba: SONATA in ${NEUROSIM_SONATA_OUT}/cuba")
neurosim_cli_test("sonata: export refuses a model it cannot map, naming it"
  ARGS export|masquelier2008|--to|sonata|--out|${NEUROSIM_SONATA_OUT}/srm RC 2
  STDERR_HAS "populations[0] (afferents): model \"pattern\" is not exported to SONATA")
neurosim_cli_test("sonata: export refuses per-neuron parameters, naming them"
  ARGS export|izhikevich2003|--to|sonata|--out|${NEUROSIM_SONATA_OUT}/izh RC 2
  STDERR_HAS "populations[0] (exc).params.c: per-neuron values are not exported to SONATA (give one value)")
neurosim_cli_test("sonata: export refuses a learning rule PyNN has no type for, naming rule and projection"
  ARGS export|diehl-cook|--to|sonata|--out|${NEUROSIM_SONATA_OUT}/triplet RC 2
  STDERR_HAS "learning rule \"stdp_triplet\" is not exported to PyNN: the triplet rule has no PyNN standard STDP type")

# Read back with h5py against weights.csv of `neurosim run` (skipped without h5py).
set(NEUROSIM_SONATA_PYTHON "")
foreach(candidate ${Python3_EXECUTABLE} /usr/bin/python3)
  if(NOT NEUROSIM_SONATA_PYTHON AND EXISTS "${candidate}")
    set(NEUROSIM_SONATA_PYTHON ${candidate})
    execute_process(COMMAND ${candidate} -c "import h5py, numpy" RESULT_VARIABLE sonata_h5py_rc OUTPUT_QUIET ERROR_QUIET)
    if(NOT sonata_h5py_rc EQUAL 0)
      set(NEUROSIM_SONATA_PYTHON "")
    endif()
  endif()
endforeach()
if(NOT NEUROSIM_SONATA_PYTHON)
  set(NEUROSIM_SONATA_PYTHON ${Python3_EXECUTABLE})  # the script then reports SKIPPED
endif()
if(NEUROSIM_SONATA_PYTHON)
  foreach(preset cuba default coba file-input)
    add_test(NAME "cli: sonata: ${preset} read back with h5py, every edge as in weights.csv of neurosim run"
      COMMAND ${NEUROSIM_SONATA_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_sonata_export.py ${NEUROSIM_SONATA_OUT}/h5py-${preset}
              $<TARGET_FILE:neurosim> ${preset})
    set_tests_properties("cli: sonata: ${preset} read back with h5py, every edge as in weights.csv of neurosim run"
      PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60 SKIP_REGULAR_EXPRESSION "SKIPPED")
  endforeach()
endif()

# The exported cuba and default on PyNN's Brian2 backend, rates within 10 % of NeuroSim's over
# 500 ms (the same network; Poisson inputs and initial values drawn anew). Brian2's numpy code
# generation needs no compiler: each takes about 15 s of CPU. Label brian2 (skipped without PyNN).
if(NEUROSIM_SONATA_PYTHON)
  foreach(preset cuba default)
    set(name "cli: sonata: ${preset} on Brian2 (numpy) fires within 10 % of NeuroSim's rates")
    add_test(NAME "${name}"
      COMMAND ${NEUROSIM_SONATA_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_brian2_rates.py ${NEUROSIM_SONATA_OUT}/brian2-${preset}
              $<TARGET_FILE:neurosim> ${preset} 500 0.10)
    set_tests_properties("${name}" PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 300 LABELS brian2
                         SKIP_REGULAR_EXPRESSION "SKIPPED")
  endforeach()
endif()

# file -> SpikeSourceArray in the PyNN script: file-input's script on Brian2 plays exactly
# NeuroSim's input spikes, and its layer (synapses drawn by the script) fires within 10 %.
if(NEUROSIM_SONATA_PYTHON)
  set(name "cli: pynn: file-input on Brian2 (numpy) plays NeuroSim's file spikes and fires within 10 %")
  add_test(NAME "${name}"
    COMMAND ${NEUROSIM_SONATA_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_brian2_rates.py ${NEUROSIM_SONATA_OUT}/brian2-pynn-file-input
            $<TARGET_FILE:neurosim> file-input 1000 0.10 pynn)
  set_tests_properties("${name}" PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 300 LABELS brian2
                       SKIP_REGULAR_EXPRESSION "SKIPPED")
endif()

# The exported STDP on Brian2 against NeuroSim: every synapse of three probe projections (additive,
# additive with a 2 ms delay, multiplicative) against the rule by direct sums within 1e-4 pA, and
# song2000-small fed the same input spikes for 1 s: output spikes and mean weight within 2 %, the
# weights within 2 % of w_max (RMS). One Brian2 run (numpy), about 16 s of CPU. Label brian2.
if(NEUROSIM_SONATA_PYTHON)
  set(name "cli: sonata: STDP on Brian2 (numpy) learns as NeuroSim, pair by pair and in song2000-small")
  add_test(NAME "${name}"
    COMMAND ${NEUROSIM_SONATA_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_brian2_stdp.py ${NEUROSIM_SONATA_OUT}/brian2-stdp
            $<TARGET_FILE:neurosim> 1000)
  set_tests_properties("${name}" PROPERTIES TIMEOUT 300 LABELS brian2 SKIP_REGULAR_EXPRESSION "SKIPPED")
endif()
