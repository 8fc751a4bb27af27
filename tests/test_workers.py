"""Sweeps on many workers: a real redis-server holds the frontier, a real PostgreSQL the records. Two workers share a
sweep of 40 pages; one is SIGKILLed (with its browser) mid-sweep; the pages it held go back to the queue when their
lease runs out, and every page ends up captured exactly once."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import psycopg
import pytest
import redis

from crawler.frontier import FRONTIER_KEY
from tests.catalogue import catalogue
from tests.conftest import ROOT, Installation
from tests.services import postgres_server, redis_server

LEASE = 12  # seconds; short so the test does not wait long for the killed worker's pages


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    redis_gen = redis_server(tmp_path_factory.mktemp("redis"))
    pg_gen = postgres_server()
    redis_url, database_url = next(redis_gen), next(pg_gen)
    yield redis_url, database_url
    for gen in (redis_gen, pg_gen):
        gen.close()


def shared_env(inst: Installation, database_url: str, who: str) -> dict[str, str]:
    return dict(inst.env, DATABASE_URL=database_url, XUNJIAN_INSPECTOR=who)


def start(inst: Installation, env: dict[str, str], name: str, *args: str) -> subprocess.Popen:
    log = open(inst.home / f"{name}.out", "w")  # files, not pipes: a full pipe would stall the process
    return subprocess.Popen([sys.executable, "-m", "xunjian", *args], env=env, cwd=ROOT, stdout=log,
                            stderr=open(inst.home / f"{name}.err", "w"), text=True, start_new_session=True)


def pg(database_url: str) -> psycopg.Connection:
    return psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def test_two_workers_one_killed_every_page_exactly_once(services, inst, tmp_path):
    redis_url, database_url = services
    r = redis.Redis.from_url(redis_url)
    with catalogue(tmp_path, products=38) as site:
        sweep = start(inst, shared_env(inst, database_url, "调度"), "sweep", "sweep", "--registry", site["registry"],
                      "--platform", "catalogue", "--json", "--redis", redis_url)
        deadline = time.monotonic() + 60
        while r.llen(f"{FRONTIER_KEY}:pending") == 0 and sweep.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert r.llen(f"{FRONTIER_KEY}:pending") == 2, (inst.home / "sweep.err").read_text()  # homepage + search page
        workers = {who: start(inst, shared_env(inst, database_url, who), who, "worker", "--redis", redis_url,
                              "--concurrency", "2", "--lease-timeout", str(LEASE), "--exit-when-idle")
                   for who in ("worker-a", "worker-b")}
        try:
            db = pg(database_url)
            # Kill worker-a (and its Chromium) once the sweep is under way and both workers hold pages.
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                done = db.execute("select count(*) from sweep_page").fetchone()[0]
                by_a = db.execute("select count(*) from capture where inspector = 'worker-a'").fetchone()[0]
                if done >= 8 and by_a >= 2 and r.zcard(f"{FRONTIER_KEY}:leases") >= 3:
                    break
                time.sleep(0.2)
            leased_at_kill = {m.decode().split(" ", 1)[1] for m in r.zrange(f"{FRONTIER_KEY}:leases", 0, -1)}
            os.killpg(workers["worker-a"].pid, signal.SIGKILL)
            killed_at = datetime.now(timezone.utc)
            workers["worker-a"].wait(10)
            assert sweep.wait(300) in (0, 3), (inst.home / "sweep.err").read_text()
            assert workers["worker-b"].wait(120) == 0, (inst.home / "worker-b.err").read_text()
        finally:
            for proc in (sweep, *workers.values()):
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)

        lines = [json.loads(l) for l in (inst.home / "sweep.out").read_text().splitlines() if l.strip()]
        pages, summary = [l for l in lines if "url" in l], [l for l in lines if "sweep_id" in l]
        assert len(summary) == 1 and summary[0]["pages"] == site["pages"] == 40 and summary[0]["failed"] == 0
        assert sorted(p["url"] for p in pages) == sorted(site["urls"])  # one line per page, none twice

        captured = db.execute("select url, count(*) from capture group by url").fetchall()
        assert {u for u, _ in captured} == site["urls"] and all(n == 1 for _, n in captured)
        swept = db.execute("select url from sweep_page where sweep_id = %s", (summary[0]["sweep_id"],)).fetchall()
        assert sorted(u for (u,) in swept) == sorted(site["urls"])
        by = dict(db.execute("select inspector, count(*) from capture group by inspector").fetchall())
        assert by["worker-a"] >= 2 and by["worker-b"] >= 2 and by["worker-a"] + by["worker-b"] == 40
        # Pages worker-a held when it died were captured by worker-b after its lease ran out.
        requeued = db.execute("select url, inspector, started_at from capture where url = any(%s)",
                              (list(leased_at_kill),)).fetchall()
        assert len(requeued) == len(leased_at_kill)
        assert any(who == "worker-b" and started.replace(tzinfo=timezone.utc) > killed_at for _, who, started in requeued)
        assert r.llen(f"{FRONTIER_KEY}:pending") == 0 and r.zcard(f"{FRONTIER_KEY}:leases") == 0
        assert db.execute("select status from sweep").fetchall() == [("done",)]
        # What the workers stored is sealed evidence that verifies, found by folder or by id in the shared database.
        for who in ("worker-a", "worker-b"):
            capture_id, folder = db.execute("select id, evidence_dir from capture where inspector = %s limit 1",
                                            (who,)).fetchone()
            for target in (capture_id, folder):
                check = subprocess.run([sys.executable, "-m", "xunjian", "verify", target], cwd=ROOT, text=True,
                                       env=shared_env(inst, database_url, "核验"), capture_output=True)
                assert check.returncode == 0, check.stdout + check.stderr


def test_worker_and_sweep_name_an_unreachable_redis(inst, tmp_path):
    proc = inst.run("worker", "--redis", "redis://127.0.0.1:1/0", timeout=60)
    assert proc.returncode == 2 and "Redis" in proc.stderr
    with catalogue(tmp_path, products=2) as site:
        proc = inst.run("sweep", "--registry", site["registry"], "--platform", "catalogue", "--redis",
                        "redis://127.0.0.1:1/0", timeout=60)
    assert proc.returncode == 2 and "Redis" in proc.stderr
