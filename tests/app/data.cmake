# Command-line and window tests for input data and exports (the "data in and out" features).
# Uses neurosim_cli_test() from cli.cmake (included before this file: tests/CMakeLists.txt
# includes tests/app/*.cmake in name order).
set(NEUROSIM_DATA_CHECKS ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/data_checks.cmake)
set(NEUROSIM_TEST_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)
set(NEUROSIM_DATA_OUT ${CMAKE_CURRENT_BINARY_DIR}/data-out)
file(MAKE_DIRECTORY ${NEUROSIM_DATA_OUT})

# [SECTION] Inputs on the command line
neurosim_cli_test("validate file-input" ARGS validate|file-input RC 0 STDOUT_HAS "ok: file-input")
neurosim_cli_test("validate mnist-input" ARGS validate|mnist-input RC 0 STDOUT_HAS "ok: mnist-input")
neurosim_cli_test("run file-input writes the input band and the weights"
  ARGS run|file-input|--duration|200|--out|${NEUROSIM_DATA_OUT}/file-input RC 0 OUT ${NEUROSIM_DATA_OUT}/file-input
  STDOUT_HAS "input            file              20 neurons     38.000 Hz"
  FILES "spikes.csv=t_ms,population,neuron|weights.csv=projection,pre,post,w|metrics.csv=t_ms,input_rate_hz,input_spikes,layer_rate_hz,layer_spikes"
  FILES_ABSENT "spikes.npy|weights.csv.tmp")
neurosim_cli_test("run --input refuses a binary file"
  ARGS run|file-input|--input|${NEUROSIM_TEST_DATA}/bad_inputs/good_images.idx|--out|${NEUROSIM_DATA_OUT}/badinput RC 2
  STDERR_HAS "good_images.idx:1:1: not a text file (NUL byte)")
neurosim_cli_test("run --input names the line and column of a bad CSV"
  ARGS run|file-input|--input|${NEUROSIM_TEST_DATA}/bad_inputs/ragged.csv|--out|${NEUROSIM_DATA_OUT}/ragged RC 2
  STDERR_HAS "file-input: populations[0].input.path: ${NEUROSIM_TEST_DATA}/bad_inputs/ragged.csv:3:6: row has 3 values, expected 4 (as in line 1)"
  FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --input on a scenario without a file input"
  ARGS run|lif-single|--input|x.csv|--out|${NEUROSIM_DATA_OUT}/noinput RC 2
  STDERR_HAS "--input: this scenario has no file-driven input")
neurosim_cli_test("run mnist-input without image files shows the shipped digits"
  ARGS run|mnist-input|--duration|500|--out|${NEUROSIM_DATA_OUT}/mnist RC 0 STDOUT_HAS "input            images|784 neurons")
neurosim_cli_test("run mnist-input with --images and --labels (gzip IDX)"
  ARGS run|mnist-input|--duration|1000|--images|${NEUROSIM_TEST_DATA}/idx/tiny-images-idx3-ubyte.gz|--labels|${NEUROSIM_TEST_DATA}/idx/tiny-labels-idx1-ubyte|--out|${NEUROSIM_DATA_OUT}/mnist-idx
  RC 0 STDOUT_HAS "input            images|784 neurons")
neurosim_cli_test("run --images with a damaged gzip file"
  ARGS run|mnist-input|--images|${NEUROSIM_TEST_DATA}/bad_inputs/images_bad_crc.idx.gz|--out|${NEUROSIM_DATA_OUT}/mnist-bad RC 2
  STDERR_HAS "images_bad_crc.idx.gz: gzip data at byte 55: CRC-32 mismatch: the data is damaged")

# [SECTION] Train, then test (a classification task): the three tiny digits trained and tested
# in a couple of seconds, and each bad test set refused with exit 2 before anything runs.
set(TINY_IMAGES ${NEUROSIM_TEST_DATA}/idx/tiny-images-idx3-ubyte.gz)
set(TINY_LABELS ${NEUROSIM_TEST_DATA}/idx/tiny-labels-idx1-ubyte)
neurosim_cli_test("run diehl-cook trains, then tests with learning frozen"
  ARGS run|diehl-cook|--images|${TINY_IMAGES}|--labels|${TINY_LABELS}|--test-images|${TINY_IMAGES}|--test-labels|${TINY_LABELS}|--set|populations.exc.size=20|--set|populations.inh.size=20|--out|${NEUROSIM_DATA_OUT}/dc-tiny
  RC 0 OUT ${NEUROSIM_DATA_OUT}/dc-tiny STDOUT_HAS "test: |images correct (accuracy "
  FILES "test_predictions.csv=index,label,predicted,winner_spikes,latency_ms|experiment.json={|metrics.csv=epoch,phase,start_ms,end_ms,accuracy,success,spikes,synaptic_events,snn_energy_j,ann_energy_j,energy_ratio,windows,correct,label0_accuracy,label1_accuracy,label2_accuracy,label3_accuracy,label4_accuracy,input_rate_hz,exc_rate_hz,inh_rate_hz")
neurosim_cli_test("run --test-images on a scenario without a classification task"
  ARGS run|lif-single|--test-images|${TINY_IMAGES}|--test-labels|${TINY_LABELS}|--out|${NEUROSIM_DATA_OUT}/test-noclass RC 2
  STDERR_HAS "--test-images/--test-labels: lif-single has no classification task" FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --test-images of another size than the training images"
  ARGS run|diehl-cook|--test-images|${NEUROSIM_TEST_DATA}/bad_inputs/good_images.idx|--test-labels|${TINY_LABELS}|--out|${NEUROSIM_DATA_OUT}/test-size RC 2
  STDERR_HAS "good_images.idx: the test images are 2 x 2, but the training images (" FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --test-labels outside 0-9"
  ARGS run|diehl-cook|--test-images|${TINY_IMAGES}|--test-labels|${NEUROSIM_TEST_DATA}/idx/labels-over-nine-idx1-ubyte|--out|${NEUROSIM_DATA_OUT}/test-label RC 2
  STDERR_HAS "labels-over-nine-idx1-ubyte: label 12 of image 2 is outside 0-9" FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --test-labels with another count than the test images"
  ARGS run|diehl-cook|--test-images|${TINY_IMAGES}|--test-labels|${NEUROSIM_TEST_DATA}/bad_inputs/labels_count.idx|--out|${NEUROSIM_DATA_OUT}/test-count RC 2
  STDERR_HAS "labels_count.idx: 4 labels for 3 images in ${TINY_IMAGES}" FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --labels outside 0-9 for the training images"
  ARGS run|diehl-cook|--images|${TINY_IMAGES}|--labels|${NEUROSIM_TEST_DATA}/idx/labels-over-nine-idx1-ubyte|--out|${NEUROSIM_DATA_OUT}/train-label RC 2
  STDERR_HAS "labels-over-nine-idx1-ubyte: label 12 of image 2 is outside 0-9" FILES_ABSENT "spikes.csv")
neurosim_cli_test("run --test-images without --test-labels"
  ARGS run|diehl-cook|--test-images|${TINY_IMAGES}|--out|${NEUROSIM_DATA_OUT}/test-nolabels RC 2
  STDERR_HAS "--test-images needs --test-labels")

# Input load speed and memory (tests/benchmarks/input_load.cpp; `bench_input_load 100` for the
# README's 100 MB figure): a 20 MB CSV must load with its text and values held once each.
add_executable(bench_input_load ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/input_load.cpp)
target_link_libraries(bench_input_load PRIVATE neurosim_io neurosim_warnings)
if(NOT NEUROSIM_SANITIZE)  # AddressSanitizer's shadow memory would count as the loader's
  add_test(NAME "io: a 20 MB CSV loads without holding its data twice" COMMAND bench_input_load 20 rates ${NEUROSIM_DATA_OUT})
  set_tests_properties("io: a 20 MB CSV loads without holding its data twice" PROPERTIES TIMEOUT 120)
endif()

# [SECTION] Exports on the command line
add_test(NAME "cli: results never replace older ones unless --overwrite"
  COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DMODE=no_clobber "-DARGS=run|file-input|--duration|50"
          -DOUT=${NEUROSIM_DATA_OUT}/clobber -P ${NEUROSIM_DATA_CHECKS})
add_test(NAME "cli: --npy writes spikes.npy and weights.npy"
  COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DMODE=npy "-DARGS=run|file-input|--duration|100"
          -DOUT=${NEUROSIM_DATA_OUT}/npy -P ${NEUROSIM_DATA_CHECKS})
add_test(NAME "cli: a write that fails (full disk) names the file and leaves the older one whole"
  COMMAND ${CMAKE_COMMAND} -DNEUROSIM=$<TARGET_FILE:neurosim> -DMODE=disk_full "-DARGS=run|file-input|--duration|50"
          -DOUT=${NEUROSIM_DATA_OUT}/full -P ${NEUROSIM_DATA_CHECKS})
set_tests_properties("cli: results never replace older ones unless --overwrite" "cli: --npy writes spikes.npy and weights.npy"
  "cli: a write that fails (full disk) names the file and leaves the older one whole"
  PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 60)

# Every CSV and NPY a run writes loads as numpy and pandas read it (checked against the formats'
# specifications by tests/app/scripts/check_results.py, which needs Python but not numpy; where
# numpy and pandas are installed it also loads every file with them), and
# the NPY files and weights_final.csv hold exactly the rows of their CSV counterparts.
find_package(Python3 COMPONENTS Interpreter)
foreach(case "file-input|file-input|--duration|300|--npy" "song2000-stdp|song2000-stdp|--duration|300|--npy"
             "masquelier2008|masquelier2008|--set|experiment.epochs=1|--set|experiment.epoch_ms=200|--npy")
  string(REPLACE "|" ";" case_args "${case}")
  list(POP_FRONT case_args case_name)
  if(Python3_Interpreter_FOUND)
    add_test(NAME "cli: ${case_name} results load without options (CSV, NPY)"
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_results.py ${NEUROSIM_DATA_OUT}/formats-${case_name}
              $<TARGET_FILE:neurosim> run ${case_args})
  else()
    add_test(NAME "cli: ${case_name} results load without options (CSV, NPY)"
      COMMAND ${CMAKE_COMMAND} -E echo "SKIPPED: python3 not found")
    set_tests_properties("cli: ${case_name} results load without options (CSV, NPY)" PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED")
  endif()
  set_tests_properties("cli: ${case_name} results load without options (CSV, NPY)"
    PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 120)
endforeach()
# mnist-input on IDX files the test writes (plain and gzip): each window codes its own image.
if(Python3_Interpreter_FOUND)
  add_test(NAME "cli: run mnist-input --images --labels codes each image (plain and gzip IDX)"
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/check_images.py ${NEUROSIM_DATA_OUT}/mnist-made $<TARGET_FILE:neurosim>)
else()
  add_test(NAME "cli: run mnist-input --images --labels codes each image (plain and gzip IDX)" COMMAND ${CMAKE_COMMAND} -E echo "SKIPPED: python3 not found")
  set_tests_properties("cli: run mnist-input --images --labels codes each image (plain and gzip IDX)" PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED")
endif()
set_tests_properties("cli: run mnist-input --images --labels codes each image (plain and gzip IDX)"
  PROPERTIES ENVIRONMENT "NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets" TIMEOUT 120)

# [SECTION] Panels as PNG (label gui): `neurosim gui --frames N --export-panels DIR` writes one
# picture per open plot panel at the requested size; each must be a real picture.
if(NOT TARGET neurosim_gui)
  return()
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(NEUROSIM_DATA_STB REQUIRED IMPORTED_TARGET stb)
find_program(NEUROSIM_XVFB_RUN xvfb-run)

set(NEUROSIM_PNG_SET_CHECK_SOURCE ${CMAKE_CURRENT_BINARY_DIR}/png_set_check.cpp)
file(CONFIGURE OUTPUT ${NEUROSIM_PNG_SET_CHECK_SOURCE} @ONLY CONTENT [==[
// Generated from tests/app/data.cmake: run a command, then check the files it wrote in DIR.
//   png_set_check DIR WIDTH HEIGHT NAME... -- COMMAND ARGS...
//   png_set_check --skip MESSAGE
// A NAME ending in .png must be a real picture of WIDTH x HEIGHT (or of the size given as
// NAME@WxH); any other NAME must be a file that is not empty.
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--skip") {
    std::printf("%s\n", argc >= 3 ? argv[2] : "SKIPPED");
    return 77;
  }
  int sep = 1;
  while (sep < argc && std::string(argv[sep]) != "--") ++sep;
  if (argc < 6 || sep + 1 >= argc) {
    std::fprintf(stderr, "usage: %s DIR WIDTH HEIGHT NAME... -- COMMAND ARGS...\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  std::filesystem::remove_all(dir);  // stale pictures must not pass the test
  const pid_t child = fork();
  if (child == 0) {
    execvp(argv[sep + 1], argv + sep + 1);
    std::perror(argv[sep + 1]);
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "FAIL: the GUI exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 1;
  }
  bool ok = true;
  for (int i = 4; i < sep; ++i) {
    std::string name = argv[i];
    int exp_w = want_w, exp_h = want_h;
    if (const auto at = name.find('@'); at != std::string::npos) {
      std::sscanf(name.c_str() + at + 1, "%dx%d", &exp_w, &exp_h);
      name.resize(at);
    }
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".png") != 0) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(dir / name, ec);
      std::printf("%s: %s\n", (dir / name).c_str(), ec ? "missing" : (std::to_string(size) + " bytes").c_str());
      if (ec || size == 0) {
        std::fprintf(stderr, "FAIL: %s is missing or empty\n", (dir / name).c_str());
        ok = false;
      }
      continue;
    }
    const std::string png = (dir / name).string();
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
    if (pixels == nullptr) {
      std::fprintf(stderr, "FAIL: cannot read %s: %s\n", png.c_str(), stbi_failure_reason());
      ok = false;
      continue;
    }
    std::map<unsigned, long> counts;
    const long n = static_cast<long>(w) * h;
    for (long k = 0; k < n; ++k) ++counts[(unsigned(pixels[3 * k]) << 16) | (unsigned(pixels[3 * k + 1]) << 8) | pixels[3 * k + 2]];
    stbi_image_free(pixels);
    long dominant = 0;
    for (const auto& kv : counts) dominant = kv.second > dominant ? kv.second : dominant;
    const double share = n > 0 ? static_cast<double>(dominant) / static_cast<double>(n) : 1.0;
    std::printf("%s: %dx%d, %zu colours, most common colour covers %.1f%%\n", png.c_str(), w, h, counts.size(), 100.0 * share);
    if (w != exp_w || h != exp_h) {
      std::fprintf(stderr, "FAIL: %s is %dx%d, expected %dx%d\n", png.c_str(), w, h, exp_w, exp_h);
      ok = false;
    }
    // A plot has text, axes and data: dozens of colours, no single one covering nearly all.
    if (counts.size() < 32 || share > 0.97) {
      std::fprintf(stderr, "FAIL: %s looks blank\n", png.c_str());
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
]==])
add_executable(png_set_check ${NEUROSIM_PNG_SET_CHECK_SOURCE})
target_link_libraries(png_set_check PRIVATE PkgConfig::NEUROSIM_DATA_STB neurosim_warnings)

# [SECTION] The window's data paths, headless (no display needed): the Input data panel's load
# path leaves the running input as it was on bad files and misfits; Save scenario replays the
# run (tests/app/test_gui_data.cpp).
pkg_check_modules(NEUROSIM_DATA_IMGUI REQUIRED IMPORTED_TARGET imgui)
add_executable(gui_data_tests ${CMAKE_CURRENT_SOURCE_DIR}/test_main.cpp ${CMAKE_CURRENT_SOURCE_DIR}/app/test_gui_data.cpp)
target_link_libraries(gui_data_tests PRIVATE neurosim_gui PkgConfig::NEUROSIM_DATA_IMGUI doctest::doctest neurosim_warnings)
target_include_directories(gui_data_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/app)
target_compile_definitions(gui_data_tests PRIVATE NEUROSIM_TEST_DATA_DIR="${NEUROSIM_TEST_DATA}")
doctest_discover_tests(gui_data_tests TEST_PREFIX "app: ")

set(NEUROSIM_PANELS_DIR ${NEUROSIM_DATA_OUT}/panels)
set(NEUROSIM_EXPORT_DIR ${NEUROSIM_DATA_OUT}/export)
if(NEUROSIM_XVFB_RUN)
  add_test(NAME gui_export_panels
    COMMAND png_set_check ${NEUROSIM_PANELS_DIR} 900 600 raster.png traces.png weights.png rates.png --
            ${NEUROSIM_XVFB_RUN} -a -s "-screen 0 1600x900x24"
            $<TARGET_FILE:neurosim> gui file-input --frames 40 --export-panels ${NEUROSIM_PANELS_DIR} --panel-size 900x600)
  # The Export panel's whole set, with the --input file previewed in the Input data panel.
  add_test(NAME gui_export_all
    COMMAND png_set_check ${NEUROSIM_EXPORT_DIR} 640 480 metrics.csv experiment.json spikes.csv weights.csv traces.csv scenario.json
            raster.png traces.png weights.png rates.png input.png window.png@1280x720 --
            ${NEUROSIM_XVFB_RUN} -a -s "-screen 0 1280x720x24"
            $<TARGET_FILE:neurosim> gui file-input --size 1280x720 --frames 30 --input ${PROJECT_SOURCE_DIR}/assets/data/file-input.csv
            --export ${NEUROSIM_EXPORT_DIR} --panel-size 640x480)
else()
  add_test(NAME gui_export_panels COMMAND png_set_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
  add_test(NAME gui_export_all COMMAND png_set_check --skip "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)")
endif()
set_tests_properties(gui_export_panels gui_export_all PROPERTIES
  LABELS gui
  SKIP_RETURN_CODE 77
  TIMEOUT 120
  ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1;NEUROSIM_ASSETS=${PROJECT_SOURCE_DIR}/assets")
