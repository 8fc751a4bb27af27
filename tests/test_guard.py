"""Public-only captures (what the console runs): a page may not lead the browser to loopback, private or link-local
addresses — neither by redirecting there nor by embedding from there. The test machine has no public address, so
here 127.0.0.1 plays the public web and 127.0.0.2 the inside; the real classification of 127.0.0.1 as loopback is
exercised by the console's refusal tests."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from crawler import guard
from crawler.browser import BrowserPool
from crawler.capture import Capture, CaptureResult, CaptureSettings
from tests.server import FixtureServer


@pytest.fixture
def inside(tmp_path):
    """An internal service on 127.0.0.2; its `hits` list every request that reached it."""
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "admin").write_text("<html><body>internal admin</body></html>", encoding="utf-8")
    with FixtureServer(site=tmp_path / "inside", host="127.0.0.2") as srv:
        srv.state["hits"] = []
        yield srv


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
        r = capture(srv.url(f"/hostile/redirect?to={inside.base}/admin"), tmp_path / "a", public_only=True)
    assert r.status == "failed" and "127.0.0.2" in r.error and "公网" in r.error, r.error
    assert inside.state["hits"] == []  # the browser never reached the inside
    assert r.provenance["public_only"]["blocked"][0]["url"].startswith(inside.base)


def test_embedded_private_requests_are_refused_the_page_is_captured(tmp_path, inside, public_web):
    site = tmp_path / "site"
    site.mkdir()
    (site / "embed.html").write_text(f"<html><head><meta charset='utf-8'><title>公开页面</title></head><body>"
                                     f"<h1>公开页面</h1><img src='{inside.base}/secret.png'><iframe src='{inside.base}/panel'></iframe>"
                                     f"</body></html>", encoding="utf-8")
    with FixtureServer(site=site) as srv:
        r = capture(srv.url("/embed.html"), tmp_path / "b", public_only=True)
    assert r.status == "ok", r.error
    assert inside.state["hits"] == []
    blocked = {b["url"] for b in r.provenance["public_only"]["blocked"]}
    assert {f"{inside.base}/secret.png", f"{inside.base}/panel"} <= blocked
    from warcio.archiveiterator import ArchiveIterator  # the held-and-continued document is still recorded in full
    with open(tmp_path / "b" / "capture.warc.gz", "rb") as f:
        bodies = [rec.content_stream().read() for rec in ArchiveIterator(f) if rec.rec_type == "response"]
    assert any("公开页面".encode() in b for b in bodies)


def test_without_public_only_the_same_page_reaches_inside(tmp_path, inside):
    """The control: the guard, not the network, is what kept the browser out."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "embed.html").write_text(f"<html><body><img src='{inside.base}/secret.png'></body></html>", encoding="utf-8")
    with FixtureServer(site=site) as srv:
        r = capture(srv.url("/embed.html"), tmp_path / "c", public_only=False)
    assert r.status == "ok" and "/secret.png" in inside.state["hits"] and "public_only" not in r.provenance
