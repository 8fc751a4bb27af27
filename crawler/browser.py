"""One warm Chromium shared by a batch of captures, relaunched if it dies."""
from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass

from playwright.async_api import Browser, Playwright, async_playwright

CHROMIUM = os.environ.get("XUNJIAN_CHROMIUM", "/usr/bin/chromium")

# Flags this closed network needs, plus one renderer for all frames of a page, so a single CDP session
# sees the network of cross-origin iframes too (ad slots live in them) and records them into the WARC.
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-site-isolation-trials",
    "--disable-features=IsolateOrigins,site-per-process,Translate,MediaRouter",
    "--disable-popup-blocking",
    "--hide-scrollbars",
    "--font-render-hinting=none",
]


@dataclass
class BrowserInfo:
    product: str
    user_agent: str


class BrowserPool:
    """Owns playwright and a Chromium; `get()` returns a live browser, launching or relaunching as needed."""

    def __init__(self) -> None:
        self._pw: Playwright | None = None
        self._browser: Browser | None = None
        self._lock = asyncio.Lock()
        self.info: BrowserInfo | None = None

    async def get(self) -> Browser:
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            await self._shutdown_browser()
            if self._pw is None:
                self._pw = await async_playwright().start()
            if not os.path.exists(CHROMIUM):
                raise RuntimeError(f"找不到 Chromium：{CHROMIUM}（请先运行 make setup 安装 Debian 的 chromium 软件包）")
            self._browser = await self._pw.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=LAUNCH_FLAGS,  # playwright gives every launch a fresh temporary --user-data-dir
            )
            if self.info is None:
                ctx = await self._browser.new_context()
                page = await ctx.new_page()
                ua = await page.evaluate("navigator.userAgent")
                await ctx.close()
                self.info = BrowserInfo(product=f"Chromium {self._browser.version}", user_agent=ua)
            return self._browser

    async def _shutdown_browser(self) -> None:
        if self._browser is not None:
            try:
                await asyncio.wait_for(self._browser.close(), 10)
            except Exception:
                pass
            self._browser = None

    async def close(self) -> None:
        async with self._lock:
            await self._shutdown_browser()
            if self._pw is not None:
                await self._pw.stop()
                self._pw = None
