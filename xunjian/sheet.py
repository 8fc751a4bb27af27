"""电子数据取证单: one printable A4 PDF per capture, for the case file.

The sheet is printed by Chromium from a Jinja2 template, so Chinese text, long URLs and hashes lay out the way a
browser lays them out, with the same CJK font the screenshots were judged with. It only reads the sealed folder; the
folder stays the evidence and the sheet is its human-readable summary (every file's SHA-256, so a reader can check
the printout against the files).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import escape
from PIL import Image
from playwright.async_api import Browser, Route

from .evidence import MANIFEST, SHANGHAI, SIGNATURE, both_zones, page_title
from .fonts import font_css
from .labels import CHECK_NAMES, ROLE_LABELS, VERDICT_LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"

FILE_LABELS = {
    "screenshot.png": "整页截图", "viewport.png": "首屏截图", "annotated.png": "标注截图（据整页截图加框）",
    "dom.html": "渲染后的网页源码（DOM）", "page.mhtml": "网页存档（MHTML）", "capture.warc.gz": "网络通信存档（WARC）",
    "facts.json": "页面事实", "findings.json": "检查结论", MANIFEST: "证据清单", SIGNATURE: "清单签名（Ed25519）",
}

# Page geometry (mm). The screenshot slices are sized from these so that each slice fills, and fits on, one page.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_X = 12.0, 16.0, 12.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
SLICE_CAPTION_MM = 14.0  # the caption line above each slice, with its spacing and some slack for rounding
SLICE_MAX_MM = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - SLICE_CAPTION_MM
QUIET_RANGE = 6  # a pixel row whose grey levels vary this little is empty background: a good place to cut

# The footer is printed outside the page's document, where its embedded fonts do not apply: it keeps to characters
# without look-alike radicals in the system CJK font (no 子, 页), so its text layer reads back right too.
FOOTER = ('<div style="width:100%;font-size:8pt;color:#555;padding:0 12mm;font-family:\'Noto Sans CJK SC\',sans-serif;'
          'display:flex;justify-content:space-between">'
          '<span>取证单 · 取证编号 {cid}</span>'
          '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


@dataclass
class Slice:
    index: int
    top: int  # first pixel row, inclusive
    bottom: int  # last pixel row, exclusive
    height_mm: float
    data_uri: str


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _when(zones: dict[str, Any] | None) -> dict[str, str]:
    """Both zones as readable text; the manifest stores both, older or odd ones may hold only UTC."""
    zones = dict(zones or {})
    if zones.get("utc") and not zones.get("asia_shanghai"):
        zones = both_zones(zones["utc"])

    def fmt(iso: str | None, suffix: str) -> str:
        if not iso:
            return "未记录"
        t = datetime.fromisoformat(iso)
        return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}" + suffix

    return {"shanghai": fmt(zones.get("asia_shanghai"), "（北京时间，UTC+8）"), "utc": fmt(zones.get("utc"), " UTC")}


def _epoch(value: Any) -> str:
    try:
        return datetime.fromtimestamp(float(value), timezone.utc).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return str(value or "？")


def _tls(prov: dict[str, Any], url: str) -> str:
    tls = prov.get("tls")
    if tls:
        parts = [tls.get("protocol") or "TLS"]
        if tls.get("subjectName"):
            parts.append(f"证书主体 {tls['subjectName']}")
        if tls.get("issuer"):
            parts.append(f"签发者 {tls['issuer']}")
        if tls.get("validFrom") or tls.get("validTo"):
            parts.append(f"有效期 {_epoch(tls.get('validFrom'))} 至 {_epoch(tls.get('validTo'))}（北京时间）")
        return "；".join(parts)
    if prov.get("tls_error"):
        return f"未能读取证书：{prov['tls_error']}"
    if (url or "").startswith("http:"):
        return "无（HTTP 明文连接，未加密）"
    return "未记录"


def _server(prov: dict[str, Any]) -> str:
    srv = prov.get("server") or {}
    ip, port = srv.get("ip"), srv.get("port")
    if not ip:
        addr = prov.get("server_addr") or {}
        ip, port = addr.get("ipAddress"), addr.get("port")
    if not ip:
        return "未记录"
    text = f"[{ip}]:{port}" if ":" in ip and port else (f"{ip}:{port}" if port else ip)
    return text + (f"（{srv['protocol']}）" if srv.get("protocol") else "")


def _size(n: Any) -> str:
    try:
        n = int(n)
    except (TypeError, ValueError):
        return ""
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n} B" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def _cut_rows(gray: Image.Image, max_rows: int) -> list[tuple[int, int]]:
    """Split the image's rows into runs of at most `max_rows`, cutting on an empty background row near the end of each
    run when there is one, so a line of text is not split across two pages."""
    width, height = gray.size
    runs, top = [], 0
    while top < height:
        bottom = min(top + max_rows, height)
        if bottom < height:
            for y in range(bottom, top + int(max_rows * 0.8), -1):
                lo, hi = gray.crop((0, y, width, y + 1)).getextrema()
                if hi - lo <= QUIET_RANGE:
                    bottom = y
                    break
        runs.append((top, bottom))
        top = bottom
    return runs


def screenshot_slices(png: Path) -> tuple[list[Slice], tuple[int, int]]:
    """The screenshot cut into page-sized slices (a full page can be 20,000 px tall: one image would be shrunk to an
    unreadable strip or cut off by the printer). Returns the slices and the image size."""
    with Image.open(png) as im:
        img = im.convert("RGB")
    width, height = img.size
    px_per_mm = width / CONTENT_W
    slices = []
    for i, (top, bottom) in enumerate(_cut_rows(img.convert("L"), max(1, int(SLICE_MAX_MM * px_per_mm))), 1):
        buf = io.BytesIO()
        img.crop((0, top, width, bottom)).save(buf, "PNG", compress_level=6)
        slices.append(Slice(i, top, bottom, (bottom - top) / px_per_mm,
                            "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")))
    return slices, (width, height)


def sheet_html(folder: Path, public_key_fingerprint: str) -> str:
    """The sheet as HTML (autoescaped: page titles and reasons come from the inspected site and may hold markup)."""
    manifest_path = folder / MANIFEST
    manifest_bytes = manifest_path.read_bytes()
    manifest = json.loads(manifest_bytes)
    findings = _read_json(folder / "findings.json") or []
    prov = manifest.get("provenance") or {}
    url = manifest.get("url") or ""

    files = [{"name": f.get("name"), "sha256": f.get("sha256"), "size": _size(f.get("size")),
              "label": FILE_LABELS.get(f.get("name"), _label_for(f.get("name") or ""))}
             for f in manifest.get("files") or []]
    files.append({"name": MANIFEST, "sha256": hashlib.sha256(manifest_bytes).hexdigest(), "size": _size(len(manifest_bytes)),
                  "label": FILE_LABELS[MANIFEST] + "（本行哈希由取证单生成时计算）"})

    shot_name = next((n for n in ("annotated.png", "screenshot.png") if (folder / n).is_file()), None)
    slices, size = screenshot_slices(folder / shot_name) if shot_name else ([], (0, 0))
    shot_info = prov.get("screenshot") or {}

    rows = [{"check": CHECK_NAMES.get(f.get("check"), f.get("check")), "check_id": f.get("check"),
             "verdict": f.get("verdict"), "verdict_label": VERDICT_LABELS.get(f.get("verdict"), f.get("verdict") or "未知"),
             "reason": f.get("reason") or "", "basis": f.get("basis") or "",
             "evidence": [e for e in f.get("evidence") or [] if isinstance(e, str)]}
            for f in findings if isinstance(f, dict)]
    violations = [r for r in rows if r["verdict"] == "violation"]

    context = {
        "capture_id": manifest.get("capture_id") or folder.name,
        "url": url,
        "final_url": manifest.get("final_url") or "",
        "redirects": prov.get("redirect_chain") or [],
        "http_status": manifest.get("http_status"),
        "status": manifest.get("status"),
        "error": manifest.get("error"),
        "partial": manifest.get("partial"),
        "partial_reasons": manifest.get("partial_reasons") or [],
        "start": _when(manifest.get("start")),
        "end": _when(manifest.get("end")),
        "server": _server(prov),
        "tls": _tls(prov, manifest.get("final_url") or url),
        "inspector": manifest.get("inspector"),
        "platform": manifest.get("platform"),
        "operator": manifest.get("operator"),
        "role": ROLE_LABELS.get(manifest.get("role"), manifest.get("role")),
        "title": page_title(folder),
        "browser": prov.get("browser"),
        "tool": prov.get("tool"),
        "user_agent": prov.get("user_agent"),
        "viewport": prov.get("viewport") or {},
        "fingerprint": public_key_fingerprint,
        "manifest_key": manifest.get("signing_key"),
        "previous": manifest.get("previous"),
        "files": files,
        "findings": rows,
        "violations": violations,
        "shot_name": shot_name,
        "shot_size": size,
        "shot_capped": shot_info.get("capped"),
        "page_height": shot_info.get("page_height"),
        "slices": slices,
        "content_w": CONTENT_W,
        "page_w": PAGE_W,
        "page_h": PAGE_H,
        "printed": datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S（北京时间）"),
    }
    return _env().get_template("sheet.html").render(**context)


def _label_for(name: str) -> str:
    if name.startswith("crop-"):
        return "违法部位截取图"
    if name.startswith("probe-"):
        return "弹窗探测截图"
    return ""


async def _offline(route: Route) -> None:
    """The sheet needs nothing from any network; refuse whatever a page's text might have smuggled in."""
    await route.abort()


async def render_sheet(folder: Path, out_pdf: Path, browser: Browser, public_key_fingerprint: str) -> Path:
    """Print the sheet of the sealed evidence `folder` to `out_pdf` (A4) with an already-running Chromium."""
    html = sheet_html(folder, public_key_fingerprint)
    html = html.replace("</style>", font_css(html) + "</style>", 1)  # searchable text: see xunjian/fonts.py
    cid = folder.name  # a sealed folder is named by its capture id
    footer = FOOTER.format(cid=escape(cid))
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    context = await browser.new_context(java_script_enabled=False, offline=True)
    try:
        await context.route("**/*", _offline)
        page = await context.new_page()
        await page.emulate_media(media="print")
        await page.set_content(html, wait_until="load")
        partial = out_pdf.with_name(out_pdf.name + ".part")
        await page.pdf(
            path=str(partial), format="A4", print_background=True, display_header_footer=True,
            header_template="<span></span>", footer_template=footer,
            margin={"top": f"{MARGIN_TOP}mm", "bottom": f"{MARGIN_BOTTOM}mm", "left": f"{MARGIN_X}mm", "right": f"{MARGIN_X}mm"},
        )
        partial.replace(out_pdf)
    finally:
        await context.close()
    return out_pdf
