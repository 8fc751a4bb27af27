"""Live probes that checks ask for. They run after the evidence is taken and record observations (and frames) into
the facts, so the judging stays pure. Probes know how to click and watch, not what the law says."""
from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from PIL import Image
from playwright.async_api import Page

from .pixels import sample_box

if TYPE_CHECKING:
    from .capture import Capture

POPUP_JS = (Path(__file__).parent / "popup.js").read_text(encoding="utf-8")
Probe = Callable[[Page, "Capture"], Awaitable[dict[str, Any]]]


def named(name: str, fn: Probe) -> Probe:
    fn.name = name  # type: ignore[attr-defined]
    return fn


def overlap(a: list[int], b: list[int]) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / max(1, a[2] * a[3])


def popup_probe(appear_wait: float = 3.5, watch: float = 4.0) -> Probe:
    """Find overlays (waiting until `appear_wait` s after DOMContentLoaded for late ones), click the likeliest close
    mark of each ONCE, then watch for `watch` s: gone? navigation, new tab, dialog, confirmation, return?"""

    async def probe(page: Page, cap: "Capture") -> dict[str, Any]:
        # The capture has idled until appear_wait after DOMContentLoaded before calling (probe.appear_wait).
        overlays = await page.evaluate(POPUP_JS)
        since = time.monotonic() - (cap.t_dcl or time.monotonic())
        out: dict[str, Any] = {"looked_at_s": round(since, 2), "overlays": [], "frames": []}
        for n, ov in enumerate(overlays[:3]):
            out["overlays"].append(await probe_one(page, cap, ov, n, out["frames"], watch))
        return out

    probe.appear_wait = appear_wait  # type: ignore[attr-defined]
    return named("popup", probe)


async def frame(page: Page, cap: "Capture", name: str, frames: list[str]) -> None:
    try:
        await page.screenshot(path=str(cap.workdir / name), timeout=5000)
        frames.append(name)
        cap.result.files.append(name)
    except Exception:
        pass


def still_there(ov: dict[str, Any], now: list[dict[str, Any]]) -> bool:
    return any(overlap(ov["content_box"], o["content_box"]) > 0.5 or (ov["text"] and o["text"] == ov["text"]) for o in now)


def score(mark: dict[str, Any]) -> int:
    weights = {"glyph_text": 5, "glyph_pseudo": 5, "close_text": 5, "close_label": 4, "close_class": 3, "close_image": 4,
               "small_svg": 1, "drawn_x": 5, "countdown": 0}
    s = sum(weights.get(sig, 0) for sig in mark["signals"])
    return s + (1 if mark["shown"] and mark["in_viewport"] else -3)


async def probe_one(page: Page, cap: "Capture", ov: dict[str, Any], n: int, frames: list[str], watch: float) -> dict[str, Any]:
    rec: dict[str, Any] = dict(ov)
    prefix = f"probe-popup-{n + 1}"
    await frame(page, cap, f"{prefix}-before.png", frames)
    if f"{prefix}-before.png" in frames:
        with Image.open(cap.workdir / f"{prefix}-before.png") as im:
            shot = im.convert("RGB")
        for m in ov["marks"]:
            m["px"] = sample_box(shot, m["box"])
    marks = sorted((m for m in ov["marks"] if score(m) >= 3), key=score, reverse=True)
    target = marks[0] if marks else None
    pages0, dialogs0, url0 = cap.popup_count, cap.dialog_count, page.url
    navigations: list[str] = []
    on_nav = lambda f: navigations.append(f.url) if f == page.main_frame else None  # noqa: E731
    page.on("framenavigated", on_nav)
    try:
        if target is None:
            rec["clicked"] = None
            # No close mark: does a click on the mask (away from the dialog) make it go? Recorded, not rewarded.
            if ov["has_mask"]:
                await page.mouse.click(5, 5)
                await asyncio.sleep(0.6)
                rec["mask_closes"] = not still_there(ov, await page.evaluate(POPUP_JS))
            return rec
        x, y, w, h = target["box"]
        await page.mouse.click(x + w / 2, y + h / 2)
        rec["clicked"] = target
        await asyncio.sleep(0.5)
        await frame(page, cap, f"{prefix}-after.png", frames)
        after = await page.evaluate(POPUP_JS) if not navigations else []
        rec["after"] = {
            "overlay_visible": still_there(ov, after),
            "new_overlays": [o["text"][:200] for o in after if not still_there(o, [ov])][:3],
        }
        reappeared_at = None
        t0 = time.monotonic()
        while time.monotonic() - t0 < watch and not navigations:
            await asyncio.sleep(0.3)
            if not rec["after"]["overlay_visible"] and still_there(ov, await page.evaluate(POPUP_JS)):
                reappeared_at = round(time.monotonic() - t0 + 0.5, 2)
                break
        await frame(page, cap, f"{prefix}-end.png", frames)
        rec["end"] = {"reappeared_after_s": reappeared_at}
    except Exception as e:
        rec["error"] = str(e).splitlines()[0][:200]
    finally:
        page.remove_listener("framenavigated", on_nav)
        rec["navigated_to"] = navigations[:3] or ([page.url] if page.url != url0 else [])
        rec["new_pages"] = cap.popups[-(cap.popup_count - pages0):] if cap.popup_count > pages0 else []
        rec["dialogs"] = cap.dialogs[-(cap.dialog_count - dialogs0):] if cap.dialog_count > dialogs0 else []
    return rec


def link_status_probe(text_pattern: str, limit: int = 6) -> Probe:
    """HTTP status of the targets of links whose text (or image alt) matches the pattern."""
    rx = re.compile(text_pattern)

    async def probe(page: Page, cap: "Capture") -> dict[str, Any]:
        facts = cap.result.facts or {}
        links = []
        by_el = {img["el"]: img for img in facts.get("images", [])}
        elements = facts.get("elements", [])
        for link in facts.get("links", []):
            label = link["text"] + " " + " ".join((img.get("alt") or "") for i, img in by_el.items()
                                                 if is_inside(elements, i, link["el"]))
            if rx.search(label) and link["href"] not in [l["href"] for l in links]:
                links.append({"href": link["href"], "text": label.strip()[:100]})
        for link in links[:limit]:
            if not link["href"].startswith(("http://", "https://")):
                link["status"], link["error"] = None, "不是网页链接"
                continue
            try:
                resp = await page.context.request.get(link["href"], timeout=6000, max_redirects=5)
                link["status"], link["final_url"] = resp.status, resp.url
            except Exception as e:
                link["status"], link["error"] = None, str(e).splitlines()[0][:200]
        return {"links": links[:limit]}

    return named("link_status", probe)


def is_inside(elements: list[dict[str, Any]], i: int, ancestor: int) -> bool:
    while i >= 0:
        if i == ancestor:
            return True
        i = elements[i]["parent"]
    return False


PROBES: dict[str, Callable[..., Probe]] = {"popup": popup_probe, "link_status": link_status_probe}


def build(specs: dict[str, dict[str, Any]]) -> list[Probe]:
    return [PROBES[name](**params) for name, params in specs.items()]
