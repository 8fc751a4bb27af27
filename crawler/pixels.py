"""What is really behind a piece of text: colours sampled from the screenshot pixels.

CSS cannot tell the colour of a background image or gradient, nor text painted over a photo; the screenshot can.
For each short visible text run we record the background (the dominant colour of the box's edge) and the ink that
stands out most from it inside the box; the checks turn the pair into a contrast ratio.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from PIL import Image

MAX_TEXT_LEN = 120
MAX_RUNS = 6000


def sample_box(img: Image.Image, box: list[float]) -> dict[str, Any] | None:
    x, y, w, h = (int(round(v)) for v in box)
    if w < 1 or h < 1 or x >= img.width or y >= img.height or x + w <= 0 or y + h <= 0:
        return None
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(img.width, x + w), min(img.height, y + h)
    crop = img.crop((max(0, x0 - 2), max(0, y0 - 2), min(img.width, x1 + 2), min(img.height, y1 + 2)))
    cw, ch = crop.size
    px = crop.load()
    edge = Counter()
    for i in range(cw):
        edge[px[i, 0]] += 1
        edge[px[i, ch - 1]] += 1
    for j in range(ch):
        edge[px[0, j]] += 1
        edge[px[cw - 1, j]] += 1
    bg = edge.most_common(1)[0][0]
    inner = img.crop((x0, y0, x1, y1))
    if inner.width * inner.height > 40000:  # long lines: a reduced copy keeps the strokes' colour well enough
        inner = inner.resize((max(1, inner.width // 2), max(1, inner.height // 2)), Image.NEAREST)
    colours = inner.getcolors(maxcolors=inner.width * inner.height + 1) or []
    total = sum(n for n, _ in colours)
    # The strongest ink that is more than a stray pixel or two (antialiasing, a neighbour's glyph clipped in).
    floor = max(2, total * 0.005) if total > 40 else 1
    inks = [c for n, c in colours if n >= floor]
    if not inks:
        return None
    ink = max(inks, key=lambda c: sum((c[k] - bg[k]) ** 2 for k in range(3)))
    return {"bg": list(bg), "fg": list(ink)}


def in_fixed(elements: list[dict[str, Any]], i: int) -> bool:
    while i >= 0:
        if elements[i]["style"]["position"] == "fixed":
            return True
        i = elements[i]["parent"]
    return False


def appeared(elements: list[dict[str, Any]], i: int) -> float:
    """When the element (or the block it came with) last appeared or changed, in page milliseconds."""
    latest = 0.0
    while i >= 0:
        latest = max(latest, elements[i].get("appeared_ms") or 0)
        i = elements[i]["parent"]
    return latest


def annotate_text_pixels(facts: dict[str, Any], screenshot: Path, viewport: Path, shot_ms: float | None) -> int:
    """Adds `px` to short visible text runs. Fixed-position text is sampled from the viewport shot: in the
    full-page shot the browser lays fixed elements out against the whole page. Text that appeared after the
    screenshot was taken (`shot_ms`, page time) is not in it and gets no sample."""
    if not screenshot.exists():
        return 0
    with Image.open(screenshot) as im:
        page_img = im.convert("RGB")
    view_img = page_img
    if viewport.exists():
        with Image.open(viewport) as im:
            view_img = im.convert("RGB")
    elements = facts.get("elements", [])
    n = 0
    for t in facts.get("texts", []):
        if n >= MAX_RUNS:
            break
        if len(t["text"]) > MAX_TEXT_LEN or t["source"] not in ("text", "value"):
            continue
        if set(t["hidden"]) & {"display", "visibility", "zero_size"}:
            continue
        if shot_ms is not None and appeared(elements, t["el"]) >= shot_ms - 50:
            continue
        s = sample_box(view_img if in_fixed(elements, t["el"]) else page_img, t["box"])
        if s is not None:
            t["px"] = s
            n += 1
    return n
