"""亮照: the licence, or a link/mark to it, shown where a consumer can see it."""
from __future__ import annotations

import re
from typing import Any

from .base import Context, Finding
from .page import PageFacts, element_ref, squash

ID = "license_display"
BASIS = ("《电子商务法》第十五条（持续公示营业执照信息或其链接标识）；《网络交易管理办法》/2014《指引》第九条、第十四条；"
         "重庆规范 第六条")
ROLES = ("homepage", "shop")

MARK = re.compile(r"营业执照|電子營業執照|营業執照|证照信息|證照信息|工商亮照|经营证照|亮照|执照信息|证照公示|工商执照|企业资质|"
                  r"资质证照|店铺证照|店铺资质|商家资质|资质信息|证照中心")
SHOP_ONLY = re.compile(r"^(资质|证照|店铺资质|商家资质|资质证照|查看资质|营业执照)$")
LICENCE_INFO = re.compile(r"(统一社会信用代码|注册号|营业执照(注册)?号)\s*[:：]?\s*[0-9A-Z]{15,18}")
INFO_LABEL = re.compile(r"(统一社会信用代码|营业执照注册号|营业执照号码?)\s*[:：]?\s*$")
CODE = re.compile(r"^[0-9A-Z]{15,18}$")
PROSE = re.compile(r"需|须|请|应当|上传|提交|办理|申请|如何|为什么|注意|入驻|审核|指南|说明|吗|？|\?")
FOOTER_SIGNS = re.compile(r"ICP|公网安备|Copyright|©|版权所有|备案号")
LOADING = re.compile(r"加载中|loading", re.I)


class LicenseDisplay:
    id, basis, roles = ID, BASIS, ROLES
    probes = {"link_status": {"text_pattern": MARK.pattern}}

    def judge(self, facts: dict[str, Any], context: Context) -> list[Finding]:
        if context.role not in ROLES:
            return [Finding(ID, "not_applicable", "本规则只审查平台首页和店铺首页的亮照", BASIS)]
        page = PageFacts(facts, context.rules)
        r = context.rules
        marks, hidden = [], []
        texts = page.texts
        for n, t in enumerate(texts):
            text = squash(t["text"])
            # The licence itself as text; the label and the code may sit in neighbouring elements (<dt>/<dd>).
            following = squash(texts[n + 1]["text"]) if n + 1 < len(texts) else ""
            is_info = bool(LICENCE_INFO.search(text) or (INFO_LABEL.search(text) and CODE.match(following)))
            if not is_info:
                if not MARK.search(text) and not (context.role == "shop" and SHOP_ONLY.match(text)):
                    continue
                linked = page.clickable(t["el"]) or t["source"] in ("alt", "title", "aria")
                if len(text) > r["max_licence_mark_chars"] or (PROSE.search(text) and not linked) or not linked and len(text) > 8:
                    continue  # prose that mentions the word is not a display of the licence
            if context.role == "shop" and not is_info and self._in_platform_footer(page, t):
                continue
            seen = page.seen(t)
            (marks if seen.ok else hidden).append((t, seen))
        broken = self._broken_links(facts)
        good = [(t, s) for t, s in marks if not self._leads_nowhere(page, t, broken)]
        good.sort(key=lambda ts: not re.search(r"营业执照|亮照|证照", ts[0]["text"]))
        if good:
            t = good[0][0]
            where = "店铺" if context.role == "shop" else "首页"
            return [Finding(ID, "compliant", f"{where}可见亮照标识“{t['text'][:30]}”", BASIS,
                            elements=[element_ref(t["box"], t["text"], role="evidence") for t, _ in good[:3]])]
        if marks:
            t = marks[0][0]
            return [Finding(ID, "violation", f"亮照链接“{t['text'][:20]}”指向的页面无法打开（{broken.get(self._target(page, t) or '', '无效链接')}）",
                            BASIS, elements=[element_ref(t["box"], t["text"])])]
        if hidden:
            t, seen = hidden[0]
            return [Finding(ID, "violation", f"页面虽有“{t['text'][:20]}”，但消费者看不到：{'、'.join(seen.problems)}", BASIS,
                            elements=[element_ref(t["box"], t["text"], problems=seen.problems) for t, seen in hidden[:3]])]
        unloaded = self._not_loaded(page, facts)
        if unloaded:
            return [Finding(ID, "inconclusive", f"未找到亮照标识，但{unloaded}，无法判断", BASIS)]
        where = "店铺首页（店招或店铺信息）" if context.role == "shop" else "平台首页"
        return [Finding(ID, "violation", f"{where}未公示营业执照信息或其链接标识", BASIS)]

    @staticmethod
    def _in_platform_footer(page: PageFacts, t: dict[str, Any]) -> bool:
        """On a shop page the footer's licence is the platform's, not the shop's."""
        height = page.facts.get("page", {}).get("height") or 0
        for a in page.ancestors(t["el"]):
            e = page.elements[a]
            if e["tag"] == "footer" or re.search(r"footer|copyright|site-info|bottom", page.attr_text(a)):
                return True
        return height > 1200 and t["box"][1] > height - 350

    @staticmethod
    def _target(page: PageFacts, t: dict[str, Any]) -> str | None:
        link = page.link_of(t["el"])
        if link is None:
            return None
        return next((l["href"] for l in page.facts.get("links", []) if l["el"] == link["i"]), None)

    @staticmethod
    def _broken_links(facts: dict[str, Any]) -> dict[str, str]:
        out = {}
        for link in facts.get("probes", {}).get("link_status", {}).get("links", []):
            if link.get("status") is not None and link["status"] >= 400:
                out[link["href"]] = f"HTTP {link['status']}"
        return out

    def _leads_nowhere(self, page: PageFacts, t: dict[str, Any], broken: dict[str, str]) -> bool:
        return self._target(page, t) in broken

    @staticmethod
    def _not_loaded(page: PageFacts, facts: dict[str, Any]) -> str | None:
        visible = [t for t in page.texts if t["source"] == "text" and not t["hidden"]]
        if len(visible) < 15:
            return "页面内容很少（可能未加载完成）"
        bottom = sorted(visible, key=lambda t: t["box"][1])[-25:]
        if not any(FOOTER_SIGNS.search(t["text"]) for t in visible):
            return "页面没有页脚（无ICP备案、版权等信息，页脚可能未加载）"
        if any(LOADING.search(t["text"]) for t in bottom):
            return "页面底部仍显示“加载中”"
        return None


CHECK = LicenseDisplay()
