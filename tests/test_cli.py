"""The CLI contract of DESIGN.md: JSON lines per URL, usage errors, exit codes, a warm shared browser that is
restarted when it dies, TLS provenance."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.server import FixtureServer

LINE_KEYS = {"url", "final_url", "status", "http_status", "error", "capture_id", "evidence_dir", "findings", "timings"}


def test_batch_all_ok_exit_0_and_lines_name_their_urls(server, inst):
    urls = [server.url(f"/plain.html?n={i}") for i in range(5)]
    code, lines = inst.capture("--concurrency", "3", *urls)
    assert code == 0
    assert set(lines) == set(urls)
    for url, line in lines.items():
        assert LINE_KEYS <= set(line)
        assert line["status"] == "ok" and line["error"] is None and line["final_url"] == url
        assert Path(line["evidence_dir"]).name == line["capture_id"]
        assert {"navigate", "settle", "screenshot", "facts"} <= set(line["timings"])


def test_human_output_one_line_per_url(server, inst):
    proc = inst.run("capture", server.url("/plain.html"), "gopher://x")
    assert proc.returncode == 4
    out = proc.stdout.strip().splitlines()
    assert len(out) == 2 and any("gopher" in l and "失败" in l for l in out)


@pytest.mark.parametrize("args,message", [
    (["--role", "front"], "--role"),
    (["--platform", "nosuch"], "nosuch"),
    (["--concurrency", "0"], "concurrency"),
])
def test_usage_errors_exit_2(server, inst, args, message):
    proc = inst.run("capture", *args, server.url("/plain.html"))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert not inst.evidence.exists() or not any(inst.evidence.iterdir())


def test_registry_unknown_key_is_named(server, inst, tmp_path):
    reg = tmp_path / "platforms.yaml"
    reg.write_text("platforms:\n  - id: a\n    name: 甲\n    operator: 甲公司\n    homepage: http://127.0.0.1/\n"
                   "    self_operatd: null\n", encoding="utf-8")
    proc = inst.run("capture", "--registry", str(reg), server.url("/plain.html"))
    assert proc.returncode == 2 and "self_operatd" in proc.stderr


def test_chromium_killed_mid_batch_is_restarted(server, inst):
    """The browser dies while capturing one URL; what was open with it fails with a clear error, and the URLs after
    it are captured by a new browser."""
    urls = [server.url("/plain.html?before"), server.url("/hostile/kill-browser"),
            server.url("/plain.html?after1"), server.url("/plain.html?after2"), server.url("/plain.html?after3")]
    proc = inst.run("capture", "--json", "--concurrency", "1", *urls, popen=True)
    server.state["kill_root"] = proc.pid
    try:
        out, errout = proc.communicate(timeout=180)
    finally:
        server.state["kill_root"] = None
    lines = {l["url"]: l for l in map(json.loads, out.splitlines())}
    assert set(lines) == set(urls), errout
    assert lines[urls[1]]["status"] == "failed" and "浏览器" in lines[urls[1]]["error"]
    for url in urls:
        assert lines[url]["status"] == "ok" or "浏览器" in lines[url]["error"]
    assert lines[urls[3]]["status"] == "ok" and lines[urls[4]]["status"] == "ok"
    assert proc.returncode == 4


def test_https_capture_records_tls_certificate(inst):
    with FixtureServer(tls=True) as tls:
        url = tls.url("/plain.html")
        code, lines = inst.capture(url)
    line = lines[url]
    assert code == 0 and line["status"] == "ok"
    manifest = json.loads((Path(line["evidence_dir"]) / "manifest.json").read_text(encoding="utf-8"))
    cert = manifest["provenance"]["tls"]
    assert cert["subjectName"] == "fixture.test" and cert["issuer"] == "fixture.test"
    assert cert["validTo"] > time.time() and cert["protocol"].startswith("TLS")
