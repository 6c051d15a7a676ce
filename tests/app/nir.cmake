# NIR graphs through the command line: `export --to nir|json`, and .nir files wherever a scenario
# goes (run, validate, export). Round trip, NIR equations and bad files: tests/io/test_nir.cpp.
set(NEUROSIM_NIR_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/nir)
set(NEUROSIM_NIR_OUT ${CMAKE_CURRENT_BINARY_DIR}/nir-out)
file(MAKE_DIRECTORY ${NEUROSIM_NIR_OUT})

neurosim_cli_test("nir: export a feedforward LIF scenario"
  ARGS export|${NEUROSIM_NIR_DATA}/feedforward.json|--to|nir|--out|${NEUROSIM_NIR_OUT}/ff.nir|--overwrite RC 0
  STDOUT_HAS "wrote ${NEUROSIM_NIR_OUT}/ff.nir")
neurosim_cli_test("nir: export refuses a recurrent projection, naming it"
  ARGS export|cuba|--to|nir|--out|${NEUROSIM_NIR_OUT}/cuba.nir RC 2
  STDERR_HAS "cuba: cannot export to NIR: projection ee is recurrent (exc onto itself)")
neurosim_cli_test("nir: export refuses a model without a NIR node, naming the population"
  ARGS export|${NEUROSIM_NIR_DATA}/izhikevich_layer.json|--to|nir|--out|${NEUROSIM_NIR_OUT}/izh.nir RC 2
  STDERR_HAS "cannot export to NIR: population out: model izhikevich has no NIR node")
neurosim_cli_test("nir: export refuses a projection that is not all-to-all"
  ARGS export|${NEUROSIM_NIR_DATA}/sparse_layer.json|--to|nir|--out|${NEUROSIM_NIR_OUT}/p.nir RC 2
  STDERR_HAS "cannot export to NIR: projection in_hidden is not all-to-all")
neurosim_cli_test("nir: a non-HDF5 .nir file is named"
  ARGS validate|${NEUROSIM_NIR_DATA}/not_hdf5.nir RC 2
  STDERR_HAS "not_hdf5.nir: not an HDF5 file (NIR files are HDF5)")
# A fuzzing finding: /node/edges strings whose global-heap object claims 738197509 bytes, which
# libhdf5 1.10.8 trusts (H5HG_read copies past the heap). The file is read in a child process
# first; validate, run and export name it as damaged instead of crashing.
foreach(command validate run)
  neurosim_cli_test("nir: ${command} names a file that crashes libhdf5 as damaged"
    ARGS ${command}|${NEUROSIM_NIR_DATA}/damaged_vlen_heap_length.nir RC 2
    STDERR_HAS "damaged_vlen_heap_length.nir: damaged (the HDF5 library failed reading it)")
endforeach()
# A fuzzing finding: a damaged global heap on which libhdf5 1.10.8 reads forever (H5HG_read ->
# H5C_protect). The child reading it is stopped after 5 s (plus 1 s per 20 MB).
neurosim_cli_test("nir: validate names a file libhdf5 never finishes reading as damaged"
  ARGS validate|${NEUROSIM_NIR_DATA}/damaged_heap_loop.nir RC 2
  STDERR_HAS "damaged_heap_loop.nir: damaged (the HDF5 library did not finish reading it)")

# The exported file read back with h5py: layout, parameters and weights (skipped without h5py).
add_test(NAME "cli: nir: the exported file has NIR's layout, parameters and weights (h5py)"
  COMMAND ${NEUROSIM_H5PY_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_nir_export.py ${NEUROSIM_NIR_OUT}/h5py
          $<TARGET_FILE:neurosim> ${NEUROSIM_NIR_DATA}/feedforward.json)
set_tests_properties("cli: nir: the exported file has NIR's layout, parameters and weights (h5py)"
  PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60 SKIP_REGULAR_EXPRESSION "SKIPPED")

# export -> validate / run / export --to json of the .nir file.
add_test(NAME "cli: nir: an exported graph validates, runs and exports as scenario JSON"
  COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DSCENARIO=${NEUROSIM_NIR_DATA}/feedforward.json -DOUT=${NEUROSIM_NIR_OUT}/chain
          -P ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/nir_chain.cmake)
set_tests_properties("cli: nir: an exported graph validates, runs and exports as scenario JSON"
  PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60)
