"""Rectification rechecks: capture the pages of confirmed violations again and record, per violation, whether it
is rectified, still there, or the page is gone — linked to the original finding."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session

from .review import ReviewError, Violation, violation_key, violations
from .service import Capturer, capture_batch
from .settings import Settings
from .store import RecheckRow, engine_for

GONE = (404, 410)


def outcome_of(v: Violation, line: dict[str, Any]) -> tuple[str, str]:
    if line["http_status"] in GONE:
        return "page_gone", f"页面已不存在（HTTP {line['http_status']}）"
    if line["status"] != "ok":
        return "failed", f"复查取证失败：{line['error']}"
    mine = [f for f in line["findings"] if f["check"] == v.check]
    violating = [f for f in mine if f["verdict"] == "violation"]
    same = [f for f in violating if violation_key(v.platform, f["check"], v.url, f["elements"], f["reason"]) == v.key]
    if violating:
        return "still_violating", "仍违法：" + "；".join(f["reason"] for f in (same or violating)[:3])
    if any(f["verdict"] == "inconclusive" for f in mine):
        return "inconclusive", "复查无法判断：" + "；".join(f["reason"] for f in mine if f["verdict"] == "inconclusive")
    return "rectified", "已整改：" + ("；".join(f["reason"] for f in mine[:2]) or "页面不再出现该问题")


async def recheck(settings: Settings, platforms: dict[str, dict[str, Any]], finding_ids: list[int] | None = None,
                  platform: str | None = None, concurrency: int = 4, inspector: str | None = None) -> list[tuple[Violation, RecheckRow]]:
    confirmed = violations(settings.database_url, platform=platform, states={"confirmed"})
    if finding_ids:
        confirmed = [v for v in confirmed if v.finding_id in finding_ids]
        missing = sorted(set(finding_ids) - {v.finding_id for v in confirmed})
        if missing:
            raise ReviewError(f"这些不是已确认违法线索的最新结论，无法复查：{', '.join(map(str, missing))}")
    if not confirmed:
        return []
    pages = {v.url: (v.url, v.role, platforms.get(v.platform or "")) for v in confirmed}
    capturer = Capturer(settings, inspector=inspector)
    try:
        lines = {line["url"]: line for line in await capture_batch(capturer, list(pages.values()), concurrency)}
    finally:
        await capturer.close()
    out = []
    with Session(engine_for(settings.database_url), expire_on_commit=False) as session:
        for v in confirmed:
            line = lines[v.url]
            outcome, detail = outcome_of(v, line)
            row = RecheckRow(finding_id=v.finding_id, capture_id=line["capture_id"], outcome=outcome, detail=detail,
                             at=datetime.now(timezone.utc))
            session.add(row)
            out.append((v, row))
        session.commit()
    return out
