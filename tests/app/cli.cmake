# Command-line tests: run the built `neurosim` and check exit status, messages and files.
# Each test runs tests/app/scripts/expect.cmake (cmake -P); see its header for the options.
set(NEUROSIM_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/expect.cmake)
set(NEUROSIM_CLI_OUT ${CMAKE_CURRENT_BINARY_DIR}/cli-out)
set(NEUROSIM_BAD_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/scenarios)

# neurosim_cli_test(NAME ARGS a|b|c RC n [STDOUT_HAS ...] [STDERR_HAS ...] [OUT dir] [FILES ...] [FILES_ABSENT ...])
function(neurosim_cli_test name)
  cmake_parse_arguments(T "" "ARGS;RC;STDOUT_HAS;STDERR_HAS;OUT;FILES;FILES_ABSENT" "" ${ARGN})
  set(defs -DNEUROSIM=$<TARGET_FILE:neurosim> "-DARGS=${T_ARGS}" -DEXPECT_RC=${T_RC})
  foreach(key STDOUT_HAS STDERR_HAS FILES FILES_ABSENT)
    if(DEFINED T_${key})
      list(APPEND defs "-D${key}=${T_${key}}")
    endif()
  endforeach()
  if(DEFINED T_OUT)
    list(APPEND defs "-DOUT_DIR=${T_OUT}")
  endif()
  add_test(NAME "cli: ${name}" COMMAND ${CMAKE_COMMAND} ${defs} -P ${NEUROSIM_EXPECT})
  set_tests_properties("cli: ${name}" PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60)
endfunction()

# [SECTION] presets and validate
neurosim_cli_test("presets lists the presets" ARGS presets RC 0
  STDOUT_HAS "cuba |default |izhikevich-patterns |izhikevich2003 |lif-single |masquelier2008 |masquelier2009 |rstdp |song2000-stdp ")
foreach(preset coba cuba default diehl-cook izhikevich-patterns izhikevich2003 lif-single masquelier2008 masquelier2009 rstdp song2000-stdp
               hh-single brunel2000-sr brunel2000-si-fast brunel2000-ai brunel2000-si-slow)
  neurosim_cli_test("validate ${preset}" ARGS validate|${preset} RC 0 STDOUT_HAS "ok: ${preset}")
endforeach()
neurosim_cli_test("validate a file with wrong values reports each" ARGS validate|${NEUROSIM_BAD_DATA}/bad_values.json RC 2
  STDERR_HAS "bad_values.json: populations[0].params.tau_m: must be > 0 (got 0)|bad_values.json: populations[1].model: unknown model|bad_values.json: projections[0].post: no population named|bad_values.json: projections[0].connectivity.p: must be between 0 and 1 (got 1.2)")
neurosim_cli_test("validate malformed JSON gives line and column" ARGS validate|${NEUROSIM_BAD_DATA}/malformed.json RC 2
  STDERR_HAS "malformed.json:6:3: syntax error while parsing object")
neurosim_cli_test("validate a missing file" ARGS validate|${NEUROSIM_CLI_OUT}/no-such.json RC 2 STDERR_HAS "no-such.json: no such file")
neurosim_cli_test("validate an unknown preset lists the presets" ARGS validate|cubaa RC 2
  STDERR_HAS "cubaa: no such file or preset (presets: |cuba, default, |lif-single, masquelier2008, masquelier2009, ")

# [SECTION] run
neurosim_cli_test("run lif-single writes the result files" ARGS run|lif-single|--duration|200|--out|${NEUROSIM_CLI_OUT}/lif RC 0
  OUT ${NEUROSIM_CLI_OUT}/lif STDOUT_HAS "lif-single: 200 ms simulated"
  FILES "spikes.csv=t_ms,population,neuron|metrics.csv=t_ms,neuron_rate_hz,neuron_spikes|traces.csv=t_ms,population,neuron,V,I_syn_e,I_syn_i|experiment.json={"
  FILES_ABSENT "spikes.csv.tmp|metrics.csv.tmp|traces.csv.tmp|experiment.json.tmp")
neurosim_cli_test("run applies --seed and --set" ARGS run|lif-single|--duration|50|--seed|7|--set|stimuli.step.start_ms=10|--out|${NEUROSIM_CLI_OUT}/set RC 0
  OUT ${NEUROSIM_CLI_OUT}/set FILES "spikes.csv=t_ms,population,neuron|metrics.csv=t_ms,neuron_rate_hz,neuron_spikes")
neurosim_cli_test("run on a missing file" ARGS run|${NEUROSIM_CLI_OUT}/missing.json RC 2 STDERR_HAS "missing.json: no such file")
neurosim_cli_test("run with a bad --set path" ARGS run|lif-single|--set|populations.neuron.parms.tau_m=1|--out|${NEUROSIM_CLI_OUT}/badset RC 2
  STDERR_HAS "error: --set populations.neuron.parms.tau_m=1: populations[0].parms: unknown key")
neurosim_cli_test("run with a --set value out of range" ARGS run|lif-single|--set|populations.neuron.params.tau_m=0|--out|${NEUROSIM_CLI_OUT}/badrange RC 2
  STDERR_HAS "lif-single: populations[0].params.tau_m: must be > 0 (got 0)")
neurosim_cli_test("run with --set lacking =" ARGS run|lif-single|--set|duration_ms|--out|${NEUROSIM_CLI_OUT}/noeq RC 2
  STDERR_HAS "--set expects PATH=VALUE")
neurosim_cli_test("run with a negative duration" ARGS run|lif-single|--duration|-5|--out|${NEUROSIM_CLI_OUT}/negdur RC 2
  STDERR_HAS "duration_ms: must be >= 0 (got -5)")
# The file in the way lives in the build tree: tests never write next to the sources.
file(WRITE ${NEUROSIM_CLI_OUT}/a-file "not a directory\n")
neurosim_cli_test("run refuses an output path that is a file" ARGS run|lif-single|--duration|10|--out|${NEUROSIM_CLI_OUT}/a-file RC 2
  STDERR_HAS "cannot create output directory ${NEUROSIM_CLI_OUT}/a-file")

# [SECTION] run with learning: an experiment's schedule, weights, pattern onsets, rewards
neurosim_cli_test("run an experiment writes its phases, final weights and pattern onsets"
  ARGS run|masquelier2008|--set|experiment.epochs=1|--set|experiment.epoch_ms=200|--out|${NEUROSIM_CLI_OUT}/experiment RC 0
  OUT ${NEUROSIM_CLI_OUT}/experiment STDOUT_HAS "masquelier2008: 200 ms simulated|experiment: 1 phases; final score over 200 ms"
  FILES "spikes.csv=t_ms,population,neuron|metrics.csv=epoch,phase,start_ms,end_ms,accuracy,success,spikes,synaptic_events,snn_energy_j,ann_energy_j,energy_ratio,p0_hit_rate,p0_false_alarm_rate,p0_mean_latency_ms,p0_best_neuron,afferents_rate_hz,neuron_rate_hz|weights_final.csv=projection,pre,post,w|stimulus_events.csv=t_ms,pattern|experiment.json={"
  FILES_ABSENT "spikes.csv.tmp|metrics.csv.tmp|weights_final.csv.tmp|stimulus_events.csv.tmp|experiment.json.tmp|traces.csv")
neurosim_cli_test("run refuses --duration for an experiment" ARGS run|masquelier2008|--duration|100|--out|${NEUROSIM_CLI_OUT}/expdur RC 2
  STDERR_HAS "error: --duration does not apply to masquelier2008: its experiment's schedule sets the simulated time")
neurosim_cli_test("run with a bad experiment --set" ARGS run|masquelier2008|--set|experiment.epochs=0|--out|${NEUROSIM_CLI_OUT}/expbad RC 2
  STDERR_HAS "masquelier2008: experiment.epochs: must be between 1 and 1000000 (got 0)")
neurosim_cli_test("run a plastic network without an experiment writes its final weights"
  ARGS run|song2000-stdp|--duration|500|--out|${NEUROSIM_CLI_OUT}/song RC 0 OUT ${NEUROSIM_CLI_OUT}/song
  FILES "metrics.csv=t_ms,inputs_rate_hz,inputs_spikes,neuron_rate_hz,neuron_spikes|weights_final.csv=projection,pre,post,w"
  FILES_ABSENT "stimulus_events.csv")
neurosim_cli_test("run with a reward rule reports the rewards"
  ARGS run|rstdp|--duration|20000|--out|${NEUROSIM_CLI_OUT}/rstdp RC 0 OUT ${NEUROSIM_CLI_OUT}/rstdp
  STDOUT_HAS "reward: |rewarded synapse 0 -> 0 of inputs->neuron" FILES "weights_final.csv=projection,pre,post,w")

# [SECTION] argument errors
neurosim_cli_test("unknown subcommand" ARGS frobnicate RC 2)
neurosim_cli_test("unknown option" ARGS run|lif-single|--bogus RC 2)
neurosim_cli_test("run without a scenario" ARGS run RC 2)

# [SECTION] gui arguments (checked before any window opens, so no display is needed)
neurosim_cli_test("gui refuses an unknown layout" ARGS gui|default|--layout|grid RC 2
  STDERR_HAS "--layout: grid not in {network,diversity,learning,classification,editor}")
