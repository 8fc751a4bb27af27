"""Inspectors' review of violation findings, and the violation list built from them.

A violation is one thing wrong on one page (platform + check + normalised URL + the element concerned), however many
captures saw it. Its review state is the decision on its latest finding, or, when that finding has none of its own,
the latest decision on an earlier finding of the same violation (inherited, marked as such); no decision: pending."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlmodel import Session, select

from .evidence import SHANGHAI, as_utc
from .store import CaptureRow, FindingRow, RecheckRow, ReviewRow, engine_for

STATES = ("pending", "confirmed", "dismissed")
STATE_LABELS = {"pending": "待审核", "confirmed": "已确认", "dismissed": "已排除"}
OPEN_STATES = {"pending", "confirmed"}  # what an export includes unless asked otherwise
STATE_FILTERS = {**STATE_LABELS, "open": "待审核+已确认", "all": "全部"}  # what a list or export may ask for


def states_for(name: str) -> set[str]:
    """The review states a filter name stands for."""
    if name not in STATE_FILTERS:
        raise ReviewError(f"状态只能是 {'|'.join(STATE_FILTERS)}，收到：{name}")
    return set(OPEN_STATES) if name == "open" else set(STATES) if name == "all" else {name}


class ReviewError(ValueError):
    pass


def normalise_url(url: str) -> str:
    u = urlsplit(url)
    query = urlencode(sorted(parse_qsl(u.query, keep_blank_values=True)))
    return urlunsplit((u.scheme.lower(), u.netloc.lower(), u.path.rstrip("/") or "/", query, ""))


def violation_key(platform: str | None, check: str, url: str, elements: list[dict[str, Any]], reason: str) -> tuple[str, ...]:
    element = (elements[0].get("text") if elements else "") or reason
    element = re.sub(r"\d+", "#", re.sub(r"\s+", "", element))[:80]  # countdowns and prices tick
    return (platform or "", check, normalise_url(url), element)


@dataclass
class Violation:
    finding_id: int              # the latest finding of this violation
    capture_id: str
    platform: str | None
    role: str | None
    url: str
    check: str
    reason: str
    basis: str
    first_seen: datetime
    last_seen: datetime
    times: int
    screenshot_sha256: str | None
    evidence_dir: str | None
    key: tuple[str, ...]
    state: str
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    review_reason: str | None = None
    inherited_from: int | None = None
    recheck: RecheckRow | None = None

    @property
    def shop(self) -> str:
        """The shop, when the finding names it (自营 and shop-licence findings do)."""
        m = re.search(r"店铺“([^”]+)”", self.reason)
        return m.group(1) if m else ""


def violations(database_url: str, platform: str | None = None, check: str | None = None, since: date | None = None,
               states: Iterable[str] | None = None) -> list[Violation]:
    with Session(engine_for(database_url)) as session:
        query = (select(FindingRow, CaptureRow).join(CaptureRow, CaptureRow.id == FindingRow.capture_id)
                 .where(FindingRow.verdict == "violation"))
        if platform:
            query = query.where(CaptureRow.platform == platform)
        if check:
            query = query.where(FindingRow.check == check)
        rows = session.exec(query.order_by(CaptureRow.started_at, FindingRow.id)).all()
        reviews = {r.finding_id: r for r in session.exec(select(ReviewRow)).all()}
        rechecks = {r.finding_id: r for r in session.exec(select(RecheckRow).order_by(RecheckRow.at)).all()}
    groups: dict[tuple[str, ...], list[tuple[FindingRow, CaptureRow]]] = {}
    for f, c in rows:
        groups.setdefault(violation_key(c.platform, f.check, c.url, f.elements, f.reason), []).append((f, c))
    out = []
    for key, seen in groups.items():
        decision, decided_on = None, None
        for f, _ in seen:  # in time order: a decision carries forward to later findings of the same violation
            if f.id in reviews:
                decision, decided_on = reviews[f.id], f.id
        f, c = seen[-1]
        v = Violation(finding_id=f.id, capture_id=c.id, platform=c.platform, role=c.role, url=c.url, check=f.check,
                      reason=f.reason, basis=f.basis, first_seen=as_utc(seen[0][1].started_at), last_seen=as_utc(c.started_at),
                      times=len({cap.id for _, cap in seen}), screenshot_sha256=c.screenshot_sha256,
                      evidence_dir=c.evidence_dir, key=key, state="pending",
                      recheck=next((rechecks[g.id] for g, _ in reversed(seen) if g.id in rechecks), None))
        if decision is not None:
            v.state, v.reviewer, v.reviewed_at, v.review_reason = decision.state, decision.reviewer, as_utc(decision.at), decision.reason
            v.inherited_from = decided_on if decided_on != f.id else None
        out.append(v)
    wanted = set(states) if states is not None else set(STATES)
    return sorted((v for v in out if v.state in wanted and (since is None or v.last_seen.astimezone(SHANGHAI).date() >= since)),
                  key=lambda v: (v.platform or "", v.check, v.url, v.finding_id))


def decide(database_url: str, finding_ids: list[int], state: str, reviewer: str, reason: str | None = None) -> list[ReviewRow]:
    """Confirm or dismiss violation findings (a dismissal needs a reason). Deciding again replaces the decision."""
    if state not in ("confirmed", "dismissed"):
        raise ReviewError(f"审核结论只能是 confirmed 或 dismissed，收到：{state}")
    if state == "dismissed" and not (reason or "").strip():
        raise ReviewError("排除违法线索必须写明理由（--reason）")
    if not reviewer.strip():
        raise ReviewError("必须写明审核人（--reviewer 或配置 inspector）")
    with Session(engine_for(database_url), expire_on_commit=False) as session:
        found = {f.id: f for f in session.exec(select(FindingRow).where(FindingRow.id.in_(finding_ids))).all()}
        missing = [str(i) for i in finding_ids if i not in found]
        if missing:
            raise ReviewError(f"找不到检查结论：{', '.join(missing)}")
        not_violation = [str(i) for i in finding_ids if found[i].verdict != "violation"]
        if not_violation:
            raise ReviewError(f"只有“违法”结论需要审核，这些不是：{', '.join(not_violation)}")
        out, now = [], datetime.now(timezone.utc)
        for fid in finding_ids:
            row = session.exec(select(ReviewRow).where(ReviewRow.finding_id == fid)).first() or ReviewRow(finding_id=fid)
            row.state, row.reason, row.reviewer, row.at = state, (reason or None), reviewer, now
            session.add(row)
            out.append(row)
        session.commit()
    return out
