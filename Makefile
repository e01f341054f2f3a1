# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
TEST_ENV := NEO4J_INSTANCE=test

.PHONY: install db graph run check pytest test chaos schema schema-release schema-lint examples \
	clean-db smoke-calver bench web browser data-report eval

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

run: graph web
	$(BIN)/maillage serve

# The seed graph's data report (docs/model.md quotes its figures).
data-report: db
	$(BIN)/maillage setup
	$(BIN)/maillage seed --report

# The judged questions of expertise and search (bench/eval/README.md): NDCG@5, success@k and
# MRR per question and overall, on the set and the held-out questions, into bench/results/.
LABEL ?= latest
eval: install
	$(TEST_ENV) $(BIN)/maillage db start
	$(TEST_ENV) $(BIN)/python -m bench.eval.run --label $(LABEL)

# The explorer and the GraphQL IDE (web/): npm packages from the lock file, then a vite build
# into web/dist; each step is skipped while its output is newer than its inputs. The IDE's
# examples are docs/examples/.
WEB_SRC := $(shell find web/src web/ide docs/examples -type f 2>/dev/null) web/index.html \
	web/graphiql.html web/vite.config.ts web/tsconfig.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build
	touch $@

web: web/dist/index.html

# Debian's Chromium for the explorer's browser tests (Playwright drives it; it downloads none).
browser:
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

pytest: install web browser
	$(TEST_ENV) $(BIN)/maillage db start
	$(TEST_ENV) $(BIN)/pytest

test: check pytest

# The fault suite with the default timeouts and the 20 s / 45 s freezes (about 5 minutes);
# `make test` runs it with timeouts scaled down. Its figures are printed (docs/deploy.md).
chaos: install
	$(TEST_ENV) $(BIN)/maillage db start
	$(TEST_ENV) $(BIN)/pytest tests/test_faults.py -s -p no:logging --production-timeouts

schema: install
	$(BIN)/maillage export-schema

# The served schema becomes the released one that later changes are checked against
# (docs/api-changelog.md says how a change is announced).
schema-release: schema
	cp schema.graphql schema/released.graphql

# Description coverage and lint of the schema, with every element that fails a rule.
schema-lint: install
	$(BIN)/maillage schema-lint

# README.md's examples from docs/examples/ (the GraphQL IDE's examples too).
examples: install
	$(BIN)/python -m scripts.examples

clean-db:
	-$(BIN)/maillage db stop
	-$(TEST_ENV) $(BIN)/maillage db stop
	rm -rf .neo4j

# The newest calendar release, on a JDK 21+ (run by CI where such a JDK exists).
CALVER ?= 2026.08.1
smoke-calver: install
	$(BIN)/maillage smoke --version $(CALVER)

# Maillage vs the Neo4j GraphQL Library vs the driver floor (docs/benchmarks.md).
# QUICK=1: a short run; ACTORS=100000: the larger synthetic graph; WORKERS=2: Maillage workers;
# COLD=1: first calls with Neo4j's plan caches cleared, on the synthetic graph and the seed graph.
# SCALE=1: the scale table (bench/scale.py) on the graph the synth instance holds.
ACTORS ?= 10000
WORKERS ?= 1
bench: install
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
ifdef SCALE
	$(BIN)/python -m bench.scale
else ifdef COLD
	$(BIN)/python -m bench.cold --actors $(ACTORS)
	$(BIN)/python -m bench.cold --seed-graph
else
	$(BIN)/python -m bench.run --actors $(ACTORS) --workers $(WORKERS) $(if $(QUICK),--quick)
endif
