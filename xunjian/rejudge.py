"""Re-judge stored captures with the current checks, without a browser: the sealed evidence stays as it was, the
database's findings are replaced, and the verdicts that changed are listed."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, delete, select

from checks import CHECK_IDS, Context, judge_all

from .review import violation_key
from .store import CaptureRow, FindingRow, RecheckRow, ReviewRow, engine_for, history_for

SEVERITY = ["not_applicable", "compliant", "inconclusive", "violation"]


def page_verdicts(findings: list[dict[str, Any]]) -> dict[str, str]:
    """One verdict per check for a page: any violation makes the page a violation, and so on down."""
    out: dict[str, str] = {}
    for f in findings:
        if f["check"] not in out or SEVERITY.index(f["verdict"]) > SEVERITY.index(out[f["check"]]):
            out[f["check"]] = f["verdict"]
    return out


def replace_findings(session: Session, capture: CaptureRow, new: list[FindingRow]) -> None:
    """Swap a capture's findings; reviews and rechecks follow the violation they were about (same key) to its new
    finding, and go only when the violation is no longer found."""
    old = session.exec(select(FindingRow).where(FindingRow.capture_id == capture.id)).all()
    key = lambda f: violation_key(capture.platform, f.check, capture.url, f.elements, f.reason)  # noqa: E731
    old_keys = {f.id: key(f) for f in old}
    attached = [r for model in (ReviewRow, RecheckRow)
                for r in session.exec(select(model).where(model.finding_id.in_(list(old_keys)))).all()]
    for r in attached:
        session.delete(r)
    session.flush()
    session.exec(delete(FindingRow).where(FindingRow.capture_id == capture.id))
    session.add_all(new)
    session.flush()
    by_key = {key(f): f.id for f in new if f.verdict == "violation"}
    for r in attached:
        target = by_key.get(old_keys[r.finding_id])
        if target is not None:
            session.add(type(r)(**{**r.model_dump(exclude={"id"}), "finding_id": target}))


@dataclass
class Change:
    capture_id: str
    url: str
    check: str
    before: str | None
    after: str | None


def rejudge(database_url: str, platforms: dict[str, dict[str, Any]], capture_ids: list[str] | None) -> tuple[list[Change], int, float]:
    """Returns the changes, the number of pages judged and the seconds spent judging (reading facts excluded)."""
    engine = engine_for(database_url)
    with Session(engine) as session:
        query = select(CaptureRow).where(CaptureRow.status == "ok")
        if capture_ids:
            query = query.where(CaptureRow.id.in_(capture_ids))
        rows = session.exec(query.order_by(CaptureRow.started_at)).all()
        if capture_ids:
            missing = sorted(set(capture_ids) - {r.id for r in rows})
            if missing:
                raise LookupError(f"找不到成功的取证记录：{', '.join(missing)}")
        changes: list[Change] = []
        judging = 0.0
        for row in rows:
            facts_file = Path(row.evidence_dir or "") / "facts.json"
            if not facts_file.exists():
                continue
            facts = json.loads(facts_file.read_text(encoding="utf-8"))
            old = [{"check": f.check, "verdict": f.verdict} for f in
                   session.exec(select(FindingRow).where(FindingRow.capture_id == row.id)).all()]
            context = Context(role=row.role, platform=platforms.get(row.platform or ""),
                              history=history_for(database_url, row.url, before=row.started_at))
            t = time.perf_counter()
            new = [f.to_dict() for f in judge_all(facts, context)]
            judging += time.perf_counter() - t
            before, after = page_verdicts(old), page_verdicts(new)
            changes += [Change(row.id, row.url, c, before.get(c), after.get(c)) for c in CHECK_IDS if before.get(c) != after.get(c)]
            replace_findings(session, row, [FindingRow(capture_id=row.id, **f) for f in new])
        session.commit()
    return changes, len(rows), judging
