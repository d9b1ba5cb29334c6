# SI Gouvernance: provisioning, deployment and tests.
#   make demo    a local throwaway Debian 13 VPS container, deployed with site.yml
#   make test    everything CI runs: lint, app tests, molecule scenarios
SHELL := /bin/bash
.SHELLFLAGS := -o errexit -o nounset -o pipefail -c
.DEFAULT_GOAL := help

VENV        := .venv
BIN         := $(VENV)/bin
PYTHON      ?= python3
# The docker.io client can do BuildKit builds on hosts without the buildx plugin.
DOCKER      ?= $(shell [ -x /usr/bin/docker ] && echo /usr/bin/docker || echo docker)
export DOCKER
export PATH := $(CURDIR)/$(BIN):$(PATH)
ENV         ?= staging
STAMP       := $(VENV)/.installed
SCENARIOS   ?= default
# The actions of a molecule scenario, run one by one so that each is timed.
MOLECULE_ACTIONS := destroy syntax create prepare check converge idempotence verify
TIMES       := .cache/stage-times

.PHONY: help setup docker images scan-tools lint test test-app test-molecule molecule-% demo demo-destroy vault-init bench bench-backup bench-provision bench-pages clean

help: ## List the targets
	@grep -hE '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt requirements.yml scripts/check-collections.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/python scripts/check-collections.py
	touch $@

setup: $(STAMP) ## Controller venv with pinned tools; checks collections offline

docker: ## Make sure a Docker engine runs (installs docker.io on Debian as root)
	scripts/ensure-docker.sh

images: docker ## Registry-free base, VPS and probe images (rebuilt only when their recipe changes)
	scripts/build-images.sh all

scan-tools: ## sslyze and the MDN HTTP Observatory for the scenario's TLS checks (.cache/scan-tools)
	scripts/install-scan-tools.sh

lint: $(STAMP) ## no clear-text vault, ansible-lint (production profile), yamllint, syntax check of every playbook
	@scripts/timed.sh lint-vault-encrypted scripts/vault-init.sh --check
	@scripts/timed.sh lint-yamllint $(BIN)/yamllint --strict .
	@scripts/timed.sh lint-ansible-lint $(BIN)/ansible-lint --profile production
	@for pb in site.yml playbooks/*.yml; do \
	  scripts/timed.sh "syntax-$$(basename $$pb .yml)" $(BIN)/ansible-playbook -i inventories/local/hosts.yml --syntax-check $$pb; \
	done

test-app: images ## Django tests against real MariaDB and Redis containers
	@scripts/timed.sh test-app scripts/test-app.sh

molecule-%: $(STAMP) images scan-tools ## One molecule scenario, each action timed (make molecule-default)
	@for action in $(MOLECULE_ACTIONS); do \
	  scripts/timed.sh "molecule-$*-$$action" $(BIN)/molecule $$action -s $* \
	    || { [ -n "$${KEEP:-}" ] || $(BIN)/molecule destroy -s $* >/dev/null 2>&1; exit 1; }; \
	done
	@scripts/timed.sh "molecule-$*-destroy" $(BIN)/molecule destroy -s $*

test-molecule: $(addprefix molecule-,$(SCENARIOS))

test: ## Everything: lint, app tests, molecule scenarios; prints the time of each stage
	@rm -f $(TIMES)
	$(MAKE) setup
	$(MAKE) lint
	$(MAKE) test-app
	$(MAKE) test-molecule
	@scripts/timed.sh --report

demo: $(STAMP) images ## Deploy to a local VPS container; prints the URL and where the admin credentials are
	scripts/demo.sh up

demo-destroy: ## Remove the local VPS container of make demo
	scripts/demo.sh destroy

vault-init: $(STAMP) ## Write a new encrypted vault with random secrets: make vault-init ENV=staging
	scripts/vault-init.sh $(ENV)

bench: images ## Alert scan benchmark (N = 1,000 and 10,000 projects)
	scripts/bench-alerts.sh

bench-backup: $(STAMP) ## Backup and restore of 1 GB of rows and 1 GB of media on the demo VPS (make demo first)
	scripts/bench-backup.sh

bench-provision: $(STAMP) ## Cold provision and no-op re-run of site.yml on a fresh VPS container: times, changes, slowest tasks
	scripts/bench-provision.sh

bench-pages: $(STAMP) ## Dashboard, project list and alerts page through nginx at 1,000 and 10,000 projects (make demo first)
	scripts/bench-pages.sh

clean: ## Remove the venv and caches (images stay)
	rm -rf $(VENV) .cache
