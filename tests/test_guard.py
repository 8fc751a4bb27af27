"""Public-only captures (what the console runs): a page may not lead the browser to loopback, private or link-local
addresses — neither by redirecting there nor by embedding from there. The test machine has no public address, so
here 127.0.0.1 plays the public web and 127.0.0.2 the inside; the real classification of 127.0.0.1 as loopback is
exercised by the console's refusal tests."""
from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler import guard
from crawler.browser import BrowserPool
from crawler.capture import Capture, CaptureResult, CaptureSettings
from tests.server import FixtureServer


class Inside(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        Inside.hits.append(self.path)
        body = b"<html><body>internal admin</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def inside():
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), Inside)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    Inside.hits = []
    yield f"http://127.0.0.2:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def public_web(monkeypatch):
    real = guard.non_public
    monkeypatch.setattr(guard, "non_public", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))


def capture(url: str, workdir: Path, public_only: bool) -> CaptureResult:
    async def go() -> CaptureResult:
        pool = BrowserPool()
        try:
            return await Capture(pool, url, workdir, CaptureSettings(public_only=public_only, late_wait=0.5)).run()
        finally:
            await pool.close()
    return asyncio.run(go())


def test_redirect_into_a_private_address_is_refused(tmp_path, inside, public_web):
    with FixtureServer() as srv:
        r = capture(srv.url(f"/hostile/redirect?to={inside}/admin"), tmp_path / "a", public_only=True)
    assert r.status == "failed" and "127.0.0.2" in r.error and "公网" in r.error, r.error
    assert Inside.hits == []  # the browser never reached the inside
    assert r.provenance["public_only"]["blocked"][0]["url"].startswith(inside)


def test_embedded_private_requests_are_refused_the_page_is_captured(tmp_path, inside, public_web):
    site = tmp_path / "site"
    site.mkdir()
    (site / "embed.html").write_text(f"<html><head><meta charset='utf-8'><title>公开页面</title></head><body>"
                                     f"<h1>公开页面</h1><img src='{inside}/secret.png'><iframe src='{inside}/panel'></iframe>"
                                     f"</body></html>", encoding="utf-8")
    with FixtureServer(site=site) as srv:
        r = capture(srv.url("/embed.html"), tmp_path / "b", public_only=True)
    assert r.status == "ok", r.error
    assert Inside.hits == []
    blocked = {b["url"] for b in r.provenance["public_only"]["blocked"]}
    assert {f"{inside}/secret.png", f"{inside}/panel"} <= blocked
    from warcio.archiveiterator import ArchiveIterator  # the held-and-continued document is still recorded in full
    with open(tmp_path / "b" / "capture.warc.gz", "rb") as f:
        bodies = [rec.content_stream().read() for rec in ArchiveIterator(f) if rec.rec_type == "response"]
    assert any("公开页面".encode() in b for b in bodies)


def test_without_public_only_the_same_page_reaches_inside(tmp_path, inside):
    """The control: the guard, not the network, is what kept the browser out."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "embed.html").write_text(f"<html><body><img src='{inside}/secret.png'></body></html>", encoding="utf-8")
    with FixtureServer(site=site) as srv:
        r = capture(srv.url("/embed.html"), tmp_path / "c", public_only=False)
    assert r.status == "ok" and "/secret.png" in Inside.hits and "public_only" not in r.provenance
