# Thin wrapper: set-up, build and run. The real build is CMake (see CMakeLists.txt).
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build run test debug-test bench fuzz clean
FUZZ_SECONDS ?= 60
CI_FUZZ_SECONDS ?= 30

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/app/neurosim gui default

# Every reader is fuzzed briefly first, so that ctest's summary is the last thing printed.
CI_FUZZ_TARGETS ?= csv data_json idx scenario_json spike_text nir sonata
test: build
	@./scripts/run-fuzz.sh $(CI_FUZZ_SECONDS) $(CI_FUZZ_TARGETS)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Every reader under libFuzzer (clang, ASan, UBSan) for FUZZ_SECONDS each: make fuzz FUZZ_SECONDS=600
fuzz: deps
	@./scripts/run-fuzz.sh $(FUZZ_SECONDS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
debug-test: deps
	@cmake -S . -B build-debug -DCMAKE_BUILD_TYPE=Debug -DNEUROSIM_SANITIZE=ON >/dev/null
	@cmake --build build-debug -j $(JOBS)
	@cd build-debug && ctest --output-on-failure -j $(JOBS)

bench: build
	@./tests/benchmarks/run_benchmarks.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR) build-debug build-fuzz
