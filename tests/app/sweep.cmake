# `neurosim sweep`: a good sweep writes sweep.csv; each kind of bad --vary exits 2 and names it.
neurosim_cli_test("sweep lif-single over amplitude and tau_m" ARGS sweep|lif-single|--vary|stimuli.step.amplitude=300:600:4|--vary|populations.neuron.params.tau_m=10,20|--jobs|2|--out|${NEUROSIM_CLI_OUT}/sweep
  RC 0 STDOUT_HAS "8 points" OUT ${NEUROSIM_CLI_OUT}/sweep
  FILES "sweep.csv=stimuli.step.amplitude,populations.neuron.params.tau_m,neuron_rate_hz,neuron_cv_isi,neuron_synchrony")
neurosim_cli_test("sweep with an unknown path" ARGS sweep|lif-single|--vary|populations.neuron.parms.tau_m=1,2|--out|${NEUROSIM_CLI_OUT}/sweep-bad
  RC 2 STDERR_HAS "error: --vary populations.neuron.parms.tau_m=1,2: ")
neurosim_cli_test("sweep with an empty range" ARGS sweep|lif-single|--vary|stimuli.step.amplitude=100:200:0|--out|${NEUROSIM_CLI_OUT}/sweep-bad
  RC 2 STDERR_HAS "error: --vary stimuli.step.amplitude=100:200:0: the range 100:200:0 is empty")
neurosim_cli_test("sweep with no values" ARGS sweep|lif-single|--vary|stimuli.step.amplitude=|--out|${NEUROSIM_CLI_OUT}/sweep-bad
  RC 2 STDERR_HAS "error: --vary stimuli.step.amplitude=: no values to try")
neurosim_cli_test("sweep with a value the model refuses" ARGS sweep|lif-single|--vary|populations.neuron.params.tau_m=10,0|--out|${NEUROSIM_CLI_OUT}/sweep-bad
  RC 2 STDERR_HAS "error: --vary populations.neuron.params.tau_m=10,0: value 0: populations[0].params.tau_m: must be > 0 (got 0)")
neurosim_cli_test("sweep with a malformed --vary" ARGS sweep|lif-single|--vary|tau_m|--out|${NEUROSIM_CLI_OUT}/sweep-bad
  RC 2 STDERR_HAS "error: --vary tau_m: expects PATH=v1,v2,... or PATH=lo:hi:n")
neurosim_cli_test("sweep with values that are refused together" ARGS sweep|lif-single|--vary|populations.neuron.params.V_reset=-70,-58|--vary|populations.neuron.params.V_th=-55,-60|--out|${NEUROSIM_CLI_OUT}/sweep-bad
  RC 2 STDERR_HAS "V_reset: must be below V_th")
