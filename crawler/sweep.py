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
    """Homepage, a search page per keyword, then product and shop pages linked from them, up to max_pages."""

    name = "platform"
    custom_settings = {"HTTPERROR_ALLOW_ALL": True}

    def __init__(self, platform: dict[str, Any], max_pages: int | None = None, done: dict[str, list[str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.platform = platform
        self.max_pages = max_pages or platform.get("max_pages") or 200
        # Pages a resumed sweep already finished: url -> links found on it; they are not captured again.
        self.done = done or {}
        self.visited: set[str] = set()
        self.counted: set[str] = set(self.done)  # pages of this sweep, finished or requested: the max_pages budget

    def start_targets(self) -> list[tuple[str, str]]:
        p = self.platform
        out = [(p["homepage"], "homepage")]
        for kw in p.get("keywords") or []:
            if p.get("search_url"):
                out.append((p["search_url"].replace("{q}", quote(kw)), "search"))
        return out

    async def start(self) -> AsyncIterator[Any]:
        for url, role in self.start_targets():
            for item in self.follow(url, role):
                yield item

    def follow(self, url: str, role: str) -> list[Request]:
        """A request for the page, or, when a resumed sweep already has it, requests for what it linked to."""
        url = urldefrag(url)[0]
        if url in self.visited:
            return []
        self.visited.add(url)
        if url in self.done:
            return [r for link, link_role in self.discovered(self.done[url]) for r in self.follow(link, link_role)]
        if len(self.counted) >= self.max_pages:
            return []
        self.counted.add(url)
        return [Request(url, callback=self.parse_page, cb_kwargs={"role": role})]

    def discovered(self, links: list[str]) -> list[tuple[str, str]]:
        out = []
        for href in links:
            if self.platform.get("product_pattern") and self.platform["product_pattern"] in href:
                out.append((href, "product"))
            elif self.platform.get("shop_pattern") and self.platform["shop_pattern"] in href:
                out.append((href, "shop"))
        return out

    def parse_page(self, response: Response, role: str) -> Any:
        cap = response.meta["capture"]
        result = cap["result"]
        links = [l["href"] for l in (result.facts or {}).get("links", []) if l["href"].startswith(("http://", "https://"))]
        yield {"url": response.request.url, "role": role, "platform": self.platform, "result": result,
               "staging": cap["staging"], "links": links, "attempts": cap["attempts"]}
        for link, link_role in self.discovered(links):
            yield from self.follow(link, link_role)
