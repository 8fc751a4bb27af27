"""Captures started from the console: run in the server's event loop, polled by the page and the API."""
from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import Session, select

from crawler.capture import CaptureSettings

from ..evidence import new_capture_id
from ..service import Capturer, failed_line, stored_line
from ..settings import Settings
from ..store import CaptureRow, FindingRow, engine_for

MAX_PARALLEL = 4


class CaptureJobs:
    """One warm browser for all console captures; the CLI's line for each, keyed by capture id."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lines: dict[str, dict[str, Any]] = {}
        self.tasks: set[asyncio.Task] = set()
        self._capturers: dict[str, Capturer] = {}  # per inspector (the sealer records who took it), one browser
        self._gate: asyncio.Semaphore | None = None

    def start(self, url: str, role: str | None, platform: dict[str, Any] | None, inspector: str) -> str:
        capture_id = new_capture_id()
        self.lines[capture_id] = {**failed_line(url, None), "status": "pending", "capture_id": capture_id, "role": role}
        task = asyncio.get_running_loop().create_task(self._run(capture_id, url, role, platform, inspector))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return capture_id

    async def _run(self, capture_id: str, url: str, role: str | None, platform: dict[str, Any] | None,
                   inspector: str) -> None:
        self._gate = self._gate or asyncio.Semaphore(MAX_PARALLEL)
        self.lines[capture_id]["status"] = "running"
        try:
            line = await self.capturer(inspector).capture_one(url, role, platform, self._gate, capture_id=capture_id)
        except Exception as e:  # a failed capture is a result to show, never a crashed server
            line = {**failed_line(url, f"取证失败：{str(e).splitlines()[0] if str(e) else type(e).__name__}"),
                    "capture_id": capture_id}
        self.lines[capture_id] = line

    def capturer(self, inspector: str) -> Capturer:
        if inspector not in self._capturers:
            # Public-only unless the installation allows private targets: redirects and embedded requests included.
            c = Capturer(self.settings, CaptureSettings(public_only=not self.settings.allow_private_targets),
                         inspector=inspector)
            if self._capturers:
                c.pool = next(iter(self._capturers.values())).pool
            self._capturers[inspector] = c
        return self._capturers[inspector]

    def get(self, capture_id: str) -> dict[str, Any] | None:
        if capture_id in self.lines:
            return self.lines[capture_id]
        return load_line(self.settings, capture_id)

    async def close(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        if self._capturers:
            await next(iter(self._capturers.values())).close()


def load_line(settings: Settings, capture_id: str) -> dict[str, Any] | None:
    with Session(engine_for(settings.database_url)) as session:
        row = session.get(CaptureRow, capture_id)
        if row is None:
            return None
        return stored_line(row, list(session.exec(select(FindingRow).where(FindingRow.capture_id == capture_id)).all()))
