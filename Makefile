# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
TEST_ENV := NEO4J_INSTANCE=test

.PHONY: install db graph run check pytest test schema clean-db smoke-calver

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/maillage db start

graph: db
	$(BIN)/maillage setup
	$(BIN)/maillage seed

run: graph
	$(BIN)/maillage serve

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

pytest: install
	$(TEST_ENV) $(BIN)/maillage db start
	$(TEST_ENV) $(BIN)/pytest

test: check pytest

schema: install
	$(BIN)/maillage export-schema

clean-db:
	-$(BIN)/maillage db stop
	-$(TEST_ENV) $(BIN)/maillage db stop
	rm -rf .neo4j

# The newest calendar release, on a JDK 21+ (run by CI where such a JDK exists).
CALVER ?= 2026.08.1
smoke-calver: install
	$(BIN)/maillage smoke --version $(CALVER)
