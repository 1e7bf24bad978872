# The README's two commands: `make lab` and `make test`. Each installs what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Tests and benchmarks run optimised code: numeric kernels in a debug build are 50x slower.
CONFIG ?= release
SWIFT_FLAGS := -c $(CONFIG)
# SwiftPM recompiles when MAKEFLAGS differs from the last build's: make's own flags must not decide whether
# `make lab` after `make test` (or a nested make, or a plain `swift build`) rebuilds the kernel.
SWIFT := env -u MAKEFLAGS -u MFLAGS swift
BIN := $(shell swift build $(SWIFT_FLAGS) --show-bin-path 2>/dev/null)
KERNEL := $(BIN)/saliency-kernel

VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := pkg-config libzmq3-dev libopenblas-dev libpng-dev libjpeg62-turbo-dev \
                libcairo2-dev fonts-dejavu-core python3-venv python3-pip chromium

.PHONY: help deps venv lock build test test-swift test-python test-browser test-slurm test-kubernetes lab kernelspec bench-kernel models heldout-trojans notebooks clean

help:
	@echo "make lab    JupyterLab on notebooks/ with the Saliency (Swift) kernel"
	@echo "make test   every test: swift test, the Python integration tests, JupyterLab in Chromium"
	@echo "make lock   refresh tools/requirements.lock (the venv's exact versions) from tools/requirements.txt"

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The venv installs the lock, exact versions of everything, so that a notebook shared today opens in the
# same JupyterLab next month; tools/requirements.txt names what the project asks for directly.
# python/ is this repository's papermill translator (python -m saliency_papermill), installed editable
# without dependencies: the lock already pins papermill and what it pulls in.
$(VENV)/.stamp: tools/requirements.lock python/pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r tools/requirements.lock
	$(PY) -m pip install -q --no-deps -e python
	touch $@

venv: deps $(VENV)/.stamp

# Refresh the lock: resolve tools/requirements.txt afresh in a throwaway venv and freeze what it installed.
# Review the diff, run `make test`, commit both files.
LOCK_VENV := .build/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	python3 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install -q -r tools/requirements.txt
	{ echo "# Exact versions of the test and lab venv, made by \`make lock\` from tools/requirements.txt"; \
	  echo "# with $$($(LOCK_VENV)/bin/python --version) on $$(uname -m); \`make venv\` installs this file."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > tools/requirements.lock
	rm -rf $(LOCK_VENV)
	@echo "wrote tools/requirements.lock"

build: deps
	$(SWIFT) build $(SWIFT_FLAGS) --build-tests

test-swift: build
	$(SWIFT) test $(SWIFT_FLAGS) --skip-build

test-python: build venv
	SALIENCY_KERNEL=$(KERNEL) $(PY) -m pytest -q -p no:cacheprovider Tests/Integration

# JupyterLab in headless Chromium (Debian's package, driven by Playwright; never `playwright install`).
# Screenshots and the server log go to .build/browser/.
test-browser: build venv
	SALIENCY_KERNEL=$(KERNEL) $(PY) -m pytest -q -p no:cacheprovider Tests/Browser

# Sharded sweeps on a single-node Slurm of Debian's packages (issue 27): slurmctld, slurmd and munged run as
# root with every file in a temporary folder (never /etc), and are stopped at the end, failed or not.
SLURM_PACKAGES := slurm-wlm munge
test-slurm: build
	@missing=$$(for p in $(SLURM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(SUDO) deploy/slurm/test-slurm.sh $(KERNEL)

# The Kubernetes manifests against the Kubernetes API schemas, offline.
test-kubernetes: venv
	$(VENV)/bin/kubernetes-validate --strict deploy/kubernetes/*.yaml
	$(PY) -c 'import yaml; job = yaml.safe_load(open("deploy/kubernetes/sweep-job.yaml"))["spec"]; \
	  env = {e["name"]: e["value"] for e in job["template"]["spec"]["containers"][0]["env"]}; \
	  assert env["JOB_COMPLETIONS"] == str(job["completions"]), "sweep-job.yaml: JOB_COMPLETIONS must equal spec.completions"'

# The image deploy/kubernetes's Jobs name: the release binary on Debian 12 with its libraries (needs Docker).
IMAGE ?= saliency-workbench:0.1.0
.PHONY: image
image: build
	context=$$(mktemp -d) && cp $(KERNEL) deploy/kubernetes/Dockerfile $$context/ && \
	docker build -t $(IMAGE) $$context; status=$$?; rm -rf $$context; exit $$status

test: test-swift test-python test-browser test-slurm test-kubernetes

kernelspec: build venv
	$(KERNEL) install --prefix $(abspath $(VENV))

# JupyterLab refuses root without --allow-root; containers, cloud VMs and hub images run as root. Without a
# display it opens no browser: the URL with its token is printed in the server's log below.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root) $(if $(DISPLAY),,--no-browser)

lab: kernelspec
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_FLAGS)

bench-kernel: build venv
	SALIENCY_KERNEL=$(KERNEL) $(PY) tools/bench_kernel.py

# Retrain the embedded models into models/ (about 15 minutes each on 2 cores); the trojans and the ViT's stem
# start from the shapes-cnn just trained (SALIENCY_MODELS), and the next build embeds the new files.
models: build
	for recipe in shapes-cnn shapes-vit shapes-trojan-patch shapes-trojan-blend shapes-trojan-sticker; do \
	  SALIENCY_MODELS=$(abspath models) $(BIN)/saliency-kernel train --recipe $$recipe || exit 1; done

# Trojans made another way than the shipped ones (Recipe.heldOutTrojans) and their clean control, shapes-cnn
# fine-tuned the same way on clean data (Recipe.heldOutClean), for make bench-agnostic.
heldout-trojans: build
	for recipe in heldout-trojan-patch-topleft heldout-trojan-blend heldout-trojan-sticker heldout-clean-finetune; do \
	  $(BIN)/saliency-kernel train --recipe $$recipe --output .build/heldout || exit 1; done

# Re-execute the tutorial notebooks so the committed copies hold current outputs.
notebooks: kernelspec
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(PY) tools/make_notebooks.py

clean:
	rm -rf .build $(VENV)

# The workbench's two speed goals (issue 10): notebook 1 end to end, and a %compare of six methods.
.PHONY: bench-workbench
bench-workbench: kernelspec
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(PY) tools/bench_workbench.py

# --- Imaging: speed budgets of the Imaging and Plotting modules (issue 5) ---
.PHONY: bench-imaging
bench-imaging: deps
	$(SWIFT) build -c release --product bench-imaging
	$$($(SWIFT) build -c release --show-bin-path)/bench-imaging

# --- Engine and attribution against PyTorch and Captum, in one run (ratios, not absolute times) ---
# PyTorch lives only in its own venv: the kernel and its tests never need it.
.PHONY: bench-engine bench-attribution bench-var bench-agnostic
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python

# A CPU-only torch wheel first, where pip's configured find-links offer one (PyPI's default wheel
# carries CUDA, gigabytes of it); then the rest, which leaves an installed torch alone.
$(BENCH_VENV)/.stamp: tools/bench-requirements.txt
	python3 -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install -q --upgrade pip
	$(BENCH_PY) -m pip install -q --no-index --no-deps torch 2>/dev/null || true
	$(BENCH_PY) -m pip install -q -r tools/bench-requirements.txt
	touch $@

bench-engine: deps $(BENCH_VENV)/.stamp
	$(SWIFT) build -c release --product bench-engine
	$(BENCH_PY) tools/bench_engine.py engine --binary $$($(SWIFT) build -c release --show-bin-path)/bench-engine

bench-attribution: deps $(BENCH_VENV)/.stamp
	$(SWIFT) build -c release --product bench-engine
	$(BENCH_PY) tools/bench_engine.py attribution --binary $$($(SWIFT) build -c release --show-bin-path)/bench-engine

# VAR with and without, on the shipped CNN and ViT (issue 9), on a folder of PNGs with confidence intervals, and a
# 1 000-picture sweep on ResNet-50 streaming in bounded memory (issue 26); writes benchmarks/results/var.md.
bench-var: build $(BENCH_VENV)/.stamp
	$(BENCH_PY) tools/bench_var.py --kernel $(KERNEL)

# Input-agnostic maps and the backdoor scan (issue 8): time per class and per scan, every shipped
# model's verdict, and one class on ResNet-50 (exported with PyTorch from the bench venv); then the
# trojan benchmark's newest held-out round, the one the shipped verdict was never tuned on (held-out-3;
# HALF=held-out or held-out-2 for the earlier ones, which the verdict's calibration has since seen).
HALF ?= held-out-3
bench-agnostic: build $(BENCH_VENV)/.stamp
	$(BENCH_PY) tools/bench_agnostic.py --kernel $(KERNEL)
	$(BENCH_PY) tools/bench_trojans.py --kernel $(KERNEL) --half $(HALF)

# The trojan benchmark (issue 24, benchmarks/trojans, made by tools/make_trojan_benchmark.py): the tuning
# half with every method, for tuning; `make bench-agnostic` scans the held-out half.
.PHONY: bench-trojans
bench-trojans: build venv
	$(PY) tools/bench_trojans.py --kernel $(KERNEL) --half tuning

# --- Fuzzing: libFuzzer with AddressSanitizer over the parsers of outside input (not part of `make test`) ---
# Builds into .build-fuzz; each fuzzer runs FUZZ_TIME seconds on its seed corpus in Fuzz/corpus/ (new
# inputs go to .build-fuzz/corpus/, crashes to .build-fuzz/crashes/). `make fuzz FUZZ_TIME=600` for longer.
FUZZ_TIME ?= 60
FUZZ_SCRATCH := .build-fuzz
FUZZ_FLAGS := -c release --scratch-path $(FUZZ_SCRATCH) -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
FUZZERS := wire comm onnx image annotations
.PHONY: fuzz fuzz-build

fuzz-build: deps
	for f in $(FUZZERS); do nice -n 10 $(SWIFT) build $(FUZZ_FLAGS) --product fuzz-$$f || exit 1; done

fuzz: fuzz-build
	for f in $(FUZZERS); do $(MAKE) --no-print-directory fuzz-run-$$f || exit 1; done

fuzz-run-%:
	mkdir -p $(FUZZ_SCRATCH)/corpus/$* $(FUZZ_SCRATCH)/crashes
	nice -n 10 $$($(SWIFT) build $(FUZZ_FLAGS) --show-bin-path)/fuzz-$* -max_total_time=$(FUZZ_TIME) -timeout=10 \
	  -rss_limit_mb=2048 -artifact_prefix=$(FUZZ_SCRATCH)/crashes/$*- $(FUZZ_SCRATCH)/corpus/$* Fuzz/corpus/$* < /dev/null
