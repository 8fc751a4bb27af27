"""Records every exchange the page's network sees, from CDP Network events, into a WARC file.

Playwright's route interception loses exchanges (and changes timing); CDP events are passive: the browser
reports what it received, and bodies are fetched with Network.getResponseBody as soon as each load finishes.
"""
from __future__ import annotations

import asyncio
import base64
import re
import time
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import CDPSession
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
META_CHARSET = re.compile(r"<meta[^>]+charset=[\"']?([\w.:-]+)", re.I)
MAX_BODY = 50 * 1024 * 1024
# Bodies arrive decoded from CDP, so the transfer framing headers no longer describe them.
FRAMING_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass
class Exchange:
    request_id: str
    url: str
    method: str
    request_headers: dict[str, str]
    post_data: str | None
    started: float
    resource_type: str = ""
    frame_id: str = ""
    status: int | None = None
    status_text: str = ""
    protocol: str = ""
    response_headers: dict[str, str] = field(default_factory=dict)
    remote_ip: str | None = None
    remote_port: int | None = None
    mime_type: str = ""
    body: bytes | None = None
    body_note: str | None = None
    failed: str | None = None
    finished: bool = False
    is_redirect: bool = False
    redirect_to: str | None = None


class NetworkRecorder:
    def __init__(self, session: CDPSession) -> None:
        self.session = session
        self.exchanges: list[Exchange] = []
        self._open: dict[str, Exchange] = {}
        self._body_tasks: set[asyncio.Task] = set()
        self.last_activity = time.monotonic()
        for event, handler in {
            "Network.requestWillBeSent": self._on_request,
            "Network.responseReceived": self._on_response,
            "Network.loadingFinished": self._on_finished,
            "Network.loadingFailed": self._on_failed,
        }.items():
            session.on(event, handler)

    async def start(self) -> None:
        await self.session.send("Network.enable", {"maxTotalBufferSize": 200_000_000, "maxResourceBufferSize": MAX_BODY})

    @property
    def in_flight(self) -> int:
        return len(self._open)

    def _touch(self) -> None:
        self.last_activity = time.monotonic()

    def _on_request(self, p: dict[str, Any]) -> None:
        self._touch()
        req = p["request"]
        url = req["url"]
        if not url.startswith(("http://", "https://")):
            return
        rid = p["requestId"]
        previous = self._open.pop(rid, None)
        if previous is not None and "redirectResponse" in p:
            self._fill_response(previous, p["redirectResponse"])
            previous.is_redirect = True
            previous.redirect_to = url
            previous.finished = True
        ex = Exchange(
            request_id=rid,
            url=url,
            method=req.get("method", "GET"),
            request_headers=dict(req.get("headers", {})),
            post_data=req.get("postData"),
            started=time.time(),
            resource_type=p.get("type", ""),
            frame_id=p.get("frameId", ""),
        )
        self.exchanges.append(ex)
        self._open[rid] = ex

    @staticmethod
    def _fill_response(ex: Exchange, r: dict[str, Any]) -> None:
        ex.status = r.get("status")
        ex.status_text = r.get("statusText", "")
        ex.protocol = r.get("protocol", "")
        ex.response_headers = dict(r.get("headers", {}))
        ex.remote_ip = r.get("remoteIPAddress")
        ex.remote_port = r.get("remotePort")
        ex.mime_type = r.get("mimeType", "")

    def _on_response(self, p: dict[str, Any]) -> None:
        self._touch()
        ex = self._open.get(p["requestId"])
        if ex is not None:
            self._fill_response(ex, p["response"])

    def _on_finished(self, p: dict[str, Any]) -> None:
        self._touch()
        ex = self._open.pop(p["requestId"], None)
        if ex is None:
            return
        ex.finished = True
        task = asyncio.ensure_future(self._fetch_body(ex))
        self._body_tasks.add(task)
        task.add_done_callback(self._body_tasks.discard)

    def _on_failed(self, p: dict[str, Any]) -> None:
        self._touch()
        ex = self._open.pop(p["requestId"], None)
        if ex is not None:
            ex.failed = p.get("errorText") or "failed"
            if p.get("canceled"):
                ex.failed += " (canceled)"

    async def _fetch_body(self, ex: Exchange) -> None:
        try:
            r = await asyncio.wait_for(self.session.send("Network.getResponseBody", {"requestId": ex.request_id}), 10)
            data = base64.b64decode(r["body"]) if r.get("base64Encoded") else self._reencode(ex, r["body"])
            ex.body = data[:MAX_BODY]
            if len(data) > MAX_BODY:
                ex.body_note = f"truncated at {MAX_BODY} bytes"
        except Exception as e:  # body evicted, page closed, or a response without body (204, 304)
            ex.body_note = f"body unavailable: {str(e).splitlines()[0][:200]}"

    @staticmethod
    def _reencode(ex: Exchange, text: str) -> bytes:
        """CDP hands text bodies over decoded; encode them back in the charset they came in."""
        ctype = next((v for k, v in ex.response_headers.items() if k.lower() == "content-type"), "")
        m = CHARSET.search(ctype) or (META_CHARSET.search(text[:4096]) if ex.resource_type == "Document" else None)
        charset = m.group(1).lower() if m else "utf-8"
        try:
            data = text.encode(charset)
            if charset not in ("utf-8", "utf8"):
                ex.body_note = f"text body re-encoded as {charset} from the browser's decoded text"
            return data
        except (LookupError, UnicodeEncodeError):
            ex.body_note = f"text body could not be re-encoded as {charset}; stored as UTF-8"
            return text.encode("utf-8")

    async def drain(self, timeout: float) -> None:
        """Wait for pending body fetches (bounded)."""
        if self._body_tasks:
            await asyncio.wait(list(self._body_tasks), timeout=timeout)

    def write_warc(self, path: str, warcinfo: dict[str, str]) -> int:
        """Write request/response pairs; returns the number of response records."""
        count = 0
        with open(path, "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            writer.write_record(writer.create_warcinfo_record("capture.warc.gz", warcinfo))
            for ex in self.exchanges:
                if ex.status is None:
                    continue
                target = urlsplit(ex.url)
                path_q = (target.path or "/") + (f"?{target.query}" if target.query else "")
                req_headers = [(k, v) for k, v in ex.request_headers.items()]
                if not any(k.lower() == "host" for k, _ in req_headers):
                    req_headers.insert(0, ("Host", target.netloc))
                req_body = (ex.post_data or "").encode("utf-8")
                req = writer.create_warc_record(
                    ex.url, "request", payload=BytesIO(req_body),
                    http_headers=StatusAndHeaders(f"{ex.method} {path_q} HTTP/1.1", req_headers, is_http_request=True),
                )
                body = ex.body or b""
                headers: list[tuple[str, str]] = []
                for k, v in ex.response_headers.items():
                    for part in str(v).split("\n"):
                        if k.lower() in FRAMING_HEADERS:
                            headers.append((f"X-Xunjian-Original-{k}", part))
                        else:
                            headers.append((k, part))
                headers.append(("Content-Length", str(len(body))))
                warc_headers = {}
                if ex.remote_ip:
                    warc_headers["WARC-IP-Address"] = ex.remote_ip.strip("[]")
                if ex.body_note and not ex.is_redirect:
                    if "truncated" in ex.body_note or "unavailable" in ex.body_note:
                        warc_headers["WARC-Truncated"] = "length" if "truncated" in ex.body_note else "unspecified"
                    headers.append(("X-Xunjian-Body-Note", ex.body_note))
                resp = writer.create_warc_record(
                    ex.url, "response", payload=BytesIO(body), length=len(body),
                    http_headers=StatusAndHeaders(f"{ex.status} {ex.status_text or 'OK'}", headers, protocol="HTTP/1.1"),
                    warc_headers_dict=warc_headers,
                )
                req.rec_headers.replace_header("WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID"))
                writer.write_record(resp)
                writer.write_record(req)
                count += 1
        return count

    def summary(self) -> dict[str, Any]:
        return {
            "requests": len(self.exchanges),
            "responses": sum(1 for e in self.exchanges if e.status is not None),
            "failed": [{"url": e.url, "error": e.failed} for e in self.exchanges if e.failed][:50],
            "unfinished": sum(1 for e in self.exchanges if e.status is None and not e.failed),
        }
