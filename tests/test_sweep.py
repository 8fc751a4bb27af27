"""Sweeps on one machine: Scrapy drives the capture code over a platform's pages; each sweep is compared with the
previous one; a sweep killed with SIGKILL resumes without capturing finished pages again."""
from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from tests.server import FixtureServer
from xunjian.demo import DEMO_SITE


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A copy of the demo platforms (so a test can fix a violation between sweeps), served on a free port."""
    root = tmp_path_factory.mktemp("site") / "demo"
    shutil.copytree(DEMO_SITE, root)
    with FixtureServer(site=root) as server:
        registry = root.parent / "platforms.yaml"
        text = (Path(__file__).parent.parent / "config" / "platforms.yaml").read_text(encoding="utf-8")
        registry.write_text(text.replace("http://127.0.0.1:8765", server.base), encoding="utf-8")
        yield {"root": root, "base": server.base, "registry": str(registry)}

def sweep_lines(proc_stdout: str) -> tuple[list[dict], list[dict]]:
    lines = [json.loads(l) for l in proc_stdout.splitlines() if l.strip()]
    return [l for l in lines if "url" in l], [l for l in lines if "sweep_id" in l]


def test_sweep_diff_over_three_sweeps(site, module_inst):
    inst = module_inst
    proc = inst.run("sweep", "--registry", site["registry"], "--platform", "yunhe", "--max-pages", "20", "--json")
    pages, summary = sweep_lines(proc.stdout)
    assert proc.returncode == 3, proc.stderr  # the demo platform has violations
    assert len(summary) == 1 and summary[0]["platform"] == "yunhe" and summary[0]["pages"] == len(pages) == 8  # every page of the platform
    urls = [p["url"] for p in pages]
    assert len(urls) == len(set(urls))  # dedupe: product pages linked from several pages are captured once
    roles = {p["role"] for p in pages}
    assert {"homepage", "search", "product", "shop"} <= roles
    assert all(p["role"] == "product" for p in pages if "/item/" in p["url"])
    first = summary[0]
    assert first["violations"] >= 2 and first["new"] == first["violations"] and first["persisting"] == 0

    proc = inst.run("sweep", "--registry", site["registry"], "--platform", "yunhe", "--max-pages", "20", "--json")
    second = sweep_lines(proc.stdout)[1][0]
    assert second["new"] == 0 and second["persisting"] == first["violations"] and second["resolved"] == 0

    # The platform fixes its 推广 label between sweeps: those violations are reported resolved.
    search = site["root"] / "yh" / "search.html"
    search.write_text(search.read_text(encoding="utf-8").replace(">推广<", ">广告<"), encoding="utf-8")
    proc = inst.run("sweep", "--registry", site["registry"], "--platform", "yunhe", "--max-pages", "20", "--json")
    third = sweep_lines(proc.stdout)[1][0]
    assert third["resolved"] >= 1 and third["new"] == 0
    shown = inst.run("sweeps", "show", third["sweep_id"]).stdout
    assert "已整改" in shown and "ad_label" in shown.split("已整改")[1]
    listed = inst.run("sweeps").stdout
    assert first["sweep_id"] in listed and third["sweep_id"] in listed


def test_sweep_usage_errors(site, inst):
    assert inst.run("sweep", "--registry", site["registry"]).returncode == 2
    proc = inst.run("sweep", "--registry", site["registry"], "--platform", "nosuch")
    assert proc.returncode == 2 and "nosuch" in proc.stderr
    assert inst.run("sweep", "--resume", "S-none", "--registry", site["registry"]).returncode == 2


def test_sweep_killed_and_resumed_captures_every_page_once(site, inst):
    proc = inst.run("sweep", "--registry", site["registry"], "--platform", "luming", "--max-pages", "6", "--json",
                    "--concurrency", "2", popen=True)
    seen = []
    deadline = time.monotonic() + 120
    while len(seen) < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            seen.append(json.loads(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert len(seen) >= 3
    db = sqlite3.connect(inst.home / "xunjian.db")
    sweep_id, status = db.execute("select id, status from sweep").fetchone()
    assert status == "running"
    finished_before = {u for (u,) in db.execute("select url from sweep_page where sweep_id = ?", (sweep_id,))}
    assert len(finished_before) >= 3

    resumed = inst.run("sweep", "--registry", site["registry"], "--resume", sweep_id, "--json")
    pages, summary = sweep_lines(resumed.stdout)
    assert summary and summary[0]["sweep_id"] == sweep_id and summary[0]["pages"] == 6, resumed.stderr  # the cap holds across the two runs
    assert not {p["url"] for p in pages} & finished_before  # nothing finished is captured again
    rows = [u for (u,) in db.execute("select url from sweep_page where sweep_id = ?", (sweep_id,))]
    assert len(rows) == len(set(rows)) == 6
    assert db.execute("select status from sweep where id = ?", (sweep_id,)).fetchone()[0] == "done"


def test_scheduler_runs_due_sweeps_never_twice_and_logs_missed(site, inst, tmp_path, monkeypatch, caplog):
    """Driven tick by tick (no wall-clock race): a due sweep starts as its own process; due again while it runs, it is
    not started twice; fire times missed while the scheduler was down are logged."""
    from datetime import datetime, timedelta

    from xunjian.scheduler import SHANGHAI, Scheduler

    data = yaml.safe_load(Path(site["registry"]).read_text(encoding="utf-8"))
    qitong = next(p for p in data["platforms"] if p["id"] == "qitong")
    qitong["schedule"] = "*/2 * * * * *"
    data["platforms"] = [qitong]
    registry = tmp_path / "platforms.yaml"
    registry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for key, value in inst.env.items():
        monkeypatch.setenv(key, value)
    assert inst.run("sweeps").returncode == 0  # creates the database
    con = sqlite3.connect(inst.home / "xunjian.db")
    con.execute("insert into sweep (id, platform, status, started_at, settings, pages, failed, violations, new, "
                "persisting, resolved, diff) values ('S-old', 'qitong', 'done', '2026-01-01 00:00:00', '{}', 0, 0, 0, 0, "
                "0, 0, '{}')")
    con.commit()
    caplog.set_level("INFO", logger="xunjian.scheduler")
    sched = Scheduler({"qitong": qitong}, registry, inst.env["DATABASE_URL"], ["--max-pages", "3"])
    sched.report_missed()
    assert "错过了" in caplog.text
    job = sched.jobs[0]
    job.next_at = datetime.now(SHANGHAI) - timedelta(seconds=1)
    sched.tick()
    assert job.process is not None and len(job.started) == 1
    job.next_at = datetime.now(SHANGHAI) - timedelta(seconds=1)
    sched.tick()  # due again while the first sweep runs
    assert job.skipped == 1 and len(job.started) == 1 and "上一次巡检仍在进行" in caplog.text
    assert job.process.wait(120) == 0
    rows = con.execute("select status from sweep where platform = 'qitong' and id != 'S-old'").fetchall()
    assert rows == [("done",)]


def test_politeness_one_page_at_a_time_with_a_delay(site, inst):
    proc = inst.run("sweep", "--registry", site["registry"], "--platform", "qitong", "--max-pages", "3", "--json",
                    "--per-domain", "1", "--delay", "7")
    pages, summary = sweep_lines(proc.stdout)
    assert summary and summary[0]["pages"] == 3, proc.stderr
    db = sqlite3.connect(inst.home / "xunjian.db")
    spans = [(datetime.fromisoformat(a), datetime.fromisoformat(b))
             for a, b in db.execute("select started_at, ended_at from capture order by started_at")]
    assert all(nxt[0] >= cur[1] for cur, nxt in zip(spans, spans[1:]))  # one page of the domain at a time
    starts = [(nxt[0] - cur[0]).total_seconds() for cur, nxt in zip(spans, spans[1:])]
    assert min(starts) >= 6.5, starts  # a capture alone takes 2–5 s here; the delay holds the next one back
