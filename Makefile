# cablestream: `make run` brings the whole system up on local servers and ingests the samples;
# `make test` runs every test against real Redis, MinIO and OpenSearch.  Every target is idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus
N ?= 20000
UPLOAD_URL ?= http://127.0.0.1:8000
API_URL ?= http://127.0.0.1:8001

.PHONY: help install servers services run test test-unit test-integration lint bench bench-archive eval train-ner train-vetter frontier lexicon stop status clean \
	cluster test-cluster check-rules bad-input chaos chaos-short bench-streaming

help:
	@echo "make run      - install, start servers and services, ingest samples/"
	@echo "make test     - unit, integration and end-to-end tests on the real servers"
	@echo "make bench    - throughput and latency, as ratios against raw baselines"
	@echo "make eval CORPUS=../shared/corpus - parser figures over a corpus, entity precision/recall per split"
	@echo "make train-ner CORPUS=../shared/corpus - fine-tune the NER on the entity tune split (data/ner)"
	@echo "make train-vetter CORPUS=../shared/corpus - train the judges of people and places on the tune split (data/vetter.json)"
	@echo "make frontier CORPUS=../shared/corpus [LABEL=ORG] - the precision/recall trade the NER offers on a label, cross-fitted"
	@echo "make lexicon CORPUS=../shared/corpus - rebuild the ordinary-word lexicons (data/lower-words.tsv, english-lower.txt)"
	@echo "make bench-archive N=20000 - N cables in archives through the stack: per-stage rates, projections"
	@echo "make chaos [SCENARIOS=a,b] [CABLES=3000] - fault injection on servers of its own (docs/chaos.md)"
	@echo "make chaos-short - two scenarios, 1000 cables: the quick version for CI"
	@echo "make cluster  - 3 OpenSearch nodes, 4 MinIO processes, Redis, 2 workers per stage, Prometheus (docs/scaling.md)"
	@echo "make test-cluster - failover under load on that cluster (kills nodes and workers; not part of make test)"
	@echo "make check-rules  - promtool: the Prometheus config, the alert rules and their unit tests"
	@echo "make bad-input - 1,000+ malformed files of 30 kinds through the upload API; exit 1 if a bar is missed"
	@echo "make stop     - stop what run/test/cluster started (by pid)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==25.3 setuptools==80.9.0
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

servers: install
	@bash deploy/local/fetch.sh
	@bash deploy/local/servers.sh start

services: servers
	@bash deploy/local/services.sh start

run: services
	@$(BIN)/cablestream keys create --dev >/dev/null
	$(BIN)/cablestream upload samples/ --force --url $(UPLOAD_URL) --key "$$(cat .cablestream/dev-key)"
	@echo
	@echo "development API key (every scope, in .cablestream/dev-key): $$(cat .cablestream/dev-key)"
	@echo "upload service  $(UPLOAD_URL)/docs"
	@echo "read API        $(API_URL)/docs   e.g. curl -H \"Authorization: Bearer $$(cat .cablestream/dev-key)\" '$(API_URL)/v1/cables?q=Aitzhanova'"
	@echo "stop everything with: make stop"

test: servers
	@# Again, idempotently: a server that died since it started (killed by a sweep of an earlier run's
	@# processes, say) is started again rather than failing every test that needs it.
	@bash deploy/local/servers.sh start
	$(BIN)/pytest -q -p no:cacheprovider

test-unit: install
	$(BIN)/pytest -q tests/unit

# ruff, strict mypy over the whole repository ([tool.mypy] files), the import contracts
# ([tool.importlinter]) and the Prometheus rules; each runs even when an earlier one fails, and lint
# fails if any did.
lint: install
	@status=0; \
	$(BIN)/ruff check shared services tests bench devtools || status=1; \
	$(BIN)/mypy || status=1; \
	$(BIN)/lint-imports --no-cache --no-logo || status=1; \
	$(MAKE) --no-print-directory check-rules || status=1; \
	exit $$status

# Debian's promtool (installed once by cluster.sh fetch, its service left off): the configs, the alert
# rules, and the rules' unit tests (deploy/prometheus/rules.test.yml).
check-rules:
	@bash deploy/local/cluster.sh fetch
	@promtool check config --syntax-only deploy/prometheus/cluster-local.yml deploy/prometheus/prometheus.yml \
		deploy/prometheus/cluster-compose.yml
	@promtool check rules deploy/prometheus/rules.yml
	@promtool test rules deploy/prometheus/rules.test.yml

# The local cluster: every server several times over on loopback, beside (not instead of) make run's.
cluster: install
	@bash deploy/local/fetch.sh
	@bash deploy/local/cluster.sh fetch
	@bash deploy/local/cluster.sh start

# Failover under load on the cluster: >= 5,000 cables while an OpenSearch node and a MinIO process are
# killed, then while one worker per stage is; Prometheus read back through PromQL.  Minutes, not seconds.
test-cluster: cluster
	@source deploy/local/cluster-env.sh && $(BIN)/pytest -q -p no:cacheprovider -o testpaths=tests/cluster tests/cluster

bench: servers
	$(BIN)/python -m bench $(if $(wildcard $(CORPUS)),--corpus $(CORPUS),)

eval: install
	$(BIN)/python -m bench.evaluate $(CORPUS)
	@echo "== entities: precision and recall against the hand annotations (tests/data/annotations) =="
	@echo "   tune split (rules developed and the NER fine-tuned on it), then the test split (fixed by hash before"
	@echo "   tuning) with its misses"
	$(BIN)/python -m bench.entities_eval --corpus $(CORPUS) --split tune
	$(BIN)/python -m bench.entities_eval --corpus $(CORPUS) --split test --misses --baseline

# N cables of real templates under real archive ids, in tar.gz archives through the whole stack
# The NER's fine-tuned weights (shared/cablestream/data/ner) from the tune split's annotations; needs the corpus.
train-ner: install
	$(BIN)/python -m bench.train_ner --corpus $(CORPUS)

# The judges of people and places learn from the tune split read cross-fitted (two NERs, each fine-tuned on one half: ~25 min,
# kept in .cache/vetter); scikit-learn (the dev extra) fits it, extraction reads its weights in pure Python.
train-vetter: install
	$(BIN)/python -m bench.train_vetter --corpus $(CORPUS)

# A change to the NER is judged by the whole trade it offers, not one point: a row per shift of the label's output
# bias, each half of the tune split read by train-vetter's NER of the other half (~1 min once they are cached).
frontier: install
	$(BIN)/python -m bench.frontier --corpus $(CORPUS) --label $(or $(LABEL),ORG)

# The English fallback reads spaCy's word probabilities: a build-time tool, installed here only.
lexicon: install
	$(BIN)/python -m pip install -q spacy-lookups-data==1.0.5
	$(BIN)/python -m bench.lexicon $(CORPUS) > shared/cablestream/data/lower-words.tsv
	$(BIN)/python -m bench.lexicon --english $(CORPUS) > shared/cablestream/data/english-lower.txt

bench-archive: servers
	$(BIN)/python -m bench.archive --cables $(N) $(if $(wildcard $(CORPUS)),--corpus $(CORPUS),)

# A ~1 GB tar.gz (SIZE_MB=) uploaded, stored, parsed and indexed on a stack of its own: peak RSS per process.
bench-streaming: servers
	$(BIN)/python -m bench.streaming --size-mb $(or $(SIZE_MB),1024) $(if $(wildcard $(CORPUS)),--corpus $(CORPUS),)

# Hostile files through the whole stack, in a namespace of its own: no worker death, no 5xx, every file
# parsed, named or refused, bounded failure store and memory.  SEED=n: other files of the same kinds;
# EXTRACT=1: with the extract worker.
bad-input: servers
	$(BIN)/python -m bench.badinput --seed $(or $(SEED),1) $(if $(EXTRACT),--extract,) \
		$(if $(wildcard $(CORPUS)),--corpus $(CORPUS),)

# Faults (kill -9, SIGSTOP) against real processes, on a Redis, MinIO and OpenSearch of the suite's own
# (ports 6391, 9012-9013, 9211; data under /var/lib/cablestream-chaos), never the shared servers.
# Not part of `make test`.  Exit code 1 when a row misses the bar (docs/chaos.md).
CABLES ?= 3000
SCENARIOS ?=
CHAOS_ARGS = --cables $(CABLES) $(if $(SCENARIOS),--scenarios $(SCENARIOS),) $(if $(wildcard $(CORPUS)),--corpus $(CORPUS),)

chaos: install
	@bash deploy/local/fetch.sh
	PYTHONPATH=shared:. $(BIN)/python -m bench.chaos $(CHAOS_ARGS)

chaos-short: install
	@bash deploy/local/fetch.sh
	PYTHONPATH=shared:. $(BIN)/python -m bench.chaos --cables 1000 --archives 10 --scenarios index-worker,opensearch-kill $(if $(wildcard $(CORPUS)),--corpus $(CORPUS),)

stop:
	@bash deploy/local/services.sh stop
	@bash deploy/local/servers.sh stop
	@bash deploy/local/cluster.sh stop

status:
	@bash deploy/local/servers.sh status
	@bash deploy/local/services.sh status
	@bash deploy/local/cluster.sh status

clean: stop
	rm -rf $(VENV)
