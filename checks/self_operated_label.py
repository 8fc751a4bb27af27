"""自营 marked on every self-operated item, and on nothing else — against the registry's self-operated sellers."""
from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any

from .base import Context, Finding
from .page import PageFacts, element_ref, overlaps, squash

ID = "self_operated_label"
BASIS = "《电子商务法》第三十七条（以显著方式区分标记自营业务和平台内经营者开展的业务）；重庆规范 第四十一条"

PREFIX = re.compile(r"^(店铺|卖家|商家|商铺|店家|销售方|由|本商品由)[:：]?")
SUFFIX = re.compile(r"(发货|销售|提供|进店|进入店铺|>|›|»)+$")
SHOP_LIKE = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9（）()·&\-]{2,30}(旗舰店|专营店|专卖店|官方店|自营店|直营店|超市|商行|小店|店|馆|铺|工作室|商城店)$")
LABEL_WORD = "自营"
LABEL = re.compile(r"^[\[【(（]?[\w\u4e00-\u9fa5]{0,4}自营[\]】)）]?$")
STORE_LINK = re.compile(r"进入店铺|进店逛逛|进店|店铺首页|关注店铺|收藏店铺|联系卖家|联系客服")
STORE_NOISE = re.compile(r"描述|服务|物流|评分|关注|粉丝|进入|进店|收藏|联系|客服|入驻|[0-9.]+分?$|·")


class SellerMatcher:
    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns

    def __call__(self, name: str) -> bool:
        return any(fnmatchcase(name, p) if "*" in p or "?" in p else name == p for p in self.patterns)


def shop_name(text: str) -> str:
    return SUFFIX.sub("", PREFIX.sub("", squash(text)))


class SelfOperatedLabel:
    id, basis = ID, BASIS
    roles = ("homepage", "search", "product", "shop")
    probes: dict[str, dict[str, Any]] = {}

    def judge(self, facts: dict[str, Any], context: Context) -> list[Finding]:
        platform = context.platform
        if platform is not None and not platform.get("self_operated"):
            return [Finding(ID, "not_applicable", f"平台“{platform.get('name', platform.get('id'))}”未登记自营业务", BASIS)]
        page = PageFacts(facts, context.rules)
        lists = [g for g in facts.get("groups", []) if g.get("priced", 0) >= 3]
        if platform is None:
            if lists or self.labels(page, None, None):
                return [Finding(ID, "inconclusive", "未指定平台（--platform），无法得知哪些店铺是自营", BASIS)]
            return [Finding(ID, "not_applicable", "页面没有商品或自营标记", BASIS)]
        is_self = SellerMatcher(platform["self_operated"].get("sellers", []))
        if context.role in ("product", "shop"):
            return self.judge_single(page, is_self, context.role)
        if not lists:
            return [Finding(ID, "not_applicable", "页面没有商品列表", BASIS)]
        return self.judge_list(page, lists, is_self, context.role)

    # -- a list of items -------------------------------------------------------------------------------------------
    def judge_list(self, page: PageFacts, lists: list[dict[str, Any]], is_self: SellerMatcher, role: str | None) -> list[Finding]:
        items = [i for g in lists for i in g["items"]]
        findings, unknown = [], 0
        for n, item in enumerate(sorted(items, key=lambda i: (page.elements[i]["box"][1], page.elements[i]["box"][0])), 1):
            if not self.shown(page, item):
                continue
            seller, own = self.seller_in(page, page.texts_in(item), is_self)
            labels = self.labels(page, item, items, is_self)
            visible = [t for t, s in labels if s.ok]
            title = self.title(page, item)
            name = f"第{n}个商品" + (f"（{title}）" if title else "")
            box = page.elements[item]["box"]
            if seller is None:
                unknown += 1
                continue
            if own and visible:
                findings.append(Finding(ID, "compliant", f"{name}由自营店铺“{seller}”销售，标明了“自营”", BASIS,
                                        elements=[element_ref(visible[0]["box"], visible[0]["text"], role="evidence")]))
            elif own:
                why = f"，其“自营”标识看不到：{'、'.join(labels[0][1].problems)}" if labels else ""
                findings.append(Finding(ID, "violation", f"{name}由自营店铺“{seller}”销售，未显著标明“自营”{why}", BASIS,
                                        elements=[element_ref(box, title)] + [element_ref(t["box"], t["text"]) for t, _ in labels[:1]]))
            elif visible:
                findings.append(Finding(ID, "violation", f"{name}由第三方店铺“{seller}”销售，却标注“{visible[0]['text'][:10]}”", BASIS,
                                        elements=[element_ref(box, title), element_ref(visible[0]["box"], visible[0]["text"])]))
            else:
                findings.append(Finding(ID, "compliant", f"{name}由第三方店铺“{seller}”销售，未标“自营”", BASIS,
                                        elements=[element_ref(box, title, role="evidence")]))
        if not findings:
            if unknown and role != "homepage":
                return [Finding(ID, "inconclusive", "商品列表未显示店铺名称，无法判断哪些商品是自营", BASIS)]
            return [Finding(ID, "not_applicable", "页面没有可判断的商品", BASIS)]
        return findings

    # -- one product or one shop ------------------------------------------------------------------------------------
    def judge_single(self, page: PageFacts, is_self: SellerMatcher, role: str) -> list[Finding]:
        lists = {i for g in page.facts.get("groups", []) for i in g["items"]}
        own_texts = [t for t in page.texts if not any(page.inside(t["el"], i) for i in lists) and t["box"][1] < 1400]
        seller, own = self.seller_in(page, own_texts, is_self)
        if seller is None:
            seller = self.store_box_name(page)
            own = seller is not None and is_self(seller)
        labels = [(t, s) for t, s in self.labels(page, None, list(lists), is_self) if t in own_texts or t["box"][1] < 1400
                  and not any(page.inside(t["el"], i) for i in lists)]
        visible = [t for t, s in labels if s.ok]
        what = "本商品" if role == "product" else "本店铺"
        if seller is None:
            if not visible and not page.facts.get("groups"):
                return [Finding(ID, "inconclusive", f"页面未显示{what}的店铺名称，无法判断是否自营", BASIS)]
            return [Finding(ID, "inconclusive", f"页面未显示{what}的店铺名称，无法判断“自营”标注是否正确", BASIS)]
        if own and visible:
            return [Finding(ID, "compliant", f"{what}由自营店铺“{seller}”经营，标明了“自营”", BASIS,
                            elements=[element_ref(visible[0]["box"], visible[0]["text"], role="evidence")])]
        if own:
            why = f"（“自营”标识看不到：{'、'.join(labels[0][1].problems)}）" if labels else ""
            return [Finding(ID, "violation", f"{what}由自营店铺“{seller}”经营，未显著标明“自营”{why}", BASIS,
                            elements=[element_ref(t["box"], t["text"]) for t, _ in labels[:1]])]
        if visible:
            return [Finding(ID, "violation", f"{what}由第三方店铺“{seller}”经营，却标注“{visible[0]['text'][:10]}”", BASIS,
                            elements=[element_ref(visible[0]["box"], visible[0]["text"])])]
        return [Finding(ID, "compliant", f"{what}由第三方店铺“{seller}”经营，未标“自营”", BASIS)]

    # -- helpers --------------------------------------------------------------------------------------------------
    @staticmethod
    def seller_in(page: PageFacts, texts: list[dict[str, Any]], is_self: SellerMatcher) -> tuple[str | None, bool]:
        """The seller named in these texts: a registered self-operated name first, else a shop-like name."""
        third = None
        for t in texts:
            name = shop_name(t["text"])
            if not name or len(name) > 40:
                continue
            if is_self(name):
                return name, True
            if third is None and SHOP_LIKE.match(name) and LABEL_WORD not in name[:2]:
                third = name
        return third, False

    @staticmethod
    def labels(page: PageFacts, item: int | None, items: list[int] | None,
               is_self: SellerMatcher | None = None) -> list[tuple[dict[str, Any], Any]]:
        """Label runs carrying 自营 that belong to the item (inside it or drawn over it); whole page when item is None.
        A label is a mark ("自营", "X自营"), not a sentence, a section heading or the seller's own name."""
        out = []
        box = page.elements[item]["box"] if item is not None else None
        for t in page.texts:
            text = squash(t["text"])
            if not LABEL.match(text) or re.search(r"仅看|只看|筛选|非自营", text):
                continue
            if is_self is not None and t["source"] == "text" and is_self(shop_name(t["text"])):
                continue
            if item is None or page.inside(t["el"], item) or (
                    page.positioned(t["el"]) and overlaps(t["box"], box, page.rules["label_reach_px"]) and not any(
                        page.inside(t["el"], o) for o in (items or []) if o != item)):
                out.append((t, page.seen(t)))
        out.sort(key=lambda ts: not ts[1].ok)
        return out

    @staticmethod
    def store_box_name(page: PageFacts) -> str | None:
        """The shop named in the store box beside a product: the heading near its "进入店铺" link."""
        for t in page.texts:
            if not STORE_LINK.search(t["text"]) or len(t["text"]) > 8:
                continue
            box = next((a for a in page.ancestors(t["el"]) if len(page.texts_in(a)) >= 3), None)
            if box is None:
                continue
            for run in page.texts_in(box):
                name = shop_name(run["text"])
                if 2 <= len(name) <= 30 and not STORE_NOISE.search(name) and LABEL_WORD not in name:
                    return name
        quoted = next((m.group(1) for t in page.texts for m in [re.search(r"(?:入驻商家|商家|店铺)[“\"「]([^”\"」]{2,30})[”\"」]", t["text"])] if m), None)
        return quoted

    @staticmethod
    def shown(page: PageFacts, item: int) -> bool:
        e = page.elements[item]
        return not (set(e["hidden"]) & {"display", "visibility", "opacity", "zero_size", "offscreen"})

    @staticmethod
    def title(page: PageFacts, item: int) -> str:
        for t in page.texts_in(item):
            text = t["text"].strip()
            if len(text) >= 6 and not re.match(r"^[¥￥\d.]", text):
                return text[:24] + ("…" if len(text) > 24 else "")
        return ""


CHECK = SelfOperatedLabel()
