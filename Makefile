# The single entry point. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: curated-canonical ontology-docs run build validate test lint namespaces screenshots clean bench bench-endpoint bench-ceiling bench-explorer bench-combined bench-startup bench-suggest bench-context bench-scale

# Create the virtual environment and install the package with its test tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: set up, build and validate the graph, print a summary, serve the explorer and SPARQL
##      endpoint on http://127.0.0.1:8000/explorer
run: $(STAMP)
	$(BIN)/enschede-kg build
	$(BIN)/enschede-kg summary
	$(BIN)/enschede-kg serve

## build: write the graph in every serialisation to build/
build: $(STAMP)
	$(BIN)/enschede-kg build

## validate: SHACL shapes and violation queries (exit 0 conforms, 1 not, 2 error)
validate: $(STAMP)
	$(BIN)/enschede-kg validate

## test: set up, then lint, type-check and run the whole test suite
test: $(STAMP) lint
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

## namespaces: regenerate src/enschede_kg/rdf/_ekg.py and the JSON-LD context from the ontology
namespaces: $(STAMP)
	$(BIN)/python -m devtools.codegen
	$(BIN)/python -m devtools.jsonld_context

## ontology-docs: regenerate docs/ontology/enschede-kg.{nl,en}.html from the ontology with pyLODE
ontology-docs: $(STAMP)
	$(BIN)/python -m devtools.ontology_docs

## curated-canonical: rewrite data/curated/*.ttl in the canonical form, as 'sheet import' of an
##      unchanged 'sheet export' writes it (same graph; a later export + import changes no byte)
curated-canonical: $(STAMP)
	$(BIN)/enschede-kg sheet export -o build/curated-canonical.xlsx
	$(BIN)/enschede-kg sheet import build/curated-canonical.xlsx

## screenshots: copy the pictures the browser tests took (build/screenshots/) into docs/
screenshots:
	@test -n "$$(ls build/screenshots/*.png 2>/dev/null)" || { echo "no screenshots yet: run 'make test' first" >&2; exit 1; }
	cp build/screenshots/*.png docs/

clean:
	rm -rf build .build.generations $(VENV) .pytest_cache .mypy_cache .ruff_cache

## bench-endpoint: /sparql req/s and latency vs an in-memory Oxigraph server, distinct query texts (needs wrk)
bench-endpoint: $(STAMP)
	$(BIN)/python benchmarks/endpoint.py

## bench-ceiling: lookups through Python's per-request path without any safety, vs in-memory Oxigraph (a bound, needs wrk)
bench-ceiling: $(STAMP)
	$(BIN)/python benchmarks/ceiling.py

## bench-explorer: explorer vs pyvis default (headless chromium): time to stable, size, generation
bench-explorer: $(STAMP)
	$(BIN)/python benchmarks/explorer.py

## bench-combined: build, saved queries and /sparql on the combined graph, 1x and 10x, vs rdflib and Oxigraph
bench-combined: $(STAMP)
	$(BIN)/python benchmarks/combined.py

## bench-startup: `enschede-kg query 01` vs a minimal pyoxigraph script, fresh processes, interleaved
bench-startup: $(STAMP)
	$(BIN)/python benchmarks/startup.py

## bench-context: analyze --context asking the store for the links it uses vs reading the whole snapshot
bench-context: $(STAMP)
	$(BIN)/python benchmarks/context.py

## bench-suggest: recall of 'suggest' on the 2017 overview against the curated facts, vs labels only
bench-suggest: $(STAMP)
	$(BIN)/python benchmarks/suggest.py

## bench-scale: issue 14 in one command: the build vs pyoxigraph (load + the same dumps; load + TriG) and every check, derivation and saved query at 1x, 10x, 100x; parameter binding on an Oxigraph server at 10x; query start-up; analyze --context
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/build_scale.py --factors 1,10,100 --runs 1
	$(BIN)/python benchmarks/binding.py --factor 10 --runs 3
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/context.py

## bench: every benchmark in one command: combined graph (1x, 10x), explorer (incl. context mode), /sparql, scale
bench: bench-combined bench-explorer bench-endpoint bench-startup bench-context bench-suggest bench-scale
