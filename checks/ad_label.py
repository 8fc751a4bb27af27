"""“广告” on every paid placement: find the ads by markup and behaviour, then demand a visible label on each."""
from __future__ import annotations

import re
from urllib.parse import urlsplit
from typing import Any

from .base import Context, Finding
from .page import PageFacts, Seen, element_ref, overlaps, squash

ID = "ad_label"
BASIS = ("《电子商务法》第四十条（竞价排名的商品或者服务应当显著标明“广告”）；《广告法》第十四条（广告应当具有可识别性）；"
         "《互联网广告管理办法》第九条；重庆规范 第十三条、第二十三条")

AD_PATH = re.compile(r"^/(ad|ads|adv|sponsored?|p4p)(/|$|\?|\.)|(^|/)(aclk|adclick|ad[_-]?click|adserver|adsrv|adx|dsp|"
                     r"doubleclick)(/|$|\?|\.)", re.I)
AD_QUERY = re.compile(r"(^|&)(adid|ad_id|adsid|ad_pos|adpos|adunit|ad_unit|creative_?id|crid|campaign_?id|ad)=(?!0?(&|$))", re.I)
AD_HOST = re.compile(r"^(ad|ads|adx|adserver|dsp|click|clk|simba|p4p)\.|doubleclick|googlesyndication|adservice", re.I)


def ad_href(href: str, page_url: str) -> bool:
    """Click-tracking and ad-server links. Same-document links (#, the page itself) are never ads."""
    if not href.startswith(("http://", "https://")) or href.split("#")[0] == page_url.split("#")[0]:
        return False
    u = urlsplit(href)
    return bool(AD_PATH.search(u.path) or AD_QUERY.search(u.query) or AD_HOST.search(u.hostname or ""))
AD_TOKENS = {"ad", "ads", "adv", "advert", "adverts", "advertise", "advertisement", "adslot", "adbox", "adunit", "adwrap",
             "adcard", "aditem", "adid", "adsid", "adtype", "adpos", "adzone", "adspace", "adtag", "sponsor", "sponsored", "promoted", "p4p", "cpc", "dsp", "guanggao", "tuiguang", "adsense"}
FALSE_VALUES = {"0", "false", "no", "none", ""}
LABEL = re.compile(r"^广告$")
NEAR_MISS = re.compile(r"^(推广|赞助|AD|Ad|ad|ADS?|Sponsored|SPONSORED|sponsored|推荐|商业推广|赞助商|Promoted|广而告之|廣告)$")
STRIP = re.compile(r"[\s\[\]【】()（）<>《》|·•:：×✕✖xX\-_/]+")


def tokens(text: str) -> set[str]:
    """Words of class names and attributes. camelCase is split only when every piece reads like a word, so hashed
    CSS-in-JS names (sc-mHNgAd) do not yield a stray "ad"."""
    out: set[str] = set()
    for word in re.split(r"[^A-Za-z0-9]+", text):
        pieces = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", word)
        if len(pieces) > 1 and all(len(p) >= 2 and re.search(r"[aeiouAEIOU]", p) for p in pieces):
            out.update(p.lower() for p in pieces)
        out.add(word.lower())
    out.discard("")
    return out


def has_ad_tokens(text: str) -> bool:
    toks = tokens(text)
    return bool(toks & AD_TOKENS) or ("promo" in toks and bool(toks & {"slot", "ad", "spot", "unit"}))


class AdLabel:
    id, basis = ID, BASIS
    roles = ("homepage", "search", "product", "shop")
    probes: dict[str, dict[str, Any]] = {}

    def judge(self, facts: dict[str, Any], context: Context) -> list[Finding]:
        page = PageFacts(facts, context.rules)
        units = self.find_ads(page)
        popups = self.popup_ads(page, units)
        if not units and not popups:
            return [Finding(ID, "not_applicable", "页面未发现付费推广或广告位", BASIS)]
        findings = popups
        for n, (unit, why) in enumerate(units, 1):
            box = page.elements[unit]["box"]
            title = self.title(page, unit)
            labels = self.labels_for(page, unit, units)
            good = [t for t, seen in labels if LABEL.match(STRIP.sub("", squash(t["text"]))) and seen.ok]
            name = f"第{n}个广告位" + (f"（{title}）" if title else "")
            if good:
                findings.append(Finding(ID, "compliant", f"{name}标明了“广告”", BASIS,
                                        elements=[element_ref(box, title, role="evidence", marker=why),
                                                  element_ref(good[0]["box"], good[0]["text"], role="evidence")]))
                continue
            real = [(t, seen) for t, seen in labels if LABEL.match(STRIP.sub("", squash(t["text"])))]
            near = [(t, seen) for t, seen in labels if NEAR_MISS.match(STRIP.sub("", squash(t["text"])))]
            if real:
                problems = real[0][1].problems
                reason = f"{name}的“广告”标识消费者看不到：{'、'.join(problems)}"
            elif near:
                reason = f"{name}只标注“{near[0][0]['text'][:10]}”，未标明“广告”"
            else:
                reason = f"{name}未标明“广告”"
            findings.append(Finding(ID, "violation", reason, BASIS,
                                    elements=[element_ref(box, title, marker=why)] +
                                             [element_ref(t["box"], t["text"]) for t, _ in (real or near)[:1]]))
        return findings

    def popup_ads(self, page: PageFacts, units: list[tuple[int, str]]) -> list[Finding]:
        """Pop-up ads the live probe saw (they may arrive after the page facts were taken)."""
        from .popup_close import is_ad

        out = []
        for ov in page.facts.get("probes", {}).get("popup", {}).get("overlays", []):
            if is_ad(ov)[0] is not True or any(overlaps(page.elements[u]["box"], ov["content_box"]) for u, _ in units):
                continue
            words = ov.get("text", "").split()
            name = f"弹窗广告（{ov.get('text', '')[:16]}）"
            box = ov["content_box"]
            if "广告" in words or any(LABEL.match(STRIP.sub("", w)) for w in words):
                out.append(Finding(ID, "compliant", f"{name}标明了“广告”", BASIS,
                                   elements=[element_ref(box, ov.get("text", ""), role="evidence", coords="viewport")]))
            else:
                near = next((w for w in words if NEAR_MISS.match(STRIP.sub("", w))), None)
                out.append(Finding(ID, "violation", f"{name}" + (f"只标注“{near}”，未标明“广告”" if near else "未标明“广告”"),
                                   BASIS, elements=[element_ref(box, ov.get("text", ""), coords="viewport")]))
        return out

    # -- finding the ads --------------------------------------------------------------------------------------------
    def find_ads(self, page: PageFacts) -> list[tuple[int, str]]:
        items = {i for g in page.facts.get("groups", []) for i in g["items"]}
        hrefs = {l["el"]: l["href"] for l in page.facts.get("links", [])}
        hrefs.update({f["el"]: f["src"] or "" for f in page.facts.get("iframes", [])})
        page_url = page.facts.get("url", "")
        markers: dict[int, str] = {}
        for e in page.elements:
            i = e["i"]
            a = e["attrs"]
            why = None
            href = hrefs.get(i) or ""
            if e["tag"] == "a" and ad_href(href, page_url):
                why = f"广告跳转链接 {href[:80]}"
            elif e["tag"] in ("iframe", "embed", "object") and (ad_href(hrefs.get(i) or a.get("src", ""), page_url) or has_ad_tokens(
                    " ".join([a.get("src", ""), a.get("id", ""), a.get("class", ""), a.get("name", "")]))):
                why = f"广告位框架 {a.get('src', '')[:80]}"
            else:
                names = " ".join(k[5:] for k, v in a.items() if k.startswith("data-") and v.strip().lower() not in FALSE_VALUES)
                values = " ".join(v for k, v in a.items() if k.startswith("data-") and len(v) < 40)
                if has_ad_tokens(a.get("class", "") + " " + a.get("id", "")):
                    why = f"广告类名 {(a.get('class') or a.get('id'))[:60]}"
                elif has_ad_tokens(names) or tokens(values) & {"ad", "ads", "sponsored", "advert"}:
                    why = "广告数据属性 " + " ".join(f"{k}={v}" for k, v in a.items() if k.startswith("data-"))[:80]
            if why:
                markers[i] = why
        list_parents = {g["parent"] for g in page.facts.get("groups", [])}
        units: dict[int, str] = {}
        for m, why in markers.items():
            # The card: a list item, or a child of a list's parent (an ad card styled apart from the rest).
            unit = next((a for a in page.ancestors(m) if a in items or page.elements[a]["parent"] in list_parents), None)
            if unit is None:
                unit = m
                while page.elements[unit]["parent"] >= 0 and (page.elements[unit]["box"][2] < 60 or page.elements[unit]["box"][3] < 30):
                    unit = page.elements[unit]["parent"]
            units.setdefault(unit, why)
        units = self.merge(page, units)
        # A marked block holding several marked units is their container; holding one, it is that ad's own box.
        keep = []
        for u in units:
            inner = [o for o in units if o != u and page.inside(o, u)]
            outer = [o for o in units if o != u and page.inside(u, o)]
            if len(inner) >= 2:
                continue
            if any(len([x for x in units if x != o and page.inside(x, o)]) == 1 for o in outer):
                continue
            keep.append(u)
        shown = [u for u in keep if self.displayed(page, u)]
        shown.sort(key=lambda u: (page.elements[u]["box"][1], page.elements[u]["box"][0]))
        return [(u, units[u]) for u in shown]

    @staticmethod
    def merge(page: PageFacts, units: dict[int, str]) -> dict[int, str]:
        """Two marked pieces of one card (its picture link and its title link, to the same click URL) are one ad:
        merge such units when their common ancestor is hardly bigger than the two together."""
        merged = dict(units)
        changed = True
        while changed:
            changed = False
            keys = list(merged)
            for a in keys:
                for b in keys:
                    if a >= b or a not in merged or b not in merged or merged[a] != merged[b]:
                        continue  # only pieces of the same ad (the same marker, e.g. the same click link)
                    common = next(x for x in page.ancestors(a) if page.inside(b, x))
                    if common in (a, b) or page.elements[common]["tag"] in ("body", "html", "main"):
                        continue
                    ba, bb, bc = page.elements[a]["box"], page.elements[b]["box"], page.elements[common]["box"]
                    ux0, uy0 = min(ba[0], bb[0]), min(ba[1], bb[1])
                    union = (max(ba[0] + ba[2], bb[0] + bb[2]) - ux0) * (max(ba[1] + ba[3], bb[1] + bb[3]) - uy0)
                    if bc[2] * bc[3] <= 1.6 * max(union, 1):
                        why = merged.pop(a)
                        merged.pop(b)
                        merged[common] = why
                        changed = True
        return merged

    @staticmethod
    def displayed(page: PageFacts, unit: int) -> bool:
        """An ad a consumer is shown: visible, of a placement's size, with a creative (a link, a picture or a
        frame). An empty slot whose script never filled it, or a page-sized layout box, is no placement."""
        e = page.elements[unit]
        if set(e["hidden"]) & {"display", "visibility", "opacity", "zero_size", "offscreen", "clip"}:
            return False
        viewport = page.facts.get("viewport", {}).get("height", 768)
        if e["box"][2] * e["box"][3] < 400 or e["box"][3] > 1.5 * viewport:
            return False
        if e["tag"] in ("iframe", "img", "embed", "object", "a"):
            return True
        return any(not set(page.elements[k]["hidden"]) & {"display", "visibility", "zero_size"} and (
            page.elements[k]["tag"] in ("img", "iframe", "a", "embed", "object", "video", "canvas")
            or (page.elements[k]["style"].get("bg_image") or "").startswith("url(")) for k in page.descendants(unit))

    @staticmethod
    def title(page: PageFacts, unit: int) -> str:
        for t in page.texts_in(unit):
            text = t["text"].strip()
            if len(squash(text)) >= 4 and not t["hidden"] and not NEAR_MISS.match(squash(text)):
                return text[:24] + ("…" if len(text) > 24 else "")
        e = page.elements[unit]
        return (e["attrs"].get("title") or e["attrs"].get("src") or "")[:40]

    def labels_for(self, page: PageFacts, unit: int, units: list[tuple[int, str]]) -> list[tuple[dict[str, Any], Seen]]:
        """Short label-like runs that belong to this ad (inside it, inside its iframe, or drawn over its box), each
        with whether a person sees it."""
        reach = page.rules["label_reach_px"]
        box = page.elements[unit]["box"]
        others = [u for u, _ in units if u != unit]
        group_items = {i for g in page.facts.get("groups", []) for i in g["items"]}
        labelish = lambda t: (x := STRIP.sub("", squash(t["text"]))) and len(x) <= page.rules["max_label_chars"] \
            and bool(LABEL.match(x) or NEAR_MISS.match(x))  # noqa: E731
        out = [(t, seen) for t, seen in self.frame_texts(page, unit) if labelish(t)]
        for t in page.texts:
            if not labelish(t):
                continue
            if page.inside(t["el"], unit):
                out.append((t, page.seen(t)))
            elif page.positioned(t["el"]) and overlaps(t["box"], box, reach) and not any(page.inside(t["el"], o) for o in others) and \
                    not any(page.inside(t["el"], g) and not page.inside(unit, g) for g in group_items):
                out.append((t, page.seen(t)))
        return out

    @staticmethod
    def frame_texts(page: PageFacts, unit: int) -> list[tuple[dict[str, Any], Seen]]:
        """Text inside the ad's own iframe(s), judged for visibility within its frame."""
        srcs = {page.elements[k]["attrs"].get("src", "") for k in page.descendants(unit) if page.elements[k]["tag"] == "iframe"}
        iframes = {f["src"] for f in page.facts.get("iframes", []) if page.inside(f["el"], unit)}
        out = []
        for fr in page.facts.get("frames", []):
            if "facts" in fr and (fr["url"] in iframes or any(s and fr["url"].endswith(s.lstrip(".")) for s in srcs)):
                sub = PageFacts(fr["facts"], page.rules)
                out += [(t, sub.seen(t)) for t in sub.texts]
        return out


CHECK = AdLabel()
