"""The audit log: every capture, review, export and sweep started through the console."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import Session, select

from ..store import AuditRow, engine_for

ACTION_LABELS = {"login": "登录", "capture": "取证", "review": "审核", "export": "导出", "bundle": "导出证据包",
                 "sweep": "立即巡检", "download": "下载", "login_failed": "登录失败"}


def record(database_url: str, user: str, action: str, target: str = "", detail: str = "") -> None:
    with Session(engine_for(database_url)) as session:
        session.add(AuditRow(at=datetime.now(timezone.utc), user=user, action=action, target=target[:500],
                             detail=detail[:2000]))
        session.commit()


def review_detail(state: str, reason: str | None) -> str:
    return ("确认违法" if state == "confirmed" else "排除") + (f"：{reason}" if reason else "")


def recent(database_url: str, limit: int = 500) -> list[AuditRow]:
    with Session(engine_for(database_url)) as session:
        return list(session.exec(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)).all())
