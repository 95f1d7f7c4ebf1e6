# sockbench: the two commands of the README, and a few more.
#   make demo   build, run the whole conformance catalog, write build/results/
#   make test   build, run every test (CTest, pytest, Sphinx -W, sanitizer build, formatting)
#   make bench  print the benchmark figures
# Each installs the Debian packages it misses (as root) or prints the apt-get line (otherwise).

PYTHON    := /usr/bin/python3
BUILD     := build
ASAN      := build-asan
JOBS      ?= 2
RESULTS   := $(BUILD)/results
CMAKE_ARGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=$(PYTHON)
SOURCES   := $(shell find model helper examples test bindings -name '*.cc' -o -name '*.h')

.PHONY: all deps build demo test test-unit test-python docs test-asan format-check format bench clean

all: build

deps:
	@bash scripts/ensure-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p $(RESULTS)
	@rm -rf $(RESULTS)/traces $(RESULTS)/traces-rerun
	$(BUILD)/examples/sockbench-conformance --junit=$(RESULTS)/conformance.xml --trace-dir=$(RESULTS)/traces
	@# Determinism: a second run must give byte-identical traces.
	@$(BUILD)/examples/sockbench-conformance --trace-dir=$(RESULTS)/traces-rerun > /dev/null
	@diff -r $(RESULTS)/traces $(RESULTS)/traces-rerun > /dev/null \
	  && echo "determinism: $$(ls $(RESULTS)/traces | wc -l) traces byte-identical in a second run" \
	  || { echo "determinism: traces differ between two runs"; exit 1; }
	@rm -rf $(RESULTS)/traces-rerun
	@echo "results: $(RESULTS)/conformance.xml and $(RESULTS)/traces/"

test: build test-unit test-python docs test-asan format-check
	@echo "make test: all stages passed"

test-unit: build
	cd $(BUILD) && ctest --output-on-failure

test-python: build
	cd $(BUILD) && PYTHONPATH=$(CURDIR)/$(BUILD)/python $(PYTHON) -m pytest -q $(CURDIR)/test/python

docs: deps
	$(PYTHON) -m sphinx -W -q -b html doc $(BUILD)/doc/html

# AddressSanitizer + LeakSanitizer build of the library and the tests.
test-asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DSOCKBENCH_SANITIZE=ON \
	  -DSOCKBENCH_EXAMPLES=OFF -DSOCKBENCH_BINDINGS=OFF -DPython3_EXECUTABLE=$(PYTHON)
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0 ctest --output-on-failure

format-check: deps
	@clang-format --dry-run -Werror $(SOURCES) && echo "format: $(words $(SOURCES)) files clang-formatted"

format: deps
	clang-format -i $(SOURCES)

bench: build
	$(BUILD)/examples/sockbench-foundation-bench
	$(BUILD)/examples/sockbench-unix-bench
	$(BUILD)/examples/sockbench-inet-bench
	$(BUILD)/examples/sockbench-zephyr-bench

clean:
	rm -rf $(BUILD) $(ASAN)
