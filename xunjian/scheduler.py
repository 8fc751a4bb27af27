"""Scheduled sweeps: each platform's `schedule` (cron, Asia/Shanghai; an optional sixth field, last, gives seconds). A sweep runs as
its own `xunjian sweep` process, so one platform's crawl never holds up another's; a run still going when the next
is due is not started twice, and runs missed while the scheduler was down are logged."""
from __future__ import annotations

import logging
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from croniter import croniter

from .evidence import SHANGHAI, as_utc
from .sweep import list_sweeps

log = logging.getLogger("xunjian.scheduler")


@dataclass
class Job:
    platform: dict[str, Any]
    next_at: datetime
    process: subprocess.Popen | None = None
    skipped: int = 0
    started: list[datetime] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.platform["id"]

    def advance(self, now: datetime) -> None:
        self.next_at = croniter(self.platform["schedule"], now).get_next(datetime)


def missed_runs(platform: dict[str, Any], last_start: datetime | None, now: datetime) -> list[datetime]:
    """Fire times between the platform's last sweep and now that no sweep covered."""
    if last_start is None:
        return []
    it = croniter(platform["schedule"], last_start.astimezone(SHANGHAI))
    out = []
    while len(out) < 100:
        t = it.get_next(datetime)
        if t >= now:
            break
        out.append(t)
    return out


def sweep_command(registry: Path, platform_id: str, *extra: str) -> list[str]:
    """The `xunjian sweep` a scheduled run or the console's 立即巡检 starts, as its own process."""
    return [sys.executable, "-m", "xunjian", "sweep", "--registry", str(registry), "--platform", platform_id, "--json",
            *extra]


class Scheduler:
    def __init__(self, platforms: dict[str, dict[str, Any]], registry: Path, database_url: str,
                 extra_args: list[str] | None = None) -> None:
        self.registry = registry
        self.database_url = database_url
        self.extra_args = extra_args or []
        now = datetime.now(SHANGHAI)
        self.jobs = [Job(p, croniter(p["schedule"], now).get_next(datetime)) for p in platforms.values() if p.get("schedule")]

    def report_missed(self) -> None:
        now = datetime.now(SHANGHAI)
        last: dict[str, datetime] = {}
        for s in list_sweeps(self.database_url):
            started = as_utc(s.started_at)
            last[s.platform] = max(last.get(s.platform, started), started)
        for job in self.jobs:
            missed = missed_runs(job.platform, last.get(job.id), now)
            if missed:
                log.warning("平台 %s 错过了 %d 次计划巡检（最早 %s，最近 %s），调度器当时未运行",
                            job.id, len(missed), missed[0].isoformat(), missed[-1].isoformat())

    def tick(self) -> None:
        now = datetime.now(SHANGHAI)
        for job in self.jobs:
            if job.process is not None and job.process.poll() is not None:
                log.info("平台 %s 的巡检结束（退出码 %s）", job.id, job.process.returncode)
                job.process = None
            if now < job.next_at:
                continue
            due = job.next_at
            job.advance(now)
            if job.process is not None:
                job.skipped += 1
                log.warning("平台 %s 在 %s 的计划巡检未启动：上一次巡检仍在进行", job.id, due.isoformat())
                continue
            cmd = sweep_command(self.registry, job.id, *self.extra_args)
            log.info("启动平台 %s 的计划巡检（计划时间 %s）", job.id, due.isoformat())
            job.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            job.started.append(now)

    def run(self, until: float | None = None) -> None:
        self.report_missed()
        if not self.jobs:
            log.warning("登记文件中没有设置 schedule 的平台，调度器无事可做")
        try:
            while until is None or time.monotonic() < until:
                self.tick()
                time.sleep(0.5)
        finally:
            for job in self.jobs:
                if job.process is not None and job.process.poll() is None:
                    job.process.wait()
