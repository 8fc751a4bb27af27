"""A read-only view over page facts: the element tree, text runs, and whether a person can see a run.

Visibility and legibility are decided here once, for every check (hidden, too small, too faint against what is
really behind the text in the screenshot)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

import yaml

RULES_FILE = Path(__file__).resolve().parent.parent / "config" / "rules.yaml"
HIDDEN_REASONS = {
    "display": "display:none 隐藏", "visibility": "visibility:hidden 隐藏", "opacity": "透明度为0",
    "clip": "被裁剪遮挡", "offscreen": "位于页面可见区域之外", "zero_size": "尺寸为零",
    "hover_only": "仅在鼠标悬停时显示", "transparent_text": "文字颜色透明",
}


def load_rules(path: Path = RULES_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def luminance(rgb: Iterable[float]) -> float:
    def ch(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = list(rgb)[:3]
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a: Iterable[float], b: Iterable[float]) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def blend(fg: list[float], bg: list[float]) -> list[float]:
    a = fg[3] if len(fg) > 3 else 1
    return [fg[i] * a + bg[i] * (1 - a) for i in range(3)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Seen:
    """Whether a person sees a text run, and if not, why (Chinese, for the reason line)."""
    ok: bool
    problems: list[str] = field(default_factory=list)


class PageFacts:
    def __init__(self, facts: dict[str, Any], rules: dict[str, Any]) -> None:
        self.facts = facts
        self.rules = rules
        self.elements: list[dict[str, Any]] = facts.get("elements", [])
        self.texts: list[dict[str, Any]] = facts.get("texts", [])
        self._texts_in: dict[int, list[dict[str, Any]]] = {}
        self.has_overlay = any(o.get("cover", 0) >= 0.3 for o in facts.get("overlays", []))

    # -- tree ----------------------------------------------------------------------------------------------------
    def ancestors(self, i: int) -> Iterable[int]:
        while i >= 0:
            yield i
            i = self.elements[i]["parent"]

    def inside(self, i: int, ancestor: int) -> bool:
        return any(a == ancestor for a in self.ancestors(i))

    def link_of(self, i: int) -> dict[str, Any] | None:
        for a in self.ancestors(i):
            e = self.elements[a]
            if e["tag"] == "a" and e["attrs"].get("href"):
                return e
        return None

    def clickable(self, i: int) -> bool:
        for a in self.ancestors(i):
            e = self.elements[a]
            if (e["tag"] == "a" and e["attrs"].get("href")) or "onclick" in e["attrs"] or e["tag"] == "button" \
                    or e["style"].get("cursor") == "pointer":
                return True
        return False

    @cached_property
    def children(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for e in self.elements:
            out.setdefault(e["parent"], []).append(e["i"])
        return out

    def descendants(self, i: int) -> list[int]:
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(self.children.get(k, []))
        return out

    def texts_in(self, i: int) -> list[dict[str, Any]]:
        """Runs inside element i, in document order."""
        if i not in self._texts_in:
            inside = set(self.descendants(i))
            self._texts_in[i] = [t for t in self.texts if t["el"] in inside]
        return self._texts_in[i]

    def text_of(self, i: int, limit: int = 200) -> str:
        return " ".join(t["text"] for t in self.texts_in(i) if t["source"] in ("text", "alt"))[:limit]

    def attr_text(self, i: int) -> str:
        """Class, id and data-* of an element, lowercase: where markup betrays what a block is."""
        a = self.elements[i]["attrs"]
        parts = [a.get("class", ""), a.get("id", "")] + [f"{k}={v}" for k, v in a.items() if k.startswith("data-")]
        return " ".join(parts).lower()

    def positioned(self, i: int, levels: int = 3) -> bool:
        """Absolutely placed (itself or a close ancestor): how corner marks sit over a card or a banner."""
        for n, a in enumerate(self.ancestors(i)):
            if n >= levels:
                return False
            if self.elements[a]["style"].get("position") in ("absolute", "fixed"):
                return True
        return False

    # -- seeing --------------------------------------------------------------------------------------------------
    def seen(self, t: dict[str, Any]) -> Seen:
        r = self.rules
        problems = [HIDDEN_REASONS.get(h, h) for h in dict.fromkeys(t["hidden"])]
        e = self.elements[t["el"]]
        if "opacity" not in t["hidden"] and e["style"].get("opacity", 1) < r["min_opacity"]:
            problems.append(f"透明度仅 {e['style']['opacity']}")
        if problems:
            return Seen(False, problems)
        if t["source"] in ("text", "before", "after", "value"):
            size = t.get("font_size") or 0
            if size and size < r["min_font_px"]:
                problems.append(f"字号仅 {size:g}px，难以辨认")
            elif t["source"] == "text" and 0 < t["box"][3] < r["min_text_height_px"]:
                problems.append(f"文字高度仅 {t['box'][3]:g}px，难以辨认")
            ratio = self.contrast_of(t)
            if ratio is not None and ratio < r["min_contrast"]:
                problems.append(f"文字与背景几乎同色（对比度 {ratio:.2f}:1）")
        return Seen(not problems, problems)

    def contrast_of(self, t: dict[str, Any]) -> float | None:
        css = None
        bg, bg_image = t.get("bg"), t.get("bg_image")
        pseudo = t.get("pseudo") or {}
        if pseudo.get("bg_image"):
            return None  # an icon drawn by the pseudo-element: its colours are not knowable from CSS
        if pseudo.get("bg") and pseudo["bg"][3] > 0.5:
            bg, bg_image = pseudo["bg"], False  # a badge drawn by the pseudo-element has its own background
        elif pseudo.get("bg") and pseudo["bg"][3] > 0.05:
            return None  # a translucent badge over something CSS cannot see
        if t.get("color") and bg and not bg_image:
            css = contrast(blend(t["color"], bg), bg[:3])
        px = contrast(t["px"]["fg"], t["px"]["bg"]) if t.get("px") else None
        if px is None:
            return css
        if css is not None and css >= self.rules["min_contrast"] * 1.5 and self.has_overlay:
            return css  # an overlay covers the page in the screenshot: the pixels show the overlay, not the text
        return px



def element_ref(box: list[float], text: str, **extra: Any) -> dict[str, Any]:
    return {"box": [round(v, 1) for v in box], "text": text[:80], **extra}


def overlaps(a: list[float], b: list[float], reach: float = 0) -> bool:
    return (a[0] < b[0] + b[2] + reach and b[0] - reach < a[0] + a[2]
            and a[1] < b[1] + b[3] + reach and b[1] - reach < a[1] + a[3])
