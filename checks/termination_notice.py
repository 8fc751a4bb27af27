"""The platform stopping service must be announced on its homepage at least `notice_days` before it stops."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .base import Context, Finding
from .dates import FoundDate, find_dates
from .page import PageFacts, element_ref, squash

ID = "termination_notice"
BASIS = ("《电子商务法》第十六条（电子商务经营者自行终止从事电子商务的，应当提前三十日在首页显著位置持续公示）；"
         "重庆规范 第八条；2014《指引》第二十四条（提前三个月）")
SHANGHAI = timezone(timedelta(hours=8))

STOP = re.compile(r"(停止|终止|结束|暂停并终止)[^，。；,;！!：:\s]{0,12}?(运营|经营|营业|服务)|关闭(本平台|平台|网站|商城)|"
                  r"关停|停运|下线(本平台|平台|网站)|不再(提供|运营|经营)|退出(电商|电子商务)?(市场|经营)|正式闭站|关站|闭站")
NOT_PLATFORM = re.compile(r"为其|为该|为上述|为部分|为相关|为违规|对其|对该|对上述|向其|商家|店铺|商户|入驻|卖家|清退|供应商|活动|促销|优惠券|优惠|券|红包|秒杀|团购|大促|会员日|积分|"
                          r"频道|栏目|功能|版本|旧版|客户端|APP|App|app|小程序|公众号|服务号|专区|业务线|某项|部分|维护|升级|"
                          r"配送|物流|自提|门店|线下")
PUBLISH_BEFORE = re.compile(r"(发布|公告|公示|发文|通知)(日期|时间)?\s*[:：]?\s*$|日期\s*[:：]\s*$")
PUBLISH_AFTER = re.compile(r"^\s*(发布|公布|公告|起公示)")
STOP_BEFORE = re.compile(r"(将于|定于|拟于|计划于|自|从|于|截至|截止)\s*$")


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[。；;！!\n]", text) if c.strip()]


class TerminationNotice:
    id, basis = ID, BASIS
    roles = ("homepage", "search", "product", "shop")
    probes: dict[str, dict[str, Any]] = {}

    def judge(self, facts: dict[str, Any], context: Context) -> list[Finding]:
        page = PageFacts(facts, context.rules)
        notice = self.find_notice(page, context)
        if notice is None:
            return [Finding(ID, "not_applicable", "页面没有平台终止经营的公告", BASIS)]
        text, runs = notice
        seen = [page.seen(t) for t in runs]
        elements = [element_ref(runs[0]["box"], text[:80])]
        if not any(s.ok for s in seen):
            return [Finding(ID, "violation", f"平台终止经营公告在首页不可见：{'、'.join(seen[0].problems)}", BASIS, elements=elements)]
        captured = self.captured_on(facts)
        days = int((context.platform or {}).get("notice_days") or context.rules["notice_days"])
        stop, published, published_from = self.read_dates(text, captured, context)
        if stop is None:
            return [Finding(ID, "inconclusive", f"发现平台终止经营公告，但未能读出停止经营的日期：“{text[:60]}”", BASIS, elements=elements)]
        period = (stop - published).days
        src = {"notice": "公告落款", "history": "本系统首次发现该公告", "capture": "本次取证（首次发现）"}[published_from]
        line = f"公告称平台将于{stop:%Y年%-m月%-d日}终止经营，公示日期{published:%Y年%-m月%-d日}（{src}），提前{period}日"
        if period < days:
            return [Finding(ID, "violation", f"{line}，不足{days}日", BASIS, elements=elements)]
        return [Finding(ID, "compliant", f"{line}，满足提前{days}日公示的要求", BASIS,
                        elements=[dict(elements[0], role="evidence")])]

    @staticmethod
    def captured_on(facts: dict[str, Any]) -> date:
        at = facts.get("captured_at")
        moment = datetime.fromisoformat(at) if at else datetime.now(timezone.utc)
        return moment.astimezone(SHANGHAI).date()

    def find_notice(self, page: PageFacts, context: Context) -> tuple[str, list[dict[str, Any]]] | None:
        name = (context.platform or {}).get("name") or ""
        seen_blocks: set[int] = set()
        for t in page.texts:
            if t["source"] not in ("text", "before", "after") or not re.search(r"停|终止|关闭|结束|关站|闭站|不再|退出|下线", t["text"]):
                continue
            block = self.block_of(page, t["el"])
            if block in seen_blocks:
                continue
            seen_blocks.add(block)
            text = page.text_of(block, 1500)
            for clause in clauses(squash(text)):
                m = STOP.search(clause)
                if not m:
                    continue
                # Whose stopping is it? Merchants, promotions, channels and features stopping are not the platform.
                if NOT_PLATFORM.search(clause[max(0, m.start() - 20):m.end()].replace(name, "")):
                    continue
                runs = [r for r in page.texts_in(block) if r["source"] == "text"] or [t]
                return text, runs
        return None

    @staticmethod
    def block_of(page: PageFacts, i: int) -> int:
        """The notice's container: climb while the text is short (a title, a date line) up to a paragraph-sized block."""
        best = i
        for a in page.ancestors(i):
            n = len(page.text_of(a, 2000))
            if n > 1200 or page.elements[a]["tag"] in ("body", "html", "main"):
                break
            best = a
            if n >= 60 and (re.search(r"\d{4}|[〇零]", page.text_of(a, 2000))):
                break
        return best

    @staticmethod
    def read_dates(text: str, captured: date, context: Context) -> tuple[date | None, date, str]:
        flat = re.sub(r"\s+", " ", text)  # keep spaces: "2026-12-01 00:00" must not run together
        dates = find_dates(flat)
        stop_d: FoundDate | None = None
        pub_d: FoundDate | None = None
        for d in dates:
            before, after = flat[max(0, d.start - 14):d.start], flat[d.end:d.end + 14].lstrip()
            after = re.sub(r"^\d{1,2}[:：]\d{2}\s*", "", after)  # a time of day after the date
            if PUBLISH_BEFORE.search(before[-8:]) and not STOP.search(after[:12]) or PUBLISH_AFTER.search(after):
                pub_d = pub_d or d
            elif stop_d is None and (STOP.search(after) or STOP_BEFORE.search(before) or re.search(r"^(起|后)", after)):
                stop_d = d
        if stop_d is None:
            rest = [d for d in dates if d is not pub_d]
            stop_d = rest[0] if rest else None
        others = [d for d in dates if d is not stop_d and d is not pub_d]
        if pub_d is None and stop_d is not None and len(others) == 1:
            pub_d = others[0]  # a notice with two dates: the one that is not the stop date is its date of issue
        elif pub_d is None and len(dates) >= 2 and dates[-1] is not stop_d and dates[-1].end >= len(flat) - 4:
            pub_d = dates[-1]  # the signature date at the end of the notice
        first_seen = context.history.get("termination_first_seen")
        if pub_d is not None:
            year = pub_d.year or (captured.year if (pub_d.month, pub_d.day) <= (captured.month, captured.day) else captured.year - 1)
            published, source = pub_d.resolve(year) or captured, "notice"
        elif first_seen:
            published, source = date.fromisoformat(first_seen[:10]), "history"
        else:
            published, source = captured, "capture"
        if stop_d is None:
            return None, published, source
        stop = stop_d.resolve(published.year)
        if stop is not None and stop_d.year is None and stop < published:
            stop = stop_d.resolve(published.year + 1)
        return stop, published, source


CHECK = TerminationNotice()
