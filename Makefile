# Two commands do all set-up: `make demo` (offline demo) and `make test` (whole test suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Prefect's settings (home, telemetry off, start-up timeout) are set by the code itself:
# foundation.settings.PREFECT_DEFAULTS, for the CLI, the service, deployments/serve.py and the tests.
export UV_COMPILE_BYTECODE := 1

.PHONY: install demo test bench bench-run bench-serve eval serve stop clean chaos fuzz

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv==0.13.9
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/send-monitor demo

# The suite on up to 4 pytest-xdist workers (one per core): tests/conftest.py keeps the Prefect harness's
# tests on one worker and each other module on one. `make test PYTEST_XDIST=` runs it in one process.
PYTEST_XDIST ?= -n auto --maxprocesses 4 --dist loadgroup
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_diff.py

# End to end (issue 13): first, no-change and changed runs and a reparse on 1k/3k/10k generated pages,
# beside urlwatch over the same loopback pages. `make bench-run BENCH_SIZES=1000` for a quick one.
BENCH_SIZES ?= 1000,3000,10000
bench-run: $(STAMP)
	$(BIN)/python bench/bench_run.py --sizes $(BENCH_SIZES) --peer urlwatch --json .bench/bench-run.json

# Flow-run process CPU of scheduled runs under `python -m deployments.serve`: forked, and spawned as Prefect does.
bench-serve: $(STAMP)
	$(BIN)/python bench/bench_serve.py --mode all --same 2 --json .bench/bench-serve.json

eval: $(STAMP)
	$(BIN)/send-monitor eval-parser
	$(BIN)/send-monitor eval-differ

serve: $(STAMP)
	$(BIN)/send-monitor serve

stop: $(STAMP)
	$(BIN)/send-monitor stop

# Fault campaign (issue 9): a fault proxy on loopback, two rounds, random kill -9s. `make chaos KILLS=3 FAULT_RATE=0.4`
KILLS ?= 10
FAULT_RATE ?= 0.2
chaos: $(STAMP)
	$(BIN)/python -m chaos.campaign --kills $(KILLS) --fault-rate $(FAULT_RATE) $(CHAOS_ARGS)

# The parser fuzz profile at length: `FUZZ_EXAMPLES=5000 make fuzz` (make test runs a short one).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz_parse.py -q -p no:cacheprovider $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .prefect data
