"""Sweeps of registered platforms: Scrapy drives the crawl (crawler/sweep.py), this module seals and stores each
page through the same Sealer as single captures, and compares each sweep with the platform's previous one."""
from __future__ import annotations

import asyncio
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlmodel import Session, select

from crawler.sweep import PlatformSpider

from .evidence import new_capture_id
from .service import Sealer, checks_probes
from .settings import Settings
from .store import FindingRow, SweepPageRow, SweepRow, engine_for

LineSink = Callable[[dict[str, Any]], None]
_sinks: dict[str, LineSink] = {}  # sweep id -> where this process prints its lines


def normalise_url(url: str) -> str:
    u = urlsplit(url)
    query = urlencode(sorted(parse_qsl(u.query, keep_blank_values=True)))
    return urlunsplit((u.scheme.lower(), u.netloc.lower(), u.path.rstrip("/") or "/", query, ""))


class SealPipeline:
    """Scrapy item pipeline: a captured page becomes sealed, judged, stored evidence and a line of output."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.settings = Settings.load()
        self.sealer = Sealer(self.settings, crawler.settings.get("XUNJIAN_INSPECTOR"))

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SealPipeline":
        return cls(crawler)

    async def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        spider = spider or self.crawler.spider
        capture_id = new_capture_id()
        line = await self.sealer.finish(item["url"], capture_id, Path(item["staging"]), item["result"], item["role"],
                                        item["platform"])
        page = SweepPageRow(sweep_id=spider.sweep_id, url=item["url"], role=line["role"], capture_id=capture_id,
                            status=line["status"], links=item["links"])
        await asyncio.to_thread(_save, self.settings.database_url, page)
        sink = _sinks.get(spider.sweep_id)
        if sink is not None:
            sink(line)
        return {"url": item["url"], "capture_id": capture_id}


def _save(database_url: str, row: Any) -> None:
    with Session(engine_for(database_url), expire_on_commit=False) as session:
        session.add(row)
        session.commit()


def scrapy_settings(settings: Settings, concurrency: int, inspector: str | None) -> dict[str, Any]:
    store = settings.evidence_dir
    return {
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {"http": "crawler.sweep.CaptureDownloadHandler", "https": "crawler.sweep.CaptureDownloadHandler"},
        "ITEM_PIPELINES": {"xunjian.sweep.SealPipeline": 100},
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "RETRY_ENABLED": False,        # the download handler retries network errors itself, with back-off
        "ROBOTSTXT_OBEY": False,       # a regulator's inspection, not a search engine
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "XUNJIAN_STAGING_DIR": str(store / ".tmp"),
        "XUNJIAN_PROBES": checks_probes(),
        "XUNJIAN_INSPECTOR": inspector,
    }


def start_sweep(database_url: str, platform: dict[str, Any], max_pages: int) -> SweepRow:
    row = SweepRow(id=datetime.now(timezone.utc).strftime("S%Y%m%dT%H%M%SZ-") + secrets.token_hex(3),
                   platform=platform["id"], started_at=datetime.now(timezone.utc),
                   settings={"max_pages": max_pages, "homepage": platform["homepage"]})
    _save(database_url, row)
    return row


def finished_pages(database_url: str, sweep_id: str) -> dict[str, list[str]]:
    """What an interrupted sweep already captured: url -> links found there."""
    with Session(engine_for(database_url)) as session:
        rows = session.exec(select(SweepPageRow).where(SweepPageRow.sweep_id == sweep_id)).all()
    return {r.url: r.links for r in rows}


def run_sweeps(settings: Settings, jobs: list[tuple[SweepRow, dict[str, Any]]], concurrency: int,
               inspector: str | None, sink: LineSink) -> list[dict[str, Any]]:
    """Run one Scrapy crawl per platform (concurrently, in this process); returns one summary per sweep."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(scrapy_settings(settings, concurrency, inspector))
    for sweep, platform in jobs:
        _sinks[sweep.id] = sink
        done = finished_pages(settings.database_url, sweep.id)
        process.crawl(PlatformSpider, platform=platform, max_pages=sweep.settings["max_pages"], done=done,
                      sweep_id=sweep.id)
    process.start()
    return [close_sweep(settings.database_url, sweep.id) for sweep, _ in jobs]


def violation_keys(session: Session, sweep_id: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The sweep's violations, keyed by check + normalised URL + the element concerned."""
    rows = session.exec(
        select(SweepPageRow.url, FindingRow).join(FindingRow, FindingRow.capture_id == SweepPageRow.capture_id)
        .where(SweepPageRow.sweep_id == sweep_id, FindingRow.verdict == "violation")).all()
    out = {}
    for url, f in rows:
        element = (f.elements[0].get("text") if f.elements else "") or f.reason
        element = re.sub(r"\d+", "#", re.sub(r"\s+", "", element))[:80]  # countdowns and prices tick
        out[(f.check, normalise_url(url), element)] = {"check": f.check, "url": url, "reason": f.reason,
                                                           "capture_id": f.capture_id}
    return out


def compliant_licences(session: Session, sweep_id: str) -> set[str]:
    rows = session.exec(
        select(SweepPageRow.url).join(FindingRow, FindingRow.capture_id == SweepPageRow.capture_id)
        .where(SweepPageRow.sweep_id == sweep_id, FindingRow.check == "license_display",
               FindingRow.verdict == "compliant")).all()
    return {normalise_url(u) for u in rows}


def close_sweep(database_url: str, sweep_id: str) -> dict[str, Any]:
    """Count, compare with the platform's previous finished sweep, and store the diff."""
    with Session(engine_for(database_url)) as session:
        sweep = session.get(SweepRow, sweep_id)
        pages = session.exec(select(SweepPageRow).where(SweepPageRow.sweep_id == sweep_id)).all()
        previous = session.exec(select(SweepRow).where(SweepRow.platform == sweep.platform, SweepRow.status == "done",
                                                       SweepRow.started_at < sweep.started_at)
                                .order_by(SweepRow.started_at.desc()).limit(1)).first()
        now = violation_keys(session, sweep_id)
        before = violation_keys(session, previous.id) if previous else {}
        had_licence = compliant_licences(session, previous.id) if previous else set()
        new = [dict(v, newly_missing_licence=k[0] == "license_display" and k[1] in had_licence)
               for k, v in now.items() if k not in before]
        persisting = [v for k, v in now.items() if k in before]
        resolved = [v for k, v in before.items() if k not in now]
        sweep.pages = len(pages)
        sweep.failed = sum(1 for p in pages if p.status != "ok")
        sweep.violations, sweep.new, sweep.persisting, sweep.resolved = len(now), len(new), len(persisting), len(resolved)
        sweep.diff = {"previous": previous.id if previous else None, "new": new, "persisting": persisting, "resolved": resolved}
        sweep.status = "done"
        sweep.ended_at = datetime.now(timezone.utc)
        session.add(sweep)
        session.commit()
        return {"sweep_id": sweep.id, "platform": sweep.platform, "pages": sweep.pages, "failed": sweep.failed,
                "violations": sweep.violations, "new": sweep.new, "persisting": sweep.persisting,
                "resolved": sweep.resolved}


def list_sweeps(database_url: str) -> list[SweepRow]:
    with Session(engine_for(database_url)) as session:
        return list(session.exec(select(SweepRow).order_by(SweepRow.started_at.desc())).all())


def get_sweep(database_url: str, sweep_id: str) -> SweepRow | None:
    with Session(engine_for(database_url)) as session:
        return session.get(SweepRow, sweep_id)

