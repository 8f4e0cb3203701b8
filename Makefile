# Two commands on a fresh machine: `make run` and `make test`. Both create the virtualenv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus
OUTPUT ?= out

.PHONY: run test bench profile eval train stream-demo venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# pip 23's resolver trips over the same extra spelled two ways (lxml[html_clean], lxml[html-clean])
	$(BIN)/pip install --quiet --upgrade 'pip>=24'
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## clean seeds/ (or ARGS="--input 'news/*.jsonl'") into $(OUTPUT)/
	$(BIN)/newsbeam run --output $(OUTPUT) $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)  ## Extract's CPU against trafilatura's; pipeline throughput against the same calls in a loop; dedupe time and memory at 10k/100k docs
	$(BIN)/python -m bench.extract_cost --corpus $(CORPUS)
	$(BIN)/python -m bench.throughput --corpus $(CORPUS)
	$(BIN)/python -m bench.dedupe_scale

profile: $(STAMP)  ## CPU ms per document of each stage and the costliest functions (cProfile) on the bench corpus
	$(BIN)/python -m bench.profile --corpus $(CORPUS)

train: $(STAMP)  ## rebuild the learned models shipped in transforms/models/ from the corpus (fixed seeds: same data, same model)
	$(BIN)/python -m bench.train_extraction --corpus $(CORPUS)
	$(BIN)/python -m bench.train_paragraphs --corpus $(CORPUS)

eval: $(STAMP)  ## accuracy against baselines, each in one run: extraction by cross-validation grouped by site on wcxb-dev + wcxb-train, dedupe on wcxb-dev, cleaning on tests/cleaning_set and by grouped cross-validation on texts made of the corpus pages, language on the UDHR
	$(BIN)/python -m bench.eval_extraction --corpus $(CORPUS)
	$(BIN)/python -m bench.eval_cleaning
	$(BIN)/python -m bench.eval_paragraphs --corpus $(CORPUS)
	$(BIN)/python -m bench.eval_language --corpus $(CORPUS)
	$(BIN)/python -m bench.eval_dedupe --corpus $(CORPUS)

stream-demo: $(STAMP)  ## newsbeam stream against a loopback feed server for a bounded time; what landed per window and the delay
	$(BIN)/python -m bench.stream_demo --corpus $(CORPUS) --output $(OUTPUT)/stream-demo

clean:
	rm -rf $(OUTPUT) .pytest_cache
