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

from .store import CaptureRow, FindingRow, engine_for, history_for

SEVERITY = ["not_applicable", "compliant", "inconclusive", "violation"]


def page_verdicts(findings: list[dict[str, Any]]) -> dict[str, str]:
    """One verdict per check for a page: any violation makes the page a violation, and so on down."""
    out: dict[str, str] = {}
    for f in findings:
        if f["check"] not in out or SEVERITY.index(f["verdict"]) > SEVERITY.index(out[f["check"]]):
            out[f["check"]] = f["verdict"]
    return out


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
            session.exec(delete(FindingRow).where(FindingRow.capture_id == row.id))
            session.add_all(FindingRow(capture_id=row.id, **f) for f in new)
        session.commit()
    return changes, len(rows), judging
