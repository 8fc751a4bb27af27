"""Shared fixtures: the fixture web server, an isolated installation (evidence store, database, key), the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def server():
    with FixtureServer() as s:
        yield s


@dataclass
class Installation:
    home: Path

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "XUNJIAN_EVIDENCE": str(self.home / "snapshots"),
            "DATABASE_URL": f"sqlite:///{self.home / 'xunjian.db'}",
            "XUNJIAN_KEY": str(self.home / "key" / "signing-key.pem"),
            "XUNJIAN_CONFIG": str(self.home / "none.yaml"),
            "PYTHONPATH": str(ROOT),
        })
        return env

    @property
    def evidence(self) -> Path:
        return self.home / "snapshots"

    def run(self, *args: str, timeout: float = 240, popen: bool = False):
        cmd = [sys.executable, "-m", "xunjian", *args]
        if popen:
            return subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return subprocess.run(cmd, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)

    def capture(self, *args: str, timeout: float = 240) -> tuple[int, dict[str, dict]]:
        """Run `capture --json`; returns the exit code and the JSON lines by URL."""
        proc = self.run("capture", "--json", *args, timeout=timeout)
        lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
        return proc.returncode, {l["url"]: l for l in lines}


@pytest.fixture
def inst(tmp_path) -> Installation:
    return Installation(tmp_path)


@pytest.fixture(scope="module")
def module_inst(tmp_path_factory) -> Installation:
    return Installation(tmp_path_factory.mktemp("inst"))
