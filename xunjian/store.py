"""Database tables (SQLModel): SQLite file by default, PostgreSQL through DATABASE_URL."""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlmodel import Field, Session, SQLModel, create_engine, select

from .evidence import SHANGHAI, as_utc


class CaptureRow(SQLModel, table=True):
    __tablename__ = "capture"
    id: str = Field(primary_key=True)
    url: str
    final_url: str | None = None
    status: str
    partial: bool = False
    http_status: int | None = None
    error: str | None = None
    role: str | None = Field(default=None, index=True)
    platform: str | None = Field(default=None, index=True)
    evidence_dir: str | None = None
    manifest_sha256: str | None = None
    screenshot_sha256: str | None = None
    inspector: str | None = None
    started_at: datetime
    ended_at: datetime
    timings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class FindingRow(SQLModel, table=True):
    __tablename__ = "finding"
    id: int | None = Field(default=None, primary_key=True)
    capture_id: str = Field(foreign_key="capture.id", index=True)
    check: str = Field(index=True)
    verdict: str = Field(index=True)
    reason: str
    basis: str
    elements: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class SweepRow(SQLModel, table=True):
    __tablename__ = "sweep"
    id: str = Field(primary_key=True)
    platform: str = Field(index=True)
    status: str = "running"          # running | done | interrupted
    started_at: datetime
    ended_at: datetime | None = None
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    pages: int = 0
    failed: int = 0
    violations: int = 0
    new: int = 0
    persisting: int = 0
    resolved: int = 0
    diff: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class SweepPageRow(SQLModel, table=True):
    __tablename__ = "sweep_page"
    __table_args__ = (UniqueConstraint("sweep_id", "url"),)  # a page is captured once per sweep, whoever took it
    id: int | None = Field(default=None, primary_key=True)
    sweep_id: str = Field(foreign_key="sweep.id", index=True)
    url: str
    role: str | None = None
    capture_id: str | None = Field(default=None, foreign_key="capture.id")
    status: str
    links: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class ReviewRow(SQLModel, table=True):
    """An inspector's decision on a violation finding (no row: pending)."""
    __tablename__ = "review"
    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", unique=True, index=True)
    state: str                       # confirmed | dismissed
    reason: str | None = None
    reviewer: str
    at: datetime


class RecheckRow(SQLModel, table=True):
    """A rectification recheck of a confirmed violation: the new capture and what it showed."""
    __tablename__ = "recheck"
    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", index=True)
    capture_id: str | None = Field(default=None, foreign_key="capture.id")
    outcome: str                     # rectified | still_violating | page_gone | failed
    detail: str
    at: datetime



class UserRow(SQLModel, table=True):
    """A console account; the password only as an argon2 hash."""
    __tablename__ = "console_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    password_hash: str
    role: str                        # inspector | admin
    created_at: datetime


class AuditRow(SQLModel, table=True):
    """Who did what through the console, and when: captures, reviews, exports, sweeps, logins."""
    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    user: str = Field(index=True)
    action: str
    target: str = ""
    detail: str = ""

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    with _engines_lock:
        if url not in _engines:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
            try:
                SQLModel.metadata.create_all(engine)
            except DatabaseError:  # another process created the tables between the check and the create
                SQLModel.metadata.create_all(engine)
            _engines[url] = engine
        return _engines[url]


def save_capture(url: str, capture: CaptureRow, findings: list[FindingRow], extra: list[SQLModel] = ()) -> None:
    """One transaction: the capture row, its findings and what refers to it (a sweep's page) land together or not
    at all."""
    with Session(engine_for(url)) as session:
        session.add(capture)
        session.flush()
        for row in [*findings, *extra]:
            session.add(row)
        session.commit()


def history_for(url: str, page_url: str, before: datetime | None = None) -> dict[str, Any]:
    """What earlier captures of this page saw that a judge may need: the first sighting of a termination notice."""
    with Session(engine_for(url)) as session:
        query = (select(CaptureRow.started_at).join(FindingRow, FindingRow.capture_id == CaptureRow.id)
                 .where(FindingRow.check == "termination_notice", FindingRow.verdict != "not_applicable",
                        CaptureRow.url == page_url))
        if before is not None:
            query = query.where(CaptureRow.started_at < before)
        row = session.exec(query.order_by(CaptureRow.started_at).limit(1)).first()
    if row is None:
        return {}
    return {"termination_first_seen": as_utc(row).astimezone(SHANGHAI).date().isoformat()}
