# Command-line tests of the gradient-training presets (sg-digits, fewshot-digits): tiny runs
# (a few images, few steps) that write every result file, and bad input that exits with 2 and
# names the field. Training to full accuracy is a benchmark (tests/benchmarks/gradient), not a test.
set(NEUROSIM_GRADIENT_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)

neurosim_cli_test("gradient: sg-digits, a tiny run, writes every result file"
  ARGS run|sg-digits|--set|epochs=1|--set|training.train_limit=64|--set|T=4|--out|${NEUROSIM_CLI_OUT}/sg-tiny RC 0
  OUT ${NEUROSIM_CLI_OUT}/sg-tiny STDOUT_HAS "sg-digits: 12C5-P2-32C5-P2-10, 1 epochs|test: |of 2000 digits correct"
  FILES "metrics.csv=epoch,loss,accuracy,spikes_per_sample,samples_per_s,test_accuracy|experiment.json={|model.json={|test_predictions.csv=index,label,predicted"
  FILES_ABSENT "metrics.csv.tmp|experiment.json.tmp|model.nir.tmp")
neurosim_cli_test("gradient: fewshot-digits, a tiny run, writes the few-shot test block"
  ARGS run|fewshot-digits|--set|epochs=1|--set|fewshot.episodes_per_epoch=2|--set|fewshot.test_episodes=3|--set|T=3|--set|queries=2|--out|${NEUROSIM_CLI_OUT}/fs-tiny RC 0
  OUT ${NEUROSIM_CLI_OUT}/fs-tiny STDOUT_HAS "test: 5-way 1-shot accuracy|test: 5-way 5-shot accuracy|over 3 episodes"
  FILES "metrics.csv=epoch,episodes,loss,accuracy,spikes_per_sample,samples_per_s|experiment.json={|model.json={")
neurosim_cli_test("gradient: the non-spiking protonet of the same shape (ReLU, T = 1, direct input), a tiny run"
  ARGS run|fewshot-digits|--set|neuron=relu|--set|T=1|--set|encoding=direct|--set|epochs=1|--set|fewshot.episodes_per_epoch=2|--set|fewshot.test_episodes=3|--set|queries=2|--out|${NEUROSIM_CLI_OUT}/fs-relu RC 0
  OUT ${NEUROSIM_CLI_OUT}/fs-relu STDOUT_HAS "test: 5-way 1-shot accuracy|test: 5-way 5-shot accuracy"
  STDERR_HAS "model.nir not written: layer 2 is a ReLU"
  FILES "experiment.json={|model.json={" FILES_ABSENT "model.nir")

neurosim_cli_test("gradient: an unknown neuron type"
  ARGS run|fewshot-digits|--set|network.neuron=tanh|--out|${NEUROSIM_CLI_OUT}/g-bad14 RC 2 STDERR_HAS "network.neuron: must be one of lif, relu (got \"tanh\")")
neurosim_cli_test("gradient: a distance scale of 0"
  ARGS run|fewshot-digits|--set|fewshot.distance_scale=0|--out|${NEUROSIM_CLI_OUT}/g-bad15 RC 2 STDERR_HAS "fewshot.distance_scale: must be a number from 1e-09 to 1e+09 (got 0)")

neurosim_cli_test("gradient: a --set value that is not a whole number"
  ARGS run|sg-digits|--set|epochs=0.5|--out|${NEUROSIM_CLI_OUT}/g-bad1 RC 2 STDERR_HAS "training.epochs: must be a whole number from 0 to 100000 (got 0.5)")
neurosim_cli_test("gradient: an unknown surrogate"
  ARGS run|sg-digits|--set|surrogate=relu|--out|${NEUROSIM_CLI_OUT}/g-bad2 RC 2 STDERR_HAS "network.surrogate: must be one of fast_sigmoid, arctan, triangle, sigmoid (got \"relu\")")
neurosim_cli_test("gradient: beta outside [0, 1]"
  ARGS run|sg-digits|--set|beta=1.5|--out|${NEUROSIM_CLI_OUT}/g-bad3 RC 2 STDERR_HAS "network.beta: must be a number from 0 to 1 (got 1.5)")
neurosim_cli_test("gradient: an unknown --set field"
  ARGS run|sg-digits|--set|training.epoch=3|--out|${NEUROSIM_CLI_OUT}/g-bad4 RC 2 STDERR_HAS "--set training.epoch=3: no field training.epoch")
neurosim_cli_test("gradient: an architecture too deep for 28x28 images"
  ARGS run|sg-digits|--set|network.architecture=12C5-P2-32C5-P2-32C5-10|--out|${NEUROSIM_CLI_OUT}/g-bad5 RC 2
  STDERR_HAS "network.architecture: layer 5: Conv2d: a 5x5 kernel does not fit an input of 32x4x4 (the images are 28x28)")
neurosim_cli_test("gradient: more ways than training classes"
  ARGS run|fewshot-digits|--set|ways=6|--set|fewshot.class_turns=0|--out|${NEUROSIM_CLI_OUT}/g-bad6 RC 2
  STDERR_HAS "fewshot.ways: 6 ways need at least 6 classes, fewshot.train_classes has 5")
neurosim_cli_test("gradient: a test class that was trained on"
  ARGS run|fewshot-digits|--set|fewshot.test_classes=[4,5,6,7,8]|--out|${NEUROSIM_CLI_OUT}/g-bad7 RC 2
  STDERR_HAS "fewshot.test_classes: class 4 is also a training class")
neurosim_cli_test("gradient: test images of another size than the training images"
  ARGS run|sg-digits|--test-images|${NEUROSIM_GRADIENT_DATA}/bad_inputs/good_images.idx|--test-labels|${NEUROSIM_GRADIENT_DATA}/idx/tiny-labels-idx1-ubyte|--out|${NEUROSIM_CLI_OUT}/g-bad8 RC 2
  STDERR_HAS "--test-images: 2x2 images; the training images are 28x28")
neurosim_cli_test("gradient: training images too small for the network"
  ARGS run|sg-digits|--images|${NEUROSIM_GRADIENT_DATA}/bad_inputs/good_images.idx|--labels|${NEUROSIM_GRADIENT_DATA}/idx/tiny-labels-idx1-ubyte|--out|${NEUROSIM_CLI_OUT}/g-bad9 RC 2
  STDERR_HAS "network.architecture: layer 1: Conv2d: a 5x5 kernel does not fit an input of 1x2x2 (the images are 2x2)")
neurosim_cli_test("gradient: --images without --labels"
  ARGS run|sg-digits|--images|${NEUROSIM_GRADIENT_DATA}/idx/tiny-images-idx3-ubyte.gz|--out|${NEUROSIM_CLI_OUT}/g-bad10 RC 2
  STDERR_HAS "--images needs --labels")
neurosim_cli_test("gradient: too few images of a class for an episode"
  ARGS run|fewshot-digits|--set|shots=700|--out|${NEUROSIM_CLI_OUT}/g-bad11 RC 2
  STDERR_HAS "fewshot.shots: class 0 has 600 training images; an episode needs shots + queries = 710")
neurosim_cli_test("gradient: turned classes, 20-way training episodes, a tiny run"
  ARGS run|fewshot-digits|--set|fewshot.class_turns=3|--set|fewshot.train_ways=20|--set|epochs=1|--set|fewshot.episodes_per_epoch=1|--set|fewshot.test_episodes=2|--set|T=2|--set|queries=1|--set|shots=1|--out|${NEUROSIM_CLI_OUT}/fs-turns RC 0
  OUT ${NEUROSIM_CLI_OUT}/fs-turns STDOUT_HAS "test: 5-way 1-shot accuracy|test: 5-way 5-shot accuracy"
  FILES "experiment.json={")
neurosim_cli_test("gradient: more training ways than turned classes"
  ARGS run|fewshot-digits|--set|fewshot.class_turns=1|--set|fewshot.train_ways=11|--out|${NEUROSIM_CLI_OUT}/g-bad16 RC 2
  STDERR_HAS "fewshot.train_ways: 11 ways need at least 11 training classes, there are 10 (fewshot.train_classes with fewshot.class_turns)")
neurosim_cli_test("gradient: more than three quarter turns"
  ARGS run|fewshot-digits|--set|fewshot.class_turns=4|--out|${NEUROSIM_CLI_OUT}/g-bad17 RC 2
  STDERR_HAS "fewshot.class_turns: must be a whole number from 0 to 3 (got 4)")
neurosim_cli_test("gradient: --duration does not apply"
  ARGS run|sg-digits|--duration|100|--out|${NEUROSIM_CLI_OUT}/g-bad12 RC 2 STDERR_HAS "--duration does not apply to sg-digits")

# model.nir read back with h5py against model.json and the .npy weights (numpy).
# The first Python that has h5py and numpy: the one CMake finds, else the system's (Debian's
# python3-h5py installs into /usr/bin/python3, which a virtual environment may hide).
find_package(Python3 COMPONENTS Interpreter)
set(NEUROSIM_H5PY_PYTHON "")
foreach(candidate ${Python3_EXECUTABLE} /usr/bin/python3)
  if(NOT NEUROSIM_H5PY_PYTHON AND EXISTS "${candidate}")
    execute_process(COMMAND ${candidate} -c "import h5py, numpy" RESULT_VARIABLE h5py_rc OUTPUT_QUIET ERROR_QUIET)
    if(h5py_rc EQUAL 0)
      set(NEUROSIM_H5PY_PYTHON ${candidate})
    endif()
  endif()
endforeach()
if(NOT NEUROSIM_H5PY_PYTHON)
  set(NEUROSIM_H5PY_PYTHON ${Python3_EXECUTABLE})  # the script then reports SKIPPED
endif()
if(NEUROSIM_H5PY_PYTHON)
  add_test(NAME "cli: gradient: model.nir reads back with h5py, every parameter as in model.json"
    COMMAND ${NEUROSIM_H5PY_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_nir.py ${NEUROSIM_CLI_OUT}/sg-nir
            $<TARGET_FILE:neurosim> run sg-digits --set epochs=1 --set training.train_limit=32 --set T=3 --set network.learn_beta=true)
  set_tests_properties("cli: gradient: model.nir reads back with h5py, every parameter as in model.json"
    PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 120 SKIP_REGULAR_EXPRESSION "SKIPPED")
endif()
neurosim_cli_test("gradient: presets lists the gradient presets" ARGS presets RC 0
  STDOUT_HAS "fewshot-digits |sg-digits |Few-shot digits with prototypes")
neurosim_cli_test("gradient: few-shot fields on a classification preset"
  ARGS run|sg-digits|--set|ways=3|--out|${NEUROSIM_CLI_OUT}/g-bad13 RC 2 STDERR_HAS "--set fewshot.ways: applies to few-shot presets only; sg-digits is a classification task")
