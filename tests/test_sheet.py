"""电子数据取证单: a real capture printed to PDF by a real Chromium, read back as text."""
from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from crawler.browser import BrowserPool
from xunjian.sheet import render_sheet, screenshot_slices, sheet_html

PAGE = "/p/xingheshop/license/none.html"  # a homepage without a licence display: a violation


RADICALS = re.compile("[\u2e80-\u2fdf\u2012]")  # look-alikes a system CJK font's text layer gives back for 子, 页, –


def pdf_text(path: Path) -> str:
    """The PDF's text on one line, exactly as a reader would copy or search it (no normalising)."""
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")
    assert not RADICALS.findall(text), RADICALS.findall(text)[:10]
    return text


def render(folder: Path, out: Path, fingerprint: str) -> Path:
    async def go() -> Path:
        pool = BrowserPool()
        try:
            return await render_sheet(folder, out, await pool.get(), fingerprint)
        finally:
            await pool.close()
    return asyncio.run(go())


@pytest.fixture(scope="module")
def captured(server, module_inst) -> tuple[Path, dict, str]:
    url = server.url(PAGE)
    code, lines = module_inst.capture(url, "--role", "homepage")
    assert code == 3, lines  # a violation
    folder = Path(lines[url]["evidence_dir"])
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8")), url


def test_sheet_pdf_names_the_capture_its_hashes_and_the_violation(captured, tmp_path):
    folder, manifest, url = captured
    out = render(folder, tmp_path / "sheet.pdf", manifest["signing_key"])
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    shot = next(f["sha256"] for f in manifest["files"] if f["name"] == "screenshot.png")
    manifest_sha = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    for needed in ("电 子 数 据 取 证 单", url, manifest["capture_id"], shot, manifest_sha, manifest["signing_key"], "违法",
                   "亮照", "截图 第 1/"):
        assert needed in text, needed
    assert manifest["start"]["asia_shanghai"][:10] in text  # capture time printed
    assert not (tmp_path / "sheet.pdf.part").exists()


def test_long_screenshot_is_split_over_pages(captured, tmp_path):
    folder = tmp_path / "tall"
    shutil.copytree(captured[0], folder)
    img = Image.new("RGB", (1366, 20000), "white")
    draw = ImageDraw.Draw(img)
    for y in range(0, 20000, 40):  # a line of "text" every 40 px, so cuts must land between lines
        draw.rectangle((100, y + 10, 1200, y + 24), fill=(30, 30, 30))
    img.save(folder / "annotated.png")

    slices, size = screenshot_slices(folder / "annotated.png")
    assert size == (1366, 20000) and len(slices) >= 8
    assert slices[0].top == 0 and slices[-1].bottom == 20000
    assert all(a.bottom == b.top for a, b in zip(slices, slices[1:]))  # every row printed, once
    assert all((s.top - 10) % 40 not in range(1, 15) for s in slices)  # never through a "line"

    out = render(folder, tmp_path / "tall.pdf", "SHA256:test")
    n = len(slices)
    assert len(PdfReader(out).pages) >= n + 1
    text = pdf_text(out)
    assert f"截图 第 1/{n} 段" in text and f"截图 第 {n}/{n} 段" in text


def test_page_text_is_escaped(captured, tmp_path):
    folder = tmp_path / "hostile"
    shutil.copytree(captured[0], folder)
    findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    findings[0]["reason"] = '<script>alert("reason")</script>未公示'
    (folder / "findings.json").write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    facts["title"] = "</title><script>alert(1)</script><img src=x>"
    (folder / "facts.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")

    html = sheet_html(folder, "SHA256:<b>x</b>")
    assert "&lt;script&gt;alert(&#34;reason&#34;)&lt;/script&gt;" in html
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x&gt;" in html
    assert "<script" not in html and "<b>x</b>" not in html
    text = pdf_text(render(folder, tmp_path / "hostile.pdf", "SHA256:<b>x</b>"))
    assert '<script>alert("reason")</script>' in text and "<script>alert(1)</script>" in text
