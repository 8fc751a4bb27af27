"""The judges on their own: small stored-facts documents built here, no browser. What each rule must decide and
the dodges it must see through."""
from __future__ import annotations

from datetime import date

import pytest

from checks import Context, judge_all
from checks.ad_label import ad_href, has_ad_tokens
from checks.dates import find_dates
from checks.self_operated_label import SellerMatcher
from checks.termination_notice import TerminationNotice
from xunjian.rejudge import page_verdicts


class Page:
    """Builds a facts document: elements with parents and boxes, text runs pointing at them."""

    def __init__(self, url: str = "http://127.0.0.1/p/index.html") -> None:
        self.facts = {"url": url, "viewport": {"width": 1366, "height": 768}, "page": {"width": 1366, "height": 2000},
                      "elements": [], "texts": [], "links": [], "images": [], "iframes": [], "groups": [],
                      "overlays": [], "notices": [], "frames": [], "probes": {"popup": {"overlays": []}},
                      "captured_at": "2026-11-23T08:00:00+00:00"}
        self.body = self.el("body", -1, [0, 0, 1366, 2000])

    def el(self, tag: str, parent: int, box: list[float], hidden: list[str] | None = None, position: str = "static",
           **attrs: str) -> int:
        i = len(self.facts["elements"])
        self.facts["elements"].append({
            "i": i, "tag": tag, "parent": parent, "attrs": attrs, "box": box, "hidden": hidden or [],
            "style": {"display": "block", "visibility": "visible", "opacity": 1, "position": position, "z": "auto",
                      "color": [0, 0, 0, 1], "bg": [255, 255, 255, 1], "bg_image": None, "font_size": 14,
                      "font_weight": "400", "cursor": "auto", "pointer_events": "auto", "transform": None}})
        if tag == "a" and "href" in attrs:
            self.facts["links"].append({"el": i, "href": attrs["href"], "text": "", "target": None})
        return i

    def text(self, s: str, el: int, box: list[float] | None = None, source: str = "text", font_size: float = 14,
             color=(0, 0, 0, 1), hidden: list[str] | None = None, px: dict | None = None) -> dict:
        t = {"text": s, "el": el, "box": box or self.facts["elements"][el]["box"], "source": source,
             "font_size": font_size, "font_weight": "400", "color": list(color), "bg": [255, 255, 255, 1],
             "bg_image": False, "hidden": (hidden or []) + self.facts["elements"][el]["hidden"]}
        if px:
            t["px"] = px
        self.facts["texts"].append(t)
        return t

    def footer(self, licence: str | None = "营业执照", **kw) -> None:
        f = self.el("div", self.body, [0, 1800, 1366, 150], **{"class": "footer"})
        for n in range(12):
            self.text(f"帮助中心链接{n}", self.el("a", f, [10 + 60 * n, 1810, 50, 16], href="http://127.0.0.1/help"))
        self.text("Copyright © 2026 某某科技 沪ICP备00000000号", self.el("p", f, [0, 1900, 600, 16]))
        if licence:
            a = self.el("a", f, [700, 1930, 60, 16], href="http://127.0.0.1/gov/licence", **kw.pop("attrs", {}))
            self.text(licence, a, **kw)

    def verdicts(self, role: str = "homepage", platform: dict | None = None, history: dict | None = None) -> dict:
        findings = judge_all(self.facts, Context(role=role, platform=platform, history=history or {}))
        return page_verdicts([f.to_dict() for f in findings])


PLATFORM = {"id": "demo", "name": "示例商城", "operator": "示例公司", "homepage": "http://127.0.0.1/p/index.html",
            "self_operated": {"sellers": ["示例自营", "示例超市", "*示例自营旗舰店"]}, "notice_days": 30}


# -- licence --------------------------------------------------------------------------------------------------------
def test_licence_link_in_footer_is_compliant():
    p = Page()
    p.footer()
    assert p.verdicts()["license_display"] == "compliant"


@pytest.mark.parametrize("kw,why", [
    ({"hidden": ["display"]}, "display"),
    ({"hidden": ["offscreen"]}, "offscreen"),
    ({"font_size": 5}, "microscopic"),
    ({"px": {"fg": [250, 250, 250], "bg": [255, 255, 255]}}, "same colour as background"),
])
def test_licence_present_but_not_seen_is_a_violation(kw, why):
    p = Page()
    p.footer(**kw)
    assert p.verdicts()["license_display"] == "violation", why


def test_licence_word_in_prose_is_not_a_display():
    p = Page()
    p.footer(licence=None)
    for n in range(10):
        p.text(f"精选好物推荐{n}", p.el("div", p.body, [0, 300 + 20 * n, 200, 16]))
    p.text("入驻商家需上传营业执照并通过审核后方可开店", p.el("p", p.body, [0, 600, 600, 16]))
    assert p.verdicts()["license_display"] == "violation"


def test_missing_footer_is_inconclusive_not_a_violation():
    p = Page()
    for n in range(20):
        p.text(f"商品推荐{n}", p.el("div", p.body, [0, 30 * n, 200, 16]))
    assert p.verdicts()["license_display"] == "inconclusive"


def test_licence_rule_ignores_search_pages():
    assert Page().verdicts(role="search")["license_display"] == "not_applicable"


# -- ads --------------------------------------------------------------------------------------------------------------
def ad_list(label: str | None, label_kw: dict | None = None) -> Page:
    p = Page("http://127.0.0.1/p/search.html?q=x")
    ul = p.el("ul", p.body, [0, 200, 1200, 400])
    items = []
    for n in range(4):
        li = p.el("li", ul, [300 * n, 200, 280, 380], **({"class": "item ad-item"} if n == 0 else {"class": "item"}))
        href = "http://127.0.0.1/click?adid=77&to=/item/1" if n == 0 else f"http://127.0.0.1/item/{n}"
        p.text(f"某品牌 蓝牙耳机 型号{n}", p.el("a", li, [300 * n, 420, 260, 20], href=href))
        p.text(f"¥{n}99.00", p.el("span", li, [300 * n, 450, 80, 20]))
        if n == 0 and label:
            p.text(label, p.el("span", li, [300 * n + 240, 200, 28, 16], position="absolute"), **(label_kw or {}))
        items.append(li)
    p.facts["groups"].append({"parent": ul, "signature": "LI.item", "items": items, "priced": 4, "linked": 4})
    return p


def test_ad_with_visible_label_is_compliant():
    assert ad_list("广告").verdicts(role="search")["ad_label"] == "compliant"


@pytest.mark.parametrize("label,kw", [(None, None), ("推广", None), ("赞助", None), ("Sponsored", None),
                                      ("广告", {"hidden": ["hover_only", "display"]}), ("广告", {"font_size": 6})])
def test_ad_without_a_seen_guanggao_label_is_a_violation(label, kw):
    assert ad_list(label, kw).verdicts(role="search")["ad_label"] == "violation"


def test_guanggao_in_titles_and_footer_is_not_an_ad():
    p = Page()
    p.footer()
    p.text("广告牌支架 户外折叠", p.el("a", p.body, [0, 300, 200, 16], href="http://127.0.0.1/item/9"))
    p.text("广告服务", p.el("a", p.body, [0, 1850, 60, 16], href="http://127.0.0.1/ads-service.html"))
    assert p.verdicts()["ad_label"] == "not_applicable"


def test_ad_markers():
    assert has_ad_tokens("goods-item ad-item") and has_ad_tokens("adBanner") and has_ad_tokens("sponsored")
    assert not has_ad_tokens("u-address") and not has_ad_tokens("sc-mHNgAd css-8zyefe") and not has_ad_tokens("header")
    page = "http://127.0.0.1/p/ads/list.html"
    assert ad_href("http://127.0.0.1/aclk?sa=l&ai=1", page) and ad_href("http://localhost/adserver/slot.html", page)
    assert not ad_href("http://127.0.0.1/p/ads/list.html#top", page)
    assert not ad_href("http://127.0.0.1/p/ads/other.html", page)


# -- pop-ups ----------------------------------------------------------------------------------------------------------
def overlay(**kw) -> dict:
    ov = {"box": [0, 0, 1366, 768], "content_box": [483, 184, 400, 400], "cover": 1.0, "position": "fixed", "z": 999,
          "text": "新人专享 立即领取 888元红包 广告", "images": [{"src": "/a.png", "alt": ""}], "iframes": [],
          "links": [{"href": "http://127.0.0.1/click?adid=5", "text": "立即领取"}], "has_mask": True, "marks": [],
          "clicked": {"box": [850, 190, 28, 28], "text": "×", "signals": ["glyph_text"], "countdown": False,
                      "shown": True, "in_viewport": True, "opacity": 1, "px": {"fg": [255, 255, 255], "bg": [40, 40, 40]}},
          "after": {"overlay_visible": False, "new_overlays": []}, "end": {"reappeared_after_s": None},
          "navigated_to": [], "new_pages": [], "dialogs": []}
    ov.update(kw)
    return ov


@pytest.mark.parametrize("kw,expected", [
    ({}, "compliant"),
    ({"clicked": None}, "violation"),
    ({"clicked": None, "mask_closes": True}, "violation"),
    ({"new_pages": [{"url": "http://127.0.0.1/promo"}]}, "violation"),
    ({"navigated_to": ["http://127.0.0.1/promo"]}, "violation"),
    ({"dialogs": [{"type": "confirm", "message": "确定关闭吗？"}]}, "violation"),
    ({"after": {"overlay_visible": True, "new_overlays": []}}, "violation"),
    ({"end": {"reappeared_after_s": 2.1}}, "violation"),
    ({"text": "登录 手机号 验证码 密码", "links": [], "images": []}, "not_applicable"),
    ({"text": "我们使用 Cookie 改善体验 同意并继续", "links": [], "images": []}, "not_applicable"),
])
def test_popup_verdicts(kw, expected):
    p = Page()
    p.facts["probes"]["popup"]["overlays"] = [overlay(**kw)]
    assert p.verdicts()["popup_close"] == expected


def test_popup_close_mark_faint_or_tiny_is_a_violation():
    for clicked in ({"px": {"fg": [250, 250, 250], "bg": [255, 255, 255]}}, {"box": [850, 190, 5, 5]}):
        p = Page()
        p.facts["probes"]["popup"]["overlays"] = [overlay(clicked=dict(overlay()["clicked"], **clicked))]
        assert p.verdicts()["popup_close"] == "violation"


def test_close_mark_that_appears_seconds_after_the_popup_is_a_violation():
    """The probe may look after a countdown has run out; the appearance times still show the × came late."""
    late, fade = dict(overlay()["clicked"], shown_ms=6100), dict(overlay()["clicked"], shown_ms=1400)
    for clicked, expected in ((late, "violation"), (fade, "compliant")):
        p = Page()
        p.facts["probes"]["popup"]["overlays"] = [overlay(shown_ms=1000, clicked=clicked)]
        assert p.verdicts()["popup_close"] == expected


def test_no_probe_is_inconclusive_not_compliant():
    p = Page()
    del p.facts["probes"]["popup"]
    assert p.verdicts()["popup_close"] == "inconclusive"


# -- 自营 --------------------------------------------------------------------------------------------------------------
def self_list(rows: list[tuple[str, bool]]) -> Page:
    p = Page("http://127.0.0.1/p/search.html?q=x")
    ul = p.el("ul", p.body, [0, 200, 1200, 400])
    items = []
    for n, (shop, labelled) in enumerate(rows):
        li = p.el("li", ul, [300 * n, 200, 280, 380], **{"class": "item"})
        p.text(f"某品牌 保温杯 型号{n}", p.el("a", li, [300 * n, 420, 260, 20], href=f"http://127.0.0.1/item/{n}"))
        p.text(f"¥{n}9.00", p.el("span", li, [300 * n, 450, 80, 20]))
        p.text(shop, p.el("a", li, [300 * n, 480, 200, 16], href="http://127.0.0.1/shop/1"))
        if labelled:
            p.text("自营", p.el("i", li, [300 * n, 400, 28, 16]))
        items.append(li)
    p.facts["groups"].append({"parent": ul, "signature": "LI.item", "items": items, "priced": len(rows), "linked": len(rows)})
    return p


def test_self_operated_list():
    assert self_list([("示例自营", True), ("山禾专营店", False), ("拾光示例自营旗舰店", True)]).verdicts(
        "search", PLATFORM)["self_operated_label"] == "compliant"
    assert self_list([("示例超市", False), ("山禾专营店", False), ("拾光示例自营旗舰店", True)]).verdicts(
        "search", PLATFORM)["self_operated_label"] == "violation"
    assert self_list([("示例自营", True), ("山禾专营店", True), ("拾光示例自营旗舰店", True)]).verdicts(
        "search", PLATFORM)["self_operated_label"] == "violation"
    assert self_list([("示例自营", True)] * 3).verdicts("search", dict(PLATFORM, self_operated=None))[
        "self_operated_label"] == "not_applicable"


def test_seller_globs():
    m = SellerMatcher(["示例自营", "*示例自营旗舰店"])
    assert m("示例自营") and m("某品牌示例自营旗舰店") and not m("示例自营店") and not m("某品牌旗舰店")


# -- termination notices ------------------------------------------------------------------------------------------------
def test_chinese_date_formats():
    got = [(d.year, d.month, d.day) for d in find_dates("2026年1月7日 二〇二六年一月七日 2026-01-07 2026/1/7 12月31日 十二月三十一日")]
    assert got == [(2026, 1, 7)] * 4 + [(None, 12, 31)] * 2


def notice(text: str, history: dict | None = None, days: int = 30) -> str:
    p = Page()
    p.footer()
    bar = p.el("div", p.body, [0, 0, 1366, 40])
    p.text(text, bar)
    return p.verdicts(platform=dict(PLATFORM, notice_days=days), history=history)["termination_notice"]


@pytest.mark.parametrize("text,days,expected", [
    ("关于本平台停止运营的公告：本平台将于2026年3月1日起停止运营。发布日期：2026年1月7日", 30, "compliant"),
    ("关于本平台停止运营的公告：本平台将于2026年2月1日起停止运营。发布日期：2026年1月7日", 30, "violation"),
    ("本平台将于2026年3月1日起终止服务。公告日期：2026年1月7日", 90, "violation"),
    ("本站将于二〇二六年五月一日起停止运营。二〇二六年一月七日", 90, "compliant"),
    ("本平台将于1月31日起停止运营，公告日期：2025年12月10日", 30, "compliant"),
    ("双十一大促活动将于11月12日结束，优惠券将于11月30日失效", 30, "not_applicable"),
    ("平台将清退部分违规商家，相关店铺将于2026年1月1日起停止经营", 30, "not_applicable"),
    ("直播频道将于2026年1月1日起停止服务并升级为新版本", 30, "not_applicable"),
])
def test_notices(text, days, expected):
    assert notice(text, days=days) == expected


def test_notice_without_publish_date_is_dated_by_first_sighting():
    # Captured 2026-11-23; the stop date 2026-12-10 is 17 days away.
    assert notice("本平台将于2026年12月10日起停止运营") == "violation"
    # First seen by an earlier capture on 2026-11-01: 39 days.
    assert notice("本平台将于2026年12月10日起停止运营", history={"termination_first_seen": "2026-11-01"}) == "compliant"


def test_stop_date_without_year_rolls_into_next_year():
    stop, published, _ = TerminationNotice.read_dates("将于1月31日起停止运营。公告日期：2025年12月10日", date(2025, 12, 20), Context())
    assert stop == date(2026, 1, 31) and published == date(2025, 12, 10)
