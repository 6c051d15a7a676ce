# `neurosim replay`: recorded spikes from NeuroSim, SONATA and NEST back to spikes.csv and
# metrics.csv (the rows themselves: tests/io/test_replay.cpp). The reference for the round trip is the run itself: replaying a run's spikes.csv
# with its scenario gives its metrics.csv byte for byte (tests/app/scripts/replay_round_trip.cmake).
set(NEUROSIM_REPLAY_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/replay)
set(NEUROSIM_REPLAY_OUT ${CMAKE_CURRENT_BINARY_DIR}/replay-out)
file(MAKE_DIRECTORY ${NEUROSIM_REPLAY_OUT})

neurosim_cli_test("replay NEST 3 files of two virtual processes, with and without # on the header"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/spike_recorder-705-0.dat|${NEUROSIM_REPLAY_DATA}/spike_recorder-705-1.dat|--out|${NEUROSIM_REPLAY_OUT}/nest|--overwrite RC 0
  OUT ${NEUROSIM_REPLAY_OUT}/nest STDOUT_HAS "replay: 5 spikes from 2 files over 100 ms|spike_recorder-705         5 neurons"
  FILES "spikes.csv=t_ms,population,neuron")
neurosim_cli_test("replay NEST senders onto a scenario's populations by global id"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/spike_recorder-705-0.dat|${NEUROSIM_REPLAY_DATA}/spike_recorder-705-1.dat|--scenario|default|--out|${NEUROSIM_REPLAY_OUT}/nest-default|--overwrite RC 0
  OUT ${NEUROSIM_REPLAY_OUT}/nest-default
  FILES "spikes.csv=t_ms,population,neuron")
neurosim_cli_test("replay a NEST 2 .gdf file"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/brunel-2-0.gdf|--out|${NEUROSIM_REPLAY_OUT}/gdf|--overwrite RC 0
  OUT ${NEUROSIM_REPLAY_OUT}/gdf FILES "spikes.csv=t_ms,population,neuron")
neurosim_cli_test("replay a SONATA file onto a scenario, unsorted events in time order"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/good_sonata.h5|--scenario|default|--out|${NEUROSIM_REPLAY_OUT}/sonata|--overwrite RC 0
  OUT ${NEUROSIM_REPLAY_OUT}/sonata FILES "spikes.csv=t_ms,population,neuron")
neurosim_cli_test("replay names the file and line of a bad NEST time"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/bad_time-3-0.dat|--out|${NEUROSIM_REPLAY_OUT}/bad1 RC 2 OUT ${NEUROSIM_REPLAY_OUT}/bad1
  STDERR_HAS "bad_time-3-0.dat:4: not a time in ms: \"abc\"" FILES_ABSENT "spikes.csv")
neurosim_cli_test("replay refuses NEST times in steps"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/steps-3-0.dat|--out|${NEUROSIM_REPLAY_OUT}/bad2 RC 2
  STDERR_HAS "steps-3-0.dat:1: times in steps (time_in_steps) are not supported")
neurosim_cli_test("replay names the line of a short spikes.csv row"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/bad_row.csv|--out|${NEUROSIM_REPLAY_OUT}/bad3 RC 2
  STDERR_HAS "bad_row.csv:3: expected t_ms,population,neuron (got \"0.7,exc\")")
neurosim_cli_test("replay names the SONATA dataset that does not fit"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/bad_lengths.h5|--out|${NEUROSIM_REPLAY_OUT}/bad4 RC 2
  STDERR_HAS "bad_lengths.h5: /spikes/exc: timestamps has 3 values, node_ids 2")
# A heap length that libhdf5 1.10 trusts and copies ~700 MB past (make_damaged_sonata.py): the
# file is read in a child process first, and named as damaged instead of crashing the replay.
neurosim_cli_test("replay names a SONATA file that crashes libhdf5 as damaged"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/damaged_vlen_heap_length.h5|--out|${NEUROSIM_REPLAY_OUT}/bad_heap RC 2
  STDERR_HAS "damaged_vlen_heap_length.h5: damaged (the HDF5 library failed reading it)")
neurosim_cli_test("replay refuses a NEST sender outside the scenario"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/brunel-2-0.gdf|--scenario|lif-single|--out|${NEUROSIM_REPLAY_OUT}/bad5 RC 2
  STDERR_HAS "brunel-2-0.gdf: sender 12 is outside the scenario's neurons (NEST ids 1..1)")
neurosim_cli_test("replay refuses a SONATA population the scenario lacks"
  ARGS replay|${NEUROSIM_REPLAY_DATA}/good_sonata.h5|--scenario|lif-single|--out|${NEUROSIM_REPLAY_OUT}/bad6 RC 2
  STDERR_HAS "good_sonata.h5: population \"exc\" is not in the scenario (populations: neuron)")
neurosim_cli_test("replay refuses an unknown file type"
  ARGS replay|${CMAKE_CURRENT_SOURCE_DIR}/data/bad_inputs/good_images.idx|--out|${NEUROSIM_REPLAY_OUT}/bad7 RC 2
  STDERR_HAS "good_images.idx: unknown spike file type \".idx\"")

# A run's spikes (CSV, NPY, SONATA) replayed with its scenario give its spikes.csv and metrics.csv.
foreach(format csv npy sonata)
  add_test(NAME "cli: replay of a run's ${format} spikes gives the run's spikes.csv and metrics.csv"
    COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DFORMAT=${format} -DOUT=${NEUROSIM_REPLAY_OUT}/round-${format}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/replay_round_trip.cmake)
  set_tests_properties("cli: replay of a run's ${format} spikes gives the run's spikes.csv and metrics.csv"
    PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60)
endforeach()

# [SECTION] export --to pynn (the script's content: tests/io/test_export_pynn.cpp; its rates
# against NeuroSim's: tests/benchmarks/pynn_rates.sh, which needs python3-pynn and python3-brian)
neurosim_cli_test("export --to pynn writes a PyNN script"
  ARGS export|cuba|--to|pynn|--out|${NEUROSIM_REPLAY_OUT}/export/cuba.py|--overwrite RC 0 OUT ${NEUROSIM_REPLAY_OUT}/export
  STDOUT_HAS "cuba: PyNN script in ${NEUROSIM_REPLAY_OUT}/export/cuba.py" FILES "cuba.py=#!/usr/bin/env python3")
file(MAKE_DIRECTORY ${NEUROSIM_REPLAY_OUT}/export)
neurosim_cli_test("export --to pynn refuses a model and a rule it cannot map, by name"
  ARGS export|masquelier2008|--to|pynn|--out|${NEUROSIM_REPLAY_OUT}/export-srm/x.py RC 2 OUT ${NEUROSIM_REPLAY_OUT}/export-srm
  STDERR_HAS "model \"srm\" has no PyNN standard cell in this export|learning rule \"stdp\" with pairing 2 (restricted nearest) is not exported|error: masquelier2008 cannot be exported to PyNN"
  FILES_ABSENT "x.py")
neurosim_cli_test("export --to pynn refuses reward learning, naming rule and projection"
  ARGS export|rstdp|--to|pynn|--out|${NEUROSIM_REPLAY_OUT}/export-rstdp/x.py RC 2 OUT ${NEUROSIM_REPLAY_OUT}/export-rstdp
  STDERR_HAS "projections[0] (inputs->neuron): learning rule \"rstdp\" is not exported to PyNN: reward-modulated STDP has no PyNN standard STDP type"
  FILES_ABSENT "x.py")
