"""One capture of one URL: ordered, time-boxed steps, each outcome recorded (Scoop-style).

A step that runs out of time is recorded and the capture goes on with what it has, marked partial; a page whose
main thread stops answering skips the steps that need it instead of waiting on each in turn.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable

from playwright.async_api import BrowserContext, Dialog, Download, Page, Response

from .browser import BrowserPool
from .guard import PublicOnlyGuard
from .network import NetworkRecorder
from .pixels import annotate_text_pixels
from .urls import BadURL, validate_url

HERE = Path(__file__).parent
FACTS_JS = (HERE / "facts.js").read_text(encoding="utf-8")
OBSERVE_JS = (HERE / "observe.js").read_text(encoding="utf-8")
TOOL_VERSION = "0.1.0"


@dataclass
class CaptureSettings:
    viewport: tuple[int, int] = (1366, 768)
    nav_timeout: float = 20.0        # navigation until DOMContentLoaded
    load_timeout: float = 8.0        # after DOMContentLoaded, until the load event
    quiet_window: float = 0.5        # network counts as quiet after this long without activity
    quiet_max: float = 3.0
    scroll_steps: int = 25           # infinite scroll must end: at most this many screens
    scroll_pause: float = 0.12
    late_wait: float = 2.0           # late scripts: at least this long after DOMContentLoaded
    step_timeout: float = 15.0       # screenshot, DOM, MHTML, facts: each
    screenshot_max_height: int = 16000
    max_elements: int = 25000
    max_texts: int = 15000
    max_dialogs_recorded: int = 50
    max_popups_recorded: int = 50
    public_only: bool = False        # refuse every request to a loopback/private/link-local address (console)


@dataclass
class Step:
    name: str
    status: str = "ok"               # ok | timeout | error | skipped
    seconds: float = 0.0
    detail: str | None = None


class PageUnresponsive(Exception):
    pass


class BrowserDied(Exception):
    pass


@dataclass
class CaptureResult:
    url: str
    status: str = "failed"           # ok | failed
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    partial: bool = False
    steps: list[Step] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] | None = None
    files: list[str] = field(default_factory=list)

    @property
    def timings(self) -> dict[str, float]:
        return {s.name: round(s.seconds, 3) for s in self.steps}

    @property
    def partial_reasons(self) -> list[str]:
        return [f"{s.name}: {s.detail or s.status}" for s in self.steps if s.status in ("timeout", "error")]


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:300] if text else type(e).__name__


NAV_ERRORS = {
    "ERR_TOO_MANY_REDIRECTS": "重定向次数过多（循环重定向），页面无法打开",
    "ERR_NAME_NOT_RESOLVED": "域名无法解析",
    "ERR_CONNECTION_REFUSED": "服务器拒绝连接",
    "ERR_CONNECTION_RESET": "连接被服务器重置",
    "ERR_CONNECTION_CLOSED": "服务器关闭了连接，未返回内容",
    "ERR_EMPTY_RESPONSE": "服务器未返回任何内容",
    "ERR_CERT": "TLS证书错误",
    "ERR_ADDRESS_UNREACHABLE": "地址不可达",
    "ERR_INVALID_RESPONSE": "服务器返回的响应无效",
    "ERR_INTERNET_DISCONNECTED": "网络不可用",
}


class Capture:
    """Captures one URL into `workdir` (files named as in DESIGN.md's evidence folder)."""

    def __init__(self, pool: BrowserPool, url: str, workdir: Path, settings: CaptureSettings | None = None,
                 probes: list[Callable[[Page, "Capture"], Awaitable[dict[str, Any]]]] | None = None,
                 gate: asyncio.Semaphore | None = None) -> None:
        self.pool = pool
        self.url = url
        self.workdir = workdir
        self.settings = settings or CaptureSettings()
        self.probes = probes or []
        self.gate = gate
        self.result = CaptureResult(url=url)
        self.dialogs: list[dict[str, Any]] = []
        self.dialog_count = 0
        self.popups: list[dict[str, Any]] = []
        self.popup_count = 0
        self.downloads: list[dict[str, Any]] = []
        self.unresponsive = False
        self.context: BrowserContext | None = None
        self.page: Page | None = None
        self.recorder: NetworkRecorder | None = None
        self.guard: PublicOnlyGuard | None = None
        self.response: Response | None = None
        self.t_dcl: float | None = None

    # -- step machinery --------------------------------------------------------------------------------------
    async def step(self, name: str, fn: Callable[[], Awaitable[Any]], timeout: float, needs_page: bool = True,
                   idle: bool = False) -> Any:
        """Run one step within its time box. Working steps take a place at the batch's gate; idle waits do not,
        so a batch pays the waits that evidence needs once rather than once per page."""
        rec = Step(name)
        self.result.steps.append(rec)
        if needs_page and self.unresponsive:
            rec.status, rec.detail = "skipped", "页面主线程无响应，跳过此步骤"
            return None
        if self.gate is not None and not idle:
            async with self.gate:
                return await self._timed(rec, fn, timeout, needs_page)
        return await self._timed(rec, fn, timeout, needs_page)

    async def _timed(self, rec: Step, fn: Callable[[], Awaitable[Any]], timeout: float, needs_page: bool) -> Any:
        t = time.monotonic()
        try:
            return await asyncio.wait_for(fn(), timeout)
        except asyncio.TimeoutError:
            rec.status, rec.detail = "timeout", f"超过时限 {timeout:g} 秒"
            if needs_page:
                self.unresponsive = not await self._page_answers()
            return None
        except PageUnresponsive as e:
            rec.status, rec.detail = "timeout", str(e)
            self.unresponsive = True
            return None
        except Exception as e:
            rec.status, rec.detail = "error", first_line(e)
            if not await self._browser_alive():
                raise BrowserDied(first_line(e)) from None
            return None
        finally:
            rec.seconds = time.monotonic() - t

    async def _page_answers(self) -> bool:
        if self.page is None:
            return False
        try:
            await asyncio.wait_for(self.page.evaluate("1"), 1.5)
            return True
        except Exception:
            return False

    # -- run ---------------------------------------------------------------------------------------------------
    async def run(self) -> CaptureResult:
        r = self.result
        r.provenance["start_utc"] = now_utc().isoformat()
        try:
            self.url = validate_url(self.url)
        except BadURL as e:
            r.error = str(e)
            r.steps.append(Step("validate", "error", 0.0, str(e)))
            return r
        r.steps.append(Step("validate"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        try:
            await self._run_steps()
        except Exception as e:  # the browser died under us, or something no step expected
            r.status = "failed"
            r.error = ("浏览器进程意外退出，本URL未能完成取证（批次中的下一个URL将使用重启的浏览器）"
                       if isinstance(e, BrowserDied) or not await self._browser_alive()
                       else f"取证过程出错：{first_line(e)}")
            if self.recorder is not None and not (self.workdir / "capture.warc.gz").exists():
                await self._finish_network()
                self._write_provenance()
        finally:
            await self._close()
            r.provenance["end_utc"] = now_utc().isoformat()
        r.partial = r.status == "ok" and any(s.status in ("timeout", "error") for s in r.steps)
        return r

    async def _browser_alive(self) -> bool:
        try:
            return self.context is not None and self.context.browser is not None and self.context.browser.is_connected()
        except Exception:
            return False

    async def _close(self) -> None:
        if self.context is not None:
            try:
                await asyncio.wait_for(self.context.close(), 8)
            except Exception:
                pass

    async def _run_steps(self) -> None:
        s, r = self.settings, self.result
        await self.step("context", self._open_context, 30, needs_page=False)
        if self.page is None:
            raise RuntimeError(r.steps[-1].detail or "无法打开浏览器上下文")
        nav_ok = await self.step("navigate", self._navigate, s.nav_timeout + 2, needs_page=False)
        if not nav_ok:
            r.status = "failed"
            await self._finish_network()
            self._write_provenance()
            return
        r.status = "ok"
        await self.step("settle", self._settle, s.load_timeout + s.quiet_max * 2 + s.scroll_steps * (s.scroll_pause + 0.3) + 5)
        await self.step("late_wait", lambda: self._wait_since_dcl(s.late_wait), s.late_wait + 1, idle=True)
        await self.step("top", self._back_to_top, 6)
        await self.step("screenshot", self._screenshot, s.step_timeout)
        await self.step("dom", self._dom, s.step_timeout)
        await self.step("mhtml", self._mhtml, s.step_timeout)
        await self.step("facts", self._facts, s.step_timeout * 2)
        if self.result.facts is not None:
            await self.step("pixels", self._pixels, s.step_timeout, needs_page=False)
        appear = max((getattr(p, "appear_wait", 0.0) for p in self.probes), default=0.0)
        if appear:
            await self.step("appear_wait", lambda: self._wait_since_dcl(appear), appear + 1, idle=True)
        for probe in self.probes:
            await self.step(f"probe:{getattr(probe, 'name', probe.__name__)}", lambda p=probe: self._probe(p), 60)
        r.final_url = self.page.url if self.page and not self.page.is_closed() else r.final_url
        await self._finish_network()
        self._write_provenance()

    # -- steps -------------------------------------------------------------------------------------------------
    async def _open_context(self) -> None:
        browser = await self.pool.get()
        w, h = self.settings.viewport
        self.context = await browser.new_context(
            viewport={"width": w, "height": h}, locale="zh-CN", timezone_id="Asia/Shanghai",
            accept_downloads=True, ignore_https_errors=True, device_scale_factor=1,
        )
        await self.context.add_init_script(OBSERVE_JS)
        self.context.on("page", self._on_new_page)
        self.page = await self.context.new_page()
        self.page.on("dialog", self._on_dialog)
        self.page.on("download", self._on_download)
        session = await self.context.new_cdp_session(self.page)
        self.recorder = NetworkRecorder(session)
        await self.recorder.start()
        if self.settings.public_only:
            self.guard = PublicOnlyGuard(session)
            await self.guard.start()

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialog_count += 1
        if len(self.dialogs) < self.settings.max_dialogs_recorded:
            self.dialogs.append({"type": dialog.type, "message": dialog.message[:500], "at_utc": now_utc().isoformat()})
        asyncio.ensure_future(self._dismiss(dialog))

    @staticmethod
    async def _dismiss(dialog: Dialog) -> None:
        try:
            await dialog.dismiss()
        except Exception:
            pass

    def _on_new_page(self, page: Page) -> None:
        if page is self.page or self.page is None:
            return
        self.popup_count += 1
        rec: dict[str, Any] = {"url": page.url, "at_utc": now_utc().isoformat()}
        if len(self.popups) < self.settings.max_popups_recorded:
            self.popups.append(rec)
        asyncio.ensure_future(self._close_popup(page, rec))

    @staticmethod
    async def _close_popup(page: Page, rec: dict[str, Any]) -> None:
        try:
            if page.url in ("", "about:blank"):
                await asyncio.wait_for(page.wait_for_load_state("commit"), 1.0)
        except Exception:
            pass
        rec["url"] = page.url
        try:
            await page.close()
        except Exception:
            pass

    def _on_download(self, download: Download) -> None:
        self.downloads.append({"url": download.url, "suggested_filename": download.suggested_filename,
                               "at_utc": now_utc().isoformat()})
        asyncio.ensure_future(download.cancel())

    async def _navigate(self) -> bool:
        r = self.result
        t = time.monotonic()
        try:
            self.response = await self.page.goto(self.url, wait_until="domcontentloaded",
                                                 timeout=self.settings.nav_timeout * 1000)
            self.t_dcl = time.monotonic()
        except Exception as e:
            msg = first_line(e)
            if not await self._browser_alive():
                raise BrowserDied(msg) from None
            await asyncio.sleep(0.3)  # let the download / failure events arrive
            for _ in range(30):  # a download's event can trail the navigation error under load
                if self.downloads or "Download is starting" not in msg:
                    break
                await asyncio.sleep(0.1)
            if self.downloads or "Download is starting" in msg:
                d = self.downloads[0] if self.downloads else {}
                r.error = f"该URL返回的是文件下载（{d.get('suggested_filename') or '附件'}），不是网页；已记录下载信息，未下载文件"
                return False
            if self.guard is not None and self.guard.blocked and "ERR_ACCESS_DENIED" in msg:
                r.error = f"拒绝访问非公网地址：{self.guard.blocked[0]['reason']}（{self.guard.blocked[0]['url'][:120]}）；只取证公网地址"
                return False
            main = self._main_document()
            if "Timeout" in msg or "timeout" in msg:
                if main is not None and main.status is not None:
                    # The document arrived but never finished parsing: capture what is there.
                    self.t_dcl = time.monotonic()
                    self.result.steps[-1].status, self.result.steps[-1].detail = "timeout", f"页面在 {self.settings.nav_timeout:g} 秒内未完成加载"
                    return True
                r.error = f"服务器在 {self.settings.nav_timeout:g} 秒内没有响应，页面无法打开"
                return False
            for code, text in NAV_ERRORS.items():
                if code in msg:
                    r.error = f"{text}（net::{msg.split('net::')[-1].split()[0] if 'net::' in msg else code}）"
                    return False
            r.error = f"页面无法打开：{msg}"
            return False
        finally:
            self.result.provenance["navigate_seconds"] = round(time.monotonic() - t, 3)
        if self.response is None:
            # Same-document navigation or an about: page; nothing to record as the main document.
            r.error = "页面未返回文档"
            return False
        try:
            r.provenance["tls"] = await self.response.security_details() if self.url.startswith("https:") else None
            r.provenance["server_addr"] = await self.response.server_addr()
        except Exception as e:
            r.provenance["tls_error"] = first_line(e)
        return True

    def _main_document(self):
        if self.recorder is None:
            return None
        docs = [e for e in self.recorder.exchanges if e.resource_type == "Document"]
        return docs[-1] if docs else None

    async def _settle(self) -> None:
        s = self.settings
        page = self.page
        outcomes: dict[str, Any] = {}
        try:
            await page.wait_for_load_state("load", timeout=s.load_timeout * 1000)
            outcomes["load"] = "ok"
        except Exception:
            outcomes["load"] = f"load 事件 {s.load_timeout:g} 秒内未触发"
        outcomes["network_quiet"] = await self._network_quiet(s.quiet_max)
        # Scroll down a screen at a time to trigger lazy content; bounded so infinite scroll ends.
        steps = 0
        last_height = 0
        reached_bottom = False
        for steps in range(1, s.scroll_steps + 1):
            pos = await self._eval("() => { window.scrollBy(0, window.innerHeight); return [window.scrollY + window.innerHeight, document.documentElement.scrollHeight]; }")
            await asyncio.sleep(s.scroll_pause)
            bottom, height = pos
            if bottom >= height - 2:
                if height == last_height:
                    reached_bottom = True
                    break
                await asyncio.sleep(s.scroll_pause)  # let lazy content arrive, then look again
                pos = await self._eval("() => [window.scrollY + window.innerHeight, document.documentElement.scrollHeight]")
                if pos[0] >= pos[1] - 2:
                    reached_bottom = True
                    break
            last_height = height
        outcomes["scroll"] = {"steps": steps, "reached_bottom": reached_bottom,
                              "bounded": not reached_bottom, "page_height": last_height}
        outcomes["network_quiet_after_scroll"] = await self._network_quiet(s.quiet_max)
        self.result.provenance["settle"] = outcomes
        if not reached_bottom:
            self.result.steps[-1].detail = f"滚动已达上限 {s.scroll_steps} 屏（页面可能无限加载）"

    async def _wait_since_dcl(self, seconds: float) -> None:
        """Idle until `seconds` have passed since DOMContentLoaded (late scripts, late pop-ups)."""
        remaining = seconds - (time.monotonic() - (self.t_dcl or time.monotonic()))
        if remaining > 0:
            await asyncio.sleep(remaining)

    async def _back_to_top(self) -> None:
        await self._eval("() => window.scrollTo(0, 0)")
        await asyncio.sleep(0.05)

    async def _eval(self, script: str, arg: Any = None, timeout: float = 5.0) -> Any:
        try:
            return await asyncio.wait_for(self.page.evaluate(script, arg), timeout)
        except asyncio.TimeoutError:
            raise PageUnresponsive(f"页面脚本 {timeout:g} 秒无响应（主线程可能被占满）") from None

    async def _network_quiet(self, limit: float) -> str:
        start = time.monotonic()
        rec = self.recorder
        while time.monotonic() - start < limit:
            if rec.in_flight == 0 and time.monotonic() - rec.last_activity >= self.settings.quiet_window:
                return "ok"
            await asyncio.sleep(0.05)
        return f"{limit:g} 秒内网络未静止（仍有 {rec.in_flight} 个请求）"

    async def _screenshot(self) -> None:
        s = self.settings
        page = self.page
        dims = await self._eval("() => [Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0), Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0), performance.now()]")
        width, height, page_ms = dims
        info: dict[str, Any] = {"page_height": height, "max_height": s.screenshot_max_height,
                                "capped": height > s.screenshot_max_height, "page_ms": round(page_ms)}
        if info["capped"]:
            await page.screenshot(path=str(self.workdir / "screenshot.png"), full_page=True, animations="disabled",
                                  clip={"x": 0, "y": 0, "width": min(width, 4000), "height": s.screenshot_max_height},
                                  timeout=s.step_timeout * 1000)
        else:
            await page.screenshot(path=str(self.workdir / "screenshot.png"), full_page=True, timeout=s.step_timeout * 1000)
        self.result.files.append("screenshot.png")
        await page.screenshot(path=str(self.workdir / "viewport.png"), timeout=s.step_timeout * 1000)
        self.result.files.append("viewport.png")
        self.result.provenance["screenshot"] = info
        if info["capped"]:
            self.result.steps[-1].detail = f"整页截图高度 {height}px 超过上限，截取前 {s.screenshot_max_height}px"

    async def _dom(self) -> None:
        html = await self.page.content()
        (self.workdir / "dom.html").write_text(html, encoding="utf-8")
        self.result.files.append("dom.html")

    async def _mhtml(self) -> None:
        session = await self.context.new_cdp_session(self.page)
        try:
            snap = await session.send("Page.captureSnapshot", {"format": "mhtml"})
        finally:
            try:
                await session.detach()
            except Exception:
                pass
        (self.workdir / "page.mhtml").write_text(snap["data"], encoding="utf-8", newline="")
        self.result.files.append("page.mhtml")

    async def _facts(self) -> None:
        s = self.settings
        opts = {"maxElements": s.max_elements, "maxTexts": s.max_texts}
        facts = json.loads(await self._eval(FACTS_JS, opts, timeout=s.step_timeout * 2 - 1))
        facts["frames"] = await self._frame_facts(opts)
        facts["dialogs"] = {"count": self.dialog_count, "items": self.dialogs}
        facts["popups"] = {"count": self.popup_count, "items": self.popups}
        facts["downloads"] = self.downloads
        facts["probes"] = {}
        facts["captured_at"] = now_utc().isoformat()
        self.result.facts = facts

    async def _pixels(self) -> None:
        shot_ms = self.result.provenance.get("screenshot", {}).get("page_ms")
        n = await asyncio.to_thread(annotate_text_pixels, self.result.facts, self.workdir / "screenshot.png",
                                    self.workdir / "viewport.png", shot_ms)
        self.result.steps[-1].detail = f"{n} 段文字"

    async def _frame_facts(self, opts: dict[str, Any]) -> list[dict[str, Any]]:
        """Child frames (ad slots are often cross-origin iframes): their facts, placed at the iframe's box."""
        out = []
        for frame in self.page.frames[1:20]:
            try:
                el = await asyncio.wait_for(frame.frame_element(), 3)
                box = await asyncio.wait_for(el.bounding_box(), 3)
                scroll = await self._eval("() => [window.scrollX, window.scrollY]")
                f = json.loads(await asyncio.wait_for(frame.evaluate(FACTS_JS, {"maxElements": 3000, "maxTexts": 2000}), 8))
            except Exception as e:
                out.append({"url": frame.url, "error": first_line(e)})
                continue
            ox, oy = (box["x"] + scroll[0], box["y"] + scroll[1]) if box else (0.0, 0.0)
            for item in f["elements"]:
                item["box"] = [item["box"][0] + ox, item["box"][1] + oy, item["box"][2], item["box"][3]]
            for item in f["texts"]:
                item["box"] = [item["box"][0] + ox, item["box"][1] + oy, item["box"][2], item["box"][3]]
            f["offset"] = [ox, oy]
            out.append({"url": frame.url, "name": frame.name, "parent_url": frame.parent_frame.url if frame.parent_frame else None,
                        "facts": {k: f[k] for k in ("title", "offset", "elements", "texts", "links", "images", "iframes", "groups")}})
        return out

    async def _probe(self, probe: Callable[[Page, "Capture"], Awaitable[dict[str, Any]]]) -> None:
        result = await probe(self.page, self)
        if self.result.facts is not None:
            self.result.facts["probes"][getattr(probe, "name", probe.__name__)] = result

    # -- after the page ------------------------------------------------------------------------------------------
    async def _finish_network(self) -> None:
        rec = Step("warc")
        self.result.steps.append(rec)
        t = time.monotonic()
        try:
            await self.recorder.drain(10)
            info = self.pool.info
            n = self.recorder.write_warc(str(self.workdir / "capture.warc.gz"), {
                "software": f"xunjian {TOOL_VERSION}",
                "browser": info.product if info else "Chromium",
                "format": "WARC File Format 1.1",
                "isPartOf": self.url,
            })
            self.result.files.append("capture.warc.gz")
            rec.detail = f"{n} 个响应"
        except Exception as e:
            rec.status, rec.detail = "error", first_line(e)
        rec.seconds = time.monotonic() - t
        if self.result.facts is not None:
            (self.workdir / "facts.json").write_text(json.dumps(self.result.facts, ensure_ascii=False), encoding="utf-8")
            self.result.files.append("facts.json")

    def _write_provenance(self) -> None:
        r = self.result
        p = r.provenance
        main = self._main_document()
        chain = []
        if self.recorder is not None:
            docs = [e for e in self.recorder.exchanges if e.resource_type == "Document" and e.frame_id == (main.frame_id if main else None)]
            chain = [{"url": e.url, "status": e.status, "location": e.redirect_to} for e in docs if e.is_redirect]
            p["network"] = self.recorder.summary()
        if self.guard is not None:
            p["public_only"] = {"blocked": self.guard.blocked[:100]}
        p["redirect_chain"] = chain
        if main is not None:
            r.http_status = main.status
            r.final_url = r.final_url or main.url
            p["response_headers"] = main.response_headers
            p["server"] = {"ip": main.remote_ip, "port": main.remote_port, "protocol": main.protocol}
        p["dialogs"] = {"count": self.dialog_count, "items": self.dialogs}
        p["popups"] = {"count": self.popup_count, "items": self.popups}
        p["downloads"] = self.downloads
        info = self.pool.info
        p["browser"] = info.product if info else None
        p["user_agent"] = info.user_agent if info else None
        p["viewport"] = {"width": self.settings.viewport[0], "height": self.settings.viewport[1]}
        p["tool"] = f"xunjian {TOOL_VERSION}"
        p["settings"] = asdict(self.settings)
