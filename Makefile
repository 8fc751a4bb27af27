# Both targets start from a fresh Debian machine: system packages, the venv, the project.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: system setup demo test bench clean

APT_PACKAGES := chromium fonts-noto-cjk

system:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; }

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: system $(STAMP)

demo: setup
	$(VENV)/bin/xunjian demo

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/capture_speed.py

clean:
	rm -rf $(VENV) var xunjian.db
