# The two commands: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install install-dev system lint typecheck pytest bench bench-batch bench-web docs clean

# `make run`: set up what is needed, then the web demo: the SQLite database in the data directory
# (JIXIAO_DATA_DIR, default ~/.local/share/jixiao), the demo documents and users (printed), served
# at http://127.0.0.1:8000/ until Ctrl-C. Run it again: the data is kept, not loaded twice.
# `make run PORT=8001` for another port.
PORT ?= 8000
run: $(STAMP)
	$(BIN)/jixiao demo --port $(PORT)

# `make test`: Debian packages where missing, the dev environment, then lint, types and tests.
test: system $(STAMP).dev lint typecheck pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP).dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,ocr,distributed,parquet]"
	touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(STAMP).dev

system:
	bash scripts/system-packages.sh

lint: $(STAMP).dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP).dev
	$(BIN)/mypy

pytest: $(STAMP).dev
	$(BIN)/python -m pytest

bench: $(STAMP).dev
	$(BIN)/python benchmarks/score.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/check.py
	$(BIN)/python benchmarks/report.py

bench-web: $(STAMP).dev
	$(BIN)/python benchmarks/web.py $(BENCH_WEB_ARGS)

bench-batch: $(STAMP).dev
	$(BIN)/python benchmarks/batch.py $(or $(CORPUS),/tmp/jixiao-corpus)

docs: $(STAMP).dev
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
