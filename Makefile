# Both targets start from a fresh Debian machine: system packages, the venv, the project.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: system system-test setup demo test bench clean

APT_PACKAGES := chromium fonts-noto-cjk
# The tests also start real Redis and PostgreSQL servers (multi-worker sweeps).
TEST_APT_PACKAGES := $(APT_PACKAGES) redis-server postgresql

define apt_install
	@dpkg -s $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null; }
endef

system:
	$(call apt_install,$(APT_PACKAGES))

system-test:
	$(call apt_install,$(TEST_APT_PACKAGES))

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: system $(STAMP)

demo: setup
	$(VENV)/bin/xunjian demo

test: system-test $(STAMP)
	$(PY) -m pytest -q --durations=10

bench: setup
	$(PY) bench/capture_speed.py

clean:
	rm -rf $(VENV) var xunjian.db
