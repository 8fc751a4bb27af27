"""Sweeps as a Scrapy crawl: a download handler that fetches each page with the capture code, and a spider that
only decides what to fetch next. The captured page leaves as an item; the application's pipeline (named in the
settings) judges, seals and stores it."""
from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Any, AsyncIterator
from urllib.parse import quote, urldefrag

import scrapy
from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.http import HtmlResponse, Response

from .browser import BrowserPool
from .capture import Capture, CaptureSettings
from .probes import build as build_probes

NETWORK_ERRORS = ("没有响应", "拒绝连接", "重置", "未返回", "不可达", "无法解析")


class CaptureDownloadHandler(BaseDownloadHandler):
    """Every http(s) request of the sweep is a full capture in the shared browser, into a staging folder."""

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        s = crawler.settings
        self.staging_root = Path(s.get("XUNJIAN_STAGING_DIR") or tempfile.gettempdir())
        self.capture_settings = CaptureSettings(**(s.getdict("XUNJIAN_CAPTURE_SETTINGS") or {}))
        self.probes = build_probes(s.getdict("XUNJIAN_PROBES") or {})
        self.retries = s.getint("XUNJIAN_CAPTURE_RETRIES", 2)
        self.pool = BrowserPool()
        self.gate = asyncio.Semaphore(s.getint("CONCURRENT_REQUESTS", 4))

    async def download_request(self, request: Request) -> Response:
        self.staging_root.mkdir(parents=True, exist_ok=True)
        for attempt in range(self.retries + 1):
            staging = Path(tempfile.mkdtemp(prefix="sweep-", dir=self.staging_root))
            result = await Capture(self.pool, request.url, staging, self.capture_settings, probes=self.probes,
                                   gate=self.gate).run()
            network_error = result.status == "failed" and any(w in (result.error or "") for w in NETWORK_ERRORS)
            if not network_error or attempt == self.retries:
                break
            shutil.rmtree(staging, ignore_errors=True)
            await asyncio.sleep(2 ** attempt)  # back off before trying the page again
        request.meta["capture"] = {"result": result, "staging": str(staging), "attempts": attempt + 1}
        body = (staging / "dom.html").read_bytes() if (staging / "dom.html").exists() else b""
        return HtmlResponse(url=result.final_url or request.url, status=result.http_status or 200, body=body,
                            encoding="utf-8", request=request)

    async def close(self) -> None:
        await self.pool.close()


class PlatformSpider(scrapy.Spider):
    """Homepage, a search page per keyword, then product and shop pages linked from them. Which of these are new to
    the sweep and within its page budget is the dupefilter's call (SweepDupeFilter / frontier.RedisSweepDupeFilter);
    the platform and sweep travel in each request's meta, so a worker holding no platform can continue any sweep."""

    name = "platform"
    custom_settings = {"HTTPERROR_ALLOW_ALL": True}

    def __init__(self, platform: dict[str, Any] | None = None, sweep_id: str | None = None,
                 max_pages: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.platform, self.sweep_id = platform, sweep_id
        self.max_pages = max_pages or (platform or {}).get("max_pages") or 200

    def seeds(self) -> list[Request]:
        p = self.platform or {}
        meta = {"sweep_id": self.sweep_id, "platform": p, "max_pages": self.max_pages}
        targets = [(p["homepage"], "homepage")] if p else []
        for kw in p.get("keywords") or []:
            if p.get("search_url"):
                targets.append((p["search_url"].replace("{q}", quote(kw)), "search"))
        return [self.page_request(url, role, meta) for url, role in targets]

    async def start(self) -> AsyncIterator[Any]:
        for request in self.seeds():
            yield request

    def page_request(self, url: str, role: str, meta: dict[str, Any]) -> Request:
        return Request(urldefrag(url)[0], callback=self.parse_page, cb_kwargs={"role": role},
                       meta={k: meta[k] for k in ("sweep_id", "platform", "max_pages")})

    @staticmethod
    def discovered(platform: dict[str, Any], links: list[str]) -> list[tuple[str, str]]:
        out = []
        for href in links:
            if platform.get("product_pattern") and platform["product_pattern"] in href:
                out.append((href, "product"))
            elif platform.get("shop_pattern") and platform["shop_pattern"] in href:
                out.append((href, "shop"))
        return out

    def parse_page(self, response: Response, role: str) -> Any:
        """Follow-up requests first, the page last: when the page's item is stored (and its frontier lease
        acknowledged), what it links to is already in the frontier."""
        meta = response.meta
        sealed = meta.get("sealed_links")  # stored by an earlier run of this sweep: only follow its links
        if sealed is not None:
            links = sealed
        else:
            facts = meta["capture"]["result"].facts or {}
            links = [l["href"] for l in facts.get("links", []) if l["href"].startswith(("http://", "https://"))]
        for link, link_role in self.discovered(meta["platform"], links):
            yield self.page_request(link, link_role, meta)
        item = {"url": response.request.url, "role": role, "platform": meta["platform"], "sweep_id": meta["sweep_id"],
                "links": links, "frontier_id": meta.get("frontier_id"), "sealed": sealed is not None}
        if sealed is None:
            cap = meta["capture"]
            item.update(result=cap["result"], staging=cap["staging"], attempts=cap["attempts"])
        yield item


class SweepDupeFilter(BaseDupeFilter):
    """In one process: a URL enters a sweep once, and only while the sweep's page budget (max_pages) lasts."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}

    def request_seen(self, request: Request) -> bool:
        seen = self.seen.setdefault(request.meta["sweep_id"], set())
        url = urldefrag(request.url)[0]
        if url in seen or len(seen) >= request.meta["max_pages"]:
            return True
        seen.add(url)
        return False
