# Two commands on a fresh machine: `make run` and `make test`. Both create the virtualenv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus
OUTPUT ?= out

.PHONY: run test bench eval venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## clean seeds/ (or ARGS="--input 'news/*.jsonl'") into $(OUTPUT)/
	$(BIN)/newsbeam run --output $(OUTPUT) $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)  ## documents/second of the pipeline against the same library calls in a loop
	$(BIN)/python bench/throughput.py --corpus $(CORPUS)

eval: $(STAMP)  ## accuracy against baselines, in one run: language detection on the UDHR
	$(BIN)/python bench/eval_language.py --corpus $(CORPUS)

clean:
	rm -rf $(OUTPUT) .pytest_cache
