"""Sweeps of registered platforms: Scrapy drives the crawl (crawler/sweep.py), this module seals and stores each
page through the same Sealer as single captures, and compares each sweep with the platform's previous one."""
from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from sqlmodel import Session, select

import redis
from sqlalchemy.exc import IntegrityError

from crawler.frontier import FRONTIER_KEY, Frontier, LeasedQueue, RedisSweepDupeFilter
from crawler.sweep import PlatformSpider

from .evidence import new_capture_id
from .service import Sealer, checks_probes, stored_line
from .review import normalise_url, violation_key
from .settings import Settings
from .store import CaptureRow, FindingRow, SweepPageRow, SweepRow, engine_for

log = logging.getLogger("xunjian.sweep")
LineSink = Callable[[dict[str, Any]], None]
_sinks: dict[str, LineSink] = {}  # sweep id -> where this process prints its lines


class SealPipeline:
    """Scrapy item pipeline: a captured page becomes sealed, judged, stored evidence and a line of output. The page's
    sweep row is stored in the capture's transaction; only then is a frontier lease acknowledged."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.settings = Settings.load()
        self.sealer = Sealer(self.settings, crawler.settings.get("XUNJIAN_INSPECTOR"))

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SealPipeline":
        return cls(crawler)

    async def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        spider = spider or self.crawler.spider
        out = {"url": item["url"], "capture_id": None}
        if not item["sealed"]:
            capture_id = new_capture_id()
            page = lambda line: [SweepPageRow(sweep_id=item["sweep_id"], url=item["url"], role=line["role"],  # noqa: E731
                                              capture_id=capture_id, status=line["status"], links=item["links"])]
            try:
                line = await self.sealer.finish(item["url"], capture_id, Path(item["staging"]), item["result"],
                                                item["role"], item["platform"], extra_rows=page)
            except IntegrityError:
                line = None  # another worker stored this page of the sweep first; its evidence stands
            if line is not None:
                out["capture_id"] = capture_id
                sink = _sinks.get(item["sweep_id"])
                if sink is not None:
                    sink(line)
        frontier = getattr(spider, "frontier", None)
        if frontier is not None and item.get("frontier_id"):
            await asyncio.to_thread(frontier.ack, item["frontier_id"])
        return out


class SealedPages:
    """Downloader middleware: a page this sweep already stored (an interrupted run, a worker killed after storing)
    is not captured again; the spider only follows the links stored with it."""

    def __init__(self) -> None:
        self.database_url = Settings.load().database_url

    async def process_request(self, request: Any, spider: Any = None) -> Any:
        from scrapy.http import HtmlResponse

        sweep_id = request.meta.get("sweep_id")
        if sweep_id is None:
            return None
        links = await asyncio.to_thread(stored_links, self.database_url, sweep_id, request.url)
        if links is None:
            return None
        request.meta["sealed_links"] = links
        return HtmlResponse(url=request.url, body=b"", encoding="utf-8", request=request)


def stored_links(database_url: str, sweep_id: str, url: str) -> list[str] | None:
    with Session(engine_for(database_url)) as session:
        row = session.exec(select(SweepPageRow.links).where(SweepPageRow.sweep_id == sweep_id,
                                                            SweepPageRow.url == url)).first()
    return None if row is None else list(row)


def _save(database_url: str, row: Any) -> None:
    with Session(engine_for(database_url), expire_on_commit=False) as session:
        session.add(row)
        session.commit()


def scrapy_settings(settings: Settings, concurrency: int, inspector: str | None, redis_url: str | None = None,
                    lease_seconds: float = 120.0, exit_when_idle: bool = False, per_domain: int | None = None,
                    delay: float = 0.0) -> dict[str, Any]:
    """One machine: Scrapy's scheduler with the in-process sweep dupefilter. With `redis_url`: the scrapy-redis
    scheduler over the shared leased frontier (crawler/frontier.py)."""
    store = settings.evidence_dir
    out = {
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {"http": "crawler.sweep.CaptureDownloadHandler", "https": "crawler.sweep.CaptureDownloadHandler"},
        "DOWNLOADER_MIDDLEWARES": {"xunjian.sweep.SealedPages": 50},
        "ITEM_PIPELINES": {"xunjian.sweep.SealPipeline": 100},
        "DUPEFILTER_CLASS": "crawler.sweep.SweepDupeFilter",
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": min(per_domain or concurrency, concurrency),
        "DOWNLOAD_DELAY": delay,       # politeness: at least this many seconds between page starts on one domain
        "RANDOMIZE_DOWNLOAD_DELAY": False,
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
    if redis_url:
        out.update({
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "SCHEDULER_QUEUE_CLASS": "crawler.frontier.LeasedQueue",
            "SCHEDULER_QUEUE_KEY": FRONTIER_KEY,
            "DUPEFILTER_CLASS": "crawler.frontier.RedisSweepDupeFilter",
            "SCHEDULER_PERSIST": True,
            "REDIS_URL": redis_url,
            "EXTENSIONS": {"crawler.frontier.FrontierKeeper": 500},
            "XUNJIAN_LEASE_SECONDS": lease_seconds,
            "XUNJIAN_EXIT_WHEN_IDLE": exit_when_idle,
        })
    return out


def start_sweep(database_url: str, platform: dict[str, Any], max_pages: int, redis_url: str | None = None) -> SweepRow:
    row = SweepRow(id=datetime.now(timezone.utc).strftime("S%Y%m%dT%H%M%SZ-") + secrets.token_hex(3),
                   platform=platform["id"], started_at=datetime.now(timezone.utc),
                   settings={"max_pages": max_pages, "homepage": platform["homepage"],
                             **({"frontier": redact(redis_url)} if redis_url else {})})
    _save(database_url, row)
    return row


def redact(url: str) -> str:
    u = urlsplit(url)
    return urlunsplit(u._replace(netloc=u.hostname + (f":{u.port}" if u.port else ""))) if u.password else url


def run_sweeps(settings: Settings, jobs: list[tuple[SweepRow, dict[str, Any]]], concurrency: int,
               inspector: str | None, sink: LineSink, per_domain: int | None = None, delay: float = 0.0) -> list[dict[str, Any]]:
    """Run one Scrapy crawl per platform (concurrently, in this process); returns one summary per sweep."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(scrapy_settings(settings, concurrency, inspector, per_domain=per_domain, delay=delay))
    for sweep, platform in jobs:
        _sinks[sweep.id] = sink
        process.crawl(PlatformSpider, platform=platform, sweep_id=sweep.id, max_pages=sweep.settings["max_pages"])
    process.start()
    return [close_sweep(settings.database_url, sweep.id) for sweep, _ in jobs]


def seed_frontier(redis_url: str, jobs: list[tuple[SweepRow, dict[str, Any]]]) -> Frontier:
    """Put each sweep's start pages into the shared frontier, through the same dupefilter and queue workers use."""
    server = redis.Redis.from_url(redis_url)
    dupefilter = RedisSweepDupeFilter(server, key=FRONTIER_KEY)
    for sweep, platform in jobs:
        spider = PlatformSpider(platform=platform, sweep_id=sweep.id, max_pages=sweep.settings["max_pages"])
        queue = LeasedQueue(server, spider, FRONTIER_KEY)
        for request in spider.seeds():
            if not dupefilter.request_seen(request):
                queue.push(request)
    return Frontier(server)


def await_sweeps(settings: Settings, frontier: Frontier, jobs: list[tuple[SweepRow, dict[str, Any]]], sink: LineSink,
                 poll: float = 1.0) -> list[dict[str, Any]]:
    """Workers do the pages; here: print each stored page as it lands, and close each sweep once nothing of it is
    left in the frontier (pending or leased)."""
    import time

    printed: set[int] = set()
    open_ids = [sweep.id for sweep, _ in jobs]

    def flush() -> None:
        for line_id, line in stored_lines(settings.database_url, open_ids, printed):
            printed.add(line_id)
            sink(line)

    while True:
        flush()
        try:
            drained = all(frontier.open_pages(sid) <= 0 for sid in open_ids)
        except redis.RedisError as e:  # the workers wait for Redis too; so does the summary
            log.warning("Redis 暂时不可用（%s），稍后重试", str(e).splitlines()[0])
            drained = False
            time.sleep(5)
        if drained:
            flush()
            return [close_sweep(settings.database_url, sid) for sid in open_ids]
        time.sleep(poll)


def stored_lines(database_url: str, sweep_ids: list[str], skip: set[int]) -> list[tuple[int, dict[str, Any]]]:
    """Output lines (as `capture` prints them) for the stored pages of these sweeps, rebuilt from the database."""
    with Session(engine_for(database_url)) as session:
        rows = session.exec(select(SweepPageRow, CaptureRow).join(CaptureRow, CaptureRow.id == SweepPageRow.capture_id)
                            .where(SweepPageRow.sweep_id.in_(sweep_ids)).order_by(SweepPageRow.id)).all()
        return [(page.id, dict(stored_line(cap, list(session.exec(select(FindingRow).where(FindingRow.capture_id == cap.id)).all())),
                               url=page.url)) for page, cap in rows if page.id not in skip]


def run_worker(settings: Settings, redis_url: str, concurrency: int, inspector: str | None, lease_seconds: float,
               exit_when_idle: bool, per_domain: int | None = None, delay: float = 0.0) -> None:
    """Take pages from the shared frontier until stopped (or, with `exit_when_idle`, until it is empty)."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(scrapy_settings(settings, concurrency, inspector, redis_url, lease_seconds, exit_when_idle,
                                             per_domain, delay))
    process.crawl(PlatformSpider)
    process.start()


def violation_keys(session: Session, sweep_id: str) -> dict[tuple[str, ...], dict[str, Any]]:
    """The sweep's violations, keyed by check + normalised URL + the element concerned."""
    rows = session.exec(
        select(SweepPageRow.url, FindingRow).join(FindingRow, FindingRow.capture_id == SweepPageRow.capture_id)
        .where(SweepPageRow.sweep_id == sweep_id, FindingRow.verdict == "violation")).all()
    return {violation_key(None, f.check, url, f.elements, f.reason): {"check": f.check, "url": url, "reason": f.reason,
                                                                     "capture_id": f.capture_id} for url, f in rows}


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
        new = [dict(v, newly_missing_licence=k[1] == "license_display" and k[2] in had_licence)
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

